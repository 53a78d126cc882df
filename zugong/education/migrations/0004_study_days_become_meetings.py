"""Every study day kept in ``StudySession`` becomes a branch meeting of kind 学习日 with its roll in
``branchlife.Attendance`` (attendees present, the branch's other members of that day absent): one record of who
attended (``branchlife.study_days.copy_study_sessions``). Reversed, the study-day meetings go back to
``StudySession`` with their present members as attendees."""

from django.db import migrations


class _Session:
    """A historical study day as ``copy_study_sessions`` reads it."""

    def __init__(self, session, attendee_ids):
        self.organization_id, self.org_path = session.organization_id, session.org_path
        self.held_on, self.topic, self.notes = session.held_on, session.topic, session.notes
        self.attendee_ids = attendee_ids


def forwards(apps, schema_editor):
    from zugong.branchlife.study_days import copy_study_sessions

    StudySession = apps.get_model("education", "StudySession")
    attendees: dict[int, list[int]] = {}
    for session_id, member_id in StudySession.attendees.through.objects.values_list("studysession_id", "member_id"):
        attendees.setdefault(session_id, []).append(member_id)
    sessions = (_Session(s, attendees.get(s.pk, [])) for s in StudySession.objects.order_by("pk").iterator())
    copy_study_sessions(sessions, apps.get_model("branchlife", "Meeting"), apps.get_model("branchlife", "Attendance"),
                        apps.get_model("members", "Member"))


def backwards(apps, schema_editor):
    StudySession = apps.get_model("education", "StudySession")
    Meeting = apps.get_model("branchlife", "Meeting")
    Attendance = apps.get_model("branchlife", "Attendance")
    Through = StudySession.attendees.through
    for meeting in Meeting.objects.filter(kind="study_day").order_by("pk").iterator():
        rows = list(Attendance.objects.filter(meeting_id=meeting.pk).values_list("member_id", "status"))
        session = StudySession.objects.create(organization_id=meeting.organization_id, org_path=meeting.org_path,
                                              held_on=meeting.held_on, topic=meeting.topic, notes=meeting.minutes,
                                              expected=len(rows))
        Through.objects.bulk_create([Through(studysession_id=session.pk, member_id=member_id)
                                     for member_id, status in rows if status == "present"])
    Attendance.objects.filter(meeting__kind="study_day").delete()
    Meeting.objects.filter(kind="study_day").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0003_attendance_item_meeting_kinds"),
        ("branchlife", "0003_study_day_kind"),
        ("members", "0012_transfer_issuer_and_receipt"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
