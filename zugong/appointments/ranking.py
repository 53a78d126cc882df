"""The arithmetic of an open selection (公开选拔、竞争上岗): the weights, the 综合成绩, a panel's interview score
and the ranking with ties shared — pure functions of the figures, used by the services, the pages and the export.

综合成绩 = 笔试 × 笔试权重 + 面试 × 面试权重 (weights in %, summing to 100), in Decimal, two places, ROUND_HALF_UP.
A panel's interview score is the judges' mean, after dropping the highest and the lowest score when there are at
least ``trim_from`` judges (``appointments.panel_trim_judges``). Equal 综合成绩 share a rank (1, 2, 2, 4).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from zugong.appointments.procedure import PostStanding

if TYPE_CHECKING:
    from zugong.appointments.models import Registration
    from zugong.cadres.models import Position

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def weights_refusal(written_weight: Decimal, interview_weight: Decimal) -> str | None:
    if written_weight < 0 or interview_weight < 0:
        return "笔试和面试成绩的权重不能为负数"
    if written_weight + interview_weight != HUNDRED:
        return (f"笔试权重{written_weight.normalize():f}%与面试权重{interview_weight.normalize():f}%之和为"
                f"{(written_weight + interview_weight).normalize():f}%，两项权重之和须为100%")
    return None


def total(written: Decimal | None, interview: Decimal | None, written_weight: Decimal,
          interview_weight: Decimal) -> Decimal | None:
    """The 综合成绩, or None while a score is missing."""
    if written is None or interview is None:
        return None
    return ((written * written_weight + interview * interview_weight) / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def panel_score(scores: list[Decimal], trim_from: int) -> Decimal:
    """The interview score from the judges' scores (the highest and lowest dropped from ``trim_from`` judges on)."""
    if not scores:
        raise ValueError("no scores")
    kept = sorted(scores)
    if len(kept) >= trim_from:
        kept = kept[1:-1]
    return (sum(kept, Decimal(0)) / len(kept)).quantize(CENT, ROUND_HALF_UP)


def ranks(totals: list[Decimal]) -> list[int]:
    """Competition ranking of ``totals`` in the order given: equal totals share a rank, the next is skipped."""
    ordered = sorted(totals, reverse=True)
    first: dict[Decimal, int] = {}
    for place, value in enumerate(ordered, start=1):
        first.setdefault(value, place)
    return [first[value] for value in totals]


@dataclass(frozen=True)
class Ranked:
    registration: "Registration"
    total: Decimal | None
    rank: int | None  # None while unscored


def ranking(registrations, written_weight: Decimal, interview_weight: Decimal) -> list[Ranked]:
    """The passed registrations of one post, ranked (the unscored after the ranked, by name)."""
    rows = [(r, total(r.written, r.interview, written_weight, interview_weight)) for r in registrations]
    scored = [(r, t) for r, t in rows if t is not None]
    places = ranks([t for _r, t in scored])
    ranked = sorted((Ranked(r, t, p) for (r, t), p in zip(scored, places, strict=True)),
                    key=lambda x: (x.rank, -(x.registration.written or 0), x.registration.pk))
    return ranked + [Ranked(r, None, None) for r, t in rows if t is None]


def standing(post: str, per_post: int, ranked: list[Ranked]) -> PostStanding:
    """What the procedure decides 确定考察对象 on: the top ``per_post`` by rank (a tie at the last place included)."""
    unscored = [r.registration.name for r in ranked if r.rank is None]
    top = [r.registration.pk for r in ranked if r.rank is not None and r.rank <= per_post]
    return PostStanding(post, per_post, len(ranked), unscored, top)


def post_rankings(case) -> list[tuple["Position", list[Ranked]]]:
    """(post, its ranking) for each post of an OPEN case with a competition: the registrations that passed 资格审查."""
    from zugong.appointments.models import Registration  # noqa: PLC0415 (models are read, the arithmetic is pure)

    competition = case.competition
    passed = list(case.registrations.filter(review=Registration.Review.PASSED).select_related("position", "cadre",
                                                                                              "candidate"))
    found = []
    for post in case.positions.order_by("pk"):
        mine = [r for r in passed if r.position_id == post.pk]
        found.append((post, ranking(mine, competition.written_weight, competition.interview_weight)))
    return found


def standings_of(case) -> list[PostStanding] | None:
    if not hasattr(case, "competition"):
        return None
    per_post = case.competition.per_post
    return [standing(post.title, per_post, ranked) for post, ranked in post_rankings(case)]
