"""The round's papers, A4 with the GB/T 9704 margins (``core.documents``):

- the 通报 (bulletin) of a finalized round as .docx — the round, the distribution of grades, the results in rank
  order, the top and the bottom, and the organizations found 软弱涣散;
- a target's 评分表 (score sheet) as .docx and PDF (reportlab with the viewer's built-in 宋体, STSong-Light, as
  members/documents.py) — the scheme, the round, the target, each criterion with its points and how it was scored
  (the computed value and its explanation, or the entered points with their evidence), the total, the grade, the
  rank among the round's targets, and whether the round is frozen. Both formats come from one ``sheet_text``.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zugong.assessments.models import Criterion, Result, Round, Score
from zugong.core.documents import BODY_FONT, MARGINS_MM, SONG_FONT, new_document, set_font, to_bytes

TOP_AND_BOTTOM = 3  # how many the bulletin names at each end (a layout choice, not a rule)


def _points(value) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def bulletin(round_: Round, results: list[Result]) -> bytes:
    document = new_document(font=BODY_FONT, size_pt=16)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(f"关于{round_.name}结果的通报")
    set_font(run, SONG_FONT, 22)
    run.bold = True

    scheme = round_.scheme
    grades = [(g.label, sum(1 for r in results if r.grade_label == g.label)) for g in scheme.grades.all()]
    finalized = timezone.localtime(round_.finalized_at) if round_.finalized_at else None
    document.add_paragraph(
        f"根据{scheme.source}，{round_.organization}对{round_.starts_on:%Y年%m月%d日}至{round_.ends_on:%Y年%m月%d日}"
        f"期间的{scheme.name}进行了考核，共考核{len(results)}个对象（满分{_points(scheme.max_total)}分）。"
        f"经计算和评定，{finalized:%Y年%m月%d日}定稿。现将结果通报如下。" if finalized else "")
    document.add_paragraph("一、等次分布：" + "；".join(f"{label}{count}个" for label, count in grades) + "。")

    ordered = [r for r in results if r.rank is not None]
    top = ordered[:TOP_AND_BOTTOM]
    bottom = [r for r in ordered[-TOP_AND_BOTTOM:] if r not in top]
    document.add_paragraph("二、名列前茅的：" + ("、".join(f"{r.target_label}（{_points(r.total)}分）" for r in top)
                                          or "无") + "。")
    document.add_paragraph("三、排名靠后的：" + ("、".join(f"{r.target_label}（{_points(r.total)}分）" for r in bottom)
                                          or "无") + "。")
    weak = [r for r in results if r.grade is not None and r.grade.opens_rectification]
    document.add_paragraph("四、评定为软弱涣散、列入整顿的：" + ("、".join(r.target_label for r in weak) or "无") + "。")
    missed = [r for r in results if r.missed_basic_tasks]
    if missed:
        document.add_paragraph("未完成党建基本工作任务的：" + "、".join(r.target_label for r in missed) + "。")

    document.add_paragraph("五、考核结果：")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("名次", "考核对象", "总分", "等次"), strict=True):
        cell.text = text
    for result in results:
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(result.rank or ""), result.target_label, _points(result.total),
                                      result.grade_label), strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for piece in paragraph.runs:
                    set_font(piece, BODY_FONT, 12)

    signature = document.add_paragraph(str(round_.organization))
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated = document.add_paragraph(f"{finalized:%Y年%m月%d日}" if finalized else "")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return to_bytes(document)


# --- a target's score sheet (评分表) -----------------------------------------------------------------------------------

SHEET_COLUMNS = ["序号", "考核指标", "分值", "计分方式", "得分", "计算值与说明 / 评分依据"]


@dataclass(frozen=True)
class Sheet:
    heading: str
    lines: list[str]
    columns: list[str]
    rows: list[list[str]]
    footer: list[str]


def _value(value) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def _how(score: Score) -> str:
    criterion = score.criterion
    parts = []
    if criterion.method == Criterion.Method.COMPUTED and score.value is not None:
        parts.append(f"计算值：{_value(score.value)}")
        if score.explanation:
            parts.append(f"计算说明：{score.explanation}")
    else:
        if score.explanation:
            parts.append(f"计算说明：{score.explanation}")
        if score.evidence:
            parts.append(f"评分依据：{score.evidence}")
        if score.evidence_file:
            parts.append("附佐证材料")
        if score.entered_at:
            who = f"评分人：{score.entered_by}，" if score.entered_by else ""
            parts.append(f"{who}评分时间：{timezone.localtime(score.entered_at):%Y-%m-%d}")
    return "；".join(parts) or "尚未评分"


def sheet_text(round_: Round, result: Result, scores: list[Score], of_count: int) -> Sheet:
    """The sheet's text: ``scores`` in the scheme's order, ``of_count`` the number of the round's targets."""
    scheme = round_.scheme
    lines = [
        f"考核轮次：{round_.name}（{round_.year}年度）",
        f"考核方案：{scheme.name}　依据：{scheme.source}",
        f"考核对象：{result.target_label}　组织考核：{round_.organization}",
        f"考核期：{round_.starts_on:%Y年%m月%d日}至{round_.ends_on:%Y年%m月%d日}",
    ]
    if round_.is_finalized and round_.finalized_at:
        lines.append(f"本轮考核已于{timezone.localtime(round_.finalized_at):%Y年%m月%d日}定稿：各项得分、总分、等次、"
                     "名次不再更改。")
    else:
        lines.append("本轮考核尚未定稿（进行中）：总分随录入和记录变化，等次、名次在定稿时评定。")
    rows = [[str(number), s.criterion.label, _value(s.criterion.max_points), s.criterion.get_method_display(),
             _value(s.points), _how(s)] for number, s in enumerate(scores, start=1)]
    maximum = sum((s.criterion.max_points for s in scores), Decimal(0))
    footer = [f"总分：{_value(result.total)}分（满分{_value(maximum)}分）",
              f"等次：{result.grade_label or '—'}",
              f"名次：第{result.rank}名（共{of_count}个考核对象）" if result.rank else f"名次：—（共{of_count}个考核对象）"]
    if result.missed_basic_tasks:
        footer.append("未完成党建基本工作任务。")
    if result.rectification_id:
        footer.append("据本轮考核结果列入软弱涣散整顿。")
    footer.append("考核人：＿＿＿＿＿＿　审核人：＿＿＿＿＿＿")
    return Sheet(f"{scheme.name}评分表", lines, SHEET_COLUMNS, rows, footer)


def sheet_docx(sheet: Sheet) -> bytes:
    document = new_document(font=SONG_FONT, size_pt=12)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(sheet.heading)
    set_font(run, SONG_FONT, 18)
    run.bold = True
    for line in sheet.lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(sheet.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, sheet.columns, strict=True):
        cell.text = text
    for values in sheet.rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for piece in paragraph.runs:
                    set_font(piece, SONG_FONT, 10.5)
    for line in sheet.footer:
        document.add_paragraph(line)
    return to_bytes(document)


def sheet_pdf(sheet: Sheet) -> bytes:
    """The same text through reportlab with the viewer's built-in 宋体 (STSong-Light)."""
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
    small = ParagraphStyle("small", parent=body, fontSize=9.5, leading=14)
    widths = [10 * mm, 38 * mm, 13 * mm, 20 * mm, 13 * mm, 62 * mm]
    table = Table([[Paragraph(escape(v), small) for v in row] for row in [sheet.columns, *sheet.rows]],
                  colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=TA_CENTER)
    story = [Paragraph(escape(sheet.heading), title), Spacer(1, 4 * mm),
             *[Paragraph(escape(line), body) for line in sheet.lines], Spacer(1, 3 * mm), table, Spacer(1, 5 * mm),
             *[Paragraph(escape(line), body) for line in sheet.footer]]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=sheet.heading, leftMargin=MARGINS_MM["left"] * mm,
                      rightMargin=MARGINS_MM["right"] * mm, topMargin=MARGINS_MM["top"] * mm,
                      bottomMargin=MARGINS_MM["bottom"] * mm).build(story)
    return buffer.getvalue()
