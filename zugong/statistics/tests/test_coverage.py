"""Coverage of non-public enterprises at the policy's boundaries (29/30 and 49/50 employees, 2/3 full members)."""

import datetime as dt

import pytest

from zugong.core.checks import run_checks
from zugong.core.models import Finding
from zugong.core.policy import set_policy_value
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations.models import WorkUnit
from zugong.statistics.coverage import coverage

TODAY = dt.date(2026, 11, 20)


def enterprise(county, name, employees, above_scale=False, covered=False):
    return WorkUnit.objects.create(name=name, kind=WorkUnit.Kind.PRIVATE_ENTERPRISE, employee_count=employees,
                                   is_above_scale=above_scale, managed_by=county.township,
                                   covered_by=county.village if covered else None)


def staff(department_admin, county, unit, count, first):
    for n in range(count):
        create_member(department_admin, **fields(county.village, name=f"职工{first + n}", work_unit=unit,
                                                 id_number=id_for(dt.date(1970, 1, 1) + dt.timedelta(days=first + n),
                                                                  first + n)))


@pytest.fixture
def firms(county, department_admin):
    made = {
        "29人": enterprise(county, "二十九人公司", 29), "30人": enterprise(county, "三十人公司", 30),
        "49人": enterprise(county, "四十九人公司", 49), "50人": enterprise(county, "五十人公司", 50, above_scale=True),
        "2党员": enterprise(county, "两名党员公司", 10), "3党员": enterprise(county, "三名党员公司", 10),
        "已覆盖": enterprise(county, "已建党组织公司", 120, above_scale=True, covered=True),
    }
    staff(department_admin, county, made["2党员"], 2, 1)
    staff(department_admin, county, made["3党员"], 3, 10)
    staff(department_admin, county, made["49人"], 1, 20)
    return made


def reasons(user, county):
    return {s.unit.name: s.reasons for s in coverage(user, county.county.path, TODAY).shortfalls}


def test_the_rules_apply_at_their_boundaries(firms, county, department_admin):
    assert reasons(department_admin, county) == {
        "三十人公司": ["从业人员30人（≥30人），还没有党员"],
        "五十人公司": ["从业人员50人（≥30人），还没有党员", "从业人员50人（≥50人），还没有建立党组织"],
        "三名党员公司": ["有正式党员3名（≥3名），还没有建立党组织"],
    }
    figures = coverage(department_admin, county.county.path, TODAY)
    assert (figures.enterprises, figures.covered, figures.coverage_rate) == (7, 1, "14.29%")
    assert (figures.above_scale, figures.above_scale_covered, figures.above_scale_rate) == (2, 1, "50.00%")


def test_the_rules_follow_policy_changes(firms, county, department_admin):
    set_policy_value(department_admin, "coverage.members_from_employees", "29")
    set_policy_value(department_admin, "coverage.organization_from_members", "2")
    found = reasons(department_admin, county)
    assert found["二十九人公司"] == ["从业人员29人（≥29人），还没有党员"]
    assert found["两名党员公司"] == ["有正式党员2名（≥2名），还没有建立党组织"]


def test_each_shortfall_is_a_finding_seen_in_scope(firms, county, township_operator, outsider, client):
    run_checks(today=TODAY, codes=["coverage.shortfall"])
    assert Finding.objects.filter(check_code="coverage.shortfall").count() == 3
    client.force_login(outsider)
    assert client.get("/statistics/coverage/").context["figures"].enterprises == 0
    client.force_login(township_operator)
    page = client.get("/statistics/coverage/").content.decode()
    assert 'data-testid="coverage-rate">14.29%<' in page and "三名党员公司" in page
