"""Access to development cases, and the due lists (待办清单) computed from the procedure table."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from zugong.core.access import get_in_scope, scope_q
from zugong.development.models import DevelopmentCase, DevelopmentStep
from zugong.development.procedure import Bounds, History, bounds, label, next_kinds, stage_of


def cases_visible_to(user, capability: str = "members.view"):
    return DevelopmentCase.objects.filter(scope_q(user, capability, "org_path"))


def access_case(user, pk, for_change: bool = False) -> DevelopmentCase:
    cases = cases_visible_to(user, "members.change" if for_change else "members.view")
    return get_in_scope(cases.select_related("organization", "work_unit", "member"), pk)


class Due(StrEnum):
    OVERDUE = "overdue"
    NOW = "now"
    SOON = "soon"
    LATER = "later"


DUE_LABELS = {Due.OVERDUE: "已逾期", Due.NOW: "现在可以办理", Due.SOON: "即将可以办理", Due.LATER: "尚未到期"}


@dataclass(frozen=True)
class DueItem:
    case: DevelopmentCase
    kind: str
    bounds: Bounds
    due: Due

    @property
    def label(self) -> str:
        return label(self.kind)

    @property
    def stage_number(self) -> int:
        return stage_of(self.kind)

    @property
    def explanation(self) -> str:
        if self.due is Due.OVERDUE:
            return f"应于{self.bounds.due_by:%Y-%m-%d}前办理：{self.bounds.due_rule}"
        if self.due in (Due.SOON, Due.LATER):
            return f"{self.bounds.earliest:%Y-%m-%d}起可以办理：{self.bounds.earliest_rule}"
        if self.bounds.due_by is not None:
            return f"请于{self.bounds.due_by:%Y-%m-%d}前办理：{self.bounds.due_rule}"
        return ""


def classify(limits: Bounds, today: dt.date, soon_days: int) -> Due:
    """The same dates the refusals use: NOW exactly when a step dated today is not refused for its timing."""
    if limits.earliest > today:
        return Due.SOON if limits.earliest <= today + dt.timedelta(days=soon_days) else Due.LATER
    if limits.due_by is not None and limits.due_by < today:
        return Due.OVERDUE
    if limits.latest is not None and limits.latest < today:
        return Due.OVERDUE
    return Due.NOW


def due_items(cases, today: dt.date, values: dict) -> list[DueItem]:
    """Every open case's next step(s), classified; two queries whatever the number of cases."""
    cases = list(cases.open().select_related("organization"))
    done: dict[int, list] = defaultdict(list)
    for case_id, kind, day in DevelopmentStep.objects.filter(case__in=cases).values_list("case_id", "kind", "done_on"):
        done[case_id].append((kind, day))
    soon = int(values["development.due_soon_days"])
    items = []
    for case in cases:
        history = History.of(case, done[case.pk])
        for kind in next_kinds(history, values):
            limits = bounds(kind, history, values)
            if kind in history.done:  # a repeatable step (half-yearly review): listed only when it falls due
                if limits.due_by is None or limits.due_by > today + dt.timedelta(days=soon):
                    continue
            items.append(DueItem(case, kind, limits, classify(limits, today, soon)))
    return items


@dataclass
class RollupRow:
    organization: object
    counts: dict[Due, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def rollup(items: list[DueItem], depth: int) -> list[RollupRow]:
    """Counts per organization at ``depth`` (each township, or each branch): the due lists rolled up the tree."""
    from zugong.organizations.models import Organization

    width = 10 * depth
    by_prefix: dict[str, dict[Due, int]] = {}
    for item in items:
        prefix = item.case.org_path[:width]
        counts = by_prefix.setdefault(prefix, dict.fromkeys(Due, 0))
        counts[item.due] += 1
    organizations = {o.path: o for o in Organization.objects.filter(path__in=list(by_prefix))}
    return [RollupRow(organizations[p], by_prefix[p]) for p in sorted(by_prefix) if p in organizations]
