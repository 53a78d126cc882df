"""Member import from .xlsx (党员信息导入): a dry run that reports every bad row, then all or nothing.

The columns are the export's own, so importing an exported workbook changes nothing.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from zugong.core.access import DomainError
from zugong.core.bulk import young_garbage_only
from zugong.core.policy import policy_int
from zugong.core.validators import parse_identity_number
from zugong.core.workbooks import open_sheet, shown
from zugong.members import services
from zugong.members.codes import ETHNICITY_CHOICES, DuesCategory, Education, Occupation
from zugong.members.excel import COLUMNS
from zugong.members.models import Member
from zugong.members.policies import MIN_AGE

HEADERS = [title for title, _, _ in COLUMNS]
REQUIRED = ["姓名", "身份证号", "学历", "职业", "入党日期", "党员类别", "所在党组织"]
FIELD_COLUMN = {
    "name": "姓名", "id_number": "身份证号", "gender": "性别", "birth_date": "出生日期", "ethnicity": "民族",
    "education": "学历", "occupation": "职业", "joined_on": "入党日期", "full_member_on": "转正日期",
    "stage": "党员类别", "organization": "所在党组织", "work_unit": "工作单位", "phone": "联系电话",
    "address": "家庭住址", "is_in_hardship": "生活困难", "dues_category": "党费类别", "dues_base": "党费基数",
}
CHOICES = {
    "性别": {str(label): value for value, label in Member.Gender.choices},
    "学历": {str(label): value for value, label in Education.choices},
    "职业": {str(label): value for value, label in Occupation.choices},
    "党员类别": {str(label): value for value, label in Member.Stage.choices},
    "民族": {label: value for value, label in ETHNICITY_CHOICES},
    "党费类别": {str(label): value for value, label in DuesCategory.choices},
}
# Text columns are checked against the model's column lengths in the dry run, so a confirmed import never fails
# on a value the database cannot hold.
MAX_LENGTHS = {title: column.max_length for name, title in FIELD_COLUMN.items()
               if isinstance(column := Member._meta.get_field(name), models.CharField) and not column.choices}
COMPARED = ("name", "gender", "birth_date", "ethnicity", "education", "occupation", "joined_on", "full_member_on",
            "stage", "organization", "work_unit", "phone", "address", "is_in_hardship", "dues_category", "dues_base")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    to_create: list[str] = field(default_factory=list)
    to_update: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False

    def to_json(self) -> dict:
        return {"rows": self.rows, "to_create": self.to_create, "to_update": self.to_update,
                "unchanged": self.unchanged, "applied": self.applied,
                "errors": [[e.row, e.column, e.message] for e in self.errors]}

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        return cls(rows=data.get("rows", 0), to_create=data.get("to_create", []), to_update=data.get("to_update", []),
                   unchanged=data.get("unchanged", 0), applied=data.get("applied", False),
                   errors=[RowError(*e) for e in data.get("errors", [])])


class RollBack(Exception):
    """Raised inside the import's transaction when a row fails: nothing written stays."""


class RowFailed(Exception):
    """A row's own problem: what the row wrote is rolled back and the next row is read."""


def import_rows[R: ImportReport](path, required: list[str], report: R, row: Callable[[int, dict, Callable], None], *,
                                 apply: bool) -> R:
    """The all-or-none import of a small workbook (branch meetings, study days, points, development cases): every
    row at ``path`` goes through ``row(number, cells, fail)`` in a savepoint of its own, ``fail(column, message)``
    noting a problem; with ``apply`` and no problem in any row every row is kept, otherwise none."""
    with open_sheet(path) as sheet:
        missing = [title for title in required if title not in sheet.header]
        if missing:
            report.errors.append(RowError(1, "、".join(missing), "缺少必需的列"))
            return report
        try:
            with transaction.atomic():
                for number, values in sheet.rows():
                    if not any(v not in (None, "") for v in values):
                        continue
                    report.rows += 1
                    cells = {title: values[i] if i < len(values) else None for i, title in enumerate(sheet.header)
                             if title}
                    before = len(report.errors)

                    def fail(column: str, message: str, number=number) -> None:
                        report.errors.append(RowError(number, column, message))

                    try:
                        with transaction.atomic():
                            row(number, cells, fail)
                            if len(report.errors) > before:
                                raise RowFailed
                    except RowFailed:
                        pass
                if report.errors or not apply:
                    raise RollBack
        except RollBack:
            pass
    report.applied = apply and not report.errors
    return report


class Importer:
    CHUNK = 1000

    def __init__(self, actor, organizations, units):
        self.actor = actor
        self.orgs = index_by_name(organizations)
        self.units = index_by_name(units)
        self.min_age = policy_int(MIN_AGE.key)
        self.progress: Callable[[int, int], None] | None = None
        self.estimated = 0
        self.collect_young_garbage: Callable[[], None] = lambda: None

    def run(self, path, *, apply: bool, progress: Callable[[int, int], None] | None = None,
            rows_expected: int | None = None, keep: Callable[[], bool] | None = None) -> ImportReport:
        """Check every row (``progress(rows_done, rows_estimated)`` after each chunk); apply only if all pass.
        ``rows_expected`` (the count of an earlier check) spares counting the workbook's rows for the estimate.
        ``keep`` is asked last inside the apply's transaction: False rolls every row back (a background job
        that was marked interrupted meanwhile). A workbook that cannot be read raises ``WorkbookError``.

        Applying writes chunk by chunk inside one transaction while the file streams past, so memory does not
        grow with the file; the first bad row stops the writing, the check goes on to report every bad row,
        and the transaction is rolled back: all rows or none.
        """
        with young_garbage_only() as self.collect_young_garbage:
            return self._run(path, apply, progress, rows_expected, keep)

    def _run(self, path, apply: bool, progress, rows_expected: int | None, keep) -> ImportReport:
        report = ImportReport()
        self.progress = progress
        self.estimated = rows_expected or 0
        if not apply:
            for _plan in self._plan(path, report):
                pass
            return report
        try:
            with transaction.atomic():
                new_rows: list[dict] = []
                for member, fields in self._plan(path, report):
                    if report.errors:
                        continue
                    if member is None:
                        new_rows.append(fields)
                    elif fields:
                        services.update_member(self.actor, member, **fields)
                    if len(new_rows) >= self.CHUNK:
                        services.create_members(self.actor, new_rows)
                        new_rows = []
                if report.errors:
                    raise RollBack
                services.create_members(self.actor, new_rows)
                if keep is not None and not keep():
                    raise RollBack
            report.applied = True
        except RollBack:
            pass
        return report

    def _plan(self, path, report: ImportReport):
        with open_sheet(path) as sheet:
            if self.progress is not None and not self.estimated:
                self.estimated = sheet.rows_total
            missing = [title for title in REQUIRED if title not in sheet.header]
            if missing:
                report.errors.append(RowError(1, "、".join(missing), "缺少必需的列"))
                return
            position = {title: sheet.header.index(title) for title in HEADERS if title in sheet.header}
            seen: dict[str, int] = {}
            chunk: list[tuple[int, dict]] = []
            for number, values in sheet.rows():
                if not any(v not in (None, "") for v in values):
                    continue
                report.rows += 1
                chunk.append((number, {title: values[i] if i < len(values) else None for title, i in position.items()}))
                if len(chunk) == self.CHUNK:
                    yield from self._chunk(chunk, seen, report)
                    chunk = []
            yield from self._chunk(chunk, seen, report)

    def _chunk(self, chunk, seen: dict, report: ImportReport):
        """One query finds which of a thousand rows are already registered."""
        numbers = [str(cells.get("身份证号") or "").strip().upper() for _, cells in chunk]
        existing = {m.id_number: m for m in Member.objects.filter(id_number__in=numbers).select_related("organization")}
        for number, cells in chunk:
            plan = self._row(number, cells, seen, report, existing)
            if plan is not None:
                yield plan
        self.collect_young_garbage()
        if self.progress is not None and chunk:
            self.progress(report.rows, max(self.estimated, report.rows))

    def _row(self, number: int, cells: dict, seen: dict, report: ImportReport, registered: dict):
        errors_before = len(report.errors)

        def fail(column: str, message: str):
            report.errors.append(RowError(number, column, message))

        fields: dict[str, Any] = {}
        for name, title in FIELD_COLUMN.items():
            value = cells.get(title)
            value = value.strip() if isinstance(value, str) else value
            if title in MAX_LENGTHS and value is not None and len(str(value)) > MAX_LENGTHS[title]:
                fail(title, f"最多 {MAX_LENGTHS[title]} 个字符，此处有 {len(str(value))} 个")
                continue
            if value in (None, ""):
                if title in REQUIRED:
                    fail(title, "必填项为空")
                fields[name] = None if name not in ("phone", "address", "is_in_hardship") else (
                    False if name == "is_in_hardship" else "")
                continue
            try:
                fields[name] = self._convert(name, title, value)
            except ValueError as error:
                fail(title, str(error))
        if len(report.errors) > errors_before:
            return None
        fields["ethnicity"] = fields["ethnicity"] or "01"
        id_number = str(fields["id_number"]).upper()
        if id_number in seen:
            fail("身份证号", f"与第 {seen[id_number]} 行的身份证号重复")
            return None
        seen[id_number] = number
        existing = registered.get(id_number)
        try:
            if existing is None:
                checked = services.check_new_member(self.actor, dict(fields), known_absent=True, min_age=self.min_age)
            else:
                return self._update_plan(existing, fields, report, fail)
        except DomainError as error:
            fail(FIELD_COLUMN.get(error.field or "", "—"), error.message)
            return None
        report.to_create.append(checked["name"])
        return None, checked

    def _update_plan(self, existing: Member, fields: dict, report: ImportReport, fail):
        if not existing.organization.path.startswith(tuple(self.actor.scope_prefixes("members.change"))):
            fail("身份证号", "该身份证号已登记在您权限范围以外的党组织")
            return None
        if fields["organization"] != existing.organization:
            fail("所在党组织", f"该党员现在「{existing.organization}」，调整所在党组织须办理组织关系转接")
            return None
        for name in ("dues_category", "dues_base"):  # a blank dues cell keeps what is recorded
            if fields.get(name) is None:
                fields[name] = getattr(existing, name)
        fields["dues_from"] = existing.dues_from
        normalized = services.check_existing_member(existing, dict(fields))
        changed = {
            name: normalized[name] for name in COMPARED
            if name != "organization" and normalized[name] != getattr(existing, name)
        }
        if changed:
            report.to_update.append(existing.name)
        else:
            report.unchanged += 1
        return existing, changed

    def _convert(self, name: str, title: str, value):
        if name in ("birth_date", "joined_on", "full_member_on"):
            return cell_date(value)
        if title in CHOICES:
            text = str(value)
            if text not in CHOICES[title]:
                raise ValueError(f"「{shown(text)}」不是有效的{title}")
            return CHOICES[title][text]
        if name == "organization":
            return find_by_name(self.orgs, str(value), "党组织")
        if name == "work_unit":
            return find_by_name(self.units, str(value), "单位")
        if name == "is_in_hardship":
            if str(value) not in ("是", "否"):
                raise ValueError("应填“是”或留空")
            return str(value) == "是"
        if name == "dues_base":
            try:
                return Decimal(str(value)).quantize(Decimal("0.01"))
            except InvalidOperation as error:
                raise ValueError(f"「{shown(value)}」不是有效金额（应为 4500 或 4500.50 这样的数字）") from error
        if name == "id_number":
            if "*" in str(value):
                raise ValueError("身份证号已脱敏，无法导入（请使用含完整身份证号的名册）")
            try:
                return parse_identity_number(str(value)).number
            except ValidationError as error:
                raise ValueError(error.messages[0]) from error
        return str(value)


def cell_date(value) -> dt.date:
    """A spreadsheet cell as a day: a date cell, or text written 2024-07-01 (or with / or . between)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"「{shown(value)}」不是有效日期（应为 2024-07-01 这样的格式）") from error


def index_by_name(queryset) -> dict[str, list]:
    """Each object under its name, and organizations also under ``上级/名称`` (names repeat across townships)."""
    index: dict[str, list] = {}
    for obj in queryset.select_related("parent") if hasattr(queryset.model, "parent") else queryset:
        index.setdefault(obj.name, []).append(obj)
        if getattr(obj, "parent", None) is not None:
            index.setdefault(f"{obj.parent.name}/{obj.name}", []).append(obj)
    return index


def find_by_name(index: dict[str, list], name: str, what: str):
    found = index.get(name, [])
    if not found:
        raise ValueError(f"找不到名为「{shown(name)}」的{what}（或不在您的权限范围内）")
    if len(found) > 1:
        raise ValueError(f"名为「{name}」的{what}不止一个，请写成“上级党组织/{name}”")
    return found[0]
