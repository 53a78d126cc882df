"""Cadre list export (.xlsx): exactly the filtered list, age and post computed at the chosen day."""

import io

import xlsxwriter

from zugong.cadres import selectors
from zugong.members.codes import ETHNICITY_CHOICES

ETHNICITY = dict(ETHNICITY_CHOICES)
COLUMNS = [
    ("姓名", 10, lambda c, on: c.name),
    ("性别", 6, lambda c, on: c.gender),
    ("出生年月", 10, lambda c, on: f"{c.birth:%Y.%m}"),
    ("年龄", 6, lambda c, on: selectors.age_on(c, on)),
    ("民族", 8, lambda c, on: ETHNICITY.get(c.ethnicity, "")),
    ("入党时间", 10, lambda c, on: f"{c.party_joined:%Y.%m}" if c.party_joined else ""),
    ("参加工作时间", 12, lambda c, on: f"{c.work_started:%Y.%m}" if c.work_started else ""),
    ("全日制学历", 10, lambda c, on: c.full_time_level),
    ("在职学历", 10, lambda c, on: c.in_service_level),
    ("现任职务", 36, lambda c, on: selectors.current_post(c, on)),
    ("职务层次", 12, lambda c, on: (rank := selectors.current_rank(c, on)) and str(rank.label) or ""),
    ("任现职年限", 10, lambda c, on: selectors.years(selectors.months_in_current_post(c, on))),
    ("管理单位", 24, lambda c, on: c.organization.name),
    ("状态", 8, lambda c, on: c.get_status_display()),
]


def export_cadres(cadres, on) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("干部名册")
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for col, (title, width, _value) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write(0, col, title, header)
    row = 0
    for row, cadre in enumerate(cadres, start=1):
        sheet.write_row(row, 0, [value(cadre, on) for _t, _w, value in COLUMNS])
    sheet.write(row + 2, 0, f"年龄、任现职年限计算时间：{on:%Y-%m-%d}")
    book.close()
    return buffer.getvalue()
