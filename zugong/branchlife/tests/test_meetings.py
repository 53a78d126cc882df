"""Recording a meeting with its roll: who must be on it, reasons for absence, the general meeting's quorum, theme
days' 5+N items, scope, edits and deletions."""

import datetime as dt

import pytest
from django.http import Http404

from zugong.branchlife import selectors, services
from zugong.branchlife.models import Attendance, Meeting, ThemeDayItem
from zugong.branchlife.tests.conftest import add_members, event_of, general_meeting, roll
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent

K, A = Meeting.Kind, Attendance.Status


@pytest.fixture
def day(today):
    return today - dt.timedelta(days=3)


def test_a_general_meeting_is_recorded_with_its_whole_roll_and_audited(county, branch_secretary, department_admin,
                                                                      day):
    full = add_members(department_admin, county.village, 3, probationary=1)
    meeting = services.record_meeting(
        branch_secretary, county.village, kind=K.GENERAL_MEETING, held_on=day, topic="讨论发展党员",
        attendance=[services.Line(full[0], A.PRESENT), services.Line(full[1], A.PRESENT),
                    services.Line(full[2], A.ABSENT, "联系不上"), services.Line(full[3], A.PRESENT)])
    rows = {a.member.name: (a.status, a.reason, a.may_vote) for a in meeting.attendance.select_related("member")}
    assert rows == {full[0].name: ("present", "", True), full[1].name: ("present", "", True),
                    full[2].name: ("absent", "联系不上", True), full[3].name: ("present", "", False)}
    assert selectors.attendance_counts(meeting) == {"roll": 4, "present": 3, "excused": 0, "absent": 1}
    event = event_of(meeting, AuditEvent.Action.CREATE)
    assert event.message == "支部党员大会：讨论发展党员，应到4人，出席3人，请假0人，缺席1人"
    assert meeting.org_path == county.village.path


def test_exactly_half_of_the_full_members_present_is_no_quorum(county, department_admin, day):
    members = add_members(department_admin, county.village, 4, probationary=2)
    # 2 of 4 full members present (the two probationary members present too, without a vote): exactly half
    lines = roll(members[:4], present=2) + roll(members[4:])
    half = services.record_meeting(department_admin, county.village, kind=K.GENERAL_MEETING, held_on=day,
                                   topic="讨论", attendance=lines)
    quorum = selectors.general_meeting_quorum(half)
    assert (quorum.entitled, quorum.present, quorum.met) == (4, 2, False)
    assert quorum.text == "应到有表决权的党员4人，实到2人，须超过1/2：不符合"
    more = general_meeting(department_admin, county.village, members, day, present=3)
    assert selectors.general_meeting_quorum(more).met is True
    assert selectors.general_meeting_quorum(more).text.endswith("：符合")


def test_the_quorum_follows_the_ballots_setting(county, department_admin, day):
    from zugong.core.policy import set_policy_value

    members = add_members(department_admin, county.village, 3)
    meeting = general_meeting(department_admin, county.village, members, day, present=2)
    assert selectors.general_meeting_quorum(meeting).met is True  # 2/3 > 1/2
    set_policy_value(department_admin, "ballots.due_quorum_numerator", 2)
    set_policy_value(department_admin, "ballots.due_quorum_denominator", 3)
    assert selectors.general_meeting_quorum(meeting).met is False  # 2/3 is not more than 2/3


def test_a_whole_roll_meeting_names_whoever_is_missing(county, department_admin, day):
    members = add_members(department_admin, county.village, 3)
    with pytest.raises(DomainError) as refused:
        services.record_meeting(department_admin, county.village, kind=K.LECTURE, held_on=day, topic="党课",
                                lecturer="张书记", attendance=roll(members[:2]))
    assert refused.value.message == f"党课的应到名单是「东风村党支部」的全体在册党员，{members[2].name}未登记出席情况"
    assert refused.value.field == "attendance"
    assert not Meeting.objects.exists()


def test_a_committee_meeting_takes_the_members_named(county, department_admin, day):
    members = add_members(department_admin, county.village, 3)
    meeting = services.record_meeting(department_admin, county.village, kind=K.COMMITTEE, held_on=day,
                                      topic="研究本月工作", attendance=roll(members[:2]))
    assert meeting.attendance.count() == 2


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"attendance": "absent_without_reason"}, "attendance", "请填写{name}的请假或缺席原因"),
    ({"held_on": "future"}, "held_on", "召开日期{tomorrow}晚于今天，不能预先登记"),
    ({"topic": ""}, "topic", "请填写主题"),
    ({"topic": "x" * 201}, "topic", "主题不能超过200个字（现有201个字）"),
    ({"topic": "会\x00议"}, "topic", "主题不能包含空字符（\\0）"),
    ({"kind": K.LECTURE}, "lecturer", "请填写授课人"),
    ({"kind": K.DEMOCRATIC_LIFE}, "kind", "「东风村党支部」是党支部，不召开民主生活会"),
    ({"own_items": ["清扫卫生"]}, "fixed_items", "只有主题党日登记活动内容（5+N）"),
])
def test_bad_input_is_refused_naming_the_field(county, department_admin, day, today, change, field, message):
    member = add_members(department_admin, county.village, 1)[0]
    values = {"kind": K.GENERAL_MEETING, "held_on": day, "topic": "讨论", "attendance": roll([member])}
    if change.get("attendance") == "absent_without_reason":
        change = {"attendance": [services.Line(member, A.ABSENT, "  ")]}
    if change.get("held_on") == "future":
        change = {"held_on": today + dt.timedelta(days=1)}
    values.update(change)
    with pytest.raises(DomainError) as refused:
        services.record_meeting(department_admin, county.village, **values)
    tomorrow = today + dt.timedelta(days=1)
    assert refused.value.message == message.format(name=member.name,
                                                   tomorrow=f"{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日")
    assert refused.value.field == field
    assert not Meeting.objects.exists()


def test_a_member_of_another_branch_cannot_be_on_the_roll(county, department_admin, day):
    ours = add_members(department_admin, county.village, 1)
    theirs = add_members(department_admin, county.village2, 1)
    with pytest.raises(DomainError) as refused:
        services.record_meeting(department_admin, county.village, kind=K.COMMITTEE, held_on=day, topic="研究",
                                attendance=roll(ours + theirs))
    assert refused.value.message == f"{theirs[0].name}不是「东风村党支部」的在册党员，不能列入应到名单"


def test_a_theme_day_keeps_its_fixed_items_and_the_branchs_own(county, department_admin, day):
    members = add_members(department_admin, county.village, 2)
    fixed = list(ThemeDayItem.objects.filter(is_active=True))
    assert [item.name for item in fixed] == ["升国旗、唱国歌", "重温入党誓词", "交纳党费", "集中学习", "开展志愿服务"]
    meeting = services.record_meeting(department_admin, county.village, kind=K.THEME_DAY, held_on=day,
                                      topic="主题党日", attendance=roll(members), fixed_items=fixed[:3],
                                      own_items=["清理村内环境卫生"])
    assert [(a.name, a.is_fixed) for a in meeting.activities.all()] == [
        ("升国旗、唱国歌", True), ("重温入党誓词", True), ("交纳党费", True), ("清理村内环境卫生", False)]
    with pytest.raises(DomainError, match="活动内容「交纳党费」重复"):
        services.record_meeting(department_admin, county.village, kind=K.THEME_DAY, held_on=day, topic="主题党日",
                                attendance=roll(members), fixed_items=fixed[:3], own_items=["交纳党费"])


def test_a_user_of_another_township_cannot_record_or_see_this_branchs_meetings(county, outsider, branch_secretary,
                                                                               department_admin, day):
    members = add_members(department_admin, county.village, 1)
    with pytest.raises(DomainError) as refused:
        services.record_meeting(outsider, county.village, kind=K.COMMITTEE, held_on=day, topic="研究",
                                attendance=roll(members))
    assert refused.value.message == "您无权在「东风村党支部」范围内登记支部工作"
    others = add_members(department_admin, county.village2, 1)
    with pytest.raises(DomainError, match="您无权在「西岭村党支部」范围内登记支部工作"):
        services.record_meeting(branch_secretary, county.village2, kind=K.COMMITTEE, held_on=day, topic="研究",
                                attendance=roll(others))
    meeting = services.record_meeting(branch_secretary, county.village, kind=K.COMMITTEE, held_on=day, topic="研究",
                                      attendance=roll(members))
    assert list(selectors.meetings_visible_to(outsider)) == []
    with pytest.raises(Http404):
        selectors.access_meeting(outsider, meeting.pk)
    assert selectors.access_meeting(branch_secretary, meeting.pk, for_change=True) == meeting


def test_an_edit_replaces_the_roll_and_is_audited(county, department_admin, day):
    members = add_members(department_admin, county.village, 2)
    meeting = general_meeting(department_admin, county.village, members, day)
    services.update_meeting(department_admin, meeting, held_on=day, topic="讨论（更正）",
                            attendance=roll(members, present=1))
    meeting.refresh_from_db()
    assert meeting.topic == "讨论（更正）"
    assert sorted(meeting.attendance.values_list("status", flat=True)) == ["excused", "present"]
    event = event_of(meeting, AuditEvent.Action.UPDATE)
    assert event.changes["主题"] == ["讨论村级重大事项", "讨论（更正）"]
    assert event.changes["出席情况"] == ["应到2人，出席2人，请假0人，缺席0人", "应到2人，出席1人，请假1人，缺席0人"]


def test_a_deleted_meeting_takes_its_roll_with_it(county, department_admin, day):
    members = add_members(department_admin, county.village, 2)
    meeting = general_meeting(department_admin, county.village, members, day)
    meeting_pk = meeting.pk
    services.delete_meeting(department_admin, meeting)
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert event_of(meeting, AuditEvent.Action.DELETE, pk=meeting_pk).message.startswith("删除会议：")


def test_held_against_expected_counts_whole_periods(county, department_admin):
    members = add_members(department_admin, county.village, 3)
    general_meeting(department_admin, county.village, members, dt.date(2025, 2, 10))
    tallies = {t.frequency.kind: t for t in selectors.held_vs_expected(county.village, dt.date(2025, 1, 1),
                                                                       dt.date(2025, 12, 31))}
    assert (tallies[K.GENERAL_MEETING].expected, tallies[K.GENERAL_MEETING].held) == (4, 1)
    assert (tallies[K.THEME_DAY].expected, tallies[K.THEME_DAY].held) == (12, 0)
    assert tallies[K.LIFE_MEETING].expected == 1
    assert K.COMMITTEE not in tallies, "three full members: no committee, no committee meetings owed"


def test_a_meetings_document_is_kept_replaced_and_deleted_with_it(county, department_admin, day,
                                                                  django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    members = add_members(department_admin, county.village, 1)
    with pytest.raises(DomainError) as refused:
        services.record_meeting(department_admin, county.village, kind=K.COMMITTEE, held_on=day, topic="研究",
                                attendance=roll(members), document=SimpleUploadedFile("记录.exe", b"MZ"))
    assert refused.value.field == "document"
    assert refused.value.message.startswith("附件「记录.exe」的格式不能上传，请上传 .pdf、")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.record_meeting(department_admin, county.village, kind=K.COMMITTEE, held_on=day,
                                          topic="研究", attendance=roll(members),
                                          document=SimpleUploadedFile("记录.pdf", b"%PDF-1.4 first"))
    first = meeting.document.name
    assert first.startswith(f"branchlife/{day.year}/") and meeting.document.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(department_admin, meeting, held_on=day, topic="研究", attendance=roll(members),
                                document=SimpleUploadedFile("记录2.pdf", b"%PDF-1.4 second"))
    meeting.refresh_from_db()
    storage = meeting.document.storage
    assert not storage.exists(first) and storage.open(meeting.document.name).read() == b"%PDF-1.4 second"
    second = meeting.document.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_meeting(department_admin, meeting)
    assert not storage.exists(second)
