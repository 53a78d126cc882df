"""Cadre imports (干部导入): from .xlsx (干部信息表) and from a batch of .lrmx files (任免审批表). Both check
everything first and report every problem, then write all or nothing.

* .xlsx: the register's basic fields; a row whose 身份证号 is a cadre's updates that cadre (the resume, family and
  posts stay); the others create cadres. The columns are the export's, so an exported workbook imports back
  unchanged (computed columns such as 年龄 and 现任职务 are read past).
* .lrmx: each file is one cadre's form; a batch with one bad file writes none of them, and every bad file is
  listed with its reason.
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from django.db import transaction

from zugong.cadres import lrmx, selectors, services
from zugong.cadres.codes import ETHNICITY_BY_NAME
from zugong.cadres.models import Cadre, FamilyRelation, ResumeEntry
from zugong.cadres.record import AppointmentForm, Education, format_assessments
from zugong.core.access import DomainError, path_in_scope
from zugong.core.workbooks import open_sheet, shown
from zugong.members.importer import ImportReport, RollBack, RowError, find_by_name, index_by_name
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to

TEXT_COLUMNS = {"籍贯": "native_place", "出生地": "birthplace", "健康状况": "health", "专业技术职务": "professional_title"}
MONTH_COLUMNS = {"出生年月": "birth", "入党时间": "party_joined", "参加工作时间": "work_started"}
EDUCATION_COLUMNS = {"全日制学历": ("full_time_education", "level"), "全日制学位": ("full_time_education", "degree"),
                     "全日制毕业院校系及专业": ("full_time_education", "level_school"),
                     "在职学历": ("in_service_education", "level"), "在职学位": ("in_service_education", "degree"),
                     "在职毕业院校系及专业": ("in_service_education", "level_school")}
REQUIRED = ["姓名", "性别", "出生年月", "管理单位"]
EDUCATION_PARTS = ("level", "degree", "level_school", "degree_school")
# Each text column's length in the database, checked in the dry run (derived from the model, never written twice)
COLUMN_FIELDS = {"姓名": "name", "身份证号": "id_number", **TEXT_COLUMNS,
                 **{title: f"{which.removesuffix('_education')}_{part}"
                    for title, (which, part) in EDUCATION_COLUMNS.items()}}
MAX_LENGTHS = {title: Cadre._meta.get_field(name).max_length for title, name in COLUMN_FIELDS.items()}
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
        raise ValueError(f"「{shown(text)}」不是有效的年月（应为 1980.05 这样的格式）")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def import_cadres(actor, path, *, apply: bool) -> ImportReport:
    """Check every row of the workbook at ``path`` (a path or an uploaded file); with ``apply`` and no problem,
    write them all in one transaction. A file that cannot be read raises ``WorkbookError`` (Chinese message)."""
    report = ImportReport()
    organizations = index_by_name(organizations_visible_to(actor, "cadres.change").open())
    with open_sheet(path) as sheet:
        headers = sheet.header
        missing = [title for title in REQUIRED if title not in headers]
        if missing:
            report.errors.append(RowError(1, "、".join(missing), "缺少必需的列"))
            return report
        try:
            with transaction.atomic():
                seen: dict[str, int] = {}
                for number, values in sheet.rows():
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


def too_long(form: AppointmentForm) -> list[str]:
    """Each value of a form longer than the database column that keeps it, named by its label (LRMX files)."""
    values = {name: getattr(form, name) for name in services.FORM_FIELDS if isinstance(getattr(form, name), str)}
    for prefix, education in (("full_time", form.full_time_education), ("in_service", form.in_service_education)):
        values |= {f"{prefix}_{part}": getattr(education, part) for part in EDUCATION_PARTS}
    values |= {"id_number": form.id_number, "post_as_written": form.current_post, "lrmx_version": form.version,
               "assessments_as_written": format_assessments(form.assessments)}
    problems = [_too_long(Cadre, name, value) for name, value in values.items()]
    problems += [_too_long(ResumeEntry, "text", line.text, f"简历第 {n} 条") for n, line in enumerate(form.resume, 1)]
    for n, member in enumerate(form.family, start=1):
        problems += [_too_long(FamilyRelation, name, getattr(member, name), f"家庭成员第 {n} 行")
                     for name in ("name", "work_unit_and_post")]
    return [problem for problem in problems if problem]


def _too_long(model, name: str, value: str, where: str = "") -> str | None:
    column = model._meta.get_field(name)
    if column.max_length is None or len(value or "") <= column.max_length:
        return None
    return f"{where}{column.verbose_name}最多 {column.max_length} 个字符，此处有 {len(value)} 个"


def _row(actor, number: int, cells: dict, organizations, seen: dict, report: ImportReport) -> None:
    def fail(column: str, message: str) -> None:
        report.errors.append(RowError(number, column, message))

    for title, limit in MAX_LENGTHS.items():
        if cells.get(title) is not None and len(str(cells[title]).strip()) > limit:
            fail(title, f"最多 {limit} 个字符，此处有 {len(str(cells[title]).strip())} 个")
    if report.errors and report.errors[-1].row == number:
        return
    values: dict = {}
    name = str(cells.get("姓名") or "").strip()
    if not name:
        fail("姓名", "姓名不能为空")
    gender = str(cells.get("性别") or "").strip()
    if gender not in ("男", "女"):
        fail("性别", f"性别应为“男”或“女”，收到「{shown(gender)}」")
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
        fail("民族", f"「{shown(ethnicity_name)}」不是 GB 3304 中的民族名称")
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


@dataclass
class LrmxReport:
    """What an .lrmx batch found: per file, the cadre it creates or updates, or why the file is refused."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    applied: bool = False


def import_lrmx(actor, files: list[tuple[str, bytes]], organization: Organization, apply: bool) -> LrmxReport:
    """Read and check every file; a good file creates a cadre in ``organization`` or updates the cadre with its
    身份证号. A batch is all or nothing: every file is checked inside one transaction, and it is kept only when
    ``apply`` is asked and no file has a problem; otherwise nothing is written and every bad file is reported."""
    if not path_in_scope(actor, "cadres.change", organization.path):
        raise DomainError("您无权在该管理单位登记干部", field="organization")
    forms, errors = lrmx.read_many(files)
    report = LrmxReport(errors=errors)
    try:
        with transaction.atomic():
            for filename, form in forms:
                _lrmx_file(actor, filename, form, organization, report)
            if report.errors or not apply:
                raise RollBack
        report.applied = True
    except RollBack:
        pass
    return report


def _lrmx_file(actor, filename: str, form: AppointmentForm, organization: Organization, report: LrmxReport) -> None:
    if problems := too_long(form):
        report.errors.append(f"{filename}：{'；'.join(problems)}")
        return
    existing = Cadre.objects.filter(id_number=form.id_number).first() if form.id_number else None
    if existing and not path_in_scope(actor, "cadres.change", existing.org_path):
        report.errors.append(f"{filename}：身份证号 {form.id_number} 的干部不在您的管理范围内")
        return
    try:
        with transaction.atomic():
            services.save_form(actor, form, organization, existing)
    except DomainError as error:
        report.errors.append(f"{filename}：{error.message}")
        return
    (report.updated if existing else report.created).append(f"{form.name}（{filename}）")
