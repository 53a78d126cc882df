"""Working days (工作日) on China's calendar: statutory holidays and make-up working days from ``chinese_calendar``.

The library holds the State Council's yearly holiday arrangements; for a year it has no data for (the
arrangement is published each November for the next year) the days are counted Monday to Friday, and the
result says so (``WorkingDays.note``) so that the page and the notice can show it. There is no hand list.
"""

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class WorkingDays:
    start: dt.date  # the first working day counted
    end: dt.date  # the last working day of the period
    note: str  # empty, or which year was counted Monday to Friday


def is_working_day(day: dt.date) -> tuple[bool, bool]:
    """(working day?, known from the holiday arrangement?)"""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def count_from(first: dt.date, days: int) -> WorkingDays:
    """The period of ``days`` working days beginning on ``first`` (or on the next working day after it)."""
    day, counted, start = first, 0, None
    guessed: set[int] = set()
    while True:
        working, known = is_working_day(day)
        if not known:
            guessed.add(day.year)
        if working:
            counted += 1
            start = start or day
            if counted == days:
                break
        day += dt.timedelta(days=1)
    note = ""
    if guessed:
        years = "、".join(f"{year}年" for year in sorted(guessed))
        note = f"{years}的法定节假日安排尚未收录（chinese_calendar），按周一至周五计算工作日，请核对国务院放假通知"
    assert start is not None
    return WorkingDays(start, day, note)


def next_working_day(after: dt.date) -> dt.date:
    return count_from(after + dt.timedelta(days=1), 1).end
