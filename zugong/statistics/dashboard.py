"""What the statistics add to the home dashboard: two charts (members by age, findings by kind) and the way to
each module's dashboard of charts; and the link to an organization's statistics on its page."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zugong.core.access import path_in_scope
from zugong.core.dashboard import register_panel
from zugong.organizations.figures import Figure, register_figure
from zugong.organizations.selectors import scope_roots
from zugong.statistics.charts import CHART_MODULES, build_charts

HOME_CHARTS_SECONDS = 300


@register_panel("statistics/_dashboard_panel.html", order=90)
def statistics_charts(user) -> dict:
    root = scope_roots(user, "members.view").first() if user.has_capability("members.view") else None
    if root is None:
        return {"charts_visible": False}
    today = timezone.localdate()
    # The age chart counts the whole scope (millions of members for a province): the home page reuses it a while.
    key = f"home-charts:{get_language()}:{today}:{'|'.join(user.scope_prefixes('members.view'))}:{root.pk}"
    charts = cache.get_or_set(key, lambda: build_charts(user, root, today, keys=("age", "findings")), HOME_CHARTS_SECONDS)
    return {"charts_visible": True, "chart_root": root, "chart_modules": CHART_MODULES, "home_charts": charts,
            "charts_minutes": HOME_CHARTS_SECONDS // 60}


@register_figure
def statistics_of(user, org) -> Figure | None:
    """The organization page: the annual statistics of its subtree."""
    if not path_in_scope(user, "members.view", org.path):
        return None
    return Figure(_("党内统计"), f"{reverse('statistics:overview')}?organization={org.pk}", order=40, testid="statistics")
