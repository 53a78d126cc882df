"""Decisions that race and pages submitted twice in cadres (并发与重复提交), run for real on PostgreSQL: a post given
twice at once, a tenure ended twice, the 优秀 quota under parallel saves, the reserve pool, postings, training
records, classes and rosters, talks and reports. Exactly one wins; the others are told why and change nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tests.concurrency import at_once, failures, needs_postgres
from tests.same_page import outcome, post_at_once
from zugong.cadres import mobility, reserve, services, supervision, training
from zugong.cadres.codes import Grade
from zugong.cadres.models import (
    AnnualAssessment,
    Mobility,
    PersonalMattersReport,
    Position,
    ReserveEntry,
    Talk,
    Tenure,
    TrainingClass,
    TrainingRecord,
)
from zugong.cadres.tests.test_cadres import a_form, id_for
from zugong.cadres.tests.test_training import make_cadre
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.core.submissions import ALREADY_SUBMITTED

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, tzinfo=dt.UTC), tick=False):
        yield


def _messages(results) -> list[str]:
    errors = failures(results)
    assert all(isinstance(e, DomainError) for e in errors), errors
    return sorted(e.message for e in errors)


@pytest.fixture
def cadre(county):
    return make_cadre(county.township, rank=None)


@pytest.fixture
def head_post(county):
    return Position.objects.create(organization=county.township, title="东风镇镇长", rank="section_head", grassroots=True)


def test_one_post_given_three_times_at_once_leaves_one_open_tenure(cadre, head_post, department_admin):
    results = at_once(*[lambda: services.appoint(department_admin, cadre, head_post, dt.date(2026, 9, 1))] * 3)
    assert _messages(results) == ["张建国已在任「东风镇镇长」"] * 2
    assert Tenure.objects.filter(cadre=cadre, position=head_post, ended_on__isnull=True).count() == 1


def test_a_tenure_ended_twice_at_once_is_ended_once(cadre, head_post, department_admin):
    tenure = services.appoint(department_admin, cadre, head_post, dt.date(2020, 9, 1))
    results = at_once(*[lambda day=day, doc=doc: services.end_tenure(department_admin, Tenure.objects.get(pk=tenure.pk),
                                                                      day, doc)
                        for day, doc in ((dt.date(2026, 9, 1), "县委〔2026〕1号"), (dt.date(2026, 10, 1), "县委〔2026〕2号"))])
    [refusal] = _messages(results)
    winner = next(r for r in results if isinstance(r, Tenure))
    assert refusal == f"张建国已于{winner.ended_on:%Y-%m-%d}免去「东风镇镇长」，未重复办理"
    tenure.refresh_from_db()
    assert (tenure.ended_on, tenure.document) == (winner.ended_on, winner.document)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(tenure.pk)).count() == 1


def test_the_excellent_quota_holds_when_four_are_graded_at_once(county, department_admin):
    cadres = [services.save_form(department_admin, a_form(name=f"干部{n}", id_number=id_for(dt.date(1978, 3, 15), n)),
                                 county.agency_branch) for n in range(1, 10)]  # nine serving cadres: one 优秀
    assert services.excellent_quota(county.agency_branch) == 1
    results = at_once(*[lambda c=c: services.record_assessment(department_admin, c, 2025, Grade.EXCELLENT)
                        for c in cadres[:4]])
    refusals = _messages(results)
    assert len(refusals) == 3 and all("优秀等次已有1人，达到上限1人" in m for m in refusals)
    assert AnnualAssessment.objects.filter(year=2025, grade=Grade.EXCELLENT).count() == 1


def test_admitted_twice_at_once_to_the_reserve_pool_is_one_entry(young, department_admin, township_operator):
    results = at_once(*[lambda: reserve.admit(department_admin, young, "section_deputy", dt.date(2026, 6, 1))] * 2)
    assert _messages(results) == ["王敏已在后备干部库中"]
    assert ReserveEntry.objects.filter(cadre=young).count() == 1


def test_an_entry_leaving_the_pool_twice_at_once_leaves_once(young, department_admin):
    entry = reserve.admit(department_admin, young, "section_deputy", dt.date(2026, 6, 1))
    results = at_once(*[lambda how=how, day=day, why=why: reserve.leave_pool(
        department_admin, ReserveEntry.objects.get(pk=entry.pk), how, day, why)  # each request loads its own copy
        for how, day, why in (("used", dt.date(2026, 9, 1), "提拔为副镇长"), ("withdrawn", dt.date(2026, 9, 2), "调离"))])
    assert _messages(results) == ["该后备干部记录已出库"]
    entry.refresh_from_db()
    winner = next(r for r in results if isinstance(r, ReserveEntry))
    assert (entry.status, entry.reason) == (winner.status, winner.reason)


def test_one_secondment_recorded_twice_at_once_is_open_once(cadre, department_admin):
    results = at_once(*[lambda: mobility.record_mobility(department_admin, cadre, kind=Mobility.Kind.SECONDMENT,
                                                         started_on=dt.date(2026, 3, 1), destination="市发改委挂职副主任")]
                      * 2)
    [refusal] = _messages(results)
    assert refusal.startswith("张建国已有未结束的挂职（2026-03-01起，市发改委挂职副主任）")
    assert Mobility.objects.filter(cadre=cadre, ended_on__isnull=True).count() == 1


def test_a_posting_ended_twice_at_once_is_ended_once(cadre, department_admin):
    record = mobility.record_mobility(department_admin, cadre, kind=Mobility.Kind.SECONDMENT,
                                      started_on=dt.date(2026, 3, 1), destination="市发改委挂职副主任")
    results = at_once(*[lambda day=day: mobility.end_mobility(department_admin, Mobility.objects.get(pk=record.pk), day)
                        for day in (dt.date(2026, 9, 1), dt.date(2026, 10, 1))])
    [refusal] = _messages(results)
    winner = next(r for r in results if isinstance(r, Mobility))
    assert refusal == f"该挂职已于 {winner.ended_on:%Y-%m-%d} 结束"
    record.refresh_from_db()
    assert record.ended_on == winner.ended_on


def test_a_training_page_sent_twice_at_once_records_once(cadre, department_admin):
    data = {"course": "乡村振兴专题培训", "organizer": "县委党校", "started_on": "2026-03-02", "ended_on": "2026-03-08",
            "hours": "70", "leave_hours": "0", "credits": "7", "mode": "full_time"}
    saved, pages = outcome(post_at_once(department_admin, reverse("cadres:training_new", args=[cadre.pk]), data))
    assert saved == 1 and ALREADY_SUBMITTED in pages[0]
    assert TrainingRecord.objects.count() == 1


def test_a_class_page_sent_twice_at_once_makes_one_class(county, department_admin):
    data = {"name": "2026年全县科级干部培训班", "kind": "section_level", "organizer": "县委组织部、县委党校",
            "organization": county.county.pk, "started_on": "2026-05-11", "ended_on": "2026-05-15", "hours": "40",
            "full_time": "on"}
    saved, pages = outcome(post_at_once(department_admin, reverse("cadres:training_class_new"), data, 3))
    assert saved == 1 and all(ALREADY_SUBMITTED in page for page in pages)
    assert TrainingClass.objects.count() == 1


def test_one_cadre_put_on_a_roster_twice_at_once_is_listed_once(county, cadre, department_admin):
    course = training.create_class(department_admin, name="2026年全县科级干部培训班", kind="section_level",
                                   organizer="县委党校", organization=county.county, started_on=dt.date(2026, 5, 11),
                                   ended_on=dt.date(2026, 5, 15), hours=Decimal(40))
    results = at_once(*[lambda: training.add_to_roster(department_admin, course, [cadre])] * 2)
    assert _messages(results) == ["以下干部已在「2026年全县科级干部培训班」名单中：张建国；未加入任何人"]
    assert course.records.count() == 1


def test_a_roster_line_removed_twice_at_once_is_removed_once(county, cadre, department_admin):
    course = training.create_class(department_admin, name="2026年全县科级干部培训班", kind="section_level",
                                   organizer="县委党校", organization=county.county, started_on=dt.date(2026, 5, 11),
                                   ended_on=dt.date(2026, 5, 15), hours=Decimal(40))
    [line] = training.add_to_roster(department_admin, course, [cadre])
    results = at_once(*[lambda: training.remove_from_roster(department_admin, TrainingRecord.objects.get(pk=line.pk))]
                      * 2)
    assert _messages(results) == ["该培训记录已删除，未重复办理"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_id=str(line.pk)).count() == 1


def test_a_talk_page_sent_twice_at_once_records_one_talk(county, department_admin):
    leader = make_cadre(county.township, rank="section_head")
    data = {"kind": "heart_to_heart", "held_on": "2026-11-10", "held_by": "县委组织部部长", "subject": "年度谈心谈话",
            "follow_up": ""}
    saved, pages = outcome(post_at_once(department_admin, reverse("cadres:talk_add", args=[leader.pk]), data))
    assert saved == 1 and ALREADY_SUBMITTED in pages[0]
    assert Talk.objects.count() == 1


def test_a_years_report_recorded_twice_at_once_is_kept_once(county, department_admin):
    leader = make_cadre(county.township, rank="section_head", since=dt.date(2020, 3, 1))
    results = at_once(*[lambda: supervision.record_report(department_admin, leader, year=2025,
                                                          submitted_on=dt.date(2026, 1, 20), items=())] * 2)
    [refusal] = _messages(results)
    assert refusal.startswith("报告年度：张建国2025年度的个人有关事项报告已登记")
    assert PersonalMattersReport.objects.count() == 1


def test_one_id_number_registered_by_two_pages_at_once_is_one_cadre_and_a_message(county, department_admin,
                                                                                 township_operator):
    from tests.same_page import logged_in, token_of
    from zugong.accounts.capabilities import Role
    from zugong.cadres.models import Cadre

    township_operator.role_assignments.create(role=Role.DEPARTMENT_ADMIN, organization=county.township)
    url = reverse("cadres:new")
    fields = {"name": "刘洋", "gender": "男", "birth": "1988-04", "ethnicity": "01", "organization": county.township.pk,
              "id_number": id_for(dt.date(1988, 4, 9), 61)}
    people = [(user, token_of(logged_in(user).get(url).content.decode())) for user in (department_admin,
                                                                                         township_operator)]
    saved, pages = outcome(at_once(*[lambda u=u, t=t: logged_in(u).post(url, {**fields, "submission_token": t})
                                     for u, t in people]))
    assert saved == 1 and Cadre.objects.count() == 1
    assert any(message in pages[0] for message in (f"身份证号 {fields['id_number']} 已登记为另一名干部",
                                                   "该身份证号刚刚已登记为另一名干部，本次未保存；请刷新后查看"))


def test_one_form_saved_twice_at_once_keeps_one_whole_resume(county, department_admin):
    from zugong.cadres.models import Cadre
    from zugong.cadres.record import ResumeLine

    cadre = services.save_form(department_admin, a_form(), county.township)
    resumes = [[ResumeLine(dt.date(1996, 9, 1), dt.date(2000, 7, 1), f"山西大学{n}系学习"),
                ResumeLine(dt.date(2000, 7, 1), None, f"东风镇{n}办公室科员")] for n in ("中文", "历史")]
    results = at_once(*[lambda r=r: services.save_form(department_admin, a_form(resume=r), county.township,
                                                       Cadre.objects.get(pk=cadre.pk)) for r in resumes])
    assert not failures(results)
    kept = [line.text for line in cadre.resume.order_by("number")]
    assert kept in ([line.text for line in r] for r in resumes)  # one whole resume, not a mix or an error
