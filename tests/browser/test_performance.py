"""An agency's scorecard over two periods (机关绩效): period 1 assessed already; on a phone the agency's operator
types period 2's values with evidence, the department inspects and assesses period 2 on the period's page, and the
agency's card then shows both periods' scores and ranks and the trend chart — no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD, make_user
from zugong.performance import services
from zugong.performance.models import Period
from zugong.performance.tests import helpers as h

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def test_an_agencys_scorecard_over_two_periods(page, county, department_admin):
    h.agencies(county)
    year = h.template(county, department_admin)
    h.run_period(department_admin, year, 1, h.FIRST)
    second = h.period(year, 2)
    services.take_step(department_admin, second, Period.Step.DEPLOYED, second.starts_on, note="部署重点任务")
    h.enter(department_admin, year, 2, {name: ("10", "90", "2", "8") for name in ("县商务局", "县水利局", "县审计局")})
    card = h.card(year, "县教育局")
    make_user("education", "operator", card.organization, "教育局党建指导员")

    page.set_viewport_size(PHONE)
    log_in(page, "education", PASSWORD)
    page.goto(f"/performance/cards/{card.pk}/")
    expect(page.get_by_test_id("card-period-1").get_by_test_id("total")).to_have_text("82.00")
    expect(page.get_by_test_id("card-period-1").get_by_test_id("rank")).to_have_text("2")
    assert page.evaluate(NO_SIDEWAYS)
    page.get_by_test_id("enter-2").click()
    values = {"重点项目完成数": "9", "群众满意率": "90", "督查发现问题数": "2", "干部培训学时": "8"}
    for label, value in values.items():
        row = page.get_by_test_id(f"actual-{h.indicator(year, label).pk}")
        row.locator("input[name$='-value']").fill(value)
        row.locator("textarea[name$='-evidence']").fill(f"{label}台账")
    assert page.evaluate(NO_SIDEWAYS)
    shot(page, "performance-actuals-phone")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_text("已保存")).to_be_visible()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "admin", PASSWORD)
    page.goto(f"/performance/periods/{second.pk}/")
    page.get_by_test_id("step-submit").click()  # inspect, today
    expect(page.get_by_test_id("period-step")).to_have_text("已督查")
    page.get_by_test_id("step-submit").click()  # assess, today (after the period's end)
    expect(page.get_by_test_id("period-step")).to_have_text("已考核")
    # 县教育局 9 of 10 → 36 + 30 + 20 + 10 = 96.00, second behind the three at 100
    expect(page.get_by_test_id(f"score-{card.pk}").get_by_test_id("total")).to_have_text("96.00")
    expect(page.get_by_test_id(f"score-{card.pk}").get_by_test_id("rank")).to_have_text("4")
    expect(page.get_by_test_id("laggards")).to_contain_text("县教育局（第4名）")

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in(page, "education", PASSWORD)
    page.goto(f"/performance/cards/{card.pk}/")
    expect(page.get_by_test_id("card-period-2").get_by_test_id("total")).to_have_text("96.00")
    expect(page.get_by_test_id("card-period-2").get_by_test_id("rank")).to_have_text("4")
    expect(page.get_by_test_id("chart-card-trend").locator("svg")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS)
    shot(page, "performance-card-phone")
