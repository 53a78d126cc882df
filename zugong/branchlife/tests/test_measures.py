"""The assessments measure "branch_meetings" (三会一课落实率), the committee meeting's quorum and the 民主生活会 of
leadership groups in the frequency check — each with figures computed by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.fixtures import _child
from zugong.assessments import services as assessments
from zugong.assessments.measures import BRANCH_MEETINGS, measure_available
from zugong.assessments.models import Scheme, Score
from zugong.branchlife import policies as P
from zugong.branchlife import selectors, services
from zugong.branchlife.models import Attendance, Meeting
from zugong.branchlife.tests.conftest import add_members, general_meeting, roll
from zugong.core.checks import run_checks
from zugong.core.models import Finding
from zugong.core.policy import PolicyValue
from zugong.organizations.models import CommitteeMember, Organization

K = Meeting.Kind
CODE = "branchlife.meetings_short"


def _record(actor, organization, members, kind, days, topic="学习", **extra):
    for day in days:
        services.record_meeting(actor, organization, kind=kind, held_on=day, topic=topic, attendance=roll(members),
                                **extra)


def _score(round_, organization) -> Score:
    return Score.objects.get(result__round=round_, result__organization=organization,
                             criterion__code="branch_meetings")


# --- the measure ---------------------------------------------------------------------------------------------

def test_the_measure_is_registered_by_branch_work():
    assert measure_available(BRANCH_MEETINGS)


def test_a_five_good_branch_round_computes_the_share_of_meetings_held(county, department_admin, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 10, 9))  # the year 2025 is over: all its periods are due
    members = add_members(department_admin, county.village, 3)  # 3 full members: no committee
    for day in (dt.date(2025, 2, 10), dt.date(2025, 5, 10), dt.date(2025, 8, 10), dt.date(2025, 11, 10)):
        general_meeting(department_admin, county.village, members, day)  # 4 of 4
    _record(department_admin, county.village, members, K.LECTURE, [dt.date(2025, 3, 1), dt.date(2025, 9, 1)],
            lecturer="党支部书记")  # 2 of 4
    _record(department_admin, county.village, members, K.LIFE_MEETING, [dt.date(2025, 12, 20)])  # 1 of 1
    _record(department_admin, county.village, members, K.THEME_DAY,
            [dt.date(2025, month, 5) for month in range(1, 11)])  # 10 of 12
    round_ = assessments.open_round(department_admin, Scheme.objects.get(code="five_good_branch"), county.township,
                                    year=2025, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    held = _score(round_, county.village)
    # expected 4 + 4 + 1 + 12 = 21, held 4 + 2 + 1 + 10 = 17: 17 / 21 = 80.952… % → 80.95; 20 points × 80.95 % = 16.19
    assert (held.value, held.points) == (Decimal("80.95"), Decimal("16.2"))
    assert held.explanation == (
        "应召开21次，实际召开17次，落实率80.95%（支部党员大会应4次、召开4次，党课应4次、召开2次，"
        "组织生活会应1次、召开1次，主题党日（5+N 党员活动日）应12次、召开10次）")
    nothing = _score(round_, county.village2)  # no members: nothing owed, the assessor enters the score
    assert (nothing.value, nothing.points) == (None, None)
    assert nothing.explanation.startswith("考核期内该党组织没有应召开的三会一课")


def test_meetings_beyond_the_rule_do_not_make_up_for_another_kind(county, department_admin, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 10, 9))
    members = add_members(department_admin, county.village, 3)
    for day in (dt.date(2025, 2, 10), dt.date(2025, 3, 10), dt.date(2025, 5, 10), dt.date(2025, 8, 10),
                dt.date(2025, 11, 10)):
        general_meeting(department_admin, county.village, members, day)  # 5 held, 4 owed
    round_ = assessments.open_round(department_admin, Scheme.objects.get(code="five_good_branch"), county.township,
                                    year=2025, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    held = _score(round_, county.village)
    # 21 owed; 5 held, of them 4 count: 4 / 21 = 19.047… % → 19.05; 20 × 19.05 % = 3.81 → 3.8
    assert (held.value, held.points) == (Decimal("19.05"), Decimal("3.8"))
    assert held.explanation.startswith("应召开21次，实际召开5次，按规定次数计入4次（超出的不抵补其他会议），落实率19.05%")


def test_a_running_period_counts_only_the_periods_already_ended(county, department_admin, time_machine):
    time_machine.move_to(dt.datetime(2025, 4, 15, 9))  # Q1 and January–March ended; April is running
    members = add_members(department_admin, county.village, 3)
    general_meeting(department_admin, county.village, members, dt.date(2025, 2, 10))
    _record(department_admin, county.village, members, K.THEME_DAY, [dt.date(2025, 1, 5), dt.date(2025, 4, 5)])
    round_ = assessments.open_round(department_admin, Scheme.objects.get(code="five_good_branch"), county.township,
                                    year=2025, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    held = _score(round_, county.village)
    # owed so far: general 1, lecture 1, theme days 3 (the life meeting's year has not ended) = 5; held 1 + 0 + 2
    # (April's theme day is held, its month not yet owed): min(1,1) + 0 + min(2,3) = 3 → 60.00 %
    assert held.value == Decimal("60.00")
    assert held.explanation.startswith("应召开5次，实际召开3次，落实率60.00%")


# --- the committee meeting's quorum ------------------------------------------------------------------------------

def _committee(organization, names, started=dt.date(2024, 1, 1), ended=None):
    for name in names:
        CommitteeMember.objects.create(organization=organization, name=name, position="member", started_on=started,
                                       ended_on=ended)


def _committee_meeting(actor, organization, members, present, day=dt.date(2026, 3, 5)):
    return services.record_meeting(actor, organization, kind=K.COMMITTEE, held_on=day, topic="研究发展党员",
                                   attendance=roll(members, present))


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 9))


def test_a_committee_meeting_needs_half_of_the_committee_in_office(county, department_admin, frozen):
    members = add_members(department_admin, county.village, 7)
    _committee(county.village, [m.name for m in members[:5]])
    _committee(county.village, ["已离任委员"], ended=dt.date(2025, 12, 31))  # not in office on the day
    # the roll names 3 of the 5 (the other 2 left off: away); 2 present: 2 × 2 = 4 < 5 × 1 … not quorate
    short = selectors.committee_quorum(_committee_meeting(department_admin, county.village, members[:3], 2))
    assert (short.size, short.present, short.met, short.basis) == (5, 2, False, selectors.COMMITTEE_BASIS)
    met = selectors.committee_quorum(_committee_meeting(department_admin, county.village, members[:5], 3))
    assert (met.size, met.present, met.met) == (5, 3, True)


def test_exactly_half_of_the_committee_is_enough_unlike_a_general_meeting(county, department_admin, frozen):
    members = add_members(department_admin, county.village, 4)
    _committee(county.village, [m.name for m in members])
    half = selectors.committee_quorum(_committee_meeting(department_admin, county.village, members, 2))
    assert (half.size, half.present, half.met) == (4, 2, True), "第十二条：半数以上委员到会（含半数）"
    general = selectors.general_meeting_quorum(general_meeting(department_admin, county.village, members,
                                                               dt.date(2026, 3, 5), present=2))
    assert (general.entitled, general.present, general.met) == (4, 2, False), "第十一条：超过半数"


def test_without_a_matching_committee_the_roll_is_the_committee(county, department_admin, frozen):
    members = add_members(department_admin, county.village, 3)
    _committee(county.village, [members[0].name, "不在名册的委员"])  # the roll names someone not on the committee
    quorum = selectors.committee_quorum(_committee_meeting(department_admin, county.village, members, 1))
    assert (quorum.size, quorum.present, quorum.met, quorum.basis) == (3, 1, False, selectors.ROLL_BASIS)
    PolicyValue.objects.create(key=P.COMMITTEE_QUORUM_DENOMINATOR.key, value="3")  # 1/3 of the committee
    assert selectors.committee_quorum(Meeting.objects.get(kind=K.COMMITTEE)).met  # 1 × 3 ≥ 3 × 1


def test_the_meeting_page_says_whether_the_committee_meeting_was_quorate(client, county, department_admin, frozen):
    members = add_members(department_admin, county.village, 5)
    _committee(county.village, [m.name for m in members])
    meeting = _committee_meeting(department_admin, county.village, members, 2)
    client.force_login(department_admin)
    page = client.get(reverse("branchlife:meeting", args=[meeting.pk])).content.decode()
    assert "应到委员5人，实到2人，不符合法定人数（须有1/2以上委员到会）" in page
    assert "应到委员按该党组织开会当日在任的班子成员计算" in page
    general = general_meeting(department_admin, county.village, members, dt.date(2026, 3, 6))
    assert 'data-testid="committee-quorum"' not in client.get(
        reverse("branchlife:meeting", args=[general.pk])).content.decode()
    Attendance.objects.filter(meeting=meeting).update(status=Attendance.Status.PRESENT)
    assert "应到委员5人，实到5人，符合法定人数" in client.get(
        reverse("branchlife:meeting", args=[meeting.pk])).content.decode()


# --- 民主生活会 -------------------------------------------------------------------------------------------------

def test_a_leadership_group_owes_a_democratic_life_meeting_a_year(county, department_admin, time_machine,
                                                                 django_capture_on_commit_callbacks):
    time_machine.move_to(dt.datetime(2026, 1, 5, 9))
    leaders = add_members(department_admin, county.village, 3)  # the roll: members under the township
    enterprise = _child(county.township, "红星公司党委", Organization.Kind.COMMITTEE,
                        Organization.Sector.PRIVATE_ENTERPRISE)
    add_members(department_admin, _child(enterprise, "红星公司车间党支部", Organization.Kind.BRANCH,
                                         Organization.Sector.PRIVATE_ENTERPRISE), 3)
    run_checks(today=dt.date(2026, 1, 5), codes=[CODE])
    found = Finding.objects.get(check_code=CODE, key="branchlife:democratic_life", subject_id=str(county.township.pk))
    assert found.title == "「东风镇党委」2025年民主生活会未达到规定次数"
    assert found.detail == f"2025年民主生活会：应召开1次，实际0次（{P.DEMOCRATIC_LIFE_PER_YEAR.source}）"
    owing = set(Finding.objects.filter(check_code=CODE, key="branchlife:democratic_life").values_list(
        "subject_id", flat=True))
    assert str(enterprise.pk) not in owing, "a non-public enterprise's committee holds no 民主生活会"
    assert str(county.village.pk) not in owing, "a branch holds an organizational life meeting instead"
    with django_capture_on_commit_callbacks(execute=True):
        _record(department_admin, county.township, leaders, K.DEMOCRATIC_LIFE, [dt.date(2025, 12, 28)],
                topic="年度民主生活会")
    assert not Finding.objects.filter(check_code=CODE, key="branchlife:democratic_life",
                                      subject_id=str(county.township.pk)).exists()
    tallies = selectors.held_vs_expected(county.township, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [(t.frequency.kind, t.expected, t.held) for t in tallies] == [(K.DEMOCRATIC_LIFE, 1, 1)]
