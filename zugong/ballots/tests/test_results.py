"""A sealed ballot's figures for development's branch vote and organizations' election."""

import pytest

from zugong.ballots import services
from zugong.ballots.models import Ballot, Mark
from zugong.ballots.results import branch_vote_figures, election_figures
from zugong.ballots.tests.factories import election, paper
from zugong.core.access import DomainError

pytestmark = pytest.mark.django_db


def test_a_branch_admission_vote_gives_the_branch_vote_figures(county, department_admin):
    ballot = services.open_ballot(department_admin, organization=county.village, title="接收张三为预备党员",
                                  kind=Ballot.Kind.YES_NO, candidates=[], roll=9, rule=Ballot.Rule.MAJORITY_OF_DUE,
                                  method=Ballot.Method.PAPER)
    services.record_present(department_admin, ballot, 8)
    paper(department_admin, ballot, [{1: "yes"}] * 5 + [{1: "no"}, {1: "abstain"}, None])
    with pytest.raises(DomainError, match="^票决「接收张三为预备党员」尚未结束计票，不能采用其结果$"):
        branch_vote_figures(ballot)
    services.close_ballot(department_admin, ballot)
    figures = branch_vote_figures(ballot)
    assert (figures.entitled, figures.present, figures.yes, figures.no, figures.abstain, figures.passed) == (
        9, 8, 5, 1, 1, True)  # 5 > 9 / 2
    Mark.objects.filter(choice="no").update(choice="yes")
    with pytest.raises(DomainError, match="^票决「接收张三为预备党员」的封存码核验不符，结果不能采信$"):
        branch_vote_figures(ballot)


def test_an_election_gives_seats_candidates_and_the_elected(county, department_admin):
    ballot = election(department_admin, county.village, roll=10)
    services.record_present(department_admin, ballot, 9)
    paper(department_admin, ballot, [{1: "yes", 2: "yes", 3: "yes"}] * 5 + [{1: "yes", 4: "yes"}] * 4)
    services.close_ballot(department_admin, ballot)
    figures = election_figures(ballot)
    assert (figures.seats, figures.candidates_count, figures.quorum_met) == (3, 4, True)
    assert [row.name for row in figures.elected] == ["甲", "乙", "丙"]
