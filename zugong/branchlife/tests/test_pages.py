"""The branch-work pages as a branch secretary, a township operator, an inspector and an outsider meet them: the
quick entry of a meeting with its roll (saved, refused keeping what was typed, sent twice), a meeting's page with
the quorum, its correction and deletion, the organization's page with the year and the shortfalls, and 四议两公开
step by step (out of order refused with its rule)."""

import datetime as dt

import pytest
from django.urls import reverse

from zugong.branchlife import services
from zugong.branchlife.models import (
    Attendance,
    DecisionStep,
    Meeting,
    ThemeDayItem,
    VillageDecision,
)
from zugong.branchlife.tests.conftest import add_members, general_meeting, roll
from zugong.core.submissions import ALREADY_SUBMITTED

pytestmark = pytest.mark.django_db
K, A = Meeting.Kind, Attendance.Status


def _token(page: str) -> str:
    return page.split('name="submission_token" value="', 1)[1].split('"', 1)[0]


def _roll(members, statuses: dict | None = None) -> dict:
    """The roll as the page posts it: everyone present unless ``statuses`` says otherwise ({index: (status, why)})."""
    data = {"roll-TOTAL_FORMS": str(len(members)), "roll-INITIAL_FORMS": str(len(members))}
    for i, member in enumerate(members):
        status, reason = (statuses or {}).get(i, (A.PRESENT, ""))
        data |= {f"roll-{i}-member": str(member.pk), f"roll-{i}-status": status, f"roll-{i}-reason": reason}
    return data


def _record_url(org, kind=K.GENERAL_MEETING) -> str:
    return reverse("branchlife:meeting_record", args=[org.pk, kind])


@pytest.fixture
def members(county, department_admin):
    return add_members(department_admin, county.village, 4)


def test_a_secretary_records_a_general_meeting_with_its_roll_and_sees_the_quorum(client, county, branch_secretary,
                                                                                 members, today):
    client.force_login(branch_secretary)
    page = client.get(_record_url(county.village)).content.decode()
    assert all(m.name in page for m in members) and "已默认出席" in page
    response = client.post(_record_url(county.village), {
        "submission_token": _token(page), "held_on": today.isoformat(), "topic": "讨论发展党员",
        "minutes": "会议讨论了发展对象", **_roll(members, {3: (A.EXCUSED, "外出务工")})})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("branchlife:meeting", args=[meeting.pk])
    assert dict(meeting.attendance.values_list("member__name", "status")) == {
        members[0].name: "present", members[1].name: "present", members[2].name: "present",
        members[3].name: "excused"}
    shown = client.get(response["Location"]).content.decode()
    assert "应到有表决权的党员4人，实到3人，符合法定人数（须超过1/2）" in shown
    assert "外出务工" in shown and "会议讨论了发展对象" in shown


def test_a_refused_meeting_keeps_what_was_typed_and_saves_after_the_correction(client, county, branch_secretary,
                                                                               members, today):
    client.force_login(branch_secretary)
    token = _token(client.get(_record_url(county.village)).content.decode())
    typed = {"submission_token": token, "held_on": today.isoformat(), "topic": "学习二十届四中全会精神",
             "minutes": "书记领学全会公报"}
    page = client.post(_record_url(county.village), {**typed, **_roll(members, {1: (A.ABSENT, "")})}).content.decode()
    assert f"请填写{members[1].name}的请假或缺席原因" in page
    assert "学习二十届四中全会精神" in page and "书记领学全会公报" in page
    assert 'value="absent" checked' in page  # the tap on 缺席 is still there
    assert not Meeting.objects.exists()
    response = client.post(_record_url(county.village), {**typed, **_roll(members, {1: (A.ABSENT, "生病住院")})})
    assert response.status_code == 302
    assert Meeting.objects.get().attendance.get(member=members[1]).reason == "生病住院"


def test_a_double_tap_saves_the_meeting_once(client, county, branch_secretary, members, today):
    client.force_login(branch_secretary)
    data = {"submission_token": _token(client.get(_record_url(county.village)).content.decode()),
            "held_on": today.isoformat(), "topic": "讨论村务", **_roll(members)}
    assert client.post(_record_url(county.village), data).status_code == 302
    again = client.post(_record_url(county.village), data).content.decode()
    assert ALREADY_SUBMITTED in again and Meeting.objects.count() == 1


def test_a_future_day_is_refused_on_its_field(client, county, branch_secretary, members, today):
    client.force_login(branch_secretary)
    data = {"submission_token": _token(client.get(_record_url(county.village)).content.decode()),
            "held_on": (today + dt.timedelta(days=2)).isoformat(), "topic": "讨论村务", **_roll(members)}
    page = client.post(_record_url(county.village), data).content.decode()
    assert "晚于今天，不能预先登记" in page and not Meeting.objects.exists()


def test_a_committee_meeting_lists_only_the_members_marked(client, county, branch_secretary, members, today):
    client.force_login(branch_secretary)
    page = client.get(_record_url(county.village, K.COMMITTEE)).content.decode()
    assert "不列入" in page
    data = {"submission_token": _token(page), "held_on": today.isoformat(), "topic": "研究党费收缴",
            **_roll(members, {2: ("", ""), 3: ("", "")})}
    assert client.post(_record_url(county.village, K.COMMITTEE), data).status_code == 302
    assert set(Meeting.objects.get().attendance.values_list("member__name", flat=True)) == {members[0].name,
                                                                                           members[1].name}


def test_a_theme_day_keeps_its_fixed_and_own_items(client, county, branch_secretary, members, today):
    client.force_login(branch_secretary)
    fixed = list(ThemeDayItem.objects.filter(is_active=True)[:2])
    page = client.get(_record_url(county.village, K.THEME_DAY)).content.decode()
    assert all(item.name in page for item in fixed)
    data = {"submission_token": _token(page), "held_on": today.isoformat(), "topic": "五月主题党日",
            "fixed_items": [item.pk for item in fixed], "own_items": "清理河道\n走访困难党员\n", **_roll(members)}
    assert client.post(_record_url(county.village, K.THEME_DAY), data).status_code == 302
    names = set(Meeting.objects.get().activities.values_list("name", flat=True))
    assert names == {fixed[0].name, fixed[1].name, "清理河道", "走访困难党员"}


def test_a_lecture_needs_its_lecturer(client, county, branch_secretary, members, today):
    client.force_login(branch_secretary)
    url = _record_url(county.village, K.LECTURE)
    data = {"submission_token": _token(client.get(url).content.decode()), "held_on": today.isoformat(),
            "topic": "党史学习", **_roll(members)}
    assert "请填写授课人" in client.post(url, data).content.decode() and not Meeting.objects.exists()
    assert client.post(url, {**data, "lecturer": "张书记"}).status_code == 302
    assert Meeting.objects.get().lecturer == "张书记"


def test_the_kinds_a_branch_holds_are_offered_and_others_are_missing(client, county, branch_secretary):
    client.force_login(branch_secretary)
    page = client.get(reverse("branchlife:meeting_new", args=[county.village.pk])).content.decode()
    assert "支部党员大会" in page and "主题党日" in page and "民主生活会" not in page
    assert client.get(_record_url(county.village, K.DEMOCRATIC_LIFE)).status_code == 404


def test_the_meeting_page_edit_and_delete(client, county, branch_secretary, inspector, members, today):
    meeting = general_meeting(branch_secretary, county.village, members, today, present=2)
    client.force_login(inspector)
    page = client.get(reverse("branchlife:meeting", args=[meeting.pk])).content.decode()
    assert "实到2人，不符合法定人数" in page and "meeting-edit" not in page
    assert client.get(reverse("branchlife:meeting_edit", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("branchlife:meeting_delete", args=[meeting.pk])).status_code == 404

    client.force_login(branch_secretary)
    edit = reverse("branchlife:meeting_edit", args=[meeting.pk])
    assert "外出务工" in client.get(edit).content.decode()  # the roll as it was recorded
    response = client.post(edit, {"held_on": today.isoformat(), "topic": "讨论村级重大事项（补记）", **_roll(members)})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "讨论村级重大事项（补记）" and meeting.attendance.filter(status=A.PRESENT).count() == 4
    confirm = client.get(reverse("branchlife:meeting_delete", args=[meeting.pk])).content.decode()
    assert "确认删除" in confirm and Meeting.objects.filter(pk=meeting.pk).exists()  # a GET only asks
    response = client.post(reverse("branchlife:meeting_delete", args=[meeting.pk]))
    assert response.status_code == 302 and not Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_meeting_list_shows_the_year_chosen(client, county, branch_secretary, members, today):
    last_year = dt.date(today.year - 1, 11, 20)
    for day, topic in ((today, "今年的党员大会"), (last_year, "去年的党员大会")):
        services.record_meeting(branch_secretary, county.village, kind=K.GENERAL_MEETING, held_on=day, topic=topic,
                                attendance=roll(members))
    client.force_login(branch_secretary)
    url = reverse("branchlife:overview")

    def listed(params: dict) -> str:
        page = client.get(url, {"org": county.village.pk, **params}).content.decode()
        return page.split('data-testid="meetings"')[1].split("</section>")[0]

    this_year = listed({})
    assert "今年的党员大会" in this_year and "去年的党员大会" not in this_year
    assert f"{today.year}年会议记录" in this_year and 'data-testid="meeting-count">1<' in this_year
    earlier = listed({"year": last_year.year})
    assert "去年的党员大会" in earlier and "今年的党员大会" not in earlier
    assert f"{last_year.year}年会议记录" in earlier and 'data-testid="meeting-count">1<' in earlier
    assert f"{today.year - 5}年尚无会议记录" in listed({"year": today.year - 5})


def test_outsiders_get_404(client, county, outsider, branch_secretary, members, today):
    meeting = general_meeting(branch_secretary, county.village, members, today)
    client.force_login(outsider)
    assert client.get(reverse("branchlife:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(_record_url(county.village)).status_code == 404
    assert client.get(reverse("branchlife:overview"), {"org": county.village.pk}).status_code == 404
    assert county.village.name not in client.get(reverse("branchlife:overview")).content.decode()


def test_the_branch_page_shows_the_year_and_the_meetings(client, county, branch_secretary, members, today):
    general_meeting(branch_secretary, county.village, members, today, present=3)
    client.force_login(branch_secretary)
    page = client.get(reverse("branchlife:overview")).content.decode()
    assert "出席3/4人" in page
    assert county.village.name in page and "record-meeting" in page and "讨论村级重大事项" in page
    assert 'data-testid="tally-general_meeting"' in page and "全年应召开4次" in page
    assert 'data-testid="decisions"' in page  # 东风村 is a village: its 四议两公开 matters


def test_a_township_operator_sees_the_shortfalls_under_the_township(client, county, township_operator, members,
                                                                     branch_secretary, today):
    client.force_login(township_operator)
    page = client.get(reverse("branchlife:overview")).content.decode()
    assert county.township.name in page and 'data-testid="shortfalls"' in page
    assert f'href="?org={county.village.pk}"' in page  # 东风村 has members and held no theme day last month
    assert county.other_village.name not in page
    village = client.get(reverse("branchlife:overview"), {"org": county.village.pk}).content.decode()
    assert 'data-testid="year-table"' in village and "record-meeting" in village


def test_four_and_two_step_by_step_with_a_step_out_of_order_refused(client, county, branch_secretary, members, today):
    client.force_login(branch_secretary)
    new = reverse("branchlife:decision_new", args=[county.village.pk])
    response = client.post(new, {"submission_token": _token(client.get(new).content.decode()),
                                 "title": "修建村道", "day": today.isoformat()})
    decision = VillageDecision.objects.get()
    assert response["Location"] == reverse("branchlife:decision", args=[decision.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="take-consultation"' in page and 'data-testid="take-review"' not in page
    assert "须先办理「两委商议」" not in page and "待「两委商议」办理后" in page  # the rule is on the step's form

    review = reverse("branchlife:decision_step", args=[decision.pk, "review"])
    refused = client.post(review, {"day": today.isoformat()}).content.decode()
    assert "须先办理「两委商议」：“两委”商议后，提交党员大会审议" in refused
    assert "中国共产党农村基层组织工作条例" in refused and DecisionStep.objects.count() == 1

    step = reverse("branchlife:decision_step", args=[decision.pk, "consultation"])
    assert client.post(step, {"day": today.isoformat(), "note": "两委会一致同意"}).status_code == 302
    meeting = general_meeting(branch_secretary, county.village, members, today)
    assert f"{today:%Y-%m-%d} 讨论村级重大事项" in client.get(review).content.decode()
    assert client.post(review, {"day": today.isoformat(), "meeting": meeting.pk}).status_code == 302
    decision.refresh_from_db()
    assert decision.last_step == "review" and decision.steps.get(kind="review").meeting == meeting
    listing = client.get(reverse("branchlife:decisions")).content.decode()
    assert "修建村道" in listing and "党员大会审议" in listing


def test_only_a_village_has_four_and_two(client, county, township_operator):
    client.force_login(township_operator)
    assert client.get(reverse("branchlife:decision_new", args=[county.village2.pk])).status_code == 404
    assert client.get(reverse("branchlife:decision_new", args=[county.village.pk])).status_code == 200


def test_a_committee_over_a_township_lists_the_members_named(client, county, township_operator, members, today,
                                                             monkeypatch):
    monkeypatch.setattr("zugong.branchlife.views.NAMED_ROLL_LISTED", 2)  # the township has 4 members: too many
    client.force_login(township_operator)
    url = _record_url(county.township, K.COMMITTEE)
    page = client.get(url).content.decode()
    assert 'data-testid="roll-names"' in page and 'data-testid="roll-line"' not in page
    named = client.get(url, {"names": f"{members[0].name}、{members[2].name}"}).content.decode()
    assert named.count('data-testid="roll-line"') == 2 and members[1].name not in named
    data = {"submission_token": _token(named), "held_on": today.isoformat(), "topic": "研究党建工作",
            **_roll([members[0], members[2]])}
    assert client.post(f"{url}?names={members[0].name}", data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.organization == county.township
    assert set(meeting.attendance.values_list("member", flat=True)) == {members[0].pk, members[2].pk}


def test_a_document_is_kept_with_the_meeting_and_downloaded_in_scope(client, county, branch_secretary, outsider,
                                                                     members, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(branch_secretary)
    url = _record_url(county.village, K.COMMITTEE)
    data = {"submission_token": _token(client.get(url).content.decode()), "held_on": today.isoformat(),
            "topic": "研究党费收缴", **_roll(members)}
    refused = client.post(url, {**data, "document": SimpleUploadedFile("记录.exe", b"MZ")}).content.decode()
    assert "请上传 .pdf、" in refused and "研究党费收缴" in refused and not Meeting.objects.exists()
    response = client.post(url, {**data, "document": SimpleUploadedFile("记录.pdf", b"%PDF-1.4 minutes")})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and 'data-testid="document"' in client.get(response["Location"]).content.decode()
    download = client.get(reverse("branchlife:meeting_document", args=[meeting.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    client.force_login(outsider)
    assert client.get(reverse("branchlife:meeting_document", args=[meeting.pk])).status_code == 404
