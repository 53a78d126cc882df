"""The assessment demo on a demo county (tree, users, cadres, reserve pool, then this step): last year's rounds
finalized, the township assessment of the last two biennial periods written into the township ranking, and the
reserve pool's rule barring the secretaries of the bottom two townships that missed their basic tasks."""

import datetime as dt
import random
import time

import pytest

from zugong.assessments import demo as assessment_demo
from zugong.assessments.models import Result, Round
from zugong.cadres import reserve
from zugong.cadres.demo import add_cadres
from zugong.cadres.models import Rank, ReserveEntry, Tenure, TownshipRanking
from zugong.cadres.qualification import Subject
from zugong.organizations import demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def test_the_demo_step_runs_after_the_reserve_pool_step():
    assert demo.STEPS.index(reserve.add_reserve) < demo.STEPS.index(assessment_demo.add_assessment)


def _secretary(township):
    return (Tenure.objects.filter(position__organization=township, position__title__endswith="党委书记",
                                  started_on__lte=TODAY, ended_on__isnull=True).select_related("cadre").first())


def test_the_demo_finalizes_last_years_rounds_and_bars_the_bottom_two_townships_secretaries(db):
    ctx = demo.DemoContext(rng=random.Random(3), today=TODAY, scale="county")
    demo.build_tree(ctx)
    demo.create_demo_users(ctx)
    add_cadres(ctx)
    reserve.add_reserve(ctx)
    started = time.perf_counter()
    assessment_demo.add_assessment(ctx)
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"演示数据（考核评价）用时 {elapsed:.1f} 秒"

    rounds = {(r.scheme.code, r.year): r for r in Round.objects.select_related("scheme")}
    assert set(rounds) == {("five_good_village", 2025), ("secretary_report", 2025), ("township_biennial", 2023),
                           ("township_biennial", 2025)}
    assert all(r.is_finalized for r in rounds.values())
    assert not Result.objects.filter(total__isnull=True).exists() and not Result.objects.filter(rank__isnull=True).exists()
    biennial = rounds["township_biennial", 2025]
    assert (biennial.starts_on, biennial.ends_on) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    secretaries = Result.objects.filter(round=rounds["secretary_report", 2025])
    good = secretaries.filter(grade_label="好").count()
    assert good <= secretaries.count() * 30 // 100  # the share cap of 好

    for year in (2023, 2025):
        results = list(Result.objects.filter(round=rounds["township_biennial", year]).order_by("rank"))
        of = len(results)
        rankings = {t.township_id: t for t in TownshipRanking.objects.filter(year=year)}
        assert {r.organization_id: (r.rank, of, r.missed_basic_tasks) for r in results} == {
            pk: (t.rank, t.of_count, t.missed_basic_tasks) for pk, t in rankings.items()}
        missed = [r for r in results if r.missed_basic_tasks]
        assert len(missed) == 2 and all(r.rank > of - 2 for r in missed)  # the bottom two, and only they

    results = list(Result.objects.filter(round=biennial).select_related("organization").order_by("rank"))
    barred, kept = results[-1].organization, results[0].organization
    for township, passes in ((barred, False), (kept, True)):
        tenure = _secretary(township)
        assert tenure is not None, township
        rule = reserve.township_secretary_ranking(Subject(tenure.cadre, Rank.COUNTY_DEPUTY, TODAY))
        assert rule is not None and rule.passed is passes
        place = next(r for r in results if r.organization == township)
        assert rule.detail.startswith(f"{township}2025年度排名第{place.rank}（共{len(results)}个）")
        assert rule.detail.endswith("，且未完成基本任务") is not passes
    barred_towns = [r.organization for r in results if r.missed_basic_tasks]
    assert not ReserveEntry.objects.filter(admitted_on__year=2026, cadre__tenures__position__organization__in=barred_towns,
                                           cadre__tenures__position__title__endswith="党委书记").exists()
