"""Passwords: the validators, one's own change, the administrator's one-time temporary password."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import PASSWORD
from zugong.accounts.models import User
from zugong.accounts.services import TEMPORARY_USED, change_own_password, issue_temporary_password
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.organizations.demo import DEMO_PASSWORD

GUESSABLE = ("密码不能主要由本系统名称（如 zugong、组工、组织部）、常见词语、键盘顺序、重复字符或数字符号组成，"
             "除这些以外至少还要有 4 个字母或汉字")
NEW = "blue-horse-river-7"


def refusals(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize("password", ["zugong2027", "zugong2026", "Zugong@123", "组工2026", "ZUGONG-2026!",
                                      "zugongzugong", "组织部2026@@", "Qwerty@2026", "aaaa1111bbbb", "2026@1234!!",
                                      "admin@zugong1"])
def test_passwords_built_from_the_systems_name_or_obvious_patterns_are_refused(db, password):
    assert GUESSABLE in refusals(password)


@pytest.mark.parametrize("password", [NEW, "我的家在东风村的小河边上", "Kq7m-X2rt-9PzW", "correct horse battery"])
def test_a_real_passphrase_is_accepted(db, password):
    assert refusals(password) == []


def test_short_common_and_name_like_passwords_are_refused_in_chinese(db, township_operator):
    assert refusals("Tq7#mz4", township_operator) == ["此密码太短，至少要包含 10 个字符。"]
    assert "这个密码太常见了。" in refusals("password123", township_operator)
    assert refusals("Township2026x", township_operator) == ["密码跟 用户名 太相似了。"]


def test_the_demo_password_stays_for_the_demo_only(db):
    assert DEMO_PASSWORD == "zugong2026" and GUESSABLE in refusals(DEMO_PASSWORD)


# One's own password.

def test_a_user_changes_their_own_password(township_operator):
    change_own_password(township_operator, "127.0.0.1", PASSWORD, NEW)
    user = User.objects.get(pk=township_operator.pk)
    assert user.check_password(NEW) and not user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD)
    assert (event.actor, event.message) == (user, "本人修改密码") and NEW not in str(event.changes)


def test_a_wrong_current_password_counts_like_a_failed_sign_in(township_operator):
    messages = []
    for _ in range(5):
        with pytest.raises(DomainError) as error:
            change_own_password(township_operator, "127.0.0.1", "not-my-password", NEW)
        messages.append(error.value.message)
    assert messages[0] == "当前密码不正确。再错 4 次将暂停登录。"
    assert messages[4].startswith("因连续 5 次密码错误，该账户已暂停从您所在的地址登录")
    with pytest.raises(DomainError) as error:
        change_own_password(township_operator, "127.0.0.1", PASSWORD, NEW)
    assert error.value.message == messages[4]
    assert User.objects.get(pk=township_operator.pk).check_password(PASSWORD)


def test_the_change_page_checks_both_new_passwords_and_the_rules(client, township_operator):
    client.force_login(township_operator)
    url = reverse("accounts:password_change")
    page = client.post(url, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"})
    assert "两次输入的新密码不一致" in page.content.decode()
    page = client.post(url, {"old_password": PASSWORD, "new_password1": "zugong2027", "new_password2": "zugong2027"})
    assert "密码不符合要求：" in page.content.decode() and GUESSABLE in page.content.decode()
    assert User.objects.get(pk=township_operator.pk).check_password(PASSWORD)


def test_after_a_change_this_session_stays_and_the_others_end(client, township_operator):
    other = Client()
    other.force_login(township_operator)
    client.force_login(township_operator)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200
    # Signed out: the system's pages send it to the sign-in page, and / is the public portal, not the dashboard.
    assert other.get(reverse("core:policy_list")).status_code == 302
    assert 'data-testid="portal-login"' in other.get(reverse("core:dashboard")).content.decode()


def test_the_user_menu_leads_to_the_password_change(client, township_operator):
    client.force_login(township_operator)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in page


# The administrator's temporary password.

def test_a_temporary_password_signs_in_once_and_must_be_replaced(client, department_admin, township_operator):
    _, temporary = issue_temporary_password(department_admin, township_operator)
    assert not User.objects.get(pk=township_operator.pk).check_password(PASSWORD)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD)
    assert event.actor == department_admin and event.message == "管理员签发一次性临时密码，用户登录后须修改"
    assert temporary not in str(event.changes)

    login = reverse("accounts:login")
    assert client.post(login, {"username": "township", "password": temporary}).status_code == 302
    assert client.get(reverse("members:list")).url == reverse("accounts:password_change")
    assert client.get("/api/v1/organizations").status_code == 403
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'data-testid="forced-change"' in page

    second = Client()  # the same temporary password a second time: spent
    assert TEMPORARY_USED in second.post(login, {"username": "township", "password": temporary}).content.decode()

    client.post(reverse("accounts:password_change"),
                {"old_password": temporary, "new_password1": NEW, "new_password2": NEW})
    assert client.get(reverse("members:list")).status_code == 200
    user = User.objects.get(pk=township_operator.pk)
    assert not user.must_change_password and user.check_password(NEW)
    assert second.post(login, {"username": "township", "password": NEW}).status_code == 302


def test_a_temporary_password_expires_after_the_policy_hours(client, department_admin, township_operator):
    start = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _, temporary = issue_temporary_password(department_admin, township_operator)
    with time_machine.travel(start + dt.timedelta(hours=73), tick=False):
        page = client.post(reverse("accounts:login"), {"username": "township", "password": temporary})
    assert TEMPORARY_USED in page.content.decode()


def test_the_reset_page_shows_the_password_once(client, department_admin, township_operator):
    client.force_login(department_admin)
    token = str(uuid.uuid4())
    url = reverse("accounts:user_reset", args=[township_operator.pk])
    response = client.post(url, {"submission_token": token})
    assert response["Cache-Control"] == "no-store"
    shown = response.content.decode().split('data-testid="temporary-password">')[1].split("<")[0]
    user = User.objects.get(pk=township_operator.pk)
    assert user.check_password(shown)
    until = timezone.localtime(user.temporary_password_expires_at)
    assert f"请于 {until:%Y-%m-%d %H:%M} 前使用" in response.content.decode()
    assert until - timezone.localtime() > dt.timedelta(hours=71)
    again = client.post(url, {"submission_token": token}, follow=True).content.decode()
    assert "该表单已经提交过" in again and 'data-testid="temporary-password"' not in again
    assert User.objects.get(pk=township_operator.pk).check_password(shown)


def test_no_one_issues_a_temporary_password_for_themselves(department_admin):
    with pytest.raises(DomainError) as error:
        issue_temporary_password(department_admin, department_admin)
    assert error.value.message == "请在“修改密码”页面修改您自己的密码"


def test_a_new_user_gets_a_temporary_password_shown_once(client, county, department_admin):
    client.force_login(department_admin)
    form = client.get(reverse("accounts:user_create")).content.decode()
    token = form.split('name="submission_token" value="')[1].split('"')[0]
    response = client.post(reverse("accounts:user_create"), {
        "submission_token": token, "username": "xiling", "display_name": "西岭支书", "role": "branch_secretary",
        "organization": county.village2.pk})
    shown = response.content.decode().split('data-testid="temporary-password">')[1].split("<")[0]
    user = User.objects.get(username="xiling")
    assert user.check_password(shown) and user.must_change_password
