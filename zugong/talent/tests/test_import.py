"""The .xlsx import: checked first with every bad row reported by its row number and reason, then all or none."""

import io

import pytest
import xlsxwriter
from django.urls import reverse

from zugong.talent import excel
from zugong.talent.models import Talent

pytestmark = pytest.mark.django_db
HEADER = [name for name, _width in excel.COLUMNS]


def _workbook(tmp_path, rows):
    path = tmp_path / "talents.xlsx"
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for col, name in enumerate(HEADER):
        sheet.write(0, col, name)
    for number, row in enumerate(rows, start=1):
        for col, name in enumerate(HEADER):
            if name in row:
                sheet.write(number, col, row[name])
    book.close()
    path.write_bytes(buffer.getvalue())
    return path


def _row(name, **cells):
    return {"姓名": name, "性别": "男", "出生日期": "1980-05-01", "学历": "大学本科", "人才类别": "专业技术人才",
            "所属产业": "电子机械", "学位": "博士", "所属党组织": "示范县委/东风镇党委/东风村党支部", **cells}


def test_every_bad_row_is_reported_and_nothing_is_written(county, department_admin, tmp_path):
    path = _workbook(tmp_path, [
        _row("张博士"),
        _row("李某", 人才类别="科技人才"),
        _row("王某", 所属党组织="示范县委/不存在的党委"),
        _row("赵某", 出生日期="1980-13-01", 联系电话="1391***5678"),
    ])
    report = excel.import_talents(department_admin, path, apply=True)
    assert not report.applied
    assert [(e.row, e.column) for e in report.errors] == [(3, "人才类别"), (4, "所属党组织"), (5, "联系电话"),
                                                         (5, "出生日期")]
    assert report.errors[0].message == ("「科技人才」不是有效的人才类别（应为党政人才、企业经营管理人才、专业技术人才、"
                                        "高技能人才、农村实用人才、社会工作人才之一）")
    assert Talent.objects.count() == 0


def test_a_clean_file_is_written_whole_with_levels_computed(county, department_admin, tmp_path):
    path = _workbook(tmp_path, [_row("张博士"), _row("李工", 学位="学士", 专业技术职称="正高级"), _row("周某", 学位="")])
    check = excel.import_talents(department_admin, path, apply=False)
    assert (check.errors, check.to_create, Talent.objects.count()) == ([], ["张博士", "李工", "周某"], 0)
    report = excel.import_talents(department_admin, path, apply=True)
    assert report.applied
    assert sorted(Talent.objects.values_list("own_name", "level")) == [("周某", "general"), ("张博士", "high"),
                                                                       ("李工", "high")]


def test_rows_outside_the_importers_scope_are_refused(county, township_operator, tmp_path):
    path = _workbook(tmp_path, [_row("张博士", 所属党组织="示范县委/南山镇党委/南山村党支部")])
    report = excel.import_talents(township_operator, path, apply=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "所属党组织")]
    assert Talent.objects.count() == 0


def test_the_import_page_checks_then_confirms(client, county, department_admin, tmp_path):
    path = _workbook(tmp_path, [_row("张博士")])
    client.force_login(department_admin)
    with path.open("rb") as upload:
        page = client.post(reverse("talent:import"), {"workbook": upload}).content.decode()
    assert "张博士" in page and Talent.objects.count() == 0
    token = page.split('name="token" value="')[1].split('"')[0]
    assert client.post(reverse("talent:import"), {"token": token}).status_code == 302
    assert Talent.objects.get().own_name == "张博士"


def test_the_export_masks_the_phone(client, county, department_admin):
    from openpyxl import load_workbook

    from zugong.talent.tests.conftest import make_talent

    make_talent(department_admin, county.village, "钱工", phone="13912345678")
    client.force_login(department_admin)
    response = client.get(reverse("talent:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[0] == "钱工" and row[HEADER.index("联系电话")] == "1391***5678"
