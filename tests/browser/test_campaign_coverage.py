"""A campaign's coverage in the browser: the department chooses it on the new-campaign form from a phone (390x844)
with the search-as-you-type picker (a village ticked beside its own township is kept once, under the township),
corrects it on the campaign's edit page (narrowing past a work group's village is refused with the village named), and corrects one inspection finding; every page fits the phone's width."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.campaigns import services
from zugong.campaigns.models import Campaign, InspectionFinding
from zugong.campaigns.tests.conftest import campaign, group  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _result(page, name: str):
    """The picker's result for the organization `name` itself: each result is labelled with its name, then its
    parent's, so a village under 南山镇党委 also carries that name and a plain label match would find both."""
    return page.get_by_test_id("covers-results").get_by_role("checkbox", name=re.compile(rf"^{re.escape(name)}(\s|$)"))


def _fits_then_shots(page, name: str) -> None:
    """The page fits the phone; a screenshot at 390 and at 1280 (left at the desktop width)."""
    assert _fits(page)
    shot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)
    shot(page, f"{name}-1280")


def test_the_coverage_is_picked_on_a_phone_and_shown_on_the_campaign(page, county, department_admin):
    today = timezone.localdate()
    page.set_viewport_size(MOBILE)
    log_in(page, "admin", PASSWORD)
    page.goto("/campaigns/new/")
    page.get_by_label("活动名称").fill("东风镇强基行动")
    page.get_by_label("牵头组织").select_option(label="示范县委")
    expect(page.get_by_test_id("covers-results")).to_contain_text("东风镇党委")  # the owner's direct subordinates
    page.get_by_test_id("covers-search").fill("西岭")
    results = page.get_by_test_id("covers-results")
    expect(results).to_contain_text("西岭村党支部")
    results.get_by_label("西岭村党支部").check()
    expect(page.get_by_test_id("covers-chosen")).to_contain_text("西岭村党支部")
    page.get_by_test_id("covers-search").fill("东风镇")
    expect(results).not_to_contain_text("西岭村党支部")  # the search has answered
    _result(page, "东风镇党委").check()
    expect(page.get_by_test_id("covers-none")).to_be_hidden()
    page.get_by_label("开始日期").fill(today.isoformat())
    page.get_by_label("结束日期").fill((today + dt.timedelta(days=90)).isoformat())
    _fits_then_shots(page, "campaign-form-covers")
    page.get_by_test_id("form-submit").click()
    # 西岭村 lies under 东风镇: ticked beside its township it is kept once, under the township
    expect(page.get_by_test_id("campaign-covers")).to_have_text("覆盖范围：东风镇党委")
    made = Campaign.objects.get(title="东风镇强基行动")
    assert set(made.covers.all()) == {county.township}
    shot(page, "campaign-detail-covers-1280")
    page.set_viewport_size(MOBILE)
    assert _fits(page)
    shot(page, "campaign-detail-covers-390")


def test_the_campaign_and_a_finding_are_corrected_from_a_phone(page, county, department_admin, campaign,  # noqa: F811
                                                               group):  # noqa: F811
    inspection = services.record_inspection(department_admin, campaign, title="第一轮明察暗访", kind="unannounced",
                                            started_on=campaign.starts_on, ended_on=campaign.starts_on)
    item = services.add_inspection_finding(department_admin, inspection, organization=county.village, rating="poor",
                                           found="三会一课记录不全", rectification="补齐记录",
                                           rectify_by=campaign.starts_on + dt.timedelta(days=30))
    page.set_viewport_size(MOBILE)
    log_in(page, "admin", PASSWORD)
    page.goto(campaign.get_absolute_url())
    expect(page.get_by_test_id("campaign-covers")).to_have_text("覆盖范围：牵头组织全部下级")
    page.get_by_test_id("campaign-edit").click()
    page.get_by_test_id("covers-search").fill("南山")
    expect(page.get_by_test_id("covers-results")).to_contain_text("南山村党支部")  # the search has answered
    _result(page, "南山镇党委").check()
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("covers-error")).to_contain_text("工作组「县财政局工作组」的帮扶村「东风村党支部」")
    _fits_then_shots(page, "campaign-edit-refused")
    assert not campaign.covers.exists()

    page.set_viewport_size(MOBILE)
    page.goto(f"/campaigns/inspection/{inspection.pk}/")
    page.get_by_test_id("finding-edit").click()
    page.get_by_label("发现的问题").fill("三会一课记录不规范")
    _fits_then_shots(page, "campaign-finding-edit")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_test_id("findings")).to_contain_text("三会一课记录不规范")
    assert InspectionFinding.objects.get(pk=item.pk).found == "三会一课记录不规范"
