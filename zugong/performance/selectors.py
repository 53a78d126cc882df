"""Reading agency performance within a user's scope (机关绩效的访问范围), and the year's results.

A template (and its periods) is seen by whoever holds ``organizations.view`` over its organization or over any card
issued from it (an agency sees the county's template it is assessed by, with its own card and scores only); cards
and period scores are seen inside the reader's scope. A missing record and a forbidden one are the same 404.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from zugong.core.access import get_in_scope, scope_q
from zugong.core.policy import policy_int
from zugong.performance import policies, scoring
from zugong.performance.models import Breakdown, Period, PeriodScore, Scorecard, Template

VIEW = "organizations.view"
RUN = "organizations.change"


def templates_visible_to(user) -> QuerySet[Template]:
    inside = Scorecard.objects.filter(scope_q(user, VIEW, "org_path")).values("template_id")
    return Template.objects.filter(scope_q(user, VIEW, "org_path") | Q(pk__in=inside)).select_related("organization")


def access_template(user, pk) -> Template:
    return get_in_scope(templates_visible_to(user), pk)


def access_period(user, pk) -> Period:
    return get_in_scope(Period.objects.filter(template__in=templates_visible_to(user)).select_related("template"), pk)


def cards_visible_to(user, capability: str = VIEW) -> QuerySet[Scorecard]:
    return Scorecard.objects.filter(scope_q(user, capability, "org_path")).select_related("template", "unit",
                                                                                           "organization")


def access_card(user, pk, *, for_change: bool = False) -> Scorecard:
    return get_in_scope(cards_visible_to(user, RUN if for_change else VIEW), pk)


def scores_visible_to(user, period: Period) -> QuerySet[PeriodScore]:
    return period.scores.filter(scope_q(user, VIEW, "org_path")).select_related("scorecard")


# --- the year's results -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearRow:
    scorecard_id: int
    label: str
    periods: int
    mean: Decimal
    rank: int


def year_results(template: Template) -> list[YearRow]:
    """Each card's year result: the mean of its totals over the assessed periods, ranked among all the cards
    (ties share a rank). Ranks are the whole template's; a page filters the rows to the reader's scope."""
    totals: dict[int, list[Decimal]] = {}
    labels: dict[int, str] = {}
    for card_id, label, total in (PeriodScore.objects.filter(period__template=template)
                                  .values_list("scorecard_id", "scorecard__label", "total")):
        totals.setdefault(card_id, []).append(total)
        labels[card_id] = label
    means = {card_id: scoring.mean(values) or Decimal(0) for card_id, values in totals.items()}
    ids = sorted(means, key=lambda pk: (-means[pk], labels[pk]))
    ranks = scoring.ranks([means[pk] for pk in ids])
    return [YearRow(pk, labels[pk], len(totals[pk]), means[pk], rank) for pk, rank in zip(ids, ranks, strict=True)]


@dataclass(frozen=True)
class CadreYear:
    year: int
    agency: str
    lines: list[Breakdown]
    score: Decimal | None  # the weighted completion of the cadre's own targets, 0–100
    agency_mean: Decimal | None
    agency_rank: int | None
    agencies: int


def cadre_results(cadre) -> list[CadreYear]:
    """Per year, a cadre's own targets (breakdown lines) and their weighted completion — the indicators' weights
    rescaled to the lines the cadre holds, a line without its actual counting 0 — beside the agency's year result.
    An input for the annual assessment, never a grade."""
    cap = policy_int(policies.ACHIEVEMENT_CAP_PERCENT.key)
    lines = list(Breakdown.objects.filter(cadre=cadre).select_related("indicator", "scorecard__template")
                 .order_by("-scorecard__template__year", "indicator__perspective__order", "indicator__order"))
    by_card: dict[int, list[Breakdown]] = {}
    for line in lines:
        by_card.setdefault(line.scorecard_id, []).append(line)
    results = []
    for held in by_card.values():
        card = held[0].scorecard
        weight = sum((line.indicator.weight for line in held), Decimal(0))
        earned = sum((line.indicator.weight * scoring.completion(line.indicator.direction, line.target, line.actual, cap)
                      for line in held), Decimal(0))
        score = (earned * 100 / weight).quantize(scoring.CENT, ROUND_HALF_UP) if weight else None
        year = year_results(card.template)
        own = next((row for row in year if row.scorecard_id == card.pk), None)
        results.append(CadreYear(card.template.year, card.label, held, score, own.mean if own else None,
                                 own.rank if own else None, len(year)))
    return results
