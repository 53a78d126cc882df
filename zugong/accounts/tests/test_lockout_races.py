"""Guesses sent at once (并发猜测密码), run for real on PostgreSQL: each attempt reserves its failure before the
password is checked, so of twelve wrong guesses at once against a limit of five, five are checked and the
rest are refused as locked."""

import threading

import pytest
from django.test import RequestFactory

from tests.concurrency import at_once, needs_postgres
from tests.fixtures import PASSWORD
from zugong.accounts.models import SignInCounter, User
from zugong.accounts.services import sign_in
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
LOCKED = "因连续 5 次密码错误，该账户已暂停从您所在的地址登录"


@pytest.fixture
def checked(monkeypatch):
    """How many passwords were actually checked against the hash (counted across threads)."""
    count = [0]
    guard = threading.Lock()
    original = User.check_password

    def counting(self, raw):
        with guard:
            count[0] += 1
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counting)
    return count


def _guess(password: str, address: str = "203.0.113.9"):
    def call():
        return sign_in(RequestFactory().post("/", REMOTE_ADDR=address), "township", password)
    return call


def test_twelve_wrong_guesses_at_once_are_checked_at_most_five_times(township_operator, checked):
    results = at_once(*[_guess("wrong-password")] * 12)
    messages = [r.message for r in results if isinstance(r, DomainError)]
    assert len(messages) == 12, results
    assert checked[0] == 5
    assert sum(m.startswith(LOCKED) for m in messages) == 8  # the fifth check locks, seven never got a check
    assert sorted(m for m in messages if not m.startswith(LOCKED)) == [
        f"用户名或密码错误。再错 {n} 次将暂停登录。" for n in (1, 2, 3, 4)]
    pair = SignInCounter.objects.get(kind=SignInCounter.Kind.PAIR, username="township")
    assert pair.failures == 5 and pair.locked_until is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_LOCKED).count() == 1


def test_guesses_at_once_from_many_addresses_respect_the_accounts_ceiling(township_operator, department_admin,
                                                                          checked):
    from zugong.core.policy import set_policy_value

    set_policy_value(department_admin, "accounts.account_lockout_attempts", "10")
    results = at_once(*[_guess("wrong-password", f"10.0.{n}.1") for n in range(16)])
    assert all(isinstance(r, DomainError) for r in results)
    assert checked[0] == 10
    account = SignInCounter.objects.get(kind=SignInCounter.Kind.ACCOUNT, username="township")
    assert account.failures == 10 and account.locked_until is not None


def test_the_right_password_among_guesses_at_once_still_resets_the_count(township_operator, checked):
    results = at_once(*[_guess("wrong-password")] * 3, _guess(PASSWORD))
    assert sum(isinstance(r, User) for r in results) == 1 and checked[0] == 4
    pair = SignInCounter.objects.get(kind=SignInCounter.Kind.PAIR, username="township")
    assert pair.failures <= 3 and pair.locked_until is None
