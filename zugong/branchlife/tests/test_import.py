"""A year of meetings from Excel: the check writes nothing, the confirmation records every row through the quick
entry's service (roll, reasons, 5+N items), every bad row is named with its column and why, all rows or none."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zugong.branchlife.excel import COLUMNS
from zugong.branchlife.models import Attendance, Meeting, ThemeDayItem
from zugong.branchlife.tests.conftest import add_members, general_meeting
from zugong.core.downloads import new_workbook, write_cells
from zugong.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "branchlife:import"


def _workbook(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet()
    write_cells(sheet, 0, 0, COLUMNS)
    for number, cells in enumerate(rows, start=1):
        write_cells(sheet, number, 0, [cells.get(title, "") for title in COLUMNS])
    book.close()
    return buffer.getvalue()


def _upload(client, content: bytes):
    return client.post(reverse(URL), {"workbook": SimpleUploadedFile("会议台账.xlsx", content)})


def _state():
    return (list(Meeting.objects.order_by("pk").values_list("organization_id", "kind", "held_on", "topic")),
            Attendance.objects.count(), AuditEvent.objects.count())


@pytest.fixture
def members(county, department_admin):
    return add_members(department_admin, county.village, 3)


def test_the_check_writes_nothing_and_the_confirmation_records_every_meeting(client, county, branch_secretary,
                                                                             members):
    a, b, c = members
    fixed = ThemeDayItem.objects.filter(is_active=True).first()
    content = _workbook([
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "2026-03-05", "主题": "讨论发展对象",
         "出席党员": f"{a.name}、{b.name}", "请假党员": f"{c.name}（外出务工）", "会议记录": "一致同意"},
        {"党组织": "东风村党支部", "会议类型": "主题党日", "召开日期": "2026-04-10", "主题": "四月主题党日",
         "出席党员": f"{a.name}、{b.name}", "缺席党员": f"{c.id_number}（联系不上）",
         "活动内容": f"{fixed.name}；清理河道"},
        {"党组织": "东风村党支部", "会议类型": "党课", "召开日期": "2026-05-08", "主题": "党史学习", "授课人": "张书记",
         "出席党员": f"{a.name}、{b.name}、{c.name}"},
    ])
    before = _state()
    client.force_login(branch_secretary)
    checked = _upload(client, content)
    report = checked.context["report"]
    assert report.errors == [] and len(report.to_create) == 3
    assert "东风村党支部 2026-03-05 支部党员大会：讨论发展对象（应到3人，出席2人）" in checked.content.decode()
    assert _state() == before
    assert client.post(reverse(URL), {"token": checked.context["token"]}).status_code == 302
    general = Meeting.objects.get(topic="讨论发展对象")
    assert general.attendance.get(member=c).reason == "外出务工" and general.minutes == "一致同意"
    theme = Meeting.objects.get(kind=Meeting.Kind.THEME_DAY)
    assert sorted((x.name, x.is_fixed) for x in theme.activities.all()) == sorted([(fixed.name, True),
                                                                                  ("清理河道", False)])
    assert theme.attendance.get(member=c).status == "absent"
    assert Meeting.objects.get(kind=Meeting.Kind.LECTURE).lecturer == "张书记"
    again = _upload(client, content)  # the same file again: recorded already, nothing to add
    assert again.context["report"].unchanged == 3 and again.context["report"].to_create == []


def test_every_bad_row_is_named_and_no_row_is_imported(client, county, branch_secretary, members, today):
    a, b, c = members
    everyone = f"{a.name}、{b.name}、{c.name}"
    general_meeting(branch_secretary, county.village, members, dt.date(2026, 3, 5))
    content = _workbook([
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "2026-06-05", "主题": "好的一行",
         "出席党员": everyone},
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "2026-06-06", "主题": "少了一人",
         "出席党员": f"{a.name}、{b.name}"},
        {"党组织": "东风村党支部", "会议类型": "茶话会", "召开日期": "2026-06-07", "主题": "类型不对"},
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "六月八日", "主题": "日期不对"},
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "2026-06-09", "主题": "请假没原因",
         "出席党员": f"{a.name}、{b.name}", "请假党员": c.name},
        {"党组织": "南山村党支部", "会议类型": "支部党员大会", "召开日期": "2026-06-10", "主题": "越权"},
        {"党组织": "东风村党支部", "会议类型": "党课", "召开日期": "2026-06-11", "主题": "没有授课人",
         "出席党员": everyone},
        {"党组织": "东风村党支部", "会议类型": "支部党员大会",
         "召开日期": (today + dt.timedelta(days=3)).isoformat(), "主题": "明天的", "出席党员": everyone},
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "2026-06-05", "主题": "好的一行",
         "出席党员": everyone},
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "2026-06-12", "主题": "有外人",
         "出席党员": f"{everyone}、张三"},
        {"党组织": "东风村党支部", "会议类型": "支部党员大会", "召开日期": "2026-06-13", "主题": ""},
    ])
    before = _state()
    client.force_login(branch_secretary)
    response = _upload(client, content)
    errors = {e.row: (e.column, e.message) for e in response.context["report"].errors}
    assert 2 not in errors
    assert errors[3][0] == "出席党员" and f"{c.name}未登记出席情况" in errors[3][1]
    assert errors[4][0] == "会议类型" and "「茶话会」不是会议类型" in errors[4][1]
    assert errors[5][0] == "召开日期" and "「六月八日」不是有效日期" in errors[5][1]
    assert errors[6] == ("请假党员", f"{c.name}未写原因（写成“{c.name}（原因）”）")
    assert errors[7][0] == "党组织" and "找不到名为「南山村党支部」的党组织" in errors[7][1]
    assert errors[8] == ("授课人", "请填写授课人")
    assert errors[9][0] == "召开日期" and "晚于今天，不能预先登记" in errors[9][1]
    assert errors[10] == ("主题", "与第 2 行是同一次会议（同一党组织、会议类型、日期和主题）")
    assert errors[11] == ("出席党员", "张三不是该党组织的在册党员")
    assert errors[12] == ("主题", "必填项为空")
    assert "有 10 处问题，未导入任何数据" in response.content.decode() and not response.context["token"]
    assert _state() == before
