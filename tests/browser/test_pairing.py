"""Pairing aid in the browser, from a phone (390x844): the department pairs the county's finance bureau with
东风村, records a project with its funds, a venue, a visit and a member's loan (applied, then granted), and the totals
page shows what was typed — seed 000's kind of table ("N projects, X万; N venues, Y万") — without sideways scroll."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.branchlife.tests.conftest import add_members
from zugong.organizations.models import WorkUnit
from zugong.pairing.models import MicroLoan, Pairing, Project, Venue, Visit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
MOBILE = {"width": 390, "height": 844}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _submit(page, expected: str) -> None:
    assert _fits(page)
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_contain_text(expected)
    assert _fits(page)


def test_the_department_records_pairing_aid_from_a_phone_and_the_totals_match(
        page, county, department_admin):
    WorkUnit.objects.create(name="县财政局", kind=WorkUnit.Kind.AGENCY, managed_by=county.agency_branch,
                            covered_by=county.agency_branch)
    member = add_members(department_admin, county.village, 1)[0]
    today = dt.date.today()
    page.set_viewport_size(MOBILE)
    log_in(page, "admin", PASSWORD)

    page.goto("/pairing/new/")
    page.get_by_label("帮扶村（党组织）").select_option(label="东风村党支部")
    page.get_by_label("帮扶单位").select_option(label="县财政局")
    page.get_by_label("结对日期").fill(today.replace(day=1).isoformat())
    page.get_by_label("帮扶内容").fill("引进特色种植项目，改善活动场所")
    _submit(page, "已登记结对帮扶。")
    expect(page.get_by_test_id("pairing-title")).to_contain_text("县财政局 → 东风村党支部")

    page.get_by_test_id("project-new").click()
    page.get_by_label("项目名称").fill("蔬菜大棚")
    page.get_by_label("项目类别").select_option(label="产业发展")
    page.get_by_label("计划资金（元）").fill("500000")
    page.get_by_label("到位资金（元）").fill("321900.50")
    page.get_by_label("状态").select_option(label="实施中")  # a project only planned has no funds in place yet
    page.get_by_label("立项日期").fill(today.isoformat())
    _submit(page, "已登记帮扶项目。")
    expect(page.get_by_test_id("projects")).to_contain_text("321900.50")

    page.get_by_test_id("venue-new").click()
    page.get_by_label("建设方式").select_option(label="新建")
    page.get_by_label("建筑面积（平方米）").fill("260")
    page.get_by_label("投入资金（元）").fill("120000")
    page.get_by_label("开工日期").fill(today.isoformat())
    _submit(page, "已登记活动场所建设。")

    page.get_by_test_id("visit-new").click()
    page.get_by_label("走访日期").fill(today.isoformat())
    page.get_by_label("走访人").fill("张局长")
    page.get_by_label("走访内容").fill("察看大棚建设进度")
    _submit(page, "已登记走访。")
    expect(page.get_by_test_id("visits")).to_contain_text("察看大棚建设进度")
    shot(page, "pairing-detail-390")

    page.goto(f"/pairing/loans/?q={member.name}")
    page.get_by_test_id("applicants").get_by_role("link").click()
    page.get_by_label("贷款金额（元）").fill("80000")
    page.get_by_label("贷款银行").fill("县农村商业银行")
    page.get_by_label("申请日期").fill(today.isoformat())
    _submit(page, "已登记党员创业贷款申请。")
    page.get_by_test_id("loans").get_by_role("link", name="办理").click()
    page.get_by_label("改为").select_option(label="已发放")
    page.locator("#id_on").fill(today.isoformat())  # "日期" is also in "到期日期"
    page.get_by_label("到期日期").fill(today.replace(year=today.year + 2).isoformat())
    _submit(page, "已更新贷款状态。")
    expect(page.get_by_test_id("loans")).to_contain_text("已发放")

    page.goto(f"/pairing/totals/?organization={county.township.pk}")
    sentence = page.get_by_test_id("totals-sentence")
    expect(sentence).to_contain_text("帮扶项目1个、到位资金32.19万元；活动场所1个、资金12.00万元。")
    expect(sentence).to_contain_text("1笔党员创业贷款获得8.00万元信贷支持。")
    total = page.get_by_test_id("totals-total")
    expect(total.locator("td")).to_have_text(["合计", "1", "1", "32.19", "1", "12.00", "1", "1", "8.00", "0/1"])
    assert _fits(page)
    shot(page, "pairing-totals-390")

    pairing = Pairing.objects.get()
    assert (pairing.village, pairing.helper_unit.name) == (county.village, "县财政局")
    assert Project.objects.get().funds_spent == pytest.approx(321900.50)
    assert (Venue.objects.get().funds, Visit.objects.get().visitors) == (120000, "张局长")
    assert MicroLoan.objects.get().status == MicroLoan.Status.GRANTED
