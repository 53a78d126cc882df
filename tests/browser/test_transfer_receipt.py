"""A transfer as the township's operator works it: the letter is issued, the receiver accepts, the receipt comes
back and is recorded on the transfers page, which closes the transfer; the member form asks for a dues category."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.members import transfers
from zugong.members.models import MembershipTransfer
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_returned_receipt_is_recorded_and_closes_the_transfer(page, county, township_operator, outsider):
    member = create_member(township_operator, **fields(county.village))
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    transfers.accept_transfer(outsider, transfer)
    log_in(page, "township", PASSWORD)
    page.goto("/members/transfers/")
    awaiting = page.get_by_test_id("awaiting-receipt")
    expect(awaiting).to_contain_text(transfer.letter_number)
    shot(page, "transfers-awaiting-receipt")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "transfers-awaiting-receipt-phone")
    awaiting.get_by_role("link", name="登记回执").click()
    page.get_by_label("回执寄回日期").fill(transfer.issued_on.isoformat())
    shot(page, "transfer-receipt-phone")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_role("alert").first).to_contain_text("已登记回执")
    expect(page.get_by_test_id("awaiting-receipt")).to_contain_text("无")
    expect(page.get_by_test_id("recent")).to_contain_text("已办结")
    transfer.refresh_from_db()
    assert transfer.status == MembershipTransfer.Status.COMPLETED


def test_the_member_form_asks_for_a_dues_category(page, county, township_operator):
    log_in(page, "township", PASSWORD)
    page.goto("/members/new/")
    category = page.get_by_label("党费类别")
    expect(category).to_have_value("")
    expect(category.locator("option").first).to_have_text("—— 请选择 ——")
    shot(page, "member-form-dues-category")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "member-form-dues-category-phone")
