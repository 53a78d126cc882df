"""The dues table (党费交纳标准): which share of the base, or which fixed amount, a member pays in a month.

The national table of 中组发〔2008〕3号 is the built-in first version of every category; a department adds
later versions (``set_schedule``), each applying from its month on. Old months keep the version of their time.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zugong.core.access import DomainError
from zugong.core.audit import record_event
from zugong.core.dates import month_start
from zugong.core.models import AuditEvent
from zugong.core.policy import require_policy_change
from zugong.dues.models import DuesBracket
from zugong.members.codes import BASED_DUES_CATEGORIES, DuesCategory

CENT = Decimal("0.01")
NATIONAL_SOURCE = "中组发〔2008〕3号《关于中国共产党党费收缴、使用和管理的规定》"
NATIONAL_FROM = dt.date(2008, 4, 1)


def _chinese(text: str) -> str:
    return text


@dataclass(frozen=True)
class Bracket:
    up_to: Decimal | None  # inclusive; None: everything above the previous bracket
    rate_percent: Decimal | None = None
    fixed_amount: Decimal | None = None

    # words: _chinese for what is stored and audited, gettext for a page in the reader's language
    def amount_text(self, words=_chinese) -> str:
        if self.rate_percent is not None:
            return f"{self.rate_percent.normalize():f}%"
        return words("每月 %(amount)s 元") % {"amount": self.fixed_amount}

    def describe(self, words=_chinese) -> str:
        amount = self.amount_text(words)
        return amount if self.up_to is None else words("%(up_to)s 元及以下：%(amount)s") % {
            "up_to": f"{self.up_to.normalize():f}", "amount": amount}


@dataclass(frozen=True)
class Schedule:
    category: str
    effective_from: dt.date
    brackets: tuple[Bracket, ...]
    source: str

    @property
    def lines(self) -> list[str]:
        """The brackets as a person reads them: ``3000 元及以下：0.5%`` … ``10000 元以上：2%`` (Chinese: audited)."""
        return self._lines(_chinese)

    @property
    def shown_lines(self) -> list[str]:
        """The same lines in the reader's language, for pages."""
        return self._lines(gettext)

    def _lines(self, words) -> list[str]:
        lines, previous = [], None
        for bracket in self.brackets:
            if bracket.up_to is None and previous is not None:
                lines.append(words("%(above)s 元以上：%(amount)s") % {
                    "above": f"{previous.normalize():f}", "amount": bracket.amount_text(words)})
            else:
                lines.append(bracket.describe(words))
            previous = bracket.up_to
        return lines

    def due(self, base: Decimal | None) -> Decimal | None:
        """The monthly amount for a base; None when the category needs a base and none is recorded."""
        for bracket in self.brackets:
            if bracket.fixed_amount is not None and bracket.up_to is None:
                return bracket.fixed_amount
            if base is None:
                return None
            if bracket.up_to is None or base <= bracket.up_to:
                if bracket.fixed_amount is not None:
                    return bracket.fixed_amount
                assert bracket.rate_percent is not None
                return (base * bracket.rate_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        return None


def _percent(*pairs) -> tuple[Bracket, ...]:
    return tuple(Bracket(None if up is None else Decimal(up), rate_percent=Decimal(rate)) for up, rate in pairs)


_EARNERS = _percent(("3000", "0.5"), ("5000", "1"), ("10000", "1.5"), (None, "2"))
NATIONAL = {
    DuesCategory.WAGE: (_EARNERS, "第二条"),
    DuesCategory.ANNUAL_SALARY: (_EARNERS, "第三条"),
    DuesCategory.SELF_EMPLOYED: (_EARNERS, "第四条"),
    DuesCategory.RETIREE: (_percent(("5000", "0.5"), (None, "1")), "第五条"),
    # 0.2–1 yuan a month, set by each province: the lowest until the department enters its own.
    DuesCategory.FARMER: ((Bracket(None, fixed_amount=Decimal("0.20")),), "第六条（0.2–1元，由省级党委确定，请按本省标准调整）"),
    DuesCategory.STUDENT: ((Bracket(None, fixed_amount=Decimal("0.20")),), "第六条"),
    DuesCategory.RELIEF: ((Bracket(None, fixed_amount=Decimal("0.20")),), "第六条"),
}


class RateTable:
    """Every version of every category, loaded once (the table is small) and asked month by month."""

    def __init__(self, rows: Sequence[DuesBracket]):
        self.versions: dict[str, list[Schedule]] = {
            category: [Schedule(category, NATIONAL_FROM, brackets, f"{NATIONAL_SOURCE} {article}")]
            for category, (brackets, article) in NATIONAL.items()
        }
        grouped: dict[tuple[str, dt.date], list[DuesBracket]] = {}
        for row in rows:
            grouped.setdefault((row.category, row.effective_from), []).append(row)
        for (category, start), brackets in sorted(grouped.items()):
            brackets.sort(key=lambda r: r.position)
            self.versions[category].append(Schedule(
                category, start,
                tuple(Bracket(r.up_to, r.rate_percent, r.fixed_amount) for r in brackets), brackets[0].source,
            ))
        for versions in self.versions.values():
            versions.sort(key=lambda s: s.effective_from)

    @classmethod
    def load(cls) -> "RateTable":
        return cls(list(DuesBracket.objects.all()))

    def schedule(self, category: str, month: dt.date) -> Schedule:
        applicable = [s for s in self.versions[category] if s.effective_from <= month]
        return applicable[-1] if applicable else self.versions[category][0]

    def due(self, category: str, base: Decimal | None, month: dt.date) -> Decimal | None:
        return self.schedule(category, month).due(base)


def set_schedule(actor, category: str, effective_from: dt.date, brackets: list[Bracket], source: str) -> Schedule:
    """A new version of one category's table from ``effective_from`` (a month not yet begun, or this month)."""
    require_policy_change(actor, "党费交纳标准")
    label = str(DuesCategory(category).label)
    if effective_from.day != 1:
        raise DomainError("起用月份应为某月1日", field="effective_from")
    if effective_from < month_start(timezone.localdate()):
        raise DomainError("起用月份不能早于本月：已过去月份的应缴金额按当时的标准计算，不能改动",
                          field="effective_from")
    if not source.strip():
        raise DomainError("请填写调整依据（文件名称与文号）", field="source")
    _check_brackets(category, label, brackets)
    with transaction.atomic():
        DuesBracket.objects.filter(category=category, effective_from=effective_from).delete()
        DuesBracket.objects.bulk_create(
            DuesBracket(category=category, effective_from=effective_from, position=i, up_to=b.up_to,
                     rate_percent=b.rate_percent, fixed_amount=b.fixed_amount, source=source.strip(), created_by=actor)
            for i, b in enumerate(brackets, start=1)
        )
        first = DuesBracket.objects.get(category=category, effective_from=effective_from, position=1)
        record_event(actor, AuditEvent.Action.POLICY, first, message=f"来源：{source.strip()}", changes={
            f"{label}（{effective_from:%Y年%m月}起）": [None, "；".join(Schedule(category, effective_from, tuple(brackets), "").lines)],
        })
    return RateTable.load().schedule(category, effective_from)


def _check_brackets(category: str, label: str, brackets: list[Bracket]) -> None:
    if not brackets:
        raise DomainError("请至少填写一档", field="brackets")
    based = category in BASED_DUES_CATEGORIES
    previous: Decimal | None = None
    for number, bracket in enumerate(brackets, start=1):
        last = number == len(brackets)
        if based and (bracket.rate_percent is None or bracket.fixed_amount is not None):
            raise DomainError(f"第{number}档：{label}党员按基数的比例交纳，请填写比例、不填定额", field="brackets")
        if not based and (bracket.fixed_amount is None or bracket.rate_percent is not None or len(brackets) > 1):
            raise DomainError(f"{label}党员每月交纳定额，请只填一档定额", field="brackets")
        if bracket.rate_percent is not None and not (Decimal(0) < bracket.rate_percent <= Decimal(10)):
            raise DomainError(f"第{number}档：比例应大于0%且不超过10%", field="brackets")
        if bracket.fixed_amount is not None and bracket.fixed_amount <= 0:
            raise DomainError(f"第{number}档：定额应大于0元", field="brackets")
        if last and bracket.up_to is not None:
            raise DomainError(f"第{number}档是最后一档，基数上限应留空（表示以上各档）", field="brackets")
        if not last and bracket.up_to is None:
            raise DomainError(f"第{number}档不是最后一档，请填写基数上限", field="brackets")
        if bracket.up_to is not None and previous is not None and bracket.up_to <= previous:
            raise DomainError(f"第{number}档的基数上限应高于第{number - 1}档（{previous}元）", field="brackets")
        previous = bracket.up_to
