"""Demo (示范数据): last year's rounds, scored and finalized through the service like any other.

- 五好村党组织 over the first township's villages;
- 书记抓基层党建述职评议 of the secretaries one level below the county (the report and the 述职测评 entered, as no
  述职测评表 survey of the surveys demo fits: its satisfaction survey asks the public about the townships, not the
  cadres about their secretaries);
- 乡镇党委履行基层党建工作职责评估, the biennial assessment that feeds the township ranking, for its last two periods
  (the two years ending last year, and the two before): the bottom two townships of each missed their basic tasks,
  so finalizing writes the ranking the reserve pool reads and their secretaries are not admitted the next year.

The computed criteria come from the demo's own records (dues, development, 12380 reports, findings, village
income); the entered ones are written in one bulk update as an assessor's sheet would fill them (the demo needs no
lock per score). The township assessment replaces the ranking the cadres demo entered by hand for last year; a
reserve entry admitted this year that the new ranking bars is taken out again (it would not have been admitted).
"""

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zugong.accounts.models import User
from zugong.assessments import services
from zugong.assessments.catalogue import ensure_catalogue
from zugong.assessments.models import Result, Round, Scheme, Score
from zugong.organizations import demo
from zugong.organizations.models import Organization

ONE = Decimal("0.1")
EVIDENCE = {"five_good_village": "县委组织部考核组实地查看、查阅台账",
            "secretary_report": "述职大会现场述职、测评（测评表汇总）",
            "township_biennial": "县委组织部评估组查阅台账、实地抽查"}


def _share(ctx: demo.DemoContext, score: Score, low: float, high: float) -> Decimal:
    return (score.criterion.max_points * Decimal(str(ctx.rng.uniform(low, high)))).quantize(ONE, ROUND_HALF_UP)


def _fill(ctx: demo.DemoContext, round_: Round, actor, points: Callable[[Score], Decimal]) -> list[Score]:
    """Every score the records could not give, entered in one bulk update."""
    now = timezone.now()
    empty = list(Score.objects.filter(result__round=round_, points__isnull=True).select_related("criterion", "result")
                 .order_by("result__org_path", "criterion__order", "pk"))
    for score in empty:
        score.points = points(score)
        score.evidence, score.entered_by, score.entered_at = EVIDENCE[round_.scheme.code], actor, now
    Score.objects.bulk_update(empty, ["points", "evidence", "entered_by", "entered_at"])
    return empty


def _five_good(ctx: demo.DemoContext, actor, year: int) -> Round:
    round_ = services.open_round(actor, Scheme.objects.get(code="five_good_village"), ctx.first_townships[0],
                                 year=year, starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31))
    _fill(ctx, round_, actor, lambda s: _share(ctx, s, 0.55, 1.0))
    return services.finalize_round(actor, round_)


def _secretary_reports(ctx: demo.DemoContext, actor, county: Organization, year: int) -> Round:
    round_ = services.open_round(actor, Scheme.objects.get(code="secretary_report"), county, year=year,
                                 starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31))
    _fill(ctx, round_, actor, lambda s: _share(ctx, s, 0.6, 1.0))
    return services.finalize_round(actor, round_)


def _township_assessment(ctx: demo.DemoContext, actor, county: Organization, year: int) -> tuple[Round, list[int]]:
    """One biennial period ending ``year``: everyone completes the basic tasks at first; then the two lowest totals
    lose some of those points (missed basic tasks), which keeps them the bottom two. Returns the round and the
    organizations of the bottom two."""
    round_ = services.open_round(actor, Scheme.objects.get(code="township_biennial"), county, year=year,
                                 starts_on=dt.date(year - 1, 1, 1), ends_on=dt.date(year, 12, 31))
    entered = _fill(ctx, round_, actor, lambda s: s.criterion.max_points if s.criterion.is_basic_task
                    else _share(ctx, s, 0.75, 1.0))
    totals = {r.pk: Decimal(0) for r in round_.results.all()}
    for result_pk, points in Score.objects.filter(result__round=round_).values_list("result_id", "points"):
        totals[result_pk] += points or 0
    bottom = sorted(totals, key=lambda pk: (totals[pk], pk))[:2]
    missed = [s for s in entered if s.criterion.is_basic_task and s.result_id in bottom]
    for score in missed:
        score.points = score.criterion.max_points - ctx.rng.randint(6, 15)
    Score.objects.bulk_update(missed, ["points"])
    services.finalize_round(actor, round_)
    return round_, list(Result.objects.filter(pk__in=bottom).values_list("organization_id", flat=True))


def _recheck_reserve(ctx: demo.DemoContext, barred: list[int], year: int) -> None:
    """The reserve entries admitted in ``year + 1`` by a secretary of a township now barred: checked again."""
    from zugong.cadres.models import ReserveEntry
    from zugong.cadres.reserve import admission_checks

    entries = (ReserveEntry.objects.filter(admitted_on__year=year + 1, cadre__tenures__position__organization__in=barred,
                                           cadre__tenures__position__title__endswith="党委书记")
               .distinct().select_related("cadre"))
    gone = [e.pk for e in entries if not all(r.passed for r in admission_checks(e.cadre, e.target_rank, e.admitted_on))]
    ReserveEntry.objects.filter(pk__in=gone).delete()
    if "reserve" in ctx.counts:
        ctx.counts["reserve"] -= len(gone)


def add_assessment(ctx: demo.DemoContext) -> None:
    actor = User.objects.filter(username="admin").first()
    if actor is None or not ctx.first_townships:
        return
    ensure_catalogue()
    year = ctx.today.year - 1
    rounds = [_five_good(ctx, actor, year)]
    county = ctx.counties[0] if ctx.counties else ctx.root
    if county is not None and ctx.scale == "county":
        rounds.append(_secretary_reports(ctx, actor, county, year))
        for period in (year - 2, year):
            township_round, barred = _township_assessment(ctx, actor, county, period)
            rounds.append(township_round)
            _recheck_reserve(ctx, barred, period)
    ctx.counts["assessment_results"] = Result.objects.filter(round__in=rounds).count()


demo.register_step(add_assessment)
demo.RESET_MODELS[:0] = [Round]  # results and scores go with their round; the schemes are data, kept
