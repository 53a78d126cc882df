"""Dues totals export (.xlsx): the same table as the page, one row per organization, a total row that adds up."""

import io

import xlsxwriter

from zugong.dues.selectors import Totals


def export_totals(totals: Totals) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(f"{totals.year}年党费收缴")
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "align": "center"})
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    bold_money = book.add_format({"num_format": "#,##0.00", "border": 1, "bold": True})
    text = book.add_format({"border": 1})
    sheet.write(0, 0, f"{totals.organization.name} {totals.year}年党费收缴情况（单位：元）", title)
    headers = ["党组织", *[f"{m}月" for m in range(1, 13)], "全年合计", "交纳人次"]
    sheet.write_row(2, 0, headers, head)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 13, 11)
    for r, row in enumerate(totals.rows, start=3):
        name = f"{row.organization.name}（本级）" if row.own_only else row.organization.name
        sheet.write(r, 0, name, text)
        for m, amount in enumerate(row.by_month, start=1):
            sheet.write_number(r, m, float(amount), money)
        sheet.write_number(r, 13, float(row.total), money)
        sheet.write_number(r, 14, row.payments, text)
    last = 3 + len(totals.rows)
    sheet.write(last, 0, "合计", head)
    for m, amount in enumerate(totals.by_month, start=1):
        sheet.write_number(last, m, float(amount), bold_money)
    sheet.write_number(last, 13, float(totals.total), bold_money)
    sheet.write_number(last, 14, totals.payments, text)
    book.close()
    return buffer.getvalue()
