"""The 四个一 cycle as data (每半月一部署、一督查、一考核、一通报, seed 002): the periods of a year and the order of
their steps, with the one decision ``refusal`` that every page, the services and the demo use.

``STEPS`` lists the steps in order: each is taken once, after the one before it, and not before its earliest day —
deploying from the period's first day on, inspecting once deployed, assessing from the period's last day on (the
period's actual values are in), the bulletin after the assessment. How many periods a month has is the policy
``performance.periods_per_month`` (2: the 1st–15th and the 16th to the month's end).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from zugong.performance.models import Period

S = Period.Step


@dataclass(frozen=True)
class Step:
    done: str  # the Period.step the period reaches
    verb: str  # Chinese, what the department does (shown translated)
    day_field: str  # the Period field holding the day it was done
    earliest: str  # "starts_on", "ends_on" or "" (no earliest day of its own)


# Titles are Chinese (the refusals and the history write them); pages translate them when shown.
STEPS = [
    Step(S.DEPLOYED, gettext_noop("部署"), "deployed_on", "starts_on"),
    Step(S.INSPECTED, gettext_noop("督查"), "inspected_on", "starts_on"),
    Step(S.ASSESSED, gettext_noop("考核"), "assessed_on", "ends_on"),
    Step(S.BULLETIN, gettext_noop("通报"), "bulletin_on", "ends_on"),
]
ORDER = [S.PLANNED, *[step.done for step in STEPS]]
BY_DONE = {step.done: step for step in STEPS}
OPEN_FOR_ACTUALS = (S.DEPLOYED, S.INSPECTED)  # an agency types its values once deployed, until the assessment


def periods_of(year: int, per_month: int) -> list[tuple[dt.date, dt.date]]:
    """The year's periods: each month cut into ``per_month`` parts of whole days (the last part takes the rest)."""
    periods = []
    for month in range(1, 13):
        days = calendar.monthrange(year, month)[1]
        cuts = [days * part // per_month for part in range(per_month + 1)]
        periods += [(dt.date(year, month, cuts[part] + 1), dt.date(year, month, cuts[part + 1]))
                    for part in range(per_month)]
    return periods


def next_step(period: Period) -> Step | None:
    index = ORDER.index(period.step)
    return STEPS[index] if index < len(STEPS) else None


def refusal(period: Period, done: str, on: dt.date) -> str | None:
    """Why ``done`` may not be reached on ``on`` (Chinese), or None. Read after locking the period's row."""
    step = BY_DONE.get(done)
    if step is None:
        return f"未知的步骤「{done}」"
    if ORDER.index(period.step) >= ORDER.index(done):
        return f"{period}已{step.verb}（{getattr(period, step.day_field) or ''}），不能重复{step.verb}"
    wanted = next_step(period)
    if wanted is not None and wanted.done != done:
        return f"{period}须先{wanted.verb}，才能{step.verb}"
    earliest = getattr(period, step.earliest) if step.earliest else None
    if earliest is not None and on < earliest:
        return f"{period}的{step.verb}不能早于{earliest:%Y年%m月%d日}"
    before = STEPS.index(step)
    if before:
        previous = getattr(period, STEPS[before - 1].day_field)
        if previous is not None and on < previous:
            return f"{step.verb}日期不能早于{STEPS[before - 1].verb}日期（{previous:%Y年%m月%d日}）"
    return None


def actuals_refusal(period: Period) -> str | None:
    """Whether values may be typed into ``period`` now (after deployment, until the assessment)."""
    if period.step in OPEN_FOR_ACTUALS:
        return None
    if period.step == S.PLANNED:
        return f"{period}尚未部署，不能填报完成值"
    return f"{period}已考核，完成值不能再修改"
