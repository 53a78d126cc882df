"""Two reviewers of one report at once (PostgreSQL): one decides, the other is told in Chinese what happened; a
campaign's coverage narrowed while a record outside it is added: one of the two is refused."""

import time

import pytest
from django.db import close_old_connections

from tests.concurrency import at_once, failures, needs_postgres
from tests.fixtures import make_user
from zugong.campaigns import services
from zugong.campaigns.models import Campaign, Task, WorkGroup
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


@needs_postgres
@race
def test_narrowing_the_coverage_and_a_group_outside_it_at_once_never_both(county, department_admin, campaign,
                                                                        monkeypatch):
    """The coverage changes under the campaign's lock and a new record is checked again under it: of a narrowing to
    the township and a group at 南山村 at the same moment, one is refused — no group is left outside the coverage.
    The narrowing lingers after its check (as a slow request would) and the group comes while it does: checked only
    before the campaign's lock it would slip in; checked again under it, it is refused."""
    members: list = []
    checked = services.coverage_refusal

    def slow_check(*args, **kwargs):
        refusal = checked(*args, **kwargs)
        time.sleep(0.8)
        return refusal

    monkeypatch.setattr(services, "coverage_refusal", slow_check)

    def narrow():
        return _each(lambda: services.update_campaign(
            department_admin, Campaign.objects.get(pk=campaign.pk), title=campaign.title,
            starts_on=campaign.starts_on, ends_on=campaign.ends_on, goals=campaign.goals, covers=[county.township]))

    def add():
        def late():
            time.sleep(0.3)  # while the narrowing lingers, its check made
            return services.add_group(department_admin, Campaign.objects.get(pk=campaign.pk), name="南山村工作组",
                                      village=county.other_village, members=members,
                                      leader_organization=county.agency_branch)
        return _each(late)

    results = at_once(narrow(), add())
    lost = failures(results)
    assert len(lost) == 1 and isinstance(lost[0], DomainError), results
    assert "南山村党支部" in lost[0].message
    covers = list(Campaign.objects.get(pk=campaign.pk).covers.all())
    groups = list(WorkGroup.objects.filter(campaign=campaign))
    assert (covers, groups) in (([county.township], []), ([], groups)) and len(groups) <= 1
