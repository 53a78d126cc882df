"""What campaigns add to the home dashboard: tasks owed in the user's scope that are overdue or due soon, and the
reports waiting for the user's review — each a link to the campaign due list. Counted in the database."""

import datetime as dt

from django.utils import timezone

from zugong.campaigns import procedure
from zugong.campaigns.models import Task
from zugong.campaigns.selectors import RUN, VIEW
from zugong.core.access import scope_q
from zugong.core.dashboard import register_panel


@register_panel("campaigns/_dashboard_panel.html", order=28)
def campaign_summary(user) -> dict:
    if not user.has_capability(VIEW):
        return {"campaigns_visible": False}
    today = timezone.localdate()
    owed = Task.objects.filter(scope_q(user, VIEW, "org_path"), status__in=procedure.OWED)
    soon = today + dt.timedelta(days=int(procedure.values()[procedure.P.DUE_SOON_DAYS.key]))
    return {
        "campaigns_visible": owed.exists() or Task.objects.filter(scope_q(user, RUN, "campaign__org_path")).exists(),
        "campaigns_overdue": owed.filter(deadline__lt=today).count(),
        "campaigns_soon": owed.filter(deadline__gte=today, deadline__lte=soon).count(),
        "campaigns_review": Task.objects.filter(scope_q(user, RUN, "campaign__org_path"),
                                                status=Task.Status.REPORTED).count(),
    }
