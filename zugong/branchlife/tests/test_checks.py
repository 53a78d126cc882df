"""The check of meeting frequencies: the last complete month, quarter or year, with the count expected and held
and the rule's source in the finding; who owes which meetings."""

import datetime as dt

from zugong.branchlife import policies as P
from zugong.branchlife import selectors, services
from zugong.branchlife.models import Meeting
from zugong.branchlife.tests.conftest import add_members, general_meeting, roll
from zugong.core.checks import run_checks
from zugong.core.models import Finding

K = Meeting.Kind
CODE = "branchlife.meetings_short"


def _findings():
    return {(f.title, f.detail) for f in Finding.objects.filter(check_code=CODE)}


def test_a_branch_short_in_the_previous_quarter_is_found_and_one_that_met_it_is_not(
        county, department_admin, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 1, 9))  # the meetings are recorded during the quarter
    ours = add_members(department_admin, county.village, 3)
    theirs = add_members(department_admin, county.village2, 3)
    general_meeting(department_admin, county.village, ours, dt.date(2026, 8, 20))
    general_meeting(department_admin, county.village2, theirs, dt.date(2026, 6, 30))  # the quarter before
    run_checks(today=dt.date(2026, 10, 15), codes=[CODE])
    general = {(f.subject_id, f.detail) for f in Finding.objects.filter(check_code=CODE, key="branchlife:general_meeting")}
    assert general == {(str(county.village2.pk),
                        f"2026年第3季度支部党员大会：应召开1次，实际0次（{P.GENERAL_MEETINGS_PER_QUARTER.source}）")}
    found = Finding.objects.get(check_code=CODE, key="branchlife:general_meeting")
    assert found.title == "「西岭村党支部」2026年第3季度支部党员大会未达到规定次数"
    assert found.url == county.village2.get_absolute_url()


def test_the_month_and_the_year_are_the_last_complete_ones(county, department_admin, time_machine,
                                                          django_capture_on_commit_callbacks):
    time_machine.move_to(dt.datetime(2026, 12, 20, 9))
    members = add_members(department_admin, county.village, 3)
    with django_capture_on_commit_callbacks(execute=True):
        for day in (dt.date(2026, 12, 5), dt.date(2026, 12, 10)):  # this month and this year: not yet counted
            services.record_meeting(department_admin, county.village, kind=K.THEME_DAY, held_on=day,
                                    topic="主题党日", attendance=roll(members))
        services.record_meeting(department_admin, county.village, kind=K.LIFE_MEETING,
                                held_on=dt.date(2026, 12, 10), topic="组织生活会", attendance=roll(members))
    details = {f.key: f.detail for f in Finding.objects.filter(check_code=CODE, subject_id=str(county.village.pk))}
    # run after each recording for the branch (today: 2026-12-20): November had no theme day, 2025 no life meeting
    assert details["branchlife:theme_day"].startswith("2026年11月主题党日（5+N 党员活动日）：应召开1次，实际0次（")
    assert details["branchlife:life_meeting"].startswith("2025年组织生活会：应召开1次，实际0次（")
    run_checks(today=dt.date(2027, 1, 5), codes=[CODE])
    details = {f.key: f.detail for f in Finding.objects.filter(check_code=CODE, subject_id=str(county.village.pk))}
    assert "branchlife:life_meeting" not in details, "2026 had its organizational life meeting"
    assert "branchlife:theme_day" not in details, "December 2026 had two theme days"
    assert details["branchlife:general_meeting"].startswith("2026年第4季度支部党员大会：应召开1次，实际0次")


def test_who_owes_which_meetings(county, department_admin):
    add_members(department_admin, county.village, 6)
    add_members(department_admin, county.village2, 7)
    found = {(s.organization.pk, s.tally.frequency.kind) for s in selectors.shortfalls(county.township.path,
                                                                                      dt.date(2026, 10, 15))}
    assert (county.village2.pk, K.COMMITTEE) in found, "seven full members: a committee, monthly meetings"
    assert (county.village.pk, K.COMMITTEE) not in found, "six full members: no committee"
    assert (county.village.pk, K.GENERAL_MEETING) in found
    assert {kind for org, kind in found if org == county.township.pk} == {K.DEMOCRATIC_LIFE}, \
        "a township committee owes its leadership group's 民主生活会 only, not branch meetings"
    assert not any(org == county.other_village.pk for org, _kind in found), "outside the subtree checked"
    empty = selectors.shortfalls(county.agencies.path, dt.date(2026, 10, 15))
    assert empty == [], "a branch without members owes nothing"


def test_a_period_met_later_resolves_the_finding(county, department_admin, time_machine,
                                                django_capture_on_commit_callbacks):
    time_machine.move_to(dt.datetime(2026, 10, 15, 9))
    members = add_members(department_admin, county.village, 3)
    run_checks(today=dt.date(2026, 10, 15), codes=[CODE])
    finding = Finding.all_objects.get(check_code=CODE, subject_id=str(county.village.pk), key="branchlife:general_meeting")
    assert finding.is_open
    with django_capture_on_commit_callbacks(execute=True):  # recorded late: the branch's check runs again
        general_meeting(department_admin, county.village, members, dt.date(2026, 9, 28))
    finding.refresh_from_db()
    assert finding.status == Finding.Status.RESOLVED
