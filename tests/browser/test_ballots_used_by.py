"""Ballots used by development and elections, on a phone (390×844): the branch opens the admission vote's ballot
from the step page, the step is taken from the sealed tally and the case page links to it; an election recorded
from a sealed 差额 ballot shows its candidates with their votes."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.ballots import services as ballot_services
from zugong.ballots.models import Ballot
from zugong.ballots.tests.factories import election, paper
from zugong.development import services
from zugong.development.models import CaseBallot, DevelopmentStep
from zugong.development.tests.test_procedure import APPLIED, walk
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}
K = DevelopmentStep.Kind


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"


def test_the_admission_vote_from_a_ballot_on_a_phone(page, county, branch_secretary, township_operator, full_members):
    case = services.open_case(
        branch_secretary, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village, applied_on=APPLIED)
    walk(branch_secretary, case, full_members, until=K.ADMISSION_VOTE)
    page.set_viewport_size(PHONE)
    log_in(page, "branch", PASSWORD)
    page.goto(f"/development/{case.pk}/steps/{K.ADMISSION_VOTE}/")
    expect(page.get_by_test_id("case-ballots")).to_contain_text("尚未建立表决票")
    page.get_by_test_id("vote-open").click()
    page.get_by_label("支部大会日期").fill("2024-07-01")
    shot(page, "development-vote-open-phone")
    fits(page)
    page.get_by_test_id("vote-open-submit").click()
    ballot = CaseBallot.objects.get(case=case).ballot
    expect(page.locator("body")).to_contain_text(f"已建立表决票 #{ballot.pk}")
    for entry in ballot.roll.all():
        ballot_services.mark_voted(branch_secretary, ballot, entry)
    paper(branch_secretary, ballot, [{1: "yes"}, {1: "yes"}, {1: "no"}])
    ballot_services.close_ballot(branch_secretary, ballot)
    page.goto(f"/development/{case.pk}/steps/{K.ADMISSION_VOTE}/")
    expect(page.get_by_test_id("case-ballots")).to_contain_text("已结束计票")
    shot(page, "development-vote-step-phone")
    fits(page)
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id("vote-source")).to_contain_text(f"由票决 #{ballot.pk} 计票结果")
    expect(page.get_by_test_id(f"step-{K.ADMISSION_VOTE}")).to_contain_text("应到 3 人，实到 3 人；赞成 2，反对 1，弃权 0")
    shot(page, "development-vote-taken-phone")


def test_an_election_from_a_ballot_on_a_phone(page, county, department_admin, full_members):
    fourth = create_member(department_admin, **fields(county.village, name="孙立", id_number=id_for(dt.date(1970, 1, 9), 9)))
    ballot = election(department_admin, county.village, candidates=[*full_members, fourth], seats=3, roll=10,
                      held_on=dt.date(2026, 6, 1))
    ballot_services.record_present(department_admin, ballot, 9)
    paper(department_admin, ballot, [{1: "yes", 2: "yes", 3: "yes"}] * 5 + [{1: "yes", 2: "yes", 4: "yes"}] * 4)
    ballot_services.close_ballot(department_admin, ballot)
    page.set_viewport_size(PHONE)
    log_in(page, "admin", PASSWORD)
    page.goto(f"/organizations/{county.village.pk}/elections/from-ballot/")
    page.get_by_label("差额选举票决").select_option(str(ballot.pk))
    shot(page, "election-from-ballot-phone")
    fits(page)
    page.get_by_test_id("election-ballot-submit").click()
    expect(page.locator("body")).to_contain_text(f"已据票决 #{ballot.pk} 登记换届选举")
    # the election's own page, with its candidates
    expect(page.get_by_test_id("election-candidates")).to_contain_text("孙立")
    expect(page.get_by_test_id("election-source")).to_contain_text(f"由票决 #{ballot.pk} 计票结果")
    shot(page, "election-detail-phone")
    fits(page)
    assert Ballot.objects.get(pk=ballot.pk).status == "closed"
