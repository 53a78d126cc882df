"""The survey report as the department and a township see it: seed 002's table, the ranking, the charts in
Chinese, a drill-down into a township, and the shares of the 换届风气测评 (seed 000)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.surveys.tests.factories import answer, make_group, make_survey
from zugong.surveys.tests.test_report import build

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def open_report(page, name: str):
    page.get_by_role("link", name="民意调查").first.click()
    page.get_by_role("link", name=name).first.click()
    page.get_by_test_id("survey-tabs").get_by_role("link", name="结果报告").click()


def test_the_department_reads_the_county_report_and_drills_down(page, county, department_admin):
    build(county)
    log_in(page, "admin", PASSWORD)
    open_report(page, "组织工作满意度民意调查")
    expect(page.get_by_test_id("report-org")).to_contain_text("示范县委")
    m1 = page.get_by_test_id("main-table").get_by_test_id("line-M1")
    expect(m1.get_by_test_id("score")).to_have_text("78.18")
    expect(m1).to_contain_text("+3.01")  # 比全国 75.17
    children = page.get_by_test_id("children-table")
    expect(children.get_by_test_id("child-row").first).to_contain_text("87.27 第1/2")
    expect(children.get_by_test_id("child-row").nth(1)).to_contain_text("60.00 第2/2")
    bars = page.get_by_test_id("chart-children-1")
    expect(bars).to_have_attribute("data-ready", "true")
    expect(bars.locator("svg")).to_contain_text("东风镇党委")
    expect(bars.locator("svg")).to_contain_text("60.00")  # the bar's label, as the table writes the score
    years = page.get_by_test_id("chart-years")
    expect(years).to_have_attribute("data-ready", "true")
    expect(years.locator("svg")).to_contain_text("2025年")
    expect(page.get_by_test_id("formula")).to_contain_text("计入得分的答案数")
    shot(page, "surveys-report-county")
    children.get_by_role("link", name="东风镇党委").click()
    expect(page.get_by_test_id("report-org")).to_contain_text("东风镇党委")
    m1 = page.get_by_test_id("main-table").get_by_test_id("line-M1")
    expect(m1.get_by_test_id("score")).to_have_text("87.27")
    expect(m1.get_by_test_id("rank")).to_have_text("第1/2")
    expect(m1.get_by_test_id("versus-parent")).to_have_text("+9.09")
    shot(page, "surveys-report-township")


def test_a_township_operator_sees_only_their_township(page, county, township_operator):
    build(county)
    log_in(page, "township", PASSWORD)
    open_report(page, "组织工作满意度民意调查")
    expect(page.get_by_test_id("report-org")).to_contain_text("东风镇党委")
    children = page.get_by_test_id("children-table")
    expect(children.get_by_test_id("child-link")).to_have_text(["东风村党支部", "西岭村党支部"])
    expect(page.locator("body")).not_to_contain_text("南山镇党委")
    shot(page, "surveys-report-township-operator")
    children.get_by_role("link", name="西岭村党支部").click()
    expect(page.get_by_test_id("main-table").get_by_test_id("line-M1").get_by_test_id("rank")).to_have_text("第2/2")


def test_the_election_conduct_shares_add_up_to_100(page, county, department_admin):
    survey = make_survey(county.county, name="换届风气测评", kind="election_conduct", status="closed")
    for township in (county.township, county.other_township):
        group = make_group(survey, township, kind="members", quota=2000)
        answer(survey, group, {"C1": "很好"}, times=1972 if township == county.township else 1971)
    answer(survey, survey.groups.first(), {"C1": "好"}, times=13)
    log_in(page, "admin", PASSWORD)
    open_report(page, "换届风气测评")
    shares = page.get_by_test_id("shares-1")
    expect(shares).to_contain_text("99.67%")
    expect(shares).to_contain_text("0.33%")
    expect(shares).to_contain_text("100.00%")
    expect(shares).to_contain_text("3956")
    shares.scroll_into_view_if_needed()
    shot(page, "surveys-report-election-conduct")


def test_the_department_enters_an_outside_average_and_a_wrong_one_is_refused(page, county, department_admin):
    survey = build(county)
    log_in(page, "admin", PASSWORD)
    open_report(page, "组织工作满意度民意调查")
    page.get_by_test_id("averages-link").click()
    page.get_by_label("对组工干部的评价·全国平均").fill("75.54")
    page.get_by_label("对组工干部的评价·全区（省）平均").fill("100.5")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("对组工干部的评价·全区（省）平均：平均分应在0—100之间，收到100.5")
    shot(page, "surveys-report-averages-refused")
    assert not survey.external_averages.filter(indicator__code="M2").exists()
    page.get_by_label("对组工干部的评价·全区（省）平均").fill("73.32")
    page.get_by_role("button", name="保存").click()
    m2 = page.get_by_test_id("main-table").get_by_test_id("line-M2")
    expect(m2).to_contain_text("75.54")
    expect(m2).to_contain_text("+3.81")  # 79.35 − 75.54
