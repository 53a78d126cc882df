"""The .xlsx of a period's ranking (考核排名): one row per agency with each indicator's value and points, the
total and the rank. Every cell through ``write_cell(s)``."""

import io

from zugong.core.downloads import new_workbook, write_cell, write_cells
from zugong.core.policy import policy_int
from zugong.performance import policies, scoring
from zugong.performance.models import Actual, CardTarget, Period, PeriodScore


def ranking_workbook(period: Period, scores: list[PeriodScore]) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1})
    indicators = list(period.template.indicators.select_related("perspective"))
    cap = policy_int(policies.ACHIEVEMENT_CAP_PERCENT.key)
    cards = [s.scorecard_id for s in scores]
    actual = {(a.scorecard_id, a.indicator_id): a.value
              for a in Actual.objects.filter(period=period, scorecard_id__in=cards)}
    targets = {(t.scorecard_id, t.indicator_id): t.target for t in CardTarget.objects.filter(scorecard_id__in=cards)}

    sheet = book.add_worksheet("考核排名")
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 3 + 2 * len(indicators), 11)
    write_cell(sheet, 0, 0, f"{period.template.name} {period}", title)
    labels = []
    for i in indicators:
        labels += [f"{i.perspective.name}·{i.label}（完成值）", f"{i.label}（得分，权重{i.weight.normalize():f}）"]
    write_cells(sheet, 2, 0, ["名次", "机关", *labels, "总分", "未填报指标数"], head)
    for row, score in enumerate(scores, start=3):
        values = []
        for i in indicators:
            value = actual.get((score.scorecard_id, i.pk))
            target = targets.get((score.scorecard_id, i.pk), i.target)
            values += [value, scoring.points(i.weight, i.direction, target, value, cap)]
        write_cells(sheet, row, 0, [score.rank, score.scorecard.label, *values, score.total, score.missing], cell)
    book.close()
    return buffer.getvalue()
