"""Appointment decisions that race (run on PostgreSQL): the same step taken by two people at once, the same
candidate appointed twice at once, a hold placed while the decision is taken. Exactly one wins; the loser gets a
Chinese message and changes nothing."""

import pytest
from django.db import close_old_connections

from tests.concurrency import at_once, failures, needs_postgres
from zugong.appointments import services
from zugong.appointments.models import CaseStep, ProbationReview, StepRefusal
from zugong.appointments.tests.conftest import DATES, open_case, take, walk
from zugong.appointments.voting import counted_paper_vote
from zugong.cadres.models import Tenure
from zugong.core.access import DomainError

K = CaseStep.Kind
race = pytest.mark.django_db(transaction=True)


def _each(call):
    def run():
        try:
            return call()
        finally:
            close_old_connections()
    return run


@needs_postgres
@race
def test_the_same_step_taken_twice_at_once_is_recorded_once(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.CANDIDATES_CHOSEN)
    results = at_once(*[_each(lambda: take(department_admin, case, K.CANDIDATES_CHOSEN, candidate))] * 2)
    lost = failures(results)
    assert len(lost) == 1 and isinstance(lost[0], DomainError)
    assert lost[0].message == "「确定考察对象」已于2026年6月20日办理，不能重复办理"
    assert case.steps.filter(kind=K.CANDIDATES_CHOSEN).count() == 1


@needs_postgres
@race
def test_the_same_candidate_appointed_twice_at_once_gets_one_tenure(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.APPOINTMENT)
    results = at_once(*[_each(lambda: take(department_admin, case, K.APPOINTMENT, candidate))] * 2)
    lost = failures(results)
    assert len(lost) == 1 and lost[0].message == "该事项已任职（试用期），不能再办理"
    assert Tenure.objects.filter(cadre=setup.seasoned, position=setup.post).count() == 1
    assert ProbationReview.objects.count() == 1


@needs_postgres
@race
def test_a_hold_placed_while_the_decision_is_taken_one_goes_first(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.DECISION)
    ballot = counted_paper_vote(department_admin, case, "decision", [candidate], entitled=11,
                                present=10, yes=[9], held_on=DATES[K.DECISION])
    results = at_once(
        _each(lambda: take(department_admin, case, K.DECISION, candidate, ballot=ballot)),
        _each(lambda: services.place_hold(department_admin, case, reason="来电反映问题", placed_on=DATES[K.DECISION])))
    decided = case.steps.filter(kind=K.DECISION).exists()
    refused = StepRefusal.objects.filter(case=case, kind=K.DECISION).exists()
    assert decided != refused  # the decision came first, or it was refused because of the hold
    assert not failures(results) or (refused and failures(results)[0].message.startswith("暂缓办理「讨论决定」"))
