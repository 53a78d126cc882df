"""Who sees which ballot (the one access layer of ballots, on ``core.access.scope_q``), and the tally (计票结果).

A ballot belongs to an organization and is seen by whoever covers it for ``ballots.tally`` (tellers, the
department, the branch secretary); out of scope is answered as missing (404).
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Count, IntegerField, QuerySet, Value

from zugong.ballots import rules
from zugong.ballots.models import Ballot, Candidate, CastBallot, Mark, PaperEntry
from zugong.ballots.services import CAPABILITY, present_of
from zugong.core.access import get_in_scope, scope_q


def ballots_visible_to(user, capability: str = CAPABILITY) -> QuerySet[Ballot]:
    return Ballot.objects.filter(scope_q(user, capability, "org_path")).select_related("organization")


def access_ballot(user, pk, for_change: bool = False) -> Ballot:
    """A ballot the user covers (404 otherwise, like a missing one); ``for_change``: one still open."""
    ballot = get_in_scope(ballots_visible_to(user), pk)
    if for_change and not ballot.is_open:
        from django.http import Http404

        raise Http404("本次投票已经结束计票")
    return ballot


def entries_visible_to(user, ballot: Ballot) -> QuerySet[PaperEntry]:
    return ballot.paper_entries.select_related("first_by", "second_by")


@dataclass
class CandidateCount:
    key: str  # "c<number>" for a candidate, "w:<name>" for a name written in
    name: str
    candidate: Candidate | None
    yes: int = 0
    no: int = 0
    abstain: int = 0
    other: int = 0  # APPROVAL: 另选他人 instead of this candidate
    passed: bool = False
    tied: bool = False


@dataclass
class Tally:
    ballot: Ballot
    entitled: int
    present: int
    cast: int
    valid: int
    invalid: int
    rows: list[CandidateCount]
    rule: rules.RuleNow
    decision: rules.Decision
    write_ins: list[CandidateCount] = field(default_factory=list)

    @property
    def quorum_met(self) -> bool:
        return self.decision.quorum_met

    @property
    def needed(self) -> int:
        return self.decision.needed

    def passed(self, candidate: Candidate | str) -> bool:
        """Whether a candidate (or the name of one, or of a name written in) passed / was elected."""
        for row in self.rows + self.write_ins:
            if row.candidate == candidate or row.name == candidate:
                return row.passed
        return False

    @property
    def elected(self) -> list[CandidateCount]:
        return [row for row in self.rows + self.write_ins if row.passed]

    @property
    def over_cast(self) -> bool:
        """More ballots than voters present: the vote is void (选票多于投票人数)."""
        return self.cast > self.present

    @property
    def rule_text(self) -> str:
        return self.rule.text

    @property
    def shown_rule_text(self) -> str:
        return self.rule.shown_text

    @property
    def rule_source(self) -> str:
        return self.rule.source


def tally(ballot: Ballot) -> Tally:
    """The count in one aggregate query (two parts in one UNION ALL, each read from its covering index alone): the
    box by validity, and the marks by candidate, choice and the name written in (empty but for 另选他人)."""
    box = 0
    boxes = (CastBallot.objects.filter(ballot=ballot).values("valid")
             .annotate(part=Value(box), candidate=Value(None, IntegerField()), choice=Value("", CharField()),
                       name=Value("", CharField()), n=Count("*"))
             .values_list("part", "candidate", "choice", "name", "valid", "n").order_by())
    marks = (Mark.objects.filter(ballot=ballot).values("candidate_id", "choice", "written_name")
             .annotate(part=Value(1), valid=Value(True), n=Count("*"))
             .values_list("part", "candidate_id", "choice", "written_name", "valid", "n").order_by())
    counted = list(boxes.union(marks, all=True))
    candidates = list(ballot.candidates.order_by("position"))
    rows = {c.pk: CandidateCount(f"c{c.position}", c.name, c) for c in candidates}
    write_ins: dict[str, CandidateCount] = {}
    valid = invalid = 0
    for part, candidate, choice, name, ok, n in counted:
        if part == box:
            valid, invalid = (valid + n, invalid) if ok else (valid, invalid + n)
            continue
        if name:  # a name written in (另选他人): a vote for that name
            write_ins.setdefault(f"w:{name}", CandidateCount(f"w:{name}", name, None)).yes += n
        if candidate is not None:
            row = rows[candidate]
            setattr(row, choice, getattr(row, choice) + n)
    cast = valid + invalid
    present = present_of(ballot, cast)
    rule = rules.rule_now(ballot.rule)
    by_key = {row.key: row for row in [*rows.values(), *write_ins.values()]}
    decision = rules.decide(ballot, rule, entitled=ballot.entitled, present=present,
                            yes_by_key={key: row.yes for key, row in by_key.items()})
    for key, row in by_key.items():
        row.passed = key in decision.passed
        row.tied = key in decision.tie
    return Tally(ballot, ballot.entitled, present, cast, valid, invalid, list(rows.values()), rule, decision,
                 sorted(write_ins.values(), key=lambda r: (-r.yes, r.name)))
