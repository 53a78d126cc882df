"""Races of the ballots used by development and elections (PostgreSQL only, see tests/concurrency.py)."""

import datetime as dt
import functools

import pytest

from tests.concurrency import at_once, needs_postgres
from zugong.ballots import services as ballot_services
from zugong.ballots.models import Ballot
from zugong.ballots.tests.factories import election, paper
from zugong.core.access import DomainError
from zugong.development import services, voting
from zugong.development.models import CaseBallot, DevelopmentCase
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for
from zugong.organizations import elections
from zugong.organizations.models import Election, ElectionCandidate

race = pytest.mark.django_db(transaction=True)


def outcome(results: list) -> tuple[list, list[str]]:
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)]
    assert not unexpected, f"a racing call failed with {unexpected[0]!r}"
    return ([r for r in results if not isinstance(r, BaseException)],
            sorted(r.message for r in results if isinstance(r, DomainError)))


@needs_postgres
@race
def test_three_ballots_opened_at_once_for_one_vote_give_one(county, branch_secretary, full_members):
    case = services.open_case(
        branch_secretary, name="陈晓燕", id_number=id_for(dt.date(1998, 4, 2), 22), ethnicity="01",
        education="undergraduate", occupation="professional", organization=county.village,
        applied_on=dt.date(2023, 3, 10))
    copies = [DevelopmentCase.objects.get(pk=case.pk) for _ in range(3)]
    winners, losers = outcome(at_once(*[functools.partial(
        voting.open_vote, branch_secretary, copy, "admission_vote", method=Ballot.Method.PAPER,
        held_on=dt.date(2024, 7, 1)) for copy in copies]))
    assert len(winners) == 1 and CaseBallot.objects.get(case=case).ballot == winners[0]
    assert losers == [f"已有尚未结束计票的表决票 #{winners[0].pk}，请先结束计票或在其上继续投票"] * 2
    assert Ballot.objects.count() == 1


@needs_postgres
@race
def test_one_ballot_recorded_twice_at_once_gives_one_election(county, department_admin, full_members):
    fourth = create_member(department_admin, **fields(county.village, name="孙立", id_number=id_for(dt.date(1970, 1, 9), 9)))
    ballot = election(department_admin, county.village, candidates=[*full_members, fourth], seats=3, roll=10,
                      held_on=dt.date(2026, 6, 1))
    ballot_services.record_present(department_admin, ballot, 9)
    paper(department_admin, ballot, [{1: "yes", 2: "yes", 3: "yes"}] * 9)
    ballot_services.close_ballot(department_admin, ballot)
    winners, losers = outcome(at_once(*[functools.partial(
        elections.record_from_ballot, department_admin, county.village, ballot=ballot) for _ in range(2)]))
    assert len(winners) == 1 and losers == ["「东风村党支部」2026-06-01的换届选举已经登记，不能重复登记"]
    assert Election.objects.count() == 1 and ElectionCandidate.objects.count() == 4
