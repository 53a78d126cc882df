"""Date arithmetic for rules stated in months and years."""

import calendar
import datetime as dt

from django.utils.translation import get_language


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def month_start(day: dt.date) -> dt.date:
    """The first day of the day's month: months (dues, ledgers) are stored as their first day."""
    return day.replace(day=1)


def chinese_date(day: dt.date) -> str:
    """A date as Chinese documents and messages write it: 2026年10月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def day_text(day: dt.date) -> str:
    """A day in a sentence: 2026年10月1日 in Chinese, 2026-10-01 in another language."""
    return chinese_date(day) if (get_language() or "zh").startswith("zh") else day.isoformat()
