"""Mobile members (流动党员): working away, attached to a mobile branch, back on return.

Going away locks the member, contact and return lock the record (``core.locks``): of two clicks at once the
second sees the first's outcome.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.members.models import Member, MobileRecord
from zugong.organizations.models import Organization


def _require(actor, member: Member) -> None:
    if not path_in_scope(actor, "members.change", member.organization.path):
        raise DomainError(f"您无权办理「{member.organization}」的党员事项")


def _check_not_away(member: Member) -> None:
    if member.mobile_records.filter(ended_on__isnull=True).exists():
        raise DomainError(f"{member}已登记为外出流动，请先登记返回")


def start_mobile(actor, member: Member, *, started_on: dt.date, destination: str, contact: str,
                 certificate_number: str = "", mobile_branch: Organization | None = None) -> MobileRecord:
    _require(actor, member)
    if started_on > timezone.localdate():
        raise DomainError("外出日期不能晚于今天", field="started_on")
    if mobile_branch is not None and mobile_branch.kind != Organization.Kind.MOBILE_BRANCH:
        raise DomainError(f"「{mobile_branch}」不是流动党支部", field="mobile_branch")
    if not destination.strip() or not contact.strip():
        raise DomainError("请填写外出地点和联系方式", field="destination" if not destination.strip() else "contact")
    with transaction.atomic():
        lock(member)
        _require(actor, member)
        if member.status != Member.Status.ACTIVE:
            raise DomainError(f"{member}已不在册（{member.get_status_display()}），不能登记外出")
        _check_not_away(member)
        record = MobileRecord.objects.create(
            member=member, started_on=started_on, destination=destination.strip(), contact=contact.strip(),
            certificate_number=certificate_number.strip(), mobile_branch=mobile_branch, last_contact_on=started_on,
        )
        record_event(actor, AuditEvent.Action.CREATE, record, subject=member)
    return record


def _lock_away(actor, record: MobileRecord) -> dict:
    """Lock the record and read it again: only a member still away has contact or returns."""
    lock(record)
    _require(actor, record.member)
    if record.ended_on:
        raise DomainError(f"该外出记录已登记返回（{record.ended_on}），未作更改")
    return snapshot(record)


def record_contact(actor, record: MobileRecord, on: dt.date) -> MobileRecord:
    _require(actor, record.member)
    if on > timezone.localdate() or on < record.started_on:
        raise DomainError(f"联系日期应在外出日期（{record.started_on}）和今天之间", field="on")
    with transaction.atomic():
        before = _lock_away(actor, record)
        record.last_contact_on = max(on, record.last_contact_on)
        record.save(update_fields=["last_contact_on"])
        record_event(actor, AuditEvent.Action.UPDATE, record, before=before, subject=record.member)
    return record


def end_mobile(actor, record: MobileRecord, ended_on: dt.date) -> MobileRecord:
    _require(actor, record.member)
    if ended_on < record.started_on or ended_on > timezone.localdate():
        raise DomainError(f"返回日期应在外出日期（{record.started_on}）和今天之间", field="ended_on")
    with transaction.atomic():
        before = _lock_away(actor, record)
        record.ended_on = ended_on
        record.last_contact_on = max(ended_on, record.last_contact_on)
        record.save(update_fields=["ended_on", "last_contact_on"])
        record_event(actor, AuditEvent.Action.UPDATE, record, before=before, subject=record.member)
    return record
