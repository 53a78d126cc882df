"""Demo (示范数据): last year's 五好村党组织 round over the first township's villages, scored and finalized.

The computed criteria come from the demo's own records (dues, development, 12380 reports, village income); the
entered ones are written in one bulk update as an assessor's sheet would fill them (the demo needs no lock per
score), then the round is finalized through the service like any other.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zugong.accounts.models import User
from zugong.assessments import services
from zugong.assessments.catalogue import ensure_catalogue
from zugong.assessments.models import Round, Scheme, Score
from zugong.organizations import demo


def add_assessment(ctx: demo.DemoContext) -> None:
    actor = User.objects.filter(username="admin").first()
    if actor is None or not ctx.first_townships:
        return
    ensure_catalogue()
    year = ctx.today.year - 1
    round_ = services.open_round(actor, Scheme.objects.get(code="five_good_village"), ctx.first_townships[0],
                                 year=year, starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31))
    now = timezone.now()
    empty = list(Score.objects.filter(result__round=round_, points__isnull=True).select_related("criterion"))
    for score in empty:
        share = Decimal(str(ctx.rng.uniform(0.55, 1.0)))
        score.points = (score.criterion.max_points * share).quantize(Decimal("0.1"), ROUND_HALF_UP)
        score.evidence, score.entered_by, score.entered_at = "县委组织部考核组实地查看、查阅台账", actor, now
    Score.objects.bulk_update(empty, ["points", "evidence", "entered_by", "entered_at"])
    services.finalize_round(actor, round_)
    ctx.counts["assessment_results"] = round_.results.count()


demo.register_step(add_assessment)
demo.RESET_MODELS[:0] = [Round]  # results and scores go with their round; the schemes are data, kept
