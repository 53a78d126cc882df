"""What dues add to the home dashboard: this month's collection and who is behind."""

from django.db.models import Sum
from django.utils import timezone

from zugong.core.access import scope_q
from zugong.core.dashboard import register_panel
from zugong.core.dates import month_start
from zugong.dues.models import DuesPayment
from zugong.dues.selectors import in_arrears_q
from zugong.members.selectors import members_visible_to


@register_panel("dues/_dashboard_panel.html", order=30)
def dues_summary(user) -> dict:
    if not user.has_capability("members.view"):
        return {"dues_visible": False}
    today = timezone.localdate()
    members = members_visible_to(user).active()
    paid = members.filter(dues_payments__month=month_start(today)).count()
    return {
        "dues_visible": True,
        "dues_month": f"{today.year}年{today.month}月",
        "dues_paid": paid,
        "dues_members": members.count(),
        "dues_in_arrears": members.filter(in_arrears_q(today)).count(),
        "dues_year_total": DuesPayment.objects.filter(
            scope_q(user, "members.view", "organization__path"), month__gte=today.replace(month=1, day=1),
        ).aggregate(total=Sum("amount"))["total"] or 0,
    }
