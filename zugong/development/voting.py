"""The branch meeting's secret ballot (支部大会无记名投票) for a case's admission and confirmation votes, opened
through ``zugong.ballots``.

``open_vote`` opens a YES_NO ballot for the case (the roll: the branch's full members on the register on the
meeting day; paper or electronic); the tellers count it on the ballot's own pages and close it; the step is then
taken "from the ballot" (``services.record_step(..., ballot=...)``): ``vote_from_ballot`` copies the sealed
tally's figures (``ballots.results.branch_vote_figures``) and refuses a ballot that failed its rule, is still
open, or whose seal no longer verifies. Hand-typed figures stay possible for meetings held before zugong.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from zugong.ballots.models import Ballot
from zugong.ballots.results import branch_vote_figures
from zugong.ballots.rules import rule_now
from zugong.ballots.services import open_ballot
from zugong.core.access import DomainError
from zugong.development.models import CaseBallot, DevelopmentCase, DevelopmentStep
from zugong.development.procedure import VOTES, chinese_date, label
from zugong.members.models import Member
from zugong.organizations.models import Organization

K = DevelopmentStep.Kind
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
