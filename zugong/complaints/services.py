"""Use cases of 12380 reports: register (public web form or staff intake of letters, calls and visits), the 受理
decision, 交办, 核查, 办结 with an outcome, 答复, 结案, one extension, the reporter's receipt and additions, and the
audited reading of a sealed identity.

Every step goes through ``procedure.refusal``. A step locks the report (``core.locks.lock``) and reads it again: the
same decision sent twice at once is taken once, the loser is told what the winner did and nothing changes.
"""

import datetime as dt
import functools
import hmac

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zugong.complaints import procedure, sealing
from zugong.complaints.evidence import evidence_file, sniff
from zugong.complaints.models import Evidence, Receipt, Report, ReporterIdentity, ReportMessage
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event, snapshot
from zugong.core.bounds import checked_text
from zugong.core.dates import chinese_date
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.policy import policy_int
from zugong.core.submissions import constraint_message
from zugong.organizations.models import Organization

from . import policies as P

VIEW, HANDLE, IDENTITY = "complaints.view", "complaints.handle", "complaints.identity"
IDENTITY_FIELDS = {"name": "姓名", "phone": "联系电话", "id_number": "身份证号", "address": "住址"}
SEALED_LABEL = "实名（身份已加密）"
Decision, Outcome, S = Report.Decision, Report.Outcome, Report.Status

constraint_message("report12380_serial_per_year", "登记编号冲突（可能是他人同时登记），请重新提交")


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, report_or_unit, capability: str = HANDLE) -> None:
    path = report_or_unit.org_path if isinstance(report_or_unit, Report) else report_or_unit.path
    if not path_in_scope(actor, capability, path):
        raise DomainError("您无权在该单位范围内办理12380举报", field="unit")


_text = functools.partial(checked_text, required=True)  # a text here is required unless the call says not


def top_organization() -> Organization:
    """Where a report from the web is placed until staff find the reported person's unit: the top of the tree."""
    top = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    if top is None:
        raise DomainError("系统尚未初始化（没有顶层党组织），暂不能受理举报")
    return top


# --- Registration -------------------------------------------------------------------------------------------------

def _next_number(year: int) -> tuple[int, str]:
    serial = (Report.objects.filter(year=year).aggregate(m=Max("serial"))["m"] or 0) + 1
    return serial, f"12380-{year}-{serial:04d}"


def register_report(actor, *, channel: str, received_on: dt.date, person_name: str, content: str,
                    unit: Organization | None = None, person_unit: str = "", person_post: str = "",
                    happened: str = "", kind: str = Report.Kind.OTHER, identity: dict | None = None,
                    files: list | None = None, with_receipt: bool = False,
                    filed_on: dt.date | None = None) -> tuple[Report, str | None]:
    """A new report and, when asked (always on the web), its receipt code — returned once, only its hash is kept.

    ``actor`` None is the public form: channel web, received today (``filed_on``: an earlier day, for the demo's
    history — the form never passes it), placed at the top organization."""
    today = filed_on or _today()
    if actor is None:
        channel, received_on, unit, with_receipt = Report.Channel.WEB, today, top_organization(), True
    else:
        if unit is None:
            raise DomainError("请选择被举报人所在单位", field="unit")
        _require(actor, unit)
        if channel not in Report.Channel.values or channel == Report.Channel.WEB:
            raise DomainError("请选择收到举报的方式（来信、12380电话或来访）", field="channel")
    if received_on is None or received_on > today:
        raise DomainError("收到日期不能晚于今天", field="received_on")
    if kind not in Report.Kind.values:
        raise DomainError("请选择问题类别", field="kind")
    fields = {
        "person_name": _text(person_name, "被举报人姓名", "person_name", 50),
        "person_unit": _text(person_unit, "被举报人单位", "person_unit", 100, required=False),
        "person_post": _text(person_post, "被举报人职务", "person_post", 100, required=False),
        "happened": _text(happened, "发生时间", "happened", 100, required=False),
        "content": _text(content, "举报内容", "content", 5000),
    }
    sealed = _sealed_identity(identity) if identity else None
    files = list(files or [])
    if len(files) > policy_int(P.EVIDENCE_MAX_FILES.key):
        raise DomainError(f"一次最多上传{policy_int(P.EVIDENCE_MAX_FILES.key)}个文件", field="evidence")
    sniffed = [(getattr(f, "name", "文件"), sniff(getattr(f, "name", "文件"), f.read())) for f in files]
    code = sealing.new_receipt_code() if with_receipt else None
    digest = sealing.receipt_digest(code) if code else None
    for attempt in range(5):
        try:
            with transaction.atomic():
                serial, number = _next_number(received_on.year)
                report = Report.objects.create(
                    number=number, year=received_on.year, serial=serial, channel=channel, received_on=received_on,
                    unit=unit, kind=kind, anonymous=sealed is None, created_by=actor, **fields)
                if sealed:
                    ReporterIdentity.objects.create(report=report, sealed=sealed)
                if digest:
                    Receipt.objects.create(report=report, digest=digest)
                for _name, found in sniffed:
                    _save_evidence(report, found, from_reporter=True, on=today)
                record_event(actor, AuditEvent.Action.CREATE, report, message=f"登记12380举报（{report.get_channel_display()}）")
            return report, code
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _sealed_identity(identity: dict) -> str | None:
    values = {key: _text(identity.get(key, ""), label, f"identity_{key}", 200, required=False)
              for key, label in IDENTITY_FIELDS.items()}
    if not any(values.values()):
        return None
    if not values["name"]:
        raise DomainError("实名举报请填写举报人姓名（不愿留名可选择匿名举报）", field="identity_name")
    return sealing.seal(values)


def _save_evidence(report: Report, found, *, from_reporter: bool, on: dt.date) -> Evidence:
    token, content = evidence_file(found)
    evidence = Evidence(report=report, token=token, extension=found.extension, kind=found.kind,
                        size=len(found.content), from_reporter=from_reporter, added_on=on, stripped=found.stripped)
    evidence.file.save(content.name or f"{token}{found.extension}", content, save=False)
    evidence.save()
    return evidence


# --- The reporter's side ------------------------------------------------------------------------------------------

def report_by_receipt(code: str) -> Report | None:
    """The report a receipt code opens, or None — a wrong code and a missing one are the same None, after the same
    slow hash."""
    digest = sealing.receipt_digest(code or "")
    receipt = Receipt.objects.filter(digest=digest).select_related("report").first()
    if receipt is None or not hmac.compare_digest(receipt.digest, digest):
        return None
    return receipt.report


def add_from_reporter(report: Report, text: str, files: list | None = None) -> ReportMessage:
    text = _text(text, "补充内容", "text", 5000)
    files = list(files or [])
    if len(files) > policy_int(P.EVIDENCE_MAX_FILES.key):
        raise DomainError(f"一次最多上传{policy_int(P.EVIDENCE_MAX_FILES.key)}个文件", field="evidence")
    sniffed = [sniff(getattr(f, "name", "文件"), f.read()) for f in files]
    today = _today()
    with transaction.atomic():
        lock(report)
        if report.status == S.CLOSED:
            raise DomainError("该举报已结案，不能再补充；如有新的情况，请重新举报", field="text")
        message = ReportMessage.objects.create(report=report, author=ReportMessage.Author.REPORTER, text=text, on=today)
        for found in sniffed:
            _save_evidence(report, found, from_reporter=True, on=today)
    return message


# --- Staff steps --------------------------------------------------------------------------------------------------

def _step(actor, report: Report, step: str, day: dt.date, **kwargs) -> dict:
    """Lock, re-read, decide; returns the snapshot before the change."""
    lock(report)
    reason = procedure.refusal(report, step, day, today=_today(), **kwargs)
    if reason:
        raise DomainError(reason, field="day")
    return snapshot(report)


def _save(actor, report: Report, before: dict, message: str) -> Report:
    report.save()
    record_event(actor, AuditEvent.Action.UPDATE, report, before=before, message=message)
    return report


def decide(actor, report: Report, *, decision: str, day: dt.date, note: str = "", forwarded_to: str = "") -> Report:
    _require(actor, report)
    if decision not in Decision.values:
        raise DomainError("请选择受理决定（受理、不属于受理范围、转纪委监委或其他机关）", field="decision")
    note = _text(note, "受理决定说明", "note", 500, required=decision == Decision.OUTSIDE)
    if decision == Decision.FORWARD:
        forwarded_to = _text(forwarded_to, "转办机关", "forwarded_to", 100)
    with transaction.atomic():
        before = _step(actor, report, procedure.DECIDE.code, day)
        report.decision, report.decided_on, report.decision_note = decision, day, note
        if decision == Decision.FORWARD:
            report.forwarded_to, report.forwarded_on = forwarded_to, day
        report.status = S.ACCEPTED if decision == Decision.ACCEPT else S.NOT_ACCEPTED
        return _save(actor, report, before, f"受理决定：{Decision(decision).label}")


def assign(actor, report: Report, *, handler, day: dt.date) -> Report:
    _require(actor, report)
    if handler is None or not path_in_scope(handler, HANDLE, report.org_path):
        raise DomainError("承办人须在被举报人单位范围内有办理12380举报的权限", field="handler")
    with transaction.atomic():
        before = _step(actor, report, procedure.ASSIGN.code, day)
        report.handler, report.assigned_on, report.status = handler, day, S.ASSIGNED
        return _save(actor, report, before, f"交办：{handler}")


def start_verification(actor, report: Report, *, day: dt.date, note: str = "") -> Report:
    _require(actor, report)
    note = _text(note, "核查情况", "note", 5000, required=False)
    with transaction.atomic():
        before = _step(actor, report, procedure.VERIFY.code, day)
        report.verification_started_on, report.status = day, S.VERIFYING
        if note:
            report.verification_note = note
        return _save(actor, report, before, "开始核查")


def conclude(actor, report: Report, *, outcome: str, day: dt.date, note: str) -> Report:
    _require(actor, report)
    if outcome not in Outcome.values:
        raise DomainError("请选择核查结论（属实、部分属实、不属实、无法核实）", field="outcome")
    note = _text(note, "核查情况", "note", 5000)
    with transaction.atomic():
        before = _step(actor, report, procedure.CONCLUDE.code, day)
        report.outcome, report.concluded_on, report.verification_note = outcome, day, note
        report.status = S.CONCLUDED
        _save(actor, report, before, f"办结：{Outcome(outcome).label}")
        if outcome == Outcome.TRUE and report.cadre_id:
            _stop_selection(actor, report, day)
        return report


def _stop_selection(actor, report: Report, day: dt.date) -> None:
    """A report found true about a candidate ends their appointment (seed 002), the reason on the case's record."""
    from zugong.appointments import services as appointments  # noqa: PLC0415 (only this outcome touches cases)
    from zugong.appointments.models import CaseCandidate, SelectionCase  # noqa: PLC0415

    if report.cadre_id is None:
        return
    candidates = CaseCandidate.objects.filter(cadre_id=report.cadre_id, dropped_reason="", appointed=False,
                                              case__status=SelectionCase.Status.OPEN).select_related("case")
    for candidate in candidates:
        if not path_in_scope(actor, appointments.MANAGE, candidate.case.org_path):
            raise DomainError(f"{candidate.name}是「{candidate.case.title}」的人选，核查属实须终止其选拔任用，"
                              f"您没有在该单位办理选拔任用的权限，请由有权限的人员办结", field="outcome")
        appointments.drop_candidate(actor, candidate, f"12380举报{report.number}经核查属实"
                                                      f"（{chinese_date(day)}办结）")


def extend(actor, report: Report, *, days: int, reason: str, day: dt.date) -> Report:
    _require(actor, report)
    reason = _text(reason, "延长理由", "reason", 300)
    with transaction.atomic():
        before = _step(actor, report, procedure.EXTEND.code, day, extension_days=days)
        report.extension_days, report.extension_reason, report.extended_on = days, reason, day
        return _save(actor, report, before, f"延长办结期限{days}天：{reason}")


def reply(actor, report: Report, *, text: str, via: str, day: dt.date) -> Report:
    """The reply to the reporter: on the receipt page, or recorded as given by phone or letter."""
    _require(actor, report)
    if via not in Report.ReplyVia.values:
        raise DomainError("请选择答复方式", field="via")
    if via == Report.ReplyVia.RECEIPT and not Receipt.objects.filter(report=report).exists():
        raise DomainError("该举报没有查询码，不能网上答复，请选择电话或书面答复", field="via")
    text = _text(text, "答复内容", "text", 5000)
    with transaction.atomic():
        before = _step(actor, report, procedure.REPLY.code, day)
        report.replied_on, report.reply_via, report.status = day, via, S.REPLIED
        if via == Report.ReplyVia.RECEIPT:
            ReportMessage.objects.create(report=report, author=ReportMessage.Author.DEPARTMENT, text=text, on=day)
        return _save(actor, report, before, f"答复举报人（{Report.ReplyVia(via).label}）：{text[:200]}")


def close(actor, report: Report, *, day: dt.date) -> Report:
    _require(actor, report)
    with transaction.atomic():
        before = _step(actor, report, procedure.CLOSE.code, day)
        report.closed_on, report.status = day, S.CLOSED
        return _save(actor, report, before, "结案")


def link_person(actor, report: Report, *, unit: Organization, cadre=None, member=None) -> Report:
    """Staff match the reported person to the tree, the cadre register or the member register."""
    _require(actor, report)
    _require(actor, unit)
    with transaction.atomic():
        lock(report)
        if report.status == S.CLOSED:
            raise DomainError("该举报已结案，不能再修改", field="unit")
        before = snapshot(report)
        report.unit, report.cadre, report.member = unit, cadre, member
        return _save(actor, report, before, "核对被举报人")


# --- The sealed identity ------------------------------------------------------------------------------------------

def identity_label(report: Report) -> str:
    return "匿名" if report.anonymous else SEALED_LABEL


def reveal_identity(actor, report: Report, reason: str) -> dict[str, str]:
    """The reporter's identity, for a holder of ``complaints.identity`` who types why; each reading is history."""
    if not path_in_scope(actor, IDENTITY, report.org_path):
        raise DomainError("您没有查看举报人身份的权限（须经指定，并说明理由）", field="reason")
    reason = _text(reason, "查看举报人身份的理由", "reason", 200)
    sealed = ReporterIdentity.objects.filter(report=report).values_list("sealed", flat=True).first()
    if sealed is None:
        raise DomainError("该举报为匿名举报，没有举报人身份信息", field="reason")
    record_event(actor, AuditEvent.Action.VIEW_SENSITIVE, report, changes={},
                 message=f"查看举报人身份，理由：{reason}")
    values = sealing.unseal(sealed)
    return {label: values.get(key, "") for key, label in IDENTITY_FIELDS.items()}


def add_evidence(actor, report: Report, files: list) -> list[Evidence]:
    """Files found in 核查 (not the reporter's), sniffed and stripped like the reporter's."""
    _require(actor, report)
    files = list(files or [])
    if not files:
        raise DomainError("请选择要上传的核查材料", field="evidence")
    if len(files) > policy_int(P.EVIDENCE_MAX_FILES.key):
        raise DomainError(f"一次最多上传{policy_int(P.EVIDENCE_MAX_FILES.key)}个文件", field="evidence")
    sniffed = [sniff(getattr(f, "name", "文件"), f.read()) for f in files]
    today = _today()
    with transaction.atomic():
        lock(report)
        if report.status == S.CLOSED:
            raise DomainError("该举报已结案，不能再添加材料", field="evidence")
        saved = [_save_evidence(report, found, from_reporter=False, on=today) for found in sniffed]
        record_event(actor, AuditEvent.Action.UPDATE, report, message=f"添加核查材料{len(saved)}个")
    return saved
