"""Fixtures of the cadre tests."""

import datetime as dt

import pytest

from zugong.cadres import services
from zugong.cadres.codes import Grade
from zugong.cadres.models import Position
from zugong.cadres.record import AssessmentResult
from zugong.cadres.tests.test_cadres import a_form, id_for


@pytest.fixture
def career(county, department_admin):
    """张建国: staff at 东风镇 (grassroots) 2000-07 → 2010-03, deputy at an agency 2010-03 → 2016-09, then
    township head (grassroots) from 2016-09 and also 人大主席 from 2019-01."""
    cadre = services.save_form(department_admin, a_form(), county.township)
    staff = Position.objects.create(organization=county.township, title="东风镇科员", rank="staff", grassroots=True)
    deputy = Position.objects.create(organization=county.agency_branch, title="县发改局副局长", rank="section_deputy")
    head = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head", grassroots=True)
    chair = Position.objects.create(organization=county.township, title="东风镇人大主席", rank="section_head",
                                    grassroots=True)
    services.appoint(department_admin, cadre, staff, dt.date(2000, 7, 1))
    services.end_tenure(department_admin, cadre.tenures.get(position=staff), dt.date(2010, 3, 1))
    services.appoint(department_admin, cadre, deputy, dt.date(2010, 3, 1))
    services.end_tenure(department_admin, cadre.tenures.get(position=deputy), dt.date(2016, 9, 1))
    services.appoint(department_admin, cadre, head, dt.date(2016, 9, 1))
    services.appoint(department_admin, cadre, chair, dt.date(2019, 1, 1))
    return cadre


@pytest.fixture
def young(county, department_admin):
    """王敏, born 1991.06, 大专, staff at 东风镇 since 2020-01, 称职 2023–2025."""
    cadre = services.save_form(department_admin, a_form(
        name="王敏", gender="女", birth=dt.date(1991, 6, 1), id_number=id_for(dt.date(1991, 6, 6), 51, male=False),
        full_time_education=a_form().full_time_education.__class__(level="大专"),
        assessments=[AssessmentResult(y, Grade.COMPETENT) for y in (2023, 2024, 2025)]), county.township)
    staff = Position.objects.create(organization=county.township, title="东风镇党政办科员", rank="staff",
                                    grassroots=True)
    services.appoint(department_admin, cadre, staff, dt.date(2020, 1, 1))
    return cadre
