"""Reading dues within a user's scope: totals by organization and month, who is behind."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Substr

from zugong.core.dates import add_months, month_start
from zugong.core.tree import SEGMENT_WIDTH
from zugong.dues.models import DuesPayment
from zugong.organizations.models import Organization


def in_arrears_q(today: dt.date) -> Q:
    """Members who have not paid last month or anything later (and owed it): the list's 欠缴 filter."""
    last_month = add_months(month_start(today), -1)
    paid_since = DuesPayment.objects.filter(member=OuterRef("pk"), month__gte=last_month)
    return Q(dues_from__lte=last_month) & Q(~Exists(paid_since))


@dataclass
class TotalsRow:
    organization: Organization
    own_only: bool  # the organization's own members, without its subordinate organizations
    by_month: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * 12)
    payments: int = 0

    @property
    def total(self) -> Decimal:
        return sum(self.by_month, Decimal(0))


@dataclass
class Totals:
    organization: Organization
    year: int
    rows: list[TotalsRow]

    @property
    def by_month(self) -> list[Decimal]:
        return [sum((row.by_month[i] for row in self.rows), Decimal(0)) for i in range(12)]

    @property
    def total(self) -> Decimal:
        return sum(self.by_month, Decimal(0))

    @property
    def payments(self) -> int:
        return sum(row.payments for row in self.rows)


def totals(organization: Organization, year: int) -> Totals:
    """Dues collected in a year by month: the organization's own members and each child's whole subtree.

    One grouped query; a payment counts where the member was when paying.
    """
    width = len(organization.path) + SEGMENT_WIDTH
    children = {c.path: c for c in organization.children.order_by("is_closed", "name")}
    rows = {path: TotalsRow(child, own_only=False) for path, child in children.items()}
    own = TotalsRow(organization, own_only=True)
    grouped = (
        DuesPayment.objects.under(organization.path)
        .filter(month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1))
        .annotate(branch=Substr("organization__path", 1, width))
        .values("branch", "month").annotate(amount=Sum("amount"), n=Count("pk"))
    )
    for item in grouped:
        row = rows.get(item["branch"], own)
        row.by_month[item["month"].month - 1] += item["amount"]
        row.payments += item["n"]
    listed = [own] if own.payments or not rows else []
    listed += [row for row in rows.values() if row.payments or not row.organization.is_closed]
    return Totals(organization, year, listed)
