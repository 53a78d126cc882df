"""Passwords as people click through them: one's own change, the administrator's temporary password, the
read-only user of a township's administrator (issue 15, items 1 and 8)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD, make_user
from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
MOBILE = {"width": 390, "height": 844}


def _change_password(page, old: str, new: str, confirm: str | None = None):
    page.get_by_label("当前密码").fill(old)
    page.locator("#id_new_password1").fill(new)
    page.get_by_label("再次输入新密码").fill(confirm or new)
    page.get_by_role("button", name="修改密码").click()


def test_a_user_changes_their_own_password_and_signs_in_with_it(page, township_operator):
    log_in(page, "township", PASSWORD)
    page.get_by_test_id("password-change-link").click()
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    _change_password(page, PASSWORD, "zugong2027")
    expect(page.get_by_test_id("field-error").first).to_contain_text("本系统名称")
    shot(page, "password-change-refused")
    page.set_viewport_size(MOBILE)
    shot(page, "password-change-refused-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    _change_password(page, PASSWORD, "plum-blossom-lane-8")
    expect(page.get_by_role("alert")).to_have_text("密码已修改，下次登录请使用新密码。")
    page.get_by_role("button", name="退出").click()
    log_in(page, "township", PASSWORD)
    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")
    log_in(page, "township", "plum-blossom-lane-8")
    expect(page.get_by_test_id("current-user")).to_contain_text("东风镇组织委员")


def test_an_administrator_issues_a_temporary_password_and_the_user_replaces_it(page, chromium, live_server, county,
                                                                              department_admin, township_operator):
    log_in(page, "admin", PASSWORD)
    page.get_by_role("link", name="用户与角色").click()
    page.get_by_role("link", name="township").click()
    page.get_by_test_id("issue-reset").click()
    temporary = page.get_by_test_id("temporary-password").inner_text().strip()
    assert len(temporary) == 14
    shot(page, "temporary-password")
    page.set_viewport_size(MOBILE)
    shot(page, "temporary-password-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="退出").click()

    log_in(page, "township", PASSWORD)  # the old password is gone
    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")
    log_in(page, "township", temporary)
    expect(page.get_by_test_id("forced-change")).to_be_visible()
    page.goto("/members/")  # every other page leads back to the change
    expect(page.get_by_test_id("forced-change")).to_be_visible()
    shot(page, "password-change-forced")
    page.set_viewport_size(MOBILE)
    shot(page, "password-change-forced-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    elsewhere = chromium.new_context(base_url=live_server.url).new_page()  # the same temporary password again
    log_in(elsewhere, "township", temporary)
    expect(elsewhere.get_by_test_id("login-error")).to_have_text("该临时密码已经用过或已过期，请联系管理员重新签发。")
    elsewhere.context.close()

    _change_password(page, temporary, "river-stone-bridge-4")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.get_by_role("button", name="退出").click()
    log_in(page, "township", "river-stone-bridge-4")
    expect(page.get_by_test_id("current-user")).to_contain_text("东风镇组织委员")


def test_a_township_administrator_sees_a_county_administrator_read_only(page, county, department_admin):
    make_user("dfadmin", Role.DEPARTMENT_ADMIN, county.township, "东风镇组织部管理员")
    make_user("dfclerk", Role.OPERATOR, county.village, "东风村文书")
    RoleAssignment.objects.create(user=department_admin, role=Role.OPERATOR, organization=county.township)
    log_in(page, "dfadmin", PASSWORD)
    page.get_by_role("link", name="用户与角色").click()
    table = page.get_by_test_id("user-table")
    expect(table).to_contain_text("另有 1 项超出您管理范围的角色")
    expect(table).not_to_contain_text("示范县委")
    shot(page, "users-township-admin")
    page.set_viewport_size(MOBILE)
    shot(page, "users-township-admin-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="admin", exact=True).click()
    expect(page.get_by_test_id("read-only-reason")).to_contain_text("还担任 1 项超出您管理范围的角色")
    expect(page.get_by_test_id("issue-reset")).to_have_count(0)
    shot(page, "user-read-only")
    page.set_viewport_size(MOBILE)
    shot(page, "user-read-only-390")
