"""Assessment rounds: computed criteria from real records, entered scores bounded, grades with share caps and tied
ranks, a frozen round, scope, the catalogue, 软弱涣散 opening a rectification, the township ranking the reserve
pool reads."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.http import Http404

from tests.concurrency import at_once, needs_postgres
from zugong.assessments import catalogue, selectors, services
from zugong.assessments.models import Criterion, Grade, Result, Round, Scheme, Score
from zugong.cadres.models import TownshipRanking
from zugong.core.access import DomainError
from zugong.dues.models import DuesPayment
from zugong.members.models import Member
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations.models import Rectification

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def scheme(code: str = "test", kind: str = "branch", grades=(("优秀", 90, None), ("合格", 60, None), ("差", 0, None))):
    made = Scheme.objects.create(code=code, name="测试方案", target_kind=kind, source="测试")
    Criterion.objects.create(scheme=made, code="work", label="工作实绩", max_points=Decimal(100))
    for label, floor, share in grades:
        Grade.objects.create(scheme=made, label=label, min_total=Decimal(floor), max_share_percent=share)
    return made


def score(round_: Round, organization, code: str) -> Score:
    return Score.objects.select_related("result__round", "criterion").get(
        result__round=round_, result__organization=organization, criterion__code=code)


def fill(actor, round_: Round, points: dict, default: str = "0") -> None:
    """Enter every empty score: ``points[(organization, code)]`` or ``default``."""
    for s in Score.objects.filter(result__round=round_, points__isnull=True).select_related(
            "result__round", "result__organization", "criterion"):
        services.enter_score(actor, s, points.get((s.result.organization, s.criterion.code), default),
                             evidence="现场检查记录")


def results(round_: Round) -> dict[str, tuple]:
    return {r.organization.name: (r.total, r.grade_label, r.rank)
            for r in Result.objects.filter(round=round_).select_related("organization")}


def test_a_village_whose_dues_rate_is_80_percent_gets_8_of_its_10_points(county, department_admin):
    member = create_member(department_admin, **fields(county.village, name="李红", id_number=id_for(dt.date(1970, 1, 1))))
    Member.objects.filter(pk=member.pk).update(dues_from=dt.date(2025, 1, 1))
    for month in range(1, 9):  # January–August paid, September and October not
        DuesPayment.objects.create(member=member, month=dt.date(2025, month, 1), amount=Decimal("1.00"),
                                   due_amount=Decimal("1.00"), paid_on=dt.date(2025, month, 5),
                                   organization=county.village)
    five_good = Scheme.objects.get(code="five_good_village")
    round_ = services.open_round(department_admin, five_good, county.township, year=2025, starts_on=START,
                                 ends_on=dt.date(2025, 10, 31))

    dues = score(round_, county.village, "dues_rate")
    assert (dues.value, dues.points) == (Decimal("80.00"), Decimal("8.0"))
    assert dues.explanation == "应交10人月，已交8人月，收缴率80.00%"
    assert score(round_, county.village2, "dues_rate").points is None  # no member owes dues there: entered by hand
    assert score(round_, county.village, "reports_found").points == Decimal("10.0")
    assert {r.organization for r in round_.results.all()} == {county.village, county.village2}


def test_a_computed_criterion_is_not_typed_over_but_an_unmeasured_one_is_entered(county, department_admin):
    round_ = services.open_round(department_admin, Scheme.objects.get(code="five_good_village"), county.township,
                                 year=2025, starts_on=START, ends_on=END)
    with pytest.raises(DomainError) as refused:
        services.enter_score(department_admin, score(round_, county.village, "reports_found"), "3", evidence="x")
    assert refused.value.message == "「无查实的12380举报」按记录计算（考核期内12380举报经核查属实或部分属实0件），不能手工录入"
    meetings = score(round_, county.village, "branch_meetings")  # branchlife's measure: no members, nothing owed
    assert (meetings.value, meetings.explanation) == (None, "考核期内该党组织没有应召开的三会一课（或考核期尚无完整的月、季度、年度）")
    services.enter_score(department_admin, meetings, "15", evidence="查阅会议记录本：全年支部党员大会3次")
    meetings.refresh_from_db()
    assert (meetings.points, meetings.entered_by) == (Decimal("15.0"), department_admin)
    services.compute_round(department_admin, round_)
    meetings.refresh_from_db()
    assert meetings.points == Decimal("15.0")  # computing again keeps the assessor's entry


@pytest.mark.parametrize(("points", "message"), [
    ("101", "「东风村党支部」「工作实绩」的得分应在0至100分之间，收到101"),
    ("-1", "「东风村党支部」「工作实绩」的得分应在0至100分之间，收到-1"),
    ("九十", "「东风村党支部」「工作实绩」的得分应为数字，收到「九十」"),
    ("90.55", "「东风村党支部」「工作实绩」的得分最多保留一位小数，收到90.55"),
])
def test_an_entered_score_out_of_range_is_refused(county, department_admin, points, message):
    round_ = services.open_round(department_admin, scheme(), county.township, year=2025, starts_on=START, ends_on=END)
    target = score(round_, county.village, "work")
    with pytest.raises(DomainError) as refused:
        services.enter_score(department_admin, target, points, evidence="年度考核材料")
    assert (refused.value.message, refused.value.field) == (message, "points")
    target.refresh_from_db()
    assert target.points is None


def test_an_entered_score_needs_its_evidence(county, department_admin):
    round_ = services.open_round(department_admin, scheme(), county.township, year=2025, starts_on=START, ends_on=END)
    with pytest.raises(DomainError) as refused:
        services.enter_score(department_admin, score(round_, county.village, "work"), "90", evidence="  ")
    assert refused.value.message == "请填写评分依据"
    with pytest.raises(DomainError) as refused:
        services.enter_score(department_admin, score(round_, county.village, "work"), "90", evidence="记录\x00")
    assert refused.value.message == "评分依据不能包含空字符（\\0）"


def test_grades_and_ranks_with_ties_sharing_a_rank(county, department_admin):
    round_ = services.open_round(department_admin, scheme(), county.county, year=2025, starts_on=START, ends_on=END)
    fill(department_admin, round_, {(county.village, "work"): "95", (county.village2, "work"): "95",
                                    (county.other_village, "work"): "70", (county.agency_branch, "work"): "40"})
    services.finalize_round(department_admin, round_)
    assert results(round_) == {"东风村党支部": (Decimal("95.0"), "优秀", 1), "西岭村党支部": (Decimal("95.0"), "优秀", 1),
                               "南山村党支部": (Decimal("70.0"), "合格", 3), "县财政局机关党支部": (Decimal("40.0"), "差", 4)}


def test_a_share_cap_moves_the_rest_down_and_never_splits_a_tie(county, department_admin):
    capped = scheme(grades=(("优秀", 90, 50), ("合格", 60, None), ("差", 0, None)))  # 50 % of 4: two places
    round_ = services.open_round(department_admin, capped, county.county, year=2025, starts_on=START, ends_on=END)
    fill(department_admin, round_, {(county.village, "work"): "98", (county.village2, "work"): "95",
                                    (county.other_village, "work"): "95", (county.agency_branch, "work"): "91"})
    services.finalize_round(department_admin, round_)
    assert results(round_) == {"东风村党支部": (Decimal("98.0"), "优秀", 1), "西岭村党支部": (Decimal("95.0"), "合格", 2),
                               "南山村党支部": (Decimal("95.0"), "合格", 2), "县财政局机关党支部": (Decimal("91.0"), "合格", 4)}


def test_a_round_with_a_score_missing_is_not_finalized(county, department_admin):
    round_ = services.open_round(department_admin, scheme(), county.township, year=2025, starts_on=START, ends_on=END)
    services.enter_score(department_admin, score(round_, county.village, "work"), "80", evidence="考核材料")
    with pytest.raises(DomainError) as refused:
        services.finalize_round(department_admin, round_)
    assert refused.value.message == "以下得分尚未录入，不能定稿：西岭村党支部「工作实绩」"
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN


def test_finalizing_twice_is_refused_and_the_frozen_round_never_changes(county, department_admin):
    member = create_member(department_admin, **fields(county.village, name="李红", id_number=id_for(dt.date(1970, 1, 1))))
    Member.objects.filter(pk=member.pk).update(dues_from=dt.date(2025, 1, 1))
    round_ = services.open_round(department_admin, Scheme.objects.get(code="five_good_village"), county.township,
                                 year=2025, starts_on=START, ends_on=END)
    fill(department_admin, round_, {})
    services.finalize_round(department_admin, round_)
    frozen = score(round_, county.village, "dues_rate")
    assert frozen.points == Decimal("0.0")
    DuesPayment.objects.create(member=member, month=dt.date(2025, 3, 1), amount=Decimal(1), due_amount=Decimal(1),
                               paid_on=dt.date(2025, 3, 5), organization=county.village)  # a later edit

    with pytest.raises(DomainError) as refused:
        services.finalize_round(department_admin, round_)
    assert refused.value.message.startswith(f"「{round_.name}」已于") and refused.value.message.endswith(
        "定稿，考核结果不再更改")
    with pytest.raises(DomainError):
        services.compute_round(department_admin, round_)
    with pytest.raises(DomainError):
        services.enter_score(department_admin, score(round_, county.village, "leadership"), "20", evidence="补录")
    assert score(round_, county.village, "dues_rate").points == Decimal("0.0")
    assert score(round_, county.village, "leadership").points == Decimal("0.0")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_finalizations_at_once_only_one_counts(county, department_admin):
    round_ = services.open_round(department_admin, scheme(), county.township, year=2025, starts_on=START, ends_on=END)
    fill(department_admin, round_, {}, default="80")
    found = at_once(*(lambda: services.finalize_round(department_admin, Round.objects.get(pk=round_.pk))
                      for _ in range(2)))
    refused = [r for r in found if isinstance(r, BaseException)]
    assert len(refused) == 1 and isinstance(refused[0], DomainError)
    assert refused[0].message.endswith("定稿，考核结果不再更改")
    from zugong.core.models import AuditEvent

    assert AuditEvent.objects.filter(message__startswith="考核定稿").count() == 1


def test_another_townships_user_can_neither_run_nor_see_the_round(county, department_admin, outsider,
                                                                  township_operator):
    with pytest.raises(DomainError) as refused:
        services.open_round(outsider, scheme(), county.township, year=2025, starts_on=START, ends_on=END)
    assert refused.value.message == "您无权在「东风镇党委」范围内开展考核"
    round_ = services.open_round(township_operator, Scheme.objects.get(code="test"), county.township, year=2025,
                                 starts_on=START, ends_on=END)
    with pytest.raises(Http404):
        selectors.access_round(outsider, round_.pk)
    with pytest.raises(DomainError):
        services.enter_score(outsider, score(round_, county.village, "work"), "80", evidence="x")
    assert selectors.access_round(township_operator, round_.pk, for_change=True) == round_
    county_round = services.open_round(department_admin, Scheme.objects.get(code="test"), county.county, year=2025,
                                       starts_on=START, ends_on=END)
    seen = selectors.results_visible_to(township_operator, selectors.access_round(township_operator, county_round.pk))
    assert {r.organization for r in seen} == {county.village, county.village2}  # its own villages only


def test_the_catalogue_built_twice_creates_nothing_new(db):
    counts = (Scheme.objects.count(), Criterion.objects.count(), Grade.objects.count())
    assert counts[0] == len(catalogue.CATALOGUE)  # installed by the migration
    assert catalogue.ensure_catalogue() == 0
    assert (Scheme.objects.count(), Criterion.objects.count(), Grade.objects.count()) == counts
    edited = Criterion.objects.get(scheme__code="five_good_village", code="leadership")
    edited.max_points = Decimal(25)
    edited.save()
    Scheme.objects.filter(code="weak_lax").delete()
    assert catalogue.ensure_catalogue() == 1
    assert catalogue.ensure_catalogue() == 0
    assert Criterion.objects.get(scheme__code="five_good_village", code="leadership").max_points == Decimal(25)
    every = {s.code: sum(c.max_points for c in s.criteria.all()) for s in Scheme.objects.exclude(
        code="five_good_village")}
    assert set(every.values()) == {Decimal(100)}  # each shipped scheme is on 100 points


def test_a_weak_and_lax_outcome_opens_a_rectification(county, department_admin):
    round_ = services.open_round(department_admin, Scheme.objects.get(code="weak_lax"), county.township, year=2025,
                                 starts_on=START, ends_on=END)
    fill(department_admin, round_, {(county.village2, "leadership"): "30", (county.village2, "dues_rate"): "15",
                                    (county.village2, "branch_meetings"): "20"})
    services.finalize_round(department_admin, round_)
    weak = Result.objects.get(round=round_, organization=county.village)
    assert (weak.total, weak.grade_label) == (Decimal("35.0"), "软弱涣散")
    opened = Rectification.objects.get(organization=county.village, closed_on__isnull=True)
    assert weak.rectification == opened
    assert opened.reason == f"{round_.name}评定为“软弱涣散”（总分35.0分）"
    assert not Rectification.objects.filter(organization=county.village2).exists()


def test_an_organization_already_under_rectification_keeps_its_hand_entered_one(county, department_admin):
    from zugong.organizations.services import start_rectification

    by_hand = start_rectification(department_admin, county.village, started_on=dt.date(2025, 3, 1), reason="班子瘫痪")
    round_ = services.open_round(department_admin, Scheme.objects.get(code="weak_lax"), county.township, year=2025,
                                 starts_on=START, ends_on=END)
    fill(department_admin, round_, {})
    services.finalize_round(department_admin, round_)
    assert list(Rectification.objects.filter(organization=county.village)) == [by_hand]
    assert Result.objects.get(round=round_, organization=county.village).rectification == by_hand


def test_the_township_ranking_is_written_where_the_reserve_rule_reads_it(county, department_admin):
    from zugong.cadres import reserve
    from zugong.cadres import services as cadres
    from zugong.cadres.models import Position
    from zugong.cadres.tests.test_cadres import a_form

    secretary = cadres.save_form(department_admin, a_form(), county.township)
    post = Position.objects.create(organization=county.township, title="东风镇党委书记", rank="section_head",
                                   grassroots=True)
    cadres.appoint(department_admin, secretary, post, dt.date(2020, 1, 1))
    round_ = services.open_round(department_admin, Scheme.objects.get(code="township_biennial"), county.county,
                                 year=2025, starts_on=dt.date(2024, 1, 1), ends_on=END)
    assert {r.organization for r in round_.results.all()} == {county.township, county.other_township}
    fill(department_admin, round_, {(county.township, "basic_tasks"): "20", (county.other_township, "basic_tasks"): "30"},
         default="5")
    services.finalize_round(department_admin, round_)

    ranking = TownshipRanking.objects.get(township=county.township, year=2025)
    assert (ranking.rank, ranking.of_count, ranking.missed_basic_tasks) == (2, 2, True)
    other = TownshipRanking.objects.get(township=county.other_township, year=2025)
    assert (other.rank, other.missed_basic_tasks) == (1, False)
    rule = {r.rule: r for r in reserve.admission_checks(secretary, "county_deputy", dt.date(2026, 3, 1))}["乡镇考核排名"]
    assert (rule.passed, rule.detail) == (False, "东风镇党委2025年度排名第2（共2个），且未完成基本任务")


def test_a_ranking_a_finalized_round_wrote_is_not_retyped_by_hand_and_the_page_names_the_round(
        client, county, department_admin):
    from django.urls import reverse

    round_ = services.open_round(department_admin, Scheme.objects.get(code="township_biennial"), county.county,
                                 year=2025, starts_on=dt.date(2024, 1, 1), ends_on=END)
    fill(department_admin, round_, {(county.township, "basic_tasks"): "20"}, default="5")
    services.finalize_round(department_admin, round_)
    written = TownshipRanking.objects.get(township=county.township, year=2025)
    client.force_login(department_admin)
    url = reverse("cadres:rankings")
    page = client.post(url, {"township": county.township.pk, "year": "2025", "rank": "2", "of_count": "2"})
    assert f"东风镇党委2025年度的排名由考核「{round_.name}」定稿产生，不能手工登记或修改" in page.content.decode()
    ranking = TownshipRanking.objects.get(township=county.township, year=2025)
    assert (ranking.rank, ranking.missed_basic_tasks) == (written.rank, written.missed_basic_tasks)
    typed = client.post(url, {"township": county.township.pk, "year": "2023", "rank": "1", "of_count": "2"})
    assert typed.status_code == 302 and TownshipRanking.objects.get(township=county.township, year=2023).rank == 1
    sources = dict(re.findall(r"<td>(\d{4})</td><td>东风镇党委</td>.*?data-testid=\"ranking-source\">(.*?)</td>",
                              client.get(url).content.decode()))
    assert round_.name in sources["2025"] and "手工登记" in sources["2023"]


def test_a_round_and_its_results_follow_a_moved_branch(county, department_admin):
    """(tests/test_path_copies.py lists every org_path copy; Round and Result register with follow_moves.)"""
    from zugong.organizations.services import move_organization

    round_ = Round.objects.create(scheme=scheme(), organization=county.village, name="村内考核", year=2025,
                                  starts_on=START, ends_on=END)
    branch_round = services.open_round(department_admin, Scheme.objects.get(code="test"), county.township, year=2025,
                                       starts_on=START, ends_on=END)
    move_organization(department_admin, county.village, county.other_township)
    county.village.refresh_from_db()
    moved = Result.objects.get(round=branch_round, organization=county.village)
    assert moved.org_path == county.village.path
    round_.refresh_from_db()
    assert round_.org_path == county.village.path


def test_a_mobile_branch_is_not_a_village_party_organization(county, department_admin):
    from zugong.organizations.models import Organization
    from zugong.organizations.services import create_organization

    create_organization(department_admin, county.township, name="东风镇流动党支部",
                        kind=Organization.Kind.MOBILE_BRANCH, sector=Organization.Sector.RURAL)
    round_ = services.open_round(department_admin, Scheme.objects.get(code="five_good_village"), county.township,
                                 year=2025, starts_on=START, ends_on=END)
    assert {r.target_label for r in round_.results.all()} == {"东风村党支部", "西岭村党支部"}


def test_a_schemes_figures_are_edited_by_the_top_department_only_and_audited(county, department_admin,
                                                                            township_operator):
    from zugong.core.models import AuditEvent

    leadership = Criterion.objects.get(scheme__code="five_good_village", code="leadership")
    with pytest.raises(DomainError) as refused:
        services.set_criterion_points(township_operator, leadership, "25")
    assert refused.value.message == "您没有修改考核方案的权限"
    round_ = services.open_round(department_admin, leadership.scheme, county.township, year=2025, starts_on=START,
                                 ends_on=END)
    services.enter_score(department_admin, score(round_, county.village, "leadership"), "18", evidence="考核组评分")
    with pytest.raises(DomainError) as refused:
        services.set_criterion_points(department_admin, leadership, "15")
    assert refused.value.message == "进行中的考核中「东风村党支部」此项已得18分，分值不能低于该得分"
    services.set_criterion_points(department_admin, leadership, "25", source="本县2026年考核办法")
    leadership.refresh_from_db()
    assert (leadership.max_points, leadership.source) == (Decimal(25), "本县2026年考核办法")
    event = AuditEvent.objects.get(message="调整考核指标「领导班子好」")
    assert event.changes["分值"] == ["20.0", "25"] and event.action == AuditEvent.Action.POLICY

    best = Grade.objects.get(scheme__code="secretary_report", label="好")
    with pytest.raises(DomainError) as refused:
        services.set_grade_band(department_admin, best, "85", 0)
    assert refused.value.message == "「好的比例上限」应在1%至100%之间，收到0%"
    services.set_grade_band(department_admin, best, "88", 20)
    best.refresh_from_db()
    assert (best.min_total, best.max_share_percent) == (Decimal(88), 20)
