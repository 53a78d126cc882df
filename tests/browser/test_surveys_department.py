"""Surveys as a department runs them (issue 21, items 17–19): respondent groups copied from last year or made one
per child organization, the report comparing a village with every level above it, and code slips with QR codes."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.surveys.tests.factories import make_group, make_invitation, make_survey
from zugong.surveys.tests.test_report import build

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def both_sizes(page, name: str) -> None:
    shot(page, name)
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name}: wider than the phone"
    page.set_viewport_size({"width": 1366, "height": 900})


def test_groups_are_copied_from_last_year_and_made_per_child(page, county, department_admin):
    last = make_survey(county.county, year=2025, status="closed")
    make_group(last, county.village, "members", quota=30)
    make_group(last, county.other_village, "public", quota=12)
    survey = make_survey(county.county, status="draft", compare_with=last)
    log_in(page, "admin", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/groups/")
    page.get_by_test_id("copy-groups-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("已从「组织工作满意度民意调查」复制调查对象2组。")
    page.get_by_test_id("child-groups").get_by_label("上级党组织").select_option(label="　东风镇党委")
    page.get_by_test_id("child-groups").get_by_label("对象类别").select_option(label="干部")
    page.get_by_test_id("child-groups").get_by_label("每组样本（份）").fill("20")
    page.get_by_test_id("child-groups-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("已为「东风镇党委」的2个下级组织各新增一组调查对象。")
    expect(page.get_by_test_id("groups").locator("tbody tr")).to_have_count(4)
    both_sizes(page, "surveys-groups-steps")
    page.get_by_test_id("copy-groups-submit").click()  # again: every group exists, nothing added
    expect(page.get_by_test_id("copy-groups")).to_contain_text("「东风村党支部」的党员组、「南山村党支部」的群众代表组已存在")
    expect(page.get_by_test_id("groups").locator("tbody tr")).to_have_count(4)
    shot(page, "surveys-groups-copy-refused")


def test_a_village_is_compared_with_its_township_and_county(page, county, department_admin):
    survey = build(county)
    log_in(page, "admin", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/report/?org={county.village2.pk}")
    table = page.get_by_test_id("ancestors-table")
    expect(table.get_by_test_id("ancestor-name")).to_have_text(["东风镇党委", "示范县委"])
    expect(table.get_by_test_id("ancestors-M1")).to_contain_text("-7.27")
    expect(table.get_by_test_id("ancestors-M1")).to_contain_text("+1.82")
    table.scroll_into_view_if_needed()
    both_sizes(page, "surveys-report-levels")


def test_code_slips_carry_a_qr_code_that_opens_the_questionnaire(page, county, department_admin):
    survey = make_survey(county.county, name="2026年组织工作满意度民意调查", status="open")
    group = make_group(survey, county.village, "members")
    for n in range(5):
        make_invitation(group, f"QRCD{n}234")
    log_in(page, "admin", PASSWORD)
    page.goto(f"/surveys/{survey.pk}/groups/{group.pk}/slips/")
    qr = page.get_by_test_id("slip-qr")
    expect(qr).to_have_count(5)
    assert page.evaluate("[...document.querySelectorAll('.slip-qr')].every(i => i.complete && i.naturalWidth > 0)")
    address = qr.first.get_attribute("data-url")
    assert address.endswith("/s/QRCD0234/")
    both_sizes(page, "surveys-slips-qr")
    page.emulate_media(media="print")
    shot(page, "surveys-slips-qr-print")
    page.emulate_media(media="screen")
    page.goto(address)  # where the code points: the questionnaire, with the code already in the address
    expect(page.locator("body")).to_contain_text("2026年组织工作满意度民意调查")
