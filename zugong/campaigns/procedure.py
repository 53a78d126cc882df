"""The procedure of a campaign task as data, and the campaign's rules, each pointing at its policy.

A task: 待报送 → 报送 → 已报送，待审核 → 通过 (已通过) or 退回 with a reason (已退回，待重报) → 报送 again.
The deadline is the task's own day (seed 000 gives deadlines to the day): a task not yet passed in is overdue from
the day AFTER its deadline (the deadline day itself is still in time). A report after the deadline is taken and
marked late. The ONE decision function ``refusal`` is what the pages, the due list, the checks and the demo use;
``overdue`` and ``due_state`` decide lateness the same way everywhere.

The rules (``RULES``): a work group's size, an organization cadre's contact points per kind, a leader's visits a
month — each a policy setting with its source.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from zugong.campaigns import policies as P
from zugong.campaigns.models import ContactPoint, Task
from zugong.core.dates import day_text
from zugong.core.policy import PolicyDefinition, policy_values

S = Task.Status


@dataclass(frozen=True)
class Step:
    code: str
    label: str | Promise
    from_status: tuple[str, ...]
    to_status: str
    date_field: str  # the task's field holding the day the step was taken


REPORT = Step("report", gettext_lazy("报送"), (S.OPEN, S.RETURNED), S.REPORTED, "reported_on")
ACCEPT = Step("accept", gettext_lazy("审核通过"), (S.REPORTED,), S.ACCEPTED, "accepted_on")
RETURN = Step("return", gettext_lazy("退回重报"), (S.REPORTED,), S.RETURNED, "returned_on")
STEPS = [REPORT, ACCEPT, RETURN]
BY_CODE = {step.code: step for step in STEPS}
# States a task is still owed in (the unit has to act): these can be overdue.
OWED = (S.OPEN, S.RETURNED)
# The day of the state's previous step: a step is never dated before it.
PREVIOUS_DATE = {S.REPORTED: "reported_on", S.RETURNED: "returned_on", S.ACCEPTED: "accepted_on"}


def values() -> dict:
    """The campaign settings, read once (a check or a page passes them on)."""
    return policy_values("campaigns.")


def refusal(task: Task, step: str, day: dt.date, *, today: dt.date | None = None, reason: str = "") -> str | None:
    """Why ``step`` cannot be taken on ``task`` on ``day`` (a Chinese sentence), or None."""
    today = today or timezone.localdate()
    current = BY_CODE[step]
    label = str(current.label)
    if day > today:
        return gettext("{step}日期{day}晚于今天，不能预先登记").format(step=label, day=day_text(day))
    if task.status not in current.from_status:
        if task.status == S.ACCEPTED and task.accepted_on:
            return gettext("该任务已于{day}审核通过，不能再{step}").format(day=day_text(task.accepted_on), step=label)
        needs = gettext("、").join(str(S(s).label) for s in current.from_status)
        return gettext("该任务目前「{status}」，{step}须在「{needs}」时办理").format(
            status=task.get_status_display(), step=label, needs=needs)
    field = PREVIOUS_DATE.get(S(task.status))
    previous = getattr(task, field) if field else None
    if previous and day < previous:
        return gettext("{step}日期{day}早于上一步骤的日期{previous}").format(
            step=label, day=day_text(day), previous=day_text(previous))
    if step == REPORT.code and day < task.campaign.starts_on:
        return gettext("报送日期{day}早于活动开始日期{start}").format(
            day=day_text(day), start=day_text(task.campaign.starts_on))
    if step == RETURN.code and not reason.strip():
        return gettext("退回须写明理由")
    return None


def next_steps(task: Task) -> list[Step]:
    return [step for step in STEPS if task.status in step.from_status]


def overdue(task: Task, today: dt.date) -> bool:
    """Owed and past its deadline: on the deadline day a task is still in time, from the next day it is overdue."""
    return task.status in OWED and today > task.deadline


def reported_late(task: Task) -> bool:
    return task.reported_on is not None and task.reported_on > task.deadline


class Due(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"
    LATER = "later"


DUE_LABELS = {Due.OVERDUE: gettext_lazy("已超期"), Due.SOON: gettext_lazy("临近期限"),
              Due.LATER: gettext_lazy("未到期")}


def due_state(task: Task, today: dt.date, settings: dict) -> Due | None:
    """Where an owed task stands against its deadline; None when nothing is owed (reported or passed)."""
    if task.status not in OWED:
        return None
    if overdue(task, today):
        return Due.OVERDUE
    if (task.deadline - today).days <= int(settings[P.DUE_SOON_DAYS.key]):
        return Due.SOON
    return Due.LATER


# --- the rules on people: a table of what is counted, against which settings ---------------------------------

@dataclass(frozen=True)
class PointRule:
    kind: str
    minimum: PolicyDefinition
    maximum: PolicyDefinition | None = None


POINT_RULES = [
    PointRule(ContactPoint.Kind.TOWNSHIP, P.POINTS_TOWNSHIP),
    PointRule(ContactPoint.Kind.VILLAGE, P.POINTS_VILLAGES_MIN, P.POINTS_VILLAGES_MAX),
    PointRule(ContactPoint.Kind.ENTERPRISE, P.POINTS_ENTERPRISE),
    PointRule(ContactPoint.Kind.SCHOOL, P.POINTS_SCHOOL),
    PointRule(ContactPoint.Kind.SOCIAL_ORG, P.POINTS_SOCIAL_ORG),
]


def group_size_problem(size: int, settings: dict) -> str | None:
    """Chinese text when a work group's size is outside the policy (3–5 by default), else None."""
    low, high = int(settings[P.GROUP_MIN.key]), int(settings[P.GROUP_MAX.key])
    if low <= size <= high:
        return None
    return gettext("工作组现有{size}名成员，应为{low}—{high}名（{source}）").format(
        size=size, low=low, high=high, source=P.GROUP_MIN.source)


def points_shortfalls(counts: dict[str, int], settings: dict) -> list[str]:
    """For an organization cadre's points counted per kind: what falls short of (or exceeds) the pattern."""
    problems = []
    for rule in POINT_RULES:
        have = counts.get(rule.kind, 0)
        low = int(settings[rule.minimum.key])
        kind = str(ContactPoint.Kind(rule.kind).label)
        if have < low:
            problems.append(gettext("{kind}联系点{have}个，少于{low}个").format(kind=kind, have=have, low=low))
        if rule.maximum is not None and have > int(settings[rule.maximum.key]):
            problems.append(gettext("{kind}联系点{have}个，多于{high}个").format(
                kind=kind, have=have, high=int(settings[rule.maximum.key])))
    return problems


def visits_short(count: int, settings: dict) -> str | None:
    """Chinese text when a leader's visits in a month fall short of the policy, else None."""
    need = int(settings[P.VISITS_PER_MONTH.key])
    if count >= need:
        return None
    return gettext("当月深入基层{count}次，少于{need}次（{source}）").format(
        count=count, need=need, source=P.VISITS_PER_MONTH.source)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the whole months from ``start`` up to the month before ``end``'s (months that are over); a month
    the campaign began in after its first day is not a whole month and is not counted."""
    months = []
    month = start.replace(day=1)
    if start.day != 1:
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = end.replace(day=1)
    while month < last:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months
