"""The procedure of a talent program application as data, with the one decision function every page uses.

``ACTIONS`` says, for each action, from which application statuses and round statuses it may be taken and what
status it leads to; ``refusal`` answers why an action may not be taken now (or ``None``). A decision needs the
policy's number of review scores and, to approve, their mean at the policy's pass mark; a grant needs an
approved application, the round's fund and enough balance (decided under the fund's lock in the service).
"""

from dataclasses import dataclass
from decimal import Decimal

from zugong.core.policy import policy_int
from zugong.talent import policies as P
from zugong.talent.models import Application, ProgramRound

S, R = Application.Status, ProgramRound.Status


@dataclass(frozen=True)
class Action:
    label: str
    from_statuses: frozenset[str]
    round_statuses: frozenset[str]
    to_status: str | None = None


ACTIONS: dict[str, Action] = {
    "submit": Action("申报", frozenset(), frozenset({R.OPEN})),
    "withdraw": Action("撤回", frozenset({S.SUBMITTED}), frozenset({R.OPEN, R.REVIEWING}), S.WITHDRAWN),
    "score": Action("评审打分", frozenset({S.SUBMITTED}), frozenset({R.REVIEWING})),
    "approve": Action("决定入选", frozenset({S.SUBMITTED}), frozenset({R.REVIEWING}), S.APPROVED),
    "reject": Action("决定不入选", frozenset({S.SUBMITTED}), frozenset({R.REVIEWING}), S.REJECTED),
    "grant": Action("发放资助", frozenset({S.APPROVED}), frozenset({R.REVIEWING, R.CLOSED})),
}


def mean_score(scores: list[Decimal]) -> Decimal | None:
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"))


def refusal(action: str, *, application_status: str | None, round_status: str,
            scores: list[Decimal] | None = None) -> str | None:
    """Why ``action`` may not be taken now, in Chinese, or ``None`` when it may."""
    rule = ACTIONS[action]
    if round_status not in rule.round_statuses:
        allowed = "、".join(str(R(s).label) for s in sorted(rule.round_statuses))
        return f"本批次{R(round_status).label}，只有在{allowed}时才能{rule.label}"
    if application_status is not None and rule.from_statuses and application_status not in rule.from_statuses:
        return f"该申报{S(application_status).label}，不能{rule.label}"
    if action in ("approve", "reject"):
        needed = policy_int(P.REVIEW_MIN_SCORES.key)
        scores = scores or []
        if len(scores) < needed:
            return f"评审评分只有 {len(scores)} 份，作出决定至少需要 {needed} 份（政策规则）"
        if action == "approve":
            mean, mark = mean_score(scores), policy_int(P.REVIEW_PASS_SCORE.key)
            if mean is not None and mean < mark:
                return f"平均评分 {mean} 分，低于入选分数线 {mark} 分（政策规则），不能决定入选"
    return None


def actions_open(application: Application, scores: list[Decimal]) -> list[str]:
    """The actions the application's page offers now (each one ``refusal`` would allow)."""
    return [name for name in ACTIONS if name != "submit" and refusal(
        name, application_status=application.status, round_status=application.round.status, scores=scores) is None]
