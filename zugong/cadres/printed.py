"""The printed 干部任免审批表: the official two-page A4 form, as a Word document and as a PDF.

The form is laid out once, by ``form_sheets``, as two sheets of bordered cells on a grid measured in
millimetres like the official form; ``form_docx`` (python-docx) and ``form_pdf`` (WeasyPrint, template
``cadres/appointment_form_print.html``) only draw those cells, so the two print the same form.

Fitting rule: every cell has a fixed box, and the boxes of a sheet add up to one A4 page (the 简历 takes
what the first page has left). A cell prints at its usual size (12 pt, 小四; the family table 10.5 pt, 五号)
and, when its text would not fit its box, shrinks in half-point steps down to 7 pt: a 简历 of 20 lines prints
at 10.5–11 pt, and about 40 one-line entries still fit at 7 pt. Only text too long even at 7 pt makes its row
grow and the form run on past two pages: nothing is ever cut.
"""

import base64
import datetime as dt
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from django.template.loader import render_to_string
from django.utils import timezone, translation
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from zugong.cadres.codes import POLITICAL_STATUSES, RELATIONS
from zugong.cadres.record import (
    AppointmentForm,
    Education,
    FamilyMember,
    age_on,
    format_assessments,
)
from zugong.core.documents import new_document
from zugong.members.codes import ETHNICITY_CHOICES

TITLE = "干部任免审批表"
TEMPLATE = "cadres/appointment_form_print.html"

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # mm, A4 portrait
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 15.0, 20.0, 12.0
# The form's boxes fill its own print area (not a 公文's GB/T 9704 type area): A4 with these margins.
FORM_MARGINS_MM = {"top": MARGIN_TOP, "bottom": MARGIN_BOTTOM, "left": MARGIN_SIDE, "right": MARGIN_SIDE}
TITLE_HEIGHT = 16.0  # the title line with the space under it
SLACK = 6.0  # what the boxes do not count: the rules between rows, 1.5 pt round the table, and rounding
PAD_X, PAD_Y = 1.5, 1.0  # cell padding, mm
POINT = 25.4 / 72  # mm
LINE_HEIGHT = 1.3  # times the font size
NORMAL_SIZE, TABLE_SIZE, SMALLEST_SIZE, TITLE_SIZE = 12.0, 10.5, 7.0, 22.0
RESUME_INDENT = 9.0  # em: a 简历 line's text starts after ``1998.09--2002.07  ``, and wraps back to there
FAMILY_ROWS, FAMILY_HEIGHT, FAMILY_ROW_LEAST = 7, 63.0, 6.5  # seven rows, blank when unused, as on the form
REWARDS_HEIGHT, REASON_HEIGHT, TEXT_BOX_LEAST = 46.0, 38.0, 14.0
SEAL = "（盖章）\n年　　月　　日"
ETHNICITY_NAMES = dict(ETHNICITY_CHOICES)

# WeasyPrint logs each step of each PDF (and of its own stylesheets, on import) at INFO, the level the
# project's root logger passes on.

# label, value: centred; text: left (posts, schools); block: left and top (奖惩情况, 任免理由);
# resume: the 简历 lines with a hanging indent; seal: right and bottom (呈报单位, the 意见 boxes).
Kind = Literal["label", "value", "text", "block", "resume", "seal", "photo"]


@dataclass(frozen=True)
class ResumeEntry:
    formatted: str  # ResumeLine.formatted(): Word keeps its columns, 宋体 digits being half-width
    period: str  # the PDF sets the period in a box RESUME_INDENT em wide, as Noto's digits are proportional
    text: str


@dataclass(frozen=True)
class Cell:
    text: str = ""
    kind: Kind = "value"
    cols: int = 1
    rows: int = 1
    size: float = NORMAL_SIZE  # pt; ``fitted`` may make it smaller
    box: tuple[float, float] = (0.0, 0.0)  # mm inside the padding, set by ``fitted``
    resume: tuple[ResumeEntry, ...] = ()
    photo: bytes = b""
    photo_size: tuple[float, float] = (0.0, 0.0)  # mm: the photo scaled into the box, its proportions kept

    @property
    def paragraphs(self) -> list[str]:
        return [entry.formatted for entry in self.resume] if self.kind == "resume" else self.text.split("\n")

    @property
    def photo_uri(self) -> str:
        return f"data:image/jpeg;base64,{base64.b64encode(self.photo).decode()}" if self.photo else ""


@dataclass(frozen=True)
class Row:
    height: float  # mm, the least the row takes
    cells: list[Cell]


@dataclass(frozen=True)
class Sheet:
    widths: list[float]  # mm, one per grid column
    rows: list[Row]
    title: str = ""
    footer: list[str] = field(default_factory=list)


def month(date: dt.date | None) -> str:
    return f"{date:%Y.%m}" if date else ""



def em_width(text: str) -> float:
    """Width in em, erring wide: Latin letters and digits are at most 0.56 em in 宋体 and Noto Serif CJK."""
    return sum(0.56 if char.isascii() else 1.0 for char in text)


def printed_lines(paragraphs: Sequence[str], width_em: float, indent_em: float = 0.0) -> int:
    """Lines the paragraphs take in a box ``width_em`` wide (Chinese may break between any two characters)."""
    usable = width_em * 0.95  # a Latin word wraps whole
    overflows = (em_width(paragraph) - usable for paragraph in paragraphs)
    return sum(1 + max(0, math.ceil(overflow / (usable - indent_em))) for overflow in overflows)


def fitted_size(cell: Cell, width: float, height: float) -> float:
    """The largest size, from the cell's own down in half points, at which its text fits width × height mm."""
    indent = RESUME_INDENT if cell.kind == "resume" else 0.0
    size = cell.size
    while size > SMALLEST_SIZE:
        em = size * POINT
        if printed_lines(cell.paragraphs, width / em, indent) * em * LINE_HEIGHT <= height:
            break
        size -= 0.5
    return size


def placed(sheet: Sheet) -> Iterator[tuple[int, int, Cell]]:
    """Each cell with its grid row and column, skipping places a cell from a row above spans."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(sheet.rows):
        c = 0
        for cell in row.cells:
            while (r, c) in taken:
                c += 1
            taken.update((r + down, c + across) for down in range(cell.rows) for across in range(cell.cols))
            yield r, c, cell
            c += cell.cols


def fitted(sheet: Sheet) -> Sheet:
    """The sheet with each cell's box measured and its size fitted to the box."""
    cells: list[list[Cell]] = [[] for _ in sheet.rows]
    for r, c, cell in placed(sheet):
        width = sum(sheet.widths[c:c + cell.cols]) - 2 * PAD_X
        height = sum(row.height for row in sheet.rows[r:r + cell.rows]) - 2 * PAD_Y
        cell = replace(cell, box=(width, height))
        if cell.kind != "photo":
            cell = replace(cell, size=fitted_size(cell, width, height))
        elif cell.photo:
            image = DocxImage.from_blob(cell.photo)
            scale = min(width / image.px_width, height / image.px_height)
            cell = replace(cell, photo_size=(image.px_width * scale, image.px_height * scale))
        cells[r].append(cell)
    rows = [Row(row.height, row_cells) for row, row_cells in zip(sheet.rows, cells, strict=True)]
    return replace(sheet, rows=rows)


def label(text: str, cols: int = 1, rows: int = 1) -> Cell:
    return Cell(text, "label", cols, rows)


def value(text: str, cols: int = 1, kind: Kind = "value") -> Cell:
    return Cell(text, kind, cols)


def two_lines(first: str, second: str) -> str:
    return "\n".join(part for part in (first, second) if part)


def education_cells(heading: str, education: Education) -> list[Cell]:
    return [label(heading), value(two_lines(education.level, education.degree), 2),
            label("毕业院校\n系及专业"), value(two_lines(education.level_school, education.degree_school), 2, "text")]


def resume_entry(formatted: str) -> ResumeEntry:
    period, _, text = formatted.partition("  ")  # an open end's blanks fall away with the strip
    return ResumeEntry(formatted, period, text.strip())


def first_sheet(form: AppointmentForm) -> Sheet:
    age = form.age()
    born = f"{month(form.birth)}\n（{age}岁）" if age is not None else ""
    rows = [
        Row(13, [label("姓名"), value(form.name), label("性别"), value(form.gender), label("出生年月\n（岁）"),
                 value(born), Cell(kind="photo", rows=4, photo=form.photo)]),
        Row(13, [label("民族"), value(ETHNICITY_NAMES.get(form.ethnicity, form.ethnicity)), label("籍贯"),
                 value(form.native_place), label("出生地"), value(form.birthplace)]),
        Row(13, [label("入党\n时间"), value(month(form.party_joined)), label("参加工作\n时间"),
                 value(month(form.work_started)), label("健康\n状况"), value(form.health)]),
        Row(13, [label("专业技\n术职务"), value(form.professional_title, 2), label("熟悉专业\n有何专长"),
                 value(form.speciality, 2)]),
        Row(14, [label("学历\n学位", rows=2), *education_cells("全日制\n教育", form.full_time_education)]),
        Row(14, education_cells("在职\n教育", form.in_service_education)),
        Row(12, [label("现任职务", 2), value(form.current_post, 5, "text")]),
        Row(12, [label("拟任职务", 2), value(form.proposed_post, 5, "text")]),
        Row(12, [label("拟免职务", 2), value(form.proposed_removal, 5, "text")]),
    ]
    # The 简历 takes whatever the page has left.
    page = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - TITLE_HEIGHT - SLACK
    resume_height = page - sum(row.height for row in rows)
    resume = tuple(resume_entry(line.formatted()) for line in form.resume)
    rows.append(Row(resume_height, [label("简\n\n\n\n\n历"), Cell(kind="resume", cols=6, resume=resume)]))
    return Sheet([20, 24, 22, 24, 22, 26, 32], rows, title=TITLE)


def family_cells(member: FamilyMember, on: dt.date) -> list[Cell]:
    age = str(age_on(member.birth, on)) if member.birth else ""  # the deceased have no birth on the form
    return [Cell(RELATIONS.get(member.relation, member.relation), size=TABLE_SIZE),
            Cell(member.name, size=TABLE_SIZE), Cell(age, size=TABLE_SIZE),
            Cell(POLITICAL_STATUSES.get(member.political_status, member.political_status), size=TABLE_SIZE),
            Cell(member.work_unit_and_post, "text", cols=2, size=TABLE_SIZE)]


def second_sheet(form: AppointmentForm) -> Sheet:
    on = form.age_as_of or timezone.localdate().replace(day=1)  # as AppointmentForm.age() counts
    members = [family_cells(member, on) for member in form.family]
    blank = [Cell(size=TABLE_SIZE) for _ in range(4)] + [Cell(cols=2)]
    members += [blank] * (FAMILY_ROWS - len(members))
    # Nine relatives still share the family block; more take their room from 奖惩情况 and 任免理由.
    member_height = max(FAMILY_HEIGHT / len(members), FAMILY_ROW_LEAST)
    excess = (member_height * len(members) - FAMILY_HEIGHT) / 2
    header = [label("称谓"), label("姓名"), label("年龄"), label("政治面貌"), label("工作单位及职务", 2)]
    return Sheet([22, 14, 18, 12, 22, 22, 60], [
        Row(max(REWARDS_HEIGHT - excess, TEXT_BOX_LEAST),
            [label("奖惩\n情况"), value(form.rewards_and_penalties, 6, "block")]),
        Row(14, [label("年度考核\n结果"), value(format_assessments(form.assessments), 6, "text")]),
        Row(max(REASON_HEIGHT - excess, TEXT_BOX_LEAST),
            [label("任免\n理由"), value(form.appointment_reason, 6, "block")]),
        Row(9, [label("家庭\n主要\n成员\n及重\n要社\n会关\n系", rows=len(members) + 1), *header]),
        *[Row(member_height, cells) for cells in members],
        Row(38, [label("呈报\n单位"), value(f"{form.reporting_unit}\n{SEAL}".lstrip(), 6, "seal")]),
        Row(46, [label("审批机关\n意见"), value(SEAL, 4, "seal"), label("行政机关\n任免意见"),
                 value(SEAL, 1, "seal")]),
    ], footer=[f"计算年龄时间：{month(on)}", f"填表人：{form.filled_by}", f"填表时间：{month(form.filled_on)}"])


def form_sheets(form: AppointmentForm) -> list[Sheet]:
    # The form is Chinese whatever the reader's language: grade names come from translated choices.
    with translation.override("zh-hans"):
        return [fitted(first_sheet(form)), fitted(second_sheet(form))]


def form_pdf(form: AppointmentForm) -> bytes:
    """Noto Serif CJK (fonts-noto-cjk) embedded as a subset, so the PDF prints the same anywhere."""
    # Imported here: importing WeasyPrint parses its stylesheets, which only printing needs.
    from weasyprint import HTML

    html = render_to_string(TEMPLATE, {
        "sheets": form_sheets(form), "title": f"{TITLE}（{form.name}）",
        "margins": (MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM), "pad": (PAD_Y, PAD_X), "line_height": LINE_HEIGHT,
        "title_size": TITLE_SIZE, "title_height": TITLE_HEIGHT, "resume_indent": RESUME_INDENT,
    })
    return HTML(string=html).write_pdf()


def form_docx(form: AppointmentForm) -> bytes:
    document = new_document(size_pt=NORMAL_SIZE, form_margins_mm=FORM_MARGINS_MM)
    document.core_properties.title = f"{TITLE}（{form.name}）"
    first, second = form_sheets(form)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Mm(TITLE_HEIGHT)
    run = title.add_run(first.title)
    run.bold, run.font.size = True, Pt(TITLE_SIZE)
    draw_table(document.add_table(len(first.rows), len(first.widths)), first)
    # A paragraph between the tables both starts the second page and keeps Word from joining the two tables.
    page_break = document.add_paragraph()
    page_break.paragraph_format.page_break_before = True
    page_break.paragraph_format.line_spacing = Pt(1)
    draw_table(document.add_table(len(second.rows), len(second.widths)), second)
    footer = document.add_paragraph("　　　　".join(second.footer))
    footer.paragraph_format.space_before = Mm(2)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ALIGNMENTS = {"text": WD_ALIGN_PARAGRAPH.LEFT, "block": WD_ALIGN_PARAGRAPH.LEFT,
              "resume": WD_ALIGN_PARAGRAPH.LEFT, "seal": WD_ALIGN_PARAGRAPH.RIGHT}
VERTICAL_ALIGNMENTS = {"block": WD_CELL_VERTICAL_ALIGNMENT.TOP, "resume": WD_CELL_VERTICAL_ALIGNMENT.TOP,
                       "seal": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}


def draw_table(table: Table, sheet: Sheet) -> None:
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # The grid's cells taken once: python-docx walks the whole table to find each one. Merging removes only
    # covered cells, which are never looked up again.
    grid = [row.cells for row in table.rows]
    for index, (column, width) in enumerate(zip(table.columns, sheet.widths, strict=True)):
        column.width = Mm(width)  # LibreOffice sizes by the grid, Word by the cells
        for grid_row in grid:
            grid_row[index].width = Mm(width)
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    layout.addprevious(properties("w:tblBorders", top=12, left=12, bottom=12, right=12, insideH=4, insideV=4))
    layout.addnext(properties("w:tblCellMar", top=Mm(PAD_Y).twips, left=Mm(PAD_X).twips,
                              bottom=Mm(PAD_Y).twips, right=Mm(PAD_X).twips))
    for row, spec in zip(table.rows, sheet.rows, strict=True):
        row.height, row.height_rule = Mm(spec.height), WD_ROW_HEIGHT_RULE.AT_LEAST
    for r, c, cell in placed(sheet):
        target = grid[r][c]
        if cell.rows > 1 or cell.cols > 1:
            target = target.merge(grid[r + cell.rows - 1][c + cell.cols - 1])
        draw_cell(target, cell)


def properties(tag: str, **edges: int) -> BaseOxmlElement:
    """``w:tblBorders`` (sizes in eighths of a point) or ``w:tblCellMar`` (twips), one child per edge, the edges
    in the order the schema gives (top, left, bottom, right), which Word holds files to."""
    element = OxmlElement(tag)
    for edge, amount in edges.items():
        child = OxmlElement(f"w:{edge}")
        if tag == "w:tblBorders":
            child.set(qn("w:val"), "single")
            child.set(qn("w:sz"), str(amount))
            child.set(qn("w:color"), "000000")
        else:
            child.set(qn("w:w"), str(amount))
            child.set(qn("w:type"), "dxa")
        element.append(child)
    return element


def draw_cell(target: _Cell, cell: Cell) -> None:
    target.vertical_alignment = VERTICAL_ALIGNMENTS.get(cell.kind, WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    paragraph = target.paragraphs[0]
    paragraph.alignment = ALIGNMENTS.get(cell.kind, WD_ALIGN_PARAGRAPH.CENTER)
    if cell.kind == "photo":
        if cell.photo:
            paragraph.add_run().add_picture(io.BytesIO(cell.photo), *(Mm(side) for side in cell.photo_size))
        return
    for index, text in enumerate(cell.paragraphs):
        if index:
            paragraph = target.add_paragraph()
            paragraph.alignment = ALIGNMENTS.get(cell.kind, WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing = Pt(cell.size * LINE_HEIGHT)
        if cell.kind == "resume":
            paragraph.paragraph_format.left_indent = Pt(cell.size * RESUME_INDENT)
            paragraph.paragraph_format.first_line_indent = Pt(-cell.size * RESUME_INDENT)
        paragraph.add_run(text).font.size = Pt(cell.size)
