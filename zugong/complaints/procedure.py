"""The procedure of a 12380 report as data: the steps in order, the state each needs and leaves, the deadlines
(each pointing at its policy), and the ONE decision function ``refusal`` that the pages, the due list, the checks
and the demo use.

登记 → 受理决定 (受理 / 不属于受理范围 / 转纪委监委或其他机关) → 交办 → 核查 → 办结 (结论) → 答复 → 结案.
A report not accepted or forwarded goes from the decision straight to 答复. 延期 (extension of the 办结 deadline)
may be taken once, with a reason, while the report is accepted and not yet concluded.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from zugong.appointments import workdays
from zugong.complaints import policies as P
from zugong.complaints.models import Report
from zugong.core.dates import day_text

S = Report.Status


@dataclass(frozen=True)
class Step:
    code: str
    label: str | Promise  # lazy: shown in the reader's language
    from_status: tuple[str, ...]
    date_field: str  # the report's field holding the day the step was taken


REGISTER = Step("register", gettext_lazy("登记"), (), "received_on")
DECIDE = Step("decide", gettext_lazy("受理决定"), (S.REGISTERED,), "decided_on")
ASSIGN = Step("assign", gettext_lazy("交办"), (S.ACCEPTED,), "assigned_on")
VERIFY = Step("verify", gettext_lazy("核查"), (S.ASSIGNED,), "verification_started_on")
CONCLUDE = Step("conclude", gettext_lazy("办结"), (S.VERIFYING,), "concluded_on")
REPLY = Step("reply", gettext_lazy("答复"), (S.CONCLUDED, S.NOT_ACCEPTED), "replied_on")
CLOSE = Step("close", gettext_lazy("结案"), (S.REPLIED,), "closed_on")
EXTEND = Step("extend", gettext_lazy("延长办理期限"), (S.ACCEPTED, S.ASSIGNED, S.VERIFYING), "extended_on")
STEPS = [REGISTER, DECIDE, ASSIGN, VERIFY, CONCLUDE, REPLY, CLOSE]
BY_CODE = {step.code: step for step in [*STEPS, EXTEND]}
# The day of each state's previous step: a step is never dated before it.
PREVIOUS_DATE = {S.REGISTERED: "received_on", S.ACCEPTED: "decided_on", S.NOT_ACCEPTED: "decided_on",
                 S.ASSIGNED: "assigned_on", S.VERIFYING: "verification_started_on", S.CONCLUDED: "concluded_on",
                 S.REPLIED: "replied_on", S.CLOSED: "closed_on"}


@dataclass(frozen=True)
class Deadline:
    label: str
    due: dt.date
    rule: str
    source: str
    note: str = ""  # the working-day calendar's gap, when there is one


def accept_deadline(report: Report, values: dict | None = None) -> Deadline:
    days = int((values or {}).get(P.ACCEPT_WORKING_DAYS.key) or _value(P.ACCEPT_WORKING_DAYS))
    period = workdays.count_from(report.received_on + dt.timedelta(days=1), days)
    return Deadline(gettext("受理决定"), period.end,
                    gettext("收到举报后{days}个工作日内作出受理决定").format(days=days), P.ACCEPT_WORKING_DAYS.source,
                    period.note)


def conclude_deadline(report: Report, values: dict | None = None) -> Deadline | None:
    """Due day of 办结 for an accepted report (the extension added), None before it is accepted."""
    if report.decision != Report.Decision.ACCEPT or report.decided_on is None:
        return None
    days = int((values or {}).get(P.CONCLUDE_DAYS.key) or _value(P.CONCLUDE_DAYS))
    rule = gettext("受理后{days}天内办结").format(days=days)
    if report.extension_days:
        rule += gettext("，已延长{days}天（{reason}）").format(days=report.extension_days,
                                                        reason=report.extension_reason)
    return Deadline(gettext("办结"), report.decided_on + dt.timedelta(days=days + report.extension_days), rule,
                    P.CONCLUDE_DAYS.source)


def current_deadline(report: Report, values: dict | None = None) -> Deadline | None:
    """The deadline the report is running against now, or None (decided and outside remit, concluded, closed)."""
    if report.status == S.REGISTERED:
        return accept_deadline(report, values)
    if report.status in (S.ACCEPTED, S.ASSIGNED, S.VERIFYING):
        return conclude_deadline(report, values)
    return None


def _value(definition) -> int:
    from zugong.core.policy import policy_int  # noqa: PLC0415

    return policy_int(definition.key)


def refusal(report: Report, step: str, day: dt.date, *, today: dt.date | None = None,
            extension_days: int = 0) -> str | None:
    """Why ``step`` cannot be taken on ``report`` on ``day`` (a Chinese sentence naming the rule), or None."""
    today = today or timezone.localdate()
    current = BY_CODE[step]
    label = str(current.label)
    if day > today:
        return gettext("{step}日期{day}晚于今天，不能预先登记").format(step=label, day=day_text(day))
    if report.status not in current.from_status:
        if report.status == S.CLOSED and report.closed_on is not None:
            return gettext("该举报已于{day}结案，不能再{step}").format(day=day_text(report.closed_on), step=label)
        needs = gettext("、").join(str(S(s).label) for s in current.from_status)
        return gettext("该举报目前「{status}」，{step}须在「{needs}」时办理").format(
            status=report.get_status_display(), step=label, needs=needs)
    previous = getattr(report, PREVIOUS_DATE[S(report.status)])
    if previous and day < previous:
        return gettext("{step}日期{day}早于上一步骤的日期{previous}").format(
            step=label, day=day_text(day), previous=day_text(previous))
    if step == EXTEND.code:
        if report.extension_days:
            if report.extended_on:
                return gettext("办结期限已于{day}延长过一次，不能再次延长").format(day=day_text(report.extended_on))
            return gettext("办结期限已延长过一次，不能再次延长")
        maximum = _value(P.EXTENSION_MAX_DAYS)
        if not 1 <= extension_days <= maximum:
            return gettext("延长天数须在1至{maximum}天之间（{source}）").format(
                maximum=maximum, source=P.EXTENSION_MAX_DAYS.source)
        deadline = conclude_deadline(report)
        if deadline and day > deadline.due:
            return gettext("办结期限已于{day}届满，须在期限内申请延长").format(day=day_text(deadline.due))
    if step == CLOSE.code and not report.replied_on:
        return gettext("结案前须先答复举报人（或登记无法答复的原因）")
    return None


def next_steps(report: Report) -> list[Step]:
    return [step for step in [*STEPS, EXTEND] if report.status in step.from_status
            and not (step is EXTEND and report.extension_days)]


def waiting_reasons(report: Report, today: dt.date) -> list[tuple[Step, str | None]]:
    """Each step of the procedure with why it cannot be taken today (None: it can), for the case page."""
    return [(step, refusal(report, step.code, today, today=today, extension_days=1))
            for step in STEPS[1:] + [EXTEND]]
