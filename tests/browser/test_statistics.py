"""The statistics as a department's staff use them: a cell opened, two days compared, exported, charts clicked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.dues.models import DuesPayment
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_cell_opens_its_members_and_two_days_compare(page, county, department_admin):
    create_member(department_admin, **fields(county.village, name="张建国"))
    create_member(department_admin, **fields(county.village2, name="李芳", id_number=id_for(dt.date(1990, 4, 4), 22),
                                             joined_on=dt.date(2020, 7, 1), full_member_on=dt.date(2021, 7, 1)))
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="统计报表").click()
    page.get_by_label("统计时点").fill("2021-12-31")
    page.get_by_label("对比时点（可选）").fill("2019-12-31")
    page.get_by_role("button", name="统计", exact=True).click()
    expect(page.get_by_test_id("table-gender")).to_contain_text("+1")  # 李芳 joined in 2020
    expect(page.get_by_test_id("cell-gender-female")).to_have_text("1")
    shot(page, "statistics-overview")
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename.endswith("-20211231.xlsx")
    page.get_by_test_id("cell-gender-female").click()
    expect(page.get_by_test_id("cell-count")).to_have_text("1")
    expect(page.get_by_test_id("cell-records")).to_contain_text("李芳")


def test_the_charts_draw_in_chinese_and_a_bar_opens_its_records(page, county, department_admin):
    create_member(department_admin, **fields(county.village, name="张建国"))
    log_in(page, "admin", PASSWORD)
    page.goto("/statistics/charts/")
    chart = page.get_by_test_id("chart-1")
    expect(chart).to_have_attribute("data-ready", "true")
    expect(chart.locator("svg")).to_contain_text("61岁及以上")
    shot(page, "statistics-charts")
    chart.locator("svg path[fill='#b5121b']").filter(visible=True).first.click(force=True)  # one bar; force: hover re-renders it
    expect(page.get_by_test_id("cell-count")).to_have_text("1")
    expect(page.get_by_test_id("cell-records")).to_contain_text("张建国")


def test_the_dues_dashboard_bar_opens_the_months_payments_and_their_sum(page, county, department_admin):
    member = create_member(department_admin, **fields(county.village, name="张建国"))
    today = timezone.localdate()
    for month, amount in ((today.replace(day=1), "12.50"), (dt.date(today.year - 1, 12, 1), "10.00")):
        DuesPayment.objects.create(member=member, month=month, paid_on=today, amount=Decimal(amount),
                                   due_amount=Decimal(amount), organization=county.village)
    log_in(page, "admin", PASSWORD)
    page.goto("/statistics/charts/?module=dues")
    chart = page.get_by_test_id("chart-1")
    expect(chart).to_have_attribute("data-ready", "true")
    expect(page.get_by_text(f"{today.year}年各月党费收缴")).to_be_visible()
    expect(chart.locator("svg")).to_contain_text("22.5")
    expect(page.get_by_test_id("chart-2")).to_have_text("暂无数据")  # no findings yet: said, not empty axes
    shot(page, "statistics-charts-dues")
    chart.locator("svg path[fill='#b5121b']").filter(visible=True).first.click(force=True)  # one month; force: hover re-renders it
    expect(page.get_by_test_id("cell-count")).to_have_text("2")
    expect(page.get_by_test_id("cell-amount")).to_contain_text("22.50")
    expect(page.get_by_test_id("cell-records")).to_contain_text("张建国")
    page.goto(f"/statistics/?day={today:%Y-%m-%d}")
    expect(page.get_by_test_id("amount-dues-back")).to_have_text("10.00")
    page.get_by_test_id("table-dues").scroll_into_view_if_needed()
    shot(page, "statistics-overview-dues")


def test_the_home_dashboard_shows_charts_and_leads_to_each_modules_dashboard(page, county, department_admin):
    create_member(department_admin, **fields(county.village, name="张建国"))
    log_in(page, "admin", PASSWORD)
    panel = page.get_by_test_id("dashboard-charts")
    expect(panel.get_by_test_id("chart-1")).to_have_attribute("data-ready", "true")
    expect(panel.get_by_test_id("chart-1").locator("svg")).to_contain_text("61岁及以上")
    panel.scroll_into_view_if_needed()
    shot(page, "dashboard-charts")
    panel.get_by_test_id("module-charts-dues").click()
    expect(page.get_by_test_id("chart-modules").locator(".active")).to_have_text("党费")
    expect(page.get_by_text(f"{timezone.localdate().year}年各月党费收缴")).to_be_visible()


def test_the_department_finalizes_a_day_and_can_still_count_live(page, county, department_admin):
    create_member(department_admin, **fields(county.village, name="张建国"))
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="统计报表").click()
    page.get_by_label("统计时点").fill("2021-12-31")
    page.get_by_role("button", name="统计", exact=True).click()
    page.get_by_test_id("finalize").click()
    expect(page.get_by_text("已完成2021-12-31统计定稿")).to_be_visible()
    expect(page.get_by_test_id("finalized")).to_contain_text("以下为定稿数")
    expect(page.get_by_test_id("cell-gender-total")).to_have_text("1")
    create_member(department_admin, **fields(county.village2, name="李芳", id_number=id_for(dt.date(1990, 4, 4), 22),
                                             joined_on=dt.date(2020, 7, 1), full_member_on=dt.date(2021, 7, 1)))
    page.reload()
    expect(page.get_by_test_id("cell-gender-total")).to_have_text("1")  # the finalized figure stands
    shot(page, "statistics-finalized")
    page.get_by_test_id("live-link").click()
    expect(page.get_by_test_id("live-note")).to_be_visible()
    expect(page.get_by_test_id("cell-gender-total")).to_have_text("2")  # 李芳, registered since, counted live
