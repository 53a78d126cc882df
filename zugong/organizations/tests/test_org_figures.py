"""An organization's page shows its members, this month's dues, this year's study days and its statistics, each
linking to that area's list filtered to the organization (issue 21 item 22)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from zugong.branchlife.models import Meeting
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for


def _figure(page: str, testid: str) -> str:
    start = page.index(f'data-testid="org-figure-{testid}"')
    return page[page.rindex("<a", 0, start):page.index("</a>", start)]


def test_the_page_counts_members_and_study_days_of_the_subtree_and_links_to_the_lists(
        client, county, department_admin, township_operator):
    create_member(department_admin, **fields(county.village, name="张一", id_number=id_for(dt.date(1970, 1, 1), 21)))
    create_member(department_admin, **fields(county.village2, name="张二", id_number=id_for(dt.date(1971, 1, 1), 22)))
    create_member(department_admin, **fields(county.other_village, name="张三",
                                             id_number=id_for(dt.date(1972, 1, 1), 23)))
    Meeting.objects.create(organization=county.village, kind=Meeting.Kind.STUDY_DAY, held_on=timezone.localdate(),
                           topic="学习党章")
    Meeting.objects.create(organization=county.village, kind=Meeting.Kind.THEME_DAY, held_on=timezone.localdate(),
                           topic="主题党日")  # a meeting, not a study day: not counted
    client.force_login(township_operator)
    page = client.get(reverse("organizations:detail", args=[county.township.pk])).content.decode()
    members = _figure(page, "members")
    assert f'href="/members/?organization={county.township.pk}"' in members and ">2<" in members
    study = _figure(page, "study")
    assert f"/education/?organization={county.township.pk}&amp;year={timezone.localdate().year}" in study
    assert ">1<" in study
    assert f'href="/dues/?organization={county.township.pk}"' in _figure(page, "dues")
    assert f'href="/statistics/?organization={county.township.pk}"' in _figure(page, "statistics")


def test_the_member_link_lists_the_organizations_members(client, county, department_admin):
    create_member(department_admin, **fields(county.village, name="李村民", id_number=id_for(dt.date(1970, 1, 1), 31)))
    create_member(department_admin, **fields(county.other_village, name="王外村",
                                             id_number=id_for(dt.date(1970, 1, 1), 32)))
    client.force_login(department_admin)
    page = client.get(f"/members/?organization={county.township.pk}").content.decode()
    assert "李村民" in page and "王外村" not in page


def test_a_party_group_has_no_dues_figure(client, county, department_admin):
    from zugong.organizations.services import create_organization

    group = create_organization(department_admin, county.village, name="第一党小组", kind="group", sector="rural")
    client.force_login(department_admin)
    page = client.get(reverse("organizations:detail", args=[group.pk])).content.decode()
    assert 'data-testid="org-figure-members"' in page and 'data-testid="org-figure-dues"' not in page
