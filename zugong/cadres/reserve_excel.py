"""The reserve pool in Excel (后备干部的导出与导入), in the member import's style.

The export's columns are the import's: an exported pool imports back unchanged. Each entry is keyed by its
cadre's 身份证号 (as the cadre importer keys cadres), its target rank and its admission date; 年龄 and 管理单位 are
shown for reading and read past.

The import checks every row without writing and names every bad row; applying writes every row through
``cadres.reserve`` (``admit``, ``leave_pool``: audit events, the admission rules) in one transaction, or none.

* A row for an entry not in the pool admits the cadre (status 在库): ``ADMISSION_RULES`` are checked on the
  admission date, and each failed rule is a row error naming the rule and why — the same decision as the
  admission page, which admits only when every rule passes.
* A row for an entry in the pool that says 已使用（提拔） or 已退出, with the date and the reason, takes it out of
  the pool. An entry already out of the pool is not changed by an import.
* A cadre outside the user's scope (``cadres.change``) is refused row by row, as an unknown one is.
"""

import datetime as dt
import io

from django.db import transaction
from django.utils import timezone

from zugong.cadres import reserve, selectors
from zugong.cadres.models import Cadre, Rank, ReserveEntry
from zugong.core import bounds
from zugong.core.access import DomainError, path_in_scope
from zugong.core.downloads import new_workbook, write_cell
from zugong.core.workbooks import open_sheet, shown
from zugong.members.importer import ImportReport, RollBack, RowError
from zugong.members.models import mask_id_number
from zugong.organizations.excel import day, text

COLUMNS = [("姓名", 10), ("身份证号", 22), ("后备职务层次", 14), ("入库日期", 12), ("状态", 14), ("出库日期", 12),
           ("出库原因", 30), ("年龄", 6), ("管理单位", 28)]
REQUIRED = ["身份证号", "后备职务层次", "入库日期"]
TARGETS = {str(rank.label): rank.value for rank in Rank if rank != Rank.STAFF}
STATUSES = {str(label): value for value, label in ReserveEntry.Status.choices}
REASON_MAX = bounds.max_length_of(ReserveEntry, "reason")
ID_MAX = bounds.max_length_of(Cadre, "id_number")
NAME_MAX = bounds.max_length_of(Cadre, "name")
SERVICE_COLUMNS = {"cadre": "身份证号", "target_rank": "后备职务层次", "status": "状态", "left_on": "出库日期",
                   "reason": "出库原因"}


def export_pool(entries, on: dt.date, *, full_id_numbers: bool) -> bytes:
    """The entries given (the pool page's filters), with the import's columns; ``full_id_numbers`` only for roles
    that may see them (the importer refuses masked numbers)."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("后备干部")
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, (title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    row = 0
    for row, entry in enumerate(entries.select_related("cadre__organization").order_by(
            "cadre__org_path", "cadre__name", "admitted_on", "pk"), start=1):
        cadre = entry.cadre
        values = [cadre.name, cadre.id_number if full_id_numbers else mask_id_number(cadre.id_number),
                  entry.get_target_rank_display(), entry.admitted_on, entry.get_status_display(), entry.left_on,
                  entry.reason, selectors.age_on(cadre, on), cadre.organization.name]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value, date if isinstance(value, dt.date) else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row, 1), len(COLUMNS) - 1)
    notes = book.add_worksheet("说明")  # kept off the data sheet, which the importer reads back
    write_cell(notes, 0, 0, f"共{row}条；年龄按 {on:%Y-%m-%d} 计算。年龄、管理单位只供查看，导入时不读取。")
    book.close()
    return buffer.getvalue()


def import_pool(actor, path, *, apply: bool) -> ImportReport:
    """Check every row of the workbook at ``path``; with ``apply`` and no problem, write them all."""
    report = ImportReport()
    today = timezone.localdate()
    seen: dict[tuple, int] = {}
    with open_sheet(path) as sheet:
        missing = [title for title in REQUIRED if title not in sheet.header]
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
                    _row(actor, number, dict(zip(headers, values, strict=False)), today, seen, report)
                if report.errors or not apply:
                    raise RollBack
            report.applied = True
        except RollBack:
            pass
    return report


def _row(actor, number: int, cells: dict, today: dt.date, seen: dict, report: ImportReport) -> None:
    errors_before = len(report.errors)

    def fail(column: str, message: str) -> None:
        report.errors.append(RowError(number, column, message))

    for title, limit in (("姓名", NAME_MAX), ("身份证号", ID_MAX), ("出库原因", REASON_MAX)):
        if len(written := text(cells, title)) > limit:
            fail(title, f"最多 {limit} 个字符，此处有 {len(written)} 个")
    if len(report.errors) > errors_before:
        return
    id_number, name = text(cells, "身份证号").upper(), text(cells, "姓名")
    if not id_number:
        fail("身份证号", "必填项为空")
    elif "*" in id_number:
        fail("身份证号", "身份证号已脱敏，无法核对；请用有权查看完整身份证号的账号导出")
    target = _choice(cells, "后备职务层次", TARGETS, fail, required=True)
    status = _choice(cells, "状态", STATUSES, fail, required=False) or ReserveEntry.Status.ADMITTED
    admitted_on = _date(cells, "入库日期", fail, required=True, today=today)
    left_on = _date(cells, "出库日期", fail, required=False, today=today)
    reason = text(cells, "出库原因")
    if status == ReserveEntry.Status.ADMITTED and (left_on or reason):
        fail("状态", "状态为“在库”的记录不填出库日期和出库原因；出库请把状态改为“已使用（提拔）”或“已退出”")
    if len(report.errors) > errors_before:
        return
    cadre = Cadre.objects.filter(id_number=id_number).select_related("organization").first()
    if cadre is None or not path_in_scope(actor, "cadres.change", cadre.org_path):
        fail("身份证号", f"找不到身份证号为 {id_number} 的干部（或不在您的管理范围内）")
        return
    if name and name != cadre.name:
        fail("姓名", f"身份证号 {id_number} 的干部是「{cadre.name}」，与此处的「{shown(name)}」不符")
        return
    key = (id_number, target, admitted_on)
    if key in seen:
        fail("身份证号", f"与第 {seen[key]} 行是同一条后备干部记录")
        return
    seen[key] = number
    entry = cadre.reserve_entries.filter(target_rank=target, admitted_on=admitted_on).order_by("pk").first()
    if entry is None:
        _admit(actor, cadre, target, admitted_on, status, fail, report)
    else:
        _update(actor, entry, status, left_on, reason, fail, report)


def _choice(cells: dict, title: str, choices: dict[str, str], fail, *, required: bool) -> str | None:
    written = text(cells, title)
    if not written:
        if required:
            fail(title, "必填项为空")
        return None
    if written not in choices:
        fail(title, f"「{shown(written)}」不是有效的{title}（应为{'、'.join(choices)}之一）")
        return None
    return choices[written]


def _date(cells: dict, title: str, fail, *, required: bool, today: dt.date) -> dt.date | None:
    try:
        value = day(cells.get(title))
    except ValueError as error:
        fail(title, str(error))
        return None
    if value is None and required:
        fail(title, "必填项为空")
    elif value is not None and value > today:
        fail(title, f"{title} {value:%Y-%m-%d} 晚于今天")
    return value


def _admit(actor, cadre: Cadre, target: str, admitted_on: dt.date, status: str, fail, report: ImportReport) -> None:
    if status != ReserveEntry.Status.ADMITTED:
        fail("状态", f"{cadre.name}没有{Rank(target).label}后备、{admitted_on:%Y-%m-%d}入库的记录；新入库的记录状态应为"
                     "“在库”（已出库的历史记录不能导入新建）")
        return
    failed = [r for r in reserve.admission_checks(cadre, target, admitted_on) if not r.passed]
    for result in failed:
        fail("后备职务层次", f"不符合入库资格：{result.rule}（{result.detail}）")
    if failed:
        return
    try:
        with transaction.atomic():
            reserve.admit(actor, cadre, target, admitted_on)
    except DomainError as error:
        fail(SERVICE_COLUMNS.get(error.field or "", "身份证号"), error.message)
        return
    report.to_create.append(cadre.name)


def _update(actor, entry: ReserveEntry, status: str, left_on, reason: str, fail, report: ImportReport) -> None:
    if (status, left_on, reason) == (entry.status, entry.left_on, entry.reason):
        report.unchanged += 1
        return
    if entry.status != ReserveEntry.Status.ADMITTED:
        fail("状态", f"该记录已于 {entry.left_on:%Y-%m-%d} 出库（{entry.get_status_display()}），导入不能修改已出库的记录")
        return
    if left_on is None:
        fail("出库日期", "出库须填写出库日期")
        return
    try:
        with transaction.atomic():
            reserve.leave_pool(actor, entry, status, left_on, reason)
    except DomainError as error:
        fail(SERVICE_COLUMNS.get(error.field or "", "状态"), error.message)
        return
    report.to_update.append(entry.cadre.name)
