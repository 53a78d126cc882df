"""Statistics as of a day for a part of the tree: one aggregate query, and the records behind any cell."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from zugong.core.access import scope_q
from zugong.core.tree import subtree_q
from zugong.members.models import MembershipPeriod
from zugong.statistics.tables import MEMBER_TABLES, TABLES, Table


def periods_on(user, day: dt.date, within: str):
    """Each member on the register on ``day`` in the subtree ``within`` — where they were then — once."""
    return MembershipPeriod.objects.filter(
        subtree_q(within, "org_path"), scope_q(user, "members.view", "org_path"), started_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


@dataclass(frozen=True)
class TableFigures:
    table: Table
    total: int
    counts: dict[str, int]

    def rows(self):
        return [(cell, self.counts[cell.key]) for cell in self.table.cells]


def member_tables(user, day: dt.date, within: str) -> list[TableFigures]:
    """Every member table in one query: conditional counts over the periods open on the day."""
    aggregates = {"total": Count("pk")}
    for table in MEMBER_TABLES:
        for cell in table.cells:
            aggregates[f"{table.key}__{cell.key}"] = Count("pk", filter=cell.condition(day))
    counts = periods_on(user, day, within).aggregate(**aggregates)
    return [TableFigures(table, counts["total"],
                        {cell.key: counts[f"{table.key}__{cell.key}"] for cell in table.cells})
            for table in MEMBER_TABLES]


def cell_periods(user, day: dt.date, within: str, table: str, cell: str | None):
    """The members a cell counts (``cell`` None: everyone counted), each with the organization they were in then."""
    periods = periods_on(user, day, within)
    if cell is not None:
        periods = periods.filter(TABLES[table].cell(cell).condition(day))
    return periods.select_related("member", "organization").order_by("org_path", "member__name", "member_id")


def children_tables(user, day: dt.date, parent, children) -> list[tuple[object, list[TableFigures]]]:
    """One level of the tree broken down: each child's tables (its subtree)."""
    return [(child, member_tables(user, day, child.path)) for child in children]
