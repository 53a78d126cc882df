import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.fixtures import PASSWORD
from zugong.accounts.models import User
from zugong.accounts.services import sign_in
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.policy import set_policy_value


def fail(request, times: int) -> list[str]:
    messages = []
    for _ in range(times):
        with pytest.raises(DomainError) as error:
            sign_in(request, "township", "wrong")
        messages.append(error.value.message)
    return messages


def test_passwords_are_hashed_with_argon2(township_operator):
    assert township_operator.password.startswith("argon2")


def test_each_failure_says_how_many_attempts_remain_then_the_account_locks(rf, township_operator):
    with time_machine.travel(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC), tick=False):
        messages = fail(rf.get("/"), 5)
        assert messages[:4] == [f"用户名或密码错误。再错 {n} 次账户将被锁定。" for n in (4, 3, 2, 1)]
        assert messages[4] == "该账户因连续 5 次密码错误已被锁定，请于 17:30 后再试，或联系组织部管理员解锁。"
        with pytest.raises(DomainError) as error:
            sign_in(rf.get("/"), "township", PASSWORD)
        assert error.value.message.startswith("该账户因连续 5 次密码错误已被锁定")
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_LOCKED)
    assert event.object_id == str(township_operator.pk)


def test_the_lock_expires_after_the_policy_duration(rf, township_operator, department_admin):
    set_policy_value(department_admin, "accounts.lockout_minutes", "10")
    start = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        fail(rf.get("/"), 5)
    with time_machine.travel(start + dt.timedelta(minutes=9), tick=False):
        with pytest.raises(DomainError):
            sign_in(rf.get("/"), "township", PASSWORD)
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        assert sign_in(rf.get("/"), "township", PASSWORD) == township_operator
    township_operator.refresh_from_db()
    assert (township_operator.failed_login_count, township_operator.locked_until) == (0, None)


def test_the_attempt_count_is_a_policy_setting(rf, township_operator, department_admin):
    set_policy_value(department_admin, "accounts.lockout_attempts", "3")
    messages = fail(rf.get("/"), 3)
    assert messages[0] == "用户名或密码错误。再错 2 次账户将被锁定。"
    assert messages[2].startswith("该账户因连续 3 次密码错误已被锁定")


def test_a_success_resets_the_failure_count(rf, township_operator):
    fail(rf.get("/"), 3)
    sign_in(rf.get("/"), "township", PASSWORD)
    assert User.objects.get(pk=township_operator.pk).failed_login_count == 0
    assert fail(rf.get("/"), 1) == ["用户名或密码错误。再错 4 次账户将被锁定。"]


def test_the_login_page_shows_the_chinese_message(client, township_operator):
    response = client.post(reverse("accounts:login"), {"username": "township", "password": "nope"})
    assert "用户名或密码错误。再错 4 次账户将被锁定。" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "township", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"


def test_an_unknown_user_gets_the_same_neutral_message(client, db):
    response = client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    assert "用户名或密码错误。" in response.content.decode()
