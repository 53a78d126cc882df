"""Dues as a branch secretary collects them and the department adjusts the table."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.core.dates import add_months
from zugong.dues.models import DuesPayment
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _label(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def test_a_branch_collects_the_month_and_a_member_pays_back_months(page, county, branch_secretary, department_admin):
    this_month = timezone.localdate().replace(day=1)
    earner = create_member(department_admin, **fields(
        county.village, occupation="official", dues_category="wage", dues_base=Decimal("4000"),
        dues_from=add_months(this_month, -2)))
    create_member(department_admin, **fields(county.village, name="李桂兰", id_number=id_for(dt.date(1968, 4, 2), 22)))
    create_member(department_admin, **fields(county.village, name="王明", id_number=id_for(dt.date(1985, 9, 9), 33),
                                             occupation="official", joined_on=dt.date(2010, 7, 1),
                                             full_member_on=dt.date(2011, 7, 1)))  # no base recorded yet

    log_in(page, "branch", PASSWORD)
    page.get_by_role("link", name="党费").first.click()
    page.get_by_test_id("collect-here").click()
    sheet = page.get_by_test_id("collect-sheet")
    expect(sheet).to_contain_text("未填基数")
    expect(page.get_by_test_id("unpaid-total")).to_have_text("40.20")
    page.get_by_role("checkbox", name="全选").check()
    page.get_by_role("button", name="登记勾选党员已交纳").click()
    expect(page.get_by_role("alert").first).to_have_text(f"已登记 2 名党员{_label(this_month)}的党费，合计 40.20 元。")
    expect(sheet.get_by_text("已缴")).to_have_count(2)
    shot(page, "dues-collect")

    page.get_by_role("link", name="张建国").click()
    expect(page.get_by_test_id("dues-arrears-total")).to_have_text("2 个月，80.00 元")
    page.get_by_role("link", name="登记交纳").click()
    page.get_by_label(f"{_label(add_months(this_month, -2))}（40.00 元）").check()
    page.get_by_label(f"{_label(add_months(this_month, -1))}（40.00 元）").check()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_have_text("已登记 2 个月的党费，合计 80.00 元。")
    expect(page.get_by_test_id("dues-arrears-total")).to_have_text("0 个月，0.00 元")
    expect(page.get_by_test_id("dues-paid-total")).to_have_text("120.00")
    shot(page, "dues-ledger")
    assert DuesPayment.objects.filter(member=earner).count() == 3

    page.get_by_role("link", name="党费").first.click()
    expect(page.get_by_test_id("dues-grand-total")).to_have_text("120.20")
    with page.expect_download() as download:
        page.get_by_test_id("dues-export").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.active.cell(row=4, column=14).value == pytest.approx(120.20)
    shot(page, "dues-overview")


def test_the_department_raises_the_farmers_amount_from_next_month(page, county, department_admin):
    this_month = timezone.localdate().replace(day=1)
    next_month = add_months(this_month, 1)
    farmer = create_member(department_admin, **fields(county.village))
    log_in(page, "admin", PASSWORD)
    page.goto("/dues/rates/")
    page.get_by_test_id("dues-rates").get_by_role("row").filter(has_text="农民").get_by_role("link", name="调整").click()
    page.get_by_label("起用月份").fill(f"{add_months(this_month, -1):%Y-%m}")
    page.get_by_label("依据（文件名称与文号）").fill("某省党费收缴管理办法")
    page.get_by_label("定额（元/月）").fill("0.50")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("field-error")).to_have_text(
        "起用月份不能早于本月：已过去月份的应缴金额按当时的标准计算，不能改动")
    page.get_by_label("起用月份").fill(f"{next_month:%Y-%m}")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_contain_text(f"自{_label(next_month)}起执行")
    expect(page.get_by_test_id("dues-rates")).to_contain_text("待执行")
    shot(page, "dues-rates")
    page.goto(f"{farmer.get_absolute_url()}?tab=dues")
    ledger = page.get_by_test_id("dues-ledger")
    expect(ledger.get_by_role("row").filter(has_text=_label(this_month))).to_contain_text("0.20")
    expect(ledger.get_by_role("row").filter(has_text=_label(next_month))).to_contain_text("0.50")
