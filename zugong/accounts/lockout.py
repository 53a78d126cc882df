"""Sign-in lockout (登录失败锁定), counted before the password is checked.

Three counters stand behind every attempt (``SignInCounter``): the typed username from this address
(PAIR), the username from every address (ACCOUNT) and this address for every username (ADDRESS). An
attempt first *reserves* a failure on all three, in one short transaction holding their rows, and is
refused without a password check when any of them is locked. Only then is the password checked (slowly,
outside any transaction); a correct one gives the reservation back. So of twelve guesses sent at once
against a limit of five, five are checked and seven are refused as locked.

Keys are the typed username, whether the account exists or not: an unknown name is counted, locked and
answered exactly like a known one. The rule and its defaults: docs/decisions/0007-sign-in-lockout.md.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zugong.accounts import policies
from zugong.accounts.models import SignInCounter, User
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_values

logger = logging.getLogger(__name__)
Kind = SignInCounter.Kind
# The order rows are locked in, the same in every transaction, so two attempts never wait for each other.
LOCK_ORDER = (Kind.ACCOUNT, Kind.ADDRESS, Kind.PAIR)
# Counters untouched for this long are deleted (longer than any lockout period the policy allows).
FORGET_AFTER = dt.timedelta(days=2)


@dataclass
class Attempt:
    """One sign-in attempt whose failure has been reserved on its three counters."""

    username: str
    address: str
    at: dt.datetime
    limits: dict[str, int]
    period: dt.timedelta
    counters: dict[str, SignInCounter] = field(default_factory=dict)
    newly_locked: list[str] = field(default_factory=list)  # counters this attempt's reservation locked

    @property
    def remaining(self) -> int:
        """Failures still allowed before a lock, the tightest of the three counters."""
        return min(self.limits[kind] - counter.failures for kind, counter in self.counters.items())


class Locked(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _limits() -> tuple[dict[str, int], dt.timedelta]:
    values = policy_values("accounts.")
    limits: dict[str, int] = {
        Kind.PAIR: int(values[policies.LOCKOUT_ATTEMPTS.key]),
        Kind.ACCOUNT: int(values[policies.ACCOUNT_LOCKOUT_ATTEMPTS.key]),
        Kind.ADDRESS: int(values[policies.ADDRESS_LOCKOUT_ATTEMPTS.key]),
    }
    return limits, dt.timedelta(minutes=int(values[policies.LOCKOUT_MINUTES.key]))


def _key(kind: str, username: str, address: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "username": "" if kind == Kind.ADDRESS else username[:150],
        "address": "" if kind == Kind.ACCOUNT else address,
    }


def _until(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M}" if local.date() == timezone.localdate() else f"{local:%m月%d日 %H:%M}"


def locked_message(counter: SignInCounter) -> str:
    until = _until(counter.locked_until) if counter.locked_until else ""
    if counter.kind == Kind.ADDRESS:
        return f"您所在的地址登录失败次数过多，已暂停从该地址登录，请于 {until} 后再试。"
    if counter.kind == Kind.ACCOUNT:
        return f"该账户因多次密码错误已暂停登录，请于 {until} 后再试，或联系组织部管理员解锁。"
    return (f"因连续 {counter.failures} 次密码错误，该账户已暂停从您所在的地址登录，"
            f"请于 {until} 后再试，或联系组织部管理员解锁。")


def describe(counter: SignInCounter) -> str:
    """A lock as an administrator reads it: from where, until when."""
    until = f"{timezone.localtime(counter.locked_until):%Y-%m-%d %H:%M}" if counter.locked_until else ""
    where = f"从 {counter.address} 登录" if counter.kind == Kind.PAIR else "从所有地址登录"
    return f"{where}已锁定至 {until}（{counter.failures} 次密码错误）"


def _refresh(counter: SignInCounter, now: dt.datetime, period: dt.timedelta) -> None:
    """An expired lock, or failures that stopped longer than the period ago, count from zero again."""
    if counter.locked_until is not None:
        if counter.locked_until <= now:
            counter.failures, counter.locked_until = 0, None
    elif counter.last_failure_at is not None and now - counter.last_failure_at > period:
        counter.failures = 0


def reserve(username: str, address: str) -> Attempt:
    """Count this attempt as a failure before its password is checked; raise ``Locked`` when refused.

    Must not run inside a transaction: the reservation has to be committed, seen by every other attempt,
    before the slow password check.
    """
    limits, period = _limits()
    attempt = Attempt(username, address, timezone.now(), limits, period)
    with transaction.atomic():
        for ordered in LOCK_ORDER:
            counter, _ = SignInCounter.objects.select_for_update().get_or_create(**_key(ordered, username, address))
            _refresh(counter, attempt.at, period)
            attempt.counters[ordered] = counter
        for widest in (Kind.ADDRESS, Kind.ACCOUNT, Kind.PAIR):  # the widest lock explains the refusal
            if attempt.counters[widest].locked_until is not None:
                raise Locked(locked_message(attempt.counters[widest]))
        for kind, counter in attempt.counters.items():
            counter.failures += 1
            counter.last_failure_at = attempt.at
            if counter.failures >= limits[kind]:
                counter.locked_until = attempt.at + period
                attempt.newly_locked.append(kind)
            counter.save(update_fields=["failures", "last_failure_at", "locked_until"])
    return attempt


def succeeded(attempt: Attempt) -> None:
    """A correct password: the account's counters start again; the address gets its reservation back
    (a success there must not hide failures against other accounts)."""
    limit = attempt.limits[Kind.ADDRESS]
    with transaction.atomic():
        SignInCounter.objects.filter(
            Q(**_key(Kind.PAIR, attempt.username, attempt.address)) | Q(**_key(Kind.ACCOUNT, attempt.username, ""))
        ).update(failures=0, locked_until=None)
        address = SignInCounter.objects.select_for_update().filter(**_key(Kind.ADDRESS, "", attempt.address)).first()
        if address is not None and address.failures > 0:
            address.failures -= 1
            if Kind.ADDRESS in attempt.newly_locked and address.failures < limit:
                address.locked_until = None
            address.save(update_fields=["failures", "locked_until"])
    _forget_stale(attempt.at)


def failed(attempt: Attempt) -> str | None:
    """A wrong password (the failure is already counted): the lock message if this attempt locked a
    counter, else None (the caller says how many attempts remain, ``attempt.remaining``)."""
    if not attempt.newly_locked:
        return None
    for kind in attempt.newly_locked:
        _note_lock(attempt, attempt.counters[kind])
    for kind in (Kind.ADDRESS, Kind.ACCOUNT, Kind.PAIR):
        if kind in attempt.newly_locked:
            return locked_message(attempt.counters[kind])
    return None


def _note_lock(attempt: Attempt, counter: SignInCounter) -> None:
    """A lock of an existing account goes to its history; every lock goes to the log."""
    where = {str(Kind.PAIR): f"来自 {attempt.address} 连续", str(Kind.ACCOUNT): "所有地址合计",
             str(Kind.ADDRESS): f"地址 {attempt.address} 对所有账户合计"}[counter.kind]
    logger.warning("sign-in lock: %s username=%r address=%s failures=%d until=%s", counter.kind,
                   counter.username, attempt.address, counter.failures, counter.locked_until)
    if counter.kind == Kind.ADDRESS:
        return
    user = User.objects.filter(username=attempt.username).first()
    if user is not None:
        record_event(None, AuditEvent.Action.LOGIN_LOCKED, user,
                     changes={"锁定至": [None, f"{timezone.localtime(counter.locked_until):%Y-%m-%d %H:%M}"]},
                     message=f"{where} {counter.failures} 次密码错误，{counter.get_kind_display()}暂停登录")


def locks_of(usernames) -> dict[str, list[SignInCounter]]:
    """The locks now in force on these accounts (from one address, or from every address)."""
    found: dict[str, list[SignInCounter]] = {}
    for counter in SignInCounter.objects.filter(
        username__in=list(usernames), kind__in=(Kind.PAIR, Kind.ACCOUNT), locked_until__gt=timezone.now()
    ).order_by("kind", "address"):
        found.setdefault(counter.username, []).append(counter)
    return found


def unlock(username: str) -> int:
    """Clear every lock and failure count of the account, from any address (the administrator's unlock)."""
    return SignInCounter.objects.filter(username=username, kind__in=(Kind.PAIR, Kind.ACCOUNT)).update(
        failures=0, locked_until=None
    )


def forget_stale() -> None:
    """Nightly: every stale counter, 500 at a time (a successful sign-in also clears some as it goes)."""
    now = timezone.now()
    while _forget_stale(now):
        pass


def _forget_stale(now: dt.datetime) -> int:
    """Delete counters nobody has failed on for days; rows another attempt holds are left for next time."""
    with transaction.atomic():
        stale = SignInCounter.objects.filter(last_failure_at__lt=now - FORGET_AFTER).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        )
        ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True)[:500])
        if ids:
            SignInCounter.objects.filter(pk__in=ids).delete()
    return len(ids)
