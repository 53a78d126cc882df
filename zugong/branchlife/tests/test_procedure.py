"""四议两公开: the steps in order, each dated after the one before and not after today, refused with the rule and
its source; 党员大会审议 tied to a general meeting of the village, on its day, with its quorum."""

import datetime as dt

import pytest

from zugong.branchlife import procedure, services
from zugong.branchlife.models import DecisionStep, Meeting, VillageDecision
from zugong.branchlife.tests.conftest import event_of, general_meeting, roll
from zugong.core.access import DomainError
from zugong.core.dates import chinese_date
from zugong.core.models import AuditEvent

S = VillageDecision.Step
SOURCE = procedure.FOUR_AND_TWO


@pytest.fixture
def start(today):
    return today - dt.timedelta(days=40)


@pytest.fixture
def decision(county, branch_secretary, start):
    return services.propose_decision(branch_secretary, county.village, title="村道硬化工程", day=start,
                                     content="硬化村内主干道1.2公里")


def _take(actor, decision, step, day, **kwargs):
    return services.take_decision_step(actor, VillageDecision.objects.get(pk=decision.pk), step=step, day=day,
                                       **kwargs)


def test_the_six_steps_in_order_reach_result_public(county, branch_secretary, village_members, decision, start):
    meeting = general_meeting(branch_secretary, county.village, village_members, start + dt.timedelta(days=10))
    _take(branch_secretary, decision, S.CONSULTATION, start + dt.timedelta(days=5))
    review = _take(branch_secretary, decision, S.REVIEW, meeting.held_on, meeting=meeting)
    for offset, step in ((15, S.RESOLUTION), (18, S.RESOLUTION_PUBLIC), (35, S.RESULT_PUBLIC)):
        _take(branch_secretary, decision, step, start + dt.timedelta(days=offset))
    decision.refresh_from_db()
    assert (decision.last_step, decision.last_step_on, decision.is_done) == (S.RESULT_PUBLIC,
                                                                             start + dt.timedelta(days=35), True)
    assert list(decision.steps.values_list("kind", flat=True)) == [step.code for step in procedure.STEPS]
    assert review.meeting == meeting
    assert event_of(decision, AuditEvent.Action.CREATE).subject_id == str(county.village.pk)
    messages = list(AuditEvent.objects.filter(message__startswith="四议两公开").order_by("pk")
                    .values_list("message", flat=True))
    assert messages[0] == f"四议两公开：党支部提议（{chinese_date(start)}）"
    assert messages[2] == f"四议两公开：党员大会审议（{chinese_date(meeting.held_on)}），关联{meeting}"


def test_a_step_out_of_order_is_refused_with_the_rule(branch_secretary, decision, start):
    with pytest.raises(DomainError) as refused:
        _take(branch_secretary, decision, S.REVIEW, start + dt.timedelta(days=3))
    assert refused.value.message == ("须先办理「两委商议」：“两委”商议后，提交党员大会审议"
                                     f"（{SOURCE}）")
    assert refused.value.field == "day"
    with pytest.raises(DomainError) as refused:
        _take(branch_secretary, decision, S.RESULT_PUBLIC, start + dt.timedelta(days=3))
    assert refused.value.message.startswith("须先办理「决议公开」，现在应办理「两委商议」：")
    assert DecisionStep.objects.filter(decision=decision).count() == 1


def test_a_step_dated_before_the_previous_one_or_after_today_is_refused(branch_secretary, decision, start, today):
    early = start - dt.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        _take(branch_secretary, decision, S.CONSULTATION, early)
    assert refused.value.message == (f"「两委商议」的日期{chinese_date(early)}早于上一步骤「党支部提议」的日期"
                                     f"{chinese_date(start)}：党支部提议后，由村“两委”会议商议（{SOURCE}）")
    tomorrow = today + dt.timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        _take(branch_secretary, decision, S.CONSULTATION, tomorrow)
    assert refused.value.message == f"「两委商议」的日期{chinese_date(tomorrow)}晚于今天，不能预先登记"
    _take(branch_secretary, decision, S.CONSULTATION, start)  # the same day as the proposal is allowed
    with pytest.raises(DomainError) as refused:
        _take(branch_secretary, decision, S.CONSULTATION, start)
    assert refused.value.message == f"「两委商议」已于{chinese_date(start)}登记，每个步骤只登记一次"


def test_the_review_must_be_the_villages_general_meeting_on_its_day_with_quorum(
        county, branch_secretary, department_admin, village_members, decision, start):
    _take(branch_secretary, decision, S.CONSULTATION, start + dt.timedelta(days=1))
    day = start + dt.timedelta(days=10)
    committee = services.record_meeting(branch_secretary, county.village, kind=Meeting.Kind.COMMITTEE, held_on=day,
                                        topic="研究", attendance=roll(village_members[:2]))
    no_quorum = general_meeting(branch_secretary, county.village, village_members, day, present=2)  # 2 of 4
    from zugong.branchlife.tests.conftest import add_members

    others = add_members(department_admin, county.village2, 1)
    elsewhere = general_meeting(department_admin, county.village2, others, day)
    good = general_meeting(branch_secretary, county.village, village_members, day, present=3)
    cases = [
        (committee, day, "关联的会议是「支部委员会」，党员大会审议须关联支部党员大会"),
        (elsewhere, day, "关联的支部党员大会是「西岭村党支部」的会议，不是「东风村党支部」的"),
        (good, day - dt.timedelta(days=1),
         f"党员大会审议的日期{chinese_date(day - dt.timedelta(days=1))}须与关联的支部党员大会召开日期"
         f"{chinese_date(day)}相同"),
        (no_quorum, day, "关联的支部党员大会到会有表决权的党员2人，未超过应到会4人的1/2，不能审议"
                         f"（{procedure.GENERAL_MEETING}）"),
    ]
    for meeting, when, message in cases:
        with pytest.raises(DomainError) as refused:
            _take(branch_secretary, decision, S.REVIEW, when, meeting=meeting)
        assert (refused.value.message, refused.value.field) == (message, "meeting")
    _take(branch_secretary, decision, S.REVIEW, day, meeting=good)
    with pytest.raises(DomainError, match="不能删除"):
        services.delete_meeting(branch_secretary, good)
    with pytest.raises(DomainError, match="召开日期不能修改"):
        services.update_meeting(branch_secretary, good, held_on=day - dt.timedelta(days=1), topic="改期",
                                attendance=roll(village_members, present=3))
    with pytest.raises(DomainError) as refused:
        services.update_meeting(branch_secretary, good, held_on=day, topic="更正出席",
                                attendance=roll(village_members, present=2))
    assert refused.value.message == (f"该会议是「村道硬化工程」的党员大会审议（{chinese_date(day)}），修改后到会有表决权的"
                                     f"党员2人，未超过应到会4人的1/2，不能这样修改（{procedure.GENERAL_MEETING}）")
    assert good.attendance.filter(status="present").count() == 3


def test_only_a_villages_organization_decides_by_four_and_two(county, department_admin, today):
    with pytest.raises(DomainError) as refused:
        services.propose_decision(department_admin, county.agency_branch, title="办公楼维修", day=today)
    assert refused.value.message == "四议两公开用于村级重大事项，「县财政局机关党支部」不是行政村的党组织"
    assert not VillageDecision.objects.exists()


def test_another_townships_user_cannot_take_a_step(outsider, decision, start):
    with pytest.raises(DomainError) as refused:
        _take(outsider, decision, S.CONSULTATION, start)
    assert refused.value.message == "您无权在「东风村党支部」范围内登记支部工作"


def test_the_waiting_reasons_say_what_can_be_done_today(decision, start, today):
    reasons = {step.code: (day, why) for step, day, why in procedure.waiting_reasons(decision, today)}
    assert reasons[S.PROPOSAL] == (start, None)
    assert reasons[S.CONSULTATION] == (None, None)
    assert reasons[S.REVIEW][1].startswith("须先办理「两委商议」")


def test_a_step_stored_twice_is_refused_by_the_database_in_chinese(decision, start):
    from django.db import IntegrityError, transaction

    from zugong.core.submissions import integrity_message

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        DecisionStep.objects.create(decision=decision, kind=S.PROPOSAL, done_on=start)
    assert integrity_message(error.value) == ("四议两公开的这一步骤刚刚已由他人登记（可能是同时办理或重复提交），"
                                              "本次未保存；请刷新页面查看")
