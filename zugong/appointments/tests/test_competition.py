"""公开选拔、竞争上岗 (D2): the announcement's window, registrations and 资格审查, the weights and the 综合成绩, the
ranking with ties shared, the panel, scores typed or imported (all rows or none, each bad row named), and
确定考察对象 taking the top of the ranking — refused while the ranking is incomplete or too few passed."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tests.concurrency import at_once, failures, needs_postgres
from zugong.appointments import competition, ranking, services
from zugong.appointments.models import (
    CaseCandidate,
    CaseStep,
    Notice,
    PanelMember,
    Registration,
    SelectionCase,
    StepRefusal,
)
from zugong.appointments.tests.conftest import open_case
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent

K = CaseStep.Kind
D = Decimal
pytestmark = pytest.mark.django_db
CHOSEN_ON = dt.date(2026, 7, 1)


def announce(actor, case, **extra):
    args = {"text": "东风镇镇长公开选拔公告", "qualifications": "现任副科级领导职务满两年", "phone": "0791-12380",
            "publish_on": dt.date(2026, 6, 5), "registration_starts_on": dt.date(2026, 6, 5),
            "registration_ends_on": dt.date(2026, 6, 15)}
    return competition.announce(actor, case, **(args | extra))


def outsider(actor, case, post, name, day=dt.date(2026, 6, 10)):
    return competition.register(actor, case, position=post, registered_on=day, name=name, unit="外县某局",
                                post="副局长", birth=dt.date(1985, 3, 1), education="大学本科")


@pytest.fixture
def open_selection(county, department_admin, setup):
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    announce(department_admin, case)
    return case


def passed(actor, registration):
    return competition.review(actor, registration, passed=True, reviewed_on=dt.date(2026, 6, 16))


def test_the_total_rounds_half_up_and_the_weights_must_sum_to_100(county, department_admin, setup):
    assert ranking.total(D("80"), D("90"), D(40), D(60)) == D("86.00")
    assert ranking.total(D("70.05"), D("0"), D(50), D(50)) == D("35.03")  # 35.025: half up, not to even
    assert ranking.total(D("70"), None, D(40), D(60)) is None
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    with pytest.raises(DomainError) as refused:
        announce(department_admin, case, written_weight=D(40), interview_weight=D(50))
    assert refused.value.message == "笔试权重40%与面试权重50%之和为90%，两项权重之和须为100%"
    assert not Notice.objects.filter(case=case).exists()


def test_ties_share_a_rank_and_a_panel_drops_the_highest_and_lowest_from_five_judges():
    assert ranking.ranks([D(90), D(85), D(85), D(80)]) == [1, 2, 2, 4]
    assert ranking.ranks([D(70), D(95), D(70)]) == [2, 1, 2]
    assert ranking.panel_score([D(90), D(60), D(80), D(85), D(99)], 5) == D("85.00")  # (90+80+85)/3
    assert ranking.panel_score([D(90), D(60), D(80), D(85)], 5) == D("78.75")  # four judges: all kept


def test_the_announcement_sets_the_policies_and_is_a_notice_the_portal_lists(open_selection):
    found = open_selection.competition
    assert (found.per_post, found.written_weight, found.interview_weight) == (2, D(40), D(60))
    assert found.notice.kind == Notice.Kind.ANNOUNCEMENT and found.notice.ends_on == dt.date(2026, 6, 15)


def test_registration_only_between_the_announcements_dates(open_selection, department_admin, setup):
    with pytest.raises(DomainError) as early:
        outsider(department_admin, open_selection, setup.post, "钱early", dt.date(2026, 6, 4))
    assert early.value.message == ("报名时间为2026年6月5日至2026年6月15日，2026年6月4日尚未开始报名，"
                                   "最早可于2026年6月5日报名")
    with pytest.raises(DomainError) as late:
        outsider(department_admin, open_selection, setup.post, "钱late", dt.date(2026, 6, 16))
    assert late.value.message == "报名时间为2026年6月5日至2026年6月15日，报名已于2026年6月15日截止"
    services.withdraw_notice(department_admin, open_selection.competition.notice, dt.date(2026, 6, 8))
    with pytest.raises(DomainError) as withdrawn:
        outsider(department_admin, open_selection, setup.post, "钱withdrawn", dt.date(2026, 6, 9))
    assert withdrawn.value.message == "公开选拔公告已于2026年6月8日撤下，不再接受报名"
    assert not Registration.objects.exists()


def test_a_cadre_is_checked_against_the_promotion_rules_and_the_review_is_decided_once(
        open_selection, department_admin, setup):
    fresh = competition.register(department_admin, open_selection, position=setup.post, cadre=setup.fresh,
                                 registered_on=dt.date(2026, 6, 8))
    assert fresh.name == "赵新" and fresh.failed_rules
    with pytest.raises(DomainError) as refused:
        passed(department_admin, fresh)
    assert refused.value.message.startswith("赵新不符合任职资格：") and "不能审查通过" in refused.value.message
    competition.review(department_admin, fresh, passed=False, reviewed_on=dt.date(2026, 6, 16), reason="任副职不满两年")
    with pytest.raises(DomainError) as again:
        passed(department_admin, fresh)
    assert again.value.message == "赵新已于2026年6月16日审查为「资格审查未通过」（可能是他人刚刚审查），未作更改"
    fresh.refresh_from_db()
    assert (fresh.review, fresh.review_reason) == (Registration.Review.FAILED, "任副职不满两年")
    with pytest.raises(DomainError) as named:
        services.name_candidate(department_admin, open_selection, setup.seasoned, setup.post, dt.date(2026, 6, 8))
    assert named.value.message == "公开选拔、竞争上岗的人选来自报名：考察对象按综合成绩排名确定，不单独提名"


def test_scores_for_a_list_are_saved_all_or_none_with_every_bad_row_named(open_selection, department_admin, setup):
    first = passed(department_admin, outsider(department_admin, open_selection, setup.post, "孙一"))
    pending = outsider(department_admin, open_selection, setup.post, "孙二")
    rows = [competition.ScoreRow(first.pk, D("80"), D("90")), competition.ScoreRow(pending.pk, D("70"), None),
            competition.ScoreRow(999999, D("70"), D("70"))]
    with pytest.raises(DomainError) as refused:
        competition.record_scores(department_admin, open_selection, rows)
    assert refused.value.message == ("成绩未保存（全部行均未保存），请改正后重新提交：孙二：孙二待审查，不能登记成绩；"
                                     "报名序号999999：报名序号999999不是本次公开选拔的报名")
    first.refresh_from_db()
    assert first.written is None and first.interview is None
    assert competition.record_scores(department_admin, open_selection, rows[:1]) == 1
    first.refresh_from_db()
    assert (first.written, first.interview) == (D("80.00"), D("90.00"))


def _workbook(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["报名序号", "姓名", "笔试成绩", "面试成绩"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_score_workbook_is_checked_then_applied_all_or_none_naming_each_row_and_column(open_selection, department_admin, setup):
    one = passed(department_admin, outsider(department_admin, open_selection, setup.post, "周一"))
    two = passed(department_admin, outsider(department_admin, open_selection, setup.post, "周二"))
    bad = _workbook([[one.pk, "周一", 80, 90], [two.pk, "周二", "八十", 120], [two.pk, "别人", 80.123, 70],
                     [999999, "无名", 80, 80]])
    found = competition.import_scores(department_admin, open_selection, bad, apply=True)
    assert not found.applied and found.errors == [
        ("第3行", "笔试成绩", "应为数字，实为「八十」"), ("第3行", "面试成绩", "须在0至100之间，实为120"),
        ("第4行", "笔试成绩", "最多保留两位小数，实为80.123")]
    bad.seek(0)
    fixed = _workbook([[one.pk, "周一", 80, 90], [two.pk, "别人", 80, 70], [999999, "无名", 80, 80]])
    found = competition.import_scores(department_admin, open_selection, fixed, apply=True)
    assert not found.applied and found.errors == [("第3行", "姓名", f"报名序号{two.pk}是周二，不是别人"),
                                                  ("第4行", "报名序号", "报名序号999999不是本次公开选拔的报名")]
    assert not Registration.objects.filter(written__isnull=False).exists()
    good = _workbook([[one.pk, "周一", 80, 90], [two.pk, "周二", 85.5, 70]])
    checked = competition.import_scores(department_admin, open_selection, good, apply=False)
    assert (checked.rows, checked.errors, checked.applied) == (2, [], False)
    assert not Registration.objects.filter(written__isnull=False).exists()  # checked only
    good.seek(0)
    assert competition.import_scores(department_admin, open_selection, good, apply=True).applied
    # The ranking's export reads back unchanged: its own columns are the import's.
    exported = competition.ranking_workbook(open_selection)
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in sheet[1]][:9] == competition.COLUMNS
    assert [c.value for c in sheet[2]][:3] == [1, one.pk, "周一"] and sheet[2][8].value == 86
    assert [c.value for c in sheet[3]][8] == 76.2  # 85.5×40% + 70×60%
    again = competition.import_scores(department_admin, open_selection, io.BytesIO(exported), apply=True)
    assert again.applied and again.rows == 2
    two.refresh_from_db()
    assert (two.written, two.interview) == (D("85.50"), D("70.00"))


def test_the_panel_scores_the_interview(open_selection, department_admin, setup):
    one = passed(department_admin, outsider(department_admin, open_selection, setup.post, "吴一"))
    members = [competition.add_panel_member(department_admin, open_selection, name=name, kind=kind)
               for name, kind in [("甲", "leader"), ("乙", "party_delegate"), ("丙", "npc_deputy"),
                                  ("丁", "cppcc_member"), ("戊", "public")]]
    with pytest.raises(DomainError) as missing:
        competition.record_panel_scores(department_admin, one, {members[0].pk: D(90)})
    assert missing.value.message == "评分未保存：评委乙、丙、丁、戊尚未评分（须全体评委评分）"
    scores = dict(zip([m.pk for m in members], [D(90), D(60), D(80), D(85), D(99)], strict=True))
    competition.record_panel_scores(department_admin, one, scores)
    one.refresh_from_db()
    assert one.interview == D("85.00") and one.panel_scores.count() == 5
    assert PanelMember.objects.filter(case=open_selection).count() == 5


def _scored(actor, case, post, name, written, interview):
    registration = passed(actor, outsider(actor, case, post, name))
    competition.record_scores(actor, case, [competition.ScoreRow(registration.pk, D(written), D(interview))])
    return registration


def test_choosing_refused_until_the_ranking_is_complete_and_enough_passed(open_selection, department_admin, setup):
    def choose():
        return services.record_step(department_admin, open_selection, K.CANDIDATES_CHOSEN, CHOSEN_ON)

    _scored(department_admin, open_selection, setup.post, "郑一", 80, 80)
    with pytest.raises(DomainError) as few:
        choose()
    assert few.value.message.startswith("「东风镇镇长」通过资格审查的只有1人，少于差额考察所需的2人（每个职位2名考察对象，")
    unscored = passed(department_admin, outsider(department_admin, open_selection, setup.post, "郑二"))
    with pytest.raises(DomainError) as incomplete:
        choose()
    assert incomplete.value.message == "「东风镇镇长」通过资格审查的郑二尚无笔试或面试成绩，排名未完成，不能确定考察对象"
    assert StepRefusal.objects.filter(case=open_selection, kind=K.CANDIDATES_CHOSEN).count() == 2
    assert not CaseCandidate.objects.exists()
    competition.record_scores(department_admin, open_selection, [competition.ScoreRow(unscored.pk, D(90), D(90))])
    cadre = competition.register(department_admin, open_selection, position=setup.post, cadre=setup.seasoned,
                                 registered_on=dt.date(2026, 6, 9))
    passed(department_admin, cadre)
    competition.record_scores(department_admin, open_selection, [competition.ScoreRow(cadre.pk, D(70), D(70))])
    choose()
    chosen = list(open_selection.candidates.order_by("name"))
    assert [(c.name, c.cadre_id, c.chosen) for c in chosen] == [("郑一", None, True), ("郑二", None, True)]
    assert Registration.objects.get(pk=unscored.pk).candidate == next(c for c in chosen if c.name == "郑二")
    assert AuditEvent.objects.filter(message__contains="郑二综合成绩90.00，第1名").exists()
    with pytest.raises(DomainError) as closed:
        competition.record_scores(department_admin, open_selection, [competition.ScoreRow(cadre.pk, D(99), D(99))])
    assert closed.value.message == "考察对象已经确定，报名、资格审查和成绩不能再更改"


def test_a_tie_at_the_last_place_carries_both(open_selection, department_admin, setup):
    for name, written, interview in [("冯一", 90, 90), ("冯二", 80, 80), ("冯三", 80, 80), ("冯四", 60, 60)]:
        _scored(department_admin, open_selection, setup.post, name, written, interview)
    services.record_step(department_admin, open_selection, K.CANDIDATES_CHOSEN, CHOSEN_ON)
    assert sorted(open_selection.candidates.values_list("name", flat=True)) == ["冯一", "冯三", "冯二"]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviews_at_once_one_wins(county, department_admin, setup):
    from django.db import close_old_connections  # noqa: PLC0415

    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    announce(department_admin, case)
    registration = outsider(department_admin, case, setup.post, "陈并发")

    def decide(ok):
        def run():
            try:
                return competition.review(department_admin, Registration.objects.get(pk=registration.pk), passed=ok,
                                          reviewed_on=dt.date(2026, 6, 16), reason="" if ok else "学历不符")
            finally:
                close_old_connections()
        return run

    lost = failures(at_once(decide(True), decide(False)))
    assert len(lost) == 1 and "审查为" in lost[0].message and lost[0].message.endswith("未作更改")
    assert AuditEvent.objects.filter(message__startswith="陈并发资格审查").count() == 1


def test_the_demo_open_selection_goes_from_announcement_to_the_top_in_inspection(county, department_admin, setup):
    from zugong.appointments import demo  # noqa: PLC0415

    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    demo._open_selection(department_admin, case, setup.post, setup.seasoned, dt.date(2026, 6, 1), dt.date(2026, 11, 20))
    reviews = list(case.registrations.values_list("review", flat=True))
    assert len(reviews) == 30 and reviews.count("passed") == 26 and reviews.count("failed") == 4
    assert case.panel.count() == 7 and not case.registrations.filter(review="passed", interview__isnull=True).exists()
    (_post, ranked), = ranking.post_rankings(case)
    assert [r.rank for r in ranked[:2]] == [1, 2] and ranked[2].rank <= 3
    chosen = case.candidates.filter(chosen=True)
    assert sorted(chosen.values_list("registration__pk", flat=True)) == sorted(r.registration.pk for r in ranked[:2])
    assert case.steps.filter(kind=K.CANDIDATES_CHOSEN, done_on=dt.date(2026, 6, 16)).exists()
