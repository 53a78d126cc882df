"""公开选拔 on a phone (390x844): a 考察对象 from outside the register is entered in it from the case page
(登记入干部库), the form prefilled from the registration; the button is gone once linked."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.appointments import competition, services
from zugong.appointments.models import CaseStep, SelectionCase
from zugong.appointments.tests.conftest import DATES, open_case
from zugong.appointments.tests.test_competition import announce, outsider, passed
from zugong.appointments.tests.test_outsiders import ID
from zugong.cadres.models import Cadre, Position

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}
K = CaseStep.Kind


def test_an_outsider_enters_the_register_from_the_case_on_a_phone(page, county, department_admin):
    post = Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head",
                                   grassroots=True)
    setup = type("Setup", (), {"post": post})
    case = open_case(department_admin, county, setup, kind=SelectionCase.Kind.OPEN)
    announce(department_admin, case)
    for name, score in (("郑一", 90), ("郑二", 80)):
        registration = passed(department_admin, outsider(department_admin, case, post, name))
        competition.record_scores(department_admin, case,
                                  [competition.ScoreRow(registration.pk, Decimal(score), Decimal(score))])
    services.record_step(department_admin, case, K.CANDIDATES_CHOSEN, DATES[K.CANDIDATES_CHOSEN])
    first = case.candidates.get(name="郑一")

    page.set_viewport_size(PHONE)
    log_in(page, "admin", PASSWORD)
    page.goto(case.get_absolute_url())
    page.get_by_test_id(f"enter-register-{first.pk}").click()
    expect(page.get_by_label("姓名")).to_have_value("郑一")
    expect(page.get_by_label("出生年月")).to_have_value("1985-03-01")
    page.get_by_label("性别").select_option("男")
    page.get_by_label("身份证号").fill(ID)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "appointments-outsider-register-phone")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_role("alert").first).to_contain_text("郑一已登记入干部名册")
    expect(page.get_by_test_id(f"enter-register-{first.pk}")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "appointments-outsider-registered-phone")
    cadre = Cadre.objects.get(id_number=ID)
    assert (cadre.name, cadre.birth, cadre.organization) == ("郑一", dt.date(1985, 3, 1), county.township)
