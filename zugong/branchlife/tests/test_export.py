"""The overview's .xlsx: held against expected per kind for each child organization in the chosen year, and the
shortfalls of the last complete periods, with figures computed by hand; the page's filters and its link."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from zugong.branchlife import services
from zugong.branchlife.models import Meeting
from zugong.branchlife.tests.conftest import add_members, general_meeting, roll

K = Meeting.Kind
THEME = "主题党日（5+N 党员活动日）"


def _rows(sheet) -> list[tuple]:
    return [tuple(cell for cell in row) for row in sheet.iter_rows(min_row=4, values_only=True)]


@pytest.fixture
def may_2026(county, department_admin, time_machine):
    """东风村 (3 full members: no committee) held a general meeting in February and theme days in January,
    February and April 2026; 西岭村 (7 full members: a committee) held nothing. Today: 2026-05-10."""
    time_machine.move_to(dt.datetime(2026, 5, 10, 9))
    members = add_members(department_admin, county.village, 3)
    add_members(department_admin, county.village2, 7)
    general_meeting(department_admin, county.village, members, dt.date(2026, 2, 10))
    for day in (dt.date(2026, 1, 6), dt.date(2026, 2, 6), dt.date(2026, 4, 6)):
        services.record_meeting(department_admin, county.village, kind=K.THEME_DAY, held_on=day, topic="主题党日",
                                attendance=roll(members))


def test_the_export_counts_each_child_and_lists_the_shortfalls(client, county, department_admin, may_2026):
    client.force_login(department_admin)
    response = client.get(reverse("branchlife:overview_export"), {"org": county.township.pk, "year": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f"attachment; filename=branch-work-{county.township.pk}-2026.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    counts, short = book["应召开与已召开"], book["未达到要求"]
    assert counts["A1"].value == "东风镇党委所属党组织2026年三会一课落实情况（截至2026-05-10）"
    # (organization, kind, rule, whole year, due in the ended periods, held, short periods); the source aside
    assert [row[:7] for row in _rows(counts)] == [
        ("东风村党支部", "支部党员大会", "每季度1次", 4, 1, 1, None),
        ("东风村党支部", "党课", "每季度1次", 4, 1, 0, "2026年第1季度"),
        ("东风村党支部", "组织生活会", "每年1次", 1, 0, 0, None),
        ("东风村党支部", THEME, "每月1次", 12, 4, 3, "2026年3月"),
        ("西岭村党支部", "支部党员大会", "每季度1次", 4, 1, 0, "2026年第1季度"),
        ("西岭村党支部", "支部委员会", "每月1次", 12, 4, 0, "2026年1月、2026年2月、2026年3月、2026年4月"),
        ("西岭村党支部", "党课", "每季度1次", 4, 1, 0, "2026年第1季度"),
        ("西岭村党支部", "组织生活会", "每年1次", 1, 0, 0, None),
        ("西岭村党支部", THEME, "每月1次", 12, 4, 0, "2026年1月、2026年2月、2026年3月、2026年4月"),
    ]
    # the last complete periods on 2026-05-10: April, the first quarter, the year 2025
    assert _rows(short) == [
        ("西岭村党支部", "支部党员大会", "2026年第1季度", 1, 0),
        ("西岭村党支部", "支部委员会", "2026年4月", 1, 0),
        ("东风村党支部", "党课", "2026年第1季度", 1, 0),
        ("西岭村党支部", "党课", "2026年第1季度", 1, 0),
        ("东风村党支部", "组织生活会", "2025年", 1, 0),
        ("西岭村党支部", "组织生活会", "2025年", 1, 0),
        ("西岭村党支部", THEME, "2026年4月", 1, 0),
        ("东风镇党委", "民主生活会", "2025年", 1, 0),
    ]


def test_an_earlier_year_is_counted_whole_and_the_link_follows_the_filters(client, county, department_admin,
                                                                           may_2026):
    client.force_login(department_admin)
    page = client.get(reverse("branchlife:overview"), {"org": county.township.pk, "year": 2025}).content.decode()
    assert f'href="{reverse("branchlife:overview_export")}?org={county.township.pk}&amp;year=2025"' in page
    assert "2025年三会一课与主题党日" in page
    response = client.get(reverse("branchlife:overview_export"), {"org": county.township.pk, "year": 2025})
    rows = _rows(openpyxl.load_workbook(io.BytesIO(response.content))["应召开与已召开"])
    assert rows[0][:7] == ("东风村党支部", "支部党员大会", "每季度1次", 4, 4, 0,
                           "2025年第1季度、2025年第2季度、2025年第3季度、2025年第4季度")


def test_a_year_out_of_bounds_or_an_organization_out_of_scope_is_not_found(client, county, township_operator):
    client.force_login(township_operator)
    url = reverse("branchlife:overview_export")
    assert client.get(url, {"org": county.township.pk, "year": 1800}).status_code == 404
    assert client.get(url, {"org": county.other_township.pk}).status_code == 404
    assert client.get(url, {"org": county.township.pk}).status_code == 200
