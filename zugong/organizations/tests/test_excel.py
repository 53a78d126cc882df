"""The organization tree and work units in Excel: an export imports back unchanged; every bad row is named and
nothing is written; rows outside the user's scope are refused; typed formula text stays text; the pages check,
then apply once."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from zugong.core.models import AuditEvent
from zugong.core.uploads import uploads_root
from zugong.organizations import excel
from zugong.organizations.models import Organization, WorkUnit
from zugong.organizations.selectors import organizations_visible_to, work_units_visible_to

pytestmark = pytest.mark.django_db

ORG_HEADERS = [title for title, _w in excel.ORG_COLUMNS]
UNIT_HEADERS = [title for title, _w in excel.UNIT_COLUMNS]
VALID_CODE = "91350100M000100Y43"  # GB 32100's own example


def workbook(tmp_path, headers, rows, name="sheet.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def state():
    return (list(Organization.objects.order_by("pk").values_list(
                "pk", "parent_id", "path", "name", "kind", "sector", "founded_on", "contact_phone", "is_closed")),
            list(WorkUnit.objects.order_by("pk").values_list(
                "pk", "name", "kind", "credit_code", "employee_count", "is_above_scale", "address", "managed_by_id",
                "covered_by_id")),
            AuditEvent.objects.count())


def errors(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def rows_of(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- organizations ----------------------------------------------------------------------------------------------

def test_the_export_names_each_organization_by_its_full_path(county, department_admin):
    county.village.founded_on, county.village.contact_phone = dt.date(1958, 7, 1), "0356-1234567"
    county.village.save()
    rows = rows_of(excel.export_organizations(organizations_visible_to(department_admin)))
    assert rows[0] == ORG_HEADERS
    assert rows[1] == [None, "示范县委", "党委", "机关", None, None]
    village = next(r for r in rows if r[1] == "东风村党支部")
    assert village == ["示范县委/东风镇党委", "东风村党支部", "党支部", "农村", dt.datetime(1958, 7, 1), "0356-1234567"]
    parents_first = [r[0] for r in rows[1:]]
    assert parents_first.index("示范县委/东风镇党委") > [r[1] for r in rows[1:]].index("东风镇党委")


def test_an_exported_tree_imports_back_unchanged(county, department_admin, tmp_path):
    county.village.name = '=HYPERLINK("http://x","y")'  # typed formula text comes back as the same text
    county.village.founded_on = dt.date(1958, 7, 1)
    county.village.save()
    path = tmp_path / "tree.xlsx"
    path.write_bytes(excel.export_organizations(organizations_visible_to(department_admin)))
    assert rows_of(path.read_bytes())[3][1] == "'" + county.village.name  # shown as text in Excel, never evaluated
    before = state()
    report = excel.import_organizations(department_admin, path, apply=True)
    assert (report.rows, report.unchanged, errors(report), report.to_create, report.to_update) == (8, 8, [], [], [])
    assert report.applied and state() == before


def test_new_organizations_and_changes_are_written_through_the_services(county, department_admin, tmp_path):
    path = workbook(tmp_path, ORG_HEADERS, [
        ["示范县委/东风镇党委", "东风镇卫生院党支部", "党支部", "事业单位", "2020-05-04", "0356-7"],
        ["示范县委/东风镇党委/东风镇卫生院党支部", "第一党小组", "党小组", "事业单位", None, None],
        ["示范县委/东风镇党委", "西岭村党支部", "党支部", "农村", dt.datetime(1960, 3, 1), "13800000000"],
    ])
    checked = excel.import_organizations(department_admin, path, apply=False)
    assert (errors(checked), checked.to_create, checked.to_update) == (
        [], ["示范县委/东风镇党委/东风镇卫生院党支部", "示范县委/东风镇党委/东风镇卫生院党支部/第一党小组"], ["西岭村党支部"])
    assert not Organization.objects.filter(name="东风镇卫生院党支部").exists(), "the check writes nothing"
    report = excel.import_organizations(department_admin, path, apply=True)
    assert report.applied
    clinic = Organization.objects.get(name="东风镇卫生院党支部")
    assert (clinic.parent, clinic.kind, clinic.sector, clinic.founded_on, clinic.contact_phone) == (
        county.township, "branch", "institution", dt.date(2020, 5, 4), "0356-7")
    assert Organization.objects.get(name="第一党小组").parent == clinic
    county.village2.refresh_from_db()
    assert (county.village2.founded_on, county.village2.contact_phone) == (dt.date(1960, 3, 1), "13800000000")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id__in=[str(clinic.pk)]).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(county.village2.pk)).exists()


def test_every_bad_organization_row_is_named_and_none_is_written(county, department_admin, tmp_path):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    path = workbook(tmp_path, ORG_HEADERS, [
        ["示范县委/东风镇党委", "新建的党支部", "党支部", "农村", None, None],  # good on its own
        ["示范县委/东风镇党委", "", "支部", "农村", "2020-13-01", None],
        ["示范县委/不存在的镇党委", "某村党支部", "党支部", "乡村", None, None],
        ["示范县委/东风镇党委/东风村党支部", "某党支部", "党支部", "农村", None, None],
        ["示范县委/东风镇党委", "新建的党支部", "党支部", "农村", None, None],
        ["", "另一个县委", "党委", "农村", None, None],
        ["示范县委/东风镇党委", "名" * 101, "党支部", "农村", "2101-01-01", None],
        ["示范县委/东风镇党委", "明天的党支部", "党支部", "农村", tomorrow, None],
    ])
    before = state()
    report = excel.import_organizations(department_admin, path, apply=True)
    assert errors(report) == [
        (3, "党组织名称", "必填项为空"),
        (3, "组织类别", "「支部」不是有效的组织类别（应为党委、党工委、党总支、党支部、联合党支部、临时党支部、流动党支部、党小组之一）"),
        (3, "成立日期", "「2020-13-01」不是有效日期（应为 2024-07-01 这样的格式）"),
        (4, "所属领域", "「乡村」不是有效的所属领域（应为农村、社区、机关、事业单位、国有企业、非公企业、社会组织、学校之一）"),
        (4, "上级党组织", "找不到上级党组织「示范县委/不存在的镇党委」（或不在您的管理范围内）；请写从最高层起的全称路径，"
                          "如“某县委/某镇党委”"),
        (5, "上级党组织", "「东风村党支部」是党支部，其下只能设立党小组"),
        (6, "党组织名称", "与第 2 行是同一个党组织（示范县委/东风镇党委/新建的党支部）"),
        (7, "上级党组织", "必填项为空：最高层党组织只能在安装时设立，新建党组织须写明上级党组织"),
        (8, "党组织名称", "最多 100 个字符，此处有 101 个"),
        (8, "成立日期", "2101-01-01 超出范围：日期须在 1900-01-01 至 2100-12-31 之间"),
        (9, "成立日期", f"成立日期 {tomorrow:%Y-%m-%d} 晚于今天"),
    ]
    assert not report.applied and state() == before


def test_rows_outside_the_scope_are_refused(county, township_operator, tmp_path):
    path = workbook(tmp_path, ORG_HEADERS, [
        ["示范县委", "东风镇党委", "党委", "农村", None, "0356-1"],  # the operator's own top: changed
        ["示范县委", "南山镇党委", "党委", "农村", None, "0356-2"],
        ["示范县委/南山镇党委", "南山新村党支部", "党支部", "农村", None, None],
        ["示范县委", "县直机关工委", "党工委", "机关", None, "0356-3"],
    ])
    before = state()
    report = excel.import_organizations(township_operator, path, apply=True)
    assert errors(report) == [
        (3, "党组织名称", "「南山镇党委」不在您的管理范围内，不能修改"),
        (4, "上级党组织", "找不到上级党组织「示范县委/南山镇党委」（或不在您的管理范围内）；请写从最高层起的全称路径，"
                          "如“某县委/某镇党委”"),
        (5, "党组织名称", "「县直机关工委」不在您的管理范围内，不能修改"),
    ]
    assert not report.applied and state() == before
    own = tmp_path / "own.xlsx"
    own.write_bytes(excel.export_organizations(organizations_visible_to(township_operator)))
    assert rows_of(own.read_bytes())[1:] == [
        ["示范县委", "东风镇党委", "党委", "农村", None, None],  # the top of the scope, named from the county down
        ["示范县委/东风镇党委", "东风村党支部", "党支部", "农村", None, None],
        ["示范县委/东风镇党委", "西岭村党支部", "党支部", "农村", None, None],
    ]
    report = excel.import_organizations(township_operator, own, apply=True)
    assert (report.unchanged, errors(report)) == (3, []) and state() == before


# --- work units -------------------------------------------------------------------------------------------------

def test_an_exported_unit_list_imports_back_unchanged(county, department_admin, tmp_path):
    WorkUnit.objects.create(name="@东风建材有限公司", kind="private_enterprise", credit_code=VALID_CODE,
                            employee_count=120, is_above_scale=True, address="-东风镇工业园", managed_by=county.township)
    path = tmp_path / "units.xlsx"
    path.write_bytes(excel.export_units(work_units_visible_to(department_admin)))
    rows = rows_of(path.read_bytes())
    assert rows[1] == ["'@东风建材有限公司", "非公企业", VALID_CODE, 120, "是", "'-东风镇工业园", "示范县委/东风镇党委", None]
    assert rows[2] == ["东风村", "行政村", None, None, None, None, "示范县委/东风镇党委/东风村党支部",
                       "示范县委/东风镇党委/东风村党支部"]
    before = state()
    report = excel.import_units(department_admin, path, apply=True)
    assert (report.rows, report.unchanged, errors(report), report.to_create, report.to_update) == (3, 3, [], [], [])
    assert state() == before


def test_units_are_created_and_updated_through_the_services(county, department_admin, tmp_path):
    path = workbook(tmp_path, UNIT_HEADERS, [
        ["东风村", "行政村", None, 300, None, "东风村委会", "示范县委/东风镇党委/东风村党支部",
         "示范县委/东风镇党委/东风村党支部"],
        ["西岭石材厂", "非公企业", "91350100M000100Y44", 55, "是", None, "示范县委/东风镇党委", None],
    ])
    report = excel.import_units(department_admin, path, apply=True)
    assert report.applied and (report.to_create, report.to_update) == (["西岭石材厂"], ["东风村"])
    assert [(w.row, w.column) for w in report.warnings] == [(3, "统一社会信用代码")]
    assert "校验位不符" in report.warnings[0].message
    county.village_unit.refresh_from_db()
    assert (county.village_unit.employee_count, county.village_unit.address) == (300, "东风村委会")
    plant = WorkUnit.objects.get(name="西岭石材厂")
    assert (plant.managed_by, plant.covered_by, plant.is_above_scale, plant.credit_code) == (
        county.township, None, True, "91350100M000100Y44")


def test_every_bad_unit_row_is_named_and_none_is_written(county, department_admin, tmp_path):
    path = workbook(tmp_path, UNIT_HEADERS, [
        ["新单位", "学校", None, 10, None, None, "示范县委/东风镇党委", None],  # good on its own
        ["", "工厂", "12345", "很多", "大", None, "示范县委/东风镇党委", None],
        ["某小学", "学校", None, 1.5, "是", None, "东风镇党委", "示范县委/不存在"],
        ["新单位", "学校", None, None, None, None, "示范县委/东风镇党委", None],
        ["某机关", "机关", None, None, None, None, "", None],
    ])
    before = state()
    report = excel.import_units(department_admin, path, apply=True)
    assert errors(report) == [
        (3, "单位名称", "必填项为空"),
        (3, "单位类别", "「工厂」不是有效的单位类别（应为行政村、社区、机关、事业单位、国有企业、非公企业、学校、社会组织之一）"),
        (3, "统一社会信用代码", "统一社会信用代码应为18位，现为5位"),
        (3, "从业人员数", "「很多」不是有效人数（应为 0 至 2147483647 的整数）"),
        (3, "规模以上", "应填“是”或留空，收到「大」"),
        (4, "从业人员数", "「1.5」不是有效人数（应为 0 至 2147483647 的整数）"),
        (4, "主管党组织", "找不到主管党组织「东风镇党委」（或不在您的管理范围内）；请写从最高层起的全称路径，"
                          "如“某县委/某镇党委/某村党支部”"),
        (4, "覆盖的党组织", "找不到覆盖的党组织「示范县委/不存在」（或不在您的管理范围内）；请写从最高层起的全称路径，"
                            "如“某县委/某镇党委/某村党支部”"),
        (5, "单位名称", "与第 2 行是同一个单位"),
        (6, "主管党组织", "必填项为空"),
    ]
    assert not report.applied and state() == before


def test_units_outside_the_scope_are_refused(county, outsider, tmp_path):
    county.village_unit.credit_code = VALID_CODE
    county.village_unit.save()
    path = workbook(tmp_path, UNIT_HEADERS, [
        ["东风村", "行政村", VALID_CODE, 1, None, None, "示范县委/南山镇党委/南山村党支部", None],
        ["南山新厂", "非公企业", None, 1, None, None, "示范县委/东风镇党委", None],
    ])
    before = state()
    report = excel.import_units(outsider, path, apply=True)
    assert errors(report) == [
        (2, "单位名称", "单位「东风村」由您管理范围以外的党组织主管，不能修改"),
        (3, "主管党组织", "找不到主管党组织「示范县委/东风镇党委」（或不在您的管理范围内）；请写从最高层起的全称路径，"
                          "如“某县委/某镇党委/某村党支部”"),
    ]
    assert state() == before


# --- pages ------------------------------------------------------------------------------------------------------

def upload(path):
    return {"workbook": open(path, "rb")}  # noqa: SIM115  (closed by the test client's request)


def test_the_import_page_names_every_bad_row_then_applies_a_clean_file_once(client, county, department_admin,
                                                                           tmp_path):
    client.force_login(department_admin)
    url = reverse("organizations:import")
    bad = workbook(tmp_path, ORG_HEADERS, [["示范县委/东风镇党委", "", "党支部", "农村", None, None],
                                           ["示范县委/不存在", "某支部", "党支部", "农村", None, None]], "bad.xlsx")
    page = client.post(url, upload(bad)).content.decode()
    assert "存在问题，未导入任何数据" in page and "必填项为空" in page and "找不到上级党组织「示范县委/不存在」" in page
    assert 'name="token"' not in page
    good = workbook(tmp_path, ORG_HEADERS, [["示范县委/东风镇党委", "东风社区党支部", "党支部", "社区", None, None]],
                    "good.xlsx")
    response = client.post(url, upload(good))
    assert "将新增 1 条" in response.content.decode()
    assert not Organization.objects.filter(name="东风社区党支部").exists()
    token = response.context["token"]
    applied = client.post(url, {"token": token}, follow=True)
    assert applied.redirect_chain[-1][0] == reverse("organizations:tree")
    assert "导入完成：新增 1 条" in applied.content.decode()
    assert Organization.objects.get(name="东风社区党支部").parent == county.township
    again = client.post(url, {"token": token}, follow=True)
    assert "该文件已经导入" in again.content.decode()
    assert Organization.objects.filter(name="东风社区党支部").count() == 1
    assert not list(uploads_root().glob("sheet-*")), "the kept file is deleted once imported"


def test_the_unit_list_exports_what_it_shows_and_links_the_import(client, county, department_admin, inspector):
    WorkUnit.objects.create(name="东风小学", kind="school", managed_by=county.township)
    client.force_login(department_admin)
    page = client.get(reverse("organizations:unit_list"), {"kind": "school"}).content.decode()
    assert f'{reverse("organizations:unit_export")}?kind=school' in page and reverse("organizations:unit_import") in page
    names = [row[0] for row in rows_of(client.get(reverse("organizations:unit_export"), {"kind": "school"}).content)]
    assert names == ["单位名称", "东风小学"]
    client.force_login(inspector)  # may look, not change: no import link, no import page
    assert reverse("organizations:unit_import") not in client.get(reverse("organizations:unit_list")).content.decode()
    assert client.get(reverse("organizations:unit_import")).status_code == 404
