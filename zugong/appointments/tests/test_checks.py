"""The due list's findings (stalled cases, 公示 ended without 任职, probation reviews, expired recommendations) and
the hold registry other apps add to."""

import datetime as dt

import pytest

from zugong.appointments import checks, holds, services
from zugong.appointments.models import CaseStep, ProbationReview, SelectionCase
from zugong.appointments.procedure import HoldReason
from zugong.appointments.tests.conftest import TODAY, open_case, take, walk

K = CaseStep.Kind
pytestmark = pytest.mark.django_db


def titles(check, within) -> list[str]:
    return [finding.title for finding in check(within, TODAY)]


def test_a_case_without_progress_beyond_the_policy_is_stalled(county, department_admin, setup):
    case = open_case(department_admin, county, setup)  # 动议 on 2026-06-01, nothing since
    assert titles(checks.cases_stalled, county.county.path) == ["「东风镇镇长人选」自2026-06-01以来没有进展"]
    SelectionCase.objects.filter(pk=case.pk).update(last_step_on=dt.date(2026, 9, 1))
    assert titles(checks.cases_stalled, county.county.path) == []


def test_a_notice_ended_long_ago_without_appointment_is_a_finding(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.APPOINTMENT)  # notice 2026-09-30 … 10-12
    assert titles(checks.notice_without_appointment, county.county.path) == [
        "「东风镇镇长人选」任前公示已于2026-10-12期满，尚未办理任职"]
    take(department_admin, case, K.APPOINTMENT, candidate)
    assert titles(checks.notice_without_appointment, county.county.path) == []


def test_probation_reviews_due_and_overdue(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.APPOINTMENT)
    take(department_admin, case, K.APPOINTMENT, candidate)
    assert titles(checks.probation_reviews, county.county.path) == []
    ProbationReview.objects.update(ends_on=dt.date(2026, 12, 1))
    assert titles(checks.probation_reviews, county.county.path) == ["李明（东风镇镇长）试用期2026-12-01期满，应进行试用期满考核"]
    ProbationReview.objects.update(ends_on=dt.date(2026, 9, 1))
    found = list(checks.probation_reviews(county.county.path, TODAY))
    assert found[0].title == "李明（东风镇镇长）试用期2026-09-01期满，考核已逾期" and found[0].severity == "problem"


def test_a_recommendation_past_its_validity_without_a_decision(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    walk(department_admin, case, setup, K.CANDIDATES_CHOSEN)
    assert titles(checks.recommendations_expired, county.county.path) == []
    CaseStep.objects.filter(case=case, kind=K.TALK_RECOMMENDATION).update(done_on=dt.date(2025, 10, 1))
    assert titles(checks.recommendations_expired, county.county.path) == [
        "「东风镇镇长人选」的民主推荐（2025-10-01）已超过12个月有效期，尚未作出决定"]


def test_another_app_adds_a_hold_source(county, department_admin, setup):
    case = open_case(department_admin, county, setup)
    candidate = walk(department_admin, case, setup, K.DECISION)

    def reports_12380(selection_case):
        yield HoldReason("example_source", f"{candidate.cadre.name}有12380举报尚未查结", "12380举报受理规定", candidate.pk)

    holds.register_hold_source("example_source", "12380举报未查结", reports_12380)
    try:
        with pytest.raises(services.DomainError) as refused:
            take(department_admin, case, K.DECISION, candidate)
        assert refused.value.message == ("暂缓办理「讨论决定」：李明有12380举报尚未查结（12380举报受理规定）；"
                                         "问题查清、解除暂缓后方可办理")
    finally:
        del holds.SOURCES["example_source"]
    take(department_admin, case, K.DECISION, candidate)
