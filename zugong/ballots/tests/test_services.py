"""Opening, casting, closing and the tally, through the services."""

import pytest

from zugong.ballots import services
from zugong.ballots.models import Ballot, CastBallot
from zugong.ballots.seal import verify_seal
from zugong.ballots.selectors import tally
from zugong.ballots.tests.factories import approval, election, paper
from zugong.core.access import DomainError

pytestmark = pytest.mark.django_db


def test_decision_meeting_counts_by_the_members_due(county, department_admin):
    ballot = approval(department_admin, county.county, roll=9)
    services.record_present(department_admin, ballot, 6)  # 6 of 9: two thirds, enough
    paper(department_admin, ballot, [{1: "yes", 2: "yes"}] * 5 + [{1: "no", 2: "yes"}])
    result = tally(ballot)
    assert (result.entitled, result.present, result.valid, result.invalid) == (9, 6, 6, 0)
    assert result.quorum_met and result.needed == 5  # more than half of 9 due
    assert [(r.name, r.yes, r.no, r.passed) for r in result.rows] == [("张三", 5, 1, True), ("李四", 6, 0, True)]
    assert "到会人数不少于应到会人数的三分之二，同意票超过应到会人数的半数" == result.rule_text
    assert "讨论决定" in result.rule_source


def test_quorum_of_two_thirds_is_exact(county, department_admin):
    ballot = approval(department_admin, county.county, roll=9)
    services.record_present(department_admin, ballot, 5)
    paper(department_admin, ballot, [{1: "yes", 2: "yes"}] * 5)
    result = tally(ballot)
    assert not result.quorum_met and not result.passed("张三")


def test_election_elects_the_most_voted_above_half_of_present(county, department_admin):
    ballot = election(department_admin, county.village, roll=10)
    services.record_present(department_admin, ballot, 9)  # more than 4/5 of 10
    paper(department_admin, ballot, [{1: "yes", 2: "yes", 3: "yes"}] * 5 + [{1: "yes", 4: "yes"}] * 4)
    result = tally(ballot)
    assert result.quorum_met and result.needed == 5
    assert [(r.name, r.yes, r.passed) for r in result.rows] == [
        ("甲", 9, True), ("乙", 5, True), ("丙", 5, True), ("丁", 4, False)]


def test_election_needs_twenty_percent_more_candidates(county, department_admin):
    with pytest.raises(DomainError) as refused:
        election(department_admin, county.village, candidates=("甲", "乙", "丙"), seats=3)
    assert refused.value.message.startswith("差额选举应选3人，候选人应不少于4名")


def test_overselected_paper_ballot_is_refused_as_valid_and_counted_invalid(county, department_admin):
    ballot = election(department_admin, county.village)
    with pytest.raises(DomainError) as refused:
        services.enter_paper(department_admin, ballot, number=1, valid=True,
                             choices={1: "yes", 2: "yes", 3: "yes", 4: "yes"})
    assert refused.value.message == "所选人数4超过应选人数3（按规定为无效票）"
    services.enter_paper(department_admin, ballot, number=1, valid=False, choices={})
    assert tally(ballot).invalid == 1


def test_close_seals_and_refuses_more(county, department_admin):
    ballot = approval(department_admin, county.county, roll=9)
    services.record_present(department_admin, ballot, 7)
    paper(department_admin, ballot, [{1: "yes", 2: "no"}] * 7)
    services.close_ballot(department_admin, ballot)
    assert len(ballot.seal) == 64 and verify_seal(ballot)
    with pytest.raises(DomainError, match="^本次投票已经结束计票，不能重复结束$"):
        services.close_ballot(department_admin, Ballot.objects.get(pk=ballot.pk))
    with pytest.raises(DomainError, match="^本次投票已结束计票，不能再投票或录入$"):
        services.enter_paper(department_admin, Ballot.objects.get(pk=ballot.pk), number=8, valid=True, choices={})
    CastBallot.objects.filter(pk=CastBallot.objects.first().pk).update(valid=False)
    assert not verify_seal(ballot)
