"""The .xlsx of a round's results (考核结果): one row per target with each criterion's points, the total, grade and
rank; a second sheet with each score's explanation or evidence. Every cell through ``write_cell(s)``."""

import io

from zugong.assessments.models import Result, Round
from zugong.core.downloads import new_workbook, write_cell, write_cells


def round_workbook(round_: Round, results: list[Result]) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1})
    criteria = list(round_.scheme.criteria.all())

    sheet = book.add_worksheet("考核结果")
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 4 + len(criteria), 10)
    status = "已定稿" if round_.is_finalized else "进行中，尚未定稿"
    write_cell(sheet, 0, 0, f"{round_.name}（{round_.starts_on:%Y-%m-%d}至{round_.ends_on:%Y-%m-%d}，{status}）", title)
    write_cells(sheet, 2, 0, ["名次", "考核对象", *[f"{c.label}（{c.max_points.normalize():f}分）" for c in criteria],
                              "总分", "等次", "未完成基本任务"], head)
    explained = book.add_worksheet("计分说明")
    explained.set_column(0, 1, 30)
    explained.set_column(2, 3, 10)
    explained.set_column(4, 4, 60)
    write_cells(explained, 0, 0, ["考核对象", "考核指标", "得分", "计分方式", "计算说明或评分依据"], head)
    line = 1
    for row, result in enumerate(results, start=3):
        scores = {s.criterion_id: s for s in result.scores.all()}
        points = [scores[c.pk].points if c.pk in scores else None for c in criteria]
        write_cells(sheet, row, 0, [result.rank, result.target_label, *points, result.total, result.grade_label,
                                    "是" if result.missed_basic_tasks else ""], cell)
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is None:
                continue
            how = "计算" if score.computed_at and not score.entered_by_id else "录入"
            write_cells(explained, line, 0, [result.target_label, criterion.label, score.points, how,
                                             score.explanation if how == "计算" else score.evidence], cell)
            line += 1
    book.close()
    return buffer.getvalue()
