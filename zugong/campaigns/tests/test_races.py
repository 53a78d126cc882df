"""Two reviewers of one report at once (PostgreSQL): one decides, the other is told in Chinese what happened."""

import pytest
from django.db import close_old_connections

from tests.concurrency import at_once, failures, needs_postgres
from tests.fixtures import make_user
from zugong.campaigns import services
from zugong.campaigns.models import Task
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
def test_two_reviews_of_one_report_at_once_one_wins(county, department_admin, branch_secretary, task, today):
    other = make_user("admin2", "department_admin", county.county)
    services.report_task(branch_secretary, task, text="已完成")

    def review(actor, accept):
        return _each(lambda: services.review_task(actor, Task.objects.get(pk=task.pk), accept=accept,
                                                  reason="" if accept else "材料不全"))

    results = at_once(review(department_admin, True), review(other, True))
    lost = failures(results)
    assert len(lost) == 1 and isinstance(lost[0], DomainError), results
    assert lost[0].message == f"该任务已于{chinese_date(today)}审核通过，不能再审核通过"
    task.refresh_from_db()
    assert task.status == Task.Status.ACCEPTED
    assert task.reports.get().outcome == "accepted"
    assert AuditEvent.objects.filter(message="审核通过").count() == 1
