"""Supervision of a cadre as the department's cadre-supervision section uses it: on the cadre's 谈话与报告 tab a
talk is recorded, last year's personal-matters report is first refused (dated before the year's end) and then
recorded, and the year's reports page counts it as reported."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.cadres.models import Cadre, PersonalMattersReport, Position, Talk, Tenure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_record_a_talk_and_last_years_report(page, county, department_admin, today):
    cadre = Cadre.objects.create(name="张建国", gender="男", birth=dt.date(1978, 3, 1), organization=county.township)
    post = Position.objects.create(organization=county.township, title="东风镇党委书记", rank="section_head")
    Tenure.objects.create(cadre=cadre, position=post, started_on=dt.date(2020, 3, 1))
    last = today.year - 1
    owed = "逾期未报告" if today > dt.date(today.year, 1, 31) else "未报告"

    log_in(page, "admin", PASSWORD)
    page.goto(f"/cadres/{cadre.pk}/")
    page.get_by_role("link", name="谈话与报告").click()
    expect(page.get_by_test_id("report-duties")).to_contain_text(f"{last}")
    expect(page.get_by_test_id("report-duties")).to_contain_text(owed)
    expect(page.get_by_test_id("talks")).to_contain_text("无谈话记录")

    page.get_by_test_id("talk-add").click()
    page.get_by_label("方式").select_option(label="提醒")
    page.get_by_label("日期", exact=True).fill(f"{today + dt.timedelta(days=1):%Y-%m-%d}")  # not yet held
    page.get_by_label("谈话人").fill("县委组织部部长")
    page.get_by_label("事由").fill("群众反映工作作风问题提醒")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("field-error")).to_contain_text("只能登记已进行的谈话")
    shot(page, "cadres-supervision-talk-refusal")
    page.get_by_label("日期", exact=True).fill(f"{today:%Y-%m-%d}")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("talks")).to_contain_text("群众反映工作作风问题提醒")
    expect(page.get_by_test_id("talks")).to_contain_text("提醒")
    assert Talk.objects.get().held_by == "县委组织部部长"

    page.get_by_test_id("report-add").click()
    expect(page.get_by_label("报告年度")).to_have_value(str(last))  # the year still owed
    page.get_by_label("报告日期").fill(f"{last}-12-20")
    page.get_by_label("本人的婚姻情况", exact=True).check()
    page.get_by_label("本人的婚姻情况：说明").fill("已婚")
    page.get_by_label("本人、配偶、共同生活的子女为所有权人或者共有人的房产情况", exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("field-error")).to_contain_text(f"报告日期：{last}-12-20 早于{last}年度结束")
    shot(page, "cadres-supervision-refusal")
    assert not PersonalMattersReport.objects.exists()
    submitted = min(dt.date(today.year, 1, 15), today)
    page.get_by_label("报告日期").fill(f"{submitted:%Y-%m-%d}")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("reports")).to_contain_text(f"{submitted:%Y-%m-%d}")
    expect(page.get_by_test_id("reports")).to_contain_text("本人的婚姻情况；本人、配偶、共同生活的子女为所有权人或者共有人的房产情况")
    expect(page.get_by_test_id("report-duties")).to_contain_text("已报告")
    expect(page.get_by_test_id("report-duties")).to_contain_text("未到报告时间")  # this year's, due next January
    shot(page, "cadres-supervision")

    page.goto(f"/cadres/reports/?year={last}")
    expect(page.get_by_test_id(f"report-row-{cadre.pk}")).to_contain_text("已报告")
    expect(page.get_by_test_id("figure-required")).to_have_text("1")
    expect(page.get_by_test_id("figure-reported")).to_have_text("1")
    expect(page.get_by_test_id("figure-overdue")).to_have_text("0")
    shot(page, "cadres-supervision-reports")

    page.goto("/cadres/talks/")
    expect(page.get_by_test_id("talk-table")).to_contain_text("群众反映工作作风问题提醒")
    shot(page, "cadres-supervision-talks")
