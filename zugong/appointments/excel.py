"""The due list as .xlsx: the page's rows (steps by category, stalled cases, probation reviews), one sheet."""

import datetime as dt
import io

from zugong.appointments.selectors import DUE_LABELS, DueItem
from zugong.core.downloads import new_workbook, write_cell, write_cells


def export_due(items: list[DueItem], stalled: list, reviews: list, today: dt.date) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("选拔任用待办清单")
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    cell = book.add_format({"border": 1})
    write_cell(sheet, 0, 0, f"选拔任用待办清单（{today:%Y-%m-%d}）", title)
    headers = ["类别", "事项", "单位", "待办", "最早可办理", "应办结日期", "说明"]
    write_cells(sheet, 2, 0, headers, head)
    for column, width in enumerate((14, 30, 20, 26, 12, 12, 70)):
        sheet.set_column(column, column, width)
    rows = [["程序停滞", case.title, case.unit.name, "推进下一步", "", f"{since:%Y-%m-%d}",
             f"自{case.last_step_on:%Y-%m-%d}以来没有进展"] for case, since in stalled]
    rows += [["试用期满考核" + ("（已逾期）" if overdue else ""), review.candidate.case.title,
              review.candidate.case.unit.name, f"{review.candidate.name}（{review.candidate.position.title}）",
              f"{review.ends_on:%Y-%m-%d}", f"{due:%Y-%m-%d}", "试用期满考核，作出正式任职或免职决定"]
             for review, due, overdue in reviews]
    order = list(DUE_LABELS)
    for item in sorted(items, key=lambda i: (order.index(i.due), i.case.org_path, i.case.title)):
        limits = item.bounds
        rows.append([DUE_LABELS[item.due], item.case.title, item.case.unit.name, item.label,
                     "" if limits.earliest == dt.date.min else f"{limits.earliest:%Y-%m-%d}",
                     f"{limits.due_by:%Y-%m-%d}" if limits.due_by else "", item.explanation])
    for row, values in enumerate(rows, start=3):
        write_cells(sheet, row, 0, values, cell)
    book.close()
    return buffer.getvalue()
