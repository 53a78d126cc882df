"""What the statistics add to the home dashboard: two charts (members by age, findings by kind) and the way to
each module's dashboard of charts."""

from django.core.cache import cache
from django.utils import timezone

from zugong.core.dashboard import register_panel
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
    key = f"home-charts:{today}:{'|'.join(user.scope_prefixes('members.view'))}:{root.pk}"
    charts = cache.get_or_set(key, lambda: build_charts(user, root, today, keys=("age", "findings")), HOME_CHARTS_SECONDS)
    return {"charts_visible": True, "chart_root": root, "chart_modules": CHART_MODULES, "home_charts": charts,
            "charts_minutes": HOME_CHARTS_SECONDS // 60}
