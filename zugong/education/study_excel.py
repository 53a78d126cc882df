"""Study days to and from .xlsx (学习日台账): one row per study day, as a branch secretary keeps the register —
branch, date, topic, who attended (in one cell, separated by 、) and the record of the day. A study day is a branch
meeting of kind 学习日 (``branchlife.study_days``): who attended is its roll's present lines, 应到人数 its roll.

The export's columns are the import's: an exported file imports back with nothing to change. A row is a study day
of a branch on a date with a topic; one already recorded is left as it is (the same attendees: unchanged; others:
a problem, since the import does not rewrite a recorded day), any other is recorded through
``services.record_study_session`` (its audit event and checks), the branch's other members absent. Attendees are named by name within the branch,
by 身份证号, or — where two members of the branch share a name — as 姓名（尾号1234）. The check runs every row as
the import would inside a transaction that is rolled back; the import keeps all rows or none.
"""

import io
import re
from collections import Counter

from django.db.models import Prefetch

from zugong.branchlife.models import Attendance, Meeting
from zugong.branchlife.selectors import roll_candidates
from zugong.branchlife.study_days import study_days
from zugong.core.access import DomainError
from zugong.core.bounds import NUL, NUL_MESSAGE, max_length_of
from zugong.core.downloads import new_workbook, write_cell
from zugong.core.workbooks import shown
from zugong.education import services
from zugong.members.excel import duplicate_organization_names, organization_label
from zugong.members.importer import (
    ImportReport,
    RowFailed,
    cell_date,
    find_by_name,
    import_rows,
    index_by_name,
)
from zugong.members.models import Member

SEPARATOR = "、"
COLUMNS = [("所在党支部", 28), ("日期", 12), ("学习内容", 40), ("出席党员", 60), ("出席人数", 10), ("应到人数", 10),
           ("学习记录", 50)]
READ_ONLY = ("出席人数", "应到人数")  # counted by the system; shown for the reader, not read back
REQUIRED = ["所在党支部", "日期", "学习内容"]
MAX_LENGTHS = {"学习内容": max_length_of(Meeting, "topic"), "学习记录": max_length_of(Meeting, "minutes")}
ATTENDEES_MAX = 1000  # names in one cell: past any branch
TAIL = re.compile(r"^(?P<name>.+?)[（(]尾号(?P<tail>[0-9Xx]{4})[)）]$")


def attendee_label(member: Member, shared_names: set[str]) -> str:
    """How the importer finds the member again within the branch."""
    return f"{member.name}（尾号{member.id_number[-4:]}）" if member.name in shared_names else member.name


def export_sessions(sessions) -> bytes:
    duplicates = duplicate_organization_names()
    sessions = sessions.select_related("organization__parent").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("member")))
    shared: dict[int, set[str]] = {}
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    sheet = workbook.add_worksheet("学习日")
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for col, (title, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        write_cell(sheet, 0, col, title, header)
    row = 0
    for row, session in enumerate(sessions, start=1):
        if session.organization_id not in shared:
            names = Counter(Member.objects.filter(organization=session.organization_id).values_list("name", flat=True))
            shared[session.organization_id] = {name for name, n in names.items() if n > 1}
        roll = list(session.attendance.all())
        attendees = sorted((line.member for line in roll if line.status == Attendance.Status.PRESENT),
                           key=lambda m: (m.name, m.pk))
        values = [organization_label(session.organization, duplicates), session.held_on, session.topic,
                  SEPARATOR.join(attendee_label(m, shared[session.organization_id]) for m in attendees),
                  len(attendees), len(roll), session.minutes]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value, date if hasattr(value, "isoformat") else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row, 1), len(COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()


def import_sessions(actor, path, organizations, *, apply: bool) -> ImportReport:
    """Check every row of the workbook at ``path``; with ``apply`` and no problem, keep them all.
    ``organizations``: the branches where the actor may record study days."""
    report = ImportReport()
    branches = index_by_name(organizations)
    members: dict[int, list[Member]] = {}
    seen: dict[tuple, int] = {}
    return import_rows(path, REQUIRED, report,
                       lambda number, cells, fail: _row(actor, number, cells, branches, members, seen, report, fail), apply=apply)


def _row(actor, number: int, cells: dict, branches: dict, members: dict, seen: dict, report: ImportReport,
         fail) -> None:
    text = {title: _text(cells.get(title)) for title, _ in COLUMNS if title not in READ_ONLY}
    for title, value in text.items():
        if NUL in value:
            fail(title, NUL_MESSAGE)
        elif title in MAX_LENGTHS and len(value) > MAX_LENGTHS[title]:
            fail(title, f"最多 {MAX_LENGTHS[title]} 个字符，此处有 {len(value)} 个")
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
    try:
        held_on = cell_date(cells["日期"])
    except ValueError as error:
        fail("日期", str(error))
        raise RowFailed from None
    if branch.pk not in members:
        members[branch.pk] = list(roll_candidates(branch))
    key = (branch.pk, held_on, text["学习内容"])
    if key in seen:
        fail("学习内容", f"与第 {seen[key]} 行是同一学习日（同一党支部、日期和学习内容）")
        raise RowFailed
    seen[key] = number
    existing = study_days().filter(organization=branch, held_on=held_on, topic=text["学习内容"]).first()
    candidates = members[branch.pk]
    present = (Member.objects.filter(attendance__meeting=existing, attendance__status=Attendance.Status.PRESENT)
               if existing is not None else Member.objects.none())
    if existing is not None:  # who attended then may have left the branch since: still named as they were
        candidates = [*candidates, *[m for m in present if m not in candidates]]
    attendees = _attendees(text["出席党员"], branch, candidates, fail)
    if existing is not None:
        recorded = set(present.values_list("pk", flat=True))
        given = {m.pk for m in attendees}
        if recorded != given:
            names = dict(present.values_list("pk", "name")) | {m.pk: m.name for m in attendees}
            more = "、".join(names[pk] for pk in given - recorded)
            fewer = "、".join(names[pk] for pk in recorded - given)
            fail("出席党员", "该学习日已登记，表中出席党员与登记的不同（" + "；".join(filter(None, [
                f"表中多出：{more}" if more else "", f"表中缺少：{fewer}" if fewer else ""])) + "），导入不修改已登记的学习日")
            raise RowFailed
        report.unchanged += 1
        return
    try:
        services.record_study_session(actor, branch, held_on=held_on, topic=text["学习内容"], notes=text["学习记录"],
                                      attendees=attendees)
    except DomainError as error:
        fail({"held_on": "日期", "topic": "学习内容", "attendees": "出席党员", "organization": "所在党支部",
              "notes": "学习记录"}.get(
            error.field or "", "所在党支部"), error.message)
        raise RowFailed from None
    report.to_create.append(f"{branch.name} {held_on:%Y-%m-%d} {text['学习内容']}（出席 {len(attendees)} 人）")


def _attendees(cell: str, branch, members: list[Member], fail) -> list[Member]:
    """Each name, 身份证号 or 姓名（尾号1234） of the cell, found among the branch's members on the register."""
    tokens = [token.strip() for token in re.split(r"[、，,；;\n]", cell) if token.strip()]
    if len(tokens) > ATTENDEES_MAX:
        fail("出席党员", f"最多 {ATTENDEES_MAX} 人，此处有 {len(tokens)} 人")
        raise RowFailed
    found: list[Member] = []
    problems: list[str] = []
    for token in tokens:
        tail = TAIL.match(token)
        if len(token) == 18 and token[:17].isdigit():
            matches = [m for m in members if m.id_number == token.upper()]
        elif tail:
            matches = [m for m in members if m.name == tail["name"] and m.id_number.endswith(tail["tail"].upper())]
        else:
            matches = [m for m in members if m.name == token]
        if len(matches) == 1:
            if matches[0] in found:
                problems.append(f"「{shown(token)}」填写了两次")
            found.append(matches[0])
        elif not matches:
            problems.append(f"「{shown(token)}」不是「{branch.name}」的在册党员")
        else:
            problems.append(f"「{branch.name}」有 {len(matches)} 名党员叫「{shown(token)}」，"
                            f"请写成“{token}（尾号1234）”或填身份证号")
    if problems:
        fail("出席党员", "；".join(problems))
        raise RowFailed
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
