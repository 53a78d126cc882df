"""The organization tree's and the reserve pool's Excel imports as a person sees them: every bad row named on a
desktop and on a phone (390 × 844), nothing offered to confirm; then a clean organization file confirmed once."""

import datetime as dt

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, shot
from tests.fixtures import PASSWORD
from zugong.cadres import services
from zugong.cadres.tests.test_cadres import a_form, id_for
from zugong.organizations import excel
from zugong.organizations.models import Organization

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PHONE = {"width": 390, "height": 844}


def both_sizes(page, name: str) -> None:
    shot(page, name)
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name}: wider than the phone"
    page.set_viewport_size({"width": 1366, "height": 900})


def sheet(path, headers, rows):
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_the_organization_import_names_every_bad_row_then_imports_a_clean_file(page, county, department_admin,
                                                                               tmp_path):
    headers = [title for title, _w in excel.ORG_COLUMNS]
    bad = sheet(tmp_path / "bad.xlsx", headers, [
        ["示范县委/东风镇党委", "", "支部", "农村", "2020-13-01", None],
        ["示范县委/不存在的镇党委", "某村党支部", "党支部", "乡村", None, None],
        ["示范县委/东风镇党委/东风村党支部", "某党支部", "党支部", "农村", None, None],
    ])
    log_in(page, "admin", PASSWORD)
    page.goto("/organizations/")
    page.get_by_test_id("xlsx-import").click()
    page.locator("input[type=file]").set_input_files(bad)
    page.get_by_role("button", name="上传并检查").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("「支部」不是有效的组织类别")
    expect(errors).to_contain_text("找不到上级党组织「示范县委/不存在的镇党委」")
    expect(errors).to_contain_text("「东风村党支部」是党支部，其下只能设立党小组")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    both_sizes(page, "organization-import-problems")
    good = sheet(tmp_path / "good.xlsx", headers, [["示范县委/东风镇党委", "东风社区党支部", "党支部", "社区", None, None]])
    page.locator("input[type=file]").set_input_files(good)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("将新增 1 条")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_text("导入完成：新增 1 条")).to_be_visible()
    assert Organization.objects.get(name="东风社区党支部").parent == county.township


def test_the_reserve_import_names_each_failed_admission_rule(page, county, department_admin, tmp_path):
    services.save_form(department_admin, a_form(name="王敏", gender="女", birth=dt.date(1991, 6, 1),
                                                id_number=id_for(dt.date(1991, 6, 6), 51, male=False)), county.township)
    bad = sheet(tmp_path / "pool.xlsx", ["姓名", "身份证号", "后备职务层次", "入库日期"],
                [["王敏", id_for(dt.date(1991, 6, 6), 51, male=False), "县处级正职", "2026-06-01"],
                 ["李四", "3607**********0011", "科长", "2026-06-01"]])
    log_in(page, "admin", PASSWORD)
    page.goto("/cadres/reserve/")
    page.get_by_test_id("xlsx-import").click()
    page.locator("input[type=file]").set_input_files(bad)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("不符合入库资格：不得越两级提拔")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    both_sizes(page, "reserve-import-problems")
