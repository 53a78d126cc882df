"""Member development: each of the 25 steps, every refusal with its exact message, probation, policy changes."""

import datetime as dt

import pytest
import time_machine

from tests.fixtures import _child
from zugong.accounts.models import User
from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value
from zugong.development import services
from zugong.development.models import BranchVote, DevelopmentCase, DevelopmentStep, StepRefusal
from zugong.development.policies import THREE_STEP_VOTE
from zugong.development.procedure import BY_HIGHER_COMMITTEE, History, next_kinds, sequence
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations.models import WorkUnit

K = DevelopmentStep.Kind
TODAY = dt.date(2026, 11, 20)
APPLIED = dt.date(2023, 3, 10)
STEPS = sequence({THREE_STEP_VOTE.key: 0})  # the national procedure, without the local extra steps
PASSING = {"entitled": 20, "present": 15, "yes": 14, "no": 1, "abstain": 0}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def case(county, branch_secretary, township_operator):  # the township's operator records the committee's steps
    return services.open_case(
        branch_secretary, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village, phone="13900000001",
        applied_on=APPLIED)


def extras(kind: str, full_members) -> dict:
    if kind == K.MENTORS:
        return {"people": full_members[:1]}
    if kind == K.SPONSORS:
        return {"people": full_members[1:3]}
    if kind == K.TRAINING:
        return {"training_days": 3}
    if kind == K.APPLICATION_FORM:
        return {"number": "20240001"}
    if kind in (K.ADMISSION_VOTE, K.CONFIRMATION_VOTE):
        return {"vote": dict(PASSING)}
    return {}


# The dates a careful branch would choose: each step a little after it becomes possible.
DATES = {
    K.TALK: dt.date(2023, 3, 20), K.ACTIVIST_CHOSEN: dt.date(2023, 4, 15), K.ACTIVIST_FILED: dt.date(2023, 4, 20),
    K.MENTORS: dt.date(2023, 4, 20), K.CULTIVATION: dt.date(2023, 10, 15), K.CANDIDATE_CHOSEN: dt.date(2024, 4, 16),
    K.CANDIDATE_FILED: dt.date(2024, 4, 20), K.SPONSORS: dt.date(2024, 5, 6), K.POLITICAL_REVIEW: dt.date(2024, 6, 1),
    K.TRAINING: dt.date(2024, 6, 10), K.BRANCH_REVIEW: dt.date(2024, 6, 20), K.PRE_REVIEW: dt.date(2024, 6, 25),
    K.APPLICATION_FORM: dt.date(2024, 6, 28), K.ADMISSION_VOTE: dt.date(2024, 7, 1),
    K.COMMITTEE_TALK: dt.date(2024, 7, 10), K.APPROVAL: dt.date(2024, 8, 1), K.APPROVAL_FILED: dt.date(2024, 8, 5),
    K.PLACED: dt.date(2024, 8, 6), K.OATH: dt.date(2024, 8, 20), K.PROBATION_EDUCATION: dt.date(2025, 2, 1),
    K.CONFIRMATION_APPLICATION: dt.date(2025, 6, 20), K.CONFIRMATION_VOTE: dt.date(2025, 7, 1),
    K.CONFIRMATION_APPROVAL: dt.date(2025, 8, 1), K.ARCHIVED: dt.date(2025, 8, 10),
}


def by(user, kind: str):
    """Who records a step: the branch's user, or for the higher committee's acts the township's operator."""
    return User.objects.get(username="township") if kind in BY_HIGHER_COMMITTEE else user


def walk(user, case, full_members, until: str | None = None):
    """Take every step after the application up to (not including) ``until``."""
    for kind in STEPS[1:]:
        if kind == until:
            return
        services.record_step(by(user, kind), case, kind, DATES[kind], **extras(kind, full_members))


def state(case):
    case.refresh_from_db()
    return (case.stage, case.status, case.probation_ends_on, case.member_id,
            list(case.steps.values_list("kind", "done_on")), BranchVote.objects.count(), Member.objects.count())


def test_the_procedure_has_25_steps_in_five_stages():
    assert len(STEPS) == 25
    assert STEPS[0] == K.APPLICATION and STEPS[-1] == K.ARCHIVED


@pytest.mark.parametrize("kind", STEPS[1:])
def test_each_step_is_taken_in_its_turn_and_moves_the_case_on(kind, case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=kind)
    assert next_kinds(History.of(case), services.rule_values())[0] == kind
    step = services.record_step(by(branch_secretary, kind), case, kind, DATES[kind], handled_by="刘书记",
                                **extras(kind, full_members))
    case.refresh_from_db()
    assert step.kind == kind and step.done_on == DATES[kind] and step.handled_by == "刘书记"
    expected_stage = {K.ACTIVIST_CHOSEN: "activist", K.CANDIDATE_CHOSEN: "candidate", K.APPROVAL: "probationary",
                      K.CONFIRMATION_APPROVAL: "full"}
    reached = [expected_stage[k] for k in STEPS[: STEPS.index(kind) + 1] if k in expected_stage]
    assert case.stage == (reached[-1] if reached else "applicant")
    following = next_kinds(History.of(case), services.rule_values())
    if kind == K.ARCHIVED:
        assert case.status == DevelopmentCase.Status.COMPLETED and following == []
    else:
        assert following[0] == STEPS[STEPS.index(kind) + 1]


def test_a_whole_walk_puts_a_full_member_in_the_register(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members)
    case.refresh_from_db()
    member = case.member
    assert (member.stage, member.joined_on, member.full_member_on) == (
        Member.Stage.FULL, DATES[K.ADMISSION_VOTE], dt.date(2025, 7, 1))  # 党龄 from the end of probation
    assert member.organization == case.organization and member.dues_from == dt.date(2024, 7, 1)
    assert case.steps.get(kind=K.ADMISSION_VOTE).rules["development.probation_months"] == 12
    assert case.steps.get(kind=K.MENTORS).people.count() == 1


def test_a_candidate_chosen_too_early_is_refused_with_the_rule_source_and_first_date(
        case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.CANDIDATE_CHOSEN)
    before = state(case)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.CANDIDATE_CHOSEN, dt.date(2024, 3, 1))
    assert error.value.message == (
        "「确定发展对象」须确定为入党积极分子满12个月后，方可确定为发展对象（《中国共产党发展党员工作细则》第十三条"
        "（经过一年以上培养教育和考察）），最早可于2024年4月15日办理")
    assert state(case) == before
    assert StepRefusal.objects.get().attempted_for == dt.date(2024, 3, 1)


def test_a_changed_interval_changes_the_refusal_date_and_not_the_past_records(
        case, branch_secretary, department_admin, full_members):
    walk(branch_secretary, case, full_members, until=K.CANDIDATE_CHOSEN)
    set_policy_value(department_admin, "development.cultivation_months", "18")
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.CANDIDATE_CHOSEN, dt.date(2024, 5, 1))
    assert error.value.message.endswith("最早可于2024年10月15日办理")
    assert "满18个月后" in error.value.message
    services.record_step(branch_secretary, case, K.CANDIDATE_CHOSEN, dt.date(2024, 10, 15))
    assert case.steps.get(kind=K.MENTORS).rules == {"development.mentors_min": 1, "development.mentors_max": 2}
    set_policy_value(department_admin, "development.training_min_days", "5")
    assert case.steps.get(kind=K.MENTORS).rules["development.mentors_max"] == 2


def test_a_step_out_of_order_is_refused(case, branch_secretary, full_members):
    before = state(case)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.SPONSORS, dt.date(2024, 5, 1), people=full_members[:2])
    assert error.value.message == "「确定入党介绍人」是第9步，须先完成第2步「党组织派人谈话」"
    assert state(case) == before


def test_a_step_dated_before_the_previous_one_or_in_the_future_is_refused(case, branch_secretary):
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.TALK, dt.date(2023, 3, 1))
    assert error.value.message == ("「党组织派人谈话」不能早于上一步「递交入党申请书」的日期（2023年3月10日），"
                                   "最早可于2023年3月10日办理")
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.TALK, dt.date(2026, 11, 21))
    assert error.value.message == "「党组织派人谈话」的办理日期不能晚于今天"
    services.record_step(branch_secretary, case, K.TALK, DATES[K.TALK])
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.TALK, DATES[K.TALK])
    assert error.value.message == "「党组织派人谈话」已于2023年3月20日办理，不能重复办理"


@pytest.mark.parametrize(("kind", "data", "message"), [
    (K.MENTORS, lambda m: {"people": []}, "培养联系人应为1至2名正式党员（《中国共产党发展党员工作细则》第九条"
                                          "（指定一至两名正式党员作培养联系人）），现选择了0名"),
    (K.SPONSORS, lambda m: {"people": m[:1]}, "入党介绍人应为2名正式党员（《中国共产党发展党员工作细则》第十四条；"
                                              "《党章》第五条（两名正式党员作介绍人）），现选择了1名"),
    (K.TRAINING, lambda m: {"training_days": 2, "training_hours": 16},
     "集中培训应不少于3天或不少于24个学时（《中国共产党发展党员工作细则》第十七条（一般不少于3天或不少于24个学时）），"
     "现登记2天、16学时"),
    (K.APPLICATION_FORM, lambda m: {"number": " "}, "请填写入党志愿书编号"),
    (K.ADMISSION_VOTE, lambda m: {"vote": {"entitled": 20, "present": 10, "yes": 10, "no": 0, "abstain": 0}},
     "到会有表决权的正式党员10人，未超过应到会20人的1/2，不能开会表决（《中国共产党发展党员工作细则》第二十条；《党章》（有表决权的到会人数必须超过应到会人数的半数，"
     "赞成人数超过应到会有表决权的正式党员的半数））"),
    (K.ADMISSION_VOTE, lambda m: {"vote": {"entitled": 20, "present": 18, "yes": 10, "no": 6, "abstain": 2}},
     "表决未通过：赞成10票，未超过应到会有表决权的正式党员20人的1/2（《中国共产党发展党员工作细则》第二十条；《党章》（有表决权的到会人数必须超过应到会人数的半数，"
     "赞成人数超过应到会有表决权的正式党员的半数））"),
    (K.ADMISSION_VOTE, lambda m: {"vote": {"entitled": 20, "present": 12, "yes": 11, "no": 2, "abstain": 0}},
     "赞成、反对、弃权合计13票，多于实到会人数12"),
])
def test_a_step_without_what_it_needs_is_refused_and_changes_nothing(
        kind, data, message, case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=kind)
    before = state(case)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, kind, DATES[kind], **data(full_members))
    assert error.value.message == message
    assert state(case) == before


def test_a_probationary_member_cannot_be_a_sponsor(case, branch_secretary, department_admin, full_members, county):
    newcomer = create_member(department_admin, **fields(
        county.village, name="周新", id_number=id_for(dt.date(1990, 2, 2), 5), stage="probationary",
        joined_on=dt.date(2026, 5, 1), full_member_on=None))
    walk(branch_secretary, case, full_members, until=K.SPONSORS)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.SPONSORS, DATES[K.SPONSORS], people=[full_members[0], newcomer])
    assert error.value.message.startswith("周新不是在册正式党员，不能担任入党介绍人")


def test_approval_after_six_months_is_refused(case, branch_secretary, township_operator, full_members):
    walk(branch_secretary, case, full_members, until=K.APPROVAL)
    with pytest.raises(DomainError) as error:
        services.record_step(township_operator, case, K.APPROVAL, dt.date(2025, 1, 2))
    assert error.value.message == (
        "「上级党委审批」已超过期限：支部大会通过后审批最长不得超过6个月（《中国共产党发展党员工作细则》"
        "（因特殊情况可适当延长审批时间，但不得超过六个月）），最迟应于2025年1月1日办理；请重新履行支部大会讨论程序")
    assert not Member.objects.filter(id_number=case.id_number).exists()


def test_the_confirmation_vote_waits_for_the_end_of_probation_and_its_extension(
        case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.CONFIRMATION_VOTE)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.CONFIRMATION_VOTE, dt.date(2025, 6, 30), vote=dict(PASSING))
    assert error.value.message == (
        "「支部大会讨论转正」须预备期满后，方可讨论其能否转为正式党员（《党章》第七条；《中国共产党发展党员工作细则》"
        "第三十二条（预备期为一年，从支部大会通过之日算起）），最早可于2025年7月1日办理")
    with pytest.raises(DomainError) as error:
        services.extend_probation(branch_secretary, case, months=3, reason="学习不够", decided_on=dt.date(2025, 6, 30))
    assert error.value.message.startswith("延长预备期应为6至12个月")
    services.extend_probation(branch_secretary, case, months=6, reason="群众意见较多，需继续考察",
                              decided_on=dt.date(2025, 6, 30))
    case.refresh_from_db()
    assert case.probation_ends_on == dt.date(2026, 1, 1)
    with pytest.raises(DomainError) as error:
        services.extend_probation(branch_secretary, case, months=6, reason="再延长", decided_on=dt.date(2025, 12, 1))
    assert error.value.message.startswith("预备期已延长过一次（6个月），只能延长一次")
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.CONFIRMATION_VOTE, dt.date(2025, 7, 1), vote=dict(PASSING))
    assert error.value.message.endswith("最早可于2026年1月1日办理")
    services.record_step(branch_secretary, case, K.CONFIRMATION_VOTE, dt.date(2026, 1, 5), vote=dict(PASSING))
    services.record_step(by(branch_secretary, K.CONFIRMATION_APPROVAL), case, K.CONFIRMATION_APPROVAL,
                         dt.date(2026, 2, 1))
    case.member.refresh_from_db()
    assert case.member.full_member_on == dt.date(2026, 1, 1)


def test_cancelling_probation_takes_the_member_off_the_active_register(case, branch_secretary, full_members):
    walk(branch_secretary, case, full_members, until=K.CONFIRMATION_VOTE)
    services.close_case(branch_secretary, case, reason="预备期内不履行党员义务")
    case.refresh_from_db()
    assert case.status == DevelopmentCase.Status.CANCELLED
    assert case.member.status == Member.Status.PROBATION_CANCELLED
    assert not Member.objects.active().filter(pk=case.member_id).exists()
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.CONFIRMATION_VOTE, dt.date(2025, 7, 2), vote=dict(PASSING))
    assert error.value.message == "该档案取消预备党员资格，不能再办理"


def test_an_applicant_must_be_of_age_and_not_already_in_the_register(county, branch_secretary, full_members):
    with pytest.raises(DomainError) as error:
        services.open_case(branch_secretary, name="小刘", id_number=id_for(dt.date(2009, 2, 28), 8), ethnicity="01",
                           education="high_school", occupation="student", organization=county.village,
                           applied_on=dt.date(2026, 11, 1))
    assert error.value.message == ("递交入党申请时未满 18 周岁（《中国共产党发展党员工作细则》第五条），"
                                   "最早可于2027年2月28日申请")
    with pytest.raises(DomainError) as error:
        services.open_case(branch_secretary, name="李红", id_number=full_members[0].id_number, ethnicity="01",
                           education="college", occupation="farmer", organization=county.village,
                           applied_on=dt.date(2026, 11, 1))
    assert error.value.message == "该身份证号已是在册党员"
    assert DevelopmentCase.objects.count() == 0


def test_another_township_cannot_take_a_step(case, outsider):
    with pytest.raises(DomainError) as error:
        services.record_step(outsider, case, K.TALK, DATES[K.TALK])
    assert error.value.message == "您无权在「东风村党支部」范围内办理发展党员"


def test_the_local_three_statements_procedure_adds_its_steps_before_the_admission_vote(
        case, branch_secretary, department_admin, full_members):
    walk(branch_secretary, case, full_members, until=K.ADMISSION_VOTE)
    set_policy_value(department_admin, THREE_STEP_VOTE.key, "1")
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.ADMISSION_VOTE, DATES[K.ADMISSION_VOTE], vote=dict(PASSING))
    assert error.value.message == ("「支部大会讨论接收预备党员」是第18步，须先完成第15步「三述（本人、介绍人、支部陈述）」")
    for kind in (K.THREE_STATEMENTS, K.THREE_EVALUATIONS, K.THREE_VOTES):
        services.record_step(branch_secretary, case, kind, DATES[K.APPLICATION_FORM])
    services.record_step(branch_secretary, case, K.ADMISSION_VOTE, DATES[K.ADMISSION_VOTE], vote=dict(PASSING))
    set_policy_value(department_admin, THREE_STEP_VOTE.key, "0")
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.THREE_VOTES, DATES[K.ADMISSION_VOTE])
    assert error.value.message.startswith("未实行“三述三评三票决”，无需办理「三票决")


def test_the_higher_committees_steps_are_not_the_branchs_to_record(case, branch_secretary, full_members, county):
    walk(branch_secretary, case, full_members, until=K.PRE_REVIEW)
    before = state(case)
    with pytest.raises(DomainError) as error:
        services.record_step(branch_secretary, case, K.PRE_REVIEW, DATES[K.PRE_REVIEW])
    assert error.value.message == ("「上级党委预审」由上级党委「东风镇党委」办理，请由该党委的工作人员登记"
                                   "（党总支、村和社区党组织没有审批权）")
    assert state(case) == before


def test_a_village_committee_is_passed_over_for_the_township(county):
    village_committee = _child(county.township, "北坡村党委", "committee", "rural")
    branch = _child(village_committee, "北坡村第一党支部", "branch", "rural")
    WorkUnit.objects.create(name="北坡村", kind="village", managed_by=village_committee, covered_by=village_committee)
    assert services.approving_committee(branch) == county.township
    assert services.approving_committee(county.agency_branch) == county.agencies
