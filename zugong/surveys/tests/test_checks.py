"""The low-satisfaction check on test_report's hand-built survey: a fall since last year, or a score more than
``surveys.low_score_margin`` below the parent's; one finding per organization and survey, at the boundary.

Main-indicator differences from the parent (see test_report): 东风村 M2 80.00 vs 东风镇 90.00 (−10.00),
西岭村 M1 80.00 vs 87.27 (−7.27), 南山镇 M2 60.00 vs 县 79.35 (−19.35), M1 60.00 vs 78.18 (−18.18);
falls: 南山镇 and 南山村 80.00 → 60.00.
"""

import datetime as dt

import pytest

from zugong.core.checks import REGISTRY, run_checks
from zugong.core.models import Finding
from zugong.core.policy import set_policy_value
from zugong.surveys.checks import low_satisfaction
from zugong.surveys.tests.test_report import build

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def titles(within) -> dict[str, str]:
    return {f.scope_path: f.title for f in low_satisfaction(within, TODAY)}


def test_the_check_is_registered_for_survey_viewers():
    assert REGISTRY["surveys.low_satisfaction"].capability == "surveys.view"


def test_falls_and_scores_below_the_parent_are_findings(county, department_admin):
    survey = build(county)
    found = list(low_satisfaction(county.county.path, TODAY))
    assert {f.title for f in found} == {
        "南山镇党委：组织工作满意度低于全县平均（对组工干部的评价 60.00分，比全县低19.35分）",
        "南山村党支部：组织工作满意度比上年下降（对组织工作的总体评价 60.00分，比上年低20.00分）",
        "东风村党支部：组织工作满意度低于全镇平均（对组工干部的评价 80.00分，比全镇低10.00分）",
        "西岭村党支部：组织工作满意度低于全镇平均（对组织工作的总体评价 80.00分，比全镇低7.27分）",
    }
    nanshan = next(f for f in found if f.subject == county.other_township)
    assert nanshan.scope_path == county.other_township.path
    assert nanshan.url == f"/surveys/{survey.pk}/report/?org={county.other_township.pk}"
    assert nanshan.detail == (
        "2026年组织工作满意度民意调查：对组织工作的总体评价60.00分，比全县低18.18分；对组工干部的评价60.00分，"
        "比全县低19.35分；对组织工作的总体评价比上年低20.00分；对组工干部的评价比上年低20.00分。"
        "建议找该单位“一把手”、找班子成员谈话，要求从自身找原因，认真整改。")


def test_the_margin_policy_sets_the_boundary(county, department_admin):
    build(county)
    set_policy_value(department_admin, "surveys.low_score_margin", "9")
    assert county.village.path in titles(county.county.path)  # 10.00 below > 9
    set_policy_value(department_admin, "surveys.low_score_margin", "10")
    found = titles(county.county.path)
    assert county.village.path not in found  # exactly 10.00 below is not more than 10
    assert set(found) == {county.other_township.path, county.other_village.path}
    set_policy_value(department_admin, "surveys.low_score_margin", "7")
    assert county.village2.path in titles(county.county.path)  # 7.27 > 7
    set_policy_value(department_admin, "surveys.low_score_margin", "8")
    assert county.village2.path not in titles(county.county.path)


def test_only_organizations_within_are_looked_at_and_hidden_ones_never(county, department_admin):
    survey = build(county)
    assert set(titles(county.township.path)) == {county.village.path, county.village2.path}
    from zugong.surveys.tests.factories import answer, make_group

    answer(survey, make_group(survey, county.agency_branch), {"M1": "差", "M2": "差"}, times=3)
    found = titles(county.county.path)  # 县直机关工委 and 南山镇 are now hidden: their figures are not shown
    assert county.agencies.path not in found and county.other_township.path not in found
    assert county.agency_branch.path not in found


def test_drafts_are_not_checked_and_run_checks_stores_the_findings(county, department_admin):
    survey = build(county)
    run_checks(county.county.path, TODAY, codes=["surveys.low_satisfaction"])
    assert Finding.objects.filter(check_code="surveys.low_satisfaction").count() == 4
    survey.status = "draft"
    survey.save()
    run_checks(county.county.path, TODAY, codes=["surveys.low_satisfaction"])
    assert not Finding.objects.filter(check_code="surveys.low_satisfaction").exists()
