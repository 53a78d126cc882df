"""The due lists as .xlsx: one sheet, the page's rows, the category of each."""

import datetime as dt
import io

from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.development.selectors import DUE_LABELS, DueItem


def export_due(items: list[DueItem], today: dt.date) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("发展党员待办清单")
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    cell = book.add_format({"border": 1})
    write_cell(sheet, 0, 0, f"发展党员待办清单（{today:%Y-%m-%d}）", title)
    headers = ["类别", "姓名", "阶段", "所在党支部", "下一步", "最早可办理", "应办结日期", "依据"]
    write_cells(sheet, 2, 0, headers, head)
    for width, column in zip((12, 10, 12, 28, 26, 12, 12, 70), range(len(headers)), strict=True):
        sheet.set_column(column, column, width)
    order = list(DUE_LABELS)
    for row, item in enumerate(sorted(items, key=lambda i: (order.index(i.due), i.case.org_path, i.case.name)),
                               start=3):
        limits = item.bounds
        write_cells(sheet, row, 0, [
            DUE_LABELS[item.due], item.case.name, item.case.get_stage_display(), item.case.organization.name,
            item.label, "" if limits.earliest == dt.date.min else f"{limits.earliest:%Y-%m-%d}",
            f"{limits.due_by:%Y-%m-%d}" if limits.due_by else "", item.explanation,
        ], cell)
    book.close()
    return buffer.getvalue()
