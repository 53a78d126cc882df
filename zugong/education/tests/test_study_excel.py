"""Study days to and from Excel: one row per day with its attendees in one cell; the export imports back unchanged,
every bad row is named, rows outside the scope are refused, all rows or none."""

import datetime as dt
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zugong.branchlife.models import Attendance
from zugong.branchlife.study_days import NO_REASON, study_days
from zugong.core.downloads import as_text, new_workbook, write_cells
from zugong.core.models import AuditEvent
from zugong.education import services
from zugong.education.study_excel import COLUMNS
from zugong.members.services import create_member
from zugong.members.tests.test_members import fields, id_for


def _workbook(rows: list[dict]) -> bytes:
    titles = [title for title, _ in COLUMNS]
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet()
    write_cells(sheet, 0, 0, titles)
    for number, cells in enumerate(rows, start=1):
        write_cells(sheet, number, 0, [cells.get(title, "") for title in titles])
    book.close()
    return buffer.getvalue()


def _upload(client, content: bytes):
    return client.post(reverse("education:study_import"),
                       {"workbook": SimpleUploadedFile("学习日.xlsx", content)})


def _errors(response) -> dict[int, tuple[str, str]]:
    return {e.row: (e.column, e.message) for e in response.context["report"].errors}


def _state():
    return (list(study_days().order_by("pk").values_list("organization_id", "held_on", "topic", "minutes")),
            sorted(Attendance.objects.values_list("meeting_id", "member_id", "status")),
            AuditEvent.objects.count())


def _present(topic: str) -> set:
    return {line.member for line in Attendance.objects.filter(meeting__topic=topic, status="present")}


def test_an_exported_file_imports_back_with_nothing_to_change(client, county, branch_secretary, full_members):
    li, wang, zhao = full_members
    namesake = create_member(branch_secretary, **fields(county.village, name="李红", id_number=id_for(
        dt.date(1970, 2, 2), 77)))  # two 李红 in the branch: the export tells them apart by the ID's last four
    services.record_study_session(branch_secretary, county.village, held_on=dt.date(2026, 3, 5), topic="学习党章",
                                  notes="=1+1 讨论", attendees=[li, namesake, wang])
    services.record_study_session(branch_secretary, county.village, held_on=dt.date(2026, 4, 2), topic="-专题党课",
                                  attendees=[zhao])
    client.force_login(branch_secretary)
    exported = client.get(reverse("education:study_export"), {"year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    rows = [dict(zip([c.value for c in sheet[1]], row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)]
    first = next(r for r in rows if r["学习内容"] == "学习党章")
    assert first["所在党支部"] == "东风村党支部" and first["日期"].date() == dt.date(2026, 3, 5)
    assert first["出席党员"] == f"李红（尾号{li.id_number[-4:]}）、李红（尾号{namesake.id_number[-4:]}）、王强"
    assert first["出席人数"] == 3 and first["应到人数"] == 4
    assert first["学习记录"] == as_text("=1+1 讨论")  # formula text written as text
    assert as_text("-专题党课") in [r["学习内容"] for r in rows]
    before = _state()
    checked = _upload(client, exported.content)
    assert checked.context["report"].errors == [] and checked.context["report"].unchanged == 2
    assert "已登记未变化 2 次" in checked.content.decode()
    assert client.post(reverse("education:study_import"), {"token": checked.context["token"]}).status_code == 302
    assert _state() == before


def test_the_check_writes_nothing_and_the_confirmation_records_every_day(client, county, branch_secretary,
                                                                         full_members):
    li, wang, zhao = full_members
    content = _workbook([
        {"所在党支部": "东风村党支部", "日期": "2026-05-08", "学习内容": "学习新修订的条例", "出席党员": "李红、王强"},
        {"所在党支部": "东风村党支部", "日期": "2026-06-05", "学习内容": "主题党日", "出席党员": zhao.id_number,
         "学习记录": "到村史馆参观"},
    ])
    before = _state()
    client.force_login(branch_secretary)
    checked = _upload(client, content)
    assert checked.context["report"].errors == [] and len(checked.context["report"].to_create) == 2
    assert "东风村党支部 2026-05-08 学习新修订的条例（出席 2 人）" in checked.content.decode()
    assert _state() == before
    client.post(reverse("education:study_import"), {"token": checked.context["token"]})
    may = study_days().get(topic="学习新修订的条例")
    assert _present(may.topic) == {li, wang} and may.attendance.count() == 3  # 应到: the branch's three members
    assert list(may.attendance.exclude(status="present").values_list("member__name", "status", "reason")) == [
        ("赵敏", "absent", NO_REASON)]
    assert _present("主题党日") == {zhao}
    assert AuditEvent.objects.filter(message__startswith="学习日：学习新修订的条例").count() == 1


def test_every_bad_row_is_named_and_no_row_is_imported(client, county, branch_secretary, full_members):
    services.record_study_session(branch_secretary, county.village, held_on=dt.date(2026, 3, 5), topic="学习党章",
                                  attendees=full_members[:2])
    content = _workbook([
        {"所在党支部": "东风村党支部", "日期": "2026-05-08", "学习内容": "好的一行", "出席党员": "李红"},
        {"所在党支部": "东风村党支部", "日期": "2026-05-09", "学习内容": "", "出席党员": "李红"},
        {"所在党支部": "东风村党支部", "日期": "五月九日", "学习内容": "日期不对"},
        {"所在党支部": "东风村党支部", "日期": "2026-05-10", "学习内容": "有外人", "出席党员": "李红、张三"},
        {"所在党支部": "东风村党支部", "日期": "2027-01-10", "学习内容": "明年的"},
        {"所在党支部": "东风村党支部", "日期": "2026-05-08", "学习内容": "好的一行", "出席党员": "王强"},
        {"所在党支部": "东风村党支部", "日期": "2026-03-05", "学习内容": "学习党章", "出席党员": "李红、赵敏"},
        {"所在党支部": "东风村党支部", "日期": "2026-05-11", "学习内容": "长" * 201},
    ])
    before = _state()
    client.force_login(branch_secretary)
    response = _upload(client, content)
    errors = _errors(response)
    assert errors[3] == ("学习内容", "必填项为空")
    assert errors[4][0] == "日期" and "「五月九日」不是有效日期" in errors[4][1]
    assert errors[5] == ("出席党员", "「张三」不是「东风村党支部」的在册党员")
    assert errors[6] == ("日期", "召开日期2027年1月10日晚于今天，不能预先登记")
    assert errors[7] == ("学习内容", "与第 2 行是同一学习日（同一党支部、日期和学习内容）")
    assert errors[8] == ("出席党员", "该学习日已登记，表中出席党员与登记的不同（表中多出：赵敏；表中缺少：王强），"
                                 "导入不修改已登记的学习日")
    assert errors[9] == ("学习内容", "最多 200 个字符，此处有 201 个")
    assert 2 not in errors and len(response.context["report"].errors) == 7
    assert "有 7 处问题，未导入任何数据" in response.content.decode()
    assert not response.context["token"]
    assert _state() == before


def test_rows_outside_the_scope_are_refused_and_the_export_holds_only_the_scope(
        client, county, branch_secretary, department_admin, full_members):
    create_member(department_admin, **fields(county.village2, name="周平", id_number=id_for(dt.date(1970, 1, 1), 31)))
    services.record_study_session(department_admin, county.village2, held_on=dt.date(2026, 3, 5), topic="西岭学习",
                                  attendees=[])
    content = _workbook([{"所在党支部": "西岭村党支部", "日期": "2026-05-08", "学习内容": "越权", "出席党员": ""},
                         {"所在党支部": "南山村党支部", "日期": "2026-05-08", "学习内容": "越权"}])
    before = _state()
    client.force_login(branch_secretary)
    errors = _errors(_upload(client, content))
    assert errors[2][0] == "所在党支部" and "不在您的权限范围内" in errors[2][1]
    assert errors[3][0] == "所在党支部" and "不在您的权限范围内" in errors[3][1]
    assert _state() == before
    exported = client.get(reverse("education:study_export"), {"year": 2026})
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows == []  # 西岭村 is outside the village secretary's branch


def test_the_study_list_links_to_both_and_the_import_page_explains_its_columns(client, county, branch_secretary,
                                                                                inspector):
    client.force_login(branch_secretary)
    listing = client.get(reverse("education:study")).content.decode()
    assert reverse("education:study_import") in listing and reverse("education:study_export") in listing
    page = client.get(reverse("education:study_import")).content.decode()
    assert "“出席党员”填出席的本支部在册党员，以“、”分隔" in page and "姓名（尾号1234）" in page
    client.force_login(inspector)
    listing = client.get(reverse("education:study")).content.decode()
    assert reverse("education:study_export") in listing and reverse("education:study_import") not in listing
