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

from zugong.branchlife.models import Attendance, DecisionStep, Meeting, VillageDecision
from zugong.core.dates import chinese_date

S = VillageDecision.Step
FOUR_AND_TWO = ("《中国共产党农村基层组织工作条例》（2019）（村级重大事项决策实行“四议两公开”：村党组织提议、"
                "村“两委”会议商议、党员大会审议、村民会议或者村民代表会议决议，决议公开、实施结果公开）")
LOCAL = "本县规定：2019年县委组织部长署名文章《坚定践行组织路线 奋力谱写泽州篇章》（加强“四议两公开”制度规范化建设）"
GENERAL_MEETING = "《中国共产党支部工作条例（试行）》（2018）第十一条（支部党员大会讨论决定事项，到会有表决权的党员须过半数）"


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    rule: str  # why it comes where it does
    source: str


STEPS = [
    Step(S.PROPOSAL, "党支部提议", "村级重大事项由村党组织提议", FOUR_AND_TWO),
    Step(S.CONSULTATION, "两委商议", "党支部提议后，由村“两委”会议商议", FOUR_AND_TWO),
    Step(S.REVIEW, "党员大会审议", "“两委”商议后，提交党员大会审议", FOUR_AND_TWO),
    Step(S.RESOLUTION, "村民（代表）会议决议", "党员大会审议后，由村民会议或村民代表会议决议", FOUR_AND_TWO),
    Step(S.RESOLUTION_PUBLIC, "决议公开", "村民（代表）会议决议后，公开决议", FOUR_AND_TWO),
    Step(S.RESULT_PUBLIC, "实施结果公开", "决议公开并组织实施后，公开实施结果", f"{FOUR_AND_TWO}；{LOCAL}"),
]
BY_CODE = {step.code: step for step in STEPS}
ORDER = [step.code for step in STEPS]


def step_of(code: str) -> Step:
    return BY_CODE[code]


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
        return "请选择四议两公开的步骤"
    if day > today:
        return f"「{current.label}」的日期{chinese_date(day)}晚于今天，不能预先登记"
    done = done_steps(decision) if done is None else done
    if step in done:
        return f"「{current.label}」已于{chinese_date(done[step])}登记，每个步骤只登记一次"
    index = ORDER.index(step)
    if index:
        previous = STEPS[index - 1]
        if previous.code not in done:
            waiting = next_step(decision, done)
            first = f"，现在应办理「{waiting.label}」" if waiting else ""
            return f"须先办理「{previous.label}」{first}：{current.rule}（{current.source}）"
        if day < done[previous.code]:
            return (f"「{current.label}」的日期{chinese_date(day)}早于上一步骤「{previous.label}」的日期"
                    f"{chinese_date(done[previous.code])}：{current.rule}（{current.source}）")
    if meeting is not None:
        return _meeting_refusal(decision, current, day, meeting, quorum)
    return None


def _meeting_refusal(decision: VillageDecision, current: Step, day: dt.date, meeting: Meeting,
                     quorum: tuple[int, int] | None) -> str | None:
    if current.code != S.REVIEW:
        return f"只有「党员大会审议」可以关联支部党员大会，「{current.label}」不能关联会议"
    if meeting.kind != Meeting.Kind.GENERAL_MEETING:
        return f"关联的会议是「{meeting.get_kind_display()}」，党员大会审议须关联支部党员大会"
    if meeting.organization_id != decision.organization_id:
        return f"关联的支部党员大会是「{meeting.organization}」的会议，不是「{decision.organization}」的"
    if meeting.held_on != day:
        return (f"党员大会审议的日期{chinese_date(day)}须与关联的支部党员大会召开日期"
                f"{chinese_date(meeting.held_on)}相同")
    if quorum is not None:
        voting, present = voting_counts(meeting)
        if not quorum_met(voting, present, quorum):
            return (f"关联的支部党员大会到会有表决权的党员{present}人，未超过应到会{voting}人的"
                    f"{quorum[0]}/{quorum[1]}，不能审议（{GENERAL_MEETING}）")
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
