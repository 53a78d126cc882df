"""A branch secretary records a 支部党员大会 with its roll on a phone (390×844): one tap per member, the reason
asked only of those marked 请假 or 缺席, the quorum shown after saving, and no page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.browser.test_phone import PHONE, fits
from tests.fixtures import PASSWORD
from zugong.branchlife.models import Meeting

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_secretary_records_a_general_meeting_on_a_phone(page, county, branch_secretary, full_members):
    page.set_viewport_size(PHONE)
    log_in(page, "branch", PASSWORD)
    page.goto("/branch-work/")
    expect(page.get_by_test_id("organization-name")).to_contain_text(county.village.name)
    fits(page, "branchlife-overview")

    page.get_by_test_id("record-meeting").click()
    fits(page, "branchlife-kinds")
    page.get_by_test_id("kind-general_meeting").click()
    expect(page.get_by_test_id("meeting-form-title")).to_have_text("登记支部党员大会")
    page.get_by_label("主题").fill("讨论发展党员和村道修建")
    lines = page.get_by_test_id("roll-line")
    expect(lines).to_have_count(3)
    first, last = lines.filter(has_text=full_members[0].name), lines.filter(has_text=full_members[2].name)
    expect(first.get_by_placeholder("请假或缺席原因")).to_be_hidden()  # present by default: no reason asked
    last.get_by_text("请假", exact=True).click()
    expect(last.get_by_placeholder("请假或缺席原因")).to_be_visible()
    last.get_by_placeholder("请假或缺席原因").fill("外出务工")
    fits(page, "branchlife-quick-entry")

    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("quorum")).to_contain_text("应到有表决权的党员3人，实到2人，符合法定人数")
    expect(page.get_by_test_id("count-present")).to_have_text("2")
    expect(page.get_by_test_id("roll")).to_contain_text("请假：外出务工")
    fits(page, "branchlife-meeting")
    page.screenshot(path=str(shot(page, "branchlife-meeting-screen")))  # the screen as the secretary sees it
    meeting = Meeting.objects.get()
    assert meeting.kind == Meeting.Kind.GENERAL_MEETING and meeting.attendance.count() == 3


def test_a_secretary_takes_four_and_two_on_a_phone(page, county, branch_secretary, full_members):
    page.set_viewport_size(PHONE)
    log_in(page, "branch", PASSWORD)
    page.goto("/branch-work/")
    page.get_by_test_id("decisions-link").click()
    fits(page, "branchlife-decisions")
    page.get_by_test_id("decision-new").click()
    page.locator("#id_title").fill("修建村道")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("decision-title")).to_have_text("修建村道")
    expect(page.get_by_test_id("step-review").get_by_test_id("step-why")).to_contain_text("待「两委商议」办理后")
    fits(page, "branchlife-decision")
    page.goto(page.url + "step/review/")  # out of order: refused with its rule before anything is typed
    expect(page.get_by_test_id("step-refusal")).to_contain_text("“两委”商议后，提交党员大会审议")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("form-error").or_(page.get_by_test_id("field-error")).first).to_contain_text(
        "须先办理「两委商议」")
    fits(page, "branchlife-step-refused")
    page.go_back()
    page.go_back()
    page.reload()
    page.get_by_test_id("take-consultation").click()
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("step-consultation").get_by_test_id("step-day")).to_be_visible()
    expect(page.get_by_test_id("take-review")).to_be_visible()
    page.goto("/branch-work/import/")
    fits(page, "branchlife-import")


def test_a_township_operator_finds_the_branches_short_and_opens_one(page, county, township_operator, full_members):
    log_in(page, "township", PASSWORD)
    page.goto("/branch-work/")
    expect(page.get_by_test_id("organization-name")).to_contain_text(county.township.name)
    shortfalls = page.get_by_test_id("shortfalls")
    expect(shortfalls).to_contain_text(county.village.name)  # members and no theme day last month
    shot(page, "branchlife-township")
    shortfalls.get_by_role("link", name=county.village.name).first.click()
    expect(page.get_by_test_id("organization-name")).to_contain_text(county.village.name)
    expect(page.get_by_test_id("tally-theme_day")).to_be_visible()
