"""The procedure of selection and appointment as data: the steps in order for each kind of case, the intervals
between them, and the ONE decision function (``refusal``) that the pages, the API, the due lists and the demo use.

``SEQUENCES`` gives, per kind of case, groups of steps: a group's steps may be taken in any order among
themselves (a single promotion's two recommendations), a later group only when the earlier are done. Optional
steps (考察进社区) never hold the case up. 讨论决定, 任职 and 试用期满考核 are taken one candidate at a time;
the case has done them when every candidate concerned has. ``TIMINGS`` is the table of the intervals, each
pointing at the policy that holds its figure and source. ``refusal`` decides an attempt — order, date, a hold,
the vote's quorum and result, the documents a step needs — and says the rule, its source and, where a date
would make it possible, the first such date.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, gettext, gettext_noop, pgettext

from zugong.appointments import policies as P
from zugong.appointments import workdays
from zugong.appointments.models import CaseStep, SelectionCase
from zugong.core.dates import (
    add_months,
    chinese_date,  # noqa: F401  (used here and by importers of this module)
)
from zugong.core.policy import PolicyDefinition

K = CaseStep.Kind
Kind = SelectionCase.Kind

_AFTER_DECISION: list[list[str]] = [[K.PUBLIC_NOTICE], [K.APPOINTMENT], [K.REVIEW]]
SEQUENCES: dict[str, list[list[str]]] = {
    # 2019 条例: 换届 talk-research recommendation first, then the meeting; a single promotion either first.
    Kind.GENERAL: [[K.MOTION], [K.TALK_RECOMMENDATION], [K.MEETING_RECOMMENDATION], [K.CANDIDATES_CHOSEN],
                   [K.INSPECTION], [K.DELIBERATION], [K.DECISION], *_AFTER_DECISION],
    Kind.PROMOTION: [[K.MOTION], [K.TALK_RECOMMENDATION, K.MEETING_RECOMMENDATION], [K.CANDIDATES_CHOSEN],
                     [K.INSPECTION], [K.DELIBERATION], [K.DECISION], *_AFTER_DECISION],
    # 公开选拔、竞争上岗: the announcement, registrations, 资格审查, exams and the panel (D2, ``competition``) come
    # before 确定考察对象, which takes the top of each post's ranking (``PostStanding``, ``_ranking_refusal``).
    Kind.OPEN: [[K.MOTION], [K.CANDIDATES_CHOSEN], [K.INSPECTION], [K.DELIBERATION], [K.DECISION], *_AFTER_DECISION],
    # 平级交流: no recommendation vote, no public notice, no probation.
    Kind.EXCHANGE: [[K.MOTION], [K.CANDIDATES_CHOSEN], [K.INSPECTION], [K.DELIBERATION], [K.DECISION],
                    [K.APPOINTMENT]],
}
OPTIONAL = {K.COMMUNITY: K.INSPECTION}  # optional step: after the step it belongs to, before the next group
PER_CANDIDATE = frozenset({K.DECISION, K.APPOINTMENT, K.REVIEW})
VOTES = frozenset({K.MEETING_RECOMMENDATION, K.DECISION})
HELD = frozenset({K.DECISION, K.APPOINTMENT})  # what a hold refuses
NEEDS_DOCUMENT: dict[str, str] = {K.MOTION: gettext_noop("选拔任用工作方案（部务会研究通过）"),
                                  K.INSPECTION: gettext_noop("考察材料"), K.DELIBERATION: gettext_noop("部务会酝酿纪要")}
RECOMMENDATION_FREE = frozenset({Kind.OPEN, Kind.EXCHANGE})  # “逢提必荐” does not apply (exam; same rank)
NOTICE_END = "notice_end"
PROBATION_END = "probation_end"
RECOMMENDED = "recommended"


def sequence(case_kind: str, elected: bool) -> list[list[str]]:
    groups = SEQUENCES[case_kind]
    return [g for g in groups if not (elected and g == [K.REVIEW])]


def flat(case_kind: str, elected: bool) -> list[str]:
    order = [kind for group in sequence(case_kind, elected) for kind in group]
    if K.INSPECTION in order:
        order.insert(order.index(K.INSPECTION) + 1, K.COMMUNITY)
    return order


def label(kind: str) -> str:
    return str(K(kind).label)



class Bound(StrEnum):
    EARLIEST = "earliest"
    DUE = "due"
    LATEST = "latest"


@dataclass(frozen=True)
class Timing:
    step: str
    anchor: str  # a step kind, NOTICE_END, PROBATION_END or RECOMMENDED
    bound: Bound
    policy: PolicyDefinition
    rule: str  # "{n}" is the policy's figure

    def text(self, values: dict) -> str:
        return self.rule.format(n=int(values[self.policy.key]))

    def shown(self, values: dict) -> str:
        """The rule with its source in the active language (``text`` stays Chinese: due lists, exports, findings)."""
        return gettext("%(rule)s（%(source)s）") % {
            "rule": gettext(self.rule).format(n=int(values[self.policy.key])), "source": self.policy.source}


TIMINGS = [
    Timing(K.CANDIDATES_CHOSEN, RECOMMENDED, Bound.LATEST, P.RECOMMENDATION_VALID_MONTHS,
           gettext_noop("民主推荐结果{n}个月内有效，逾期须重新推荐")),
    Timing(K.APPOINTMENT, NOTICE_END, Bound.EARLIEST, P.NOTICE_WORKING_DAYS,
           gettext_noop("任前公示不少于{n}个工作日，公示期满后方可办理任职")),
    Timing(K.APPOINTMENT, NOTICE_END, Bound.DUE, P.APPOINT_AFTER_NOTICE_MONTHS, gettext_noop("公示期满后{n}个月内办理任职")),
    Timing(K.REVIEW, PROBATION_END, Bound.EARLIEST, P.PROBATION_MONTHS, gettext_noop("试用期{n}个月，期满后进行考核")),
    Timing(K.REVIEW, PROBATION_END, Bound.DUE, P.REVIEW_GRACE_MONTHS, gettext_noop("试用期满后{n}个月内作出正式任职或免职决定")),
]


@dataclass(frozen=True)
class HoldReason:
    code: str
    text: str  # the reason, as the refusal says it
    source: str
    candidate_id: int | None = None  # None: the whole case


@dataclass
class History:
    """What a case has done: dates of its steps, its candidates' states, its notices and holds."""

    case_kind: str
    elected: bool
    done: dict[str, dt.date] = field(default_factory=dict)  # case-level steps
    per: dict[tuple[str, int], dt.date] = field(default_factory=dict)  # (kind, candidate) → date
    chosen: list[int] = field(default_factory=list)  # candidates chosen for 考察 (and not dropped)
    decided: list[int] = field(default_factory=list)
    appointed: dict[int, dt.date] = field(default_factory=dict)  # candidate → 任职 date
    inspection_notice_on: dt.date | None = None  # 考察预告 publish date
    notice_end: dt.date | None = None  # 任前公示's last working day
    holds: list[HoldReason] = field(default_factory=list)

    @classmethod
    def of(cls, case: SelectionCase, holds: list[HoldReason] | None = None) -> "History":
        from zugong.appointments.models import Notice  # noqa: PLC0415 (models import this module's constants)

        history = cls(case.kind, case.elected_posts, holds=list(holds or []))
        for kind, candidate_id, day in case.steps.values_list("kind", "candidate_id", "done_on"):
            if candidate_id is None:
                history.done[kind] = day
            else:
                history.per[(kind, candidate_id)] = day
        for pk, chosen, decided, _appointed in case.candidates.filter(dropped_reason="").values_list(
                "pk", "chosen", "decided", "appointed"):
            if chosen:
                history.chosen.append(pk)
            if decided:
                history.decided.append(pk)
        history.appointed = {c: d for (k, c), d in history.per.items() if k == K.APPOINTMENT}
        for kind, publish_on, ends_on in case.notices.values_list("kind", "publish_on", "ends_on"):
            if kind == Notice.Kind.INSPECTION:
                history.inspection_notice_on = publish_on
            else:
                history.notice_end = ends_on
        return history

    def concerned(self, kind: str) -> list[int]:
        """The candidates a per-candidate step is taken for."""
        if kind == K.DECISION:
            return self.chosen
        if kind == K.APPOINTMENT:
            return self.decided
        return [c for c in self.decided if c in self.appointed]

    def done_on(self, kind: str) -> dt.date | None:
        """When the case completed ``kind`` (for a per-candidate step: when the last candidate concerned did)."""
        if kind not in PER_CANDIDATE:
            return self.done.get(kind)
        days = [self.per.get((kind, c)) for c in self.concerned(kind)]
        if not days or None in days:
            return None
        return max(d for d in days if d is not None)

    def is_done(self, kind: str) -> bool:
        return self.done_on(kind) is not None

    def holds_for(self, candidate_id: int | None) -> list[HoldReason]:
        return [h for h in self.holds if None in (h.candidate_id, candidate_id) or h.candidate_id == candidate_id]


@dataclass(frozen=True)
class Bounds:
    kind: str
    earliest: dt.date
    earliest_rule: str
    due_by: dt.date | None
    due_rule: str
    latest: dt.date | None
    latest_rule: str
    note: str = ""  # the working-day calendar's gap, when there is one
    # the rules in the active language, for the refusals (pages: the reader's; services: Chinese, under override)
    shown_earliest_rule: str = ""
    shown_latest_rule: str = ""


def _anchor(timing: Timing, history: History, values: dict, candidate_id: int | None) -> tuple[dt.date | None, str]:
    if timing.anchor == RECOMMENDED:
        days = [history.done[k] for k in (K.TALK_RECOMMENDATION, K.MEETING_RECOMMENDATION) if k in history.done]
        return (min(days) if days else None), ""
    if timing.anchor == NOTICE_END:
        if history.notice_end is None:
            return None, ""
        return history.notice_end, ""
    if timing.anchor == PROBATION_END:
        started = history.appointed.get(candidate_id) if candidate_id is not None else None
        return (add_months(started, int(values[P.PROBATION_MONTHS.key])) if started else None), ""
    return history.done.get(timing.anchor), ""


def _previous(kind: str, history: History) -> tuple[str, dt.date] | None:
    """The latest step done before ``kind`` in the order: a step is never dated before it."""
    order = flat(history.case_kind, history.elected)
    found: list[tuple[str, dt.date]] = []
    for k in order[: order.index(kind)]:
        day = history.done_on(k)
        if day is not None:
            found.append((k, day))
    return max(found, key=lambda pair: pair[1]) if found else None


def bounds(kind: str, history: History, values: dict, candidate_id: int | None = None) -> Bounds:
    earliest, earliest_rule, note = dt.date.min, "", ""
    previous = _previous(kind, history) if kind in flat(history.case_kind, history.elected) else None
    if previous is not None:
        earliest = previous[1]
    due_by = latest = None
    due_rule = latest_rule = shown_earliest = shown_latest = ""
    for timing in TIMINGS:
        if timing.step != kind:
            continue
        anchor, _ = _anchor(timing, history, values, candidate_id)
        if anchor is None:
            continue
        described = f"{timing.text(values)}（{timing.policy.source}）"
        if timing.bound is Bound.EARLIEST:  # the day after the notice's last working day; the probation's end
            day = workdays.next_working_day(anchor) if timing.anchor == NOTICE_END else anchor
        else:
            day = add_months(anchor, int(values[timing.policy.key]))
        if timing.bound is Bound.EARLIEST and day > earliest:
            earliest, earliest_rule, shown_earliest = day, described, timing.shown(values)
        elif timing.bound is Bound.DUE:
            due_by, due_rule = day, described
        elif timing.bound is Bound.LATEST:
            latest, latest_rule, shown_latest = day, described, timing.shown(values)
    return Bounds(kind, earliest, earliest_rule, due_by, due_rule, latest, latest_rule, note, shown_earliest, shown_latest)


def next_kinds(history: History) -> list[str]:
    """The steps the case may go on with now (the first unfinished group, and an optional step beside it)."""
    found: list[str] = []
    for group in sequence(history.case_kind, history.elected):
        pending = [k for k in group if not history.is_done(k)]
        if pending:
            found = pending
            break
    for optional, after in OPTIONAL.items():
        if history.is_done(after) and optional not in history.done and found and K.DELIBERATION in found:
            found = [*found, optional]
    return found


@dataclass(frozen=True)
class VoteFigures:
    """A vote's figures as the ballot's tally gives them (never typed by hand)."""

    due: int  # members due to attend / people entitled
    present: int
    yes: int  # 同意 for the candidate (meeting recommendation: votes for the candidate)
    valid: int = 0

    def share(self) -> Decimal:
        base = self.present or 1
        return (Decimal(self.yes) * 100 / base).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class PostStanding:
    """公开选拔: one post's ranking as 确定考察对象 reads it."""

    post: str
    per_post: int  # 考察对象 per post (the case's 差额, from ``appointments.open_inspection_ratio``)
    passed: int  # registrations that passed 资格审查
    unscored: list[str]  # passed but without both scores: the ranking is incomplete
    top: list[int]  # the registrations ranked within ``per_post`` (a tie at the last place included)


@dataclass
class Attempt:
    """What someone tries: the step, its date, for which candidate, and what came with it."""

    kind: str
    day: dt.date
    candidate_id: int | None = None
    inputs: bool = False  # False: only order, date and holds are decided (a page's "what next")
    has_document: bool = False
    talks: int | None = None
    vote: VoteFigures | None = None
    shares: dict[int, Decimal] = field(default_factory=dict)  # meeting recommendation: candidate → 得票率
    chosen: list[int] = field(default_factory=list)  # 确定考察对象: the candidates chosen
    recommended: set[int] = field(default_factory=set)
    opinions_missing: list[str] = field(default_factory=list)
    key_post: bool = False
    names: dict[int, str] = field(default_factory=dict)
    standings: list[PostStanding] | None = None  # 公开选拔: None when there is no announcement


def _day(day: dt.date) -> str:
    """A date as the refusal's language writes it (2026年1月5日; 2026-01-05 in English)."""
    return chinese_date(day) if (get_language() or "zh").startswith("zh") else day.isoformat()


# The refusals are written through gettext in the active language: a page shows them in the reader's language;
# services that store or raise them (StepRefusal, DomainError) compute them under translation.override of the
# site's language, so what is stored and what the Chinese pages show is unchanged.
def refusal(attempt: Attempt, history: History, values: dict, today: dt.date) -> str | None:
    """Why the attempt cannot be taken, naming the rule, its source and the first possible date; or None."""
    kind, day, name = attempt.kind, attempt.day, label(attempt.kind)
    if day > today:
        return gettext("「%(step)s」的办理日期不能晚于今天") % {"step": name}
    order = flat(history.case_kind, history.elected)
    if kind not in order:
        return gettext("%(kind)s不经过「%(step)s」这一步") % {
            "kind": SelectionCase.Kind(history.case_kind).label, "step": name}
    found = _order_refusal(attempt, history, order)
    if found:
        return found
    limits = bounds(kind, history, values, attempt.candidate_id)
    if day < limits.earliest:
        if limits.earliest_rule:
            return gettext("「%(step)s」须%(rule)s，最早可于%(day)s办理") % {
                "step": name, "rule": limits.shown_earliest_rule, "day": _day(limits.earliest)}
        previous = _previous(kind, history)
        assert previous is not None
        return gettext("「%(step)s」不能早于上一步「%(previous)s」的日期（%(previous_day)s），最早可于%(day)s办理") % {
            "step": name, "previous": label(previous[0]), "previous_day": _day(previous[1]),
            "day": _day(limits.earliest)}
    if limits.latest is not None and day > limits.latest:
        return gettext("「%(step)s」已超过期限：%(rule)s，最迟应于%(day)s办理") % {
            "step": name, "rule": limits.shown_latest_rule, "day": _day(limits.latest)}
    if kind in HELD:
        for hold in history.holds_for(attempt.candidate_id):
            return gettext("暂缓办理「%(step)s」：%(reason)s（%(source)s）；问题查清、解除暂缓后方可办理") % {
                "step": name, "reason": hold.text, "source": hold.source}
    if attempt.inputs:
        return _input_refusal(attempt, history, values)
    return None


def stored_refusal(attempt: Attempt, history: History, values: dict, today: dt.date) -> str | None:
    """The refusal in the site's language (Chinese) whatever the reader's: what is stored (StepRefusal), raised as a
    DomainError (whose field is chosen from its words) and given by the API."""
    with translation.override(settings.LANGUAGE_CODE):
        return refusal(attempt, history, values, today)


def _order_refusal(attempt: Attempt, history: History, order: list[str]) -> str | None:
    kind, name, candidate = attempt.kind, label(attempt.kind), attempt.candidate_id
    if kind in PER_CANDIDATE:
        if candidate is None:
            return gettext("「%(step)s」须逐一对每名人选办理，请选择人选") % {"step": name}
        if (kind, candidate) in history.per:
            return gettext("「%(step)s」已于%(day)s对该人选办理，不能重复办理") % {
                "step": name, "day": _day(history.per[(kind, candidate)])}
        if kind == K.REVIEW and candidate in history.appointed and candidate not in history.concerned(kind):
            return gettext("「%(step)s」只对已任职的人选办理") % {"step": name}
    elif kind in history.done:
        return gettext("「%(step)s」已于%(day)s办理，不能重复办理") % {"step": name, "day": _day(history.done[kind])}
    if kind not in next_kinds(history):
        missing = next((k for k in order[: order.index(kind)] if k not in OPTIONAL and not history.is_done(k)), None)
        if missing is None:
            return gettext("「%(step)s」属于已经完成的环节，不能再办理") % {"step": name}
        return gettext("「%(step)s」是第%(number)s步，须先完成第%(missing_number)s步「%(missing)s」") % {
            "step": name, "number": order.index(kind) + 1, "missing_number": order.index(missing) + 1,
            "missing": label(missing)}
    if kind in PER_CANDIDATE and candidate not in history.concerned(kind):
        wanted = {K.DECISION: pgettext("who", "考察对象"), K.APPOINTMENT: pgettext("who", "讨论决定通过的人选"),
                  K.REVIEW: pgettext("who", "已任职的人选")}[K(kind)]
        return gettext("「%(step)s」只对%(who)s办理") % {"step": name, "who": wanted}
    return None


def _input_refusal(attempt: Attempt, history: History, values: dict) -> str | None:
    kind, name = attempt.kind, label(attempt.kind)
    if kind == K.INSPECTION and (history.inspection_notice_on is None or history.inspection_notice_on > attempt.day):
        return gettext("「%(step)s」前须发布考察预告（%(regulation)s第二十七条），请先发布考察预告") % {
            "step": name, "regulation": P.REGULATION}
    if kind in NEEDS_DOCUMENT and not attempt.has_document:
        return gettext("「%(step)s」须上传%(document)s") % {"step": name, "document": gettext(NEEDS_DOCUMENT[kind])}
    if kind == K.MEETING_RECOMMENDATION and attempt.vote is None:
        return gettext("会议推荐须依据推荐票的计票结果登记，请选择已结束计票的推荐票")
    if kind == K.CANDIDATES_CHOSEN:
        return _choice_refusal(attempt, history, values)
    if kind == K.INSPECTION:
        if not attempt.talks:
            return gettext("「%(step)s」须登记个别谈话人数（%(regulation)s第二十九条：考察应当进行个别谈话）") % {
                "step": name, "regulation": P.REGULATION}
    if kind == K.DELIBERATION and attempt.opinions_missing:
        return gettext("「%(step)s」须听取纪检监察机关等意见（%(regulation)s第三十一条），尚未收到：%(missing)s") % {
            "step": name, "regulation": P.REGULATION, "missing": gettext("、").join(attempt.opinions_missing)}
    if kind == K.DECISION:
        return _decision_refusal(attempt, values)
    return None


def _choice_refusal(attempt: Attempt, history: History, values: dict) -> str | None:
    if history.case_kind == Kind.OPEN:
        return _ranking_refusal(attempt)
    if not attempt.chosen:
        return gettext("请至少确定一名考察对象")
    if history.case_kind in RECOMMENDATION_FREE:
        return None
    needed = int(values[P.VOTE_SHARE_PERCENT.key])
    for candidate in attempt.chosen:
        who = attempt.names.get(candidate, "")
        if candidate not in attempt.recommended:
            return gettext("%(who)s未经民主推荐，不能列为考察对象（“逢提必荐”，%(regulation)s第十七条）") % {
                "who": who, "regulation": P.REGULATION}
        share = attempt.shares.get(candidate)
        if share is None or share < needed:
            shown = gettext("无会议推荐得票") if share is None else gettext("会议推荐得票率%(share)s%%") % {"share": share}
            return gettext("%(who)s%(shown)s，低于%(needed)s%%，不能列为考察对象（%(source)s）") % {
                "who": who, "shown": shown, "needed": needed, "source": P.VOTE_SHARE_PERCENT.source}
    return None


def _ranking_refusal(attempt: Attempt) -> str | None:
    """公开选拔: the 考察对象 are the top of each post's ranking, 差额 (more than the posts); so the ranking must be
    complete and enough must have passed 资格审查."""
    if attempt.standings is None:
        return gettext("公开选拔、竞争上岗须先发布公告，经报名、资格审查和考试，按综合成绩排名确定考察对象")
    for post in attempt.standings:
        if post.unscored:
            shown = gettext("、").join(post.unscored[:10]) + (
                gettext("等%(count)s人") % {"count": len(post.unscored)} if len(post.unscored) > 10 else "")
            return gettext("「%(post)s」通过资格审查的%(people)s尚无笔试或面试成绩，排名未完成，不能确定考察对象") % {
                "post": post.post, "people": shown}
        if post.passed < post.per_post:
            return gettext("「%(post)s」通过资格审查的只有%(passed)s人，少于差额考察所需的%(needed)s人"
                           "（每个职位%(needed)s名考察对象，%(source)s）") % {
                "post": post.post, "passed": post.passed, "needed": post.per_post,
                "source": P.OPEN_INSPECTION_RATIO.source}
    return None


def _decision_refusal(attempt: Attempt, values: dict) -> str | None:
    meeting = gettext("全委会") if attempt.key_post else gettext("常委会")
    vote = attempt.vote
    if vote is None:
        return gettext("讨论决定须依据%(meeting)s表决票的计票结果登记，请选择已结束计票的表决票") % {"meeting": meeting}
    num, den = int(values[P.QUORUM_NUMERATOR.key]), int(values[P.QUORUM_DENOMINATOR.key])
    if vote.present * den < vote.due * num:
        return gettext("%(meeting)s应到会成员%(due)s人，实到%(present)s人，不足%(num)s/%(den)s，不能讨论决定干部任免"
                       "（%(source)s）") % {"meeting": meeting, "due": vote.due, "present": vote.present, "num": num,
                                          "den": den, "source": P.QUORUM_NUMERATOR.source}
    num, den = int(values[P.APPROVAL_NUMERATOR.key]), int(values[P.APPROVAL_DENOMINATOR.key])
    if vote.yes * den <= vote.due * num:
        return gettext("表决未通过：同意%(yes)s票，未超过应到会成员%(due)s人的%(num)s/%(den)s（%(source)s）") % {
            "yes": vote.yes, "due": vote.due, "num": num, "den": den, "source": P.APPROVAL_NUMERATOR.source}
    return None
