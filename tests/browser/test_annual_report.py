"""The 一报告 as the department administrator meets it: the year's figures on the page, on a desktop and a phone,
and the Word report downloaded from it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.appointments.tests.test_annual_report import YEAR, a_year

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("size", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_years_report_on_a_desktop_and_a_phone(page, live_server, county, department_admin, size):
    a_year(county, department_admin)
    page.set_viewport_size(size)
    log_in(page, department_admin.username, PASSWORD)
    page.goto(f"{live_server.url}/appointments/report/?year={YEAR}&root={county.township.pk}")
    expect(page.get_by_test_id("open-share")).to_have_text("36.36%")
    expect(page.get_by_test_id("promoted")).to_have_text("11")
    expect(page.get_by_test_id("by-rank")).to_contain_text("乡科级副职")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, f"annual-report-{size['width']}")
    with page.expect_download() as download:
        page.get_by_test_id("report-docx").click()
    assert download.value.suggested_filename == f"selection-report-{YEAR}-{county.township.pk}.docx"
