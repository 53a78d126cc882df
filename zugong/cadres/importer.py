"""Cadre import from .xlsx (干部信息导入): the register's basic fields, a check that reports every bad row, then
all rows or none — the behaviour of the member import. A row whose 身份证号 is a cadre's updates that cadre (the
resume, family and posts stay); the others create cadres. The columns are the export's, so an exported workbook
imports back unchanged (computed columns such as 年龄 and 现任职务 are read past)."""

import datetime as dt
import re
from dataclasses import replace

from django.db import transaction
from openpyxl import load_workbook

from zugong.cadres import selectors, services
from zugong.cadres.codes import ETHNICITY_BY_NAME
from zugong.cadres.models import Cadre
from zugong.cadres.record import AppointmentForm, Education
from zugong.core.access import DomainError, path_in_scope
from zugong.members.importer import ImportReport, RollBack, RowError, find_by_name, index_by_name
from zugong.organizations.selectors import organizations_visible_to

TEXT_COLUMNS = {"籍贯": "native_place", "出生地": "birthplace", "健康状况": "health", "专业技术职务": "professional_title"}
MONTH_COLUMNS = {"出生年月": "birth", "入党时间": "party_joined", "参加工作时间": "work_started"}
EDUCATION_COLUMNS = {"全日制学历": ("full_time_education", "level"), "全日制学位": ("full_time_education", "degree"),
                     "全日制毕业院校系及专业": ("full_time_education", "level_school"),
                     "在职学历": ("in_service_education", "level"), "在职学位": ("in_service_education", "degree"),
                     "在职毕业院校系及专业": ("in_service_education", "level_school")}
REQUIRED = ["姓名", "性别", "出生年月", "管理单位"]
MONTH = re.compile(r"^(\d{4})\s*[.\-/年]?\s*(\d{1,2})月?(?:[.\-/]\d{1,2}日?)?$")


def year_month(value) -> dt.date | None:
    """``1980.05``, ``1980-05``, ``198005``, ``1980年5月`` or an Excel date: the first of that month."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    text = str(value).strip()
    match = MONTH.match(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"「{text}」不是有效的年月（应为 1980.05 这样的格式）")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def import_cadres(actor, path, *, apply: bool) -> ImportReport:
    report = ImportReport()
    organizations = index_by_name(organizations_visible_to(actor, "cadres.change").open())
    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    missing = [title for title in REQUIRED if title not in headers]
    if missing:
        report.errors.append(RowError(1, "、".join(missing), "缺少必需的列"))
        return report
    try:
        with transaction.atomic():
            seen: dict[str, int] = {}
            for number, values in enumerate(rows, start=2):
                cells = dict(zip(headers, values, strict=False))
                if all(v in (None, "") for v in cells.values()):
                    continue
                report.rows += 1
                _row(actor, number, cells, organizations, seen, report)
            if report.errors or not apply:
                raise RollBack
    except RollBack:
        pass
    report.applied = apply and not report.errors
    return report


def _row(actor, number: int, cells: dict, organizations, seen: dict, report: ImportReport) -> None:
    def fail(column: str, message: str) -> None:
        report.errors.append(RowError(number, column, message))

    values: dict = {}
    name = str(cells.get("姓名") or "").strip()
    if not name:
        fail("姓名", "姓名不能为空")
    gender = str(cells.get("性别") or "").strip()
    if gender not in ("男", "女"):
        fail("性别", f"性别应为“男”或“女”，收到「{gender}」")
    for title, attr in MONTH_COLUMNS.items():
        try:
            values[attr] = year_month(cells.get(title))
        except ValueError as error:
            fail(title, str(error))
    if values.get("birth") is None and "出生年月" not in {e.column for e in report.errors if e.row == number}:
        fail("出生年月", "出生年月不能为空")
    ethnicity_name = str(cells.get("民族") or "汉族").strip()
    ethnicity = ETHNICITY_BY_NAME.get(ethnicity_name) or ETHNICITY_BY_NAME.get(f"{ethnicity_name}族")
    if ethnicity is None:
        fail("民族", f"「{ethnicity_name}」不是 GB 3304 中的民族名称")
    try:
        organization = find_by_name(organizations, str(cells.get("管理单位") or "").strip(), "党组织")
    except ValueError as error:
        organization = None
        fail("管理单位", str(error))
    id_number = str(cells.get("身份证号") or "").strip().upper()
    if "*" in id_number:
        fail("身份证号", "身份证号已脱敏，无法核对；请用有权查看完整身份证号的账号导出")
    elif id_number in seen:
        fail("身份证号", f"与第{seen[id_number]}行重复")
    elif id_number:
        seen[id_number] = number
    if any(e.row == number for e in report.errors):
        return
    existing = Cadre.objects.filter(id_number=id_number).first() if id_number else None
    if existing is not None and not path_in_scope(actor, "cadres.change", existing.org_path):
        fail("身份证号", f"身份证号 {id_number} 的干部不在您的管理范围内")
        return
    base = selectors.form_of(existing) if existing else AppointmentForm(name=name, gender=gender, birth=None,
                                                                      ethnicity=ethnicity)
    educations = {"full_time_education": base.full_time_education, "in_service_education": base.in_service_education}
    for title, (which, part) in EDUCATION_COLUMNS.items():
        if title in cells:
            educations[which] = replace(educations[which], **{part: str(cells[title] or "").strip()})
    texts = {attr: str(cells[title] or "").strip() for title, attr in TEXT_COLUMNS.items() if title in cells}
    form = replace(base, name=name, gender=gender, ethnicity=ethnicity, id_number=id_number, **values, **texts,
                   **{which: Education(**education.__dict__) for which, education in educations.items()})
    if existing is not None and form == base and existing.organization_id == organization.pk:
        report.unchanged += 1
        return
    try:
        with transaction.atomic():
            cadre = services.save_form(actor, form, organization, existing)
            if existing is not None and existing.organization_id != organization.pk:
                services.move_cadre(actor, cadre, organization)
    except DomainError as error:
        column = {"id_number": "身份证号", "birth": "出生年月", "gender": "性别", "name": "姓名"}.get(error.field, "")
        fail(column, error.message)
        return
    (report.to_update if existing else report.to_create).append(name)
