"""A sealed ballot's result in the shapes other areas record (结果对接): development's ``BranchVote`` (支部大会表决)
and organizations' ``Election`` (换届选举). Only a closed ballot whose seal verifies gives figures; the callers copy
them and keep ``reference`` (the ballot's id) so the record points back at the sealed count."""

from dataclasses import dataclass

from zugong.ballots.models import Ballot
from zugong.ballots.seal import verify_seal
from zugong.ballots.selectors import tally
from zugong.core.access import DomainError


def _sealed(ballot: Ballot) -> None:
    if ballot.status != Ballot.Status.CLOSED:
        raise DomainError(f"票决「{ballot}」尚未结束计票，不能采用其结果", field="ballot")
    if not verify_seal(ballot):
        raise DomainError(f"票决「{ballot}」的封存码核验不符，结果不能采信", field="ballot")


@dataclass(frozen=True)
class BranchVoteFigures:
    """What ``development.BranchVote`` holds, from a YES_NO ballot of the branch meeting."""

    entitled: int
    present: int
    yes: int
    no: int
    abstain: int
    passed: bool
    reference: str


def branch_vote_figures(ballot: Ballot) -> BranchVoteFigures:
    _sealed(ballot)
    if ballot.kind != Ballot.Kind.YES_NO:
        raise DomainError("支部大会表决应为单项表决（赞成/反对/弃权）", field="ballot")
    result = tally(ballot)
    row = result.rows[0]
    return BranchVoteFigures(result.entitled, result.present, row.yes, row.no, row.abstain, row.passed, str(ballot.pk))


@dataclass(frozen=True)
class ElectionFigures:
    """What ``organizations.Election`` records (seats, candidates) and who was elected, from a CHOOSE ballot."""

    seats: int
    candidates_count: int
    elected: list  # CandidateCount rows, each with its Member when the candidate came from the register
    tied: list
    quorum_met: bool
    reference: str


def election_figures(ballot: Ballot) -> ElectionFigures:
    _sealed(ballot)
    if ballot.kind != Ballot.Kind.CHOOSE:
        raise DomainError("换届选举应为差额选举（限选N人）", field="ballot")
    result = tally(ballot)
    return ElectionFigures(ballot.seats, len(result.rows), result.elected,
                           [row for row in result.rows + result.write_ins if row.tied], result.quorum_met,
                           str(ballot.pk))
