"""The bulletin (通报) of an assessed period as .docx — A4 with the GB/T 9704 margins (``core.documents``): the
period and its steps, the agencies ahead, the laggards (the bottom ``performance.laggards``, a policy) named with
their totals and the indicators they fell short on, and the full ranking."""

from docx.enum.text import WD_ALIGN_PARAGRAPH

from zugong.core.documents import BODY_FONT, SONG_FONT, new_document, set_font, to_bytes
from zugong.performance.models import Period, PeriodScore

TOP = 3  # how many the bulletin names at the top (a layout choice, not a rule)


def points(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def laggards(scores: list[PeriodScore], count: int) -> list[PeriodScore]:
    """The bottom ``count`` by rank; an agency tied with the last of them is named too (a tie shares its rank)."""
    if count <= 0 or not scores:
        return []
    ordered = sorted(scores, key=lambda s: (s.rank, s.scorecard.label))
    cut = ordered[-count] if len(ordered) >= count else ordered[0]
    return [s for s in ordered if s.rank >= cut.rank]


def bulletin(period: Period, scores: list[PeriodScore], laggard_count: int) -> bytes:
    template = period.template
    document = new_document(font=BODY_FONT, size_pt=16)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(f"关于{template.year}年第{period.number}期机关绩效考核情况的通报")
    set_font(run, SONG_FONT, 22)
    run.bold = True
    if period.bulletin_number:
        number = document.add_paragraph(period.bulletin_number)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER

    ordered = sorted(scores, key=lambda s: (s.rank, s.scorecard.label))
    document.add_paragraph(
        f"按照“每半月一部署、一督查、一考核、一通报”的“四个一”工作机制，{template.organization}依据{template.name}，"
        f"对{len(ordered)}个机关{period.starts_on:%Y年%m月%d日}至{period.ends_on:%Y年%m月%d日}的目标任务完成情况"
        f"进行了考核（满分100分）。现将结果通报如下。")
    if period.deploy_note:
        document.add_paragraph(f"一、本期部署：{period.deploy_note}")
    if period.inspect_note:
        document.add_paragraph(f"二、督查情况：{period.inspect_note}")
    top = ordered[:TOP]
    document.add_paragraph("三、得分靠前的：" + ("、".join(f"{s.scorecard.label}（{points(s.total)}分）" for s in top)
                                          or "无") + "。")
    behind = laggards(ordered, laggard_count)
    document.add_paragraph("四、排名靠后、予以通报的：" + (
        "、".join(f"{s.scorecard.label}（第{s.rank}名，{points(s.total)}分"
                 + (f"，{s.missing}项指标未填报" if s.missing else "") + "）" for s in behind) or "无")
        + ("。请以上单位认真分析原因，限期整改。" if behind else "。"))

    document.add_paragraph("五、考核结果：")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("名次", "机关", "得分", "未填报指标"), strict=True):
        cell.text = text
    for score in ordered:
        for cell, text in zip(table.add_row().cells, (str(score.rank), score.scorecard.label, points(score.total),
                                                      str(score.missing or "")), strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for piece in paragraph.runs:
                    set_font(piece, BODY_FONT, 12)
    signature = document.add_paragraph(str(template.organization))
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    day = period.bulletin_on or period.assessed_on
    dated = document.add_paragraph(f"{day:%Y年%m月%d日}" if day else "")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return to_bytes(document)
