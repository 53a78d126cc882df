"""The 受理 decision taken twice at once (PostgreSQL): one wins, the loser is told what happened, nothing doubles."""

import datetime as dt

import pytest
from django.db import close_old_connections

from tests.concurrency import at_once, failures, needs_postgres
from zugong.complaints import services
from zugong.complaints.models import Report
from zugong.complaints.tests.conftest import staff_report
from zugong.core.access import DomainError
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
def test_two_acceptance_decisions_at_once_one_wins(county, department_admin):
    report = staff_report(department_admin, county.township)
    accept = _each(lambda: services.decide(department_admin, Report.objects.get(pk=report.pk),
                                           decision=Report.Decision.ACCEPT, day=dt.date(2026, 11, 3)))
    forward = _each(lambda: services.decide(department_admin, Report.objects.get(pk=report.pk),
                                            decision=Report.Decision.FORWARD, day=dt.date(2026, 11, 3),
                                            forwarded_to="县纪委监委"))
    results = at_once(accept, forward)
    lost = failures(results)
    assert len(lost) == 1 and isinstance(lost[0], DomainError)
    report.refresh_from_db()
    winner = report.get_status_display()
    assert lost[0].message == f"该举报目前「{winner}」，受理决定须在「待受理」时办理"
    assert AuditEvent.objects.filter(object_id=str(report.pk), message__startswith="受理决定").count() == 1


@needs_postgres
@race
def test_two_web_reports_at_once_get_two_numbers(county):
    from zugong.complaints.tests.conftest import web_report

    results = at_once(*[_each(lambda: web_report()[0].number)] * 2)
    assert sorted(results) == ["12380-2026-0001", "12380-2026-0002"]
