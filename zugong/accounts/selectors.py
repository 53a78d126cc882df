"""Access to user accounts: an administrator sees the users holding a role inside their scope, and may
manage those whose every role they reach (``authority``); the others are listed read-only with the reason."""

from dataclasses import dataclass

from django.http import Http404

from zugong.accounts import authority, lockout
from zugong.accounts.models import RoleAssignment, SignInCounter, User
from zugong.core.access import get_in_scope, scope_q


def users_visible_to(actor):
    in_scope = RoleAssignment.objects.filter(scope_q(actor, "accounts.manage", "organization__path"))
    return User.objects.filter(pk__in=in_scope.values("user_id")).order_by("username")


def access_user(actor, pk) -> User:
    return get_in_scope(users_visible_to(actor), pk)


@dataclass(frozen=True)
class UserView:
    """One user as an administrator sees them: the roles they reach, how many they do not, the locks."""

    user: User
    reach: authority.Reach
    locks: list[SignInCounter]


def user_views(actor, users) -> list[UserView]:
    users = list(users.prefetch_related("role_assignments__organization"))
    locks = lockout.locks_of(u.username for u in users)
    return [UserView(u, authority.reach(actor, u), locks.get(u.username, [])) for u in users]


def user_view(actor, pk) -> UserView:
    return user_views(actor, users_visible_to(actor).filter(pk=access_user(actor, pk).pk))[0]


def assignment_of(user: User, pk) -> RoleAssignment:
    """One of the user's role assignments (whether the actor may remove it is the service's decision)."""
    try:
        return user.role_assignments.select_related("organization", "user").get(pk=pk)
    except (RoleAssignment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("未找到该记录，或不在您的权限范围内") from error
