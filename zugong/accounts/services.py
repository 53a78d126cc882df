"""Sign-in with lockout (登录与锁定) and account management (用户与角色管理)."""

import datetime as dt

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zugong.accounts.capabilities import Role
from zugong.accounts.models import RoleAssignment, User
from zugong.accounts.policies import LOCKOUT_ATTEMPTS, LOCKOUT_MINUTES
from zugong.accounts.selectors import users_visible_to
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int


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
    attempts = policy_int(LOCKOUT_ATTEMPTS.key)
    # The failure is counted in its own transaction: the refusal raised below must not undo it.
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count"])
        if user.failed_login_count >= attempts:
            user.locked_until = now + dt.timedelta(minutes=policy_int(LOCKOUT_MINUTES.key))
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


def _require_manage(actor, organization) -> None:
    if not path_in_scope(actor, "accounts.manage", organization.path):
        raise DomainError(f"您无权在「{organization}」范围内管理用户", field="organization")


def _checked_password(password: str, user: User | None = None) -> str:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError("密码不符合要求：" + "；".join(error.messages), field="password") from error
    return password


def create_user(actor, *, username: str, display_name: str, password: str, role: str, organization) -> User:
    """A new account always starts with one role, so it is never outside every scope."""
    _require_manage(actor, organization)
    username = username.strip()
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名「{username}」已被使用", field="username")
    _checked_password(password)
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, display_name=display_name.strip())
        assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization)
        record_event(actor, AuditEvent.Action.CREATE, user, changes={
            "用户名": [None, user.username], "姓名": [None, user.display_name],
            "角色授权": [None, str(assignment)],
        })
    return user


def assign_role(actor, user: User, *, role: str, organization) -> RoleAssignment:
    _require_manage(actor, organization)
    if user.role_assignments.filter(role=role, organization=organization).exists():
        raise DomainError(f"{user}已在「{organization}」担任该角色", field="role")
    with transaction.atomic():
        assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization)
        record_event(actor, AuditEvent.Action.CREATE, assignment, subject=user, changes={"角色授权": [None, str(assignment)]})
    return assignment


def remove_role(actor, assignment: RoleAssignment) -> None:
    _require_manage(actor, assignment.organization)
    if assignment.user_id == actor.pk and assignment.role == Role.DEPARTMENT_ADMIN:
        raise DomainError("不能撤销自己的组织部管理员角色")
    if assignment.user.role_assignments.count() == 1:
        raise DomainError(f"这是{assignment.user}的唯一角色；请先授予新角色，或停用该账户")
    with transaction.atomic():
        record_event(
            actor, AuditEvent.Action.DELETE, assignment, subject=assignment.user,
            changes={"角色授权": [str(assignment), None]},
        )
        assignment.delete()


def _require_manage_user(actor, user: User) -> None:
    if not users_visible_to(actor).filter(pk=user.pk).exists():
        raise DomainError("您无权管理该用户")


def unlock_user(actor, user: User) -> None:
    _require_manage_user(actor, user)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        record_event(actor, AuditEvent.Action.UPDATE, user, changes={"锁定至": [
            None if user.locked_until is None else f"{timezone.localtime(user.locked_until):%Y-%m-%d %H:%M}", None
        ]}, message="管理员解除锁定")


def set_user_password(actor, user: User, password: str) -> None:
    _require_manage_user(actor, user)
    _checked_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(actor, AuditEvent.Action.UPDATE, user, changes={"密码": ["******", "******（已重置）"]})


def set_user_active(actor, user: User, is_active: bool) -> None:
    _require_manage_user(actor, user)
    if user.pk == actor.pk:
        raise DomainError("不能停用自己的账户")
    with transaction.atomic():
        before = user.is_active
        user.is_active = is_active
        user.save(update_fields=["is_active"])
        record_event(actor, AuditEvent.Action.UPDATE, user, changes={"启用": [before, is_active]})
