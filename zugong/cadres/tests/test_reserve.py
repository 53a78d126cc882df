"""Qualification rules and the reserve pool: each rule at its boundary, following policy changes, refusals that
name every failed rule and leave nothing behind."""

import datetime as dt
from decimal import Decimal

import pytest

from zugong.cadres import reserve, services
from zugong.cadres.codes import Grade
from zugong.cadres.models import Position, ReserveEntry, TownshipRanking, TrainingRecord
from zugong.cadres.qualification import check_promotion
from zugong.cadres.tests.test_cadres import a_form, id_for
from zugong.core.access import DomainError
from zugong.core.policy import set_policy_value

pytestmark = pytest.mark.django_db


def results(found) -> dict[str, bool]:
    return {r.rule: r.passed for r in found}


def test_a_section_head_of_ten_years_qualifies_for_county_deputy(career):
    found = results(check_promotion(career, "county_deputy", dt.date(2026, 9, 1)))
    assert found == {"工作经历": True, "基层工作经历": True, "任下级正职年限": True, "培训学时": False}


@pytest.fixture
def head(county, department_admin):
    """A section head since 2023-09-01, at an agency (not grassroots), working since 2021-07."""
    cadre = services.save_form(department_admin, a_form(name="赵强", id_number=id_for(dt.date(1990, 3, 15), 41),
                                                        birth=dt.date(1990, 3, 1), work_started=dt.date(2021, 7, 1)),
                               county.agency_branch)
    post = Position.objects.create(organization=county.agency_branch, title="县发改局局长", rank="section_head")
    services.appoint(department_admin, cadre, post, dt.date(2023, 9, 1))
    return cadre


def test_lower_head_to_upper_deputy_needs_three_years_and_follows_policy(head, department_admin):
    assert results(check_promotion(head, "county_deputy", dt.date(2026, 8, 31)))["任下级正职年限"] is False
    passing = check_promotion(head, "county_deputy", dt.date(2026, 9, 1))
    assert results(passing)["任下级正职年限"] is True
    assert results(passing)["工作经历"] is True  # 2021-07 → 2026-09: 5 years 2 months
    assert results(passing)["基层工作经历"] is False  # an agency post is not grassroots
    set_policy_value(department_admin, "cadres.promotion_head_to_upper_deputy_years", "4")
    assert results(check_promotion(head, "county_deputy", dt.date(2026, 9, 1)))["任下级正职年限"] is False


def test_work_years_before_county_level_at_the_boundary(head):
    assert results(check_promotion(head, "county_deputy", dt.date(2026, 6, 30)))["工作经历"] is False
    assert results(check_promotion(head, "county_deputy", dt.date(2026, 7, 1)))["工作经历"] is True


def test_deputy_to_head_needs_two_years_as_deputy(county, department_admin):
    cadre = services.save_form(department_admin, a_form(), county.township)
    deputy = Position.objects.create(organization=county.township, title="东风镇副镇长", rank="section_deputy",
                                     grassroots=True)
    services.appoint(department_admin, cadre, deputy, dt.date(2024, 5, 1))
    assert results(check_promotion(cadre, "section_head", dt.date(2026, 4, 30)))["任副职年限"] is False
    assert results(check_promotion(cadre, "section_head", dt.date(2026, 5, 1)))["任副职年限"] is True


def test_skipping_one_level_is_exceptional_and_two_is_refused(county, department_admin):
    cadre = services.save_form(department_admin, a_form(), county.township)
    staff = Position.objects.create(organization=county.township, title="东风镇科员", rank="staff", grassroots=True)
    services.appoint(department_admin, cadre, staff, dt.date(2025, 6, 1))
    skip = check_promotion(cadre, "section_head", dt.date(2026, 5, 31))
    assert results(skip)["破格提拔：任现职年限"] is False and "越一级提拔（破格）" in skip[0].detail
    assert results(check_promotion(cadre, "section_head", dt.date(2026, 6, 1)))["破格提拔：任现职年限"] is True
    two = results(check_promotion(cadre, "county_deputy", dt.date(2026, 6, 1)))
    assert two["不得越两级提拔"] is False


def test_short_training_is_a_condition_to_make_up_not_a_bar(career, department_admin):
    TrainingRecord.objects.create(cadre=career, course="科级干部培训班", organizer="县委党校", hours=Decimal("89.5"),
                                  started_on=dt.date(2025, 5, 1), ended_on=dt.date(2025, 5, 20))
    short = next(r for r in check_promotion(career, "county_deputy", dt.date(2026, 9, 1)) if r.rule == "培训学时")
    assert (short.passed, short.blocking) == (False, False)
    assert short.detail == "2025年度已完成89.5学时，要求90学时；提拔任职的，应在任职后1年内完成"
    TrainingRecord.objects.create(cadre=career, course="网络学院", organizer="网络学院", hours=Decimal("0.5"),
                                  started_on=dt.date(2025, 12, 1), ended_on=dt.date(2025, 12, 31), mode="online")
    assert results(check_promotion(career, "county_deputy", dt.date(2026, 9, 1)))["培训学时"] is True


def test_reserve_age_limit_at_the_boundary_and_by_policy(young, department_admin):
    assert results(reserve.admission_checks(young, "section_deputy", dt.date(2026, 6, 30)))["年龄"] is True  # 35
    assert results(reserve.admission_checks(young, "section_deputy", dt.date(2027, 6, 1)))["年龄"] is False  # 36
    set_policy_value(department_admin, "cadres.reserve_max_age_section_deputy", "34")
    assert results(reserve.admission_checks(young, "section_deputy", dt.date(2026, 6, 30)))["年龄"] is False


def test_reserve_education_follows_the_policy_scale(young, department_admin):
    assert results(reserve.admission_checks(young, "section_deputy", dt.date(2026, 6, 1)))["学历"] is True
    set_policy_value(department_admin, "cadres.reserve_min_education", "3")  # 大学本科 and above
    checked = reserve.admission_checks(young, "section_deputy", dt.date(2026, 6, 1))
    assert results(checked)["学历"] is False
    assert next(r for r in checked if r.rule == "学历").detail == "大专，要求大学本科及以上"


def test_reserve_assessments_of_the_last_years(young, department_admin):
    assert results(reserve.admission_checks(young, "section_deputy", dt.date(2026, 6, 1)))["近3年年度考核"] is True
    checked = reserve.admission_checks(young, "section_deputy", dt.date(2027, 6, 1))  # 2026 not yet assessed
    assert next(r for r in checked if r.rule == "近3年年度考核").detail == "缺少2026年度考核结果"
    services.record_assessment(department_admin, young, 2024, Grade.BASICALLY_COMPETENT)
    checked = reserve.admission_checks(young, "section_deputy", dt.date(2026, 6, 1))
    assert next(r for r in checked if r.rule == "近3年年度考核").detail == "2024年度基本称职"


@pytest.mark.parametrize(("rank", "missed", "bottom", "admitted"), [
    (17, True, 2, False), (16, True, 2, False), (15, True, 2, True), (17, False, 2, True), (15, True, 3, False),
])
def test_a_township_secretary_ranked_at_the_bottom_is_not_admitted_next_year(
        county, department_admin, rank, missed, bottom, admitted):
    cadre = services.save_form(department_admin, a_form(), county.township)
    post = Position.objects.create(organization=county.township, title="东风镇党委书记", rank="section_head",
                                   grassroots=True)
    services.appoint(department_admin, cadre, post, dt.date(2020, 1, 1))
    reserve.record_ranking(department_admin, county.township, 2025, rank, 17, missed)
    set_policy_value(department_admin, "cadres.reserve_bottom_ranks_excluded", str(bottom))
    assert results(reserve.admission_checks(cadre, "county_deputy", dt.date(2026, 3, 1)))["乡镇考核排名"] is admitted
    assert results(reserve.admission_checks(cadre, "county_deputy", dt.date(2027, 3, 1)))["乡镇考核排名"] is True


def test_admission_is_refused_naming_each_failed_rule_and_nothing_is_kept(young, department_admin):
    with pytest.raises(DomainError) as refused:
        reserve.admit(department_admin, young, "section_deputy", dt.date(2027, 6, 1))
    assert refused.value.message == "不符合入库资格：年龄（1991.06出生，36岁，乡科级副职后备不超过35岁）；近3年年度考核（缺少2026年度考核结果）"
    assert not ReserveEntry.objects.exists()
    entry = reserve.admit(department_admin, young, "section_deputy", dt.date(2026, 6, 1))
    assert {c["rule"] for c in entry.checks} == {"年龄", "学历", "任现职年限", "近3年年度考核"}
    with pytest.raises(DomainError, match="已在后备干部库中"):
        reserve.admit(department_admin, young, "section_deputy", dt.date(2026, 6, 2))
    with pytest.raises(DomainError, match="出库日期不能早于入库日期"):
        reserve.leave_pool(department_admin, entry, "used", dt.date(2026, 5, 1), "提拔")
    reserve.leave_pool(department_admin, entry, "used", dt.date(2026, 9, 1), "提拔为东风镇副镇长")
    entry.refresh_from_db()
    assert (entry.status, entry.reason) == ("used", "提拔为东风镇副镇长")


def test_a_viewer_may_not_admit(young, township_operator):
    with pytest.raises(DomainError, match="无权管理"):
        reserve.admit(township_operator, young, "section_deputy", dt.date(2026, 6, 1))


def test_the_pipeline_counts_the_pool_by_age_band(young, career, department_admin):
    reserve.admit(department_admin, young, "section_deputy", dt.date(2026, 6, 1))
    ReserveEntry.objects.create(cadre=career, target_rank="county_deputy", admitted_on=dt.date(2026, 6, 1))
    rows = {row["key"]: row for row in reserve.pipeline(ReserveEntry.objects.select_related("cadre"),
                                                        dt.date(2026, 7, 1))}
    assert rows["31-35"]["counts"] == [1, 0, 0, 0] and rows["46"]["counts"] == [0, 0, 1, 0]
    assert sum(row["total"] for row in rows.values()) == 2
    assert TownshipRanking.objects.count() == 0
