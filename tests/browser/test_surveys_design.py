"""The department designs a satisfaction survey from the ready-made design, adds a scored question, a group and 30
codes, prints the slips and opens the survey; a respondent answers on a phone without logging in, and the same
code is refused the second time."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, log_in, shot
from tests.fixtures import PASSWORD
from zugong.surveys.models import Invitation, Response, Survey

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NAME = "2026年组织工作满意度民意调查"


def design_and_print(page, county) -> str:
    """The department admin's part; returns one printed code."""
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="民意调查").click()
    page.get_by_role("link", name="新建调查").click()
    page.get_by_label("调查名称").fill(NAME)
    page.get_by_label(re.compile(r"^类型")).select_option(label="组织工作满意度民意调查")
    page.get_by_label("组织单位").select_option(label="示范县委")
    expect(page.get_by_label("使用现成问卷")).to_be_checked()
    expect(page.get_by_label("匿名调查")).to_be_checked()
    shot(page, "surveys-create")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_have_text(f"已新建调查「{NAME}」。")
    expect(page).to_have_title(f"{NAME} · 组工")
    expect(page.get_by_test_id("indicators")).to_contain_text("对防止和纠正用人上不正之风工作的评价")
    expect(page.get_by_test_id("question-1")).to_contain_text("不了解 不计分")

    page.get_by_role("link", name="新增题目").click()
    page.get_by_label("所属部分").select_option(label="三、意见建议")
    page.get_by_label("题目").fill("您对本单位基层党组织建设的评价是？")
    page.get_by_label("计入指标").select_option(label="S5 基层党组织建设（次要指标）")
    page.get_by_role("button", name="好/较好/一般/差/不了解").click()
    expect(page.get_by_label("选项及分值")).to_have_value("好=100\n较好=80\n一般=60\n差=0\n不了解=不计分")
    shot(page, "surveys-question-form")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_have_text("已保存第16题。")
    new = page.get_by_test_id("question-16")
    expect(new).to_contain_text("您对本单位基层党组织建设的评价是？")
    expect(new).to_contain_text("好 100分")
    expect(new).to_contain_text("不了解 不计分")
    shot(page, "surveys-detail")

    page.get_by_role("link", name="调查对象与邀请码").click()
    page.get_by_label("被调查单位").select_option(label="　东风镇党委")
    page.get_by_label("调查对象").select_option(label="干部")
    page.get_by_label("样本数").fill("30")
    page.get_by_role("button", name="新增", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("已新增调查对象「东风镇党委·干部」，样本数30。")
    page.get_by_label("生成个数").fill("30")
    page.get_by_role("button", name="生成", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("已为「东风镇党委·干部」生成30个邀请码。")
    group = Survey.objects.get(name=NAME).groups.get()
    row = page.get_by_test_id(f"group-{group.pk}")
    expect(row.get_by_test_id("issued")).to_have_text("30")
    expect(row.get_by_test_id("received")).to_have_text("0 / 30")
    shot(page, "surveys-groups")

    page.get_by_role("link", name="打印邀请条（30）").click()
    expect(page.get_by_test_id("slip")).to_have_count(30)
    expect(page.get_by_test_id("slip").first).to_contain_text("/s/")
    expect(page.get_by_test_id("slip").first).to_contain_text(NAME)
    shot(page, "surveys-slips")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.get_by_test_id("survey-tabs")).to_be_hidden()
    expect(page.get_by_test_id("slip").first).to_be_visible()
    shot(page, "surveys-slips-print")
    page.emulate_media(media="screen")
    code = page.get_by_test_id("slip-code").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)

    page.get_by_role("link", name="问卷设计").click()
    page.get_by_role("button", name="开始填写").click()
    expect(page.get_by_role("alert")).to_have_text(f"「{NAME}」已开始填写。")
    expect(page.get_by_role("button", name="结束调查")).to_be_visible()
    page.get_by_role("link", name="民意调查").first.click()
    expect(page.get_by_test_id("surveys")).to_contain_text("进行中")
    shot(page, "surveys-list")
    return code


def answer_on_a_phone(phone, code: str):
    phone.goto("/s/")
    phone.get_by_label("邀请码").fill(code.lower())
    phone.get_by_role("button", name="开始填写").click()
    expect(phone.get_by_role("heading", name=NAME)).to_be_visible()
    for number in range(1, 15):
        phone.get_by_test_id(f"question-{number}").get_by_label("较好", exact=True).check()
    phone.get_by_test_id("question-15").get_by_role("textbox").fill("希望多到村里听取意见")
    phone.get_by_role("button", name="提交问卷").click()
    expect(phone.get_by_test_id("public-error")).to_have_text("第16题未作答")
    expect(phone.get_by_test_id("question-3").get_by_label("较好", exact=True)).to_be_checked()
    expect(phone.get_by_test_id("question-15").get_by_role("textbox")).to_have_value("希望多到村里听取意见")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the page fits a phone's width"
    phone.screenshot(path=str(SCREENSHOTS / "surveys-public-answer-phone-top.png"))  # what the phone shows first
    phone.get_by_test_id("question-16").get_by_label("不了解", exact=True).check()
    shot(phone, "surveys-public-answer-phone")
    phone.get_by_role("button", name="提交问卷").click()
    expect(phone.get_by_test_id("public-done")).to_have_text("提交成功，感谢您的参与！")


def test_design_print_codes_open_and_answer_on_a_phone(page, chromium, live_server, county, department_admin):
    code = design_and_print(page, county)

    phone_context = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844},
                                         is_mobile=True, has_touch=True)
    outside: list[str] = []
    phone_context.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    try:
        answer_on_a_phone(phone, code)
        assert not any(c["name"] == "sessionid" for c in phone_context.cookies()), "answering signs no one in"
        phone.goto("/s/")
        phone.get_by_label("邀请码").fill(code)
        phone.get_by_role("button", name="开始填写").click()
        expect(phone.get_by_test_id("public-message")).to_have_text("此邀请码已经提交过答卷，每个邀请码只能使用一次")
        expect(phone.get_by_role("button", name="提交问卷")).to_have_count(0)
        expect(phone.get_by_role("link")).to_have_count(0)
        shot(phone, "surveys-public-used-phone")
    finally:
        phone_context.close()
    assert not outside, f"页面请求了其他主机：{outside}"

    assert Response.objects.count() == 1 and Invitation.objects.get(code=code).used
    assert Invitation.objects.filter(used=False).count() == 29
    page.reload()
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_test_id("frozen")).to_contain_text("已锁定")
    expect(page.get_by_role("link", name="新增题目")).to_have_count(0)
    shot(page, "surveys-detail-frozen")


def test_a_named_survey_gives_one_code_per_invitee(page, county, department_admin):
    survey = Survey.objects.create(name="2026年一报告两评议", kind="report_review", year=2026, organization=county.county,
                                   anonymous=False)
    log_in(page, "admin", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/groups/")
    page.get_by_label("被调查单位").select_option(label="示范县委")
    page.get_by_label("调查对象").select_option(label="两代表一委员")
    page.get_by_label("样本数").fill("2")
    page.get_by_role("button", name="新增", exact=True).click()
    page.get_by_label("受邀人姓名").fill("张明\n李华\n")
    page.get_by_role("button", name="生成", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("已为「示范县委·两代表一委员」生成2个邀请码。")
    expect(page.get_by_test_id(f"group-{survey.groups.get().pk}").get_by_test_id("issued")).to_have_text("2")
    shot(page, "surveys-groups-named")
    assert sorted(Invitation.objects.values_list("invitee", flat=True)) == ["张明", "李华"]
