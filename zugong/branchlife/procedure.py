"""The procedure of 四议两公开 as data: the six steps in order, each with the rule that puts it there and its
source, and the ONE decision function ``refusal`` that the services, the pages and the demo use.

党支部提议 → 两委商议 → 党员大会审议 → 村民（代表）会议决议 → 决议公开 → 实施结果公开. Each step is taken once,
after the one before it, dated no earlier than that one and no later than today. 党员大会审议 may name the
支部党员大会 (a ``Meeting``) where it was held: then the meeting is the same village's, of that kind, held on the
step's day and with its quorum.
"""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_noop

from zugong.branchlife.models import Attendance, DecisionStep, Meeting, VillageDecision

S = VillageDecision.Step
FOUR_AND_TWO = ("《中国共产党农村基层组织工作条例》（2019）（村级重大事项决策实行“四议两公开”：村党组织提议、"
                "村“两委”会议商议、党员大会审议、村民会议或者村民代表会议决议，决议公开、实施结果公开）")
LOCAL = "本县规定：2019年县委组织部长署名文章《坚定践行组织路线 奋力谱写泽州篇章》（加强“四议两公开”制度规范化建设）"
FOUR_AND_TWO_LOCAL = f"{FOUR_AND_TWO}；{LOCAL}"
GENERAL_MEETING = "《中国共产党支部工作条例（试行）》（2018）第十一条（支部党员大会讨论决定事项，到会有表决权的党员须过半数）"


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    rule: str  # why it comes where it does
    source: str


STEPS = [  # label, rule and source are msgids: shown through gettext
    Step(S.PROPOSAL, gettext_noop("党支部提议"), gettext_noop("村级重大事项由村党组织提议"), FOUR_AND_TWO),
    Step(S.CONSULTATION, gettext_noop("两委商议"), gettext_noop("党支部提议后，由村“两委”会议商议"), FOUR_AND_TWO),
    Step(S.REVIEW, gettext_noop("党员大会审议"), gettext_noop("“两委”商议后，提交党员大会审议"), FOUR_AND_TWO),
    Step(S.RESOLUTION, gettext_noop("村民（代表）会议决议"), gettext_noop("党员大会审议后，由村民会议或村民代表会议决议"),
         FOUR_AND_TWO),
    Step(S.RESOLUTION_PUBLIC, gettext_noop("决议公开"), gettext_noop("村民（代表）会议决议后，公开决议"), FOUR_AND_TWO),
    Step(S.RESULT_PUBLIC, gettext_noop("实施结果公开"), gettext_noop("决议公开并组织实施后，公开实施结果"),
         FOUR_AND_TWO_LOCAL),
]
BY_CODE = {step.code: step for step in STEPS}
ORDER = [step.code for step in STEPS]


def step_of(code: str) -> Step:
    return BY_CODE[code]


def _date(day: dt.date) -> str:
    """A day in a refusal: 2026年3月5日 in Chinese, the language's own date format otherwise."""
    return formats.date_format(day, "DATE_FORMAT")


def done_steps(decision: VillageDecision) -> dict[str, dt.date]:
    """The day of each step the decision has taken (read from the database: call it under the decision's lock)."""
    if decision.pk is None:
        return {}
    return dict(DecisionStep.objects.filter(decision=decision).values_list("kind", "done_on"))


def next_step(decision: VillageDecision, done: dict[str, dt.date] | None = None) -> Step | None:
    done = done_steps(decision) if done is None else done
    return next((step for step in STEPS if step.code not in done), None)


def refusal(decision: VillageDecision, step: str, day: dt.date, today: dt.date, *, meeting: Meeting | None = None,
            done: dict[str, dt.date] | None = None, quorum: tuple[int, int] | None = None) -> str | None:
    """Why ``step`` cannot be taken on ``decision`` on ``day`` (a Chinese sentence naming the rule and its source),
    or None. ``quorum``: the general meeting's quorum fraction (numerator, denominator), needed with ``meeting``."""
    current = BY_CODE.get(step)
    if current is None:
        return _t("请选择四议两公开的步骤")
    label = _t(current.label)
    if day > today:
        return _t("「%(step)s」的日期%(day)s晚于今天，不能预先登记") % {"step": label, "day": _date(day)}
    done = done_steps(decision) if done is None else done
    if step in done:
        return _t("「%(step)s」已于%(day)s登记，每个步骤只登记一次") % {"step": label, "day": _date(done[step])}
    index = ORDER.index(step)
    rule = {"rule": _t(current.rule), "source": _t(current.source)}
    if index:
        previous = STEPS[index - 1]
        if previous.code not in done:
            waiting = next_step(decision, done)
            # "须先办理「两委商议」，现在应办理「两委商议」" says the same step twice: name the step due now only
            # when it is an earlier one.
            first = (_t("，现在应办理「%(step)s」") % {"step": _t(waiting.label)}
                     if waiting and waiting.code != previous.code else "")
            return _t("须先办理「%(previous)s」%(now)s：%(rule)s（%(source)s）") % {
                "previous": _t(previous.label), "now": first, **rule}
        if day < done[previous.code]:
            return _t("「%(step)s」的日期%(day)s早于上一步骤「%(previous)s」的日期%(previous_day)s："
                      "%(rule)s（%(source)s）") % {"step": label, "day": _date(day), "previous": _t(previous.label),
                                                  "previous_day": _date(done[previous.code]), **rule}
    if meeting is not None:
        return _meeting_refusal(decision, current, day, meeting, quorum)
    return None


def _meeting_refusal(decision: VillageDecision, current: Step, day: dt.date, meeting: Meeting,
                     quorum: tuple[int, int] | None) -> str | None:
    if current.code != S.REVIEW:
        return _t("只有「党员大会审议」可以关联支部党员大会，「%(step)s」不能关联会议") % {"step": _t(current.label)}
    if meeting.kind != Meeting.Kind.GENERAL_MEETING:
        return _t("关联的会议是「%(kind)s」，党员大会审议须关联支部党员大会") % {"kind": meeting.get_kind_display()}
    if meeting.organization_id != decision.organization_id:
        return _t("关联的支部党员大会是「%(held_by)s」的会议，不是「%(organization)s」的") % {
            "held_by": meeting.organization, "organization": decision.organization}
    if meeting.held_on != day:
        return _t("党员大会审议的日期%(day)s须与关联的支部党员大会召开日期%(held_on)s相同") % {
            "day": _date(day), "held_on": _date(meeting.held_on)}
    if quorum is not None:
        voting, present = voting_counts(meeting)
        if not quorum_met(voting, present, quorum):
            return _t("关联的支部党员大会到会有表决权的党员%(present)s人，未超过应到会%(entitled)s人的"
                      "%(numerator)s/%(denominator)s，不能审议（%(source)s）") % {
                "present": present, "entitled": voting, "numerator": quorum[0], "denominator": quorum[1],
                "source": _t(GENERAL_MEETING)}
    return None


def voting_counts(meeting: Meeting) -> tuple[int, int]:
    """(有表决权的应到人数, 其中出席人数) of a meeting's roll."""
    rows = Attendance.objects.filter(meeting=meeting, may_vote=True)
    return rows.count(), rows.filter(status=Attendance.Status.PRESENT).count()


def quorum_met(entitled: int, present: int, quorum: tuple[int, int]) -> bool:
    """More than ``quorum`` (a fraction) of those entitled present: exactly half is not more than half."""
    return entitled > 0 and Fraction(present, entitled) > Fraction(*quorum)


def waiting_reasons(decision: VillageDecision, today: dt.date) -> list[tuple[Step, dt.date | None, str | None]]:
    """Each step with its day when taken, else why it cannot be taken today (None: it can) — for the case page."""
    done = done_steps(decision)
    return [(step, done.get(step.code), None if step.code in done else refusal(decision, step.code, today, today,
                                                                                  done=done))
            for step in STEPS]
