"""The pages issue 20's leftovers changed, on a desktop (1280) and a phone (390×844): a portal item's history with
its 发布时间 in Beijing time, a selection case's history naming its stage, and the branch-work page's meeting list
for the year chosen. Nothing scrolls sideways; the Chinese renders (screenshots in test-artifacts/screenshots/)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.browser.test_phone import PHONE, fits
from tests.fixtures import PASSWORD, make_user
from zugong.accounts.capabilities import Role
from zugong.appointments.tests.conftest import open_case, setup  # noqa: F401  (the case's post and cadres)
from zugong.branchlife import services as branch_services
from zugong.branchlife.models import Meeting
from zugong.branchlife.tests.conftest import roll
from zugong.portal import services as portal_services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
DESKTOP = {"width": 1280, "height": 900}


def _both(page, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.reload()
    shot(page, f"desktop-{name}")
    page.set_viewport_size(PHONE)
    page.reload()
    fits(page, name)


def test_the_histories_and_the_years_meetings_on_a_desktop_and_a_phone(page, county, department_admin, setup,  # noqa: F811
                                                                        branch_secretary, full_members):
    author = make_user("portal_author", Role.DEPARTMENT_ADMIN, county.county, "宣传干事")
    article = portal_services.draft_article(author, county.county, kind="news", title="全县组织工作会议召开",
                                            body="会议部署了全年组织工作。")
    portal_services.take_step(author, article, "submit")
    portal_services.take_step(department_admin, article, "publish")
    case = open_case(department_admin, county, setup)
    today = dt.date.today()
    for day, topic in ((today, "今年的党员大会"), (dt.date(today.year - 1, 11, 20), "去年的党员大会")):
        branch_services.record_meeting(branch_secretary, county.village, kind=Meeting.Kind.GENERAL_MEETING,
                                       held_on=day, topic=topic, attendance=roll(full_members))

    log_in(page, "admin", PASSWORD)
    page.goto(f"/portal/{article.pk}/")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("发布时间：— → ")
    expect(history).not_to_contain_text("+00:00")
    _both(page, "portal-item-history")

    page.goto(case.get_absolute_url())
    expect(page.get_by_test_id("history")).to_contain_text("进行到：— → 动议")
    expect(page.get_by_test_id("history")).not_to_contain_text("motion")
    _both(page, "appointments-case-history")

    page.goto(f"/branch-work/?org={county.village.pk}&year={today.year - 1}")
    meetings = page.get_by_test_id("meetings")
    expect(meetings).to_contain_text(f"{today.year - 1}年会议记录")
    expect(meetings).to_contain_text("去年的党员大会")
    expect(meetings).not_to_contain_text("今年的党员大会")
    _both(page, "branchlife-meetings-of-a-year")
