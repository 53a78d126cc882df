"""Membership transfers (组织关系转接): inside the system, out of it, and into it.

Until a transfer is accepted the member stays in the sending organization, so a
member is never in no organization; one member has at most one pending transfer.

Every decision locks what it decides on and reads it again (``core.locks``): the transfer for accepting,
returning and cancelling, the member for starting one or leaving the system. Of two clicks at once the
second sees the first's outcome and is refused, changing nothing.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.members import periods
from zugong.members.letters import issuer_for, issuer_label
from zugong.members.models import Member, MembershipPeriod, MembershipTransfer
from zugong.members.policies import LETTER_VALID_DAYS
from zugong.members.services import MEMBER_KINDS, create_member
from zugong.organizations.models import Organization

T = MembershipTransfer


def _letter(today: dt.date) -> dict:
    """The next number of the year (``2026-00007``): one more than the highest issued, never one in use."""
    highest = T.objects.filter(kind=T.Kind.INTERNAL, letter_number__startswith=f"{today.year}-").aggregate(
        highest=Max("letter_number"))["highest"]
    issued = int(highest.split("-", 1)[1]) + 1 if highest and highest.split("-", 1)[1].isdigit() else 1
    return {
        "letter_number": f"{today.year}-{issued:05d}",
        "issued_on": today,
        "valid_until": today + dt.timedelta(days=policy_int(LETTER_VALID_DAYS.key)),
    }


def _create_with_letter(**fields) -> MembershipTransfer:
    """Two transfers started at once would draw the same number: the database refuses the second, which
    draws again (each attempt in its own savepoint)."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return T.objects.create(**fields, **_letter(timezone.localdate()))
        except IntegrityError as error:
            if "letter_number" not in str(error):  # another constraint: not a numbering collision
                raise
    raise DomainError("介绍信编号生成失败（同时开具的介绍信过多），未作更改，请稍后重试")


def _require_member_change(actor, org: Organization) -> None:
    if not path_in_scope(actor, "members.change", org.path):
        raise DomainError(f"您无权办理「{org}」的党员组织关系")


def _check_no_pending(member: Member) -> None:
    pending = member.transfers.filter(status=T.Status.PENDING).first()
    if pending is not None:
        raise DomainError(
            f"{member}已有一项待接收的组织关系转接（介绍信 {pending.letter_number}，转往「{pending.to_label}」），"
            "请先办结或撤回"
        )


def _lock_member(actor, member: Member, doing: str) -> None:
    """Lock the member and read them again: in the actor's scope, on the register, no transfer pending."""
    lock(member)
    _require_member_change(actor, member.organization)
    if member.status != Member.Status.ACTIVE:
        raise DomainError(f"{member}不在册（{member.get_status_display()}），不能办理{doing}")
    _check_no_pending(member)


def start_transfer(actor, member: Member, to_organization: Organization, note: str = "") -> MembershipTransfer:
    """The sending organization starts a transfer to any organization in the system."""
    if to_organization.is_closed or to_organization.kind not in MEMBER_KINDS:
        raise DomainError(f"「{to_organization}」不能接收党员（须为未撤销的党支部或党总支）", field="to_organization")
    _require_member_change(actor, member.organization)
    with transaction.atomic():
        _lock_member(actor, member, "转接")
        if to_organization == member.organization:
            raise DomainError(f"{member}已在「{to_organization}」", field="to_organization")
        transfer = _create_with_letter(
            member=member, kind=T.Kind.INTERNAL, status=T.Status.PENDING, from_organization=member.organization,
            to_organization=to_organization, note=note, started_by=actor,
            issuer=issuer_for(member.organization, to_organization),
        )
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=member, changes={
            "组织关系转接": [None, f"转往「{to_organization}」，待接收（介绍信 {transfer.letter_number}）"],
        })
    return transfer


def accept_transfer(actor, transfer: MembershipTransfer) -> MembershipTransfer:
    """The receiving organization accepts: only now does the member change organization."""
    with transaction.atomic():
        _lock_pending(transfer)
        receiver = _require_receiver(actor, transfer)
        member = transfer.member
        lock(member)
        if member.status != Member.Status.ACTIVE:
            raise DomainError(f"{member}已不在册（{member.get_status_display()}），不能接收")
        member.organization = receiver
        member.work_unit = None
        member.save(update_fields=["organization", "work_unit"])
        periods.move(member, receiver, timezone.localdate())
        transfer.status, transfer.decided_at = T.Status.ACCEPTED, timezone.now()
        transfer.save(update_fields=["status", "decided_at"])
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=member, changes={
            "所在党组织": [transfer.from_label, transfer.to_label],
        }, message=f"介绍信 {transfer.letter_number}")
    return transfer


def return_transfer(actor, transfer: MembershipTransfer, reason: str) -> MembershipTransfer:
    _require_receiver(actor, transfer)
    if not reason.strip():
        raise DomainError("请填写退回原因", field="reason")
    with transaction.atomic():
        _lock_pending(transfer)
        transfer.status, transfer.decided_at, transfer.return_reason = T.Status.RETURNED, timezone.now(), reason.strip()
        transfer.save(update_fields=["status", "decided_at", "return_reason"])
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=transfer.member, changes={
            "组织关系转接": ["待接收", f"被「{transfer.to_label}」退回：{reason.strip()}"],
        })
    return transfer


def cancel_transfer(actor, transfer: MembershipTransfer) -> MembershipTransfer:
    if transfer.from_organization is None:
        raise DomainError("该转接不是系统内转接，不能撤回")
    _require_member_change(actor, transfer.from_organization)
    with transaction.atomic():
        _lock_pending(transfer)
        transfer.status, transfer.decided_at = T.Status.CANCELLED, timezone.now()
        transfer.save(update_fields=["status", "decided_at"])
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=transfer.member, changes={
            "组织关系转接": ["待接收", "已撤回"],
        })
    return transfer


# What the loser of two decisions at once is told: the first one's outcome.
DECIDED = {
    T.Status.ACCEPTED: "该转接已被接收，未作更改",
    T.Status.RETURNED: "该转接已被退回，未作更改",
    T.Status.CANCELLED: "该转接已被撤回，未作更改",
    T.Status.COMPLETED: "该转接已办结，未作更改",
    T.Status.AWAITING_RECEIPT: "该转接已转出，未作更改",
}


def _lock_pending(transfer: MembershipTransfer) -> None:
    """Lock the transfer and read it again: only a transfer still pending is decided."""
    lock(transfer)
    if transfer.status != T.Status.PENDING:
        raise DomainError(DECIDED[T.Status(transfer.status)])


def _require_receiver(actor, transfer: MembershipTransfer) -> Organization:
    receiver = transfer.to_organization
    if receiver is None:
        raise DomainError("该转接不是系统内转接，不能接收或退回")
    if not path_in_scope(actor, "members.change", receiver.path):
        raise DomainError(f"只有「{receiver}」方可接收或退回")
    return receiver


def transfer_out(actor, member: Member, *, destination: str, letter_number: str, note: str = "") -> MembershipTransfer:
    """To another county or province: the member leaves the active register but is kept."""
    _require_member_change(actor, member.organization)
    if not destination.strip():
        raise DomainError("请填写转往的党组织全称", field="destination")
    if not letter_number.strip():
        raise DomainError("请填写介绍信编号", field="letter_number")
    today = timezone.localdate()
    with transaction.atomic():
        _lock_member(actor, member, "转出")
        transfer = T.objects.create(
            member=member, kind=T.Kind.OUTGOING, status=T.Status.AWAITING_RECEIPT,
            from_organization=member.organization, issuer=issuer_for(member.organization, None),
            outside_organization=destination.strip(), letter_number=letter_number.strip(), issued_on=today,
            valid_until=today + dt.timedelta(days=policy_int(LETTER_VALID_DAYS.key)), note=note, started_by=actor,
            decided_at=timezone.now(),
        )
        periods.leave(member, today, MembershipPeriod.EndReason.TRANSFERRED_OUT)
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=member, changes={
            "状态": ["在册", "已转出"], "转往": [None, destination.strip()], "介绍信编号": [None, letter_number.strip()],
        })
    return transfer


def receive_from_outside(actor, *, source: str, letter_number: str, **member_fields) -> Member:
    """A member arriving with a letter from outside the system is registered and the letter kept."""
    if not source.strip():
        raise DomainError("请填写转出的党组织全称", field="source")
    if not letter_number.strip():
        raise DomainError("请填写介绍信编号", field="letter_number")
    today = timezone.localdate()
    with transaction.atomic():
        member = create_member(actor, in_register_from=today, **member_fields)
        T.objects.create(
            member=member, kind=T.Kind.INCOMING, status=T.Status.COMPLETED, to_organization=member.organization,
            outside_organization=source.strip(), letter_number=letter_number.strip(), issued_on=today,
            valid_until=today, started_by=actor, decided_at=timezone.now(),
        )
    return member


def record_receipt(actor, transfer: MembershipTransfer, on: dt.date) -> MembershipTransfer:
    """The receipt (回执) came back to the issuing committee: the transfer is closed (已办结)."""
    issuer = transfer.issuer or (issuer_for(transfer.from_organization, transfer.to_organization)
                                 if transfer.from_organization else None)
    if issuer is None:
        raise DomainError("该转接不是本系统开具的介绍信，没有回执")
    if not path_in_scope(actor, "members.change", issuer.path):
        raise DomainError(f"回执寄回开具介绍信的「{issuer_label(issuer)}」，只有其经办人可以登记")
    with transaction.atomic():
        lock(transfer)
        if transfer.status not in (T.Status.ACCEPTED, T.Status.AWAITING_RECEIPT):
            raise DomainError(RECEIPT_REFUSED.get(T.Status(transfer.status), "该转接尚未接收，不能登记回执"))
        if on < transfer.issued_on:
            raise DomainError(f"回执寄回日期不能早于介绍信开具日期（{transfer.issued_on:%Y-%m-%d}）", field="on")
        if on > timezone.localdate():
            raise DomainError("回执寄回日期不能晚于今天", field="on")
        transfer.status, transfer.receipt_returned_on = T.Status.COMPLETED, on
        transfer.save(update_fields=["status", "receipt_returned_on"])
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=transfer.member, changes={
            "组织关系转接": [transfer_status_before(transfer), f"回执已于 {on:%Y-%m-%d} 寄回，已办结"],
        }, message=f"介绍信 {transfer.letter_number}")
    return transfer


RECEIPT_REFUSED = {
    T.Status.PENDING: "对方尚未接收，不能登记回执",
    T.Status.COMPLETED: "该转接的回执已登记，已办结，未作更改",
    T.Status.RETURNED: "该转接已被退回，没有回执",
    T.Status.CANCELLED: "该转接已撤回，没有回执",
}


def transfer_status_before(transfer: MembershipTransfer) -> str:
    return "已接收，待回执" if transfer.kind == T.Kind.INTERNAL else "已转出，待回执"
