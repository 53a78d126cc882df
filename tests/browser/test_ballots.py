"""Secret ballots in the browser: a paper count typed by two tellers with a slip found and resolved from the paper
ballot, then closed and sealed; an electronic vote on a phone (390×844) with a code from a printed slip."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot, wait_for_entry_keys
from tests.fixtures import PASSWORD, make_user
from zugong.accounts.capabilities import Role
from zugong.ballots.models import Ballot, CastBallot, VotingCode
from zugong.ballots.tests.factories import approval

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def type_ballot(page, number: str, digits: str) -> None:
    """选票序号, Enter, one digit per candidate (each moves on by itself), Enter saves."""
    wait_for_entry_keys(page)
    expect(page.get_by_label("选票序号")).to_be_focused()
    page.keyboard.type(number)
    page.keyboard.press("Enter")
    expect(page.get_by_label("张三", exact=True)).to_be_focused()
    for digit in digits:
        page.keyboard.type(digit)
    page.keyboard.press("Enter")


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"


def test_two_tellers_count_paper_ballots_and_resolve_a_mismatch(page, county, township_operator):
    ballot = approval(township_operator, county.township, roll=5, double_entry=True)
    make_user("teller2", Role.OPERATOR, county.township, "东风镇计票员")

    log_in(page, "township", PASSWORD)
    page.get_by_role("link", name="票决").first.click()
    expect(page.get_by_test_id("ballots")).to_contain_text("常委会票决干部任免")
    shot(page, "ballots-list")
    page.get_by_role("link", name="常委会票决干部任免").click()
    page.get_by_test_id("ballot-tabs").get_by_role("link", name="选票录入").click()
    type_ballot(page, "", "12")  # the number is already 1: Enter keeps it
    expect(page.get_by_role("alert")).to_have_text("第1张选票已保存第一次录入，等待另一名计票员第二次录入")
    type_ballot(page, "", "11")
    expect(page.get_by_role("alert")).to_contain_text("第2张选票已保存第一次录入")
    expect(page.get_by_test_id("count-awaiting")).to_have_text("2")
    shot(page, "ballots-paper-entry")

    page.get_by_role("button", name="退出").click()
    log_in(page, "teller2", PASSWORD)
    page.goto(f"/ballots/{ballot.pk}/paper/")
    type_ballot(page, "", "12")
    expect(page.get_by_role("alert")).to_have_text("第1张选票已计入")
    type_ballot(page, "", "13")  # the paper says 同意 for 李四: a slip
    expect(page.get_by_role("alert")).to_have_text("第2张选票两次录入不一致，已列入待核对")
    expect(page.get_by_test_id("count-mismatch")).to_have_text("1")
    assert CastBallot.objects.count() == 1

    page.get_by_test_id("mismatch-link").click()
    page.get_by_test_id("resolve-2").click()
    expect(page.get_by_test_id("differs-2")).to_contain_text("李四")
    expect(page.get_by_test_id("differs-2")).to_contain_text("弃权")
    shot(page, "ballots-resolve")
    page.get_by_label("李四", exact=True).fill("1")
    page.get_by_test_id("resolve-save").click()
    expect(page.get_by_role("alert")).to_have_text("第2张选票已按原件核定并计入")

    page.get_by_test_id("ballot-tabs").get_by_role("link", name="计票结果").click()
    page.get_by_test_id("close-ballot").click()
    expect(page.get_by_role("alert")).to_have_text("请先登记实到会人数（或在应到名单上签到），再结束计票")
    page.get_by_label("实到会人数（应到名单在纸面保存）").fill("4")
    page.get_by_role("button", name="登记").click()
    page.get_by_test_id("close-ballot").click()
    expect(page.get_by_test_id("seal-ok")).to_contain_text("封存码核验一致")
    expect(page.get_by_test_id("row-1")).to_contain_text("2")
    expect(page.get_by_test_id("quorum")).to_have_text("符合规定")
    expect(page.get_by_test_id("ballot-status")).to_have_text("已结束计票")
    shot(page, "ballots-tally")
    page.set_viewport_size(PHONE)
    fits(page, 390)
    shot(page, "ballots-tally-phone")
    page.goto(f"/ballots/{ballot.pk}/paper/")
    fits(page, 390)
    shot(page, "ballots-paper-phone")
    for path, name in (("/ballots/", "ballots-list-phone"), ("/ballots/new/", "ballots-create-phone"),
                       (f"/ballots/{ballot.pk}/entries/", "ballots-entries-phone")):
        page.goto(path)
        fits(page, 390)
        shot(page, name)


def test_an_electronic_vote_on_a_phone(page, chromium, live_server, county, department_admin):
    ballot = approval(department_admin, county.village, method=Ballot.Method.ELECTRONIC, roll=["甲", "乙", "丙"],
                      write_in=True)
    log_in(page, "admin", PASSWORD)
    page.goto(f"/ballots/{ballot.pk}/codes/")
    page.get_by_label("生成投票码个数").fill("3")
    page.get_by_role("button", name="生成").click()
    expect(page.get_by_test_id("code-counts")).to_contain_text("已生成投票码 3 个，已使用 0 个")
    page.get_by_test_id("print-slips").click()
    expect(page.get_by_test_id("slip")).to_have_count(3)
    code = page.get_by_test_id("slip-code").first.inner_text()
    shot(page, "ballots-slips")
    page.goto(f"/ballots/{ballot.pk}/roll/")
    page.get_by_test_id("tick-2").click()
    expect(page.get_by_test_id("voted-count")).to_have_text("1")

    phone = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True,
                                 has_touch=True)
    voter = phone.new_page()
    voter.goto("/v/")
    shot(voter, "ballots-vote-start-phone")
    voter.get_by_label("投票码").fill(code.lower())
    voter.get_by_role("button", name="开始投票").click()
    expect(voter.get_by_test_id("candidate-1")).to_contain_text("张三")
    voter.get_by_test_id("candidate-1").get_by_text("同意", exact=True).click()
    voter.get_by_test_id("cast").click()
    expect(voter.get_by_test_id("public-error")).to_have_text("请对「李四」作出选择")
    voter.get_by_test_id("candidate-2").get_by_text("另选他人", exact=True).click()
    voter.get_by_label("另选人姓名（选择“另选他人”时填写）").nth(1).fill("王五")
    fits(voter, 390)
    shot(voter, "ballots-vote-phone")
    voter.get_by_test_id("cast").click()
    expect(voter.get_by_test_id("public-done")).to_have_text("投票成功")
    fits(voter, 390)
    shot(voter, "ballots-vote-done-phone")
    assert phone.cookies() == []
    voter.goto(f"/v/{code}/")
    expect(voter.get_by_test_id("public-message")).to_have_text("此投票码已经投过票，每个投票码只能使用一次")
    phone.close()

    assert VotingCode.objects.filter(used=True).count() == 1 and CastBallot.objects.count() == 1
    page.goto(f"/ballots/{ballot.pk}/")
    expect(page.get_by_test_id("write-in")).to_contain_text("王五")
    expect(page.get_by_test_id("present")).to_have_text("1")
    expect(page.get_by_test_id("ballot-tabs").get_by_role("link", name="计票结果")).to_have_class(re.compile("active"))
