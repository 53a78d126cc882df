"""Findings as a township's operator and a branch secretary work them: from the dashboard's per-organization
counts to the filtered list, a finding assigned and closed with a note, its history; the pages on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.browser.test_phone import PHONE, fits
from tests.fixtures import PASSWORD
from zugong.core.checks import run_checks
from zugong.core.dates import add_years
from zugong.core.models import Finding
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_operator_assigns_and_closes_a_finding(page, county, township_operator, branch_secretary):
    run_checks(county.township.path)  # the township and its two branches have no secretary, nor an election
    log_in(page, "township", PASSWORD)
    page.goto("/")
    panel = page.get_by_test_id("findings-by-organization")
    village = panel.locator(f'a[href="/findings/?organization={county.village.pk}"]')
    expect(village).to_contain_text("东风村党支部")
    shot(page, "findings-dashboard")
    village.click()
    expect(page.get_by_test_id("finding-table")).to_contain_text("东风村党支部未配备书记")
    expect(page.get_by_test_id("finding-table")).not_to_contain_text("西岭村")
    shot(page, "findings-list")
    page.get_by_role("link", name="东风村党支部未配备书记").click()

    page.get_by_test_id("assign-form").get_by_label("承办人").select_option(label="东风村支书（branch）")
    page.get_by_test_id("assign-form").get_by_label("说明").fill("请尽快补选书记")
    page.get_by_test_id("assign-form").get_by_role("button", name="指派").click()
    expect(page.get_by_test_id("finding-assignee")).to_have_text("东风村支书")

    expect(page.get_by_test_id("close-form").get_by_label("处理说明")).to_have_attribute("required", "")
    page.get_by_test_id("close-form").get_by_label("处理说明").fill("支部党员大会已选出书记，待录入")
    page.get_by_test_id("close-form").get_by_role("button", name="关闭").click()
    expect(page.get_by_test_id("finding-status")).to_have_text("已关闭")
    history = page.get_by_test_id("finding-history")
    expect(history).to_contain_text("指派 → 东风村支书：请尽快补选书记")
    expect(history).to_contain_text("关闭：支部党员大会已选出书记，待录入")
    shot(page, "findings-closed")
    finding = Finding.all_objects.get(title="东风村党支部未配备书记")
    assert finding.status == "closed"

    run_checks(county.township.path)  # still without a secretary: the nightly check opens it again
    page.reload()
    expect(page.get_by_test_id("finding-status")).to_have_text("待处理")
    expect(history).to_contain_text("系统检查 · 重新打开：检查再次发现此问题，已重新打开")
    shot(page, "findings-reopened")
    page.goto(f"/organizations/{county.township.pk}/")
    expect(page.get_by_test_id("org-figure-members")).to_contain_text("党员")
    shot(page, "organization-figures")
    page.goto("/education/care/unvisited/")
    shot(page, "unvisited")


def test_a_branch_secretary_handles_findings_on_a_phone(page, county, department_admin, branch_secretary):
    elder = add_years(dt.date.today(), -82) - dt.timedelta(days=5)
    create_member(department_admin, **fields(county.village, name="王老汉", id_number=id_for(elder, 61),
                                             joined_on=dt.date(1975, 7, 1), full_member_on=dt.date(1976, 7, 1),
                                             address="东风村三组12号"))
    run_checks(county.village.path)
    page.set_viewport_size(PHONE)
    log_in(page, "branch", PASSWORD)
    page.goto("/findings/")
    fits(page, "findings-list")
    page.get_by_role("link", name="东风村党支部未配备书记").click()
    fits(page, "findings-detail")
    page.get_by_test_id("acknowledge-form").get_by_role("button", name="确认").click()
    expect(page.get_by_test_id("finding-status")).to_have_text("已确认")
    fits(page, "findings-acknowledged")
    page.goto("/education/care/unvisited/")
    expect(page.get_by_test_id("unvisited")).to_contain_text("王老汉")
    fits(page, "unvisited")
    page.goto(f"/organizations/{county.village.pk}/")
    fits(page, "organization-figures")
