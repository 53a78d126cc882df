"""The list's filters and the statistics page, with hand-counted outcomes."""

import datetime as dt

import pytest
from django.urls import reverse

from zugong.talent.models import Industry
from zugong.talent.tests.conftest import category, make_talent

pytestmark = pytest.mark.django_db


def _names(client, **query) -> set[str]:
    page = client.get(reverse("talent:list"), query).content.decode()
    return {name for name in ("甲博士", "乙技师", "丙农民", "丁外镇") if name in page}


def test_the_list_filters_by_category_level_age_education_and_industry(client, county, department_admin, today):
    metal = Industry.objects.get(code="metallurgy")
    make_talent(department_admin, county.village, "甲博士", degree="doctor", industry=metal,
                own_birth_date=dt.date(today.year - 35, 1, 1))
    make_talent(department_admin, county.village, "乙技师", category=category("high_skill"), own_education="secondary",
                own_birth_date=dt.date(today.year - 50, 1, 1))
    make_talent(department_admin, county.village, "丙农民", category=category("rural"), own_education="high_school",
                own_birth_date=dt.date(today.year - 45, 1, 1))
    make_talent(department_admin, county.other_village, "丁外镇", own_birth_date=dt.date(today.year - 30, 1, 1))
    client.force_login(department_admin)
    assert _names(client) == {"甲博士", "乙技师", "丙农民", "丁外镇"}
    assert _names(client, level="high") == {"甲博士"}
    assert _names(client, category=category("rural").pk) == {"丙农民"}
    assert _names(client, industry=metal.pk) == {"甲博士"}
    assert _names(client, min_age=40, max_age=49) == {"丙农民"}
    assert _names(client, education="secondary") == {"乙技师"}
    assert _names(client, organization=county.township.pk) == {"甲博士", "乙技师", "丙农民"}


def test_the_statistics_count_the_readers_scope(client, county, department_admin, township_operator):
    for name in ("甲", "乙"):
        make_talent(department_admin, county.village, name, category=category("rural"))
    make_talent(department_admin, county.other_village, "丙", category=category("rural"), degree="doctor")
    client.force_login(township_operator)
    response = client.get(reverse("talent:statistics"))
    by_category = next(c for c in response.context["charts"] if c["id"] == "talent-by-category")
    assert dict(by_category["rows"])["农村实用人才"] == 2  # the township's two; the other township's one is not counted
    by_level = next(c for c in response.context["charts"] if c["id"] == "talent-by-level")
    assert dict(by_level["rows"])["高层次人才"] == 0
    client.force_login(department_admin)
    by_level = next(c for c in client.get(reverse("talent:statistics")).context["charts"]
                    if c["id"] == "talent-by-level")
    assert dict(by_level["rows"])["高层次人才"] == 1


def test_the_api_gives_the_phone_masked(client, county, department_admin):
    talent = make_talent(department_admin, county.village, "钱工", phone="13912345678")
    client.force_login(department_admin)
    body = client.get(f"/api/v1/talents/{talent.pk}").json()
    assert (body["name"], body["phone"], body["level"]) == ("钱工", "1391***5678", "general")
