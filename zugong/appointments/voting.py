"""Ballots behind the procedure's votes (会议推荐, 常委会/全委会讨论决定), opened through ``zugong.ballots``.

``open_vote`` opens the ballot a step will point at, with the case's candidates on it; the tellers count it on
the ballot's own pages and close it; the step then reads the sealed tally. ``counted_paper_vote`` does the
whole of it at once from given counts (the demo data and the tests: what tellers would type, ballot by ballot).
"""

import datetime as dt

from zugong.appointments.models import CaseCandidate, SelectionCase
from zugong.ballots.models import Ballot
from zugong.ballots.services import close_ballot, enter_paper, open_ballot, record_present

PURPOSES = {"meeting_recommendation": "民主推荐（会议推荐）", "decision": "讨论决定干部任免"}


def open_vote(actor, case: SelectionCase, purpose: str, candidates: list[CaseCandidate], *, entitled: int,
              held_on: dt.date, key_post: bool = False, method: str = Ballot.Method.PAPER) -> Ballot:
    meeting = "全委会票决" if key_post else ("常委会讨论决定" if purpose == "decision" else "会议推荐")
    rule = Ballot.Rule.TWO_THIRDS_QUORUM if purpose == "decision" else Ballot.Rule.MAJORITY_OF_PRESENT
    # Each candidate by name, with its cadre when it has one (an outside 考察对象 before 登记入干部库 has none).
    return open_ballot(actor, organization=case.unit, title=f"{case.title}（{meeting}）",
                       kind=Ballot.Kind.APPROVAL, candidates=candidates, roll=entitled, rule=rule,
                       method=method, purpose=PURPOSES[purpose], held_on=held_on)


def counted_paper_vote(actor, case: SelectionCase, purpose: str, candidates: list[CaseCandidate], *, entitled: int,
                       present: int, yes: list[int], held_on: dt.date, key_post: bool = False) -> Ballot:
    """A paper ballot with ``present`` ballots in which candidate i gets ``yes[i]`` 同意, closed and sealed."""
    ballot = open_vote(actor, case, purpose, candidates, entitled=entitled, held_on=held_on, key_post=key_post)
    record_present(actor, ballot, present)
    positions = [c.position for c in ballot.candidates.order_by("position")]
    for number in range(1, present + 1):
        choices = {p: ("yes" if number <= yes[i] else "no") for i, p in enumerate(positions)}
        enter_paper(actor, ballot, number=number, valid=True, choices=choices)
    return close_ballot(actor, ballot)
