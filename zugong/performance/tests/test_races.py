"""Two people closing the same period's assessment at once (并发), run for real on PostgreSQL: one assesses, the
other is told in Chinese that it is done; scores are written once."""

import datetime as dt

import pytest

from tests.concurrency import at_once, failures, needs_postgres
from tests.fixtures import make_user
from zugong.core.access import DomainError
from zugong.performance import services
from zugong.performance.models import Period, PeriodScore
from zugong.performance.tests import helpers as h

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def test_two_people_closing_the_same_assessment_one_wins(county, department_admin):
    h.agencies(county)
    year = h.template(county, department_admin)
    other = make_user("admin2", "department_admin", county.county, "组织部另一管理员")
    first = h.period(year, 1)
    services.take_step(department_admin, first, Period.Step.DEPLOYED, first.starts_on)
    h.enter(department_admin, year, 1, h.FIRST)
    services.take_step(department_admin, first, Period.Step.INSPECTED, first.starts_on)
    stale = [Period.objects.get(pk=first.pk), Period.objects.get(pk=first.pk)]  # both pages loaded it inspected
    results = at_once(*[lambda p=p, who=who: services.take_step(who, p, Period.Step.ASSESSED, dt.date(2026, 1, 15))
                        for p, who in zip(stale, (department_admin, other), strict=True)])
    (lost,) = failures(results)
    assert isinstance(lost, DomainError)
    assert lost.message == f"{first}已考核（2026-01-15），不能重复考核（可能他人刚刚完成了这一步，请刷新页面）"
    assert PeriodScore.objects.filter(period=first).count() == 4
    assert {s.scorecard.label: (s.total, s.rank) for s in PeriodScore.objects.select_related("scorecard")} == \
        h.FIRST_TOTALS
