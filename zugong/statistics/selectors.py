"""Statistics as of a day for a part of the tree: one aggregate query, and the records behind any cell."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from zugong.core.access import scope_q
from zugong.core.tree import SEGMENT_WIDTH, subtree_q
from zugong.development.models import DevelopmentStep
from zugong.dues.models import DuesPayment
from zugong.members.models import MembershipPeriod
from zugong.organizations.models import Organization
from zugong.statistics.tables import ALL_TABLES, MEMBER_TABLES, TABLES, Table


def _year_start(day: dt.date) -> dt.date:
    return day.replace(month=1, day=1)


def _periods_on(day: dt.date, within: str):
    """Each member on the register on ``day`` in the subtree ``within`` — where they were then — once."""
    return MembershipPeriod.objects.filter(subtree_q(within, "org_path"), started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _steps_in_year(day: dt.date, within: str):
    """Development steps taken from 1 January to the day, in the subtree (where the case is)."""
    return DevelopmentStep.objects.filter(subtree_q(within, "case__org_path"),
                                          done_on__range=(_year_start(day), day))


def _left_in_year(day: dt.date, within: str):
    """Members who left the register from 1 January to the day, from the organization they were in."""
    return MembershipPeriod.objects.filter(subtree_q(within, "org_path"), ended_on__range=(_year_start(day), day)
                                           ).exclude(end_reason=MembershipPeriod.EndReason.TRANSFERRED)


def _dues_in_year(day: dt.date, within: str):
    """Dues paid from 1 January to the day, to the organizations in the subtree (where the member paid)."""
    return DuesPayment.objects.filter(subtree_q(within, "organization__path"), paid_on__range=(_year_start(day), day))


def _organizations_on(day: dt.date, within: str):
    """Organizations that existed on the day (founded by then, not yet closed), in their current place."""
    return Organization.objects.filter(
        subtree_q(within, "path"), Q(founded_on__isnull=True) | Q(founded_on__lte=day),
        Q(closed_on__isnull=True) | Q(closed_on__gt=day))


@dataclass(frozen=True)
class Source:
    """What a table counts: its records on a day in a subtree, where each record sits in the tree, and who sees it."""

    records: Callable[[dt.date, str], QuerySet]
    path_field: str
    capability: str = "members.view"

    def visible(self, user, day: dt.date, within: str) -> QuerySet:
        return self.records(day, within).filter(scope_q(user, self.capability, self.path_field))


SOURCE_DEFINITIONS = {
    "members": Source(_periods_on, "org_path"),
    "development": Source(_steps_in_year, "case__org_path"),
    "left": Source(_left_in_year, "org_path"),
    "dues": Source(_dues_in_year, "organization__path"),
    "organizations": Source(_organizations_on, "path", "organizations.view"),
}


def periods_on(user, day: dt.date, within: str):
    return SOURCE_DEFINITIONS["members"].visible(user, day, within)


def steps_in_year(user, day: dt.date, within: str):
    return SOURCE_DEFINITIONS["development"].visible(user, day, within)


def left_in_year(user, day: dt.date, within: str):
    return SOURCE_DEFINITIONS["left"].visible(user, day, within)


def dues_in_year(user, day: dt.date, within: str):
    return SOURCE_DEFINITIONS["dues"].visible(user, day, within)


def organizations_on(user, day: dt.date, within: str):
    return SOURCE_DEFINITIONS["organizations"].visible(user, day, within)


SOURCES = {"members": periods_on, "development": steps_in_year, "left": left_in_year, "dues": dues_in_year,
           "organizations": organizations_on}
MONTH_FIELDS = {"development": "done_on", "dues": "paid_on"}  # a chart's bar of one month narrows a cell by these
LISTS = {  # how a cell's records are shown
    "members": lambda qs: qs.select_related("member", "organization").order_by("org_path", "member__name", "member_id"),
    "left": lambda qs: qs.select_related("member", "organization").order_by("org_path", "member__name", "member_id"),
    "development": lambda qs: qs.select_related("case", "case__organization").order_by("case__org_path", "case__name"),
    "dues": lambda qs: qs.select_related("member", "organization").order_by("organization__path", "member__name",
                                                                             "month"),
    "organizations": lambda qs: qs.select_related("parent").order_by("path"),
}


@dataclass(frozen=True)
class TableFigures:
    table: Table
    total: int
    counts: dict[str, int]
    total_amount: Decimal | None = None  # only for tables with an ``amount``
    amounts: dict[str, Decimal] = field(default_factory=dict)

    def rows(self):
        return [(cell, self.counts[cell.key]) for cell in self.table.cells]

    def amount(self, key: str | None) -> Decimal | None:
        if not self.table.amount:
            return None
        return self.total_amount if key is None else self.amounts[key]


def aggregates(group: list[Table], day: dt.date) -> dict:
    """The conditional counts (and sums, for money tables) of one source's tables, keyed ``<table>__<cell>``."""
    found: dict = {"total": Count("pk")}
    for table in group:
        if table.amount:
            found[f"{table.key}__amount"] = Sum(table.amount)
        for cell in table.cells:
            found[f"{table.key}__{cell.key}"] = Count("pk", filter=cell.condition(day))
            if table.amount:
                found[f"{table.key}__{cell.key}__amount"] = Sum(table.amount, filter=cell.condition(day))
    return found


def figures_of(table: Table, counts: dict) -> TableFigures:
    """A table's figures out of the counts ``aggregates`` produced (from the database or from a snapshot)."""
    figures = TableFigures(table, counts["total"], {c.key: counts[f"{table.key}__{c.key}"] for c in table.cells})
    if table.amount:  # a sum over no rows is NULL: no money is 0
        figures = TableFigures(
            table, figures.total, figures.counts, money(counts[f"{table.key}__amount"]),
            {c.key: money(counts[f"{table.key}__{c.key}__amount"]) for c in table.cells})
    return figures


def tables(user, day: dt.date, within: str, chosen=ALL_TABLES, *, live: bool = False) -> list[TableFigures]:
    """The chosen tables, one aggregate query per source: conditional counts over its records on the day.

    When the day's statistics were finalized (``snapshots.freeze``) they are read from the snapshot instead,
    unless ``live`` asks for the records as they are now.
    """
    if not live:
        from zugong.statistics import snapshots  # the snapshot module builds on this one

        kept = snapshots.figures(user, day, within, chosen)
        if kept is not None:
            return kept
    found: dict[str, TableFigures] = {}
    for source in dict.fromkeys(t.source for t in chosen):
        group = [t for t in chosen if t.source == source]
        counts = SOURCES[source](user, day, within).aggregate(**aggregates(group, day))
        for table in group:
            found[table.key] = figures_of(table, counts)
    return [found[t.key] for t in chosen]


def money(value) -> Decimal:
    """A sum of money to the fen (SQLite sums decimals as floating point)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def member_tables(user, day: dt.date, within: str) -> list[TableFigures]:
    return tables(user, day, within, MEMBER_TABLES)


def cell_records(user, day: dt.date, within: str, table: str, cell: str | None):
    """The records a cell counts (``cell`` None: the table's total) — the same condition that counted it."""
    source = TABLES[table].source
    records = SOURCES[source](user, day, within)
    if cell is not None:
        records = records.filter(TABLES[table].cell(cell).condition(day))
    return LISTS[source](records)


def children_tables(user, day: dt.date, parent, children, chosen=ALL_TABLES, *, live: bool = False
                    ) -> list[tuple[object, list[TableFigures]]]:
    """One level of the tree broken down: each child's tables (its subtree).

    From the finalized day when its snapshot covers every child (one read of their rows), otherwise one
    grouped query per source over the parent's subtree — each record counted under the child whose subtree
    holds it (its path's first segment below the parent) — instead of one query per child and source.
    """
    children = list(children)
    if not live:
        from zugong.statistics import snapshots  # the snapshot module builds on this one

        kept = snapshots.figures_for(user, day, [child.path for child in children], chosen)
        if kept is not None:
            return [(child, kept[child.path]) for child in children]
    width = len(parent.path) + SEGMENT_WIDTH
    found: dict[str, dict[str, TableFigures]] = {child.path: {} for child in children}
    for source in dict.fromkeys(t.source for t in chosen):
        group = [t for t in chosen if t.source == source]
        definition = SOURCE_DEFINITIONS[source]
        wanted = aggregates(group, day)
        rows = (definition.visible(user, day, parent.path).order_by()
                .annotate(child_path=Substr(definition.path_field, 1, width)).values("child_path")
                .annotate(**wanted))
        by_child = {row.pop("child_path"): row for row in rows}
        nothing = dict.fromkeys(wanted, 0)  # a child with no records: every count and sum 0
        for path, figures in found.items():
            counts = by_child.get(path, nothing)
            for table in group:
                figures[table.key] = figures_of(table, counts)
    return [(child, [found[child.path][t.key] for t in chosen]) for child in children]
