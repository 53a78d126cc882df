"""The public portal in the browser: a visitor on a phone (390×844) opens /, reads a current 公示 — the portal's own
and a 任前公示 with its candidate by the six fields — without sideways scrolling, and follows the 12380 link to the
reporting form. No cookie is set on the way."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.conftest import shot
from zugong.portal.tests.public_records import frozen_day, make_records

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"


def test_a_visitor_reads_a_publicity_on_a_phone_and_follows_the_12380_link(chromium, live_server, county,
                                                                          department_admin):
    with frozen_day():
        make_records(county, department_admin)
    # The pages' day is the records' day; the clock runs on from there (the browser keeps its own).
    with time_machine.travel(dt.datetime(2026, 10, 9, 2, 0, tzinfo=dt.UTC), tick=True):
        phone = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True,
                                     has_touch=True)
        visitor = phone.new_page()
        visitor.goto("/")
        expect(visitor.get_by_test_id("portal-login")).to_have_attribute("href", "/accounts/login/")
        publicity = visitor.get_by_test_id("home-publicity")
        expect(publicity.get_by_role("link", name="东风镇发展党员公示")).to_be_visible()
        fits(visitor, 390)
        shot(visitor, "portal-public-home-phone")

        publicity.get_by_role("link", name="东风镇党委任前公示").click()
        entries = visitor.get_by_test_id("publicity-entries")
        expect(entries).to_contain_text("李明")
        expect(entries).to_contain_text("1984.05")
        expect(entries).to_contain_text("东风镇镇长")
        expect(visitor.get_by_test_id("portal-notice")).to_contain_text("3607**********")
        fits(visitor, 390)
        shot(visitor, "portal-public-pre-appointment-phone")

        visitor.get_by_test_id("portal-home").click()
        visitor.get_by_test_id("home-publicity").get_by_role("link", name="东风镇发展党员公示").click()
        expect(visitor.get_by_test_id("publicity-period")).to_have_text("公示期：2026-10-09至2026-10-23")
        fits(visitor, 390)
        shot(visitor, "portal-public-publicity-phone")

        visitor.get_by_role("link", name="12380网上举报").first.click()
        expect(visitor.get_by_label("被举报人姓名")).to_be_visible()
        assert visitor.url.endswith("/r/")
        assert phone.cookies() == []
        phone.close()
