"""The count sheet (计票单) of a ballot, as a Word document and as a PDF with the same text: the figures, each
candidate's votes and outcome, the rule with its source, and the seal (A4, GB/T 9704 margins)."""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zugong.ballots.models import Ballot
from zugong.ballots.seal import verify_seal
from zugong.ballots.selectors import Tally

TITLE = "计票单"
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # GB/T 9704 党政机关公文格式


@dataclass(frozen=True)
class Sheet:
    heading: str
    lines: list[str]
    columns: list[str]
    rows: list[list[str]]
    footer: list[str]


def outcome(row, tally: Tally) -> str:
    if row.tied:
        return "票数相等，须再次投票"
    if tally.ballot.kind == Ballot.Kind.CHOOSE:
        return "当选" if row.passed else "未当选"
    return "通过" if row.passed else "未通过"


def sheet_text(tally: Tally) -> Sheet:
    ballot = tally.ballot
    lines = [
        f"组织：{ballot.organization}　会议日期：{ballot.held_on:%Y年%m月%d日}　方式：{ballot.get_kind_display()}，"
        f"{ballot.get_method_display()}" + (f"，应选{ballot.seats}人" if ballot.kind == Ballot.Kind.CHOOSE else ""),
        f"应到会{tally.entitled}人，实到会{tally.present}人；收回选票{tally.cast}张，有效票{tally.valid}张，"
        f"无效票{tally.invalid}张。",
        f"规则：{tally.rule_text}（{tally.rule_source}）。到会人数{'符合' if tally.quorum_met else '不符合'}规定；"
        f"通过至少需{tally.needed}票。",
    ]
    if ballot.kind == Ballot.Kind.CHOOSE:
        columns = ["序号", "候选人", "得票", "结果"]
        rows = [[str(i), r.name, str(r.yes), outcome(r, tally)] for i, r in enumerate(tally.rows, start=1)]
    else:
        columns = ["序号", "候选人（事项）", "同意", "不同意", "弃权", "另选他人", "结果"]
        rows = [[str(i), r.name, str(r.yes), str(r.no), str(r.abstain), str(r.other), outcome(r, tally)]
                for i, r in enumerate(tally.rows, start=1)]
    for r in tally.write_ins:
        if ballot.kind == Ballot.Kind.CHOOSE:
            rows.append(["另选", r.name, str(r.yes), outcome(r, tally)])
        else:
            rows.append(["另选", r.name, str(r.yes), "", "", "", outcome(r, tally)])
    if ballot.seal:
        sealed = f"封存码（SHA-256）：{ballot.seal}" + ("" if verify_seal(ballot) else "　【核验不符：封存后选票已被改动】")
    else:
        sealed = "尚未结束计票，未封存。"
    footer = [sealed, "计票人：＿＿＿＿＿＿　监票人：＿＿＿＿＿＿",
              f"结束计票日期：{ballot.closed_on:%Y年%m月%d日}" if ballot.closed_on else "结束计票日期："]
    return Sheet(f"{ballot.title} {TITLE}", lines, columns, rows, footer)


def count_sheet_docx(tally: Tally) -> bytes:
    text = sheet_text(tally)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(12)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(text.heading)
    run.bold, run.font.size = True, Pt(18)
    for line in text.lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(text.columns))
    table.style = "Table Grid"
    for cell, value in zip(table.rows[0].cells, text.columns, strict=True):
        cell.text = value
    for values in text.rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for line in text.footer:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def count_sheet_pdf(tally: Tally) -> bytes:
    """The same text through reportlab with the viewer's built-in 宋体 (STSong-Light), as members/documents.py."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=18, wordWrap="CJK")
    text = sheet_text(tally)
    table = Table([[Paragraph(v, body) for v in row] for row in [text.columns, *text.rows]], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [Paragraph(text.heading, ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=TA_CENTER)),
             Spacer(1, 4 * mm), *[Paragraph(line, body) for line in text.lines], Spacer(1, 3 * mm), table,
             Spacer(1, 5 * mm), *[Paragraph(line, body) for line in text.footer]]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=text.heading, leftMargin=MARGINS_MM["left"] * mm,
                      rightMargin=MARGINS_MM["right"] * mm, topMargin=MARGINS_MM["top"] * mm,
                      bottomMargin=MARGINS_MM["bottom"] * mm).build(story)
    return buffer.getvalue()
