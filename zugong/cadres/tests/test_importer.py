"""The cadre .xlsx import: an export imports back unchanged; every bad row is reported and nothing is written;
a good file creates and updates."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from zugong.cadres import excel, importer, selectors, services
from zugong.cadres.models import Cadre
from zugong.cadres.tests.test_cadres import a_form, id_for

pytestmark = pytest.mark.django_db


def workbook(tmp_path, rows, headers=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers or ["姓名", "性别", "出生年月", "民族", "籍贯", "身份证号", "全日制学历", "管理单位"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "cadres.xlsx"
    book.save(path)
    return path


def test_an_exported_list_imports_back_unchanged(career, county, department_admin, tmp_path):
    services.save_form(department_admin, a_form(name="王敏", gender="女", birth=dt.date(1990, 8, 1),
                                                id_number=id_for(dt.date(1990, 8, 8), 22, male=False)), county.agency_branch)
    path = tmp_path / "export.xlsx"
    on = timezone.localdate()
    path.write_bytes(excel.export_cadres(selectors.cadres_visible_to(department_admin), on, full_id_numbers=True))
    before = {c.pk: selectors.form_of(c) for c in Cadre.objects.all()}
    report = importer.import_cadres(department_admin, path, apply=True)
    assert (report.rows, report.unchanged, report.errors, report.to_create, report.to_update) == (2, 2, [], [], [])
    assert {c.pk: selectors.form_of(c) for c in Cadre.objects.all()} == before


def test_every_bad_row_is_reported_and_nothing_is_written(county, department_admin, tmp_path):
    good = ["李明", "男", "1985.07", "汉族", "山西泽州", id_for(dt.date(1985, 7, 3), 5), "大学", "东风镇党委"]
    path = workbook(tmp_path, [
        good,
        ["张三", "男", "1985.13", "汉族", "", "", "", "东风镇党委"],
        ["李四", "未知", "1980.01", "火星族", "", "", "", "不存在的党委"],
        ["王五", "男", "1980.01", "汉族", "", id_for(dt.date(1985, 7, 3), 5), "", "东风镇党委"],
        ["赵六", "男", "1980.01", "汉族", "", "3607**********0011", "", "南山镇党委"],
    ])
    report = importer.import_cadres(department_admin, path, apply=True)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "出生年月", "「1985.13」不是有效的年月（应为 1980.05 这样的格式）"),
        (4, "性别", "性别应为“男”或“女”，收到「未知」"),
        (4, "民族", "「火星族」不是 GB 3304 中的民族名称"),
        (4, "管理单位", "找不到名为「不存在的党委」的党组织（或不在您的权限范围内）"),
        (5, "身份证号", "与第2行重复"),
        (6, "身份证号", "身份证号已脱敏，无法核对；请用有权查看完整身份证号的账号导出"),
    ]
    assert not report.applied and not Cadre.objects.exists()


def test_a_good_file_creates_and_updates(career, county, department_admin, tmp_path):
    path = workbook(tmp_path, [
        ["李明", "男", "198507", "汉", "山西泽州", id_for(dt.date(1985, 7, 3), 5), "大学", "东风镇党委"],
        [career.name, "男", "1978年3月", "汉族", "河南焦作", career.id_number, "研究生", "东风镇党委"],
    ])
    check = importer.import_cadres(department_admin, path, apply=False)
    assert (check.to_create, check.to_update, check.errors) == (["李明"], ["张建国"], [])
    assert Cadre.objects.count() == 1
    importer.import_cadres(department_admin, path, apply=True)
    career.refresh_from_db()
    assert (career.native_place, career.full_time_level, career.tenures.count()) == ("河南焦作", "研究生", 4)
    assert Cadre.objects.get(name="李明").birth == dt.date(1985, 7, 1)


def test_a_viewer_cannot_import_into_an_organization(county, township_operator, tmp_path):
    path = workbook(tmp_path, [["李明", "男", "1985.07", "汉族", "", "", "", "东风镇党委"]])
    report = importer.import_cadres(township_operator, path, apply=True)
    assert report.errors[0].message == "找不到名为「东风镇党委」的党组织（或不在您的权限范围内）"


def test_the_export_masks_id_numbers_for_roles_that_may_not_see_them(career, department_admin):
    content = excel.export_cadres(Cadre.objects.all(), dt.date(2026, 9, 1), full_id_numbers=False)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("身份证号")] == "3607**********0237"
    assert row[header.index("现任职务")] == "东风镇镇长、东风镇人大主席"  # computed at the chosen day
