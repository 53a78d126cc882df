"""Finalized statistics (年报定稿): counted once, read back equal to the live count for every scope, kept as
finalized when records change later, and offered live on request."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.fixtures import make_user
from zugong.accounts.capabilities import Role
from zugong.core.access import DomainError
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.statistics import snapshots
from zugong.statistics.models import Snapshot
from zugong.statistics.selectors import tables
from zugong.statistics.tests.test_statistics import DAY


def _figures(user, path, **kwargs):
    return [(f.table.key, f.total, f.counts, f.total_amount, f.amounts) for f in tables(user, DAY, path, **kwargs)]


def test_finalized_tables_equal_the_live_count_for_every_scope(register, county, department_admin,
                                                                township_operator, outsider, inspector):
    live = {(user.username, org.pk): _figures(user, org.path, live=True)
            for user in (department_admin, township_operator, outsider, inspector)
            for org in (county.county, county.township, county.village, county.other_township)}
    snapshot = snapshots.freeze(department_admin, DAY, county.county)
    assert snapshot.rows.filter(path=county.county.path).exists()
    for (username, org_pk), expected in live.items():
        user = {u.username: u for u in (department_admin, township_operator, outsider, inspector)}[username]
        org = next(o for o in (county.county, county.township, county.village, county.other_township) if o.pk == org_pk)
        assert snapshots.figures(user, DAY, org.path) is not None
        assert _figures(user, org.path) == expected, (username, org.name)


def test_a_user_with_two_scope_roots_gets_both_from_the_snapshot(register, county, department_admin):
    two = make_user("two", Role.OPERATOR, county.township)
    two.role_assignments.create(role=Role.OPERATOR, organization=county.other_township)
    expected = _figures(two, county.county.path, live=True)
    snapshots.freeze(department_admin, DAY, county.county)
    assert snapshots.covering_paths(two, "members.view", county.county.path) == sorted(
        [county.township.path, county.other_township.path])
    assert _figures(two, county.county.path) == expected


def test_finalized_figures_stay_when_records_change_and_live_shows_the_change(register, county, department_admin):
    snapshots.freeze(department_admin, DAY, county.township)
    before = _figures(department_admin, county.township.path)
    create_member(department_admin, **fields(county.village, name="周", id_number=id_for(dt.date(1990, 4, 4), 71),
                                             joined_on=dt.date(2020, 7, 1), full_member_on=dt.date(2021, 7, 1)))
    assert _figures(department_admin, county.township.path) == before
    gender = next(f for f in tables(department_admin, DAY, county.township.path, live=True) if f.table.key == "gender")
    assert gender.total == before[0][1] + 1
    # outside the finalized subtree the count is live
    assert snapshots.figures(department_admin, DAY, county.county.path) is None


def test_only_those_who_may_finalize_and_a_new_count_replaces_the_old(register, county, department_admin,
                                                                      township_operator):
    with pytest.raises(DomainError, match="^您无权对「东风镇党委」的统计定稿$"):
        snapshots.freeze(township_operator, DAY, county.township)
    first = snapshots.freeze(department_admin, DAY, county.township)
    second = snapshots.freeze(department_admin, DAY, county.county)  # the county's count replaces the township's
    assert list(Snapshot.objects.values_list("pk", flat=True)) == [second.pk] and first.pk != second.pk


def test_the_page_says_the_figures_are_finalized_and_offers_the_live_count(client, register, county, department_admin):
    client.force_login(department_admin)
    query = f"organization={county.township.pk}&day={DAY:%Y-%m-%d}"
    page = client.get(f"{reverse('statistics:overview')}?{query}").content.decode()
    assert 'data-testid="finalized"' not in page and 'data-testid="finalize"' in page
    response = client.post(f"{reverse('statistics:finalize')}?{query}")
    assert response.status_code == 302 and Snapshot.objects.count() == 1
    page = client.get(f"{reverse('statistics:overview')}?{query}").content.decode()
    assert "本时点的统计已于" in page and "以下为定稿数" in page
    live = client.get(f"{reverse('statistics:overview')}?{query}&live=1").content.decode()
    assert 'data-testid="live-note"' in live and "本时点的统计已于" not in live


def test_the_api_says_whether_it_read_the_finalized_figures(client, register, county, department_admin):
    client.force_login(department_admin)
    url = f"/api/v1/statistics/members?organization_id={county.township.pk}&day={DAY:%Y-%m-%d}"
    assert client.get(url).json()["finalized"] is False
    snapshots.freeze(department_admin, DAY, county.township)
    create_member(department_admin, **fields(county.village, name="周", id_number=id_for(dt.date(1990, 4, 4), 71),
                                             joined_on=dt.date(2020, 7, 1), full_member_on=dt.date(2021, 7, 1)))
    kept, live = client.get(url).json(), client.get(url + "&live=true").json()
    assert (kept["finalized"], live["finalized"]) == (True, False)
    gender = {body["finalized"]: next(t["total"] for t in body["tables"] if t["key"] == "gender") for body in (kept, live)}
    assert gender[False] == gender[True] + 1
