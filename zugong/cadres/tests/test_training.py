"""Cadres' training: recording a training with its refusals (the 1/7 leave rule at its boundary), the hours
required by level and period (89.5 / 90 hours, the cycle's turn from 2027 to 2028) following policy changes, the
checks, classes with rosters (all or nothing), the training page seen in each persona's scope, the demo."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db.models import Count
from django.urls import reverse

from tests.same_page import once
from zugong.cadres import training
from zugong.cadres.models import Cadre, Position, Tenure, TrainingClass, TrainingRecord
from zugong.core.access import DomainError
from zugong.core.checks import run_checks
from zugong.core.models import AuditEvent, Finding
from zugong.core.policy import set_policy_value

pytestmark = pytest.mark.django_db
D = Decimal


def make_cadre(org, name="张建国", rank="section_deputy", since=dt.date(2020, 1, 1), leading=True,
               birth=dt.date(1985, 5, 1)) -> Cadre:
    """A cadre of ``org``; with a rank, holding a post of that rank since ``since`` (no rank: no post at all)."""
    cadre = Cadre.objects.create(name=name, gender="男", birth=birth, organization=org)
    if rank:
        position = Position.objects.create(organization=org, title=f"{org.name.removesuffix('党委')}{name}的职位",
                                           rank=rank, is_leading=leading)
        Tenure.objects.create(cadre=cadre, position=position, started_on=since)
    return cadre


def attended(cadre, hours, ended_on, leave=0, started_on=None, mode=TrainingRecord.Mode.FULL_TIME) -> TrainingRecord:
    return TrainingRecord.objects.create(cadre=cadre, course="县委党校专题班", organizer="县委党校", hours=D(hours),
                                         leave_hours=D(leave), started_on=started_on or ended_on, ended_on=ended_on,
                                         mode=mode)


def record(actor, cadre, **changes) -> TrainingRecord:
    values = dict(course="乡村振兴专题培训", organizer="县委党校", started_on=dt.date(2026, 3, 2),
                  ended_on=dt.date(2026, 3, 8), hours=D(70), leave_hours=D(0), credits=D(7),
                  mode=TrainingRecord.Mode.FULL_TIME) | changes
    return training.record_training(actor, cadre, **values)


def records_state():
    return list(TrainingRecord.objects.order_by("pk").values_list("pk", "hours", "leave_hours", "ended_on"))


# --- recording a training --------------------------------------------------------------------------------------


def test_a_training_is_recorded_and_audited_on_the_cadre(county, department_admin):
    cadre = make_cadre(county.township)
    saved = record(department_admin, cadre, leave_hours=D(10))
    assert (saved.hours, saved.leave_hours, saved.credits, saved.training_class) == (D(70), D(10), D(7), None)
    event = AuditEvent.objects.get(object_id=str(saved.pk), action=AuditEvent.Action.CREATE)
    assert event.subject_id == str(cadre.pk) and event.message == "登记培训：乡村振兴专题培训"
    assert event.changes["学时"] == [None, "70.0"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"ended_on": dt.date(2026, 3, 1)}, "ended_on", "结束日期 2026-03-01 早于开始日期 2026-03-02"),
    ({"hours": D(0)}, "hours", "学时应大于0，填写为0.0"),
    ({"hours": D("-4")}, "hours", "学时应大于0，填写为-4.0"),
    ({"leave_hours": D("10.1")}, "leave_hours",
     "请假学时超过总学时的1/7：总学时70.0，脱产培训最多可请假10.0学时，填写为10.1学时（依据：《干部教育培训工作条例》（2023）"
     "第十四条：脱产培训期间请假累计不超过总学时的1/7）"),
    ({"leave_hours": D(71), "mode": TrainingRecord.Mode.ONLINE}, "leave_hours", "请假学时71.0超过总学时70.0"),
    ({"leave_hours": D(-1)}, "leave_hours", "请假学时不能为负数"),
    ({"course": "  "}, "course", "培训内容不能为空"),
    ({"credits": D(-1)}, "credits", "学分不能为负数"),
])
def test_a_bad_training_is_refused_and_nothing_is_saved(county, department_admin, changes, field, message):
    cadre = make_cadre(county.township)
    attended(cadre, 20, dt.date(2026, 1, 10))
    before, events = records_state(), AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        record(department_admin, cadre, **changes)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert records_state() == before and AuditEvent.objects.count() == events


def test_leave_of_exactly_a_seventh_is_allowed_and_only_full_time_training_is_limited(county, department_admin):
    cadre = make_cadre(county.township)
    assert record(department_admin, cadre, leave_hours=D(10)).leave_hours == D(10)  # 70 / 7
    assert record(department_admin, cadre, hours=D(90), leave_hours=D("12.8")).leave_hours == D("12.8")  # 12.857…
    with pytest.raises(DomainError, match="最多可请假12.8学时，填写为12.9学时"):
        record(department_admin, cadre, hours=D(90), leave_hours=D("12.9"))
    online = record(department_admin, cadre, leave_hours=D(30), mode=TrainingRecord.Mode.ONLINE)
    assert online.leave_hours == D(30)


def test_the_leave_share_follows_its_policy(county, department_admin):
    cadre = make_cadre(county.township)
    set_policy_value(department_admin, "cadres.training_leave_share_denominator", "5")
    assert record(department_admin, cadre, leave_hours=D(14)).leave_hours == D(14)
    with pytest.raises(DomainError, match=r"请假学时超过总学时的1/5：总学时70.0，脱产培训最多可请假14.0学时"):
        record(department_admin, cadre, leave_hours=D("14.1"))


def test_only_a_department_admin_records_or_deletes_training(county, department_admin, township_operator):
    cadre = make_cadre(county.township)
    kept = attended(cadre, 20, dt.date(2026, 1, 10))
    with pytest.raises(DomainError, match="您无权管理干部「张建国」的培训记录"):
        record(township_operator, cadre)
    with pytest.raises(DomainError, match="您无权管理干部「张建国」的培训记录"):
        training.delete_training(township_operator, kept)
    assert records_state() == [(kept.pk, D(20), D(0), dt.date(2026, 1, 10))]


def test_a_deleted_record_is_gone_and_its_values_stay_in_the_history(county, department_admin):
    cadre = make_cadre(county.township)
    gone = record(department_admin, cadre)
    pk = gone.pk
    training.delete_training(department_admin, gone)
    assert not TrainingRecord.objects.exists()
    event = AuditEvent.objects.get(object_id=str(pk), action=AuditEvent.Action.DELETE)
    assert event.subject_id == str(cadre.pk) and event.changes["培训内容"] == ["乡村振兴专题培训", None]


# --- what a level must reach -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "short"), [("89.5", True), ("90", False)])
def test_section_level_needs_ninety_hours_a_year(county, hours, short):
    cadre = make_cadre(county.township, rank="section_head")
    attended(cadre, 60, dt.date(2026, 4, 30))
    attended(cadre, D(hours) - 60 + 5, dt.date(2026, 10, 20), leave=5)  # leave hours are not counted
    attended(cadre, 50, dt.date(2025, 12, 31))  # last year
    status = training.training_status(cadre, dt.date(2026, 12, 31))
    assert (status.level, status.period_label, status.required, status.done) == ("section", "2026年度", D(90), D(hours))
    assert status.is_short is short and status.short == (D("0.5") if short else D(0))


def test_hours_count_in_the_year_the_training_ended(county):
    cadre = make_cadre(county.township, rank=None)  # no post: staff, the section-level requirement
    attended(cadre, 40, dt.date(2026, 1, 5), started_on=dt.date(2025, 12, 20))
    assert training.training_status(cadre, dt.date(2025, 12, 31)).done == D(0)
    assert training.training_status(cadre, dt.date(2026, 6, 1)).done == D(40)


def test_the_yearly_hours_follow_their_policy(county, department_admin):
    cadre = make_cadre(county.township)
    attended(cadre, 95, dt.date(2026, 5, 1))
    assert not training.training_status(cadre, dt.date(2026, 12, 31)).is_short
    set_policy_value(department_admin, "cadres.training_section_hours_per_year", "100")
    status = training.training_status(cadre, dt.date(2026, 12, 31))
    assert (status.required, status.short, status.rule) == (D(100), D(5), "乡科级及以下干部每年不少于100.0学时")


def test_county_level_counts_the_five_year_cycle_and_turns_over_in_2028(county):
    cadre = make_cadre(county.county, rank="county_deputy")
    for year, hours in ((2022, 300), (2023, 100), (2025, 120), (2027, 330), (2028, 60)):
        attended(cadre, hours, dt.date(year, 6, 30))
    in_2027 = training.training_status(cadre, dt.date(2027, 12, 31))
    assert (in_2027.level, in_2027.period_label, in_2027.required, in_2027.done) == (
        "county", "2023—2027年周期", D(550), D(550))
    assert not in_2027.is_short
    in_2028 = training.training_status(cadre, dt.date(2028, 1, 1))
    assert (in_2028.period_label, in_2028.done, in_2028.short) == ("2028—2032年周期", D(60), D(490))


def test_the_cycle_follows_its_policies(county, department_admin):
    cadre = make_cadre(county.county, rank="county_head")
    attended(cadre, 200, dt.date(2024, 6, 30))
    attended(cadre, 200, dt.date(2026, 6, 30))
    set_policy_value(department_admin, "cadres.training_county_cycle_years", "3")
    set_policy_value(department_admin, "cadres.training_county_hours_per_cycle", "400")
    status = training.training_status(cadre, dt.date(2026, 7, 1))
    assert (status.period_label, status.required, status.done, status.is_short) == ("2026—2028年周期", D(400), D(200), True)
    set_policy_value(department_admin, "cadres.training_cycle_start_year", "2024")
    assert training.training_status(cadre, dt.date(2026, 7, 1)).period_label == "2024—2026年周期"
    assert not training.training_status(cadre, dt.date(2026, 7, 1)).is_short


def test_the_level_is_the_rank_held_on_the_day(county):
    cadre = make_cadre(county.county, rank="section_head", since=dt.date(2015, 1, 1))
    promoted = Position.objects.create(organization=county.county, title="副县长", rank="county_deputy")
    Tenure.objects.create(cadre=cadre, position=promoted, started_on=dt.date(2026, 3, 1))
    assert training.training_status(cadre, dt.date(2026, 2, 28)).level == "section"
    assert training.training_status(cadre, dt.date(2026, 3, 1)).level == "county"


# --- checks ----------------------------------------------------------------------------------------------------


def findings(code):
    return list(Finding.objects.filter(check_code=code).order_by("title"))


@pytest.mark.parametrize(("hours", "found"), [("89.5", True), ("90", False)])
def test_section_level_short_last_year_is_a_problem(county, hours, found):
    cadre = make_cadre(county.township)
    attended(cadre, hours, dt.date(2025, 11, 30))
    make_cadre(county.county, name="李县长", rank="county_deputy")  # county level: not this check's
    run_checks(today=dt.date(2026, 3, 1), codes=["cadres.training_short_last_year"])
    found_now = findings("cadres.training_short_last_year")
    assert bool(found_now) is found
    if found:
        finding = found_now[0]
        assert finding.severity == Finding.Severity.PROBLEM and finding.subject_id == str(cadre.pk)
        assert finding.title == "张建国2025年度培训89.5学时，少于90.0学时"
        assert finding.detail.startswith("乡科级及以下干部每年不少于90.0学时，差0.5学时")
        assert "依据：《干部教育培训工作条例》（2023）第十四条" in finding.detail
        assert finding.url == f"/cadres/{cadre.pk}/?tab=training"


def test_the_short_check_follows_the_yearly_hours_policy(county, department_admin):
    cadre = make_cadre(county.township)
    attended(cadre, 95, dt.date(2025, 11, 30))
    run_checks(today=dt.date(2026, 3, 1), codes=["cadres.training_short_last_year"])
    assert not findings("cadres.training_short_last_year")
    set_policy_value(department_admin, "cadres.training_section_hours_per_year", "100")
    run_checks(today=dt.date(2026, 3, 1), codes=["cadres.training_short_last_year"])
    assert [f.subject_id for f in findings("cadres.training_short_last_year")] == [str(cadre.pk)]


@pytest.mark.parametrize(("today", "hours", "severity", "title"), [
    (dt.date(2027, 6, 1), "439.5", "warning", "李县长2023—2027年培训周期已计439.5学时，低于已过4年应有的440.0学时"),
    (dt.date(2027, 6, 1), "440", None, None),
    (dt.date(2028, 6, 1), "549.5", "problem", "李县长2023—2027年培训周期共549.5学时，未达到550.0学时"),
    (dt.date(2028, 6, 1), "550", None, None),
    (dt.date(2023, 6, 1), "0", None, None),  # the first cycle's first year: nothing to check yet
])
def test_county_level_behind_the_cycle_pace(county, today, hours, severity, title):
    cadre = make_cadre(county.county, name="李县长", rank="county_deputy")
    if D(hours):
        attended(cadre, hours, dt.date(2024, 6, 30))
    make_cadre(county.township)  # section level: not this check's
    run_checks(today=today, codes=["cadres.training_behind_cycle"])
    found = findings("cadres.training_behind_cycle")
    assert [(f.severity, f.title) for f in found] == ([(severity, title)] if severity else [])
    if found:
        assert "依据：《干部教育培训工作条例》（2023）第十四条" in found[0].detail
        assert found[0].url == f"/cadres/{cadre.pk}/?tab=training"


def test_a_new_record_refreshes_the_findings(county, department_admin, django_capture_on_commit_callbacks):
    cadre = make_cadre(county.township)
    last_year = dt.date.today().year - 1
    attended(cadre, 50, dt.date(last_year, 6, 1))
    run_checks(codes=["cadres.training_short_last_year"])
    assert findings("cadres.training_short_last_year")
    with django_capture_on_commit_callbacks(execute=True):
        record(department_admin, cadre, started_on=dt.date(last_year, 9, 1), ended_on=dt.date(last_year, 9, 7))
    assert not findings("cadres.training_short_last_year")


# --- classes and rosters ---------------------------------------------------------------------------------------


def a_class(actor, organization, **changes) -> TrainingClass:
    values = dict(name="2026年全县科级干部培训班", kind=TrainingClass.Kind.SECTION_LEVEL, organizer="县委组织部、县委党校",
                  organization=organization, started_on=dt.date(2026, 5, 11), ended_on=dt.date(2026, 5, 15),
                  hours=D(40), full_time=True) | changes
    return training.create_class(actor, **values)


@pytest.mark.parametrize(("changes", "message"), [
    ({"ended_on": dt.date(2026, 5, 10)}, "结业日期 2026-05-10 早于开班日期 2026-05-11"),
    ({"hours": D(0)}, "学时应大于0，填写为0.0"),
    ({"name": ""}, "班次名称不能为空"),
])
def test_a_bad_class_is_refused(county, department_admin, changes, message):
    with pytest.raises(DomainError, match=message):
        a_class(department_admin, county.county, **changes)
    assert not TrainingClass.objects.exists()


def test_a_class_needs_the_change_capability_on_its_organization(county, township_operator):
    with pytest.raises(DomainError, match="您无权以「东风镇党委」名义举办培训班"):
        a_class(township_operator, county.township)


def test_a_roster_gives_each_cadre_the_class_record_all_or_nothing(county, department_admin):
    course = a_class(department_admin, county.county)
    first, second, third = (make_cadre(county.township, name=n) for n in ("张一", "李二", "王三"))
    added = training.add_to_roster(department_admin, course, [first, second])
    assert [(r.cadre, r.course, r.hours, r.started_on, r.ended_on, r.mode) for r in added] == [
        (c, "2026年全县科级干部培训班", D(40), dt.date(2026, 5, 11), dt.date(2026, 5, 15), "full_time")
        for c in (first, second)]
    assert AuditEvent.objects.filter(message="列入「2026年全县科级干部培训班」名单").count() == 2
    before = records_state()
    with pytest.raises(DomainError) as refused:
        training.add_to_roster(department_admin, course, [third, second, first])
    assert refused.value.message == "以下干部已在「2026年全县科级干部培训班」名单中：李二、张一；未加入任何人"
    assert refused.value.field == "cadres" and records_state() == before
    training.remove_from_roster(department_admin, added[0])
    assert list(course.records.values_list("cadre__name", flat=True)) == ["李二"]
    assert training.training_status(first, dt.date(2026, 12, 31)).done == D(0)
    assert training.training_status(second, dt.date(2026, 12, 31)).done == D(40)


def test_a_roster_refuses_an_empty_choice_and_cadres_who_left(county, department_admin):
    course = a_class(department_admin, county.county, full_time=False)
    left = make_cadre(county.township, name="赵离")
    left.status = Cadre.Status.LEFT
    left.save()
    with pytest.raises(DomainError, match="请至少选择一名干部"):
        training.add_to_roster(department_admin, course, [])
    with pytest.raises(DomainError, match="以下干部不是在职干部：赵离；未加入任何人"):
        training.add_to_roster(department_admin, course, [left])
    cadre = make_cadre(county.township, name="钱在职")
    assert training.add_to_roster(department_admin, course, [cadre])[0].mode == TrainingRecord.Mode.PART_TIME


# --- pages -----------------------------------------------------------------------------------------------------


def test_the_training_page_shows_only_the_cadres_in_scope(client, county, department_admin, township_operator, outsider,
                                                          branch_secretary):
    year = dt.date.today().year
    mine = make_cadre(county.township, name="东风干部")
    attended(mine, 30, dt.date(year, 1, 1))
    theirs = make_cadre(county.other_township, name="南山干部")
    attended(theirs, 95, dt.date(year, 1, 1))
    make_cadre(county.agency_branch, name="财政干部")
    url = reverse("cadres:training_overview")
    client.force_login(township_operator)
    rows = client.get(url).context["page"].object_list
    assert [r.cadre.name for r in rows] == ["东风干部"]
    assert (rows[0].status.done, rows[0].status.short) == (D(30), D(60))
    client.force_login(outsider)
    assert [r.cadre.name for r in client.get(url).context["page"].object_list] == ["南山干部"]
    client.force_login(branch_secretary)
    assert client.get(url).status_code == 404
    client.force_login(department_admin)
    response = client.get(url, {"short_only": "on", "sort": "short"})
    assert [r.cadre.name for r in response.context["page"].object_list] == ["财政干部", "东风干部"]
    assert response.context["figures"] == {"total": 3, "short": 2, "section_total": 3, "county_total": 0,
                                           "section_short": 2, "county_short": 0}  # counted before "only short"
    page = response.content.decode()
    assert "60.0" in page and "90.0" in page and "南山干部" not in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("cadres:training_export"),
                                                         {"short_only": "on", "sort": "short"}).content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, max_row=3, values_only=True)] == ["财政干部", "东风干部"]
    assert sheet.cell(3, 8).value == 30 and sheet.cell(3, 10).value == "未达标"


def test_the_cadre_tab_shows_records_and_status_and_links_only_for_changers(client, county, department_admin,
                                                                          township_operator):
    cadre = make_cadre(county.township)
    attended(cadre, 70, dt.date(dt.date.today().year, 1, 2), leave=10)
    client.force_login(department_admin)
    page = client.get(reverse("cadres:detail", args=[cadre.pk]), {"tab": "training"}).content.decode()
    assert "县委党校专题班" in page and "尚差 30.0 学时" in page and "登记培训" in page and "交流挂职" in page
    client.force_login(township_operator)
    page = client.get(reverse("cadres:detail", args=[cadre.pk]), {"tab": "training"}).content.decode()
    assert "尚差 30.0 学时" in page and 'data-testid="training-new"' not in page


def test_recording_through_the_page_shows_the_refusal_on_its_field(client, county, department_admin):
    cadre = make_cadre(county.township)
    client.force_login(department_admin)
    url = reverse("cadres:training_new", args=[cadre.pk])
    data = {"course": "党纪学习教育专题班", "organizer": "县委党校", "mode": "full_time", "started_on": "2026-03-02",
            "ended_on": "2026-03-06", "hours": "40", "leave_hours": "6", "credits": "4"}
    response = client.post(url, once(data))
    assert response.status_code == 200
    assert response.context["form"].errors["leave_hours"][0].startswith("请假学时超过总学时的1/7")
    assert not TrainingRecord.objects.exists()
    response = client.post(url, once(data | {"leave_hours": "5"}))
    assert response.status_code == 302 and response["Location"] == f"/cadres/{cadre.pk}/?tab=training"


def test_the_class_pages_add_many_at_once_and_name_who_is_already_listed(client, county, department_admin):
    course = a_class(department_admin, county.county)
    first, second = make_cadre(county.township, name="张一"), make_cadre(county.village, name="李二")
    client.force_login(department_admin)
    add = reverse("cadres:training_roster_add", args=[course.pk])
    assert client.post(add, {"cadres": [first.pk]}).status_code == 302
    response = client.post(add, {"cadres": [first.pk, second.pk]})
    assert response.context["form"].errors["cadres"] == ["以下干部已在「2026年全县科级干部培训班」名单中：张一；未加入任何人"]
    assert course.records.count() == 1
    listed = client.get(reverse("cadres:training_classes")).context["page"].object_list
    assert [(c.name, c.roster_count) for c in listed] == [("2026年全县科级干部培训班", 1)]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("cadres:training_roster_export", args=[course.pk])).content)).active
    assert [row[:2] for row in sheet.iter_rows(min_row=1, max_row=2, values_only=True)] == [("序号", "姓名"), (1, "张一")]


def test_a_class_of_the_county_is_not_seen_from_a_township(client, county, department_admin, township_operator):
    course = a_class(department_admin, county.county)
    own = a_class(department_admin, county.township, name="东风镇年轻干部培训班")
    client.force_login(township_operator)
    assert [c.name for c in client.get(reverse("cadres:training_classes")).context["page"].object_list] == [own.name]
    assert client.get(reverse("cadres:training_class", args=[course.pk])).status_code == 404


# --- the demo ----------------------------------------------------------------------------------------------------


def test_the_demo_trains_the_county_and_exchanges_a_third_of_township_leaders(db):
    """Seed 000's shape: classes of about 60 and 40, 36 sent up, about 8% short last year, a few county-level
    cadres behind, about 36% of township leaders exchanged this year."""
    import random

    from django.utils import timezone

    from zugong.cadres import mobility
    from zugong.cadres.demo import add_cadres
    from zugong.organizations import demo

    assert demo.STEPS.index(mobility.add_training_and_mobility) > demo.STEPS.index(add_cadres)
    today = timezone.localdate()
    ctx = demo.DemoContext(rng=random.Random(1), today=today, scale="county")
    demo.build_tree(ctx)
    demo.create_demo_users(ctx)
    add_cadres(ctx)
    mobility.add_training_and_mobility(ctx)
    sizes = dict(TrainingClass.objects.values_list("kind").annotate(n=Count("records")))
    assert sizes == {"section_level": 60, "young": 40, "higher_level": 36}
    run_checks(today=today, codes=[*training.CHECK_CODES, "cadres.too_long_in_post"])
    serving = Cadre.objects.serving()
    section = [r for r in training.status_rows(serving, dt.date(today.year - 1, 12, 31)) if r.status.level == "section"]
    assert 0.05 < Finding.objects.filter(check_code="cadres.training_short_last_year").count() / len(section) < 0.11
    assert 1 <= Finding.objects.filter(check_code="cadres.training_behind_cycle").count() <= 5
    share = mobility.exchange_share(serving, mobility.TOWNSHIP_LEADERS, dt.date(today.year, 1, 1), today)
    assert D(34) < share.share < D(38)
