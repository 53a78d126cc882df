"""The survey report as .docx (python-docx): title, the main and secondary tables, the children, the formula."""

import io

from zugong.core.documents import new_document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HIDDEN = "样本不足，不显示"
LINE_HEADINGS = ("指标", "得分", "有效样本", "上年得分", "比上年", "全国平均", "比全国", "全区平均", "比全区",
                 "全市平均", "比全市", "上级得分", "比上级", "排名", "与上一名差", "领先下一名")
FORMULA = ("得分 = 计入得分的选项分值之和 ÷ 计入得分的答案数（百分制，四舍五入保留两位小数）；"
           "“不了解”等不计分选项不计入分子和分母。")


def _text(value) -> str:
    return "" if value is None else str(value)


def _line_cells(row: dict, hidden: bool) -> list[str]:
    score = [HIDDEN, ""] if hidden else [_text(row["score"]), _text(row["respondents"])]
    averages = [text for value, versus in row["averages"] for text in (_text(value), versus)]
    return [row["indicator"].name, *score, _text(row["last_year"]), row["change"], *averages,
            _text(row["parent_score"]), row["versus_parent"], row["rank"], _text(row["gap_above"]),
            _text(row["gap_below"])]


def _table(document, headings, rows) -> None:
    grid = document.add_table(rows=1, cols=len(headings))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headings, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = text


def _ancestors_table(document, report, display_line) -> None:
    """与各级上级比较: the organization's score against every level above it, the parent first."""
    from zugong.surveys.scoring import ancestors_of

    above = ancestors_of(report.node)
    if not above:
        return
    document.add_heading("与各级上级比较", level=2)
    headings = ["指标", "本单位", *[text for n in above for text in (f"{n.organization.name}得分", "比该级")]]
    rows = []
    for line in report.main + report.secondary:
        row = display_line(line)
        own = "" if report.node.hidden else _text(row["score"])
        rows.append([row["indicator"].name, own,
                     *[text for score, versus in row["ancestors"] for text in (_text(score), versus)]])
    _table(document, headings, rows)


def report_document(report) -> bytes:
    """``report`` is ``report_views.Report``; the lines are printed as on the page."""
    from zugong.surveys.report_views import display_line

    document = new_document(size_pt=9)
    node = report.node
    document.add_heading(f"{report.survey.year}年{report.survey.name}结果报告", level=1)
    document.add_paragraph(f"{node.organization.name}：答卷{node.responses}份")
    for title, lines in (("主要指标", report.main), ("次要指标", report.secondary)):
        if lines:
            document.add_heading(title, level=2)
            _table(document, LINE_HEADINGS, [_line_cells(display_line(line), node.hidden) for line in lines])
    _ancestors_table(document, report, display_line)
    if report.children:
        document.add_heading("下级单位得分与排名", level=2)
        headings = ["单位", "答卷", *[ind.name for ind in report.main_indicators]]
        rows = []
        for row in report.children:
            if row.node.hidden:
                rows.append([row.node.organization.name, HIDDEN, *[""] * len(report.main_indicators)])
                continue
            rows.append([row.node.organization.name, str(row.node.responses), *[
                f"{score}（第{rank.position}/{rank.of}）" if rank else _text(score) for score, rank in row.cells]])
        _table(document, headings, rows)
    document.add_heading("计分方法", level=2)
    document.add_paragraph(FORMULA)
    document.add_paragraph(report.rollup_text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
