"""What dues add to the home dashboard (this month's collection and who is behind) and to an organization's page."""

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.access import path_in_scope, scope_q
from zugong.core.dashboard import register_panel
from zugong.core.dates import month_start
from zugong.dues.models import DuesPayment
from zugong.dues.selectors import in_arrears_q
from zugong.members.models import Member
from zugong.members.selectors import members_visible_to
from zugong.organizations.figures import Figure, register_figure
from zugong.organizations.models import Organization


@register_panel("dues/_dashboard_panel.html", order=30)
def dues_summary(user) -> dict:
    if not user.has_capability("members.view"):
        return {"dues_visible": False}
    today = timezone.localdate()
    members = members_visible_to(user).active()
    paid = members.filter(dues_payments__month=month_start(today)).count()
    return {
        "dues_visible": True,
        "dues_month": _("%(year)s年%(month)s月") % {"year": today.year, "month": today.month},
        "dues_paid": paid,
        "dues_members": members.count(),
        "dues_in_arrears": members.filter(in_arrears_q(today)).count(),
        "dues_year_total": DuesPayment.objects.filter(
            scope_q(user, "members.view", "organization__path"), month__gte=today.replace(month=1, day=1),
        ).aggregate(total=Sum("amount"))["total"] or 0,
    }


@register_figure
def dues_of(user, org) -> Figure | None:
    """The organization page: members of its subtree who paid this month's dues, linking to its dues page."""
    if org.kind == Organization.Kind.GROUP or not path_in_scope(user, "members.view", org.path):
        return None
    month = month_start(timezone.localdate())
    paid = Member.objects.active().under(org.path).filter(dues_payments__month=month).count()
    return Figure(_("本月已交党费"), f"{reverse('dues:overview')}?organization={org.pk}", paid, order=20, testid="dues")
