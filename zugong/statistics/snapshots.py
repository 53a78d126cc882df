"""Annual statistics counted once and kept (年报定稿).

The annual party statistics are compiled as of a day (31 December), checked and then reported; afterwards the
reported figures are the figures. ``freeze`` counts every table for every organization of a subtree once —
one grouped query per source, the same conditions as the live tables — and keeps, per organization, the
counts of its whole subtree. From then on ``selectors.tables`` for that day reads the rows of the
organizations a user's scope needs (usually one) instead of counting millions of records again; the page
says the figures are finalized and offers the live count (records corrected later count there, not here).
Counting anew replaces the snapshot. When two people finalize the same day and organization at once (并发), the
root organization's row is locked while the snapshot is replaced, and a count that finds a snapshot made since it
began is not kept: the other one stands (it counted the same records) and the second is told so.
"""

import datetime as dt
import time
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import record_event
from zugong.core.models import AuditEvent
from zugong.core.submissions import constraint_message
from zugong.core.tree import is_within, outermost, subtree_q
from zugong.organizations.models import Organization
from zugong.statistics import reports, selectors
from zugong.statistics.models import Snapshot, SnapshotRow
from zugong.statistics.tables import ALL_TABLES

FINALIZE = "statistics.finalize"
constraint_message("statistics_snapshot_once", "该时点的统计刚刚已由他人定稿，本次未重复保存；请刷新页面查看")
constraint_message("statistics_snapshot_path_once", "该时点的统计刚刚已由他人定稿，本次未重复保存；请刷新页面查看")
SEGMENT = 10  # digits of one organization in a path (core.tree)


def freeze(actor, day: dt.date, root: Organization) -> Snapshot:
    """Count every table as of ``day`` for ``root``'s subtree and keep the counts (replacing an earlier count)."""
    if not path_in_scope(actor, FINALIZE, root.path):
        raise DomainError(f"您无权对「{root}」的统计定稿", field="organization")
    seen = _current(day, root)
    started = time.perf_counter()
    direct: dict[str, dict[str, object]] = defaultdict(dict)
    for source_key, definition in selectors.SOURCE_DEFINITIONS.items():
        group = [t for t in ALL_TABLES if t.source == source_key]
        rows = (definition.records(day, root.path).order_by().values(definition.path_field)
                .annotate(**selectors.aggregates(group, day)))
        for row in rows:
            counts = direct[row.pop(definition.path_field)]
            counts[f"{source_key}__total"] = row.pop("total")
            counts.update((key, _stored(key, value)) for key, value in row.items())
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=root.pk).values_list("pk").first()
        if (made := _current(day, root)) is not None and made.pk != getattr(seen, "pk", None):
            raise DomainError(f"{root}{day:%Y-%m-%d}的统计刚刚已由{made.made_by or '他人'}定稿"
                              f"（{timezone.localtime(made.made_at):%H:%M:%S}），本次未重复保存；定稿数以该次为准")
        # Lower instances' packages count as their organizations' records; read under the root's lock, which an
        # import takes too (reports.import_package), so a package is in this snapshot or corrects it afterwards.
        reports.add_imported(direct, day, root.path)
        cumulative = _roll_up(direct, root.path)
        Snapshot.objects.filter(subtree_q(root.path, "path"), day=day).delete()
        snapshot = Snapshot.objects.create(day=day, path=root.path, made_by=actor,
                                           seconds=round(time.perf_counter() - started, 3))
        SnapshotRow.objects.bulk_create((SnapshotRow(snapshot=snapshot, path=path, counts=_json(counts))
                                         for path, counts in cumulative.items()), batch_size=2000)
        record_event(actor, AuditEvent.Action.CREATE, root, subject=root,
                     message=f"{day:%Y-%m-%d}统计定稿（{len(cumulative)}个党组织）")
    return snapshot


def _current(day: dt.date, root: Organization) -> Snapshot | None:
    return Snapshot.objects.filter(day=day, path=root.path).select_related("made_by").first()


def _stored(key: str, value) -> object:
    return selectors.money(value) if key.endswith("__amount") else value


def _roll_up(direct: dict[str, dict[str, object]], root_path: str) -> dict[str, dict[str, object]]:
    """Each organization's counts plus all its descendants' (children added to parents, deepest first)."""
    cumulative = {path: dict(counts) for path, counts in direct.items()}
    for path in sorted(cumulative, key=len, reverse=True):
        if len(path) <= len(root_path):
            continue
        parent = cumulative.setdefault(path[:-SEGMENT], {})
        for key, value in cumulative[path].items():
            parent[key] = parent.get(key, 0) + value  # type: ignore[operator]
    return cumulative


def _json(counts: dict[str, object]) -> dict[str, object]:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in counts.items()}


def snapshot_for(day: dt.date, path: str, snapshots=None) -> Snapshot | None:
    """The day's snapshot that covers ``path`` (the most specific one)."""
    found = [s for s in (Snapshot.objects.filter(day=day) if snapshots is None else snapshots)
             if is_within(path, s.path)]
    return max(found, key=lambda s: len(s.path), default=None)


def covering_paths(user, capability: str, within: str) -> list[str]:
    """The organizations whose subtrees make up what the user sees of ``within``: ``within`` itself, or the
    roots of the user's scope inside it."""
    prefixes = user.scope_prefixes(capability) if user.is_authenticated else []
    if any(is_within(within, prefix) for prefix in prefixes):
        return [within]
    return outermost([prefix for prefix in prefixes if is_within(prefix, within)])


def figures(user, day: dt.date, within: str, chosen=ALL_TABLES) -> list[selectors.TableFigures] | None:
    """The chosen tables from the day's snapshot, or None when no snapshot covers what the user sees."""
    found = figures_for(user, day, [within], chosen)
    return None if found is None else found[within]


def figures_for(user, day: dt.date, withins: list[str], chosen=ALL_TABLES
                ) -> dict[str, list[selectors.TableFigures]] | None:
    """The chosen tables of several subtrees (a breakdown's children) from the day's snapshots in one read of
    their rows, or None when a snapshot does not cover what the user sees of one of them."""
    snapshots = list(Snapshot.objects.filter(day=day))
    if not snapshots:
        return None
    needed = {within: {source: covering_paths(user, selectors.SOURCE_DEFINITIONS[source].capability, within)
                       for source in dict.fromkeys(t.source for t in chosen)} for within in withins}
    paths = {path for by_source in needed.values() for found in by_source.values() for path in found}
    holder = {path: snapshot_for(day, path, snapshots) for path in paths}
    if any(snapshot is None for snapshot in holder.values()):
        return None
    rows = {(row.snapshot_id, row.path): row.counts for row in
            SnapshotRow.objects.filter(snapshot__in={s.pk for s in holder.values() if s}, path__in=paths)}
    result = {}
    for within in withins:
        found = {}
        for table in chosen:
            parts = [rows.get((holder[path].pk, path), {})  # type: ignore[union-attr]
                     for path in needed[within][table.source]]
            counts = {"total": sum(part.get(f"{table.source}__total", 0) for part in parts)}
            for key in _keys(table):
                counts[key] = sum((_value(key, part.get(key)) for part in parts), _value(key, None))
            found[table.key] = selectors.figures_of(table, counts)
        result[within] = [found[t.key] for t in chosen]
    return result


def _keys(table) -> list[str]:
    keys = [f"{table.key}__{cell.key}" for cell in table.cells]
    if table.amount:
        keys += [f"{table.key}__amount"] + [f"{table.key}__{cell.key}__amount" for cell in table.cells]
    return keys


def _value(key: str, stored) -> Decimal | int:
    if key.endswith("__amount"):
        return Decimal(stored or 0)
    return stored or 0
