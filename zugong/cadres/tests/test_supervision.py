"""Supervision of cadres (C6): who must report personal matters for a year and by when (the due day itself vs the
day after, a new leader's 30th vs 31st day, both after a policy change), every refusal with its message (and the
record left as it was), the two checks, the pages and exports, and that ``cadres.view`` alone sees none of it."""

import datetime as dt
import io
import random
import time

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from zugong.cadres import supervision
from zugong.cadres.models import Cadre, PersonalMattersReport, Position, Talk, Tenure
from zugong.cadres.policies import NEW_LEADER_REPORT_DAYS, REPORT_DUE_DAY
from zugong.core.access import DomainError
from zugong.core.audit import history_of
from zugong.core.checks import run_checks
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import set_policy_value
from zugong.core.selectors import findings_visible_to

pytestmark = pytest.mark.django_db
SpotCheck = PersonalMattersReport.SpotCheck
MISSING, CONCEALED = supervision.CHECK_CODES


def on(day: dt.date):
    """Travel to ten in the morning of the day, Beijing time."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC), tick=False)


def make_cadre(org, name="张建国", rank="section_head", started=dt.date(2020, 3, 1), leading=True, ended=None,
               title=None) -> Cadre:
    cadre = Cadre.objects.create(name=name, gender="男", birth=dt.date(1978, 3, 1), organization=org)
    position = Position.objects.create(organization=org, title=title or f"{org.name}{name}职位", rank=rank,
                                       is_leading=leading)
    Tenure.objects.create(cadre=cadre, position=position, started_on=started, ended_on=ended)
    return cadre


@pytest.fixture
def leader(county):
    """张建国, 东风镇党委 section-level head since 2020-03-01: reports every January."""
    return make_cadre(county.township)


def missing(county, day):
    return list(supervision.personal_report_missing(county.county.path, day))


def concealed(county, day):
    return list(supervision.personal_report_concealed(county.county.path, day))


# --- Who must report ------------------------------------------------------------------------------------------------

def test_who_must_report_leading_posts_from_section_deputy_up_and_serving(county):
    deputy = make_cadre(county.township, "副职", rank="section_deputy")
    make_cadre(county.township, "科员", rank="staff", leading=False)
    make_cadre(county.township, "非领导", rank="section_head", leading=False)
    make_cadre(county.township, "已免职", ended=dt.date(2025, 6, 30))
    retired = make_cadre(county.township, "退休")
    retired.status = Cadre.Status.RETIRED
    retired.save()
    duties = supervision.obligations(Cadre.objects.all(), 2025, dt.date(2026, 3, 1))
    assert [(d.cadre.name, d.due_on, d.is_new_leader) for d in duties] == [("副职", dt.date(2026, 1, 31), False)]
    assert duties[0].cadre == deputy


def test_a_promotion_without_a_break_is_not_a_new_leader(county):
    cadre = make_cadre(county.township, "连续任职", rank="section_deputy", started=dt.date(2019, 1, 1),
                       ended=dt.date(2025, 5, 1))
    head = Position.objects.create(organization=county.township, title="镇长", rank="section_head")
    Tenure.objects.create(cadre=cadre, position=head, started_on=dt.date(2025, 5, 1))
    duty = supervision.obligation_of(cadre, 2025, supervision.ReportRules(31, 30), dt.date(2026, 3, 1))
    assert duty is not None and not duty.is_new_leader and duty.leader_since == dt.date(2019, 1, 1)


def test_a_leader_appointed_during_the_year_reports_that_year_within_the_days(county):
    cadre = make_cadre(county.township, "新任", started=dt.date(2025, 12, 20))
    duty = supervision.obligation_of(cadre, 2025, supervision.ReportRules(31, 30), dt.date(2026, 3, 1))
    assert (duty.is_new_leader, duty.leader_since, duty.due_on) == (True, dt.date(2025, 12, 20), dt.date(2026, 1, 19))
    this_year = supervision.obligation_of(cadre, 2026, supervision.ReportRules(31, 30), dt.date(2026, 3, 1))
    assert (this_year.is_new_leader, this_year.due_on) == (False, dt.date(2027, 1, 31))


def test_the_status_of_a_duty_through_the_year(county, leader):
    rules = supervision.ReportRules(31, 30)
    annual = supervision.obligation_of(leader, 2026, rules, dt.date(2026, 3, 1))
    statuses = [supervision.status_of(annual, None, day) for day in
                (dt.date(2026, 12, 31), dt.date(2027, 1, 1), dt.date(2027, 1, 31), dt.date(2027, 2, 1))]
    assert statuses == [supervision.NOT_OPEN, supervision.PENDING, supervision.PENDING, supervision.OVERDUE]
    new = supervision.obligation_of(make_cadre(county.township, "新任", started=dt.date(2026, 3, 1)), 2026, rules,
                                    dt.date(2026, 3, 5))
    assert supervision.status_of(new, None, dt.date(2026, 3, 5)) == supervision.PENDING


# --- The missing-report check at its boundaries ----------------------------------------------------------------------

def test_last_years_report_is_missing_only_after_the_due_day(county, leader):
    assert missing(county, dt.date(2026, 1, 31)) == []  # the due day itself
    found = missing(county, dt.date(2026, 2, 1))
    assert [f.title for f in found] == ["张建国未按期报告2025年度个人有关事项（年度集中报告，逾期1天）"]
    assert found[0].severity == Finding.Severity.PROBLEM and found[0].due_on == dt.date(2026, 1, 31)
    assert REPORT_DUE_DAY.source in found[0].detail and "应于2026-01-31前报告2025年度个人有关事项" in found[0].detail
    assert found[0].url == f"/cadres/{leader.pk}/?tab=supervision" and found[0].scope_path == county.township.path


def test_an_earlier_due_day_set_by_policy_moves_the_boundary(county, department_admin, leader):
    set_policy_value(department_admin, REPORT_DUE_DAY.key, "15")
    assert missing(county, dt.date(2026, 1, 15)) == []
    assert [f.due_on for f in missing(county, dt.date(2026, 1, 16))] == [dt.date(2026, 1, 15)]


def test_a_reported_year_is_not_missing(county, leader):
    PersonalMattersReport.objects.create(cadre=leader, year=2025, submitted_on=dt.date(2026, 1, 20))
    assert missing(county, dt.date(2026, 2, 1)) == []


def test_a_new_leader_has_thirty_days(county):
    make_cadre(county.township, "新任", started=dt.date(2026, 3, 1))
    assert missing(county, dt.date(2026, 3, 31)) == []  # the 30th day after taking the post
    found = missing(county, dt.date(2026, 4, 1))  # the 31st
    assert [f.title for f in found] == ["新任未按期报告2026年度个人有关事项（新任报告，逾期1天）"]
    assert NEW_LEADER_REPORT_DAYS.source in found[0].detail
    assert "2026-03-01起任领导职务，应在30日内（2026-03-31前）报告2026年度个人有关事项" in found[0].detail


def test_fewer_days_for_new_leaders_by_policy(county, department_admin):
    make_cadre(county.township, "新任", started=dt.date(2026, 3, 1))
    set_policy_value(department_admin, NEW_LEADER_REPORT_DAYS.key, "10")
    assert missing(county, dt.date(2026, 3, 11)) == []
    assert len(missing(county, dt.date(2026, 3, 12))) == 1


def test_a_leader_appointed_in_december_is_due_before_the_annual_day(county):
    make_cadre(county.township, "年底新任", started=dt.date(2025, 12, 20))
    assert missing(county, dt.date(2026, 1, 19)) == []
    assert [f.due_on for f in missing(county, dt.date(2026, 1, 20))] == [dt.date(2026, 1, 19)]


def test_findings_are_stored_and_seen_only_with_the_supervision_capability(
        county, leader, department_admin, township_operator, inspector):
    run_checks(county.county.path, today=dt.date(2026, 2, 1), codes=supervision.CHECK_CODES)
    assert findings_visible_to(department_admin).filter(check_code=MISSING).count() == 1
    assert not findings_visible_to(township_operator).filter(check_code__startswith="cadres.personal").exists()
    assert not findings_visible_to(inspector).filter(check_code__startswith="cadres.personal").exists()


# --- Talks ---------------------------------------------------------------------------------------------------------

TALK = {"kind": Talk.Kind.HEART_TO_HEART, "held_on": dt.date(2026, 2, 10), "held_by": "县委组织部部长",
        "subject": "年度谈心谈话"}


def test_a_talk_is_recorded_and_audited_on_the_cadres_page(department_admin, leader):
    with on(dt.date(2026, 2, 10)):
        talk = supervision.record_talk(department_admin, leader, **TALK)
    assert (talk.recorded_by, talk.held_on, talk.subject) == (department_admin, dt.date(2026, 2, 10), "年度谈心谈话")
    event = history_of(leader).get()
    assert (event.action, event.message, event.changes["事由"]) == (AuditEvent.Action.CREATE, "登记谈心谈话",
                                                                    [None, "年度谈心谈话"])


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"held_on": dt.date(2026, 2, 11)}, "held_on", "日期：2026-02-11 晚于今天（2026-02-10），只能登记已进行的谈话"),
    ({"held_by": " "}, "held_by", "谈话人：不能为空，请填写谈话人的姓名或职务"),
    ({"subject": ""}, "subject", "事由：不能为空，请写明谈话的事由"),
    ({"kind": "dinner"}, "kind", "方式：「dinner」不是可选的谈话方式"),
])
def test_a_bad_talk_is_refused_and_nothing_is_recorded(department_admin, leader, changes, field, message):
    with on(dt.date(2026, 2, 10)), pytest.raises(DomainError) as refused:
        supervision.record_talk(department_admin, leader, **(TALK | changes))
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not Talk.objects.exists() and not AuditEvent.objects.exists()


def test_the_follow_up_is_written_later_and_audited(department_admin, leader):
    with on(dt.date(2026, 2, 10)):
        talk = supervision.record_talk(department_admin, leader, **TALK)
    supervision.change_follow_up(department_admin, talk, " 本人表示认真整改 ")
    talk.refresh_from_db()
    assert talk.follow_up == "本人表示认真整改"
    event = history_of(leader).filter(action=AuditEvent.Action.UPDATE).get()
    assert event.changes == {"后续情况": ["", "本人表示认真整改"]} and event.message == "更新谈心谈话后续情况"


def test_cadres_view_alone_cannot_record(township_operator, leader):
    with pytest.raises(DomainError, match="您无权登记「东风镇党委」干部的监督事项"), on(dt.date(2026, 2, 10)):
        supervision.record_talk(township_operator, leader, **TALK)
    assert not Talk.objects.exists()


# --- Reports -------------------------------------------------------------------------------------------------------

def report(actor, cadre, year=2025, submitted_on=dt.date(2026, 1, 20), items=(), today=dt.date(2026, 2, 10)):
    with on(today):
        return supervision.record_report(actor, cadre, year=year, submitted_on=submitted_on, items=items)


def test_a_report_keeps_all_fourteen_items_in_order(department_admin, leader):
    saved = report(department_admin, leader, items=[{"item": "housing", "declared": True, "note": " 住房1套 "},
                                                    {"item": "marriage", "declared": True, "note": "已婚"}])
    assert [i["item"] for i in saved.items] == list(supervision.ITEM_LABELS) and len(saved.items) == 14
    assert [i for i in saved.items if i["declared"]] == [{"item": "marriage", "declared": True, "note": "已婚"},
                                                         {"item": "housing", "declared": True, "note": "住房1套"}]
    assert len([code for code, _l, group in supervision.REPORT_ITEMS if group == supervision.FAMILY]) == 8
    event = history_of(leader).get()
    assert event.message == "登记2025年度个人有关事项报告（年度报告，有报告内容的事项2项）"


def test_the_same_year_twice_is_refused_and_the_first_report_stays(department_admin, leader):
    first = report(department_admin, leader, items=[{"item": "salary", "declared": True}])
    with pytest.raises(DomainError) as refused:
        report(department_admin, leader, submitted_on=dt.date(2026, 1, 25))
    assert refused.value.field == "year"
    assert refused.value.message == "报告年度：张建国2025年度的个人有关事项报告已登记（报告日期 2026-01-20），同一年度只能登记一份"
    kept = PersonalMattersReport.objects.get()
    assert (kept.pk, kept.submitted_on, kept.items) == (first.pk, dt.date(2026, 1, 20), first.items)
    assert AuditEvent.objects.count() == 1


def test_an_annual_report_submitted_before_the_years_end_is_refused(department_admin, leader):
    with pytest.raises(DomainError) as refused:
        report(department_admin, leader, submitted_on=dt.date(2025, 12, 31))
    assert refused.value.field == "submitted_on"
    assert refused.value.message.startswith(
        "报告日期：2025-12-31 早于2025年度结束，年度报告在次年1月31日前报告上一年度的事项，报告日期应在2026-01-01或之后")
    assert not PersonalMattersReport.objects.exists() and not AuditEvent.objects.exists()
    assert report(department_admin, leader, submitted_on=dt.date(2026, 1, 1)).year == 2025


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"year": 2027}, "year", "报告年度：2027年尚未到来，只能登记2026年及以前年度的报告"),
    ({"submitted_on": dt.date(2026, 2, 11)}, "submitted_on", "报告日期：2026-02-11 晚于今天（2026-02-10）"),
    ({"items": [{"item": "lottery"}]}, "items", "报告事项：「lottery」不是规定的报告事项"),
])
def test_other_bad_reports_are_refused(department_admin, leader, changes, field, message):
    with pytest.raises(DomainError) as refused:
        report(department_admin, leader, **changes)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not PersonalMattersReport.objects.exists()


def test_a_new_leader_reports_the_appointment_year_after_taking_the_post(county, department_admin):
    cadre = make_cadre(county.township, "新任", started=dt.date(2026, 3, 1))
    with pytest.raises(DomainError, match="报告日期：2026-02-28 早于任领导职务之日（2026-03-01），新任报告应在任职后提交"):
        report(department_admin, cadre, year=2026, submitted_on=dt.date(2026, 2, 28), today=dt.date(2026, 3, 10))
    saved = report(department_admin, cadre, year=2026, submitted_on=dt.date(2026, 3, 10), today=dt.date(2026, 3, 10))
    assert saved.year == 2026 and "新任报告" in history_of(cadre).get().message
    assert missing(county, dt.date(2026, 4, 1)) == []


def test_a_spot_check_before_the_submission_is_refused_and_the_report_is_unchanged(department_admin, leader):
    saved = report(department_admin, leader)
    with on(dt.date(2026, 3, 1)), pytest.raises(DomainError) as refused:
        supervision.record_spot_check(department_admin, saved, result=SpotCheck.CONSISTENT,
                                      checked_on=dt.date(2026, 1, 19), note="一致")
    assert refused.value.field == "spot_checked_on"
    assert refused.value.message == "抽查日期：2026-01-19 早于报告日期（2026-01-20），只能抽查核实已提交的报告"
    saved.refresh_from_db()
    assert (saved.spot_check, saved.spot_checked_on, saved.note) == (SpotCheck.NOT_CHECKED, None, "")
    with on(dt.date(2026, 3, 1)), pytest.raises(DomainError, match="抽查核实结果：请选择"):
        supervision.record_spot_check(department_admin, saved, result=SpotCheck.NOT_CHECKED,
                                      checked_on=dt.date(2026, 2, 1))
    with on(dt.date(2026, 3, 1)):  # the day of submission itself is allowed
        supervision.record_spot_check(department_admin, saved, result=SpotCheck.CONSISTENT,
                                      checked_on=dt.date(2026, 1, 20), note="与查询结果一致")
    saved.refresh_from_db()
    assert (saved.spot_check, saved.spot_checked_on) == (SpotCheck.CONSISTENT, dt.date(2026, 1, 20))
    event = history_of(leader).filter(action=AuditEvent.Action.UPDATE).get()
    assert event.changes["抽查核实结果"] == ["未抽查", "如实报告"]


# --- The concealment check -----------------------------------------------------------------------------------------

@pytest.fixture
def omission(department_admin, leader):
    saved = report(department_admin, leader)
    with on(dt.date(2026, 3, 1)):
        supervision.record_spot_check(department_admin, saved, result=SpotCheck.MINOR_OMISSION,
                                      checked_on=dt.date(2026, 3, 1), note="房产漏报1处")
    return saved


def test_an_omission_without_a_letter_or_admonition_is_a_finding(county, omission):
    found = concealed(county, dt.date(2026, 3, 2))
    assert [f.title for f in found] == ["张建国2025年度个人有关事项报告抽查为「漏报（情节较轻）」，未登记函询或诫勉"]
    assert found[0].severity == Finding.Severity.WARNING and supervision.REGULATION in found[0].detail


@pytest.mark.parametrize(("kind", "held_on", "handled"), [
    (Talk.Kind.LETTER_INQUIRY, dt.date(2026, 3, 1), True),  # the day of the check counts
    (Talk.Kind.ADMONITION, dt.date(2026, 3, 5), True),
    (Talk.Kind.LETTER_INQUIRY, dt.date(2026, 2, 28), False),  # before the check: not about it
    (Talk.Kind.HEART_TO_HEART, dt.date(2026, 3, 5), False),  # not a 函询 or 诫勉
])
def test_only_a_letter_or_admonition_after_the_check_handles_it(county, department_admin, leader, omission, kind,
                                                                  held_on, handled):
    with on(dt.date(2026, 3, 10)):
        supervision.record_talk(department_admin, leader, kind=kind, held_on=held_on, held_by="部长", subject="漏报")
    assert (concealed(county, dt.date(2026, 3, 10)) == []) is handled


# --- Pages ---------------------------------------------------------------------------------------------------------

SUPERVISION_PAGES = ["cadres:talks", "cadres:talk_export", "cadres:reports", "cadres:report_export"]


@pytest.mark.parametrize("persona", ["township_operator", "inspector"])
def test_cadres_view_alone_gets_404_everywhere_and_no_tab(request, client, department_admin, leader, persona):
    talk = Talk.objects.create(cadre=leader, kind=Talk.Kind.ADMONITION, held_on=dt.date(2026, 1, 5), held_by="部长",
                               subject="履职不力诫勉")
    saved = PersonalMattersReport.objects.create(cadre=leader, year=2025, submitted_on=dt.date(2026, 1, 20))
    client.force_login(request.getfixturevalue(persona))
    urls = [reverse(name) for name in SUPERVISION_PAGES] + [
        reverse("cadres:talk_add", args=[leader.pk]), reverse("cadres:report_add", args=[leader.pk]),
        reverse("cadres:talk_follow_up", args=[talk.pk]), reverse("cadres:report_spot_check", args=[saved.pk])]
    assert {url: client.get(url).status_code for url in urls} == {url: 404 for url in urls}
    assert client.post(reverse("cadres:talk_follow_up", args=[talk.pk]), {"follow_up": "x"}).status_code == 404
    page = client.get(reverse("cadres:detail", args=[leader.pk]), {"tab": "supervision"}).content.decode()
    assert "谈话与报告" not in page and "履职不力诫勉" not in page and "个人有关事项" not in page
    talk.refresh_from_db()
    assert talk.follow_up == ""


def test_the_history_tab_lists_supervision_events_only_with_the_capability(
        client, department_admin, township_operator, leader):
    with on(dt.date(2026, 2, 10)):
        supervision.record_talk(department_admin, leader, **(TALK | {"subject": "履职不力诫勉"}))
    client.force_login(township_operator)
    page = client.get(reverse("cadres:detail", args=[leader.pk]), {"tab": "history"}).content.decode()
    assert "履职不力诫勉" not in page and "谈心谈话" not in page
    client.force_login(department_admin)
    page = client.get(reverse("cadres:detail", args=[leader.pk]), {"tab": "history"}).content.decode()
    assert "履职不力诫勉" in page


def test_the_tab_shows_talks_reports_and_what_is_owed(client, department_admin, leader):
    Talk.objects.create(cadre=leader, kind=Talk.Kind.REMINDER, held_on=dt.date(2026, 1, 5), held_by="部长",
                        subject="苗头性问题提醒", follow_up="已整改")
    PersonalMattersReport.objects.create(cadre=leader, year=2025, submitted_on=dt.date(2026, 1, 20),
                                         items=supervision.normalized_items([{"item": "housing", "declared": True}]))
    client.force_login(department_admin)
    with on(dt.date(2026, 3, 1)):
        page = client.get(reverse("cadres:detail", args=[leader.pk]), {"tab": "supervision"}).content.decode()
    assert "谈话与报告" in page and "苗头性问题提醒" in page and "已整改" in page
    assert "本人、配偶、共同生活的子女为所有权人或者共有人的房产情况" in page and "已报告" in page
    assert reverse("cadres:talk_add", args=[leader.pk]) in page


def test_the_talk_list_filters_and_exports(client, county, department_admin, leader):
    other = make_cadre(county.other_township, "李明")
    Talk.objects.create(cadre=leader, kind=Talk.Kind.REMINDER, held_on=dt.date(2025, 6, 1), held_by="部长",
                        subject="提醒一")
    Talk.objects.create(cadre=leader, kind=Talk.Kind.HEART_TO_HEART, held_on=dt.date(2026, 1, 5), held_by="部长",
                        subject="谈心一")
    Talk.objects.create(cadre=other, kind=Talk.Kind.HEART_TO_HEART, held_on=dt.date(2026, 2, 5), held_by="部长",
                        subject="谈心二")
    client.force_login(department_admin)

    def subjects(**query):
        page = client.get(reverse("cadres:talks"), query).content.decode()
        return [s for s in ("提醒一", "谈心一", "谈心二") if s in page]

    assert subjects() == ["提醒一", "谈心一", "谈心二"]
    assert subjects(kind="heart_to_heart") == ["谈心一", "谈心二"]
    assert subjects(year="2025") == ["提醒一"]
    assert subjects(organization=county.township.pk) == ["提醒一", "谈心一"]
    response = client.get(reverse("cadres:talk_export"), {"kind": "heart_to_heart"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert [(r[0], r[1], r[3], r[5]) for r in rows] == [("2026-02-05", "李明", "谈心谈话", "谈心二"),
                                                        ("2026-01-05", "张建国", "谈心谈话", "谈心一")]


def test_the_reports_page_counts_and_exports(client, county, department_admin, leader):
    late = make_cadre(county.township, "李明")
    checked = make_cadre(county.other_township, "王芳")
    make_cadre(county.township, "科员", rank="staff", leading=False)
    PersonalMattersReport.objects.create(cadre=leader, year=2025, submitted_on=dt.date(2026, 1, 20))
    PersonalMattersReport.objects.create(cadre=checked, year=2025, submitted_on=dt.date(2026, 1, 10),
                                         spot_check=SpotCheck.CONSISTENT, spot_checked_on=dt.date(2026, 2, 1))
    client.force_login(department_admin)
    with on(dt.date(2026, 3, 1)):
        sheet = supervision.report_sheet(department_admin, 2025)
        page = client.get(reverse("cadres:reports"), {"year": "2025"}).content.decode()
        export = client.get(reverse("cadres:report_export"), {"year": "2025"})
    assert sheet.figures == {"required": 3, "reported": 2, "pending": 0, "overdue": 1, "spot_checked": 1,
                             "reported_share": 66.7, "spot_checked_share": 50.0}
    assert "2025年度领导干部个人有关事项报告" in page and "逾期未报告" in page and "66.7%" in page
    assert reverse("cadres:report_add", args=[late.pk]) + "?year=2025" in page
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[6]) for r in rows if r[0] in ("张建国", "李明", "王芳")] == [
        ("张建国", "已报告"), ("李明", "逾期未报告"), ("王芳", "已报告")]
    assert any("应报告3人，已报告2人，逾期未报告1人，抽查核实1人" in str(r[0]) for r in rows)


def test_a_refused_report_shows_its_reason_on_the_field(client, department_admin, leader):
    client.force_login(department_admin)
    url = reverse("cadres:report_add", args=[leader.pk])
    with on(dt.date(2026, 3, 1)):
        assert 'value="2025"' in client.get(url).content.decode()  # the year still owed
        page = client.post(url, {"year": "2025", "submitted_on": "2025-12-20", "declared_marriage": "on"})
    assert page.status_code == 200
    assert "报告日期：2025-12-20 早于2025年度结束" in page.content.decode()
    assert not PersonalMattersReport.objects.exists()


# --- Demo ----------------------------------------------------------------------------------------------------------

def test_the_demo_step_runs_after_the_cadres_step():
    from zugong.cadres.demo import add_cadres
    from zugong.organizations import demo

    assert demo.STEPS.index(add_cadres) < demo.STEPS.index(supervision.add_supervision)
    assert demo.RESET_MODELS.index(Talk) < demo.RESET_MODELS.index(Cadre)


def test_the_demo_county_has_talks_reports_and_a_few_findings(db):
    from zugong.cadres.demo import add_cadres
    from zugong.organizations import demo

    today = dt.date(2026, 3, 1)
    ctx = demo.DemoContext(rng=random.Random(3), today=today, scale="county")
    demo.build_tree(ctx)
    demo.create_demo_users(ctx)
    add_cadres(ctx)
    started = time.perf_counter()
    supervision.add_supervision(ctx)
    elapsed = time.perf_counter() - started
    assert elapsed < 4, f"演示数据（干部监督）用时 {elapsed:.1f} 秒"
    talks = Talk.objects.all()
    assert 110 <= talks.count() <= 130 and talks.filter(held_on__gt=today).count() == 0
    assert talks.filter(held_on__lt=today - dt.timedelta(days=730)).count() == 0
    assert talks.filter(kind=Talk.Kind.HEART_TO_HEART).count() > talks.count() // 2
    duties = supervision.obligations(Cadre.objects.all(), 2025, today)
    reported = PersonalMattersReport.objects.filter(year=2025)
    assert 0.9 < reported.count() / len(duties) < 1
    assert 0.05 < reported.exclude(spot_check=SpotCheck.NOT_CHECKED).count() / reported.count() < 0.15
    assert reported.filter(spot_check=SpotCheck.MINOR_OMISSION).count() == 2
    assert all(r.submitted_on > dt.date(2025, 12, 31) or r.cadre.tenures.filter(started_on__year=2025).exists()
               for r in reported)
    run_checks(today=today, codes=supervision.CHECK_CODES)
    assert Finding.objects.filter(check_code=MISSING).count() >= len(duties) - reported.count()
    assert Finding.objects.filter(check_code=CONCEALED).count() == 1
