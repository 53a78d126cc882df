"""Membership transfers (组织关系转接): inside the system, out of it, and into it.

Until a transfer is accepted the member stays in the sending organization, so a
member is never in no organization; one member has at most one pending transfer.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.members import periods
from zugong.members.models import Member, MembershipPeriod, MembershipTransfer
from zugong.members.policies import LETTER_VALID_DAYS
from zugong.members.services import MEMBER_KINDS, create_member
from zugong.organizations.models import Organization

T = MembershipTransfer


def _letter(today: dt.date) -> dict:
    issued = T.objects.filter(issued_on__year=today.year).count() + 1
    return {
        "letter_number": f"{today.year}-{issued:05d}",
        "issued_on": today,
        "valid_until": today + dt.timedelta(days=policy_int(LETTER_VALID_DAYS.key)),
    }


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


def start_transfer(actor, member: Member, to_organization: Organization, note: str = "") -> MembershipTransfer:
    """The sending organization starts a transfer to any organization in the system."""
    _require_member_change(actor, member.organization)
    if member.status != Member.Status.ACTIVE:
        raise DomainError(f"{member}不在册，不能办理转接")
    _check_no_pending(member)
    if to_organization == member.organization:
        raise DomainError(f"{member}已在「{to_organization}」", field="to_organization")
    if to_organization.is_closed or to_organization.kind not in MEMBER_KINDS:
        raise DomainError(f"「{to_organization}」不能接收党员（须为未撤销的党支部或党总支）", field="to_organization")
    with transaction.atomic():
        transfer = T.objects.create(
            member=member, kind=T.Kind.INTERNAL, status=T.Status.PENDING, from_organization=member.organization,
            to_organization=to_organization, note=note, started_by=actor, **_letter(timezone.localdate()),
        )
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=member, changes={
            "组织关系转接": [None, f"转往「{to_organization}」，待接收（介绍信 {transfer.letter_number}）"],
        })
    return transfer


def accept_transfer(actor, transfer: MembershipTransfer) -> MembershipTransfer:
    """The receiving organization accepts: only now does the member change organization."""
    _decidable(actor, transfer)
    member = transfer.member
    with transaction.atomic():
        member.organization = transfer.to_organization
        member.work_unit = None
        member.save(update_fields=["organization", "work_unit"])
        periods.move(member, transfer.to_organization, timezone.localdate())
        transfer.status, transfer.decided_at = T.Status.ACCEPTED, timezone.now()
        transfer.save(update_fields=["status", "decided_at"])
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=member, changes={
            "所在党组织": [transfer.from_label, transfer.to_label],
        }, message=f"介绍信 {transfer.letter_number}")
    return transfer


def return_transfer(actor, transfer: MembershipTransfer, reason: str) -> MembershipTransfer:
    _decidable(actor, transfer)
    if not reason.strip():
        raise DomainError("请填写退回原因", field="reason")
    with transaction.atomic():
        transfer.status, transfer.decided_at, transfer.return_reason = T.Status.RETURNED, timezone.now(), reason.strip()
        transfer.save(update_fields=["status", "decided_at", "return_reason"])
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=transfer.member, changes={
            "组织关系转接": ["待接收", f"被「{transfer.to_label}」退回：{reason.strip()}"],
        })
    return transfer


def cancel_transfer(actor, transfer: MembershipTransfer) -> MembershipTransfer:
    if transfer.status != T.Status.PENDING:
        raise DomainError("该转接已办结，不能撤回")
    _require_member_change(actor, transfer.from_organization)
    with transaction.atomic():
        transfer.status, transfer.decided_at = T.Status.CANCELLED, timezone.now()
        transfer.save(update_fields=["status", "decided_at"])
        record_event(actor, AuditEvent.Action.TRANSFER, transfer, subject=transfer.member, changes={
            "组织关系转接": ["待接收", "已撤回"],
        })
    return transfer


def _decidable(actor, transfer: MembershipTransfer) -> None:
    if transfer.status != T.Status.PENDING or transfer.to_organization is None:
        raise DomainError("该转接不是待接收状态")
    if not path_in_scope(actor, "members.change", transfer.to_organization.path):
        raise DomainError(f"只有「{transfer.to_organization}」方可接收或退回")


def transfer_out(actor, member: Member, *, destination: str, letter_number: str, note: str = "") -> MembershipTransfer:
    """To another county or province: the member leaves the active register but is kept."""
    _require_member_change(actor, member.organization)
    _check_no_pending(member)
    if not destination.strip():
        raise DomainError("请填写转往的党组织全称", field="destination")
    if not letter_number.strip():
        raise DomainError("请填写介绍信编号", field="letter_number")
    today = timezone.localdate()
    with transaction.atomic():
        transfer = T.objects.create(
            member=member, kind=T.Kind.OUTGOING, status=T.Status.COMPLETED, from_organization=member.organization,
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
