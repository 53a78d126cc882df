"""The one scope filter every access function builds on (访问范围).

A user's roles give, per capability, the organization subtrees they cover
(``user.scope_prefixes(capability)``). Records carry a tree path; the filter is
a union of path ranges. Missing and forbidden records are both answered 404.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from zugong.core.tree import depth_of, is_within, subtree_q


def scope_q(user, capability: str, field: str = "path") -> Q:
    prefixes = user.scope_prefixes(capability) if user.is_authenticated else []
    if not prefixes:
        return Q(pk__in=[])
    query = Q()
    for prefix in prefixes:
        query |= subtree_q(prefix, field)
    return query


def path_in_scope(user, capability: str, path: str) -> bool:
    if not user.is_authenticated:
        return False
    return any(is_within(path, prefix) for prefix in user.scope_prefixes(capability))


def holds_at_root(user, capability: str) -> bool:
    """Whether ``user`` holds ``capability`` at the top of the tree (全县/全系统范围).

    Settings that apply to the whole installation (policy values, the dues table, the points scheme) need
    this: a role bound to a township covers that township only, however wide its capabilities. The
    installation has one top organization (``create_root_organization``); its path is one segment long.
    """
    if not user.is_authenticated:
        return False
    return any(depth_of(prefix) <= 1 for prefix in user.scope_prefixes(capability))


def get_in_scope[M: Model](queryset: QuerySet[M], pk) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录，或不在您的权限范围内") from exc


class DomainError(Exception):
    """A refused use case; the message is shown to the user as it is (Chinese)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
