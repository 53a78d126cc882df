"""Decided once (只办理一次), as a person sees it: a transfer accepted in another tab, an election form sent twice
(a double click); the evaluation page carries its token hidden."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.core.submissions import ALREADY_SUBMITTED
from zugong.members import transfers
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields
from zugong.organizations.models import Election

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_transfer_accepted_meanwhile_in_another_tab_is_not_accepted_again(page, county, department_admin,
                                                                            township_operator, outsider):
    member = create_member(department_admin, **fields(county.village))
    transfer = transfers.start_transfer(township_operator, member, county.other_village)
    log_in(page, "outsider", PASSWORD)
    page.goto(reverse("members:transfers"))
    expect(page.get_by_test_id("inbox")).to_contain_text("张建国")
    transfers.accept_transfer(outsider, transfer)  # the other tab was quicker
    page.get_by_test_id("inbox").get_by_role("button", name="接收").click()
    expect(page.get_by_role("alert").first).to_have_text("该转接已被接收，未作更改")
    assert member.periods.count() == 2
    shot(page, "transfer-accepted-meanwhile")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "transfer-accepted-meanwhile-mobile")


def test_an_election_sent_twice_is_recorded_once(page, county, department_admin):
    log_in(page, "admin", PASSWORD)
    page.goto(reverse("organizations:election_new", args=[county.village.pk]))
    expect(page.get_by_text("Submission token")).to_have_count(0)
    page.get_by_label("选举日期").fill(dt.date.today().isoformat())
    page.get_by_label("应选名额").fill("3")
    page.get_by_label("候选人数").fill("4")
    page.locator("input[name=elected-0-name]").fill("刘书记")
    page.locator("select[name=elected-0-position]").select_option("secretary")
    first = page.evaluate("""() => {
        const form = document.querySelector("input[name=submission_token]").form;
        return fetch(location.href, {method: "POST", body: new FormData(form), redirect: "manual"})
            .then(response => response.type === "opaqueredirect" ? 302 : response.status);
    }""")
    assert first == 302 and Election.objects.count() == 1
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("form-error")).to_have_text(ALREADY_SUBMITTED)
    assert Election.objects.count() == 1
    shot(page, "election-sent-twice")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "election-sent-twice-mobile")


def test_the_evaluation_page_keeps_its_token_hidden(page, county, branch_secretary, full_members):
    log_in(page, "branch", PASSWORD)
    page.goto(reverse("development:evaluation_edit", args=[county.village.pk, 2025]))
    expect(page.locator("input[name=submission_token]")).to_be_hidden()
    expect(page.get_by_text("Submission token")).to_have_count(0)
    expect(page.get_by_test_id("evaluation-grades")).to_contain_text("李红")
    shot(page, "evaluation-form")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "evaluation-form-mobile")
