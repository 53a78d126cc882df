"""A study day is a branch meeting: recorded on the education page, it is on the branch-work overview with the same
roll, the 100-point score's attendance item counts it with the other meetings of its kinds, and the study days kept
before their rolls keep their attendees when copied onto meetings."""

import datetime as dt
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.same_page import token_of
from zugong.branchlife.models import Attendance, Meeting
from zugong.branchlife.services import Line, record_meeting
from zugong.branchlife.study_days import MIGRATED_REASON, copy_study_sessions, study_days
from zugong.core.access import DomainError
from zugong.education import services
from zugong.education.models import ScoreItem
from zugong.education.selectors import year_scores
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for

K, A = Meeting.Kind, Attendance.Status
TODAY = dt.date(2026, 11, 20)


def _roll(meeting) -> list[tuple[str, str, str]]:
    return sorted(meeting.attendance.values_list("member__name", "status", "reason"))


def test_a_study_day_recorded_on_the_education_page_is_a_meeting_of_the_branch_with_its_roll(
        client, county, branch_secretary, full_members):
    li, wang, zhao = full_members
    client.force_login(branch_secretary)
    url = reverse("education:study_new", args=[county.village.pk])
    response = client.post(url, {
        "submission_token": token_of(client.get(url).content.decode()), "held_on": "2026-11-06", "topic": "学习党章",
        "notes": "逐章学习", "attendees": [li.pk, wang.pk], "excused": [zhao.pk], "reason": "外出务工"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.organization, meeting.held_on, meeting.topic, meeting.minutes) == (
        K.STUDY_DAY, county.village, dt.date(2026, 11, 6), "学习党章", "逐章学习")
    assert _roll(meeting) == [("李红", "present", ""), ("王强", "present", ""), ("赵敏", "excused", "外出务工")]

    study = client.get(reverse("education:study"), {"year": 2026}).content.decode()
    assert "学习党章" in study and "2 / 3" in study  # 出席 / 应到
    overview = client.get(reverse("branchlife:overview"), {"org": county.village.pk}).content.decode()
    listed = overview[overview.index('data-testid="meetings"'):]
    assert "2026-11-06 学习日" in listed and "出席2/3人" in listed and "学习党章" in listed
    detail = client.get(reverse("branchlife:meeting", args=[meeting.pk])).content.decode()
    assert "赵敏" in detail and "外出务工" in detail


def test_the_attendance_item_counts_the_study_days_and_the_meetings_of_its_kinds(
        county, branch_secretary, full_members, items):
    """参加组织生活和学习 (30 points) counts study days, general meetings, group meetings, lectures, life meetings
    and theme days — not a committee meeting. 王强: on the roll of 2 study days + 1 general meeting + 1 theme day
    (the committee meeting does not count), present at 1 study day and the general meeting: 2/4 → 15.0 points.
    Told to count study days only: 1/2 → 15.0; 李红, present at both: 2/2 → 30.0."""
    li, wang, zhao = full_members
    services.record_study_session(branch_secretary, county.village, held_on=dt.date(2026, 3, 6), topic="学习党章",
                                  attendees=[li, wang, zhao])
    services.record_study_session(branch_secretary, county.village, held_on=dt.date(2026, 6, 5), topic="学习条例",
                                  attendees=[li], excused=[wang], reason="生病住院")
    everyone = [Line(li, A.PRESENT), Line(wang, A.PRESENT), Line(zhao, A.ABSENT, "外出")]
    record_meeting(branch_secretary, county.village, kind=K.GENERAL_MEETING, held_on=dt.date(2026, 4, 10),
                   topic="选举", attendance=everyone)
    record_meeting(branch_secretary, county.village, kind=K.THEME_DAY, held_on=dt.date(2026, 5, 8), topic="植树",
                   attendance=[Line(li, A.PRESENT), Line(wang, A.ABSENT, "外出"), Line(zhao, A.PRESENT)])
    record_meeting(branch_secretary, county.village, kind=K.COMMITTEE, held_on=dt.date(2026, 5, 9), topic="研究",
                   attendance=[Line(wang, A.ABSENT, "外出")])
    record_meeting(branch_secretary, county.village, kind=K.GENERAL_MEETING, held_on=dt.date(2025, 12, 1),
                   topic="去年的", attendance=everyone)  # another year: not counted

    def attendance_of(name: str):
        row = next(r for r in year_scores(county.village, 2026, TODAY) if r.member.name == name)
        return next((s.points, s.basis) for s in row.items if s.item.source == "attendance")

    assert attendance_of("王强") == (Decimal("15.0"), "出勤 2/4")
    assert attendance_of("李红") == (Decimal("30.0"), "出勤 4/4")
    assert attendance_of("赵敏") == (Decimal("15.0"), "出勤 2/4")  # 3.6 present, 4.10 absent, 5.8 present, 6.5 absent
    item = items["attendance"]
    item.meeting_kinds = [K.STUDY_DAY]
    item.save()
    assert attendance_of("王强") == (Decimal("15.0"), "出勤 1/2")
    assert attendance_of("李红") == (Decimal("30.0"), "出勤 2/2")


def test_a_study_day_names_its_attendees_among_the_branch_only(county, branch_secretary, department_admin,
                                                               full_members):
    stranger = create_member(department_admin, **fields(county.village2, name="周平",
                                                         id_number=id_for(dt.date(1970, 5, 5), 61)))
    with pytest.raises(DomainError) as error:
        services.record_study_session(branch_secretary, county.village, held_on=dt.date(2026, 3, 6),
                                      topic="学习党章", attendees=[full_members[0], stranger])
    assert (error.value.message, error.value.field) == ("周平不是「东风村党支部」的在册党员", "attendees")
    assert not study_days().exists()


def test_a_study_day_kept_before_the_rolls_keeps_its_attendees_when_copied(county, department_admin, full_members):
    """The migration's copy: the attendees present, the branch's other members of that day absent with the reason
    of the migration; a member who joined after the day is not on its roll; a full member has a vote."""
    li, wang, zhao = full_members
    late = create_member(department_admin, **fields(county.village, name="新党员", id_number=id_for(
        dt.date(1990, 1, 1), 71), joined_on=dt.date(2026, 5, 1), full_member_on=None, stage=Member.Stage.PROBATIONARY))
    kept = [SimpleNamespace(organization_id=county.village.pk, org_path=county.village.path,
                            held_on=dt.date(2026, 3, 6), topic="学习党章", notes="逐章学习",
                            attendee_ids=[li.pk, wang.pk]),
            SimpleNamespace(organization_id=county.village.pk, org_path=county.village.path,
                            held_on=dt.date(2026, 6, 5), topic="学习条例", notes="", attendee_ids=[late.pk])]
    assert copy_study_sessions(kept, Meeting, Attendance, Member, batch_size=1) == 2
    march, june = study_days().order_by("held_on")
    assert (march.topic, march.minutes, march.org_path) == ("学习党章", "逐章学习", county.village.path)
    assert _roll(march) == [("李红", "present", ""), ("王强", "present", ""), ("赵敏", "absent", MIGRATED_REASON)]
    assert _roll(june) == [("新党员", "present", ""), ("李红", "absent", MIGRATED_REASON),
                           ("王强", "absent", MIGRATED_REASON), ("赵敏", "absent", MIGRATED_REASON)]
    assert set(june.attendance.filter(may_vote=True).values_list("member__name", flat=True)) == {"李红", "王强", "赵敏"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_a_study_day_with_its_attendees_onto_a_meeting_and_back(county, full_members):
    """education 0004 run for real: back to before it, a StudySession with two attendees; forward, a study-day
    meeting whose roll has them present and the third member absent; back again, the attendees return."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    li, wang, zhao = full_members
    before, after = [("education", "0003_attendance_item_meeting_kinds")], [("education", "0005_delete_studysession")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    session = old.get_model("education", "StudySession").objects.create(
        organization_id=county.village.pk, org_path=county.village.path, held_on=dt.date(2026, 3, 6), topic="学习党章",
        notes="逐章学习", expected=3)
    session.attendees.set([li.pk, wang.pk])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    meeting = study_days().get()
    assert (meeting.organization_id, meeting.held_on, meeting.topic, meeting.minutes) == (
        county.village.pk, dt.date(2026, 3, 6), "学习党章", "逐章学习")
    assert _roll(meeting) == [("李红", "present", ""), ("王强", "present", ""), ("赵敏", "absent", MIGRATED_REASON)]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps.get_model("education", "StudySession").objects.get()
    assert (back.topic, back.expected, sorted(back.attendees.values_list("name", flat=True))) == (
        "学习党章", 3, ["李红", "王强"])
    assert not Meeting.objects.exists()
    executor = MigrationExecutor(connection)
    executor.migrate(after)


def test_the_demo_keeps_its_study_days_as_meetings_with_the_branchs_whole_roll(county, full_members):
    from zugong.education.demo import add_education
    from zugong.organizations import demo

    add_education(demo.DemoContext(rng=random.Random(5), today=TODAY, scale="county", root=county.county))
    days = study_days().filter(organization=county.village)
    assert days.count() == 10  # one a month, January to October (the clock stands in November)
    for day in days:
        assert set(day.attendance.values_list("member__name", flat=True)) == {"李红", "王强", "赵敏"}
    assert not Attendance.objects.exclude(status=A.PRESENT).filter(reason="").exists()
    assert study_days().filter(organization=county.village2).count() == 0  # a branch without members holds none


def test_the_scheme_page_names_the_meetings_the_attendance_item_counts(client, department_admin):
    client.force_login(department_admin)
    page = client.get(reverse("education:scheme")).content.decode()
    kinds = page[page.index('data-testid="scheme-kinds"'):]
    assert "计入：学习日、支部党员大会、党小组会、党课、组织生活会、主题党日（5+N 党员活动日）</div>" in kinds
    assert page.count('data-testid="scheme-kinds"') == 1  # only the attendance item counts meetings


def test_the_department_chooses_the_meetings_the_attendance_item_counts_on_the_scheme_page(
        client, county, department_admin, branch_secretary, full_members, items):
    """After the page keeps study days only, 王强's general meeting no longer counts: 1 study day of 1 → 30.0;
    no kind ticked is refused and changes nothing."""
    li, wang, zhao = full_members
    services.record_study_session(branch_secretary, county.village, held_on=dt.date(2026, 3, 6), topic="学习党章",
                                  attendees=[wang])
    record_meeting(branch_secretary, county.village, kind=K.GENERAL_MEETING, held_on=dt.date(2026, 4, 10),
                   topic="选举", attendance=[Line(li, A.PRESENT), Line(wang, A.ABSENT, "外出"), Line(zhao, A.PRESENT)])
    item = items["attendance"]
    client.force_login(department_admin)
    url = reverse("education:scheme_edit")
    points = {f"points_{i.pk}": i.max_points for i in ScoreItem.objects.all()}
    page = client.get(url).content.decode()
    assert f'name="kinds_{item.pk}" value="study_day"' in page and f'name="kinds_{items["dues"].pk}"' not in page
    seen = page.split('name="seen" value="')[1].split('"')[0]
    refused = client.post(url, {**points, "seen": seen})
    assert "「参加组织生活和学习」请至少选择一种计入出勤的会议" in refused.content.decode()
    item.refresh_from_db()
    assert K.GENERAL_MEETING in item.meeting_kinds
    assert client.post(url, {**points, "seen": seen, f"kinds_{item.pk}": [K.STUDY_DAY]}).status_code == 302
    item.refresh_from_db()
    assert item.meeting_kinds == [K.STUDY_DAY]
    row = next(r for r in year_scores(county.village, 2026, TODAY) if r.member == wang)
    assert next((s.points, s.basis) for s in row.items if s.item == item) == (Decimal("30.0"), "出勤 1/1")
