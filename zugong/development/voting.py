"""The branch meeting's secret ballot (支部大会无记名投票) for a case's admission and confirmation votes, opened
through ``zugong.ballots``.

``open_vote`` opens a YES_NO ballot for the case (the roll: the branch's full members on the register on the
meeting day; paper or electronic); the tellers count it on the ballot's own pages and close it; the step is then
taken "from the ballot" (``services.record_step(..., ballot=...)``): ``vote_from_ballot`` copies the sealed
tally's figures (``ballots.results.branch_vote_figures``) and refuses a ballot that failed its rule, is still
open, or whose seal no longer verifies. Hand-typed figures stay possible for meetings held before zugong.

The local 三票决 (seed 000, where ``development.three_statements_votes`` is 1) is taken the same way from three
sealed YES_NO ballots, one per body (``CaseBallot.Body``): the branch committee (roll: its committee members on the
day if the register knows them, else the number typed when opening), the branch's general meeting (the roll of the
admission vote) and the township committee that approves the branch's new members (opened by someone whose scope
covers it, as the higher committee's steps are). ``open_three_vote`` opens one, ``three_votes_from_ballots`` checks
all three and refuses the step naming the body and the rule. A step with no ballot at all stays a hand record, as
for the admission vote.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from zugong.ballots.models import Ballot
from zugong.ballots.results import branch_vote_figures
from zugong.ballots.rules import rule_now
from zugong.ballots.services import open_ballot
from zugong.core.access import DomainError, path_in_scope
from zugong.core.policy import policy_int
from zugong.development import policies as P
from zugong.development.models import CaseBallot, DevelopmentCase, DevelopmentStep
from zugong.development.procedure import VOTES, chinese_date, label
from zugong.members.models import Member
from zugong.organizations.models import CommitteeMember, Organization

K = DevelopmentStep.Kind
BODY = CaseBallot.Body
BODIES = (BODY.BRANCH_COMMITTEE, BODY.GENERAL_MEETING, BODY.TOWNSHIP_COMMITTEE)
RULE = Ballot.Rule.MAJORITY_OF_DUE  # 党章: 赞成人数超过应到会有表决权的正式党员的半数


def title_of(case: DevelopmentCase, kind: str) -> str:
    if kind == K.ADMISSION_VOTE:
        return f"接收{case.name}为中共预备党员"
    return f"{case.name}预备期满转为中共正式党员"


def roll_on(organization: Organization, day: dt.date) -> list[Member]:
    """The branch's full members on the register on ``day`` (有表决权的正式党员): a membership period of the branch
    covering the day, full membership from that day or earlier."""
    on_register = Q(periods__organization=organization, periods__started_on__lte=day) & (
        Q(periods__ended_on__isnull=True) | Q(periods__ended_on__gt=day))
    full = Q(full_member_on__lte=day) | Q(full_member_on__isnull=True, stage=Member.Stage.FULL)
    return list(Member.objects.filter(on_register, full).distinct().order_by("name", "pk"))


def open_vote(actor, case: DevelopmentCase, kind: str, *, method: str, held_on: dt.date) -> Ballot:
    """A ballot for the case's vote step; one open ballot per case and step at a time."""
    from zugong.development.services import _lock_open, _require  # noqa: PLC0415 (services imports this module)

    _require(actor, case.organization)
    if kind not in VOTES:
        raise DomainError(f"「{label(kind)}」不是支部大会表决，不能建立表决票", field="kind")
    with transaction.atomic():
        _lock_open(case)
        taken = case.steps.filter(kind=kind).values_list("done_on", flat=True).first()
        if taken is not None:
            raise DomainError(f"「{label(kind)}」已于{chinese_date(taken)}办理，不能再建立表决票", field="kind")
        waiting = CaseBallot.objects.filter(case=case, kind=kind, ballot__status=Ballot.Status.OPEN).first()
        if waiting is not None:
            raise DomainError(f"已有尚未结束计票的表决票 #{waiting.ballot_id}，请先结束计票或在其上继续投票",
                              field="kind")
        roll = roll_on(case.organization, held_on)
        if not roll:
            raise DomainError(f"「{case.organization}」{chinese_date(held_on)}没有在册的正式党员，不能建立表决票",
                              field="held_on")
        ballot = open_ballot(actor, organization=case.organization, title=title_of(case, kind),
                             kind=Ballot.Kind.YES_NO, candidates=[], roll=roll, rule=RULE, method=method,
                             purpose=f"发展党员：{label(kind)}", held_on=held_on)
        CaseBallot.objects.create(case=case, kind=kind, ballot=ballot)
    return ballot


def vote_from_ballot(case: DevelopmentCase, kind: str, ballot: Ballot, done_on: dt.date) -> dict:
    """The BranchVote's figures from the case's sealed ballot, or a refusal naming the rule."""
    if not CaseBallot.objects.filter(case=case, kind=kind, ballot=ballot).exists():
        raise DomainError(f"表决票 #{ballot.pk} 不是为{case.name}的「{label(kind)}」建立的", field="ballot")
    ballot = Ballot.objects.get(pk=ballot.pk)  # as committed now (closed, sealed)
    figures = branch_vote_figures(ballot)
    if done_on != ballot.held_on:
        raise DomainError(f"办理日期应为支部大会投票的日期{chinese_date(ballot.held_on)}", field="done_on")
    if not figures.passed:
        rule = rule_now(ballot.rule)
        raise DomainError(
            f"表决票 #{ballot.pk} 未通过：应到会{figures.entitled}人，实到会{figures.present}人，赞成{figures.yes}票、"
            f"反对{figures.no}票、弃权{figures.abstain}票；通过规则：{rule.text}（{rule.source}）", field="ballot")
    return {"entitled": figures.entitled, "present": figures.present, "yes": figures.yes, "no": figures.no,
            "abstain": figures.abstain, "ballot_reference": figures.reference}


# ---------------------------------------------------------------- 三票决 (seed 000)


def three_vote_title(case: DevelopmentCase, body: str) -> str:
    return f"三票决（{BODY(body).label}）：接收{case.name}为中共预备党员"


def body_organization(case: DevelopmentCase, body: str) -> Organization:
    """Where a body's ballot is held: the branch, or for the township committee the committee that approves the
    branch's new members (``services.approving_committee``)."""
    from zugong.development.services import approving_committee  # noqa: PLC0415 (services imports this module)

    if body != BODY.TOWNSHIP_COMMITTEE:
        return case.organization
    committee = approving_committee(case.organization)
    if committee is None:
        raise DomainError(f"「{case.organization}」上级没有有审批权的党委，不能建立乡镇党委票决", field="body")
    return committee


def committee_roll(organization: Organization, day: dt.date) -> list[str]:
    """The committee members of ``organization`` in office on ``day`` as the register knows them (names)."""
    in_office = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return list(CommitteeMember.objects.filter(in_office, organization=organization).order_by("pk")
                .values_list("name", flat=True))


def three_vote_roll(case: DevelopmentCase, body: str, organization: Organization, day: dt.date,
                    entitled: int | None):
    """The roll of one body's ballot: members or names when the register knows them, else the typed number."""
    if body == BODY.GENERAL_MEETING:
        roll = roll_on(organization, day)
        if not roll:
            raise DomainError(f"「{organization}」{chinese_date(day)}没有在册的正式党员，不能建立党员大会票决",
                              field="held_on")
        return roll
    names = committee_roll(organization, day)
    if names:
        return names
    if not entitled:
        raise DomainError(f"「{organization}」{chinese_date(day)}在任的委员未在班子成员中登记，"
                          f"请填写{BODY(body).label}应到会委员人数", field="entitled")
    return entitled


def can_open_three_vote(actor, case: DevelopmentCase, body: str) -> bool:
    try:
        organization = body_organization(case, body)
    except DomainError:
        return False
    return path_in_scope(actor, "members.change", organization.path) and path_in_scope(
        actor, "ballots.tally", organization.path)


def open_three_vote(actor, case: DevelopmentCase, body: str, *, method: str, held_on: dt.date,
                    entitled: int | None = None) -> Ballot:
    """One body's ballot for the case's 三票决; one open ballot per body at a time."""
    from zugong.development.services import _lock_open, _require  # noqa: PLC0415 (services imports this module)

    if body not in BODY.values:
        raise DomainError("票决机构无效", field="body")
    _require(actor, case.organization)
    if not policy_int(P.THREE_STEP_VOTE.key):
        raise DomainError(f"未实行“三述三评三票决”，无需建立三票决表决票（{P.THREE_STEP_VOTE.source}）", field="body")
    organization = body_organization(case, body)
    if body == BODY.TOWNSHIP_COMMITTEE and not path_in_scope(actor, "members.change", organization.path):
        raise DomainError(f"乡镇党委票决由上级党委「{organization}」建立和计票，请由该党委的工作人员办理", field="body")
    name = BODY(body).label
    with transaction.atomic():
        _lock_open(case)
        taken = case.steps.filter(kind=K.THREE_VOTES).values_list("done_on", flat=True).first()
        if taken is not None:
            raise DomainError(f"「{label(K.THREE_VOTES)}」已于{chinese_date(taken)}办理，不能再建立表决票", field="body")
        waiting = CaseBallot.objects.filter(case=case, kind=K.THREE_VOTES, body=body,
                                            ballot__status=Ballot.Status.OPEN).first()
        if waiting is not None:
            raise DomainError(f"{name}已有尚未结束计票的表决票 #{waiting.ballot_id}，请先结束计票或在其上继续投票",
                              field="body")
        roll = three_vote_roll(case, body, organization, held_on, entitled)
        ballot = open_ballot(actor, organization=organization, title=three_vote_title(case, body),
                             kind=Ballot.Kind.YES_NO, candidates=[], roll=roll, rule=RULE, method=method,
                             purpose=f"发展党员：三票决（{name}）", held_on=held_on)
        CaseBallot.objects.create(case=case, kind=K.THREE_VOTES, body=body, ballot=ballot)
    return ballot


def three_votes_from_ballots(case: DevelopmentCase, ballots: dict, done_on: dt.date) -> list[dict]:
    """Each body's figures from its sealed ballot, in the bodies' order, or a refusal naming the body and the rule:
    a ballot missing, not the case's for that body, open, altered (its seal fails) or failed its rule."""
    found = []
    for body in BODIES:
        name = BODY(body).label
        ballot = ballots.get(body)
        if ballot is None:
            raise DomainError(f"缺少{name}的票决：三票决须由支部委员会、党员大会、乡镇党委分别无记名投票表决",
                              field=f"ballot_{body}")
        if not CaseBallot.objects.filter(case=case, kind=K.THREE_VOTES, body=body, ballot=ballot).exists():
            raise DomainError(f"表决票 #{ballot.pk} 不是为{case.name}的三票决（{name}）建立的", field=f"ballot_{body}")
        ballot = Ballot.objects.get(pk=ballot.pk)  # as committed now (closed, sealed)
        try:
            figures = branch_vote_figures(ballot)
        except DomainError as error:
            raise DomainError(f"{name}：{error.message}", field=f"ballot_{body}") from None
        if not figures.passed:
            rule = rule_now(ballot.rule)
            raise DomainError(
                f"{name}票决 #{ballot.pk} 未通过：应到会{figures.entitled}人，实到会{figures.present}人，"
                f"赞成{figures.yes}票、反对{figures.no}票、弃权{figures.abstain}票；通过规则：{rule.text}"
                f"（{rule.source}）", field=f"ballot_{body}")
        found.append((ballot.held_on, {"body": body, "entitled": figures.entitled, "present": figures.present,
                                       "yes": figures.yes, "no": figures.no, "abstain": figures.abstain,
                                       "ballot_reference": figures.reference}))
    last = max(day for day, _figures in found)
    if done_on != last:
        raise DomainError(f"办理日期应为三项票决中最后一项的投票日期{chinese_date(last)}", field="done_on")
    return [figures for _day, figures in found]
