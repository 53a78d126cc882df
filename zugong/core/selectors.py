"""Access to findings (问题预警): each check's findings need that check's capability within scope."""

from collections import defaultdict

from django.db.models import Q

from zugong.core.access import get_in_scope, path_in_scope, scope_q
from zugong.core.checks import REGISTRY
from zugong.core.models import Finding


def findings_visible_to(user, every_status: bool = False):
    """The open findings ``user`` may see; with ``every_status`` also the closed and resolved ones."""
    codes_by_capability: dict[str, list[str]] = defaultdict(list)
    for check in REGISTRY.values():
        codes_by_capability[check.capability].append(check.code)
    visible = Q(pk__in=[])
    for capability, codes in codes_by_capability.items():
        visible |= Q(check_code__in=codes) & scope_q(user, capability, "scope_path")
    manager = Finding.all_objects if every_status else Finding.objects
    return manager.filter(visible)


def access_finding(user, pk, for_change: bool = False) -> Finding:
    """A finding ``user`` may see (404 otherwise); ``for_change``: one they may also handle (findings.handle)."""
    finding = get_in_scope(findings_visible_to(user, every_status=True).select_related("assigned_to"), pk)
    if for_change and not may_handle(user, finding):
        get_in_scope(Finding.all_objects.none(), pk)
    return finding


def may_handle(user, finding: Finding) -> bool:
    return path_in_scope(user, "findings.handle", finding.scope_path)


def may_see(user, finding: Finding) -> bool:
    check = REGISTRY.get(finding.check_code)
    return check is not None and path_in_scope(user, check.capability, finding.scope_path)
