"""Use cases of dues: the ledger of one member, paying for months, a branch paying at once, reasons for arrears.

Paying locks the members paid for and reads their paid months again (``core.locks``): the same month sent
twice at once is recorded once and the other is refused with the month named; behind that, the database
keeps one payment per member and month.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import build_event, record_event
from zugong.core.dates import add_months, month_start
from zugong.core.locks import lock_all
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_values
from zugong.core.submissions import constraint_message
from zugong.dues.models import DuesArrearsReason, DuesPayment
from zugong.dues.policies import ADVANCE_MONTHS, BACK_PAYMENT_MONTHS, LAPSE_MONTHS, WARNING_MONTHS
from zugong.dues.rates import RateTable
from zugong.members.models import Member
from zugong.organizations.models import Organization

constraint_message("one_payment_per_member_month",
                   "该党员这个月的党费已登记（可能是他人刚刚登记），未作任何更改，请刷新页面查看")
constraint_message("one_bracket_per_position",
                   "该类别自该月份起的党费交纳标准刚刚已由他人调整，未作更改，请刷新页面查看")


def month_label(month: dt.date) -> str:
    """The month in Chinese, as messages, findings and the audit history write it."""
    return f"{month.year}年{month.month}月"


def shown_month_label(month: dt.date) -> str:
    """The month in the reader's language, for pages (the same text as month_label in Chinese)."""
    return gettext("%(year)s年%(month)s月") % {"year": month.year, "month": month.month}


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Month starts from first to last, both included."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class Window:
    """Which months may be paid today: back-payment and advance limits come from policy."""

    current: dt.date
    earliest: dt.date
    latest: dt.date
    back_months: int
    advance_months: int

    @classmethod
    def today(cls, today: dt.date | None = None) -> "Window":
        values = policy_values("dues.")
        current = month_start(today or timezone.localdate())
        back, ahead = int(values[BACK_PAYMENT_MONTHS.key]), int(values[ADVANCE_MONTHS.key])
        return cls(current, add_months(current, -back), add_months(current, ahead), back, ahead)


@dataclass(frozen=True)
class LedgerLine:
    month: dt.date
    due: Decimal | None
    payment: DuesPayment | None
    status: str  # paid, arrears, current, advance
    payable: bool

    @property
    def label(self) -> str:  # shown on pages only
        return shown_month_label(self.month)


@dataclass(frozen=True)
class Ledger:
    member: Member
    lines: list[LedgerLine]  # newest first
    paid_total: Decimal
    arrears_total: Decimal
    arrears_months: int
    missing_base: bool

    @property
    def payable(self) -> list[LedgerLine]:
        return [line for line in reversed(self.lines) if line.payable]


def ledger_of(member: Member, today: dt.date | None = None, table: RateTable | None = None) -> Ledger:
    window = Window.today(today)
    table = table or RateTable.load()
    payments = {p.month: p for p in member.dues_payments.all()}
    last = max([window.latest, *payments])
    lines = []
    for month in months_between(min([member.dues_from, *payments]), last):
        payment = payments.get(month)
        due = payment.due_amount if payment else table.due(member.dues_category, member.dues_base, month)
        if payment:
            status = "paid"
        elif month < window.current:
            status = "arrears"
        else:
            status = "current" if month == window.current else "advance"
        payable = (payment is None and member.status == Member.Status.ACTIVE and due is not None
                   and member.dues_from <= month and window.earliest <= month <= window.latest)
        lines.append(LedgerLine(month, due, payment, status, payable))
    lines.reverse()
    arrears = [line for line in lines if line.status == "arrears" and line.month >= member.dues_from]
    return Ledger(
        member=member, lines=lines,
        paid_total=sum((line.payment.amount for line in lines if line.payment), Decimal("0.00")),
        arrears_total=sum((line.due or Decimal(0) for line in arrears), Decimal("0.00")),
        arrears_months=len(arrears),
        missing_base=table.due(member.dues_category, member.dues_base, window.current) is None,
    )


def _require(actor, org: Organization) -> None:
    if not path_in_scope(actor, "members.change", org.path):
        raise DomainError(f"您无权登记「{org}」的党费")


def _paid_months(members: list[Member], months: list[dt.date]) -> set[tuple[int, dt.date]]:
    """Which of these months these members have paid, as (member id, month)."""
    return set(DuesPayment.objects.filter(member__in=members, month__in=months).values_list("member_id", "month"))


def _lock_members(actor, members_query, count: int, organization: Organization | None = None) -> list[Member]:
    """Lock the members paid for and read them again: still on the register, still where they were."""
    members = [m for m in lock_all(members_query) if m.status == Member.Status.ACTIVE
               and (organization is None or m.organization_id == organization.pk)]
    if len(members) != count:
        if organization is None:
            raise DomainError("该党员已不在册或已转出，未登记党费，请刷新页面后重试")
        raise DomainError(f"所选党员中有人已不在「{organization}」，请刷新页面后重试", field="members")
    for member in members:
        _require(actor, member.organization)
    return sorted(members, key=lambda m: (m.name, m.pk))


def _check_month(member: Member, month: dt.date, window: Window, table: RateTable, paid: set[dt.date]) -> Decimal:
    """The amount due for a month that may be paid now; a refusal names the member, the month and the rule."""
    who = f"{member.name}{month_label(month)}"
    if month in paid:
        raise DomainError(f"{who}的党费已经登记过，不能重复登记", field="months")
    if month < member.dues_from:
        raise DomainError(f"{who}早于其党费起算月份（{month_label(member.dues_from)}）", field="months")
    if month < window.earliest:
        raise DomainError(
            f"{who}已超过补缴期限：补交党费一般不超过{window.back_months}个月"
            f"（中组发〔2008〕3号 第十二条），最早可补缴{month_label(window.earliest)}，更早的欠缴请由党支部研究处理",
            field="months")
    if month > window.latest:
        raise DomainError(f"{who}超出可预交范围：最多预交至{month_label(window.latest)}", field="months")
    due = table.due(member.dues_category, member.dues_base, month)
    if due is None:
        raise DomainError(f"{member.name}尚未填写党费基数，无法计算应缴金额，请先在党员信息中填写", field="months")
    return due


def _payment(actor, member: Member, month: dt.date, due: Decimal, paid_on: dt.date) -> DuesPayment:
    return DuesPayment(member=member, month=month, amount=due, due_amount=due, paid_on=paid_on,
                       organization=member.organization, recorded_by=actor)


def _check_paid_on(paid_on: dt.date) -> None:
    if paid_on > timezone.localdate():
        raise DomainError("交纳日期不能晚于今天", field="paid_on")


def record_payments(actor, member: Member, months: Iterable[dt.date], paid_on: dt.date) -> list[DuesPayment]:
    """One member pays for one or more months, each at the amount due for it; all or none."""
    _require(actor, member.organization)
    if member.status != Member.Status.ACTIVE:
        raise DomainError(f"{member.name}已不在册，不能登记党费")
    months = sorted({month_start(m) for m in months})
    if not months:
        raise DomainError("请选择要登记的月份", field="months")
    _check_paid_on(paid_on)
    window, table = Window.today(), RateTable.load()
    with transaction.atomic():
        (member,) = _lock_members(actor, Member.objects.filter(pk=member.pk), 1)
        paid = {month for _pk, month in _paid_months([member], months)}
        payments = [_payment(actor, member, m, _check_month(member, m, window, table, paid), paid_on) for m in months]
        DuesPayment.objects.bulk_create(payments)
        record_event(actor, AuditEvent.Action.CREATE, payments[0], subject=member, changes={
            "党费": [None, "、".join(f"{month_label(p.month)} {p.amount}元" for p in payments)],
        }, message=f"交纳日期 {paid_on}")
    return payments


@dataclass(frozen=True)
class BranchLine:
    member: Member
    due: Decimal | None
    payment: DuesPayment | None


def branch_sheet(organization: Organization, month: dt.date) -> list[BranchLine]:
    """The branch's active members for a month, with the amount due prefilled and who has paid."""
    month = month_start(month)
    table = RateTable.load()
    members = list(Member.objects.active().filter(organization=organization).order_by("name", "pk"))
    payments = {p.member_id: p for p in DuesPayment.objects.filter(member__in=members, month=month)}
    return [
        BranchLine(m, payments[m.pk].due_amount if m.pk in payments else table.due(m.dues_category, m.dues_base, month),
                   payments.get(m.pk))
        for m in members
    ]


def record_branch_payments(actor, organization: Organization, month: dt.date, member_ids: Iterable[int],
                           paid_on: dt.date) -> list[DuesPayment]:
    """A branch collects a month's dues (收缴): the ticked members paid the amount due; every refusal at once."""
    _require(actor, organization)
    month = month_start(month)
    member_ids = set(member_ids)
    if not member_ids:
        raise DomainError("请勾选已交纳的党员", field="members")
    _check_paid_on(paid_on)
    window, table = Window.today(), RateTable.load()
    with transaction.atomic():
        members = _lock_members(actor, Member.objects.filter(pk__in=member_ids), len(member_ids), organization)
        paid = {pk for pk, _month in _paid_months(members, [month])}
        payments, problems = [], []
        for member in members:
            try:
                due = _check_month(member, month, window, table, {month} if member.pk in paid else set())
                payments.append(_payment(actor, member, month, due, paid_on))
            except DomainError as error:
                problems.append(error.message)
        if problems:
            raise DomainError("未登记任何党费：" + "；".join(problems), field="members")
        DuesPayment.objects.bulk_create(payments)
        AuditEvent.objects.bulk_create([
            build_event(actor, AuditEvent.Action.CREATE, p, subject=p.member,
                        changes={"党费": [None, f"{month_label(month)} {p.amount}元"]},
                        message=f"{organization}集中收缴，交纳日期 {paid_on}")
            for p in payments
        ])
    return payments


def record_arrears_reason(actor, member: Member, reason: str, recorded_on: dt.date | None = None) -> DuesArrearsReason:
    _require(actor, member.organization)
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写未缴原因", field="reason")
    recorded_on = recorded_on or timezone.localdate()
    if recorded_on > timezone.localdate():
        raise DomainError("登记日期不能晚于今天", field="recorded_on")
    with transaction.atomic():
        record = DuesArrearsReason.objects.create(member=member, reason=reason, recorded_on=recorded_on,
                                                  recorded_by=actor)
        record_event(actor, AuditEvent.Action.CREATE, record, subject=member)
    return record


@dataclass(frozen=True)
class ArrearsRun:
    """The unpaid months up to last month since the last paid month (or since dues began)."""

    member_id: int
    first_unpaid: dt.date
    months: int


def arrears_runs(members, today: dt.date) -> list[ArrearsRun]:
    """One grouped query for any number of members: who is behind, since when, by how many months."""
    current = month_start(today)
    runs = []
    rows = members.annotate(last_paid=Max("dues_payments__month")).values_list("pk", "dues_from", "last_paid")
    for pk, dues_from, last_paid in rows:
        first = max(dues_from, add_months(last_paid, 1)) if last_paid else dues_from
        count = (current.year - first.year) * 12 + current.month - first.month
        if count > 0:
            runs.append(ArrearsRun(pk, first, count))
    return runs


def arrears_thresholds() -> tuple[int, int]:
    values = policy_values("dues.")
    return int(values[WARNING_MONTHS.key]), int(values[LAPSE_MONTHS.key])
