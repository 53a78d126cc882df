"""Decisions that race in statistics (并发), run for real on PostgreSQL: a day finalized twice at once keeps one
snapshot and tells the second; a year's village incomes saved at once keep one figure per village."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.concurrency import at_once, failures, needs_postgres
from tests.same_page import logged_in
from zugong.core.access import DomainError
from zugong.core.models import AuditEvent
from zugong.statistics import snapshots
from zugong.statistics.economy import record_incomes
from zugong.statistics.models import Snapshot, SnapshotRow, VillageIncome
from zugong.statistics.tests.test_statistics import DAY

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def test_a_day_finalized_twice_at_once_keeps_one_snapshot(register, county, department_admin):
    results = at_once(*[lambda: snapshots.freeze(department_admin, DAY, county.township)] * 2)
    [refusal] = failures(results)
    assert isinstance(refusal, DomainError), refusal
    assert refusal.message.startswith("东风镇党委2025-12-31的统计刚刚已由组织部管理员定稿")
    [winner] = [r for r in results if isinstance(r, Snapshot)]
    assert list(Snapshot.objects.values_list("pk", flat=True)) == [winner.pk]
    assert SnapshotRow.objects.exclude(snapshot=winner).count() == 0
    assert AuditEvent.objects.filter(message__contains="统计定稿").count() == 1


def test_the_finalize_button_pressed_twice_at_once_is_a_message_not_a_500(register, county, department_admin):
    url = f"{reverse('statistics:finalize')}?organization={county.township.pk}&day={DAY:%Y-%m-%d}"
    clients = [logged_in(department_admin) for _ in range(2)]
    responses = at_once(*[lambda c=c: c.post(url, follow=True) for c in clients])
    assert [r.status_code for r in responses] == [200, 200]
    pages = sorted(r.content.decode() for r in responses)
    assert sum("已完成2025-12-31统计定稿" in page for page in pages) == 1
    assert sum("的统计刚刚已由组织部管理员定稿" in page for page in pages) == 1
    assert Snapshot.objects.count() == 1


def test_a_years_village_incomes_saved_at_once_keep_one_figure_per_village(county, department_admin,
                                                                        township_operator):
    amounts = [Decimal("5.00"), Decimal("6.00"), Decimal("7.00")]
    results = at_once(*[lambda a=a, u=u: record_incomes(u, county.township, 2025, {county.village_unit: a})
                        for a, u in zip(amounts, (department_admin, township_operator, department_admin), strict=True)])
    assert not failures(results)
    [kept] = VillageIncome.objects.filter(village=county.village_unit, year=2025)
    assert kept.amount in amounts
