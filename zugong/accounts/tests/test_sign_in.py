"""Sign-in and lockout (登录与锁定): counts per account and address, per address, per account; a known and an
unknown username answered alike; the administrator's unlock."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import RequestFactory
from django.urls import reverse

from tests.fixtures import PASSWORD
from zugong.accounts import lockout
from zugong.accounts.models import SignInCounter
from zugong.accounts.services import sign_in, unlock_user
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.policy import set_policy_value
from zugong.core.throttle import client_address

NINE = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)  # 17:00 in Asia/Shanghai
HERE, THERE = "203.0.113.9", "198.51.100.7"


def request_from(address: str, **meta):
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=address, **meta)


def attempt(username: str, password: str, address: str = HERE):
    """The user on success, else the message shown."""
    try:
        return sign_in(request_from(address), username, password)
    except DomainError as error:
        return error.message


def fail(times: int, username: str = "township", address: str = HERE) -> list[str]:
    return [attempt(username, "wrong-password", address) for _ in range(times)]


def test_passwords_are_hashed_with_argon2(township_operator):
    assert township_operator.password.startswith("argon2")


@time_machine.travel(NINE, tick=False)
def test_each_failure_says_how_many_attempts_remain_then_the_account_locks_from_that_address(township_operator):
    messages = fail(5)
    assert messages[:4] == [f"用户名或密码错误。再错 {n} 次将暂停登录。" for n in (4, 3, 2, 1)]
    assert messages[4] == ("因连续 5 次密码错误，该账户已暂停从您所在的地址登录，请于 17:30 后再试，"
                           "或联系组织部管理员解锁。")
    assert attempt("township", PASSWORD) == messages[4]
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_LOCKED)
    assert event.object_id == str(township_operator.pk)
    assert event.message == f"来自 {HERE} 连续 5 次密码错误，同一账户、同一地址暂停登录"


@time_machine.travel(NINE, tick=False)
def test_an_unknown_username_is_answered_exactly_like_a_known_one(township_operator):
    assert fail(7, "nobody") == fail(7, "township")


def test_the_login_page_is_the_same_for_a_known_and_an_unknown_username(client, township_operator):
    def page(username):
        text = client.post(reverse("accounts:login"), {"username": username, "password": "wrong-password"}).content
        text = text.decode().replace(username, "NAME")
        return re.sub(r"[A-Za-z0-9]{64}", "CSRF", text)  # each page has its own CSRF token

    for _ in range(6):
        assert page("township") == page("nobody")


def test_the_password_hasher_runs_for_an_unknown_username(monkeypatch, township_operator):
    runs = []
    for name in ("encode", "verify"):
        original = getattr(Argon2PasswordHasher, name)
        monkeypatch.setattr(Argon2PasswordHasher, name,
                            lambda self, *a, _name=name, _original=original: runs.append(_name) or _original(self, *a))
    attempt("nobody", "wrong-password")
    attempt("township", "wrong-password")
    assert runs == ["encode", "verify"]  # Django's ModelBackend hashes the password for an unknown name


@time_machine.travel(NINE, tick=False)
def test_a_stranger_cannot_lock_the_admin_out_from_another_address(department_admin):
    assert fail(5, "admin", HERE)[-1].startswith("因连续 5 次密码错误")
    assert attempt("admin", PASSWORD, HERE).startswith("因连续 5 次密码错误")
    assert attempt("admin", PASSWORD, THERE) == department_admin


@time_machine.travel(NINE, tick=False)
def test_an_address_is_locked_for_every_account_after_its_own_limit(township_operator, department_admin):
    for n in range(4):
        fail(5, f"guess{n}")
    # 20 failures from HERE: the address limit, whatever the names.
    message = "您所在的地址登录失败次数过多，已暂停从该地址登录，请于 17:30 后再试。"
    assert attempt("township", PASSWORD, HERE) == message
    assert attempt("nobody-else", "x-password", HERE) == message
    assert attempt("township", PASSWORD, THERE) == township_operator


@time_machine.travel(NINE, tick=False)
def test_a_success_does_not_hide_failures_from_the_same_address(township_operator):
    for n in range(3):
        fail(5, f"guess{n}")
        assert attempt("township", PASSWORD) == township_operator
    fail(5, "guess9")  # 15 + 5: the address's limit, though three of its sign-ins succeeded
    assert attempt("township", PASSWORD).startswith("您所在的地址登录失败次数过多")


@time_machine.travel(NINE, tick=False)
def test_guesses_spread_over_addresses_lock_the_account_everywhere(department_admin, township_operator):
    set_policy_value(department_admin, "accounts.account_lockout_attempts", "10")
    for address in ("10.0.0.1", "10.0.0.2"):
        fail(4, address=address)
    assert fail(2, address="10.0.0.3")[-1] == ("该账户因多次密码错误已暂停登录，请于 17:30 后再试，"
                                               "或联系组织部管理员解锁。")
    assert attempt("township", PASSWORD, THERE).startswith("该账户因多次密码错误已暂停登录")
    unlock_user(department_admin, township_operator)
    assert attempt("township", PASSWORD, THERE) == township_operator


def test_the_administrators_unlock_clears_every_lock_of_the_account(department_admin, township_operator):
    fail(5, address=HERE)
    fail(5, address=THERE)
    assert len(lockout.locks_of(["township"])["township"]) == 2
    unlock_user(department_admin, township_operator)
    assert lockout.locks_of(["township"]) == {}
    assert attempt("township", PASSWORD, HERE) == township_operator
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(township_operator.pk)).get()
    assert event.changes["登录锁定"][1] == "已解除" and HERE in event.changes["登录锁定"][0]


def test_the_lock_expires_after_the_policy_duration(township_operator, department_admin):
    set_policy_value(department_admin, "accounts.lockout_minutes", "10")
    with time_machine.travel(NINE, tick=False):
        fail(5)
    with time_machine.travel(NINE + dt.timedelta(minutes=9), tick=False):
        assert attempt("township", PASSWORD).startswith("因连续 5 次密码错误")
    with time_machine.travel(NINE + dt.timedelta(minutes=11), tick=False):
        assert attempt("township", PASSWORD) == township_operator
        assert fail(1) == ["用户名或密码错误。再错 4 次将暂停登录。"]


def test_failures_further_apart_than_the_period_start_again(township_operator):
    with time_machine.travel(NINE, tick=False):
        fail(4)
    with time_machine.travel(NINE + dt.timedelta(minutes=31), tick=False):
        assert fail(1) == ["用户名或密码错误。再错 4 次将暂停登录。"]


def test_the_attempt_count_is_a_policy_setting(township_operator, department_admin):
    set_policy_value(department_admin, "accounts.lockout_attempts", "3")
    messages = fail(3)
    assert messages[0] == "用户名或密码错误。再错 2 次将暂停登录。"
    assert messages[2].startswith("因连续 3 次密码错误")


def test_a_success_resets_the_accounts_failure_count(township_operator):
    fail(3)
    assert attempt("township", PASSWORD) == township_operator
    counter = SignInCounter.objects.get(kind=SignInCounter.Kind.PAIR, username="township")
    assert counter.failures == 0
    assert fail(1) == ["用户名或密码错误。再错 4 次将暂停登录。"]


def test_the_login_page_shows_the_chinese_message(client, township_operator):
    response = client.post(reverse("accounts:login"), {"username": "township", "password": "nope"})
    assert "用户名或密码错误。再错 4 次将暂停登录。" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "township", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"


def test_a_deactivated_account_is_answered_like_a_wrong_password(township_operator):
    township_operator.is_active = False
    township_operator.save()
    assert attempt("township", PASSWORD) == "用户名或密码错误。再错 4 次将暂停登录。"


# The source address.

@pytest.mark.parametrize(("meta", "header", "expected"), [
    ({"REMOTE_ADDR": "203.0.113.9"}, "", "203.0.113.9"),
    ({"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "", "10.0.0.5"),  # not trusted unless named
    ({"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}, "X-Forwarded-For", "203.0.113.9"),
    ({"REMOTE_ADDR": "10.0.0.5"}, "X-Real-IP", "10.0.0.5"),  # the header missing: the connection's address
    ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "", "2001:db8:1:2::/64"),
    ({"REMOTE_ADDR": "::ffff:203.0.113.9"}, "", "203.0.113.9"),
    ({"REMOTE_ADDR": "10.0.0.5", "HTTP_X_REAL_IP": "garbage"}, "X-Real-IP", "unknown"),
])
def test_the_source_address(settings, meta, header, expected):
    settings.ZUGONG_CLIENT_ADDRESS_HEADER = header
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == expected


@time_machine.travel(NINE, tick=False)
def test_a_forged_forwarded_header_does_not_escape_the_lock(township_operator):
    fail(5)
    forged = None
    try:
        sign_in(request_from(HERE, HTTP_X_FORWARDED_FOR="192.0.2.1"), "township", PASSWORD)
    except DomainError as error:
        forged = error.message
    sign_in_message = attempt("township", PASSWORD)
    assert forged == sign_in_message and forged.startswith("因连续 5 次密码错误")


def test_the_nightly_housekeeping_forgets_every_stale_counter_but_not_a_lock_or_a_recent_one(db):
    from django.utils import timezone

    from zugong.core.tasks import NIGHTLY

    now = timezone.now()
    old = now - lockout.FORGET_AFTER - dt.timedelta(hours=1)
    SignInCounter.objects.bulk_create(
        [SignInCounter(kind="address", address=f"10.0.{n // 250}.{n % 250}", failures=1, last_failure_at=old)
         for n in range(1200)]  # more than one batch of 500
        + [SignInCounter(kind="account", username="recent", failures=2, last_failure_at=now),
           SignInCounter(kind="pair", username="locked", address="10.9.9.9", failures=5, last_failure_at=old,
                         locked_until=now + dt.timedelta(hours=1))])
    assert lockout.forget_stale in NIGHTLY
    lockout.forget_stale()
    assert sorted(SignInCounter.objects.values_list("username", flat=True)) == ["locked", "recent"]
