"""Checks on the organization tree: terms due or overdue (换届提醒), organizations without a secretary."""

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from zugong.core.checks import FindingData, register_check
from zugong.core.dates import add_months
from zugong.core.models import Finding
from zugong.core.policy import policy_int
from zugong.organizations.models import Election, Organization
from zugong.organizations.policies import TERM_REMINDER_MONTHS
from zugong.organizations.selectors import with_secretary_flag


def _with_term_end(within: str):
    latest = Election.objects.filter(organization=OuterRef("pk")).order_by("-elected_on", "-pk")
    return (
        Organization.objects.under(within)
        .open()
        .exclude(kind__in=Organization.KINDS_WITHOUT_TERM)
        .annotate(term_ends_on=Subquery(latest.values("term_ends_on")[:1]))
        .only("pk", "name", "path")
    )


@register_check("organizations.term_due", _("任期即将届满"))
def terms_due(within: str, today: dt.date):
    months = policy_int(TERM_REMINDER_MONTHS.key)
    horizon = add_months(today, months)
    for org in _with_term_end(within).filter(term_ends_on__gte=today, term_ends_on__lte=horizon):
        yield FindingData(
            subject=org, scope_path=org.path, url=org.get_absolute_url(), due_on=org.term_ends_on,
            title=f"{org.name}任期将于 {org.term_ends_on} 届满",
            detail=f"距届满不足 {months} 个月，请做好换届准备",
        )


@register_check("organizations.term_overdue", _("超期未换届"))
def terms_overdue(within: str, today: dt.date):
    for org in _with_term_end(within).filter(term_ends_on__lt=today):
        yield FindingData(
            subject=org, scope_path=org.path, url=org.get_absolute_url(), due_on=org.term_ends_on,
            severity=Finding.Severity.PROBLEM,
            title=f"{org.name}任期已于 {org.term_ends_on} 届满，尚未换届",
            detail="应按期换届；确需延期须报上级党组织批准",
        )
    for org in _with_term_end(within).filter(term_ends_on__isnull=True):
        yield FindingData(
            subject=org, scope_path=org.path, url=org.get_absolute_url(), severity=Finding.Severity.PROBLEM,
            title=f"{org.name}没有换届选举记录", detail="请补录最近一次换届选举",
        )


@register_check("organizations.no_secretary", _("未配备书记"))
def without_secretary(within: str, today: dt.date):
    orgs = with_secretary_flag(
        Organization.objects.under(within).open().exclude(kind=Organization.Kind.GROUP)
    ).filter(has_secretary=False)
    for org in orgs.only("pk", "name", "path"):
        yield FindingData(
            subject=org, scope_path=org.path, url=org.get_absolute_url(), severity=Finding.Severity.PROBLEM,
            title=f"{org.name}未配备书记", detail="书记空缺，应及时选举或指定",
        )
