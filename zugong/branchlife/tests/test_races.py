"""The same 四议两公开 step recorded twice at once (PostgreSQL): one wins, the other is told in Chinese, one step."""

import datetime as dt

import pytest
from django.db import close_old_connections

from tests.concurrency import at_once, failures, needs_postgres
from zugong.branchlife import services
from zugong.branchlife.models import DecisionStep, VillageDecision
from zugong.core.access import DomainError
from zugong.core.dates import chinese_date
from zugong.core.models import AuditEvent

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
def test_two_recordings_of_the_same_step_at_once_one_wins(county, branch_secretary, township_operator, today):
    start = today - dt.timedelta(days=20)
    decision = services.propose_decision(branch_secretary, county.village, title="村道硬化工程", day=start)
    days = {branch_secretary: start + dt.timedelta(days=3), township_operator: start + dt.timedelta(days=4)}

    def consult(actor):
        return _each(lambda: services.take_decision_step(actor, VillageDecision.objects.get(pk=decision.pk),
                                                         step=VillageDecision.Step.CONSULTATION, day=days[actor]))

    results = at_once(consult(branch_secretary), consult(township_operator))
    lost = failures(results)
    assert len(lost) == 1 and isinstance(lost[0], DomainError), results
    step = DecisionStep.objects.get(decision=decision, kind=VillageDecision.Step.CONSULTATION)
    assert lost[0].message == f"「两委商议」已于{chinese_date(step.done_on)}登记，每个步骤只登记一次"
    decision.refresh_from_db()
    assert (decision.last_step, decision.last_step_on) == (VillageDecision.Step.CONSULTATION, step.done_on)
    assert AuditEvent.objects.filter(message__startswith="四议两公开：两委商议").count() == 1
