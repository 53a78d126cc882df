"""What the organization tree adds to the home dashboard."""

from zugong.core.dashboard import register_panel
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
