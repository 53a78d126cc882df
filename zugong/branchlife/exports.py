"""The .xlsx of the branch-work overview (三会一课落实情况): for each child organization of the chosen one, each kind
of meeting it owes in the chosen year — the rule, the count for the whole year, the count due in the periods
already ended, the meetings held and the periods that fell short — and a second sheet with the shortfalls of the
last complete periods under the chosen organization (the overview's list, the nightly check's findings).

A few grouped queries for all the children at once; every cell through ``core.downloads.write_cell(s)``.
"""

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from zugong.branchlife import policies as P
from zugong.branchlife.models import Meeting
from zugong.branchlife.selectors import (
    FREQUENCIES,
    MONTH,
    QUARTER,
    Frequency,
    Shortfall,
    member_counts,
    owed_kinds,
    periods_within,
)
from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.core.policy import policy_values
from zugong.organizations.models import Organization

RULE_UNIT = {MONTH: "每月", QUARTER: "每季度"}


@dataclass(frozen=True)
class KindRow:
    organization: Organization
    frequency: Frequency
    per_period: int
    year_expected: int  # every period of the year
    due_so_far: int  # the periods of the year that have ended (before today)
    held: int  # held in the year
    short: list[str]  # the ended periods with fewer than ``per_period``

    @property
    def rule(self) -> str:
        return f"{RULE_UNIT.get(self.frequency.period, '每年')}{self.per_period}次"


def child_rows(organization: Organization, children: list[Organization], year: int,
               today: dt.date) -> list[KindRow]:
    """One row per child and kind it owes in ``year``, in the children's order."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    values = policy_values("branchlife.")
    min_full = int(values[P.COMMITTEE_MIN_FULL_MEMBERS.key])
    counts = member_counts(children, organization.path)
    days: dict[tuple[int, str], dict[dt.date, int]] = defaultdict(dict)
    for org_id, kind, held_on, n in (Meeting.objects.filter(organization__in=children, held_on__range=(start, end))
                                     .values_list("organization_id", "kind", "held_on").annotate(n=Count("pk"))):
        days[(org_id, kind)][held_on] = n
    rows = []
    for child in children:
        total, full = counts.get(child.pk, (0, 0))
        if not total:
            continue
        owed = owed_kinds(child.kind, full, min_full, child.sector)
        for frequency in FREQUENCIES:
            if frequency.kind not in owed:
                continue
            per_period = int(values[frequency.policy.key])
            held_days = days[(child.pk, frequency.kind)]
            periods = [p for p in periods_within(frequency.period, start, end)
                       if child.founded_on is None or child.founded_on <= p.start]
            ended = [p for p in periods if p.end < today]
            short = [p.label for p in ended
                     if sum(n for day, n in held_days.items() if p.start <= day <= p.end) < per_period]
            rows.append(KindRow(child, frequency, per_period, len(periods) * per_period, len(ended) * per_period,
                                sum(held_days.values()), short))
    return rows


def overview_workbook(organization: Organization, year: int, today: dt.date, rows: list[KindRow],
                      shortfalls: list[Shortfall]) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1})
    short = book.add_format({"border": 1, "font_color": "#C00000"})

    sheet = book.add_worksheet("应召开与已召开")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 5, 12)
    sheet.set_column(6, 6, 40)
    sheet.set_column(7, 7, 50)
    write_cell(sheet, 0, 0, f"{organization.name}所属党组织{year}年三会一课落实情况（截至{today:%Y-%m-%d}）", title)
    write_cells(sheet, 2, 0, ["党组织", "会议类型", "规定次数", "全年应召开", "已结束期间应召开", "已召开",
                              "未达到要求的期间", "依据"], head)
    for row, line in enumerate(rows, start=3):
        write_cells(sheet, row, 0, [line.organization.name, line.frequency.label, line.rule, line.year_expected,
                                    line.due_so_far, line.held], cell)
        write_cells(sheet, row, 6, ["、".join(line.short), line.frequency.policy.source],
                    short if line.short else cell)
    if not rows:
        write_cell(sheet, 3, 0, "下级党组织没有应召开的三会一课（没有下级党组织，或下级党组织没有在册党员）")

    found = book.add_worksheet("未达到要求")
    found.set_column(0, 0, 30)
    found.set_column(1, 2, 24)
    found.set_column(3, 4, 10)
    write_cell(found, 0, 0, f"{organization.name}范围内上一个完整期间未达到要求的党组织（{today:%Y-%m-%d}）", title)
    write_cells(found, 2, 0, ["党组织", "会议类型", "期间", "应召开", "已召开"], head)
    for row, item in enumerate(shortfalls, start=3):
        write_cells(found, row, 0, [item.organization.name, item.tally.frequency.label, item.period.label,
                                    item.tally.expected, item.tally.held], cell)
    book.close()
    return buffer.getvalue()
