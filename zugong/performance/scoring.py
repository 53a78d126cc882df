"""Weighted scores (加权得分) and ranks, by hand-checkable arithmetic.

An indicator's completion rate is actual ÷ target (``越高越好``) or target ÷ actual (``越低越好``), capped at
``performance.achievement_cap_percent``; its points are weight × that rate, to 0.01; a card's total is the sum of
its indicators' points (the weights add up to 100, so 100 is full marks); a missing value scores 0. Ranks are
competition ranks: equal totals share a rank and the next rank skips (1, 2, 2, 4).
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def completion(direction: str, target: Decimal, actual: Decimal | None, cap_percent: int) -> Decimal:
    cap = Decimal(cap_percent) / 100
    if actual is None:
        return Decimal(0)
    if direction == "lower":
        if actual == 0:
            return cap
        rate = target / actual
    else:
        rate = Decimal(1) if target == 0 else actual / target
    return min(max(rate, Decimal(0)), cap)


def points(weight: Decimal, direction: str, target: Decimal, actual: Decimal | None, cap_percent: int) -> Decimal:
    return (weight * completion(direction, target, actual, cap_percent)).quantize(CENT, ROUND_HALF_UP)


def ranks(totals: Sequence[Decimal]) -> list[int]:
    """Competition ranks of ``totals`` in their own order (highest first)."""
    ordered = sorted(totals, reverse=True)
    return [ordered.index(total) + 1 for total in totals]


def mean(values: Sequence[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP) if values else None
