"""The local 三票决 on a phone (390×844): the step page lists each body's ballot with its link and the way to open
one, the three sealed ballots take the step, and the case page shows each body's result linking its tally."""


import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.development.models import CaseBallot, DevelopmentStep
from zugong.development.tests.test_three_votes import at_three_votes, counted  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}
K = DevelopmentStep.Kind
B = CaseBallot.Body


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"


def test_the_three_votes_from_three_ballots_on_a_phone(page, at_three_votes, branch_secretary,  # noqa: F811
                                                       township_operator):
    case = at_three_votes
    ballots = {B.BRANCH_COMMITTEE: counted(branch_secretary, case, B.BRANCH_COMMITTEE, ["yes", "yes", "no"]),
               B.GENERAL_MEETING: counted(branch_secretary, case, B.GENERAL_MEETING, ["yes", "yes", "yes"])}
    page.set_viewport_size(PHONE)
    log_in(page, "township", PASSWORD)
    page.goto(f"/development/{case.pk}/three-votes/ballot/{B.TOWNSHIP_COMMITTEE}/")
    expect(page.get_by_test_id("vote-roll-note")).to_contain_text("乡镇党委票决，在「东风镇党委」举行。")
    shot(page, "development-three-vote-open-phone")
    fits(page)
    ballots[B.TOWNSHIP_COMMITTEE] = counted(township_operator, case, B.TOWNSHIP_COMMITTEE, ["yes"] * 5, entitled=7)
    page.goto(f"/development/{case.pk}/steps/{K.THREE_VOTES}/")
    for body, ballot in ballots.items():
        expect(page.get_by_test_id(f"three-vote-{body}")).to_contain_text(f"#{ballot.pk} {ballot.title}")
    page.get_by_label("办理日期").fill("2024-06-30")
    shot(page, "development-three-vote-step-phone")
    fits(page)
    page.get_by_test_id("step-submit").click()
    expect(page.get_by_test_id(f"body-vote-{B.TOWNSHIP_COMMITTEE}")).to_contain_text(
        f"乡镇党委：应到 7 人，实到 5 人；赞成 5，反对 0，弃权 0 （由票决 #{ballots[B.TOWNSHIP_COMMITTEE].pk} 计票结果）")
    expect(page.get_by_test_id(f"body-vote-{B.BRANCH_COMMITTEE}")).to_contain_text("支部委员会：应到 3 人，实到 3 人")
    shot(page, "development-three-vote-taken-phone")
    fits(page)
