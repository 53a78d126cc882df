"""Organization decisions that race (并发办理): elections sent twice, flags set twice, the tree changed from two
pages at once. Exactly one wins; every loser gets a Chinese message and changes nothing."""

import datetime as dt
import functools

import pytest
from django.test import Client
from django.urls import reverse

from tests.concurrency import at_once, needs_postgres
from zugong.core.access import DomainError
from zugong.core.submissions import ALREADY_SUBMITTED
from zugong.core.tree import child_path
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields
from zugong.organizations import services
from zugong.organizations.models import DemonstrationSite, Election, Organization, Rectification

K, S = Organization.Kind, Organization.Sector
race = pytest.mark.django_db(transaction=True)


def copies(record, n: int) -> list:
    return [type(record).objects.get(pk=record.pk) for _ in range(n)]


def outcome(results: list) -> tuple[list, list[str]]:
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)]
    assert not unexpected, f"a racing call failed with {unexpected[0]!r}"
    return ([r for r in results if not isinstance(r, BaseException)],
            sorted(r.message for r in results if isinstance(r, DomainError)))


def election_post(token: str) -> dict:
    data = {"elected_on": "2026-05-01", "method": "members_meeting", "seats": "3", "candidates_count": "4",
            "term_ends_on": "", "notes": "", "submission_token": token,
            "elected-TOTAL_FORMS": "7", "elected-INITIAL_FORMS": "0", "elected-MIN_NUM_FORMS": "0",
            "elected-MAX_NUM_FORMS": "30"}
    data.update({"elected-0-name": "刘书记", "elected-0-position": "secretary"})
    return data


def browsers(user, n: int) -> list[Client]:
    found = [Client() for _ in range(n)]
    for browser in found:
        browser.force_login(user)
    return found


def consistent_tree() -> bool:
    """Every organization's path is its parent's path and its own id; its depth the path's length."""
    by_pk = {o.pk: o for o in Organization.objects.all()}
    return all(o.path == child_path(by_pk[o.parent_id].path if o.parent_id else None, o.pk)
               and o.depth == len(o.path) // 10 for o in by_pk.values())


# --- elections --------------------------------------------------------------------------------------------------


@needs_postgres
@race
def test_the_election_form_sent_twice_at_once_records_one_election(county, department_admin):
    url = reverse("organizations:election_new", args=[county.village.pk])
    pages = browsers(department_admin, 2)
    token = pages[0].get(url).context["form"]["submission_token"].value()
    responses = at_once(*[functools.partial(page.post, url, election_post(token)) for page in pages])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert refused.context["form"].non_field_errors() == [ALREADY_SUBMITTED]
    assert Election.objects.count() == 1
    assert list(county.village.committee_members.values_list("name", "ended_on")) == [("刘书记", None)]


def test_the_election_form_sent_again_records_nothing_more(county, department_admin, client):
    client.force_login(department_admin)
    url = reverse("organizations:election_new", args=[county.village.pk])
    page = client.get(url)
    assert 'name="submission_token"' in page.content.decode()
    token = page.context["form"]["submission_token"].value()
    assert client.post(url, election_post(token)).status_code == 302
    again = client.post(url, election_post(token))
    assert again.context["form"].non_field_errors() == [ALREADY_SUBMITTED]
    assert Election.objects.count() == 1


@needs_postgres
@race
def test_the_same_election_recorded_twice_at_once_is_recorded_once(county, department_admin):
    """Two pages (or API calls) with the same election, each with its own token: one is recorded."""
    results = at_once(*[functools.partial(
        services.record_election, department_admin, org, elected_on=dt.date(2026, 5, 1), seats=3,
        candidates_count=4, elected=[("刘书记", "secretary")]) for org in copies(county.village, 2)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["「东风村党支部」2026-05-01的换届选举已经登记，不能重复登记"]
    assert Election.objects.count() == 1
    assert county.village.committee_members.count() == 1


# --- flags ------------------------------------------------------------------------------------------------------


@needs_postgres
@race
def test_a_rectification_started_twice_at_once_is_started_once(county, township_operator):
    results = at_once(*[functools.partial(services.start_rectification, township_operator, org,
                                          started_on=dt.date(2026, 3, 1), reason="班子软弱")
                        for org in copies(county.village, 3)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["「东风村党支部」已在软弱涣散整顿中"] * 2
    assert Rectification.objects.count() == 1


@needs_postgres
@race
def test_a_rectification_closed_twice_at_once_is_closed_once(county, township_operator):
    item = services.start_rectification(township_operator, county.village, started_on=dt.date(2026, 3, 1),
                                        reason="班子软弱")
    results = at_once(*[functools.partial(services.close_rectification, township_operator, copy,
                                          closed_on=dt.date(2026, 10, day), note=f"验收合格{day}")
                        for copy, day in zip(copies(item, 2), (1, 2), strict=True)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    item.refresh_from_db()
    assert losers == [f"该整顿已于{item.closed_on}销号，未作更改"]
    assert (item.closed_on, item.close_note) == (winners[0].closed_on, winners[0].close_note)


@needs_postgres
@race
def test_a_demonstration_site_named_twice_at_once_is_named_once(county, township_operator):
    results = at_once(*[functools.partial(services.name_demonstration_site, township_operator, org, level="county",
                                          title="东风村基层党建示范点", named_on=dt.date(2026, 6, 1))
                        for org in copies(county.village, 2)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["「东风村党支部」已是县级示范点"]
    assert DemonstrationSite.objects.count() == 1


# --- the tree ---------------------------------------------------------------------------------------------------


@needs_postgres
@race
def test_the_same_organization_created_twice_at_once_is_created_once(county, township_operator):
    results = at_once(*[functools.partial(services.create_organization, township_operator, parent,
                                          name="北坡村党支部", kind=K.BRANCH, sector=S.RURAL)
                        for parent in copies(county.township, 2)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    assert losers == ["「东风镇党委」下已有名为「北坡村党支部」的党组织"]
    assert Organization.objects.filter(name="北坡村党支部").count() == 1


@needs_postgres
@race
def test_an_organization_closed_twice_at_once_is_closed_once(county, department_admin):
    results = at_once(*[functools.partial(services.close_organization, department_admin, org,
                                          dt.date(2026, 6, day), "撤村并组")
                        for org, day in zip(copies(county.village2, 2), (1, 2), strict=True)])
    winners, losers = outcome(results)
    assert len(winners) == 1
    closed = Organization.objects.get(pk=county.village2.pk)
    assert losers == [f"「西岭村党支部」已于 {closed.closed_on} 撤销"]


@needs_postgres
@race
def test_a_child_created_while_its_parent_is_closed_leaves_no_open_child_under_a_closed_parent(
        county, department_admin):
    results = at_once(
        lambda: services.close_organization(department_admin, Organization.objects.get(pk=county.village2.pk),
                                            dt.date(2026, 6, 1), "撤村并组"),
        lambda: services.create_organization(department_admin, Organization.objects.get(pk=county.village2.pk),
                                             name="第一党小组", kind=K.GROUP, sector=S.RURAL))
    winners, losers = outcome(results)
    assert len(winners) == 1
    parent = Organization.objects.get(pk=county.village2.pk)
    if parent.is_closed:
        assert losers == ["「西岭村党支部」已撤销，不能在其下设立或调入组织"]
        assert not parent.children.exists()
    else:
        assert losers == ["「西岭村党支部」还有 1 个未撤销的下级组织（如「第一党小组」），请先调整或撤销下级组织"]


@needs_postgres
@race
def test_a_member_registered_while_the_branch_is_closed_is_not_left_in_a_closed_branch(county, department_admin):
    results = at_once(
        lambda: services.close_organization(department_admin, Organization.objects.get(pk=county.village2.pk),
                                            dt.date(2026, 6, 1), "撤村并组"),
        lambda: create_member(department_admin, **fields(Organization.objects.get(pk=county.village2.pk))))
    winners, losers = outcome(results)
    assert len(winners) == 1
    branch = Organization.objects.get(pk=county.village2.pk)
    if branch.is_closed:
        assert losers == ["「西岭村党支部」已撤销，不能编入党员"]
        assert not Member.objects.exists()
    else:
        assert losers == ["「西岭村党支部」还有 1 名在册党员，请先办理组织关系转接"]


@needs_postgres
@race
def test_one_organization_moved_to_two_places_at_once_ends_up_in_one_with_consistent_paths(county, department_admin):
    group = services.create_organization(department_admin, county.village, name="第一党小组", kind=K.GROUP,
                                         sector=S.RURAL)
    one, two = copies(group, 2)
    results = at_once(lambda: services.move_organization(department_admin, one, county.village2),
                      lambda: services.move_organization(department_admin, two, county.other_village))
    outcome(results)
    group.refresh_from_db()
    assert group.parent in (county.village2, county.other_village)
    assert consistent_tree()


@needs_postgres
@race
def test_a_child_created_while_its_parent_moves_gets_the_new_path(county, department_admin):
    results = at_once(
        lambda: services.move_organization(department_admin, Organization.objects.get(pk=county.village.pk),
                                           county.other_township),
        lambda: services.create_organization(department_admin, Organization.objects.get(pk=county.village.pk),
                                             name="第一党小组", kind=K.GROUP, sector=S.RURAL))
    winners, losers = outcome(results)
    assert (len(winners), losers) == (2, [])
    assert consistent_tree()


# --- constraints: the database's refusal is a Chinese message on the page, never a 500 -------------------------


def test_a_rectification_started_meanwhile_is_a_message_on_the_page(county, township_operator, client, monkeypatch):
    services.start_rectification(township_operator, county.village, started_on=dt.date(2026, 3, 1), reason="班子软弱")
    monkeypatch.setattr(services, "_check_no_open_rectification", lambda org: None)
    client.force_login(township_operator)
    response = client.post(reverse("organizations:rectification_new", args=[county.village.pk]),
                           {"started_on": "2026-04-01", "reason": "组织生活不正常"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["该党组织已在软弱涣散整顿中（可能是他人刚刚列入），未作更改"]
    assert Rectification.objects.count() == 1


def test_a_site_named_meanwhile_is_a_message_on_the_page(county, township_operator, client, monkeypatch):
    services.name_demonstration_site(township_operator, county.village, level="county", title="示范点",
                                     named_on=dt.date(2026, 6, 1))
    monkeypatch.setattr(services, "_check_not_named", lambda org, level: None)
    client.force_login(township_operator)
    response = client.post(reverse("organizations:site_new", args=[county.village.pk]),
                           {"level": "county", "title": "示范点", "named_on": "2026-06-02"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["该党组织已是该级别的示范点（可能是他人刚刚命名），未作更改"]
    assert DemonstrationSite.objects.count() == 1


def test_a_name_taken_meanwhile_is_a_message_on_the_page(county, township_operator, client, monkeypatch):
    services.create_organization(township_operator, county.township, name="北坡村党支部", kind=K.BRANCH, sector=S.RURAL)
    monkeypatch.setattr(services, "_check_placement", lambda *args, **kwargs: None)
    client.force_login(township_operator)
    response = client.post(reverse("organizations:create", args=[county.township.pk]),
                           {"name": "北坡村党支部", "kind": K.BRANCH, "sector": S.RURAL})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "同一上级党组织下已有同名的党组织（可能是他人刚刚新建），未作更改"]
    assert Organization.objects.filter(name="北坡村党支部").count() == 1
