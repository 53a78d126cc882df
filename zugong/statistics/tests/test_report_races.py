"""Reporting upward under races (PostgreSQL): the same package imported twice at once is imported once, and a
package imported while the higher instance finalizes the day is counted in its snapshot exactly once."""

import pytest
import time_machine

from tests.concurrency import at_once, failures, needs_postgres
from zugong.statistics import reports, snapshots
from zugong.statistics.models import ReportPackage
from zugong.statistics.selectors import tables
from zugong.statistics.tests.test_reports import DAY, NOW, _as_higher, _export

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def test_a_package_imported_twice_at_once_is_imported_once(register, county, department_admin, higher,
                                                           settings, tmp_path):
    raw = _export(department_admin, county.township, settings, tmp_path)
    _as_higher(settings, tmp_path)
    results = at_once(*[lambda: reports.import_package(department_admin, raw, apply=True)] * 2)
    assert not failures(results)
    assert sorted(r.applied for r in results) == [False, True]
    [loser] = [r for r in results if not r.applied]
    assert loser.errors[0].startswith("「甲县委组织部」2025-12-31的版本") and "不新于已导入的版本" in loser.errors[0]
    assert ReportPackage.objects.count() == 1


def test_a_package_imported_while_the_day_is_finalized_counts_once(register, county, department_admin, higher,
                                                                   settings, tmp_path):
    raw = _export(department_admin, county.township, settings, tmp_path)
    _as_higher(settings, tmp_path)
    live = {f.table.key: f.total for f in tables(department_admin, DAY, county.county.path, live=True)}["gender"]

    def finalize():
        with time_machine.travel(NOW, tick=False):
            return snapshots.freeze(department_admin, DAY, county.county)

    results = at_once(lambda: reports.import_package(department_admin, raw, apply=True), finalize)
    assert not failures(results) and results[0].applied
    finalized = {f.table.key: f.total for f in tables(department_admin, DAY, county.county.path)}["gender"]
    assert finalized == live + 4
