"""The ballots as a workbook (选票明细下载): one row per cast ballot, in a random order, so that anyone authorised
can recount by hand and recompute the seal; and ``seal_of_workbook``, the recomputation itself.

Sheet 选票: rows 1–4 name the ballot, the seal's header line (``seal.header``) and the seal; row 6 the columns
(票序, 有效, one column per candidate "1 张三", 另选人); then one row per ballot. A candidate's cell holds 同意 /
不同意 / 弃权 / 另选他人：<name> (逐人表决, 单项表决) or 选 (差额选举); 另选人 holds names written in on a 差额
ballot, separated by 、. The order is drawn anew at each download (``secrets``): it says nothing of the casting.
"""

import io
import secrets

from openpyxl import load_workbook

from zugong.ballots import seal
from zugong.ballots.models import Ballot, Mark
from zugong.core.downloads import from_text, new_workbook, write_cells

SHEET = "选票"
FIRST_ROW = 6  # zero-based index of the column headings
CHOICE_LABELS = {Mark.Choice.YES: "同意", Mark.Choice.NO: "不同意", Mark.Choice.ABSTAIN: "弃权"}
CHOSEN = "选"
OTHER_PREFIX = "另选他人："
VALID, INVALID = "有效", "无效"


def cell_of(ballot: Ballot, choice: str, name: str) -> str:
    if ballot.kind == Ballot.Kind.CHOOSE:
        return CHOSEN
    return OTHER_PREFIX + name if choice == Mark.Choice.OTHER else CHOICE_LABELS[choice]


def ballots_workbook(ballot: Ballot) -> bytes:
    candidates = list(ballot.candidates.order_by("position").values_list("position", "name"))
    head = seal.header(ballot, candidates)
    lines = list(seal.ballot_lines(ballot).values())
    secrets.SystemRandom().shuffle(lines)
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    sheet = workbook.add_worksheet(SHEET)
    write_cells(sheet, 0, 0, ["表决事项", ballot.title])
    write_cells(sheet, 1, 0, ["封存标识", head])
    write_cells(sheet, 2, 0, ["封存码", ballot.seal or "（尚未结束计票，未封存）"])
    write_cells(sheet, 3, 0, ["说明", "每行一张选票，顺序随机；按本表逐张计票，并可按封存标识和各行重新计算封存码（SHA-256）"])
    write_cells(sheet, FIRST_ROW, 0, ["票序", "有效", *[f"{p} {name}" for p, name in candidates], "另选人"])
    for row, text in enumerate(lines, start=FIRST_ROW + 1):
        parts = text.split("|")
        cells: dict[int, str] = {}
        written: list[str] = []
        for part in parts[1:]:
            position, choice, name = part.split(":", 2)
            if int(position):
                cells[int(position)] = cell_of(ballot, choice, name)
            else:
                written.append(name)
        write_cells(sheet, row, 0, [row - FIRST_ROW, VALID if parts[0] == "1" else INVALID,
                                    *[cells.get(p, "") for p, _name in candidates], "、".join(sorted(written))])
    sheet.set_column(1, len(candidates) + 2, 12)
    workbook.close()
    return buffer.getvalue()


def seal_of_workbook(content: bytes) -> str:
    """The seal recomputed from a downloaded workbook alone (what anyone holding the download can do)."""
    sheet = load_workbook(io.BytesIO(content), read_only=True)[SHEET]
    rows = [[from_text(str(v)) if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]
    head = rows[1][1]
    _version, _pk, kind, _seats, *_names = head.split("|")
    titles = rows[FIRST_ROW][2:-1]
    positions = [int(str(title).split(" ", 1)[0]) for title in titles]
    labels = {label: choice for choice, label in CHOICE_LABELS.items()}
    lines = []
    for row in rows[FIRST_ROW + 1:]:
        if not any(row):
            continue
        if row[1] != VALID:
            lines.append(seal.line(False, ()))
            continue
        marks = []
        for position, value in zip(positions, row[2:-1], strict=True):
            if not value:
                continue
            if kind == Ballot.Kind.CHOOSE:
                marks.append((position, Mark.Choice.YES, ""))
            elif value.startswith(OTHER_PREFIX):
                marks.append((position, Mark.Choice.OTHER, value.removeprefix(OTHER_PREFIX)))
            else:
                marks.append((position, labels[value], ""))
        marks += [(0, Mark.Choice.OTHER, name) for name in str(row[-1] or "").split("、") if name]
        lines.append(seal.line(True, marks))
    return seal.digest(head, lines)
