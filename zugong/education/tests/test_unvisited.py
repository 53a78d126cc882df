"""Members aged 70 (policy) and over not visited this year: the list, its export and the finding per branch."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from zugong.core.checks import run_checks
from zugong.core.dates import add_years
from zugong.core.models import Finding
from zugong.core.policy import set_policy_value
from zugong.education.models import CareVisit
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for


@pytest.fixture
def elderly(county, department_admin):
    today = timezone.localdate()

    def member(org, name, age, sequence):
        birth = add_years(today, -age) - dt.timedelta(days=10)
        return create_member(department_admin, **fields(org, name=name, id_number=id_for(birth, sequence),
                                                        joined_on=dt.date(1990, 7, 1), full_member_on=dt.date(1991, 7, 1)))

    people = {
        "old": member(county.village, "王老汉", 82, 41),
        "visited": member(county.village, "李奶奶", 75, 42),
        "last_year": member(county.village2, "赵大爷", 71, 43),
        "young": member(county.village, "孙中年", 65, 44),
        "other": member(county.other_village, "钱外镇", 80, 45),
    }
    CareVisit.objects.create(member=people["visited"], visited_on=today, visitor="支书")
    CareVisit.objects.create(member=people["last_year"], visited_on=dt.date(today.year - 1, 6, 1), visitor="支书")
    return people


def _names(page: str) -> set[str]:
    return {n for n in ("王老汉", "李奶奶", "赵大爷", "孙中年", "钱外镇") if n in page}


def test_the_list_holds_the_elderly_not_visited_this_year_in_scope(client, township_operator, elderly):
    client.force_login(township_operator)
    page = client.get(reverse("education:unvisited")).content.decode()
    assert _names(page) == {"王老汉", "赵大爷"}
    assert f"{timezone.localdate().year}年尚未走访慰问的70周岁以上党员" in page


def test_the_age_is_a_policy(client, department_admin, township_operator, elderly):
    set_policy_value(department_admin, "education.visit_min_age", "80")
    client.force_login(township_operator)
    assert _names(client.get(reverse("education:unvisited")).content.decode()) == {"王老汉"}


def test_the_list_filters_by_organization_and_is_paged(client, county, department_admin, elderly):
    client.force_login(department_admin)
    page = client.get(reverse("education:unvisited"), {"organization": county.village2.pk}).content.decode()
    assert _names(page) == {"赵大爷"}
    today = timezone.localdate()
    for n in range(50):
        create_member(department_admin, **fields(county.village, name=f"老党员{n:02d}",
                                                 id_number=id_for(add_years(today, -75) - dt.timedelta(days=n + 1),
                                                                  100 + n)))
    first = client.get(reverse("education:unvisited")).content.decode()
    assert "1 / 2" in first and first.count('href="/education/care/member/') == 50


def test_the_export_lists_them(client, township_operator, elderly):
    client.force_login(township_operator)
    response = client.get(reverse("education:unvisited_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [(r[0], r[1], r[3]) for r in rows] == [("王老汉", 82, "东风村党支部"), ("赵大爷", 71, "西岭村党支部")]


def test_each_branch_with_unvisited_elderly_is_a_finding_linking_to_its_list(county, elderly):
    run_checks(codes=["education.elderly_unvisited"])
    findings = {f.scope_path: f for f in Finding.objects.filter(check_code="education.elderly_unvisited")}
    year = timezone.localdate().year
    assert findings[county.village.path].title == f"东风村党支部有1名70周岁以上党员{year}年尚未走访慰问"
    assert findings[county.village.path].url == f"/education/care/unvisited/?organization={county.village.pk}"
    assert set(findings) == {county.village.path, county.village2.path, county.other_village.path}
    CareVisit.objects.create(member=elderly["old"], visited_on=timezone.localdate(), visitor="支书")
    run_checks(codes=["education.elderly_unvisited"])
    assert county.village.path not in {f.scope_path for f in Finding.objects.filter(
        check_code="education.elderly_unvisited")}
