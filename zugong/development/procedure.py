"""The procedure of member development as data: the order of the steps and the intervals between them.

``SEQUENCE`` is the 中组部 flow chart's 25 steps in five stages; ``TIMINGS`` is the table of minimum,
due and maximum intervals, each pointing at the policy setting that holds its figure and source. The one
function ``timing_refusal`` decides whether a step may be taken on a date; the due lists call
``next_steps`` which uses the same table, so what a list calls possible is never refused.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop

from zugong.core.dates import (
    add_months,
    chinese_date,  # noqa: F401  (used here and by importers of this module)
)
from zugong.core.policy import PolicyDefinition
from zugong.development import policies as P
from zugong.development.models import DevelopmentCase, DevelopmentStep

K = DevelopmentStep.Kind

# Titles and rule texts are Chinese (the 纪实表, refusals and findings write them so); pages translate them when shown.
STAGES: list[tuple[str, list[str]]] = [
    (gettext_noop("申请入党"), [K.APPLICATION, K.TALK]),
    (gettext_noop("入党积极分子的确定和培养教育"), [K.ACTIVIST_CHOSEN, K.ACTIVIST_FILED, K.MENTORS, K.CULTIVATION]),
    (gettext_noop("发展对象的确定和考察"), [K.CANDIDATE_CHOSEN, K.CANDIDATE_FILED, K.SPONSORS, K.POLITICAL_REVIEW, K.TRAINING]),
    (gettext_noop("预备党员的接收"), [K.BRANCH_REVIEW, K.PRE_REVIEW, K.APPLICATION_FORM, K.THREE_STATEMENTS, K.THREE_EVALUATIONS,
                      K.THREE_VOTES, K.ADMISSION_VOTE, K.COMMITTEE_TALK, K.APPROVAL, K.APPROVAL_FILED]),
    (gettext_noop("预备党员的教育考察和转正"), [K.PLACED, K.OATH, K.PROBATION_EDUCATION, K.CONFIRMATION_APPLICATION,
                              K.CONFIRMATION_VOTE, K.CONFIRMATION_APPROVAL, K.ARCHIVED]),
]
LOCAL_THREE_STEPS = (K.THREE_STATEMENTS, K.THREE_EVALUATIONS, K.THREE_VOTES)  # seed 000, a policy option
STAGE_REACHED = {K.APPLICATION: DevelopmentCase.Stage.APPLICANT, K.ACTIVIST_CHOSEN: DevelopmentCase.Stage.ACTIVIST,
                 K.CANDIDATE_CHOSEN: DevelopmentCase.Stage.CANDIDATE, K.APPROVAL: DevelopmentCase.Stage.PROBATIONARY,
                 K.CONFIRMATION_APPROVAL: DevelopmentCase.Stage.FULL}
REPEATABLE = frozenset({K.CULTIVATION})
# Acts of the higher committee (上级党委), not of the branch: recorded by someone whose scope covers that committee.
BY_HIGHER_COMMITTEE = frozenset({K.PRE_REVIEW, K.COMMITTEE_TALK, K.APPROVAL, K.APPROVAL_FILED,
                                 K.CONFIRMATION_APPROVAL})
VOTES = frozenset({K.ADMISSION_VOTE, K.CONFIRMATION_VOTE})
PROBATION_END = "probation_end"  # an anchor that is not a step: the case's probation end, extension included


def sequence(values: dict) -> list[str]:
    """The steps in order under the current settings (the local 三述三评三票决 steps only where adopted)."""
    steps = [kind for _stage, kinds in STAGES for kind in kinds]
    if not values[P.THREE_STEP_VOTE.key]:
        steps = [kind for kind in steps if kind not in LOCAL_THREE_STEPS]
    return steps


def stage_of(kind: str) -> int:
    return next(number for number, (_title, kinds) in enumerate(STAGES, start=1) if kind in kinds)


class Bound(StrEnum):
    EARLIEST = "earliest"  # refused before
    DUE = "due"  # overdue after (a finding), still allowed
    LATEST = "latest"  # refused after


@dataclass(frozen=True)
class Timing:
    step: str
    anchor: str  # a step kind, or PROBATION_END
    bound: Bound
    policy: PolicyDefinition | None  # months after the anchor; None: the anchor's date itself
    rule: str  # "{n}" is the policy's figure

    def months(self, values: dict) -> int:
        return int(values[self.policy.key]) if self.policy is not None else 0

    def text(self, values: dict) -> str:
        return self.rule.format(n=self.months(values))

    def shown(self, values: dict) -> str:
        """The rule with its source, in the reader's language (``text`` stays Chinese)."""
        return gettext("%(rule)s（%(source)s）") % {
            "rule": gettext(self.rule).format(n=self.months(values)), "source": self.source}

    @property
    def source(self) -> str:
        return self.policy.source if self.policy is not None else P.PROBATION_MONTHS.source


TIMINGS = [
    Timing(K.TALK, K.APPLICATION, Bound.DUE, P.TALK_DUE_MONTHS, gettext_noop("收到入党申请书后{n}个月内派人谈话")),
    Timing(K.CULTIVATION, K.ACTIVIST_CHOSEN, Bound.DUE, P.REVIEW_INTERVAL_MONTHS,
           gettext_noop("确定为入党积极分子后每{n}个月考察一次")),
    Timing(K.CANDIDATE_CHOSEN, K.ACTIVIST_CHOSEN, Bound.EARLIEST, P.CULTIVATION_MONTHS,
           gettext_noop("确定为入党积极分子满{n}个月后，方可确定为发展对象")),
    Timing(K.APPROVAL, K.ADMISSION_VOTE, Bound.DUE, P.APPROVAL_DUE_MONTHS, gettext_noop("支部大会通过后{n}个月内审批")),
    Timing(K.APPROVAL, K.ADMISSION_VOTE, Bound.LATEST, P.APPROVAL_LIMIT_MONTHS,
           gettext_noop("支部大会通过后审批最长不得超过{n}个月")),
    Timing(K.OATH, K.APPROVAL, Bound.DUE, P.OATH_DUE_MONTHS, gettext_noop("上级党委批准后{n}个月内组织入党宣誓")),
    Timing(K.CONFIRMATION_VOTE, PROBATION_END, Bound.EARLIEST, None, gettext_noop("预备期满后，方可讨论其能否转为正式党员")),
    Timing(K.CONFIRMATION_VOTE, PROBATION_END, Bound.DUE, P.CONFIRMATION_GRACE_MONTHS,
           gettext_noop("预备期满后{n}个月内讨论转正")),
    Timing(K.CONFIRMATION_APPROVAL, K.CONFIRMATION_VOTE, Bound.DUE, P.CONFIRMATION_APPROVAL_DUE_MONTHS,
           gettext_noop("支部大会通过转正后{n}个月内审批")),
]



@dataclass(frozen=True)
class History:
    """What a case has done: the date of each step (the latest, for a repeated one)."""

    done: dict[str, dt.date]
    probation_ends_on: dt.date | None

    @classmethod
    def of(cls, case: DevelopmentCase, steps=None) -> "History":
        done: dict[str, dt.date] = {}
        for kind, day in steps if steps is not None else case.steps.values_list("kind", "done_on"):
            done[kind] = max(day, done.get(kind, day))
        return cls(done, case.probation_ends_on)

    def anchor_date(self, timing: Timing) -> dt.date | None:
        if timing.anchor == PROBATION_END:
            return self.probation_ends_on
        if timing.step in REPEATABLE and timing.step in self.done:
            return self.done[timing.step]  # a repeated step counts from its last time
        return self.done.get(timing.anchor)


@dataclass(frozen=True)
class Bounds:
    """When one step may be taken: ``earliest`` (order and minimum intervals), ``due_by``, ``latest``."""

    kind: str
    earliest: dt.date
    earliest_rule: str
    due_by: dt.date | None
    due_rule: str
    latest: dt.date | None
    latest_rule: str
    # the three rules in the reader's language, for pages (the fields above stay Chinese: refusals and findings)
    shown_earliest_rule: str = ""
    shown_due_rule: str = ""
    shown_latest_rule: str = ""


def bounds(kind: str, history: History, values: dict) -> Bounds:
    order = sequence(values)
    previous = [k for k in order[: order.index(kind)] if k in history.done] if kind in order else []
    earliest, earliest_rule = (history.done[previous[-1]], "") if previous else (dt.date.min, "")
    due_by = latest = None
    due_rule = latest_rule = ""
    shown = {"earliest": "", "due": "", "latest": ""}
    for timing in TIMINGS:
        if timing.step != kind:
            continue
        anchor = history.anchor_date(timing)
        if anchor is None:
            continue
        day = add_months(anchor, timing.months(values))
        described = f"{timing.text(values)}（{timing.source}）"
        if timing.bound is Bound.EARLIEST and day > earliest:
            earliest, earliest_rule, shown["earliest"] = day, described, timing.shown(values)
        elif timing.bound is Bound.DUE:
            due_by, due_rule, shown["due"] = day, described, timing.shown(values)
        elif timing.bound is Bound.LATEST:
            latest, latest_rule, shown["latest"] = day, described, timing.shown(values)
    return Bounds(kind, earliest, earliest_rule, due_by, due_rule, latest, latest_rule,
                  shown["earliest"], shown["due"], shown["latest"])


def label(kind: str) -> str:
    return str(K(kind).label)


def next_kinds(history: History, values: dict) -> list[str]:
    """The step the case goes on with, and a repeatable one it may take again meanwhile (half-yearly review)."""
    order = sequence(values)
    pending = [kind for kind in order if kind not in history.done]
    found = pending[:1]
    if K.CULTIVATION in history.done and K.CANDIDATE_CHOSEN not in history.done:
        found.append(K.CULTIVATION)
    return found


def timing_refusal(kind: str, day: dt.date, history: History, values: dict, today: dt.date) -> str | None:
    """Why ``kind`` cannot be taken on ``day`` (order, minimum and maximum intervals), or None."""
    name = label(kind)
    if day > today:
        return f"「{name}」的办理日期不能晚于今天"
    order = sequence(values)
    if kind not in order:
        return f"未实行“三述三评三票决”，无需办理「{name}」（{P.THREE_STEP_VOTE.source}）"
    if kind in history.done and kind not in REPEATABLE:
        return f"「{name}」已于{chinese_date(history.done[kind])}办理，不能重复办理"
    if kind not in next_kinds(history, values):
        missing = next((k for k in order[: order.index(kind)] if k not in history.done), None)
        if missing is None:
            return f"「{name}」属于已经完成的阶段，不能再办理"
        return (f"「{name}」是第{order.index(kind) + 1}步，须先完成第{order.index(missing) + 1}步"
                f"「{label(missing)}」")
    limits = bounds(kind, history, values)
    if day < limits.earliest:
        if limits.earliest_rule:
            return f"「{name}」须{limits.earliest_rule}，最早可于{chinese_date(limits.earliest)}办理"
        previous = [k for k in order[: order.index(kind)] if k in history.done][-1]
        return (f"「{name}」不能早于上一步「{label(previous)}」的日期（{chinese_date(limits.earliest)}），"
                f"最早可于{chinese_date(limits.earliest)}办理")
    if limits.latest is not None and day > limits.latest:
        return (f"「{name}」已超过期限：{limits.latest_rule}，最迟应于{chinese_date(limits.latest)}办理；"
                f"请重新履行支部大会讨论程序")
    return None
