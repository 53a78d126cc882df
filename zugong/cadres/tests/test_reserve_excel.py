"""The reserve pool in Excel: an exported pool imports back unchanged; admissions are checked against every
admission rule and each failed rule is named on its row; bad rows are all named and nothing is written; cadres
outside the scope are refused; the page checks, then applies once."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.fixtures import make_user
from zugong.cadres import reserve, reserve_excel
from zugong.cadres.models import ReserveEntry
from zugong.cadres.policies import RESERVE_MIN_EDUCATION
from zugong.cadres.tests.test_cadres import id_for
from zugong.core.models import AuditEvent
from zugong.core.policy import set_policy_value

pytestmark = pytest.mark.django_db

HEADERS = [title for title, _w in reserve_excel.COLUMNS]
YOUNG_ID = id_for(dt.date(1991, 6, 6), 51, male=False)
ADMITTED = dt.date(2026, 6, 1)


def workbook(tmp_path, rows, headers=HEADERS, name="pool.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def state():
    return (list(ReserveEntry.objects.order_by("pk").values_list("pk", "cadre_id", "target_rank", "admitted_on",
                                                                   "status", "left_on", "reason")),
            AuditEvent.objects.count())


def errors(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def rows_of(content: bytes) -> list[list]:
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_an_exported_pool_imports_back_unchanged(young, career, department_admin, tmp_path):
    reserve.admit(department_admin, young, "section_deputy", ADMITTED)
    entry = ReserveEntry.objects.create(cadre=career, target_rank="county_deputy", admitted_on=dt.date(2024, 3, 1))
    reserve.leave_pool(department_admin, entry, "withdrawn", dt.date(2025, 3, 1), "=调整出库")
    path = tmp_path / "export.xlsx"
    entries = reserve.reserve_entries_visible_to(department_admin)
    path.write_bytes(reserve_excel.export_pool(entries, dt.date(2026, 12, 1), full_id_numbers=True))
    rows = rows_of(path.read_bytes())
    assert rows[0] == HEADERS
    assert ["王敏", YOUNG_ID, "乡科级副职", dt.datetime(2026, 6, 1), "在库", None, None, 35, "东风镇党委"] in rows
    assert "'=调整出库" in next(r for r in rows if r[0] == career.name), "typed formula text stays text"
    before = state()
    report = reserve_excel.import_pool(department_admin, path, apply=True)
    assert (report.rows, report.unchanged, errors(report), report.to_create, report.to_update) == (2, 2, [], [], [])
    assert report.applied and state() == before


def test_admissions_and_exits_go_through_the_reserve_services(young, department_admin, tmp_path):
    path = workbook(tmp_path, [["王敏", YOUNG_ID, "乡科级副职", "2026-06-01", "在库", None, None]])
    checked = reserve_excel.import_pool(department_admin, path, apply=False)
    assert (errors(checked), checked.to_create) == ([], ["王敏"]) and not ReserveEntry.objects.exists()
    assert reserve_excel.import_pool(department_admin, path, apply=True).applied
    entry = ReserveEntry.objects.get()
    assert (entry.cadre, entry.target_rank, entry.admitted_on, entry.status, entry.recorded_by) == (
        young, "section_deputy", ADMITTED, "admitted", department_admin)
    assert {c["rule"] for c in entry.checks} >= {"年龄", "学历"}, "the rules as checked are kept with the entry"
    leave = workbook(tmp_path, [["王敏", YOUNG_ID, "乡科级副职", "2026-06-01", "已使用（提拔）", "2026-11-02", "提拔任用"]],
                     name="leave.xlsx")
    report = reserve_excel.import_pool(department_admin, leave, apply=True)
    assert (report.applied, report.to_update) == (True, ["王敏"])
    entry.refresh_from_db()
    assert (entry.status, entry.left_on, entry.reason) == ("used", dt.date(2026, 11, 2), "提拔任用")
    assert AuditEvent.objects.filter(message="后备干部出库").count() == 1


def test_each_failed_admission_rule_is_named_on_its_row(young, department_admin, tmp_path):
    set_policy_value(department_admin, RESERVE_MIN_EDUCATION.key, "4")  # 研究生: 王敏's 大专 falls short
    path = workbook(tmp_path, [["王敏", YOUNG_ID, "县处级正职", "2026-06-01", None, None, None]])
    report = reserve_excel.import_pool(department_admin, path, apply=True)
    failed = {result.rule: result.detail for result in reserve.admission_checks(young, "county_head", ADMITTED)
              if not result.passed}
    assert set(failed) == {"学历", "不得越两级提拔"}
    assert errors(report) == [(2, "后备职务层次", f"不符合入库资格：{rule}（{detail}）") for rule, detail in failed.items()]
    assert not report.applied and not ReserveEntry.objects.exists()


def test_every_bad_row_is_named_and_none_is_written(young, career, department_admin, tmp_path):
    reserve.admit(department_admin, young, "section_deputy", ADMITTED)
    path = workbook(tmp_path, [
        ["王敏", YOUNG_ID, "乡科级副职", "2026-06-01", "已退出", "2026-11-01", "调整"],  # good on its own
        ["王敏", "3607**********0011", "科长", "2026-13-01", "在库", None, None],
        ["李四", YOUNG_ID, "乡科级副职", "2026-06-01", None, None, None],
        ["", id_for(dt.date(1980, 1, 1), 99), "乡科级副职", "2026-06-01", None, None, None],
        [None, YOUNG_ID, "乡科级副职", "2026-06-01", "已退出", "2026-11-01", "调整"],
        [None, YOUNG_ID, "乡科级正职", "2026-07-01", "已退出", None, None],
        [None, YOUNG_ID, "乡科级正职", "2026-07-01", "在库", "2026-08-01", None],
        [None, YOUNG_ID, "乡科级副职", "2026-06-02", "在库", None, "原" * 301],
    ])
    before = state()
    report = reserve_excel.import_pool(department_admin, path, apply=True)
    assert errors(report) == [
        (3, "身份证号", "身份证号已脱敏，无法核对；请用有权查看完整身份证号的账号导出"),
        (3, "后备职务层次", "「科长」不是有效的后备职务层次（应为乡科级副职、乡科级正职、县处级副职、县处级正职之一）"),
        (3, "入库日期", "「2026-13-01」不是有效日期（应为 2024-07-01 这样的格式）"),
        (4, "姓名", f"身份证号 {YOUNG_ID} 的干部是「王敏」，与此处的「李四」不符"),
        (5, "身份证号", f"找不到身份证号为 {id_for(dt.date(1980, 1, 1), 99)} 的干部（或不在您的管理范围内）"),
        (6, "身份证号", "与第 2 行是同一条后备干部记录"),
        (7, "状态", "王敏没有乡科级正职后备、2026-07-01入库的记录；新入库的记录状态应为“在库”（已出库的历史记录不能导入新建）"),
        (8, "状态", "状态为“在库”的记录不填出库日期和出库原因；出库请把状态改为“已使用（提拔）”或“已退出”"),
        (9, "出库原因", "最多 300 个字符，此处有 301 个"),
    ]
    assert not report.applied and state() == before


def test_an_entry_already_out_of_the_pool_is_not_changed_and_a_second_admission_is_refused(
        young, department_admin, tmp_path):
    entry = reserve.admit(department_admin, young, "section_deputy", ADMITTED)
    reserve.leave_pool(department_admin, entry, "withdrawn", dt.date(2026, 10, 1), "调整")
    reserve.admit(department_admin, young, "section_deputy", dt.date(2026, 10, 2))
    path = workbook(tmp_path, [
        ["王敏", YOUNG_ID, "乡科级副职", "2026-06-01", "在库", None, None],
        ["王敏", YOUNG_ID, "乡科级副职", "2026-10-03", "在库", None, None],
    ])
    before = state()
    report = reserve_excel.import_pool(department_admin, path, apply=True)
    assert errors(report) == [
        (2, "状态", "该记录已于 2026-10-01 出库（已退出），导入不能修改已出库的记录"),
        (3, "后备职务层次", "王敏已在后备干部库中"),
    ]
    assert state() == before


def test_cadres_outside_the_scope_are_refused(young, county, tmp_path):
    other_admin = make_user("south", "department_admin", county.other_township)
    path = workbook(tmp_path, [["王敏", YOUNG_ID, "乡科级副职", "2026-06-01", None, None, None]])
    report = reserve_excel.import_pool(other_admin, path, apply=True)
    assert errors(report) == [(2, "身份证号", f"找不到身份证号为 {YOUNG_ID} 的干部（或不在您的管理范围内）")]
    assert not ReserveEntry.objects.exists()
    assert rows_of(reserve_excel.export_pool(reserve.reserve_entries_visible_to(other_admin), ADMITTED,
                                             full_id_numbers=True)) == [HEADERS]


def test_the_pool_page_exports_its_filter_and_imports_after_a_check(client, young, department_admin, inspector,
                                                                    tmp_path):
    reserve.admit(department_admin, young, "section_deputy", ADMITTED)
    client.force_login(department_admin)
    page = client.get(reverse("cadres:reserve_pool"), {"status": "admitted"}).content.decode()
    assert f'{reverse("cadres:reserve_export")}?status=admitted' in page and reverse("cadres:reserve_import") in page
    exported = client.get(reverse("cadres:reserve_export"), {"status": "withdrawn"})
    assert rows_of(exported.content) == [HEADERS]
    exported = client.get(reverse("cadres:reserve_export"))
    assert rows_of(exported.content)[1][:2] == ["王敏", YOUNG_ID]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT_SENSITIVE).count() == 2
    url = reverse("cadres:reserve_import")
    bad = workbook(tmp_path, [["王敏", YOUNG_ID, "县处级正职", "2026-06-02", None, None, None]], name="bad.xlsx")
    response = client.post(url, {"workbook": bad.open("rb")})
    assert "不符合入库资格：不得越两级提拔" in response.content.decode() and not response.context["token"]
    leave = workbook(tmp_path, [["王敏", YOUNG_ID, "乡科级副职", "2026-06-01", "已退出", "2026-11-01", "调整"]])
    response = client.post(url, {"workbook": leave.open("rb")})
    assert "更新 1 条" in response.content.decode()
    assert ReserveEntry.objects.get().status == "admitted", "the check writes nothing"
    applied = client.post(url, {"token": response.context["token"]}, follow=True)
    assert applied.redirect_chain[-1][0] == reverse("cadres:reserve_pool")
    assert ReserveEntry.objects.get().status == "withdrawn"
    client.force_login(inspector)
    assert client.get(url).status_code == 404
