"""Member list export (.xlsx): exactly the filtered list, with Chinese headers."""

import io

from django.db.models import Count

from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.members.codes import ETHNICITY_CHOICES
from zugong.organizations.models import Organization

ETHNICITY = dict(ETHNICITY_CHOICES)
COLUMNS = [
    ("姓名", 10, lambda m, full: m.name),
    ("身份证号", 22, lambda m, full: m.id_number if full else m.masked_id_number),
    ("性别", 6, lambda m, full: m.get_gender_display()),
    ("出生日期", 12, lambda m, full: m.birth_date),
    ("民族", 8, lambda m, full: ETHNICITY.get(m.ethnicity, "")),
    ("学历", 10, lambda m, full: m.get_education_display()),
    ("职业", 18, lambda m, full: m.get_occupation_display()),
    ("入党日期", 12, lambda m, full: m.joined_on),
    ("转正日期", 12, lambda m, full: m.full_member_on),
    ("党员类别", 10, lambda m, full: m.get_stage_display()),
    ("所在党组织", 28, None),  # filled by organization_label: unique names alone, others with their parent
    ("工作单位", 24, lambda m, full: m.work_unit.name if m.work_unit else ""),
    ("联系电话", 14, lambda m, full: m.phone),
    ("家庭住址", 30, lambda m, full: m.address),
    ("生活困难", 8, lambda m, full: "是" if m.is_in_hardship else ""),
    ("党费类别", 16, lambda m, full: m.get_dues_category_display()),
    ("党费基数", 12, lambda m, full: m.dues_base),
]


def organization_label(org, duplicate_names: set[str]) -> str:
    """The name the importer finds again: ``上级/名称`` where two organizations share a name."""
    if org.name in duplicate_names and org.parent_id:
        return f"{org.parent.name}/{org.name}"
    return org.name


def duplicate_organization_names() -> set[str]:
    rows = Organization.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1)
    return {row["name"] for row in rows}


def export_members(members, *, full_id_numbers: bool) -> bytes:
    """Stream the rows into a workbook; ``full_id_numbers`` only for roles that may see them."""
    duplicates = duplicate_organization_names()
    members = members.select_related("organization__parent", "work_unit")
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, constant_memory=True)
    sheet = workbook.add_worksheet("党员名册")
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for col, (title, width, _) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    row = 0
    for row, member in enumerate(members.iterator(chunk_size=2000), start=1):
        for col, (_, _, value) in enumerate(COLUMNS):
            cell = value(member, full_id_numbers) if value else organization_label(member.organization, duplicates)
            write_cell(sheet, row, col, cell, date if hasattr(cell, "isoformat") else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row, 1), len(COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()


def import_errors_workbook(errors) -> bytes:
    """Every bad row of a checked import (行号, 列, 问题), to sort and work through in Excel."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, constant_memory=True)
    sheet = workbook.add_worksheet("问题清单")
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for col, (title, width) in enumerate((("行号", 8), ("列", 16), ("问题", 70))):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    for row, error in enumerate(errors, start=1):
        write_cells(sheet, row, 0, [error.row, error.column, error.message])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(errors), 1), 2)
    workbook.close()
    return buffer.getvalue()
