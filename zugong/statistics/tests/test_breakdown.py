"""Statistics by lower organization (按下级组织分列): one grouped query per source (or the finalized rows) gives
each child exactly what the child's own tables give, for every scope, and the number of queries does not grow
with the number of children."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.fixtures import _child
from zugong.organizations.models import Organization
from zugong.statistics import snapshots
from zugong.statistics.selectors import children_tables, tables
from zugong.statistics.tables import ALL_TABLES, TABLES
from zugong.statistics.tests.test_statistics import DAY


def _shape(figures):
    return [(f.table.key, f.total, f.counts, f.total_amount, f.amounts) for f in figures]


@pytest.mark.parametrize("live", [True, False])
def test_each_child_gets_what_its_own_tables_give(register, county, department_admin, township_operator, outsider,
                                                  live):
    if not live:
        snapshots.freeze(department_admin, DAY, county.county)
    for user in (department_admin, township_operator, outsider):
        for parent in (county.county, county.township):
            children = list(Organization.objects.filter(parent=parent).order_by("pk"))
            broken_down = children_tables(user, DAY, parent, children, live=live)
            assert [child for child, _figures in broken_down] == children
            for child, figures in broken_down:
                assert _shape(figures) == _shape(tables(user, DAY, child.path, live=True)), (user, child)


def test_one_table_for_many_children_takes_a_fixed_number_of_queries(register, county, department_admin):
    K, S = Organization.Kind, Organization.Sector
    few = list(Organization.objects.filter(parent=county.township))
    with CaptureQueriesContext(connection) as two_children:
        children_tables(department_admin, DAY, county.township, few, [TABLES["gender"]], live=True)
    for n in range(12):
        _child(county.township, f"新建{n}村党支部", K.BRANCH, S.RURAL)
    many = list(Organization.objects.filter(parent=county.township))
    with CaptureQueriesContext(connection) as fourteen_children:
        found = children_tables(department_admin, DAY, county.township, many, [TABLES["gender"]], live=True)
    assert len(fourteen_children) == len(two_children) == 1
    assert sum(figures[0].total for _child_org, figures in found) == 4
    snapshots.freeze(department_admin, DAY, county.county)
    with CaptureQueriesContext(connection) as finalized:
        kept = children_tables(department_admin, DAY, county.township, many, ALL_TABLES)
    assert len(finalized) <= 3 and [f[0].total for _c, f in kept] == [f[0].total for _c, f in found]


def test_the_breakdown_page_lists_each_child_with_its_figures(client, register, county, department_admin):
    client.force_login(department_admin)
    query = {"organization": county.county.pk, "day": "2025-12-31", "live": "1"}
    rows = client.get(reverse("statistics:breakdown", args=["gender"]), query).context["rows"]
    assert [(r["organization"].name, r["total"]) for r in rows] == [
        ("东风镇党委", 4), ("南山镇党委", 1), ("县直机关工委", 0)]
