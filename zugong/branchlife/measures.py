"""The assessments measure of branch work (``assessments.measures.BRANCH_MEETINGS``, "branch_meetings"): the share
of the required 三会一课 (and 主题党日, 组织生活会, 民主生活会 — whatever the target owes, ``selectors.owed_kinds``)
that the target organization held in the round's period, from ``selectors.held_vs_expected``.

Only whole months, quarters and years of the period up to today are required (a period still running is not);
the meetings counted are those held in the period up to today, and each kind counts at most what it owes — six
theme days do not make up for a missing general meeting. An organization that owes nothing (no active members,
a 临时党支部 …) is not measured: the assessor enters the score by hand.

Registered from the app's ``ready`` (assessments never imports branchlife).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from zugong.assessments.measures import (
    ALL_ORGANIZATIONS,
    BRANCH_MEETINGS,
    Measured,
    Target,
    register_measure,
)
from zugong.branchlife.selectors import held_vs_expected


def branch_meetings(target: Target) -> Measured:
    """三会一课落实率 (%): Σ min(held, expected) ÷ Σ expected over the kinds the organization owes."""
    tallies = [t for t in held_vs_expected(target.organization, target.starts_on, target.counted_until) if t.expected]
    expected = sum(t.expected for t in tallies)
    if not expected:
        return Measured(None, "考核期内该党组织没有应召开的三会一课（或考核期尚无完整的月、季度、年度）")
    held = sum(t.held for t in tallies)
    counted = sum(min(t.held, t.expected) for t in tallies)
    rate = (Decimal(100) * counted / expected).quantize(Decimal("0.01"), ROUND_HALF_UP)
    kinds = "，".join(f"{t.frequency.label}应{t.expected}次、召开{t.held}次" for t in tallies)
    counted_text = "" if counted == held else f"，按规定次数计入{counted}次（超出的不抵补其他会议）"
    return Measured(rate, f"应召开{expected}次，实际召开{held}次{counted_text}，落实率{rate}%（{kinds}）")


register_measure(BRANCH_MEETINGS, gettext_noop("三会一课落实率（%）"), ALL_ORGANIZATIONS, branch_meetings)
