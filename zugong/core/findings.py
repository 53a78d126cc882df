"""Handling findings (问题预警处理): assign (指派) to a person in scope, acknowledge (确认), close (关闭) with a note.

Each is one use case under the finding's row lock with a history line (``FindingEvent``) and an audit event.
Reopening (重新打开) and resolving (已消除) are done by the runs of the checks (``core.checks``).
The list's filters and its .xlsx export live here too, so the page and the export filter alike.
"""

import datetime as dt
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zugong.core.access import DomainError
from zugong.core.audit import record_event
from zugong.core.checks import REGISTRY
from zugong.core.downloads import new_workbook, write_cells
from zugong.core.locks import lock
from zugong.core.models import AuditEvent, Finding, FindingEvent
from zugong.core.selectors import may_handle, may_see
from zugong.core.submissions import constraint_message
from zugong.core.tree import SEGMENT_WIDTH, subtree_q

NOTE_MAX = 500
constraint_message("finding_identity", "同一检查项对同一记录的问题预警已经存在（可能是检查刚刚运行），未重复保存")
S = Finding.Status


def _require_handle(actor, finding: Finding) -> None:
    if not (may_see(actor, finding) and may_handle(actor, finding)):
        raise DomainError("您无权处理该问题预警")


def _record(actor, finding: Finding, action: str, *, note: str = "", assignee=None, before: str = "") -> None:
    FindingEvent.objects.create(finding=finding, action=action, actor=actor, assignee=assignee, note=note)
    changes = {"状态": [before, finding.get_status_display()]} if before != finding.get_status_display() else {}
    if assignee is not None:
        changes["承办人"] = ["", str(assignee)]
    if note:
        changes["说明"] = ["", note]
    record_event(actor, AuditEvent.Action.FINDING, finding, changes=changes,
                 message=f"{FindingEvent.Action(action).label}：{finding.title}")


def assignable_users(finding: Finding) -> list:
    """People who could handle ``finding``: they see its check and hold findings.handle where it lies."""
    prefixes = [finding.scope_path[:end] for end in range(SEGMENT_WIDTH, len(finding.scope_path) + 1, SEGMENT_WIDTH)]
    users = (get_user_model().objects.filter(is_active=True, role_assignments__organization__path__in=prefixes)
             .distinct().order_by("username"))
    return [user for user in users if may_see(user, finding) and may_handle(user, finding)]


def _open_or_refuse(finding: Finding, doing: str) -> None:
    if finding.status == S.CLOSED:
        raise DomainError(f"该问题预警已关闭，不能{doing}")
    if finding.status == S.RESOLVED:
        raise DomainError(f"检查已不再发现该问题（已消除），不能{doing}")


def assign_finding(actor, finding: Finding, assignee, note: str = "") -> Finding:
    with transaction.atomic():
        lock(finding)
        _require_handle(actor, finding)
        _open_or_refuse(finding, "指派")
        if assignee is None or not (may_see(assignee, finding) and may_handle(assignee, finding)):
            raise DomainError("承办人须能查看并处理该问题预警（在其所在组织的范围内）", field="assignee")
        if finding.assigned_to_id == assignee.pk:
            raise DomainError(f"该问题预警已指派给{assignee}", field="assignee")
        before = finding.get_status_display()
        Finding.all_objects.filter(pk=finding.pk).update(assigned_to=assignee)
        finding.assigned_to = assignee
        _record(actor, finding, FindingEvent.Action.ASSIGNED, note=note, assignee=assignee, before=before)
    return finding


def acknowledge_finding(actor, finding: Finding, note: str = "") -> Finding:
    with transaction.atomic():
        lock(finding)
        _require_handle(actor, finding)
        _open_or_refuse(finding, "确认")
        if finding.status == S.ACKNOWLEDGED:
            raise DomainError("该问题预警已确认")
        before = finding.get_status_display()
        Finding.all_objects.filter(pk=finding.pk).update(status=S.ACKNOWLEDGED)
        finding.status = S.ACKNOWLEDGED
        _record(actor, finding, FindingEvent.Action.ACKNOWLEDGED, note=note, before=before)
    return finding


def close_finding(actor, finding: Finding, note: str) -> Finding:
    note = (note or "").strip()
    with transaction.atomic():
        lock(finding)
        _require_handle(actor, finding)
        _open_or_refuse(finding, "再次关闭")
        if not note:
            raise DomainError("关闭问题预警须填写处理说明（如何处理的）", field="note")
        before = finding.get_status_display()
        Finding.all_objects.filter(pk=finding.pk).update(status=S.CLOSED)
        finding.status = S.CLOSED
        _record(actor, finding, FindingEvent.Action.CLOSED, note=note, before=before)
    return finding


# The list: its filters, shared by the page and the export.

STATUS_FILTERS = {"": Finding.OPEN_STATUSES, "all": tuple(S.values), **{s.value: (s.value,) for s in S}}


@dataclass(frozen=True)
class FindingFilter:
    check: str = ""
    within: str = ""  # a tree path (the chosen organization's subtree)
    severity: str = ""
    older_than_days: int | None = None
    status: str = ""
    mine: bool = False


def filtered(queryset: QuerySet, chosen: FindingFilter, user, today: dt.date | None = None) -> QuerySet:
    queryset = queryset.filter(status__in=STATUS_FILTERS.get(chosen.status, Finding.OPEN_STATUSES))
    if chosen.check in REGISTRY:
        queryset = queryset.filter(check_code=chosen.check)
    if chosen.within:
        queryset = queryset.filter(subtree_q(chosen.within, "scope_path"))
    if chosen.severity in Finding.Severity.values:
        queryset = queryset.filter(severity=chosen.severity)
    if chosen.older_than_days:
        now = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time()))
        queryset = queryset.filter(detected_at__lt=now - dt.timedelta(days=chosen.older_than_days))
    if chosen.mine:
        queryset = queryset.filter(assigned_to=user)
    return queryset.select_related("assigned_to")


EXPORT_COLUMNS = ("检查项", "级别", "状态", "问题", "说明", "期限", "发现时间", "承办人", "链接")


def export_findings(findings: QuerySet) -> bytes:
    """The filtered findings as an .xlsx workbook (text written as text, ``core.downloads``)."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("问题预警")
    head = book.add_format({"bold": True, "border": 1})
    write_cells(sheet, 0, 0, EXPORT_COLUMNS, head)
    for column, width in enumerate((24, 6, 8, 50, 60, 12, 17, 12, 40)):
        sheet.set_column(column, column, width)
    for row, finding in enumerate(findings.iterator(chunk_size=2000), start=1):
        check = REGISTRY.get(finding.check_code)
        write_cells(sheet, row, 0, (
            check.label if check else finding.check_code, finding.get_severity_display(),
            finding.get_status_display(), finding.title, finding.detail,
            finding.due_on.isoformat() if finding.due_on else "",
            timezone.localtime(finding.detected_at).strftime("%Y-%m-%d %H:%M"),
            str(finding.assigned_to) if finding.assigned_to else "", finding.url))
    book.close()
    return buffer.getvalue()
