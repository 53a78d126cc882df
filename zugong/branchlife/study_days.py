"""Study days (学习日, seed 000 周五学习日, seed 003 星期四学习日) as branch meetings: one record of who attended.

A study day is a ``Meeting`` of kind ``STUDY_DAY``; who was there is its roll in ``Attendance``, like every other
meeting's, so the branch-work pages, the 100-point score's attendance item and the education pages read the same
rows. The education page records it through ``record_study_day``, which builds the whole roll of the branch (every
active member of it and of its groups: the ticked ones present, the ones marked excused 请假, the rest absent) and
hands it to ``services.record_meeting`` (its checks, lock, audit event and findings).

``copy_study_sessions`` moved the study days kept before in ``education.StudySession`` (with their attendees) onto
meetings; the education migration calls it with its historical models and tests call it with stand-ins.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from zugong.branchlife import selectors, services
from zugong.branchlife.models import Attendance, Meeting
from zugong.core.access import DomainError
from zugong.members.models import Member
from zugong.organizations.models import Organization

K, A = Meeting.Kind, Attendance.Status
STUDY_DAY = K.STUDY_DAY
NO_REASON = "未登记原因"  # the reason of a line the recorder left without one (the roll needs a reason unless present)
MIGRATED_REASON = "未出席（迁移）"  # the reason of an absent line copied from a study day kept before its roll

# A study day is held where a general meeting is (a branch, 党总支, joint, mobile or temporary branch). Listed here
# until branchlife's selectors name it with the other kinds (a no-op once they do).
selectors.HELD_BY.setdefault(STUDY_DAY, selectors.HELD_BY[K.GENERAL_MEETING])

# A refusal of the meeting's service, named by the study-day form's fields.
FIELDS = {"attendance": "attendees", "minutes": "notes", "kind": "organization"}


def study_days() -> QuerySet[Meeting]:
    return Meeting.objects.filter(kind=STUDY_DAY)


def record_study_day(actor, organization: Organization, *, held_on: dt.date | None, topic: str, notes: str = "",
                     attendees: Sequence[Member], excused: Sequence[Member] = (), reason: str = "") -> Meeting:
    """A study day and its whole roll in one transaction. ``attendees``: present; ``excused``: 请假; everyone else
    on the roll is absent. ``reason``: why the others were not there (one text for all; ``NO_REASON`` if blank)."""
    roll = list(selectors.roll_candidates(organization))
    on_roll = {m.pk for m in roll}
    strangers = [m.name for m in [*attendees, *excused] if m.pk not in on_roll]
    if strangers:
        raise DomainError(f"{'、'.join(strangers)}不是「{organization}」的在册党员", field="attendees")
    present = {m.pk for m in attendees}
    both = [m.name for m in excused if m.pk in present]
    if both:
        raise DomainError(f"{'、'.join(both)}既登记为出席又登记为请假，请只选一项", field="excused")
    away = {m.pk for m in excused}
    reason = (reason or "").strip() or NO_REASON
    lines = [services.Line(m, A.PRESENT) if m.pk in present
             else services.Line(m, A.EXCUSED if m.pk in away else A.ABSENT, reason) for m in roll]
    try:
        return services.record_meeting(actor, organization, kind=STUDY_DAY, held_on=held_on, topic=topic,
                                       minutes=notes, attendance=lines)
    except DomainError as error:
        raise DomainError(error.message, field=FIELDS.get(error.field or "", error.field)) from error


def copy_study_sessions(sessions: Iterable, meeting_model, attendance_model, member_model,
                        batch_size: int = 500) -> int:
    """Each study day kept before (``sessions``: objects with organization_id, org_path, held_on, topic, notes and
    ``attendee_ids``) becomes a study-day meeting: its attendees present, and the rest of the branch's members of
    that day — on the register then (joined by that day, not left before it) — absent with ``MIGRATED_REASON``.
    A full member on the day has a vote, as ``selectors.may_vote`` says. Returns how many days were copied."""
    members_of: dict[int, list] = {}
    copied = 0
    batch: list[tuple] = []

    def flush() -> None:
        meetings = meeting_model.objects.bulk_create([meeting for meeting, _lines in batch])
        attendance_model.objects.bulk_create([attendance_model(meeting_id=meeting.pk, **line)
                                              for meeting, (_same, lines) in zip(meetings, batch, strict=True)
                                              for line in lines], batch_size=batch_size)
        batch.clear()

    for session in sessions:
        if session.organization_id not in members_of:
            members_of[session.organization_id] = list(member_model.objects.filter(
                organization_id=session.organization_id).only("pk", "joined_on", "left_on", "stage", "full_member_on"))
        day, present = session.held_on, set(session.attendee_ids)
        roll = [m for m in members_of[session.organization_id] if m.pk in present
                or (m.joined_on <= day and (m.left_on is None or m.left_on > day))]
        listed = {m.pk for m in roll}
        # an attendee since moved to another branch is still present on the day they attended
        roll += list(member_model.objects.filter(pk__in=present - listed).only(
            "pk", "joined_on", "left_on", "stage", "full_member_on"))
        lines = [{"member_id": m.pk, "status": A.PRESENT if m.pk in present else A.ABSENT,
                  "reason": "" if m.pk in present else MIGRATED_REASON,
                  "may_vote": m.stage == Member.Stage.FULL and (m.full_member_on is None or m.full_member_on <= day)}
                 for m in roll]
        batch.append((meeting_model(organization_id=session.organization_id, org_path=session.org_path,
                                    kind=STUDY_DAY, held_on=day, topic=session.topic, minutes=session.notes), lines))
        copied += 1
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return copied
