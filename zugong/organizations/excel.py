"""The organization tree and work units in Excel (组织体系、单位的导出与导入), in the member import's style.

The export's columns are the import's: an exported workbook imports back unchanged (nothing to change). An
organization is named by its full path of names from the top (``示范县委/东风镇党委/东风村党支部``), since names are
unique only among the open children of one parent; the export lists parents before their children, so a file
can create a new branch and, further down, its groups.

The import checks every row first and names every bad row (row number, column, reason in Chinese); applying
writes every row through ``organizations.services`` (audit events, checks) in one transaction, or none. A row
whose organization or unit lies outside the user's scope, or whose parent / managing organization does, is
refused row by row; nothing outside the scope is created or changed.

* Organizations: a row whose path names an open organization updates its kind, sector, founding date and phone
  (``update_organization``); any other row creates the organization under its parent (``create_organization``).
  A new name is a new organization: renaming and moving stay on the organization's page.
* Work units: a row matches the open unit with its 统一社会信用代码, else the open unit of that name under that
  managing organization; the others create units (``create_work_unit`` / ``update_work_unit``). A code that is
  not 18 letters and digits of GB 32100 is a row error; a failed check digit is a warning, as on the form.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zugong.core import bounds
from zugong.core.access import DomainError, path_in_scope
from zugong.core.downloads import new_workbook, write_cell
from zugong.core.tree import path_ids
from zugong.core.validators import USCC_ALPHABET, uscc_problem
from zugong.core.workbooks import open_sheet, shown
from zugong.members.importer import ImportReport, RollBack, RowError
from zugong.organizations import services
from zugong.organizations.models import Organization, WorkUnit

SEPARATOR = "/"


@dataclass
class SheetReport(ImportReport):
    """The member import's report, with warnings that do not stop the import (a credit code's check digit)."""

    warnings: list[RowError] = field(default_factory=list)


# --- names of organizations -------------------------------------------------------------------------------------

def full_names(organizations) -> dict[int, str]:
    """Each organization's full path of names from the top of the tree, ``上级/…/名称`` (two queries)."""
    organizations = list(organizations)
    ids = {pk for org in organizations for pk in path_ids(org.path)}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {org.pk: SEPARATOR.join(names.get(pk, "?") for pk in path_ids(org.path)) for org in organizations}


def open_by_full_name() -> dict[str, Organization]:
    """Every open organization under its full name (the import finds parents and existing rows by it)."""
    organizations = list(Organization.objects.open())
    return {name: org for org, name in zip(organizations, full_names(organizations).values(), strict=True)}


# --- columns ----------------------------------------------------------------------------------------------------

KIND = {str(label): value for value, label in Organization.Kind.choices}
SECTOR = {str(label): value for value, label in Organization.Sector.choices}
UNIT_KIND = {str(label): value for value, label in WorkUnit.Kind.choices}

ORG_COLUMNS = [("上级党组织", 44), ("党组织名称", 28), ("组织类别", 12), ("所属领域", 12), ("成立日期", 12),
               ("联系电话", 16)]
ORG_REQUIRED = ["上级党组织", "党组织名称", "组织类别", "所属领域"]
UNIT_COLUMNS = [("单位名称", 28), ("单位类别", 12), ("统一社会信用代码", 22), ("从业人员数", 10), ("规模以上", 8),
                ("地址", 30), ("主管党组织", 44), ("覆盖的党组织", 44)]
UNIT_REQUIRED = ["单位名称", "单位类别", "主管党组织"]
ORG_LENGTHS = {"党组织名称": bounds.max_length_of(Organization, "name"),
               "联系电话": bounds.max_length_of(Organization, "contact_phone")}
UNIT_LENGTHS = {"单位名称": bounds.max_length_of(WorkUnit, "name"), "地址": bounds.max_length_of(WorkUnit, "address"),
                "统一社会信用代码": bounds.max_length_of(WorkUnit, "credit_code")}
# A full name is at most this many names long, each at most a name's length (a tree deeper than this is not one)
FULL_NAME_MAX = 12 * (bounds.max_length_of(Organization, "name") + 1)
EMPLOYEES_MIN, EMPLOYEES_MAX = bounds.integer_range_of(WorkUnit, "employee_count")


def _workbook(title: str, columns, rows) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet(title)
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, (name, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, name, header)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            write_cell(sheet, count, col, value, date if isinstance(value, dt.date) else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    book.close()
    return buffer.getvalue()


def export_organizations(organizations) -> bytes:
    """The open organizations given, parents first, each with its parent's full name."""
    organizations = list(organizations.open().order_by("path"))
    parents = full_names(Organization.objects.filter(pk__in={o.parent_id for o in organizations if o.parent_id}))
    return _workbook("党组织", ORG_COLUMNS, (
        [parents.get(org.parent_id, "") if org.parent_id else "", org.name, org.get_kind_display(),
         org.get_sector_display(), org.founded_on, org.contact_phone] for org in organizations))


def export_units(units) -> bytes:
    """The open units given, each with its managing and covering organizations' full names."""
    units = list(units.filter(is_closed=False).order_by("name", "pk"))
    named = full_names(Organization.objects.filter(pk__in={u.managed_by_id for u in units}
                                                   | {u.covered_by_id for u in units if u.covered_by_id}))
    return _workbook("单位", UNIT_COLUMNS, (
        [unit.name, unit.get_kind_display(), unit.credit_code, unit.employee_count,
         "是" if unit.is_above_scale else "", unit.address, named[unit.managed_by_id],
         named.get(unit.covered_by_id, "") if unit.covered_by_id else ""] for unit in units))


# --- reading cells ----------------------------------------------------------------------------------------------

def text(cells: dict, title: str) -> str:
    value = cells.get(title)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a phone number typed as a number
        value = int(value)
    return str(value).strip()


def day(value) -> dt.date | None:
    """A date cell, or ``2024-07-01`` / ``2024/7/1`` / ``2024.07.01`` as text, within the bounds of every date."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        written = str(value).strip()
        try:
            parts = [int(p) for p in written.replace("/", "-").replace(".", "-").split("-")]
            value = dt.date(*parts) if len(parts) == 3 else None
        except (ValueError, TypeError):
            value = None
        if value is None:
            raise ValueError(f"「{shown(written)}」不是有效日期（应为 2024-07-01 这样的格式）")
    if not bounds.DATE_MIN <= value <= bounds.DATE_MAX:
        raise ValueError(f"{value:%Y-%m-%d} 超出范围：{bounds.date_range_message()}")
    return value


def _choice(cells: dict, title: str, choices: dict[str, str], fail) -> str | None:
    written = text(cells, title)
    if not written:
        fail(title, "必填项为空")
        return None
    if written not in choices:
        fail(title, f"「{shown(written)}」不是有效的{title}（应为{'、'.join(choices)}之一）")
        return None
    return choices[written]


def _too_long(cells: dict, lengths: dict[str, int], fail) -> None:
    for title, limit in lengths.items():
        if len(written := text(cells, title)) > limit:
            fail(title, f"最多 {limit} 个字符，此处有 {len(written)} 个")


def _service_error(error: DomainError, columns: dict[str, str], default: str, fail) -> None:
    fail(columns.get(error.field or "", default), error.message)


# --- the import -------------------------------------------------------------------------------------------------

def _run(path, required: list[str], apply: bool, report: SheetReport, row) -> SheetReport:
    """Every row through ``row(number, cells)`` inside one transaction, kept only when applying and clean."""
    with open_sheet(path) as sheet:
        missing = [title for title in required if title not in sheet.header]
        if missing:
            report.errors.append(RowError(1, "、".join(missing), "缺少必需的列"))
            return report
        headers = sheet.header
        try:
            with transaction.atomic():
                for number, values in sheet.rows():
                    if all(v in (None, "") for v in values):
                        continue
                    report.rows += 1
                    row(number, dict(zip(headers, values, strict=False)))
                if report.errors or not apply:
                    raise RollBack
            report.applied = True
        except RollBack:
            pass
    return report


def _failer(report: SheetReport, number: int):
    def fail(column: str, message: str) -> None:
        report.errors.append(RowError(number, column, message))
    return fail


def _has_errors(report: SheetReport, number: int) -> bool:
    return any(e.row == number for e in report.errors)


ORG_FIELD_COLUMNS = {"name": "党组织名称", "kind": "组织类别", "parent": "上级党组织", "sector": "所属领域",
                     "founded_on": "成立日期", "contact_phone": "联系电话"}


def import_organizations(actor, path, *, apply: bool) -> SheetReport:
    """Check every row of the workbook at ``path``; with ``apply`` and no problem, write them all."""
    report = SheetReport()
    index = open_by_full_name()
    seen: dict[str, int] = {}

    def row(number: int, cells: dict) -> None:
        fail = _failer(report, number)
        _too_long(cells, ORG_LENGTHS, fail)
        parent_name, name = text(cells, "上级党组织"), text(cells, "党组织名称")
        if len(parent_name) > FULL_NAME_MAX:
            fail("上级党组织", f"最多 {FULL_NAME_MAX} 个字符，此处有 {len(parent_name)} 个")
        if not name:
            fail("党组织名称", "必填项为空")
        kind = _choice(cells, "组织类别", KIND, fail)
        sector = _choice(cells, "所属领域", SECTOR, fail)
        founded_on = None
        try:
            founded_on = day(cells.get("成立日期"))
        except ValueError as error:
            fail("成立日期", str(error))
        if founded_on and founded_on > timezone.localdate():
            fail("成立日期", f"成立日期 {founded_on:%Y-%m-%d} 晚于今天")
        key = f"{parent_name}{SEPARATOR}{name}" if parent_name else name
        existing = index.get(key) if name else None
        parent = index.get(parent_name) if existing is None and parent_name else None
        if existing is None and parent_name and (
                parent is None or not path_in_scope(actor, "organizations.change", parent.path)):
            fail("上级党组织", f"找不到上级党组织「{shown(parent_name, 60)}」（或不在您的管理范围内）；"
                               "请写从最高层起的全称路径，如“某县委/某镇党委”")
        if _has_errors(report, number):
            return
        if key in seen:
            fail("党组织名称", f"与第 {seen[key]} 行是同一个党组织（{shown(key, 60)}）")
            return
        seen[key] = number
        values = {"kind": kind, "sector": sector, "founded_on": founded_on, "contact_phone": text(cells, "联系电话")}
        if existing is not None:
            _update_organization(actor, number, existing, values, report, fail)
            return
        if parent is None:
            fail("上级党组织", "必填项为空：最高层党组织只能在安装时设立，新建党组织须写明上级党组织")
            return
        if SEPARATOR in name:
            fail("党组织名称", f"新建党组织的名称不能含“{SEPARATOR}”（它用来分隔上级党组织）")
            return
        try:
            with transaction.atomic():
                org = services.create_organization(actor, parent, name=name, **values)
        except DomainError as error:
            _service_error(error, ORG_FIELD_COLUMNS, "党组织名称", fail)
            return
        index[key] = org
        report.to_create.append(key)

    return _run(path, ORG_REQUIRED, apply, report, row)


def _update_organization(actor, number, org: Organization, values: dict, report: SheetReport, fail) -> None:
    if not path_in_scope(actor, "organizations.change", org.path):
        fail("党组织名称", f"「{org.name}」不在您的管理范围内，不能修改")
        return
    changed = {name: value for name, value in values.items() if getattr(org, name) != value}
    if not changed:
        report.unchanged += 1
        return
    try:
        with transaction.atomic():
            services.update_organization(actor, org, **changed)
    except DomainError as error:
        _service_error(error, ORG_FIELD_COLUMNS, "党组织名称", fail)
        return
    report.to_update.append(org.name)


UNIT_FIELD_COLUMNS = {"name": "单位名称", "kind": "单位类别", "credit_code": "统一社会信用代码",
                      "employee_count": "从业人员数", "is_above_scale": "规模以上", "address": "地址",
                      "managed_by": "主管党组织", "covered_by": "覆盖的党组织"}


def import_units(actor, path, *, apply: bool) -> SheetReport:
    """Check every row of the workbook at ``path``; with ``apply`` and no problem, write them all."""
    report = SheetReport()
    index = open_by_full_name()
    open_units = list(WorkUnit.objects.filter(is_closed=False).select_related("managed_by"))
    by_code: dict[str, list[WorkUnit]] = {}
    by_name: dict[tuple[str, int], list[WorkUnit]] = {}
    for unit in open_units:
        if unit.credit_code:
            by_code.setdefault(unit.credit_code.upper(), []).append(unit)
        by_name.setdefault((unit.name, unit.managed_by_id), []).append(unit)
    seen: dict[tuple, int] = {}

    def organization(cells, title: str, capability: str, fail) -> Organization | None:
        written = text(cells, title)
        if len(written) > FULL_NAME_MAX:
            fail(title, f"最多 {FULL_NAME_MAX} 个字符，此处有 {len(written)} 个")
            return None
        org = index.get(written)
        if org is None or not path_in_scope(actor, capability, org.path):
            fail(title, f"找不到{title}「{shown(written, 60)}」（或不在您的管理范围内）；"
                        "请写从最高层起的全称路径，如“某县委/某镇党委/某村党支部”")
            return None
        return org

    def row(number: int, cells: dict) -> None:
        fail = _failer(report, number)
        _too_long(cells, UNIT_LENGTHS, fail)
        name = text(cells, "单位名称")
        if not name:
            fail("单位名称", "必填项为空")
        kind = _choice(cells, "单位类别", UNIT_KIND, fail)
        code = text(cells, "统一社会信用代码").upper()
        problem = uscc_problem(code) if code else None
        if problem and not (len(code) == 18 and set(code) <= set(USCC_ALPHABET)):
            fail("统一社会信用代码", problem)
            problem = None
        employees = _employees(cells.get("从业人员数"), fail)
        above = text(cells, "规模以上")
        if above not in ("", "是", "否"):
            fail("规模以上", f"应填“是”或留空，收到「{shown(above)}」")
        if not text(cells, "主管党组织"):
            fail("主管党组织", "必填项为空")
            managed_by = None
        else:
            managed_by = organization(cells, "主管党组织", "organizations.change", fail)
        covered_by = organization(cells, "覆盖的党组织", "organizations.view", fail) if text(
            cells, "覆盖的党组织") else None
        if _has_errors(report, number):
            return
        key = ("code", code) if code else ("name", name, managed_by.pk)
        if key in seen:
            fail("统一社会信用代码" if code else "单位名称", f"与第 {seen[key]} 行是同一个单位")
            return
        seen[key] = number
        values = {"name": name, "kind": kind, "credit_code": code, "employee_count": employees,
                  "is_above_scale": above == "是", "address": text(cells, "地址"), "managed_by": managed_by,
                  "covered_by": covered_by}
        found = by_code.get(code, []) if code else []
        found = found or [u for u in by_name.get((name, managed_by.pk), []) if not code or not u.credit_code]
        if len(found) > 1:
            fail("单位名称", f"「{managed_by.name}」主管的名为「{shown(name)}」的单位不止一个，请填写统一社会信用代码区分")
            return
        if problem:
            report.warnings.append(RowError(number, "统一社会信用代码", problem))
        if found:
            _update_unit(actor, found[0], values, report, fail)
            return
        try:
            with transaction.atomic():
                unit, _warnings = services.create_work_unit(actor, **values)
        except DomainError as error:
            _service_error(error, UNIT_FIELD_COLUMNS, "单位名称", fail)
            return
        by_name.setdefault((unit.name, unit.managed_by_id), []).append(unit)
        if code:
            by_code[code] = [unit]
        report.to_create.append(name)

    return _run(path, UNIT_REQUIRED, apply, report, row)


def _employees(value, fail) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        number = -1.5
    if not number.is_integer() or not EMPLOYEES_MIN <= number <= EMPLOYEES_MAX:
        fail("从业人员数", f"「{shown(value)}」不是有效人数（应为 0 至 {EMPLOYEES_MAX} 的整数）")
        return None
    return int(number)


def _update_unit(actor, unit: WorkUnit, values: dict, report: SheetReport, fail) -> None:
    if not path_in_scope(actor, "organizations.change", unit.managed_by.path):
        fail("单位名称", f"单位「{unit.name}」由您管理范围以外的党组织主管，不能修改")
        return
    changed = {name: value for name, value in values.items() if getattr(unit, name) != value}
    if not changed:
        report.unchanged += 1
        return
    try:
        with transaction.atomic():
            services.update_work_unit(actor, unit, **changed)
    except DomainError as error:
        _service_error(error, UNIT_FIELD_COLUMNS, "单位名称", fail)
        return
    report.to_update.append(unit.name)
