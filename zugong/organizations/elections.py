"""换届选举 recorded from a sealed 差额 ballot (``zugong.ballots``): the seats, the candidates — people, members of the
register when the ballot named them so — with their votes, and who was elected, all copied from the tally.

Refused, with the rule and its source, when the ballot is open or altered (``ballots.results``), when it has fewer
candidates than the 差额 rule asks (``ballots.election_margin_percent``), when the meeting lacked its quorum, or
when candidates tie across the last seat (a further vote decides between them first). Hand-recorded elections
(``services.record_election`` without a ballot) keep working and keep only the counts.
"""

import datetime as dt

from zugong.ballots import policies as ballot_policies
from zugong.ballots.models import Ballot
from zugong.ballots.results import election_figures
from zugong.ballots.rules import election_margin_needed
from zugong.ballots.selectors import tally
from zugong.core.access import DomainError
from zugong.core.policy import policy_int
from zugong.members.models import Member
from zugong.organizations import services
from zugong.organizations.models import CommitteeMember, Election, ElectionCandidate, Organization


def _register_by_name(org: Organization, names: list[str]) -> dict:
    """A ballot typed with names only: each name borne by exactly one member on the organization's register."""
    found: dict = {}
    for member in Member.objects.active().under(org.path).filter(name__in=names):
        found.setdefault(member.name, []).append(member)
    return {name: people[0] for name, people in found.items() if len(people) == 1}


def record_from_ballot(actor, org: Organization, *, ballot: Ballot, method: str = Election.Method.MEMBERS_MEETING,
                       term_ends_on: dt.date | None = None, notes: str = "") -> Election:
    if ballot.organization_id != org.pk:
        raise DomainError(f"票决 #{ballot.pk}「{ballot}」不是「{org}」的选举", field="ballot")
    ballot = Ballot.objects.get(pk=ballot.pk)  # as committed now
    figures = election_figures(ballot)  # refuses an open ballot, an altered one, a ballot that is not 差额选举
    needed = election_margin_needed(figures.seats)
    if figures.candidates_count < needed:
        percent = policy_int(ballot_policies.ELECTION_MARGIN_PERCENT.key)
        raise DomainError(
            f"差额选举应选{figures.seats}人，候选人数应多于应选人数的{percent}%，即不少于{needed}名"
            f"（{ballot_policies.ELECTION_MARGIN_PERCENT.source}）；票决 #{ballot.pk} 只有{figures.candidates_count}名候选人",
            field="ballot")
    result = tally(ballot)
    if not figures.quorum_met:
        raise DomainError(f"票决 #{ballot.pk} 应到会{result.entitled}人，实到会{result.present}人，不足法定人数，"
                          f"选举无效：{result.rule_text}（{result.rule_source}）", field="ballot")
    if figures.tied:
        names = "、".join(f"{row.name}（{row.yes}票）" for row in figures.tied)
        raise DomainError(f"{names}得票相等，争夺最后的当选名额，当选人尚未确定；请就得票相等的候选人再次投票"
                          f"决定当选人后再登记（{result.rule_source}）", field="ballot")
    rows = result.rows + [w for w in result.write_ins if w.passed]
    by_name = _register_by_name(org, [row.name for row in rows])
    candidates = [ElectionCandidate(position=number, name=row.name, votes=row.yes, elected=row.passed,
                                    member=(row.candidate.member if row.candidate is not None and
                                            row.candidate.member_id else by_name.get(row.name)),
                                    written_in=row.candidate is None)
                  for number, row in enumerate(rows, start=1)]
    elected = [(c.name, CommitteeMember.Position.MEMBER) for c in candidates if c.elected]
    note = (notes or "").strip() or f"据票决 #{ballot.pk}「{ballot}」计票结果登记"
    return services.record_election(
        actor, org, elected_on=ballot.held_on, seats=figures.seats, candidates_count=figures.candidates_count,
        elected=elected, method=method, term_ends_on=term_ends_on, notes=note[:300], candidates=candidates,
        ballot_reference=figures.reference)
