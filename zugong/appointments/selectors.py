"""Access to selection cases (the one access layer of the app), and the due list computed from the procedure."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from zugong.appointments import holds
from zugong.appointments import policies as P
from zugong.appointments.models import (
    CaseCandidate,
    Hold,
    Notice,
    Opinion,
    ProbationReview,
    SelectionCase,
)
from zugong.appointments.procedure import PER_CANDIDATE, Bounds, History, bounds, label, next_kinds
from zugong.core.access import get_in_scope, scope_q
from zugong.core.dates import add_months

VIEW, MANAGE = "appointments.view", "appointments.manage"


def cases_visible_to(user, capability: str = VIEW):
    return SelectionCase.objects.filter(scope_q(user, capability, "org_path")).select_related("unit")


def access_case(user, pk, for_change: bool = False) -> SelectionCase:
    return get_in_scope(cases_visible_to(user, MANAGE if for_change else VIEW), pk)


def access_candidate(user, pk, for_change: bool = False) -> CaseCandidate:
    cases = cases_visible_to(user, MANAGE if for_change else VIEW)
    return get_in_scope(CaseCandidate.objects.filter(case__in=cases).select_related("case", "cadre", "position"), pk)


def access_opinion(user, pk) -> Opinion:
    return get_in_scope(Opinion.objects.filter(case__in=cases_visible_to(user, MANAGE)).select_related("case"), pk)


def access_hold(user, pk) -> Hold:
    return get_in_scope(Hold.objects.filter(case__in=cases_visible_to(user, MANAGE)).select_related("case"), pk)


def access_notice(user, pk, for_change: bool = False) -> Notice:
    cases = cases_visible_to(user, MANAGE if for_change else VIEW)
    return get_in_scope(Notice.objects.filter(case__in=cases).select_related("case__unit"), pk)


def published_notices(on: dt.date):
    """What the portal lists: published on or before the day and not withdrawn (no login, no scope)."""
    return Notice.objects.filter(publish_on__lte=on).exclude(withdraw_on__lte=on).select_related("case__unit")


class Due(StrEnum):
    OVERDUE = "overdue"
    NOW = "now"
    SOON = "soon"
    LATER = "later"
    HELD = "held"


DUE_LABELS = {Due.OVERDUE: "已逾期", Due.NOW: "现在可以办理", Due.SOON: "即将可以办理", Due.LATER: "尚未到期",
              Due.HELD: "暂缓"}


@dataclass(frozen=True)
class DueItem:
    case: SelectionCase
    kind: str
    candidate: CaseCandidate | None
    bounds: Bounds
    due: Due
    held: str = ""

    @property
    def label(self) -> str:
        return label(self.kind) + (f"（{self.candidate.name}）" if self.candidate else "")

    @property
    def explanation(self) -> str:
        if self.due is Due.HELD:
            return self.held
        if self.due is Due.OVERDUE:
            return f"应于{self.bounds.due_by or self.bounds.latest:%Y-%m-%d}前办理：{self.bounds.due_rule or self.bounds.latest_rule}"
        if self.due in (Due.SOON, Due.LATER):
            return f"{self.bounds.earliest:%Y-%m-%d}起可以办理：{self.bounds.earliest_rule}"
        if self.bounds.due_by is not None:
            return f"请于{self.bounds.due_by:%Y-%m-%d}前办理：{self.bounds.due_rule}"
        return ""


def classify(limits: Bounds, today: dt.date, soon_days: int) -> Due:
    """The dates the refusals use: NOW exactly when a step dated today is not refused for its timing."""
    if limits.earliest > today:
        return Due.SOON if limits.earliest <= today + dt.timedelta(days=soon_days) else Due.LATER
    if limits.due_by is not None and limits.due_by < today:
        return Due.OVERDUE
    if limits.latest is not None and limits.latest < today:
        return Due.OVERDUE
    return Due.NOW


def pending_steps(case: SelectionCase, history: History, values: dict) -> list[tuple[str, CaseCandidate | None, Bounds]]:
    """The next step(s) of a case, one row per candidate for a per-candidate step."""
    candidates = {c.pk: c for c in case.candidates.all()}
    rows = []
    for kind in next_kinds(history):
        if kind in PER_CANDIDATE:
            for pk in history.concerned(kind):
                if (kind, pk) not in history.per and pk in candidates:
                    rows.append((kind, candidates[pk], bounds(kind, history, values, pk)))
        else:
            rows.append((kind, None, bounds(kind, history, values)))
    return rows


def due_items(cases, today: dt.date, values: dict) -> list[DueItem]:
    soon = int(values[P.DUE_SOON_DAYS.key])
    items = []
    open_cases = cases.filter(status__in=[SelectionCase.Status.OPEN, SelectionCase.Status.PROBATION])
    for case in open_cases.prefetch_related("candidates__cadre"):
        reasons = holds.holds_on(case)
        history = History.of(case, reasons)
        for kind, candidate, limits in pending_steps(case, history, values):
            held = [r for r in history.holds_for(candidate.pk if candidate else None)]
            if held and kind in ("decision", "appointment"):
                items.append(DueItem(case, kind, candidate, limits, Due.HELD, held[0].text))
                continue
            items.append(DueItem(case, kind, candidate, limits, classify(limits, today, soon)))
    return items


def stalled(cases, today: dt.date, values: dict):
    """Open cases with no step for longer than the policy's months (a case on probation waits by design)."""
    months = int(values[P.STALLED_MONTHS.key])
    for case in cases.filter(status=SelectionCase.Status.OPEN, last_step_on__isnull=False):
        if add_months(case.last_step_on, months) < today:
            yield case, add_months(case.last_step_on, months)


def reviews_due(cases, today: dt.date, values: dict):
    """Probation reviews falling due within the due-soon days, or overdue past the grace months."""
    grace, soon = int(values[P.REVIEW_GRACE_MONTHS.key]), int(values[P.DUE_SOON_DAYS.key])
    reviews = ProbationReview.objects.filter(candidate__case__in=cases, reviewed_on__isnull=True,
                                             ends_on__lte=today + dt.timedelta(days=soon))
    for review in reviews.select_related("candidate__cadre", "candidate__case", "candidate__position"):
        yield review, add_months(review.ends_on, grace), add_months(review.ends_on, grace) < today
