"""Cadre list export (.xlsx): exactly the filtered list, age and post computed at the chosen day. The importer
reads the same columns back (computed ones are read past), so an exported workbook imports unchanged."""

import io

from zugong.cadres import selectors
from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.members.codes import ETHNICITY_CHOICES
from zugong.members.excel import duplicate_organization_names, organization_label
from zugong.members.models import mask_id_number

ETHNICITY = dict(ETHNICITY_CHOICES)


def _month(value) -> str:
    return f"{value:%Y.%m}" if value else ""


COLUMNS = [
    ("姓名", 10, lambda c, on: c.name),
    ("性别", 6, lambda c, on: c.gender),
    ("出生年月", 10, lambda c, on: _month(c.birth)),
    ("年龄", 6, lambda c, on: selectors.age_on(c, on)),
    ("民族", 8, lambda c, on: ETHNICITY.get(c.ethnicity, "")),
    ("籍贯", 10, lambda c, on: c.native_place),
    ("出生地", 10, lambda c, on: c.birthplace),
    ("入党时间", 10, lambda c, on: _month(c.party_joined)),
    ("参加工作时间", 12, lambda c, on: _month(c.work_started)),
    ("健康状况", 8, lambda c, on: c.health),
    ("专业技术职务", 12, lambda c, on: c.professional_title),
    ("全日制学历", 10, lambda c, on: c.full_time_level),
    ("全日制学位", 8, lambda c, on: c.full_time_degree),
    ("全日制毕业院校系及专业", 28, lambda c, on: c.full_time_level_school),
    ("在职学历", 10, lambda c, on: c.in_service_level),
    ("在职学位", 8, lambda c, on: c.in_service_degree),
    ("在职毕业院校系及专业", 28, lambda c, on: c.in_service_level_school),
    ("现任职务", 36, lambda c, on: selectors.current_post(c, on)),
    ("职务层次", 12, lambda c, on: (rank := selectors.current_rank(c, on)) and str(rank.label) or ""),
    ("任现职年限", 10, lambda c, on: selectors.years(selectors.months_in_current_post(c, on))),
    ("状态", 8, lambda c, on: c.get_status_display()),
]


def export_cadres(cadres, on, *, full_id_numbers: bool) -> bytes:
    """``full_id_numbers`` only for roles that may see them (the importer refuses masked numbers)."""
    duplicates = duplicate_organization_names()
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("干部名册")
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    titles = [(t, w) for t, w, _v in COLUMNS] + [("身份证号", 22), ("管理单位", 28)]
    for col, (title, width) in enumerate(titles):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    row = 0
    for row, cadre in enumerate(cadres.select_related("organization__parent"), start=1):
        number = cadre.id_number if full_id_numbers else mask_id_number(cadre.id_number)
        write_cells(sheet, row, 0, [value(cadre, on) for _t, _w, value in COLUMNS]
                        + [number, organization_label(cadre.organization, duplicates)])
    notes = book.add_worksheet("说明")  # kept off the data sheet, which the importer reads back
    write_cell(notes, 0, 0, f"共{row}人；年龄、现任职务、任现职年限按 {on:%Y-%m-%d} 计算。")
    book.close()
    return buffer.getvalue()
