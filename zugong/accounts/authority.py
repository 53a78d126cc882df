"""Who may manage whom (用户管理权限): the one rule every user-management page and service asks.

An administrator reaches a role assignment (角色授权) when the assignment's organization lies in their
``accounts.manage`` scope and they hold, at that organization, every capability of the role — so they
could have granted it themselves. They may manage a user (reset the password, deactivate or activate,
unlock, grant or remove roles) only when they reach *every* assignment of that user: a township's
administrator who could reset the password of someone who is also a county-wide administrator would
sign in with county-wide rights (issue 15). Granting follows the same rule: never a role outside one's
scope, never a capability one lacks there.
"""

from dataclasses import dataclass

from zugong.accounts.capabilities import CAPABILITIES, NAMED_ONLY, ROLE_CAPABILITIES, Role
from zugong.accounts.models import RoleAssignment, User
from zugong.core.access import DomainError, holds_at_root, path_in_scope


def grant_refusal(actor, role: str, organization) -> str | None:
    """Why ``actor`` may not grant ``role`` at ``organization``, or None when they may."""
    if not path_in_scope(actor, "accounts.manage", organization.path):
        return f"「{organization}」不在您管理用户的范围内，不能在此授予或撤销角色"
    # A capability no role holds by default (NAMED_ONLY: reading a 12380 reporter's identity) is given to a named
    # person by an administrator of the whole installation, who does not hold it themselves.
    named = NAMED_ONLY if holds_at_root(actor, "accounts.manage") else frozenset()
    lacking = sorted(c for c in ROLE_CAPABILITIES[role] - named if not path_in_scope(actor, c, organization.path))
    if lacking:
        names = "、".join(f"“{CAPABILITIES[c]}”" for c in lacking)
        return f"「{Role(role).label}」角色含有您在「{organization}」没有的权限（{names}），您不能授予或撤销"
    return None


def within_reach(actor, assignment: RoleAssignment) -> bool:
    return grant_refusal(actor, assignment.role, assignment.organization) is None


@dataclass(frozen=True)
class Reach:
    """What ``actor`` may do with one user: the assignments they reach, and why not all, if not."""

    reached: list[RoleAssignment]
    beyond: int  # assignments outside the actor's reach
    refusal: str | None  # None: the actor may manage the user

    @property
    def manageable(self) -> bool:
        return self.refusal is None


def reach(actor, user: User) -> Reach:
    """Uses ``user.role_assignments.all()`` (prefetch it with the organizations for a list)."""
    assignments = list(user.role_assignments.all())
    reached = [a for a in assignments if within_reach(actor, a)]
    beyond = len(assignments) - len(reached)
    refusal = None
    if not actor.has_capability("accounts.manage"):
        refusal = "您没有管理用户的权限"
    elif user.is_superuser and not actor.is_superuser:
        refusal = f"「{user}」是系统超级用户，只能由超级用户管理"
    elif beyond:
        refusal = (f"「{user}」还担任 {beyond} 项超出您管理范围的角色；只有管理范围覆盖其全部角色的管理员"
                   f"才能重置其密码、停用或启用、解锁、授予或撤销其角色")
    elif not assignments:
        refusal = f"「{user}」没有任何角色，不在您的管理范围内"
    return Reach(reached, beyond, refusal)


def require_manageable(actor, user: User) -> None:
    refusal = reach(actor, user).refusal
    if refusal:
        raise DomainError(refusal)


def require_grantable(actor, role: str, organization) -> None:
    refusal = grant_refusal(actor, role, organization)
    if refusal:
        raise DomainError(refusal, field="organization")
