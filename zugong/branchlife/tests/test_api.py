"""The branch-work API: meetings in scope with their filters and pages, one meeting's counts and quorum, an
organization's meetings held against the rules — figures computed by hand, scope as on the pages."""

import datetime as dt

import pytest

from zugong.branchlife import services
from zugong.branchlife.models import Meeting
from zugong.branchlife.tests.conftest import add_members, general_meeting, roll
from zugong.organizations.models import CommitteeMember

K = Meeting.Kind
URL = "/api/v1/branch-work"
NOT_FOUND = "未找到该记录，或不在您的权限范围内"


@pytest.fixture
def meetings(county, department_admin, time_machine):
    """东风村: a general meeting (2025-11-10, 3 of 4 present), a committee meeting (2026-03-05, 2 of the 4-strong
    committee present), a theme day (2026-04-06); 南山村 (the other township): a general meeting. Today 2026-05-10."""
    time_machine.move_to(dt.datetime(2026, 5, 10, 9))
    ours = add_members(department_admin, county.village, 4)
    theirs = add_members(department_admin, county.other_village, 2)
    for member in ours:
        CommitteeMember.objects.create(organization=county.village, name=member.name, position="member",
                                       started_on=dt.date(2024, 1, 1))
    return {
        "general": general_meeting(department_admin, county.village, ours, dt.date(2025, 11, 10), present=3),
        "committee": services.record_meeting(department_admin, county.village, kind=K.COMMITTEE,
                                             held_on=dt.date(2026, 3, 5), topic="研究发展党员",
                                             attendance=roll(ours, present=2)),
        "theme": services.record_meeting(department_admin, county.village, kind=K.THEME_DAY,
                                         held_on=dt.date(2026, 4, 6), topic="主题党日", attendance=roll(ours)),
        "other": general_meeting(department_admin, county.other_village, theirs, dt.date(2026, 2, 1)),
    }


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [item["id"] for item in response.json()["items"]]


def test_the_list_is_scoped_filtered_and_paged(client, county, township_operator, meetings):
    client.force_login(township_operator)
    general, committee, theme = meetings["general"].pk, meetings["committee"].pk, meetings["theme"].pk
    assert _ids(client.get(f"{URL}/meetings")) == [theme, committee, general], "newest first; 南山村 is outside"
    assert _ids(client.get(f"{URL}/meetings", {"kind": "committee"})) == [committee]
    assert _ids(client.get(f"{URL}/meetings", {"year": 2025})) == [general]
    assert _ids(client.get(f"{URL}/meetings", {"organization_id": county.village.pk, "year": 2026})) == [theme,
                                                                                                         committee]
    assert _ids(client.get(f"{URL}/meetings", {"organization_id": county.village2.pk})) == []
    page = client.get(f"{URL}/meetings", {"limit": 1, "offset": 1}).json()
    assert (page["count"], [item["id"] for item in page["items"]]) == (3, [committee])
    first = client.get(f"{URL}/meetings", {"limit": 1}).json()["items"][0]
    assert first == {"id": theme, "organization_id": county.village.pk, "organization_name": "东风村党支部",
                     "kind": "theme_day", "held_on": "2026-04-06", "topic": "主题党日", "lecturer": ""}
    outside = client.get(f"{URL}/meetings", {"organization_id": county.other_village.pk})
    assert (outside.status_code, outside.json()["detail"]) == (404, NOT_FOUND)


def test_a_wrong_kind_or_year_is_refused_in_chinese(client, township_operator, meetings):
    client.force_login(township_operator)
    wrong = client.get(f"{URL}/meetings", {"kind": "party"})
    assert wrong.status_code == 422 and "会议类型" in wrong.json()["detail"]
    assert client.get(f"{URL}/meetings", {"year": 1800}).status_code == 422


def test_one_meeting_with_its_counts_and_quorum(client, county, township_operator, meetings):
    client.force_login(township_operator)
    committee = client.get(f"{URL}/meetings/{meetings['committee'].pk}").json()
    assert committee["counts"] == {"roll": 4, "present": 2, "excused": 2, "absent": 0}
    # the committee of 4 in office, 2 present: half of the committee is enough (第十二条 “半数以上”)
    assert {k: committee["quorum"][k] for k in ("rule", "counted_over", "present", "numerator", "denominator",
                                                 "met", "basis")} == {
        "rule": "committee", "counted_over": 4, "present": 2, "numerator": 1, "denominator": 2, "met": True,
        "basis": "committee"}
    general = client.get(f"{URL}/meetings/{meetings['general'].pk}").json()
    assert (general["quorum"]["rule"], general["quorum"]["counted_over"], general["quorum"]["present"],
            general["quorum"]["met"]) == ("general", 4, 3, True)
    assert client.get(f"{URL}/meetings/{meetings['theme'].pk}").json()["quorum"] is None
    assert client.get(f"{URL}/meetings/{meetings['other'].pk}").status_code == 404


def test_held_against_expected_for_an_organization_and_a_year(client, county, township_operator, meetings):
    client.force_login(township_operator)
    this_year = client.get(f"{URL}/organizations/{county.village.pk}/held").json()
    # 4 full members: no committee by size (7), so no committee meetings owed; counted until 2026-05-09:
    # general 1 quarter ended, 0 held; lecture 1 ended, 0; life meeting: no year ended; theme days 4 months, 1 held
    assert (this_year["year"], this_year["counted_until"]) == (2026, "2026-05-09")
    assert [(t["kind"], t["periods"], t["expected"], t["held"], t["short"]) for t in this_year["tallies"]] == [
        ("general_meeting", 1, 1, 0, True), ("lecture", 1, 1, 0, True), ("life_meeting", 0, 0, 0, False),
        ("theme_day", 4, 4, 1, True)]
    last_year = client.get(f"{URL}/organizations/{county.village.pk}/held", {"year": 2025}).json()
    assert last_year["counted_until"] == "2025-12-31"
    assert [(t["kind"], t["expected"], t["held"]) for t in last_year["tallies"]] == [
        ("general_meeting", 4, 1), ("lecture", 4, 0), ("life_meeting", 1, 0), ("theme_day", 12, 0)]
    township = client.get(f"{URL}/organizations/{county.township.pk}/held", {"year": 2025}).json()
    assert [(t["kind"], t["expected"], t["held"]) for t in township["tallies"]] == [("democratic_life", 1, 0)]
    future = client.get(f"{URL}/organizations/{county.village.pk}/held", {"year": 2027}).json()
    assert future["tallies"] == []
    assert client.get(f"{URL}/organizations/{county.other_village.pk}/held").status_code == 404
