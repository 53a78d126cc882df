"""API for dues (党费接口): a member's ledger and payments, totals by organization and month."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema

from zugong.core import bounds
from zugong.core.api_types import Id, Year, column
from zugong.dues import selectors, services
from zugong.dues.models import DuesPayment
from zugong.members.selectors import access_member
from zugong.organizations.selectors import access_organization, scope_roots

router = Router(tags=["dues"])


class LedgerLineOut(Schema):
    month: dt.date
    due: Decimal | None
    paid: Decimal | None
    paid_on: dt.date | None
    status: str
    payable: bool


class LedgerOut(Schema):
    member_id: int
    dues_category: str
    dues_base: Decimal | None
    paid_total: Decimal
    arrears_months: int
    arrears_total: Decimal
    lines: list[LedgerLineOut]


class PaymentIn(Schema):
    months: Annotated[list[Annotated[dt.date, column(DuesPayment, "month")]],
                      Field(min_length=1, max_length=bounds.LIST_ITEMS_MAX, title="所属月份")]
    paid_on: Annotated[dt.date, column(DuesPayment, "paid_on")]


class PaymentOut(Schema):
    id: int
    member_id: int
    month: dt.date
    amount: Decimal
    paid_on: dt.date
    organization_id: int


class TotalsRowOut(Schema):
    organization_id: int
    organization: str
    own_members_only: bool
    by_month: list[Decimal]
    total: Decimal
    payments: int


class TotalsOut(Schema):
    organization_id: int
    year: int
    rows: list[TotalsRowOut]
    by_month: list[Decimal]
    total: Decimal


def _ledger_out(ledger: services.Ledger) -> dict:
    return {
        "member_id": ledger.member.pk, "dues_category": ledger.member.dues_category,
        "dues_base": ledger.member.dues_base, "paid_total": ledger.paid_total,
        "arrears_months": ledger.arrears_months, "arrears_total": ledger.arrears_total,
        "lines": [{"month": line.month, "due": line.due, "paid": line.payment.amount if line.payment else None,
                   "paid_on": line.payment.paid_on if line.payment else None, "status": line.status,
                   "payable": line.payable} for line in ledger.lines],
    }


@router.get("/members/{pk}/dues", response=LedgerOut)
def member_dues(request, pk: Id):
    return _ledger_out(services.ledger_of(access_member(request.user, pk)))


@router.post("/members/{pk}/dues", response={201: list[PaymentOut]})
def pay_dues(request, pk: Id, payload: PaymentIn):
    member = access_member(request.user, pk, for_change=True)
    return 201, services.record_payments(request.user, member, payload.months, payload.paid_on)


@router.get("/dues/totals", response=TotalsOut)
def dues_totals(request, organization_id: Id | None = None, year: Year | None = None):
    if organization_id is None:
        organization = scope_roots(request.user, "members.view").first()
        if organization is None:
            raise Http404
    else:
        organization = access_organization(request.user, organization_id, capability="members.view")
    totals = selectors.totals(organization, year or timezone.localdate().year)
    return {
        "organization_id": organization.pk, "year": totals.year, "by_month": totals.by_month, "total": totals.total,
        "rows": [{"organization_id": row.organization.pk, "organization": row.organization.name,
                  "own_members_only": row.own_only, "by_month": row.by_month, "total": row.total,
                  "payments": row.payments} for row in totals.rows],
    }
