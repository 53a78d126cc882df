"""The procedure from 动议 to the end of probation: every transition, and every refusal with its exact message."""

import datetime as dt

import pytest

from zugong.appointments import services, workdays
from zugong.appointments.models import (
    CaseStep,
    KeyPost,
    Notice,
    ProbationReview,
    SelectionCase,
    StepRefusal,
)
from zugong.appointments.tests.conftest import DATES, make_cadre, open_case, take, walk
from zugong.appointments.voting import counted_paper_vote, open_vote
from zugong.cadres import supervision
from zugong.cadres.models import PersonalMattersReport, Tenure
from zugong.core.access import DomainError

K = CaseStep.Kind
pytestmark = pytest.mark.django_db


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    return info.value.message


def test_a_whole_case_from_motion_to_probation_review(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.APPOINTMENT)
    assert candidate.recommended and str(candidate.vote_share) == "72.73"
    assert candidate.chosen and candidate.decided
    notice = case.notices.get(kind=Notice.Kind.PRE_APPOINTMENT)
    # 2026-09-30 + the National Day holiday and the make-up Saturday 10-10: the fifth working day is 10-12.
    assert notice.ends_on == dt.date(2026, 10, 12) and notice.calendar_note == ""
    message = refused(take, department_admin, case, K.APPOINTMENT, candidate, day=dt.date(2026, 10, 12))
    assert message == ("「任职」须任前公示不少于5个工作日，公示期满后方可办理任职（《党政领导干部选拔任用工作条例》（2014）第四十一条；"
                       "2019年条例第四十八条（公示期不少于5个工作日）），最早可于2026年10月13日办理")
    take(department_admin, case, K.APPOINTMENT, candidate)
    candidate.refresh_from_db()
    case.refresh_from_db()
    assert candidate.appointed and candidate.tenure.position == setup.post
    old = Tenure.objects.get(cadre=setup.seasoned, position__title="李明原任副镇长")
    assert old.ended_on == dt.date(2026, 10, 12)
    assert case.status == SelectionCase.Status.PROBATION and case.stage == K.REVIEW
    review = ProbationReview.objects.get(candidate=candidate)
    assert review.ends_on == dt.date(2027, 10, 13)
    message = refused(services.record_step, department_admin, case, K.REVIEW, dt.date(2026, 11, 20),
                      candidate=candidate, result="confirmed")
    assert message == ("「试用期满考核」须试用期12个月，期满后进行考核（《党政领导干部选拔任用工作条例》（2014）第四十二条（非选举产生的职务试用期为一年）；"
                       "本市做法：2023年全市提高组织工作满意度座谈会讲话（新提拔的科级领导干部实行为期一年的试用期制度））"
                       "，最早可于2027年10月13日办理")
    assert StepRefusal.objects.filter(case=case, kind=K.REVIEW).count() == 1


def test_steps_out_of_order_or_twice_are_refused(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = services.name_candidate(department_admin, case, setup.seasoned, setup.post, DATES[K.MOTION])
    assert refused(take, department_admin, case, K.CANDIDATES_CHOSEN, candidate) == (
        "「确定考察对象」是第4步，须先完成第2步「谈话调研推荐」")
    take(department_admin, case, K.MEETING_RECOMMENDATION, candidate)  # a single promotion: either first
    assert refused(take, department_admin, case, K.MEETING_RECOMMENDATION, candidate) == (
        "「会议推荐」已于2026年6月12日办理，不能重复办理")
    assert refused(take, department_admin, case, K.TALK_RECOMMENDATION, candidate, day=dt.date(2026, 5, 1)) == (
        "「谈话调研推荐」不能早于上一步「动议」的日期（2026年6月1日），最早可于2026年6月1日办理")
    assert refused(take, department_admin, case, K.TALK_RECOMMENDATION, candidate, day=dt.date(2026, 11, 21)) == (
        "「谈话调研推荐」的办理日期不能晚于今天")


def test_a_general_election_takes_the_talk_research_recommendation_first(county, department_admin, setup):
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.GENERAL)
    candidate = services.name_candidate(department_admin, case, setup.seasoned, setup.post, DATES[K.MOTION])
    assert refused(take, department_admin, case, K.MEETING_RECOMMENDATION, candidate) == (
        "「会议推荐」是第3步，须先完成第2步「谈话调研推荐」")


def test_the_motion_needs_the_plan(county, department_admin, setup):
    assert refused(services.open_case, department_admin, title="东风镇镇长人选", kind="promotion", unit=county.township,
                   positions=[setup.post], motion_on=DATES[K.MOTION]) == (
        "「动议」须上传选拔任用工作方案（部务会研究通过）")
    assert not SelectionCase.objects.exists()


def test_only_recommended_candidates_with_the_vote_share_go_to_inspection(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    other = make_cadre(county.township, "孙强", dt.date(2017, 1, 1))
    first = services.name_candidate(department_admin, case, setup.seasoned, setup.post, DATES[K.MOTION])
    second = services.name_candidate(department_admin, case, other, setup.post, DATES[K.MOTION])
    take(department_admin, case, K.TALK_RECOMMENDATION, first, recommended=[first])
    ballot = counted_paper_vote(department_admin, case, "meeting_recommendation", [first], entitled=60, present=50,
                                yes=[24], held_on=DATES[K.MEETING_RECOMMENDATION])
    take(department_admin, case, K.MEETING_RECOMMENDATION, first, ballot=ballot)
    assert refused(take, department_admin, case, K.CANDIDATES_CHOSEN, first, chosen=[second]) == (
        "孙强未经民主推荐，不能列为考察对象（“逢提必荐”，《党政领导干部选拔任用工作条例》（2019）第十七条）")
    assert refused(take, department_admin, case, K.CANDIDATES_CHOSEN, first, chosen=[first]) == (
        "李明会议推荐得票率48.00%，低于50%，不能列为考察对象（《党政领导干部选拔任用工作条例》（2019）第二十二条（不简单以票取人）；"
        "本市做法：2023年全市提高组织工作满意度座谈会讲话（提拔的干部得票率一般都在50%以上））")
    assert StepRefusal.objects.filter(case=case, kind=K.CANDIDATES_CHOSEN).count() == 2


def test_a_recommendation_older_than_a_year_is_refused(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.CANDIDATES_CHOSEN)
    # the clock is 2026-11-20; pretend the recommendations were 2025
    CaseStep.objects.filter(case=case, kind__in=[K.TALK_RECOMMENDATION, K.MEETING_RECOMMENDATION]).update(
        done_on=dt.date(2025, 6, 1))
    CaseStep.objects.filter(case=case, kind=K.MOTION).update(done_on=dt.date(2025, 5, 1))
    assert refused(take, department_admin, case, K.CANDIDATES_CHOSEN, candidate, day=dt.date(2026, 6, 2)) == (
        "「确定考察对象」已超过期限：民主推荐结果12个月内有效，逾期须重新推荐（《党政领导干部选拔任用工作条例》（2019）"
        "（民主推荐结果一般在一年内有效）），最迟应于2026年6月1日办理")


def test_inspection_needs_the_notice_the_talks_and_the_materials(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, "inspection_notice")
    assert refused(take, department_admin, case, K.INSPECTION, candidate) == (
        "「考察」前须发布考察预告（《党政领导干部选拔任用工作条例》（2019）第二十七条），请先发布考察预告")
    take(department_admin, case, "inspection_notice", candidate)
    assert refused(take, department_admin, case, K.INSPECTION, candidate, document=None) == "「考察」须上传考察材料"
    assert refused(take, department_admin, case, K.INSPECTION, candidate, talks=None) == (
        "「考察」须登记个别谈话人数（《党政领导干部选拔任用工作条例》（2019）第二十九条：考察应当进行个别谈话）")


def test_deliberation_needs_all_four_opinions_and_an_unfavourable_one_holds(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, "opinions")
    services.record_opinion(department_admin, case, source="discipline", received_on=DATES["opinions"],
                            favourable=True)
    assert refused(take, department_admin, case, K.DELIBERATION, candidate) == (
        "「酝酿（部务会）」须听取纪检监察机关等意见（《党政领导干部选拔任用工作条例》（2019）第三十一条），尚未收到：政法、信访、审计")
    for source in ("politics_law", "audit"):
        services.record_opinion(department_admin, case, source=source, received_on=DATES["opinions"], favourable=True)
    petition = services.record_opinion(department_admin, case, source="petition", received_on=DATES["opinions"],
                                       favourable=False, content="群众来信反映违规操办宴席", candidate=candidate)
    take(department_admin, case, K.DELIBERATION, candidate)
    assert refused(take, department_admin, case, K.DECISION, candidate) == (
        "暂缓办理「讨论决定」：李明：信访反映问题尚未查清（群众来信反映违规操办宴席）（《党政领导干部选拔任用工作条例》第三十一条"
        "（酝酿时听取纪检监察机关意见））；问题查清、解除暂缓后方可办理")
    services.resolve_opinion(department_admin, petition, resolved_on=dt.date(2026, 7, 12), resolution="经核查不属实")
    take(department_admin, case, K.DECISION, candidate)


def test_a_personal_report_under_check_and_a_manual_hold_hold_the_case(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.DECISION)
    PersonalMattersReport.objects.create(cadre=setup.seasoned, year=2025, submitted_on=dt.date(2026, 1, 20),
                                         spot_check="minor_omission", spot_checked_on=dt.date(2026, 7, 1))
    assert refused(take, department_admin, case, K.DECISION, candidate).startswith(
        "暂缓办理「讨论决定」：李明2025年度个人有关事项报告抽查为「漏报（情节较轻）」，尚在核查处理中")
    report = PersonalMattersReport.objects.get()
    supervision.record_spot_check(department_admin, report, result="checking", checked_on=dt.date(2026, 7, 13))
    assert refused(take, department_admin, case, K.DECISION, candidate).startswith(  # 凡提必查: a check still open
        "暂缓办理「讨论决定」：李明2025年度个人有关事项报告正在查核，结果未出")
    supervision.record_spot_check(department_admin, report, result="consistent", checked_on=dt.date(2026, 7, 13))
    hold = services.place_hold(department_admin, case, reason="12380来电反映问题待核", placed_on=dt.date(2026, 7, 14))
    assert refused(take, department_admin, case, K.DECISION, candidate) == (
        "暂缓办理「讨论决定」：12380来电反映问题待核（2026-07-14决定暂缓）；问题查清、解除暂缓后方可办理")
    services.lift_hold(department_admin, hold, lifted_on=dt.date(2026, 7, 15), reason="核查不属实")
    take(department_admin, case, K.DECISION, candidate)


def test_the_decision_needs_a_quorum_and_more_than_half_of_the_members_due(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.DECISION)
    thin = counted_paper_vote(department_admin, case, "decision", [candidate], entitled=11, present=7, yes=[7],
                              held_on=DATES[K.DECISION])
    assert refused(take, department_admin, case, K.DECISION, candidate, ballot=thin) == (
        "常委会应到会成员11人，实到7人，不足2/3，不能讨论决定干部任免（《党政领导干部选拔任用工作条例》（2019）第四十五条"
        "（讨论决定干部任免：必须有三分之二以上成员到会，以超过应到会成员半数同意形成决定））")
    failed = counted_paper_vote(department_admin, case, "decision", [candidate], entitled=11, present=10, yes=[5],
                                held_on=DATES[K.DECISION])
    assert refused(take, department_admin, case, K.DECISION, candidate, ballot=failed) == (
        "表决未通过：同意5票，未超过应到会成员11人的1/2（《党政领导干部选拔任用工作条例》（2019）第四十五条"
        "（讨论决定干部任免：必须有三分之二以上成员到会，以超过应到会成员半数同意形成决定））")
    unopened = open_vote(department_admin, case, "decision", [candidate], entitled=11, held_on=DATES[K.DECISION])
    assert refused(take, department_admin, case, K.DECISION, candidate, ballot=unopened) == (
        "表决票「东风镇镇长人选（常委会讨论决定）」尚未结束计票，不能据以登记")
    KeyPost.objects.create(position=setup.post)
    assert StepRefusal.objects.filter(case=case, kind=K.DECISION).count() == 2
    take(department_admin, case, K.DECISION, candidate)
    assert case.steps.get(kind=K.DECISION).number == "全委会票决"


def test_the_decision_is_kept_to_the_county_scope(county, department_admin, township_operator, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.DECISION)
    assert refused(take, township_operator, case, K.DECISION, candidate) == "您无权在该单位范围内办理选拔任用"


def test_a_failed_qualification_blocks_unless_the_exceptional_approval_is_recorded(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    assert refused(services.name_candidate, department_admin, case, setup.fresh, setup.post, DATES[K.MOTION]) == (
        "赵新不符合任职资格：任副职年限：任乡科级副职0年4个月，要求2年以上（《党政领导干部选拔任用工作条例》（2019）"
        "第八条：提任正职应在副职岗位工作2年以上）。"
        "如确需破格提拔，请先登记破格提拔的批准")
    services.record_exceptional_approval(department_admin, case, approved_on=dt.date(2026, 5, 20),
                                         document="市委组织部〔2026〕3号", reason="脱贫攻坚一线实绩突出")
    candidate = services.name_candidate(department_admin, case, setup.fresh, setup.post, DATES[K.MOTION])
    assert candidate.failed_rules[0]["rule"] == "任副职年限"


def test_the_notice_counts_monday_to_friday_for_a_year_without_holiday_data():
    period = workdays.count_from(dt.date(2026, 12, 28), 5)
    assert period.end == dt.date(2027, 1, 1)
    assert period.note == ("2027年的法定节假日安排尚未收录（chinese_calendar），按周一至周五计算工作日，"
                           "请核对国务院放假通知")
    assert workdays.count_from(dt.date(2026, 9, 30), 5).note == ""


def test_an_exchange_has_no_recommendation_notice_or_probation(county, department_admin, setup):
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.EXCHANGE)
    candidate = services.name_candidate(department_admin, case, setup.seasoned, setup.post, DATES[K.MOTION])
    assert refused(take, department_admin, case, K.MEETING_RECOMMENDATION, candidate) == (
        "交流任职不经过「会议推荐」这一步")
    take(department_admin, case, K.CANDIDATES_CHOSEN, candidate)
    assert case.candidates.get().chosen
