"""Statistics as of a day for a part of the tree: one aggregate query, and the records behind any cell."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from zugong.core.access import scope_q
from zugong.core.tree import subtree_q
from zugong.development.models import DevelopmentStep
from zugong.members.models import MembershipPeriod
from zugong.organizations.models import Organization
from zugong.statistics.tables import ALL_TABLES, MEMBER_TABLES, TABLES, Table


def _year_start(day: dt.date) -> dt.date:
    return day.replace(month=1, day=1)


def periods_on(user, day: dt.date, within: str):
    """Each member on the register on ``day`` in the subtree ``within`` — where they were then — once."""
    return MembershipPeriod.objects.filter(
        subtree_q(within, "org_path"), scope_q(user, "members.view", "org_path"), started_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def steps_in_year(user, day: dt.date, within: str):
    """Development steps taken from 1 January to the day, in the subtree (where the case is)."""
    return DevelopmentStep.objects.filter(
        subtree_q(within, "case__org_path"), scope_q(user, "members.view", "case__org_path"),
        done_on__range=(_year_start(day), day))


def left_in_year(user, day: dt.date, within: str):
    """Members who left the register from 1 January to the day, from the organization they were in."""
    return MembershipPeriod.objects.filter(
        subtree_q(within, "org_path"), scope_q(user, "members.view", "org_path"),
        ended_on__range=(_year_start(day), day)).exclude(end_reason=MembershipPeriod.EndReason.TRANSFERRED)


def organizations_on(user, day: dt.date, within: str):
    """Organizations that existed on the day (founded by then, not yet closed), in their current place."""
    return Organization.objects.filter(
        subtree_q(within, "path"), scope_q(user, "organizations.view", "path"),
        Q(founded_on__isnull=True) | Q(founded_on__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gt=day))


SOURCES = {"members": periods_on, "development": steps_in_year, "left": left_in_year,
           "organizations": organizations_on}
LISTS = {  # how a cell's records are shown
    "members": lambda qs: qs.select_related("member", "organization").order_by("org_path", "member__name", "member_id"),
    "left": lambda qs: qs.select_related("member", "organization").order_by("org_path", "member__name", "member_id"),
    "development": lambda qs: qs.select_related("case", "case__organization").order_by("case__org_path", "case__name"),
    "organizations": lambda qs: qs.select_related("parent").order_by("path"),
}


@dataclass(frozen=True)
class TableFigures:
    table: Table
    total: int
    counts: dict[str, int]

    def rows(self):
        return [(cell, self.counts[cell.key]) for cell in self.table.cells]


def tables(user, day: dt.date, within: str, chosen=ALL_TABLES) -> list[TableFigures]:
    """The chosen tables, one aggregate query per source: conditional counts over its records on the day."""
    found: dict[str, TableFigures] = {}
    for source in dict.fromkeys(t.source for t in chosen):
        group = [t for t in chosen if t.source == source]
        aggregates = {"total": Count("pk")}
        for table in group:
            for cell in table.cells:
                aggregates[f"{table.key}__{cell.key}"] = Count("pk", filter=cell.condition(day))
        counts = SOURCES[source](user, day, within).aggregate(**aggregates)
        for table in group:
            found[table.key] = TableFigures(table, counts["total"],
                                            {c.key: counts[f"{table.key}__{c.key}"] for c in table.cells})
    return [found[t.key] for t in chosen]


def member_tables(user, day: dt.date, within: str) -> list[TableFigures]:
    return tables(user, day, within, MEMBER_TABLES)


def cell_records(user, day: dt.date, within: str, table: str, cell: str | None):
    """The records a cell counts (``cell`` None: the table's total) — the same condition that counted it."""
    source = TABLES[table].source
    records = SOURCES[source](user, day, within)
    if cell is not None:
        records = records.filter(TABLES[table].cell(cell).condition(day))
    return LISTS[source](records)


def children_tables(user, day: dt.date, parent, children) -> list[tuple[object, list[TableFigures]]]:
    """One level of the tree broken down: each child's tables (its subtree)."""
    return [(child, tables(user, day, child.path)) for child in children]
