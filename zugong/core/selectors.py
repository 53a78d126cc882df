"""Access to findings: each check's findings need that check's capability within scope."""

from collections import defaultdict

from django.db.models import Q

from zugong.core.access import scope_q
from zugong.core.checks import REGISTRY
from zugong.core.models import Finding


def findings_visible_to(user):
    codes_by_capability: dict[str, list[str]] = defaultdict(list)
    for check in REGISTRY.values():
        codes_by_capability[check.capability].append(check.code)
    visible = Q(pk__in=[])
    for capability, codes in codes_by_capability.items():
        visible |= Q(check_code__in=codes) & scope_q(user, capability, "scope_path")
    return Finding.objects.filter(visible)
