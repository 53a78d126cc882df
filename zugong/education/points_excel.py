"""Points entries to and from .xlsx (党员积分登记): one row per entry — the member (branch, name, 身份证号), the year,
the entered item (blank for an addition or deduction), the points and the reason.

The export's columns are the import's: an exported file imports back with nothing to change. An item's points for
a member and year exist once: the same points are unchanged, other points replace them (``services.enter_points``,
as the entry page does); an addition or deduction identical to a recorded one (member, year, points, reason) is
unchanged, any other is recorded. The member is found in the branch by 身份证号, by the export's masked number
with the name, or by the name alone where it is unique in the branch. Check first (everything rolled back), then
all rows or none.
"""

import io
from decimal import Decimal, InvalidOperation

from zugong.core.access import DomainError
from zugong.core.bounds import NUL, NUL_MESSAGE, max_length_of
from zugong.core.downloads import new_workbook, write_cell
from zugong.core.workbooks import shown
from zugong.education import services
from zugong.education.models import PointsEntry, ScoreItem
from zugong.members.excel import duplicate_organization_names, organization_label
from zugong.members.importer import (
    ImportReport,
    RowFailed,
    find_by_name,
    import_rows,
    index_by_name,
)
from zugong.members.models import Member, mask_id_number

COLUMNS = [("所在党支部", 28), ("姓名", 10), ("身份证号", 22), ("年度", 8), ("积分项目", 16), ("分数", 8), ("事由", 40)]
REQUIRED = ["所在党支部", "姓名", "年度", "分数"]
REASON_MAX = max_length_of(PointsEntry, "reason")
POINTS_LIMIT = Decimal("9999.9")  # the column holds 5 digits, one after the point
YEARS = (2000, 2100)  # as the points page's year filter


def export_entries(entries, *, full_id_numbers: bool) -> bytes:
    duplicates = duplicate_organization_names()
    entries = entries.select_related("member__organization__parent", "item")
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    sheet = workbook.add_worksheet("党员积分登记")
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for col, (title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    row = 0
    for row, entry in enumerate(entries, start=1):
        member = entry.member
        values = [organization_label(member.organization, duplicates), member.name,
                  member.id_number if full_id_numbers else mask_id_number(member.id_number), entry.year,
                  entry.item.name if entry.item else "", entry.points, entry.reason]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row, 1), len(COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()


def import_entries(actor, path, organizations, *, apply: bool) -> ImportReport:
    """Check every row of the workbook at ``path``; with ``apply`` and no problem, keep them all.
    ``organizations``: the branches where the actor may enter points."""
    report = ImportReport()
    branches = index_by_name(organizations)
    items = {item.name: item for item in ScoreItem.objects.filter(source=ScoreItem.Source.ENTERED)}
    computed = set(ScoreItem.objects.exclude(source=ScoreItem.Source.ENTERED).values_list("name", flat=True))
    seen: dict[tuple, int] = {}
    return import_rows(path, REQUIRED, report,
                       lambda number, cells, fail: _row(actor, number, cells, branches, items, computed, seen, report, fail), apply=apply)


def _row(actor, number, cells, branches, items, computed, seen, report, fail) -> None:
    text = {title: _text(cells.get(title)) for title, _ in COLUMNS}
    for title, value in text.items():
        if NUL in value:
            fail(title, NUL_MESSAGE)
    if len(text["事由"]) > REASON_MAX:
        fail("事由", f"最多 {REASON_MAX} 个字符，此处有 {len(text['事由'])} 个")
    for title in REQUIRED:
        if not text[title]:
            fail(title, "必填项为空")
    if len(report.errors) and report.errors[-1].row == number:
        raise RowFailed
    try:
        branch = find_by_name(branches, text["所在党支部"], "党支部")
    except ValueError as error:
        fail("所在党支部", str(error))
        raise RowFailed from None
    member = _member(branch, text["姓名"], text["身份证号"], fail)
    year = _year(text["年度"], fail)
    points = _points(text["分数"], fail)
    item = None
    if text["积分项目"]:
        item = items.get(text["积分项目"])
        if item is None:
            fail("积分项目", f"「{shown(text['积分项目'])}」按记录自动计算，不能录入" if text["积分项目"] in computed
                 else f"没有名为「{shown(text['积分项目'])}」的积分项目（加分或扣分请留空此列）")
    if len(report.errors) and report.errors[-1].row == number:
        raise RowFailed
    key = (member.pk, year, item.pk if item else None, *(() if item else (points, text["事由"])))
    if key in seen:
        fail("积分项目" if item else "事由", f"与第 {seen[key]} 行重复")
        raise RowFailed
    seen[key] = number
    described = f"{member.name} {year}年 {item.name if item else ('加分' if points > 0 else '扣分')} {points}"
    recorded = PointsEntry.objects.filter(member=member, year=year, item=item)
    earlier = recorded.first() if item is not None else None  # an item's points exist once; additions many times
    if (earlier is not None and (earlier.points, earlier.reason) == (points, text["事由"])) or (
            item is None and recorded.filter(points=points, reason=text["事由"]).exists()):
        report.unchanged += 1
        return
    try:
        services.enter_points(actor, member, year=year, item=item, points=points, reason=text["事由"])
    except DomainError as error:
        fail({"points": "分数", "reason": "事由", "item": "积分项目"}.get(error.field or "", "姓名"), error.message)
        raise RowFailed from None
    (report.to_update if earlier is not None else report.to_create).append(described)


def _member(branch, name: str, id_number: str, fail) -> Member:
    members = Member.objects.active().filter(organization=branch, name=name)
    if id_number and "*" not in id_number:
        matches = [m for m in members if m.id_number == id_number.upper()]
    elif id_number:  # the export's masked number: the first four and the last four with the name
        matches = [m for m in members if mask_id_number(m.id_number) == id_number.upper()]
    else:
        matches = list(members)
    if len(matches) != 1:
        fail("姓名" if not id_number else "身份证号",
             f"「{branch.name}」没有在册党员「{shown(name)}」" + ("（身份证号不符）" if id_number and members else "")
             if not matches else f"「{branch.name}」有 {len(matches)} 名在册党员叫「{shown(name)}」，请填写身份证号")
        raise RowFailed
    return matches[0]


def _year(value: str, fail) -> int:
    try:
        year = int(value)
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValueError
        return year
    except ValueError:
        fail("年度", f"「{shown(value)}」不是有效年度（应为 {YEARS[0]}–{YEARS[1]} 之间的四位数字）")
        return 0


def _points(value: str, fail) -> Decimal:
    try:
        points = Decimal(value)
        if not points.is_finite() or abs(points) > POINTS_LIMIT or points != points.quantize(Decimal("0.1")):
            raise InvalidOperation
        return points.quantize(Decimal("0.1"))
    except InvalidOperation:
        fail("分数", f"「{shown(value)}」不是有效分数（应为 5 或 -2.5 这样最多一位小数的数字）")
        return Decimal(0)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
