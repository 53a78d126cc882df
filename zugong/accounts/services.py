"""Sign-in with lockout (登录与锁定), one's own password (修改密码) and account management (用户与角色管理).

Every management use case locks the user's row, then asks ``authority`` whether the actor reaches every
role of that user; a password is never set to something the administrator knows — they issue a
temporary one, good for one sign-in, after which the user must choose their own.
"""

import datetime as dt

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zugong.accounts import authority, lockout
from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment, User
from zugong.accounts.passwords import temporary_password
from zugong.accounts.policies import TEMPORARY_PASSWORD_HOURS
from zugong.core.access import DomainError
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.throttle import client_address

WRONG = "用户名或密码错误。"
TEMPORARY_USED = "该临时密码已经用过或已过期，请联系管理员重新签发。"


def _wrong_message(attempt: lockout.Attempt, wrong: str = WRONG) -> str:
    return lockout.failed(attempt) or f"{wrong}再错 {attempt.remaining} 次将暂停登录。"


def sign_in(request, username: str, password: str) -> User:
    """Return the user for a correct password. A known and an unknown username are answered alike, with
    the same counts and locks, and both run the password hasher (Django's ModelBackend does so for an
    unknown name). Must not run inside a transaction (see ``lockout.reserve``)."""
    try:
        attempt = lockout.reserve(username, client_address(request))
    except lockout.Locked as locked:
        raise DomainError(locked.message) from locked
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise DomainError(_wrong_message(attempt))
    lockout.succeeded(attempt)
    if user.must_change_password and not _use_temporary_password(user):
        raise DomainError(TEMPORARY_USED)
    return user


def _use_temporary_password(user: User) -> bool:
    """A temporary password signs in once: the first sign-in spends it (one UPDATE, so two at once cannot)."""
    now = timezone.now()
    return bool(User.objects.filter(pk=user.pk, temporary_password_expires_at__gt=now)
                .update(temporary_password_expires_at=now))


def _checked_password(password: str, user: User | None = None) -> str:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError("密码不符合要求：" + "；".join(error.messages), field="new_password1") from error
    return password


def change_own_password(user: User, address: str, old: str, new: str) -> User:
    """The user changes their own password; a wrong current password counts like a failed sign-in."""
    try:
        attempt = lockout.reserve(user.username, address)
    except lockout.Locked as locked:
        raise DomainError(locked.message, field="old_password") from locked
    if not user.check_password(old):
        raise DomainError(_wrong_message(attempt, "当前密码不正确。"), field="old_password")
    lockout.succeeded(attempt)
    if old == new:
        raise DomainError("新密码不能与当前密码相同", field="new_password1")
    _checked_password(new, user)
    with transaction.atomic():
        was_temporary = user.must_change_password
        user.set_password(new)
        user.must_change_password, user.temporary_password_expires_at = False, None
        user.save(update_fields=["password", "must_change_password", "temporary_password_expires_at"])
        record_event(user, AuditEvent.Action.PASSWORD, user, changes={"密码": ["******", "******（本人修改）"]},
                     message="本人将临时密码改为自己的密码" if was_temporary else "本人修改密码")
    return user


def _locked_row(user: User) -> User:
    """The user's row, locked until the transaction ends: two administrators (or a grant and a reset)
    act on one user one after the other, each seeing the other's result."""
    return User.objects.select_for_update().get(pk=user.pk)


def _manage(actor, user: User) -> User:
    locked = _locked_row(user)
    authority.require_manageable(actor, locked)
    return locked


def _validated_username(username: str) -> str:
    username = username.strip()
    try:
        User.username_validator(username)
    except ValidationError as error:
        raise DomainError("用户名只能包含字母、数字和 @ . + - _", field="username") from error
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名「{username}」已被使用", field="username")
    return username


def _set_temporary_password(user: User) -> str:
    password = temporary_password()
    hours = policy_int(TEMPORARY_PASSWORD_HOURS.key)
    user.set_password(password)
    user.must_change_password = True
    user.temporary_password_expires_at = timezone.now() + dt.timedelta(hours=hours)
    return password


def create_user(actor, *, username: str, display_name: str, role: str, organization) -> tuple[User, str]:
    """A new account starts with one role (so it is never outside every scope) and a temporary password,
    shown once to the administrator; the user chooses their own at the first sign-in."""
    authority.require_grantable(actor, role, organization)
    username = _validated_username(username)
    with transaction.atomic():
        user = User(username=username, display_name=display_name.strip())
        password = _set_temporary_password(user)
        user.save()
        assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization)
        record_event(actor, AuditEvent.Action.CREATE, user, changes={
            "用户名": [None, user.username], "姓名": [None, user.display_name],
            "角色授权": [None, str(assignment)],
        }, message="已签发临时密码，首次登录须修改")
    return user, password


def issue_temporary_password(actor, user: User) -> tuple[User, str]:
    """Replace the user's password with a temporary one, returned once for the administrator to hand over:
    it signs in once within the policy's hours, then the user must choose their own. Clears any lock."""
    if user.pk == actor.pk:
        raise DomainError("请在“修改密码”页面修改您自己的密码")
    with transaction.atomic():
        user = _manage(actor, user)
        password = _set_temporary_password(user)
        user.save(update_fields=["password", "must_change_password", "temporary_password_expires_at"])
        lockout.unlock(user.username)
        until = timezone.localtime(user.temporary_password_expires_at)
        record_event(actor, AuditEvent.Action.PASSWORD, user,
                     changes={"密码": ["******", f"临时密码（{until:%Y-%m-%d %H:%M} 前可登录一次）"]},
                     message="管理员签发一次性临时密码，用户登录后须修改")
    return user, password


def assign_role(actor, user: User, *, role: str, organization) -> RoleAssignment:
    with transaction.atomic():
        user = _manage(actor, user)
        authority.require_grantable(actor, role, organization)
        if user.role_assignments.filter(role=role, organization=organization).exists():
            raise DomainError(f"{user}已在「{organization}」担任该角色", field="role")
        assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization)
        record_event(actor, AuditEvent.Action.CREATE, assignment, subject=user, changes={"角色授权": [None, str(assignment)]})
    return assignment


def remove_role(actor, assignment: RoleAssignment) -> None:
    with transaction.atomic():
        user = _manage(actor, assignment.user)
        authority.require_grantable(actor, assignment.role, assignment.organization)
        if assignment.user_id == actor.pk and assignment.role == Role.DEPARTMENT_ADMIN:
            raise DomainError("不能撤销自己的组织部管理员角色")
        if user.role_assignments.count() == 1:
            raise DomainError(f"这是{user}的唯一角色；请先授予新角色，或停用该账户")
        record_event(
            actor, AuditEvent.Action.DELETE, assignment, subject=user,
            changes={"角色授权": [str(assignment), None]},
        )
        assignment.delete()


def unlock_user(actor, user: User) -> None:
    with transaction.atomic():
        user = _manage(actor, user)
        locks = lockout.locks_of([user.username]).get(user.username, [])
        lockout.unlock(user.username)
        before = "；".join(lockout.describe(lock) for lock in locks) or "未锁定"
        record_event(actor, AuditEvent.Action.UPDATE, user, changes={"登录锁定": [before, "已解除"]},
                     message="管理员解除锁定")


def set_user_active(actor, user: User, is_active: bool) -> None:
    if user.pk == actor.pk:
        raise DomainError("不能停用自己的账户")
    with transaction.atomic():
        user = _manage(actor, user)
        before = user.is_active
        user.is_active = is_active
        user.save(update_fields=["is_active"])
        record_event(actor, AuditEvent.Action.UPDATE, user, changes={"启用": [before, is_active]})
