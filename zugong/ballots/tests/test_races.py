"""Races run for real on PostgreSQL: the same code twice at once, two tellers closing at once, a vote arriving
while the ballot is being closed, the same paper number typed by two tellers at once."""

import pytest

from tests.concurrency import at_once, failures, needs_postgres
from zugong.ballots import services
from zugong.ballots.models import Ballot, CastBallot, PaperEntry, VotingCode
from zugong.ballots.seal import verify_seal
from zugong.ballots.tests.factories import approval
from zugong.core.access import DomainError

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def electronic(county, department_admin):
    ballot = approval(department_admin, county.township, method=Ballot.Method.ELECTRONIC, roll=20)
    VotingCode.objects.bulk_create(VotingCode(ballot=ballot, code=f"RACE{n:04d}".replace("0", "A").replace("1", "B"))
                                   for n in range(10))
    return ballot


def test_the_same_code_cast_twice_at_once_is_one_ballot(electronic):
    code = VotingCode.objects.first().code
    results = at_once(*[lambda: services.cast_online(code, {1: "yes", 2: "no"}) for _ in range(4)])
    refused = failures(results)
    assert len(refused) == 3 and {e.message for e in refused} == {"此投票码已经投过票，每个投票码只能使用一次"}
    assert CastBallot.objects.count() == 1


def test_two_tellers_closing_at_once(electronic, department_admin, township_operator):
    services.cast_online(VotingCode.objects.first().code, {1: "yes", 2: "yes"})
    results = at_once(lambda: services.close_ballot(department_admin, Ballot.objects.get(pk=electronic.pk)),
                      lambda: services.close_ballot(township_operator, Ballot.objects.get(pk=electronic.pk)))
    refused = failures(results)
    assert len(refused) == 1 and refused[0].message == "本次投票已经结束计票，不能重复结束"
    assert verify_seal(Ballot.objects.get(pk=electronic.pk))


def test_votes_racing_the_close_are_either_sealed_in_or_refused(electronic, department_admin):
    codes = list(VotingCode.objects.values_list("code", flat=True))
    calls = [lambda c=c: services.cast_online(c, {1: "yes", 2: "no"}) for c in codes[:8]]
    calls.append(lambda: services.close_ballot(department_admin, Ballot.objects.get(pk=electronic.pk)))
    results = at_once(*calls)
    refused = failures(results)
    assert all(isinstance(e, DomainError) and e.message == "本次投票已结束计票，不能再投票或录入" for e in refused)
    ballot = Ballot.objects.get(pk=electronic.pk)
    assert ballot.status == Ballot.Status.CLOSED and verify_seal(ballot)  # every ballot in the box is sealed in
    assert CastBallot.objects.count() == 8 - len(refused) == VotingCode.objects.filter(used=True).count()


def test_the_same_paper_number_typed_at_once_is_one_entry(county, department_admin, township_operator):
    ballot = approval(department_admin, county.township, roll=9)
    results = at_once(*[lambda u=u: services.enter_paper(u, Ballot.objects.get(pk=ballot.pk), number=1, valid=True,
                                                         choices={1: "yes", 2: "yes"})
                        for u in (department_admin, township_operator)])
    refused = failures(results)
    assert len(refused) == 1 and refused[0].message in ("第1张选票已经录入过", "该选票序号刚刚已由他人录入，本次未保存；请核对选票序号")
    assert PaperEntry.objects.count() == 1 and CastBallot.objects.count() == 1
