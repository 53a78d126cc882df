"""The 通报 (bulletin) of a finalized round as .docx: A4 with the GB/T 9704 margins (``core.documents``) — the
round, the distribution of grades, the results in rank order, the top and the bottom, and the organizations found
软弱涣散."""

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zugong.assessments.models import Result, Round
from zugong.core.documents import BODY_FONT, SONG_FONT, new_document, set_font, to_bytes

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
