"""The nightly check of 12380 reports: past the 受理 or the 办结 deadline (the extension counted), in scope."""

import datetime as dt

import pytest

from zugong.complaints import checks, services
from zugong.complaints.tests.conftest import TODAY, staff_report
from zugong.core.checks import run_checks
from zugong.core.models import Finding

pytestmark = pytest.mark.django_db


def _titles(within) -> list[str]:
    return [finding.title for finding in checks.reports_overdue(within, TODAY)]


def test_a_report_past_its_acceptance_or_conclusion_deadline_is_a_finding(county, department_admin):
    undecided = staff_report(department_admin, county.township, received_on=dt.date(2026, 10, 20))
    fresh = staff_report(department_admin, county.township, received_on=dt.date(2026, 11, 10))
    accepted = staff_report(department_admin, county.village, received_on=dt.date(2026, 9, 1))
    services.decide(department_admin, accepted, decision="accept", day=dt.date(2026, 9, 10))  # 办结 by 11/09
    assert _titles(county.county.path) == [f"12380举报{undecided.number}（{county.township.name}）受理决定已超期",
                                           f"12380举报{accepted.number}（{county.village.name}）办结已超期"]
    assert fresh.number not in "".join(_titles(county.county.path))
    assert _titles(county.other_village.path) == []


def test_an_extension_moves_the_conclusion_deadline_and_a_decision_ends_the_acceptance_one(county, department_admin):
    report = staff_report(department_admin, county.village, received_on=dt.date(2026, 9, 1))
    services.decide(department_admin, report, decision="accept", day=dt.date(2026, 9, 15))  # 办结 by 11/14
    assert _titles(county.county.path) == [f"12380举报{report.number}（{county.village.name}）办结已超期"]
    services.extend(department_admin, report, days=20, reason="需调取账目", day=dt.date(2026, 11, 1))
    late = staff_report(department_admin, county.village, received_on=dt.date(2026, 10, 1))
    assert _titles(county.county.path) == [f"12380举报{late.number}（{county.village.name}）受理决定已超期"]
    services.decide(department_admin, late, decision="outside", day=dt.date(2026, 11, 20), note="属于信访事项")
    assert _titles(county.county.path) == []


def test_the_nightly_run_stores_the_finding_for_complaint_viewers(county, department_admin):
    staff_report(department_admin, county.township, received_on=dt.date(2026, 10, 20))
    run_checks(today=TODAY, codes=["complaints.overdue"])
    finding = Finding.objects.get(check_code="complaints.overdue")
    assert finding.severity == Finding.Severity.PROBLEM and "受理决定已超期" in finding.title
    assert "收到举报后15个工作日内作出受理决定" in finding.detail
