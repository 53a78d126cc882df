"""What member development adds to the home dashboard: the due lists' counts, villages without a new member."""

from django.utils import timezone

from zugong.core.access import scope_q
from zugong.core.dashboard import register_panel
from zugong.core.models import Finding
from zugong.development.selectors import Due, cases_visible_to, due_items
from zugong.development.services import rule_values


@register_panel("development/_dashboard_panel.html", order=25)
def development_summary(user) -> dict:
    if not user.has_capability("members.view"):
        return {"development_visible": False}
    items = due_items(cases_visible_to(user), timezone.localdate(), rule_values())
    return {
        "development_visible": True,
        "development_overdue": sum(1 for i in items if i.due is Due.OVERDUE),
        "development_now": sum(1 for i in items if i.due is Due.NOW),
        "development_soon": sum(1 for i in items if i.due is Due.SOON),
        "development_villages_without": Finding.objects.filter(
            scope_q(user, "members.view", "scope_path"), check_code="development.village_none").count(),
    }
