"""Checks on 12380 reports: a report past the deadline it runs against (受理决定 or 办结, the extension counted).
The deadline is the procedure's (``procedure.current_deadline``), read once per run with the policy values."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.complaints import policies as P
from zugong.complaints import procedure
from zugong.complaints.models import Report
from zugong.core.checks import FindingData, register_check
from zugong.core.dates import chinese_date
from zugong.core.models import Finding
from zugong.core.policy import policy_int
from zugong.core.tree import subtree_q

RUNNING = [Report.Status.REGISTERED, Report.Status.ACCEPTED, Report.Status.ASSIGNED, Report.Status.VERIFYING]


@register_check("complaints.overdue", _("12380举报超期未办"), capability="complaints.view")
def reports_overdue(within: str, today: dt.date):
    values = {P.ACCEPT_WORKING_DAYS.key: policy_int(P.ACCEPT_WORKING_DAYS.key),
              P.CONCLUDE_DAYS.key: policy_int(P.CONCLUDE_DAYS.key)}
    reports = Report.objects.filter(subtree_q(within, "org_path"), status__in=RUNNING).select_related("unit")
    for report in reports:
        deadline = procedure.current_deadline(report, values)
        if deadline is None or deadline.due >= today:
            continue
        yield FindingData(
            subject=report, scope_path=report.org_path, url=report.get_absolute_url(), due_on=deadline.due,
            severity=Finding.Severity.PROBLEM,
            title=f"12380举报{report.number}（{report.unit}）{deadline.label}已超期",
            detail=f"{deadline.rule}，期限为{chinese_date(deadline.due)}（{deadline.source}）",
        )
