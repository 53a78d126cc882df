"""Weighted scores, ranks with ties, the year's result and the 四个一 procedure's refusals (hand-computed)."""

import datetime as dt
from decimal import Decimal

import pytest

from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.performance import procedure, selectors, services
from zugong.performance.models import Period, PeriodScore
from zugong.performance.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(county, department_admin):
    h.agencies(county)
    return h.template(county, department_admin)


def test_half_monthly_periods_cover_the_year():
    periods = procedure.periods_of(2026, 2)
    assert len(periods) == 24
    assert periods[0] == (dt.date(2026, 1, 1), dt.date(2026, 1, 15))
    assert periods[1] == (dt.date(2026, 1, 16), dt.date(2026, 1, 31))
    assert periods[3] == (dt.date(2026, 2, 15), dt.date(2026, 2, 28))  # 28 days: 1–14, 15–28
    assert procedure.periods_of(2026, 1)[1] == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def test_weighted_totals_and_ranks_share_a_tie(year, department_admin):
    period = h.run_period(department_admin, year, 1, h.FIRST)
    got = {s.scorecard.label: (s.total, s.rank) for s in period.scores.select_related("scorecard")}
    assert got == h.FIRST_TOTALS
    assert PeriodScore.objects.get(period=period, scorecard__label="县审计局").missing == 3
    assert period.step == Period.Step.ASSESSED and period.assessed_on == dt.date(2026, 1, 15)


def test_the_years_result_is_the_mean_of_the_periods(year, department_admin):
    h.run_period(department_admin, year, 1, h.FIRST)
    # period 2: 县教育局 10, 90, 2, 8 → 100; 县审计局 10, 90, 1, 8 → 100 (1 problem of 2 allowed is full marks);
    # the other two leave everything out → 0
    h.run_period(department_admin, year, 2, {"县教育局": ("10", "90", "2", "8"), "县审计局": ("10", "90", "1", "8")})
    rows = {row.label: (row.periods, row.mean, row.rank) for row in selectors.year_results(year)}
    assert rows == {"县教育局": (2, Decimal("91.00"), 1), "县审计局": (2, Decimal("60.00"), 2),
                    "县商务局": (2, Decimal("46.00"), 3), "县水利局": (2, Decimal("41.00"), 4)}


def test_weights_must_add_up_to_100_before_issuing(county, department_admin):
    h.agencies(county)
    made = h.template(county, department_admin, issue=False, periods=False)
    services.add_perspective(department_admin, made, "创新发展")
    with pytest.raises(DomainError) as refused:
        services.issue_scorecards(department_admin, made)
    assert refused.value.message == f"「{made}」不能下发：维度「创新发展」还没有衡量指标"
    with pytest.raises(DomainError) as refused:
        services.add_indicator(department_admin, made.perspectives.get(name="创新发展"), objective="改革创新",
                               label="创新成果数", unit="项", target="1", weight="5")
    assert refused.value.message == "「权重」合计不能超过100：已有100，再加5就超过了"


def test_issuing_gives_every_agency_its_card_once(county, department_admin):
    units = h.agencies(county)
    made = h.template(county, department_admin, periods=False)
    assert sorted(made.scorecards.values_list("label", flat=True)) == sorted(h.AGENCIES)
    card = h.card(made, "县教育局")
    assert card.organization == units["县教育局"].covered_by and card.org_path == card.organization.path
    assert card.targets.count() == 4
    assert services.issue_scorecards(department_admin, made) == 0


def test_the_procedure_refuses_out_of_order_and_too_early(year, department_admin):
    first = h.period(year, 1)
    with pytest.raises(DomainError) as refused:
        services.take_step(department_admin, first, Period.Step.INSPECTED, dt.date(2026, 1, 5))
    assert refused.value.message == f"{first}须先部署，才能督查"
    with pytest.raises(DomainError) as refused:
        services.take_step(department_admin, first, Period.Step.DEPLOYED, dt.date(2025, 12, 31))
    assert refused.value.message == f"{first}的部署不能早于2026年01月01日"
    services.take_step(department_admin, first, Period.Step.DEPLOYED, dt.date(2026, 1, 2))
    services.take_step(department_admin, first, Period.Step.INSPECTED, dt.date(2026, 1, 9))
    with pytest.raises(DomainError) as refused:
        services.take_step(department_admin, first, Period.Step.ASSESSED, dt.date(2026, 1, 14))
    assert refused.value.message == f"{first}的考核不能早于2026年01月15日"
    with pytest.raises(DomainError) as refused:
        services.take_step(department_admin, first, Period.Step.BULLETIN, dt.date(2026, 1, 16))
    assert refused.value.message == f"{first}须先考核，才能通报"
    services.take_step(department_admin, first, Period.Step.ASSESSED, dt.date(2026, 1, 15))
    with pytest.raises(DomainError) as refused:
        services.take_step(department_admin, first, Period.Step.ASSESSED, dt.date(2026, 1, 16))
    assert refused.value.message.startswith(f"{first}已考核（2026-01-15），不能重复考核")
    assert PeriodScore.objects.filter(period=first).count() == 4  # written once


def test_values_are_typed_only_between_deployment_and_assessment(year, department_admin):
    first, card, label = h.period(year, 1), h.card(year, "县教育局"), h.indicator(year, "重点项目完成数")
    with pytest.raises(DomainError) as refused:
        services.enter_actual(department_admin, first, card, label, "3", "台账")
    assert refused.value.message == f"{first}尚未部署，不能填报完成值"
    h.run_period(department_admin, year, 1, {})
    with pytest.raises(DomainError) as refused:
        services.enter_actual(department_admin, first, card, label, "3", "台账")
    assert refused.value.message == f"{first}已考核，完成值不能再修改"


def test_an_agency_types_its_own_values_only(year, county, department_admin):
    from tests.fixtures import make_user

    finance = h.card(year, "县教育局")
    operator = make_user("education", "operator", finance.organization, "教育局党建指导员")
    first = h.period(year, 1)
    services.take_step(department_admin, first, Period.Step.DEPLOYED, first.starts_on)
    services.enter_actual(operator, first, finance, h.indicator(year, "重点项目完成数"), "7", "7个项目已开工")
    with pytest.raises(DomainError) as refused:
        services.enter_actual(operator, first, h.card(year, "县商务局"), h.indicator(year, "重点项目完成数"), "7", "x")
    assert refused.value.message == "您无权填报「县商务局」的完成值"
    with pytest.raises(DomainError) as refused:
        services.take_step(operator, first, Period.Step.INSPECTED, first.starts_on)
    assert refused.value.message == "您无权开展该周期的“四个一”工作"
    with pytest.raises(DomainError) as refused:
        services.enter_actual(operator, first, finance, h.indicator(year, "群众满意率"), "-1", "x")
    assert refused.value.message == "「群众满意率完成值」应在 0–999999999999.99 之间，收到 -1"
    assert AuditEvent.objects.filter(message="", object_type__model="actual").count() == 1


def test_a_cadres_year_is_the_weighted_completion_of_their_own_targets(year, county, department_admin):
    from zugong.cadres.tests.test_training import make_cadre

    finance = h.card(year, "县教育局")
    cadre = make_cadre(finance.organization, rank=None)
    projects = services.add_breakdown(department_admin, finance, h.indicator(year, "重点项目完成数"), target="4",
                                      cadre=cadre)
    training = services.add_breakdown(department_admin, finance, h.indicator(year, "干部培训学时"), target="8",
                                      cadre=cadre)
    services.add_breakdown(department_admin, finance, h.indicator(year, "重点项目完成数"), target="6", part="业务股")
    services.enter_breakdown_actual(department_admin, projects, "3", "完成3个")
    services.enter_breakdown_actual(department_admin, training, "8", "")
    h.run_period(department_admin, year, 1, h.FIRST)
    # weights 40 and 10: (40 × 3/4 + 10 × 1) ÷ 50 × 100 = 80.00; the agency's year so far: 82.00, second
    (result,) = selectors.cadre_results(cadre)
    assert (result.year, result.score, result.agency_mean, result.agency_rank, result.agencies) == (
        2026, Decimal("80.00"), Decimal("82.00"), 2, 4)
    with pytest.raises(DomainError) as refused:
        services.add_breakdown(department_admin, finance, h.indicator(year, "重点项目完成数"), target="1", cadre=cadre)
    assert refused.value.message == f"「{cadre.name}」已承接「重点项目完成数」"


def test_a_computed_measure_is_read_from_the_records_at_the_assessment(county, department_admin):
    from django.contrib.contenttypes.models import ContentType

    from zugong.core.models import Finding

    units = h.agencies(county)
    made = services.create_template(department_admin, county.county, h.YEAR, "计算指标测试", "")
    perspective = services.add_perspective(department_admin, made, "内部管理")
    services.add_indicator(department_admin, perspective, objective="问题整改", label="未关闭的问题预警数", unit="条",
                           target="1", weight="60", direction="lower", measure="open_findings")
    services.add_indicator(department_admin, perspective, objective="任务落实", label="重点项目完成数", unit="个",
                           target="10", weight="40")
    services.issue_scorecards(department_admin, made)
    services.create_periods(department_admin, made)
    branch = units["县水利局"].covered_by
    for n in range(2):
        Finding.all_objects.create(check_code="organizations.no_secretary", severity="problem", title=f"问题{n}",
                                   url="/", scope_path=branch.path, subject_type=ContentType.objects.get_for_model(branch),
                                   subject_id=str(branch.pk), key=str(n))
    first = h.period(made, 1)
    services.take_step(department_admin, first, Period.Step.DEPLOYED, first.starts_on)
    with pytest.raises(DomainError) as refused:
        services.enter_actual(department_admin, first, h.card(made, "县水利局"), h.indicator(made, "未关闭的问题预警数"),
                              "0", "无")
    assert refused.value.message == "「未关闭的问题预警数」由系统按记录计算，不需填报"
    for name in h.AGENCIES:
        services.enter_actual(department_admin, first, h.card(made, name), h.indicator(made, "重点项目完成数"), "10", "台账")
    services.take_step(department_admin, first, Period.Step.INSPECTED, first.starts_on)
    services.take_step(department_admin, first, Period.Step.ASSESSED, first.ends_on)
    # 县水利局: 2 open findings against 1 allowed → 60 × 1/2 = 30, + 40 = 70; the others: none open → 60 + 40 = 100
    totals = {s.scorecard.label: (s.total, s.rank) for s in PeriodScore.objects.filter(period=first)}
    assert totals == {"县教育局": (Decimal("100.00"), 1), "县商务局": (Decimal("100.00"), 1),
                      "县审计局": (Decimal("100.00"), 1), "县水利局": (Decimal("70.00"), 4)}
    measured = first.actuals.get(scorecard__label="县水利局", indicator__label="未关闭的问题预警数")
    assert (measured.value, measured.explanation) == (2, "当前未关闭的问题预警2条")


def test_a_measure_that_does_not_read_an_agency_is_refused(county, department_admin):
    made = services.create_template(department_admin, county.county, h.YEAR, "计算指标测试", "")
    perspective = services.add_perspective(department_admin, made, "学习成长")
    with pytest.raises(DomainError) as refused:
        services.add_indicator(department_admin, perspective, objective="党员先锋", label="党员积分", unit="分",
                               target="90", weight="10", measure="member_score")
    assert refused.value.message == "计算方法「member_score」不存在或不适用于机关"
