"""Use cases of branch work: record, edit and delete a meeting with its roll (出席情况) in one transaction; propose
a village matter and take each step of 四议两公开.

Recording needs ``members.change`` on the organization (like study days), reading ``members.view``. A meeting's
roll is taken from the register: for a general meeting, a lecture, an organizational life meeting and a theme day
it is every active member of the organization and its groups (``selectors.WHOLE_ROLL``) and each must be marked;
for the others it is the members the recorder names. A full member on the day has a vote (``may_vote``), which is
what a general meeting's quorum counts. Every change locks what it decides on (the organization for a new meeting,
the meeting for an edit or a deletion, the matter for a step), is audited, and refuses with a Chinese
``DomainError`` naming the field; a refused call writes nothing.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_noop

from zugong.branchlife import procedure
from zugong.branchlife.models import (
    DOCUMENT_EXTENSIONS,
    Attendance,
    DecisionStep,
    Meeting,
    ThemeDayActivity,
    ThemeDayItem,
    VillageDecision,
)
from zugong.branchlife.selectors import (
    CHANGE,
    HELD_BY,
    WHOLE_ROLL,
    may_vote,
    quorum_fraction,
    roll_candidates,
)
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import diff, record_event, snapshot
from zugong.core.bounds import DATE_MIN
from zugong.core.bounds import checked_text as _text
from zugong.core.checks import run_checks
from zugong.core.dates import chinese_date
from zugong.core.locks import lock
from zugong.core.models import AuditEvent
from zugong.core.submissions import constraint_message
from zugong.members.models import Member
from zugong.organizations.models import Organization, WorkUnit

K, S, A = Meeting.Kind, VillageDecision.Step, Attendance.Status
CHECK_CODES = ("branchlife.meetings_short",)
OWN_ITEMS_MAX = 20  # the branch's own items of one theme day (the "N"): far past any real day

STEP_TAKEN = gettext_noop("「%(label)s」刚刚已由他人登记（可能是同时办理或重复提交），本次未保存；请刷新页面查看")
constraint_message("decision_step_once", "四议两公开的这一步骤刚刚已由他人登记（可能是同时办理或重复提交），本次未保存；请刷新页面查看")
constraint_message("attendance_once_per_member", "同一党员在一次会议中只能登记一次出席情况，本次未保存")
constraint_message("attendance_reason_unless_present", "请假或缺席的党员须填写原因，本次未保存")
constraint_message("meeting_lecture_has_lecturer", "党课须填写授课人，本次未保存")
constraint_message("themeday_activity_once", "主题党日的同一项活动内容只能登记一次，本次未保存")
constraint_message("decision_step_meeting_only_for_review", "只有「党员大会审议」可以关联支部党员大会，本次未保存")


@dataclass(frozen=True)
class Line:
    """One member's line on a meeting's roll as the page sends it."""

    member: Member
    status: str
    reason: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, organization: Organization) -> None:
    if not path_in_scope(actor, CHANGE, organization.path):
        raise DomainError(_t("您无权在「%(organization)s」范围内登记支部工作") % {"organization": organization},
                          field="organization")


def _date(day: dt.date) -> str:
    """A day in a message: 2026年3月5日 in Chinese (``chinese_date``), the language's own date format otherwise."""
    return formats.date_format(day, "DATE_FORMAT")


def _day(day: dt.date | None, label: str, field: str) -> dt.date:
    if day is None:
        raise DomainError(_t("请填写%(label)s") % {"label": label}, field=field)
    if day < DATE_MIN:
        raise DomainError(_t("%(label)s%(day)s早于%(earliest)s，请核对") % {
            "label": label, "day": _date(day), "earliest": _date(DATE_MIN)}, field=field)
    if day > _today():
        raise DomainError(_t("%(label)s%(day)s晚于今天，不能预先登记") % {"label": label, "day": _date(day)},
                          field=field)
    return day


def _document(document) -> None:
    if not document:
        return
    name = getattr(document, "name", "") or ""
    if PurePath(name).suffix.lower() not in DOCUMENT_EXTENSIONS:
        raise DomainError(_t("附件「%(name)s」的格式不能上传，请上传 %(extensions)s 格式的文件") % {
            "name": name[-40:], "extensions": "、".join(DOCUMENT_EXTENSIONS)}, field="document")


@dataclass(frozen=True)
class _Checked:
    held_on: dt.date
    topic: str
    lecturer: str
    minutes: str
    resolutions: str
    lines: list[Line]
    fixed_items: list[ThemeDayItem]
    own_items: list[str]


def _checked(organization: Organization, kind: str, *, held_on, topic, lecturer, minutes, resolutions,
             attendance: Sequence[Line], fixed_items: Sequence[ThemeDayItem], own_items: Sequence[str]) -> _Checked:
    """Every input of a meeting bounded and checked against the register; the first problem refuses it."""
    if organization.is_closed:
        raise DomainError(_t("「%(organization)s」已撤销，不能登记会议") % {"organization": organization},
                          field="organization")
    if kind not in K.values:
        raise DomainError(_t("请选择会议类型"), field="kind")
    if organization.kind not in HELD_BY[kind]:
        raise DomainError(_t("「%(organization)s」是%(org_kind)s，不召开%(kind)s") % {
            "organization": organization, "org_kind": organization.get_kind_display(), "kind": K(kind).label},
            field="kind")
    held_on = _day(held_on, _t("召开日期"), "held_on")
    topic = _text(topic, _t("主题"), "topic", 200, required=True)
    lecturer = _text(lecturer, _t("授课人"), "lecturer", 50, required=kind == K.LECTURE)
    minutes = _text(minutes, _t("会议记录"), "minutes", 10000)
    resolutions = _text(resolutions, _t("决议事项"), "resolutions", 5000)
    lines = _roll(organization, kind, attendance)
    if kind != K.THEME_DAY and (fixed_items or own_items):
        raise DomainError(_t("只有主题党日登记活动内容（5+N）"), field="fixed_items")
    active = {item.pk: item for item in ThemeDayItem.objects.filter(is_active=True)}
    stray = [item.name for item in fixed_items if item.pk not in active]
    if stray:
        raise DomainError(_t("「%(items)s」不是现行的主题党日规定动作") % {"items": "、".join(stray)},
                          field="fixed_items")
    own = [_text(name, _t("自选活动内容"), "own_items", 100, required=True) for name in own_items]
    if len(own) > OWN_ITEMS_MAX:
        raise DomainError(_t("自选活动内容最多%(maximum)s项（收到%(count)s项）") % {
            "maximum": OWN_ITEMS_MAX, "count": len(own)}, field="own_items")
    names = [item.name for item in fixed_items] + own
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise DomainError(_t("活动内容「%(items)s」重复") % {"items": "、".join(repeated)}, field="own_items")
    return _Checked(held_on, topic, lecturer, minutes, resolutions, lines, list(fixed_items), own)


def _roll(organization: Organization, kind: str, attendance: Sequence[Line]) -> list[Line]:
    candidates = {m.pk: m for m in roll_candidates(organization)}
    if not attendance:
        raise DomainError(_t("请登记出席情况（应到党员每人一行）"), field="attendance")
    seen: set[int] = set()
    lines = []
    for line in attendance:
        member = candidates.get(line.member.pk)
        if member is None:
            raise DomainError(_t("%(name)s不是「%(organization)s」的在册党员，不能列入应到名单") % {
                "name": line.member.name, "organization": organization}, field="attendance")
        if member.pk in seen:
            raise DomainError(_t("%(name)s在应到名单中出现了两次") % {"name": member.name}, field="attendance")
        seen.add(member.pk)
        if line.status not in A.values:
            raise DomainError(_t("请选择%(name)s的出席情况（出席、请假或缺席）") % {"name": member.name},
                              field="attendance")
        reason = _text(line.reason, _t("%(name)s的请假或缺席原因") % {"name": member.name}, "attendance", 200,
                       required=line.status != A.PRESENT)
        lines.append(Line(member, line.status, reason if line.status != A.PRESENT else ""))
    if kind in WHOLE_ROLL:
        missing = [m.name for pk, m in candidates.items() if pk not in seen]
        if missing:
            shown = "、".join(missing[:10]) + (_t("等%(count)s人") % {"count": len(missing)}
                                              if len(missing) > 10 else "")
            raise DomainError(_t("%(kind)s的应到名单是「%(organization)s」的全体在册党员，%(names)s未登记出席情况") % {
                "kind": K(kind).label, "organization": organization, "names": shown}, field="attendance")
    return lines


def _write_roll(meeting: Meeting, checked: _Checked) -> None:
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, member=line.member, status=line.status, reason=line.reason,
                   may_vote=may_vote(line.member, checked.held_on)) for line in checked.lines])
    ThemeDayActivity.objects.bulk_create(
        [ThemeDayActivity(meeting=meeting, item=item, name=item.name) for item in checked.fixed_items]
        + [ThemeDayActivity(meeting=meeting, name=name) for name in checked.own_items])


def _roll_text(checked: _Checked) -> str:
    present = sum(1 for line in checked.lines if line.status == A.PRESENT)
    excused = sum(1 for line in checked.lines if line.status == A.EXCUSED)
    absent = len(checked.lines) - present - excused
    return f"应到{len(checked.lines)}人，出席{present}人，请假{excused}人，缺席{absent}人"


def _keep_review(step: DecisionStep, meeting: Meeting, checked: _Checked) -> None:
    """A general meeting that a 党员大会审议 names keeps its day and its quorum."""
    named = _t("该会议是「%(decision)s」的党员大会审议（%(day)s）") % {
        "decision": step.decision, "day": _date(step.done_on)}
    if checked.held_on != meeting.held_on:
        raise DomainError(_t("%(named)s，召开日期不能修改") % {"named": named}, field="held_on")
    voting = [line for line in checked.lines if may_vote(line.member, checked.held_on)]
    present = sum(1 for line in voting if line.status == A.PRESENT)
    quorum = quorum_fraction()
    if not procedure.quorum_met(len(voting), present, quorum):
        raise DomainError(_t("%(named)s，修改后到会有表决权的党员%(present)s人，未超过应到会%(entitled)s人的"
                             "%(numerator)s/%(denominator)s，不能这样修改（%(source)s）") % {
            "named": named, "present": present, "entitled": len(voting), "numerator": quorum[0],
            "denominator": quorum[1], "source": _t(procedure.GENERAL_MEETING)}, field="attendance")


def _delete_on_commit(document) -> None:
    """Remove a stored file once the change that dropped it has committed (a rolled-back change keeps it)."""
    name, storage = (document.name or ""), document.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _refresh_findings(path: str) -> None:
    transaction.on_commit(lambda: run_checks(path, codes=CHECK_CODES))


def record_meeting(actor, organization: Organization, *, kind: str, held_on: dt.date | None, topic: str,
                   attendance: Sequence[Line], lecturer: str = "", minutes: str = "", resolutions: str = "",
                   document=None, fixed_items: Sequence[ThemeDayItem] = (),
                   own_items: Sequence[str] = ()) -> Meeting:
    """A meeting and its whole roll in one transaction (a theme day with its fixed and own items)."""
    _require(actor, organization)
    _document(document)
    with transaction.atomic():
        lock(organization)  # read again: a branch closed meanwhile records nothing
        checked = _checked(organization, kind, held_on=held_on, topic=topic, lecturer=lecturer, minutes=minutes,
                           resolutions=resolutions, attendance=attendance, fixed_items=fixed_items,
                           own_items=own_items)
        meeting = Meeting.objects.create(
            organization=organization, kind=kind, held_on=checked.held_on, topic=checked.topic,
            lecturer=checked.lecturer, minutes=checked.minutes, resolutions=checked.resolutions,
            recorded_by=actor if actor.is_authenticated else None, **({"document": document} if document else {}))
        _write_roll(meeting, checked)
        record_event(actor, AuditEvent.Action.CREATE, meeting, subject=organization,
                     message=f"{K(kind).label}：{checked.topic}，{_roll_text(checked)}")
        _refresh_findings(organization.path)
    return meeting


def update_meeting(actor, meeting: Meeting, *, held_on: dt.date | None, topic: str, attendance: Sequence[Line],
                   lecturer: str = "", minutes: str = "", resolutions: str = "", document=None,
                   fixed_items: Sequence[ThemeDayItem] = (), own_items: Sequence[str] = ()) -> Meeting:
    """Correct a meeting (its kind and organization stay): the fields and the whole roll are replaced.
    ``document``: a new file replaces the old one; None keeps it."""
    _require(actor, meeting.organization)
    _document(document)
    with transaction.atomic():
        lock(meeting)
        organization = meeting.organization
        checked = _checked(organization, meeting.kind, held_on=held_on, topic=topic, lecturer=lecturer,
                           minutes=minutes, resolutions=resolutions, attendance=attendance,
                           fixed_items=fixed_items, own_items=own_items)
        step = meeting.decision_steps.select_related("decision").first()
        if step is not None:
            _keep_review(step, meeting, checked)
        before = snapshot(meeting)
        old_roll = _roll_text_of(meeting)
        meeting.held_on, meeting.topic, meeting.lecturer = checked.held_on, checked.topic, checked.lecturer
        meeting.minutes, meeting.resolutions = checked.minutes, checked.resolutions
        if document:
            _delete_on_commit(meeting.document)  # the old file goes once the new one is kept
            meeting.document = document
        meeting.save()
        meeting.attendance.all().delete()
        meeting.activities.all().delete()
        _write_roll(meeting, checked)
        new_roll = _roll_text(checked)
        changes = diff(before, snapshot(meeting))
        if old_roll != new_roll:
            changes["出席情况"] = [old_roll, new_roll]
        record_event(actor, AuditEvent.Action.UPDATE, meeting, subject=organization, changes=changes)
        _refresh_findings(organization.path)
    return meeting


def _roll_text_of(meeting: Meeting) -> str:
    statuses = list(meeting.attendance.values_list("status", flat=True))
    return (f"应到{len(statuses)}人，出席{statuses.count(A.PRESENT)}人，请假{statuses.count(A.EXCUSED)}人，"
            f"缺席{statuses.count(A.ABSENT)}人")


def delete_meeting(actor, meeting: Meeting) -> None:
    """Delete a meeting recorded by mistake, with its roll; not one a 四议两公开 step names."""
    _require(actor, meeting.organization)
    with transaction.atomic():
        lock(meeting)
        step = meeting.decision_steps.select_related("decision").first()
        if step is not None:
            raise DomainError(_t("该会议是「%(decision)s」的党员大会审议记录，不能删除") % {"decision": step.decision},
                              field="meeting")
        organization, described = meeting.organization, str(meeting)
        record_event(actor, AuditEvent.Action.DELETE, meeting, subject=organization,
                     message=f"删除会议：{described}，{_roll_text_of(meeting)}")
        _delete_on_commit(meeting.document)
        meeting.delete()
        _refresh_findings(organization.path)


# --- 四议两公开 ----------------------------------------------------------------------------------------------------

def is_village(organization: Organization) -> bool:
    """A village's party organization: it covers an open 行政村 (work unit)."""
    return WorkUnit.objects.filter(covered_by=organization, kind=WorkUnit.Kind.VILLAGE, is_closed=False).exists()


def propose_decision(actor, organization: Organization, *, title: str, day: dt.date | None, content: str = "",
                     note: str = "") -> VillageDecision:
    """A village matter and its first step, 党支部提议."""
    _require(actor, organization)
    title = _text(title, _t("事项"), "title", 200, required=True)
    content = _text(content, _t("事项内容"), "content", 5000)
    note = _text(note, _t("情况说明"), "note", 500)
    day = _day(day, _t("提议日期"), "day")
    if organization.is_closed:
        raise DomainError(_t("「%(organization)s」已撤销，不能登记四议两公开事项") % {"organization": organization},
                          field="organization")
    if not is_village(organization):
        raise DomainError(_t("四议两公开用于村级重大事项，「%(organization)s」不是行政村的党组织") % {
            "organization": organization}, field="organization")
    with transaction.atomic():
        lock(organization)
        decision = VillageDecision.objects.create(organization=organization, title=title, content=content,
                                                  recorded_by=actor if actor.is_authenticated else None)
        record_event(actor, AuditEvent.Action.CREATE, decision, subject=organization)
        _take(actor, decision, S.PROPOSAL, day, note, None)
    return decision


def take_decision_step(actor, decision: VillageDecision, *, step: str, day: dt.date | None, note: str = "",
                       meeting: Meeting | None = None) -> DecisionStep:
    """The next step of 四议两公开, refused out of order, before the previous step's day or after today
    (``procedure.refusal``); 党员大会审议 may name the general meeting it was held at."""
    _require(actor, decision.organization)
    note = _text(note, _t("情况说明"), "note", 500)
    if day is None:
        raise DomainError(_t("请填写日期"), field="day")
    with transaction.atomic():
        lock(decision)  # two people taking the same step at once: the second reads the first's step and is told
        return _take(actor, decision, step, day, note, meeting)


def _take(actor, decision: VillageDecision, step: str, day: dt.date, note: str,
          meeting: Meeting | None) -> DecisionStep:
    if meeting is not None:
        meeting = Meeting.objects.select_related("organization").get(pk=meeting.pk)
    done, today = procedure.done_steps(decision), _today()
    reason = procedure.refusal(decision, step, day, today, done=done)
    if reason:
        raise DomainError(reason, field="day")
    if meeting is not None:
        reason = procedure.refusal(decision, step, day, today, done=done, meeting=meeting, quorum=quorum_fraction())
        if reason:
            raise DomainError(reason, field="meeting")
    try:
        with transaction.atomic():  # the constraint backs the lock: the loser is told, nothing is written
            taken = DecisionStep.objects.create(decision=decision, kind=step, done_on=day, note=note, meeting=meeting,
                                                recorded_by=actor if actor.is_authenticated else None)
    except IntegrityError as error:
        raise DomainError(_t(STEP_TAKEN) % {"label": _t(procedure.step_of(step).label)}, field="day") from error
    before = snapshot(decision)
    decision.last_step, decision.last_step_on = step, day
    decision.save(update_fields=["last_step", "last_step_on"])
    record_event(actor, AuditEvent.Action.UPDATE, decision, before=before, subject=decision.organization,
                 message=f"四议两公开：{procedure.step_of(step).label}（{chinese_date(day)}）"
                         + (f"，关联{meeting}" if meeting is not None else ""))
    return taken
