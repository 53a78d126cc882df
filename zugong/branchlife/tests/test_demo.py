"""The branch-work demo step on the test county: a year of meetings with whole rolls, a share of branches short so
the check finds them, 四议两公开 matters that the procedure itself would have allowed; reset before the members."""

import datetime as dt
import random

from zugong.branchlife import demo as branchlife_demo
from zugong.branchlife import procedure
from zugong.branchlife.models import (
    Attendance,
    DecisionStep,
    Meeting,
    ThemeDayActivity,
    VillageDecision,
)
from zugong.branchlife.selectors import quorum_fraction
from zugong.branchlife.tests.conftest import add_members
from zugong.members.models import Member
from zugong.organizations import demo

K = Meeting.Kind
TODAY = dt.date(2026, 11, 20)


def test_the_step_runs_before_the_checks_and_its_tables_are_reset_before_the_members():
    assert demo.STEPS.index(branchlife_demo.add_branch_life) < demo.STEPS.index(demo.refresh_findings)
    for model in (Attendance, DecisionStep, Meeting):
        assert demo.RESET_MODELS.index(model) < demo.RESET_MODELS.index(Member)
    assert demo.RESET_MODELS.index(DecisionStep) < demo.RESET_MODELS.index(Meeting)


def test_a_year_of_meetings_with_whole_rolls_and_village_matters(county, department_admin, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 9))
    for org in (county.village, county.village2, county.other_village, county.agency_branch):
        add_members(department_admin, org, 8, probationary=1)
    ctx = demo.DemoContext(rng=random.Random(3), today=TODAY, scale="county", root=county.county)
    branchlife_demo.add_branch_life(ctx)
    meetings = Meeting.objects.all()
    assert meetings.filter(held_on__gt=TODAY).count() == 0
    assert meetings.filter(held_on__lt=dt.date(2025, 11, 1)).count() == 0
    kinds = set(meetings.values_list("kind", flat=True))
    assert kinds == {K.GENERAL_MEETING, K.COMMITTEE, K.LECTURE, K.LIFE_MEETING, K.THEME_DAY, K.DEMOCRATIC_LIFE}
    leaders = meetings.filter(kind=K.DEMOCRATIC_LIFE)  # the party committees' leadership groups, in December 2025
    assert set(leaders.values_list("organization__kind", flat=True)) <= {"committee", "working_committee"}
    assert all(m.held_on.month == 12 and 1 <= m.attendance.count() <= 5 for m in leaders)
    for meeting in meetings.filter(kind__in=[K.GENERAL_MEETING, K.THEME_DAY]):
        assert meeting.attendance.count() == 9, "the whole roll: eight full and one probationary member"
        assert meeting.attendance.filter(may_vote=True).count() == 8
    assert not Attendance.objects.exclude(status=Attendance.Status.PRESENT).filter(reason="").exists()
    theme_day = meetings.filter(kind=K.THEME_DAY).first()
    assert ThemeDayActivity.objects.filter(meeting=theme_day, item__isnull=False).count() == 5
    assert ThemeDayActivity.objects.filter(meeting=theme_day, item__isnull=True).exists()
    assert meetings.filter(kind=K.LECTURE).exclude(lecturer="").count() == meetings.filter(kind=K.LECTURE).count()
    # the villages (东风村, 南山村) each have a matter; every step is one the procedure allows, in order
    decisions = list(VillageDecision.objects.all())
    assert {d.organization_id for d in decisions} == {county.village.pk, county.other_village.pk}
    for decision in decisions:
        done: dict[str, dt.date] = {}
        for step in decision.steps.order_by("done_on", "pk"):
            meeting = step.meeting
            assert procedure.refusal(decision, step.kind, step.done_on, TODAY, done=done, meeting=meeting,
                                     quorum=quorum_fraction()) is None
            done[step.kind] = step.done_on
        assert decision.last_step == list(done)[-1]
