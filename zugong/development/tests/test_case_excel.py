"""Development cases to and from Excel: the export's columns import back unchanged, new applicants and their steps
are recorded through the procedure (a refused step is its row's problem), every bad row is named, all or none."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from zugong.core.downloads import as_text, new_workbook, write_cells
from zugong.core.models import AuditEvent
from zugong.development import services
from zugong.development.case_excel import headers
from zugong.development.models import DevelopmentCase, DevelopmentStep, StepRefusal
from zugong.development.tests.test_procedure import DATES, walk
from zugong.members.models import Member
from zugong.members.tests.test_members import id_for

K = DevelopmentStep.Kind
APPLIED = dt.date(2023, 3, 10)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _open(user, org, name: str, sequence: int, applied_on=APPLIED) -> DevelopmentCase:
    return services.open_case(user, name=name, id_number=id_for(dt.date(1998, 4, 2), sequence), ethnicity="01",
                              education="undergraduate", occupation="professional", organization=org,
                              phone="13900000001", applied_on=applied_on)


def _workbook(rows: list[dict]) -> bytes:
    """A file as an office would fill it in: the export's header, the given cells by column title."""
    titles = headers()
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet()
    write_cells(sheet, 0, 0, titles)
    for number, cells in enumerate(rows, start=1):
        write_cells(sheet, number, 0, [str(value) if isinstance(value, dt.date) else value
                                       for value in (cells.get(title, "") for title in titles)])
    book.close()
    return buffer.getvalue()


def _upload(client, content: bytes):
    return client.post(reverse("development:import"), {"workbook": _file(content)})


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("发展党员.xlsx", content)


def _errors(response) -> list[tuple[int, str, str]]:
    report = response.context["report"]
    return [(e.row, e.column, e.message) for e in report.errors]


def _state():
    return (list(DevelopmentCase.objects.order_by("pk").values_list("pk", "name", "stage", "status")),
            list(DevelopmentStep.objects.order_by("pk").values_list("case_id", "kind", "done_on")),
            StepRefusal.objects.count(), Member.objects.count(), AuditEvent.objects.count())


def _person(name: str, sequence: int, branch: str = "东风村党支部", **steps) -> dict:
    return {"姓名": name, "身份证号": id_for(dt.date(1999, 5, 6), sequence), "民族": "汉族", "学历": "大学本科",
            "职业": "专业技术人员", "所在党支部": branch, **steps}


def test_an_exported_file_imports_back_with_nothing_to_change(client, county, department_admin, township_operator,
                                                               full_members):
    walked = _open(department_admin, county.village, "陈晓燕", 22)
    walk(department_admin, walked, full_members, until=K.ADMISSION_VOTE)
    _open(department_admin, county.village2, "=HYPERLINK(\"http://x\",\"y\")", 23)
    client.force_login(department_admin)
    exported = client.get(reverse("development:export"))
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    header = [cell.value for cell in sheet[1]]
    chen = dict(zip(header, rows["陈晓燕"], strict=True))
    assert chen["身份证号"] == walked.id_number and chen["阶段"] == "发展对象"
    assert chen["培养教育考察"] == f"{DATES[K.CULTIVATION]:%Y-%m-%d}"
    assert chen["确定发展对象"].date() == DATES[K.CANDIDATE_CHOSEN]
    assert chen["入党介绍人"] == "王强、赵敏" and chen["培训天数"] == 3 and chen["入党志愿书编号"] == "20240001"
    assert chen["支部大会讨论接收预备党员"] is None
    assert as_text('=HYPERLINK("http://x","y")') in rows  # formula text written as text
    before = _state()

    checked = _upload(client, exported.content)
    assert _errors(checked) == []
    assert "未变化 2 份" in checked.content.decode()
    confirmed = client.post(reverse("development:import"), {"token": checked.context["token"]})
    assert confirmed.status_code == 302
    assert _state()[:4] == before[:4]  # the audit only gains the export's record of full ID numbers


def test_the_check_writes_nothing_and_the_confirmation_records_each_step_through_the_procedure(
        client, county, branch_secretary):
    content = _workbook([_person("刘洋", 31, **{"递交入党申请书": "2024-01-05", "党组织派人谈话": "2024-02-01",
                                               "推荐和确定入党积极分子": dt.date(2024, 3, 1)})])
    before = _state()
    client.force_login(branch_secretary)
    checked = _upload(client, content)
    assert _errors(checked) == [] and checked.context["report"].to_create == ["刘洋"]
    assert "将新登记 1 人" in checked.content.decode() and "共登记 2 个步骤" in checked.content.decode()
    assert _state() == before
    client.post(reverse("development:import"), {"token": checked.context["token"]})
    case = DevelopmentCase.objects.get(name="刘洋")
    assert case.stage == DevelopmentCase.Stage.ACTIVIST and case.organization == county.village
    assert list(case.steps.order_by("done_on").values_list("kind", "done_on")) == [
        (K.APPLICATION, dt.date(2024, 1, 5)), (K.TALK, dt.date(2024, 2, 1)), (K.ACTIVIST_CHOSEN, dt.date(2024, 3, 1))]
    again = client.post(reverse("development:import"), {"token": checked.context["token"]})
    assert again.status_code == 404 or DevelopmentCase.objects.filter(name="刘洋").count() == 1


def test_every_bad_row_is_named_and_no_row_is_imported(client, county, branch_secretary, full_members):
    existing = _open(branch_secretary, county.village, "陈晓燕", 22)
    content = _workbook([
        _person("好行", 40, **{"递交入党申请书": "2024-01-05"}),  # good, but not imported with the others
        {**_person("脱敏", 41, **{"递交入党申请书": "2024-01-05"}), "身份证号": "3607**********0011"},
        _person("错支部", 42, branch="不存在党支部", **{"递交入党申请书": "2024-01-05"}),
        _person("太早", 43, **{"递交入党申请书": "2024-01-05", "党组织派人谈话": "2024-01-10",
                             "推荐和确定入党积极分子": "2024-02-01", "入党积极分子报上级党委备案": "2024-02-05",
                             "指定培养联系人": "2024-02-06", "培养联系人": "李红", "培养教育考察": "2024-05-01",
                             "确定发展对象": "2024-06-01"}),
        _person("坏日期", 44, **{"递交入党申请书": "2024-13-45"}),
        _person("好行", 40, **{"递交入党申请书": "2024-01-05"}),  # the first row's ID again
        {"姓名": "陈晓燕", "身份证号": existing.id_number, "所在党支部": "东风村党支部",
         "递交入党申请书": APPLIED, "党组织派人谈话": APPLIED - dt.timedelta(days=1)},
        _person("表决", 45, **{"递交入党申请书": "2024-01-05", "党组织派人谈话": "2024-01-10"}) | {
            "支部大会讨论接收预备党员": "2024-02-01"},
    ])
    before = _state()
    client.force_login(branch_secretary)
    response = _upload(client, content)
    errors = _errors(response)
    by_row = {row: (column, message) for row, column, message in errors}
    assert by_row[3] == ("身份证号", "身份证号已脱敏，无法导入（请使用含完整身份证号的表格）")
    assert by_row[4][0] == "所在党支部" and "找不到名为「不存在党支部」的党组织" in by_row[4][1]
    assert by_row[5][0] == "确定发展对象" and "确定为入党积极分子满12个月后，方可确定为发展对象" in by_row[5][1]
    assert "最早可于2025年2月1日办理" in by_row[5][1]
    assert by_row[6][0] == "递交入党申请书" and "不是有效日期" in by_row[6][1]
    assert by_row[7] == ("身份证号", "与第 2 行的身份证号重复")
    assert by_row[8][0] == "党组织派人谈话" and "不能早于上一步「递交入党申请书」" in by_row[8][1]
    assert by_row[9][0] == "支部大会讨论接收预备党员" and "须在档案页面登记" in by_row[9][1]
    assert len(errors) == 7 and 2 not in by_row
    html = response.content.decode()
    assert "有 7 处问题，未导入任何数据" in html and "与第 2 行的身份证号重复" in html
    assert "token" not in response.context or not response.context["token"]
    assert _state() == before  # not even the refused attempts are kept from a check


def test_rows_outside_the_scope_are_refused_row_by_row(client, county, branch_secretary, department_admin):
    elsewhere = _open(department_admin, county.village2, "周敏", 24)
    content = _workbook([
        _person("南山人", 50, branch="南山村党支部", **{"递交入党申请书": "2024-01-05"}),
        {"姓名": "周敏", "身份证号": elsewhere.id_number, "所在党支部": "东风村党支部", "递交入党申请书": APPLIED,
         "党组织派人谈话": "2023-04-01"},
    ])
    before = _state()
    client.force_login(branch_secretary)
    by_row = {row: (column, message) for row, column, message in _errors(_upload(client, content))}
    assert by_row[2][0] == "所在党支部" and "不在您的权限范围内" in by_row[2][1]
    assert by_row[3] == ("身份证号", "该身份证号的发展党员档案在您权限范围以外的党组织，未作更改")
    assert _state() == before
    assert not elsewhere.steps.filter(kind=K.TALK).exists()


def test_the_export_follows_the_list_filters_and_masks_id_numbers_for_a_role_that_may_not_see_them(
        client, county, township_operator, department_admin):
    first = _open(department_admin, county.village, "甲", 60)
    _open(department_admin, county.village2, "乙", 61)
    _open(department_admin, county.other_village, "丙", 62)
    client.force_login(township_operator)
    response = client.get(reverse("development:export"), {"organization": county.village.pk, "status": "open"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1]) for row in rows] == [("甲", f"{first.id_number[:4]}**********{first.id_number[-4:]}")]
    everything = client.get(reverse("development:export"))
    names = {row[0] for row in openpyxl.load_workbook(io.BytesIO(everything.content)).active.iter_rows(
        min_row=2, values_only=True)}
    assert names == {"甲", "乙"}  # 丙 is outside the operator's township


def test_the_import_page_explains_its_columns_and_the_list_links_to_it(client, county, branch_secretary):
    client.force_login(branch_secretary)
    page = client.get(reverse("development:import")).content.decode()
    assert "培养教育考察”可填多个日期" in page and "导入不登记表决" in page
    listing = client.get(reverse("development:list")).content.decode()
    assert reverse("development:import") in listing and reverse("development:export") in listing
