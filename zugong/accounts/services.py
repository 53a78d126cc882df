"""Sign-in with lockout after repeated failures (登录与锁定)."""

import datetime as dt

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zugong.accounts.models import User
from zugong.accounts.policies import LOCKOUT_ATTEMPTS, LOCKOUT_MINUTES
from zugong.core.access import DomainError
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_value


def _locked_message(user: User) -> str:
    until = timezone.localtime(user.locked_until)
    return (
        f"该账户因连续 {user.failed_login_count} 次密码错误已被锁定，"
        f"请于 {until:%H:%M} 后再试，或联系组织部管理员解锁。"
    )


def sign_in(request, username: str, password: str) -> User:
    """Return the user for a correct password; count failures and lock the account."""
    user = User.objects.filter(username=username).first()
    now = timezone.now()
    if user is not None and user.locked_until and user.locked_until > now:
        raise DomainError(_locked_message(user))
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is not None:
        if authenticated.failed_login_count or authenticated.locked_until:
            User.objects.filter(pk=authenticated.pk).update(failed_login_count=0, locked_until=None)
            authenticated.failed_login_count, authenticated.locked_until = 0, None
        return authenticated
    if user is None:
        raise DomainError("用户名或密码错误。")
    attempts = policy_value(LOCKOUT_ATTEMPTS.key)
    # The failure is counted in its own transaction: the refusal raised below must not undo it.
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count"])
        if user.failed_login_count >= attempts:
            user.locked_until = now + dt.timedelta(minutes=policy_value(LOCKOUT_MINUTES.key))
            user.save(update_fields=["locked_until"])
            record_event(
                None,
                AuditEvent.Action.LOGIN_LOCKED,
                user,
                changes={"锁定至": [None, f"{timezone.localtime(user.locked_until):%Y-%m-%d %H:%M}"]},
                message=f"连续 {user.failed_login_count} 次密码错误",
            )
    if user.locked_until and user.locked_until > now:
        raise DomainError(_locked_message(user))
    remaining = attempts - user.failed_login_count
    raise DomainError(f"用户名或密码错误。再错 {remaining} 次账户将被锁定。")
