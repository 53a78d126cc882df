"""Access to user accounts: an administrator sees the users holding a role inside their scope."""

from zugong.accounts.models import RoleAssignment, User
from zugong.core.access import get_in_scope, scope_q


def users_visible_to(actor):
    in_scope = RoleAssignment.objects.filter(scope_q(actor, "accounts.manage", "organization__path"))
    return User.objects.filter(pk__in=in_scope.values("user_id")).order_by("username")


def access_user(actor, pk) -> User:
    return get_in_scope(users_visible_to(actor), pk)


def assignments_manageable_by(actor, user: User):
    return user.role_assignments.filter(scope_q(actor, "accounts.manage", "organization__path")).select_related(
        "organization"
    )
