"""What the organization tree adds to the home dashboard: counts of organizations, open findings per township."""

from django.db.models import Count
from django.db.models.functions import Substr

from zugong.core.dashboard import register_panel
from zugong.core.selectors import findings_visible_to
from zugong.core.tree import SEGMENT_WIDTH, subtree_q
from zugong.organizations import selectors
from zugong.organizations.models import DemonstrationSite, Rectification


@register_panel("organizations/_dashboard_panel.html", order=10)
def organization_counts(user) -> dict:
    visible = selectors.organizations_visible_to(user)
    return {
        "org_kind_counts": selectors.kind_counts(visible),
        "org_total": visible.open().count(),
        "scope_roots": selectors.scope_roots(user),
        "open_rectifications": Rectification.objects.filter(
            organization__in=visible, closed_on__isnull=True
        ).count(),
        "active_sites": DemonstrationSite.objects.filter(organization__in=visible, revoked_on__isnull=True).count(),
    }


@register_panel("organizations/_findings_panel.html", order=90)
def findings_by_organization(user) -> dict:
    """Open findings per child organization of each top of the user's scope (a township's count covers its
    villages), each linking to the findings page filtered to it."""
    visible = findings_visible_to(user)
    rows = []
    for root in selectors.scope_roots(user):
        children = list(root.children.open().order_by("path").only("pk", "name", "path"))
        width = len(root.path) + SEGMENT_WIDTH
        counts = dict(visible.filter(subtree_q(root.path, "scope_path")).order_by()
                      .annotate(head=Substr("scope_path", 1, width)).values_list("head")
                      .annotate(n=Count("pk")).values_list("head", "n"))
        own = sum(n for head, n in counts.items() if len(head) < width)
        rows.append({"organization": root, "own": own, "total": sum(counts.values()),
                     "children": [(child, counts.get(child.path, 0)) for child in children]})
    return {"finding_roots": rows}
