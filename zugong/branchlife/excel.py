"""A year of meetings from .xlsx (会议台账导入): one row per meeting as a secretary keeps the register — organization,
kind, date, topic, lecturer, who was present, excused and absent (in one cell each, separated by 、, a reason in
brackets after each excused or absent member: 王强（外出务工）), the 主题党日's activities (separated by ；: a
department's fixed item by its name, anything else the branch's own), minutes and resolutions.

Every row goes through ``services.record_meeting`` (the same checks as the quick entry: the whole roll for a
general meeting, a reason for the absent, no future day), inside one transaction rolled back unless every row
passed and the user confirmed; every bad row is named with its column and why. A meeting already recorded (the
same organization, kind, day and topic) is left as it is: the import does not rewrite a recorded meeting.
"""

import re

from zugong.branchlife import services
from zugong.branchlife.models import Attendance, Meeting, ThemeDayItem
from zugong.branchlife.selectors import roll_candidates
from zugong.core.access import DomainError
from zugong.core.bounds import NUL, NUL_MESSAGE
from zugong.core.workbooks import shown
from zugong.members.importer import (
    ImportReport,
    RowFailed,
    cell_date,
    find_by_name,
    import_rows,
    index_by_name,
)

K, A = Meeting.Kind, Attendance.Status
COLUMNS = ["党组织", "会议类型", "召开日期", "主题", "授课人", "出席党员", "请假党员", "缺席党员", "活动内容", "会议记录",
           "决议事项"]
REQUIRED = ["党组织", "会议类型", "召开日期", "主题"]
CELL_MAX = 20000  # one cell of names or minutes: past any branch (the service bounds each field on its own)
NAMES_MAX = 2000  # names in one cell
WITH_REASON = re.compile(r"^(?P<who>[^（(]+)[（(](?P<reason>.*)[)）]$")
KINDS = {str(label): value for value, label in K.choices} | {"主题党日": K.THEME_DAY, "5+N党员活动日": K.THEME_DAY,
                                                             "党员大会": K.GENERAL_MEETING, "支委会": K.COMMITTEE}
FIELD_COLUMNS = {"held_on": "召开日期", "topic": "主题", "lecturer": "授课人", "minutes": "会议记录",
                 "resolutions": "决议事项", "attendance": "出席党员", "kind": "会议类型", "organization": "党组织",
                 "fixed_items": "活动内容", "own_items": "活动内容", "document": "党组织"}


def _text(value) -> str:
    return "" if value is None else shown(value).strip()


def import_meetings(actor, path, organizations, *, apply: bool) -> ImportReport:
    """Check every row of the workbook at ``path``; with ``apply`` and no problem, keep them all.
    ``organizations``: where the actor may record meetings."""
    report = ImportReport()
    index = index_by_name(organizations)
    items = {item.name: item for item in ThemeDayItem.objects.filter(is_active=True)}
    seen: dict[tuple, int] = {}
    return import_rows(path, REQUIRED, report,
                       lambda number, cells, fail: _row(actor, number, cells, index, items, seen, report, fail), apply=apply)


def _row(actor, number: int, cells: dict, index: dict, items: dict, seen: dict, report: ImportReport, fail) -> None:
    text = {title: _text(cells.get(title)) for title in COLUMNS}
    problems = len(report.errors)
    for title, value in text.items():
        if NUL in value:
            fail(title, NUL_MESSAGE)
        elif len(value) > CELL_MAX:
            fail(title, f"最多 {CELL_MAX} 个字符，此处有 {len(value)} 个")
    for title in REQUIRED:
        if not text[title]:
            fail(title, "必填项为空")
    if len(report.errors) > problems:
        raise RowFailed
    try:
        organization = find_by_name(index, text["党组织"], "党组织")
    except ValueError as error:
        fail("党组织", str(error))
        raise RowFailed from None
    kind = KINDS.get(text["会议类型"].replace(" ", ""))
    if kind is None:
        fail("会议类型", f"「{shown(text['会议类型'])}」不是会议类型，应为{'、'.join(str(label) for _, label in K.choices)}之一")
        raise RowFailed
    try:
        held_on = cell_date(cells["召开日期"])
    except ValueError as error:
        fail("召开日期", str(error))
        raise RowFailed from None
    key = (organization.pk, kind, held_on, text["主题"])
    if key in seen:
        fail("主题", f"与第 {seen[key]} 行是同一次会议（同一党组织、会议类型、日期和主题）")
        raise RowFailed
    seen[key] = number
    if Meeting.objects.filter(organization=organization, kind=kind, held_on=held_on, topic=text["主题"]).exists():
        report.unchanged += 1  # recorded already: the import does not rewrite it
        return
    members = list(roll_candidates(organization))
    lines = [*_lines(text["出席党员"], "出席党员", A.PRESENT, members, fail),
             *_lines(text["请假党员"], "请假党员", A.EXCUSED, members, fail),
             *_lines(text["缺席党员"], "缺席党员", A.ABSENT, members, fail)]
    activities = [name.strip() for name in re.split(r"[；;\n]", text["活动内容"]) if name.strip()]
    if len(report.errors) > problems:
        raise RowFailed
    try:
        meeting = services.record_meeting(
            actor, organization, kind=kind, held_on=held_on, topic=text["主题"], attendance=lines,
            lecturer=text["授课人"], minutes=text["会议记录"], resolutions=text["决议事项"],
            fixed_items=[items[name] for name in activities if name in items],
            own_items=[name for name in activities if name not in items])
    except DomainError as error:
        fail(FIELD_COLUMNS.get(error.field or "", "党组织"), error.message)
        raise RowFailed from None
    present = sum(1 for line in lines if line.status == A.PRESENT)
    report.to_create.append(f"{organization.name} {held_on:%Y-%m-%d} {meeting.get_kind_display()}：{text['主题']}"
                            f"（应到{len(lines)}人，出席{present}人）")


def _lines(cell: str, column: str, status: str, members: list, fail) -> list[services.Line]:
    """Each member of the cell (a name or a 身份证号, and for the excused or absent the reason in brackets)."""
    tokens = [token.strip() for token in re.split(r"[、，,\n]", cell) if token.strip()]
    if len(tokens) > NAMES_MAX:
        fail(column, f"最多 {NAMES_MAX} 人，此处有 {len(tokens)} 人")
        return []
    lines, problems = [], []
    for token in tokens:
        who, reason = token, ""
        if match := WITH_REASON.match(token):
            who, reason = match["who"].strip(), match["reason"].strip()
        if status != A.PRESENT and not reason:
            problems.append(f"{who}未写原因（写成“{who}（原因）”）")
            continue
        if len(who) == 18 and who[:17].isdigit():
            found = [m for m in members if m.id_number == who.upper()]
        else:
            found = [m for m in members if m.name == who]
        if not found:
            problems.append(f"{who}不是该党组织的在册党员")
        elif len(found) > 1:
            problems.append(f"该党组织有{len(found)}名党员叫{who}，请改填身份证号")
        else:
            lines.append(services.Line(found[0], status, reason))
    if problems:
        fail(column, "；".join(problems))
    return lines
