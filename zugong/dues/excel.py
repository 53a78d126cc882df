"""Dues totals export (.xlsx): the same table as the page, one row per organization, a total row that adds up."""

import io

from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.dues.selectors import Totals


def export_totals(totals: Totals) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet(f"{totals.year}年党费收缴")
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "align": "center"})
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    bold_money = book.add_format({"num_format": "#,##0.00", "border": 1, "bold": True})
    text = book.add_format({"border": 1})
    write_cell(sheet, 0, 0, f"{totals.organization.name} {totals.year}年党费收缴情况（单位：元）", title)
    headers = ["党组织", *[f"{m}月" for m in range(1, 13)], "全年合计", "交纳人次"]
    write_cells(sheet, 2, 0, headers, head)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 13, 11)
    for r, row in enumerate(totals.rows, start=3):
        name = f"{row.organization.name}（本级）" if row.own_only else row.organization.name
        write_cell(sheet, r, 0, name, text)
        write_cells(sheet, r, 1, [*row.by_month, row.total], money)
        write_cell(sheet, r, 14, row.payments, text)
    last = 3 + len(totals.rows)
    write_cell(sheet, last, 0, "合计", head)
    write_cells(sheet, last, 1, [*totals.by_month, totals.total], bold_money)
    write_cell(sheet, last, 14, totals.payments, text)
    book.close()
    return buffer.getvalue()
