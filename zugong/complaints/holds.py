"""The 12380 hold source: an open report about a candidate's cadre holds the selection case (暂缓); closed, the hold
is released by itself (a source is asked each time, nothing is stored)."""

from collections.abc import Iterable

from zugong.appointments.holds import register_hold_source
from zugong.appointments.models import SelectionCase
from zugong.appointments.procedure import HoldReason
from zugong.complaints.models import Report


def open_reports(case: SelectionCase) -> Iterable[HoldReason]:
    candidates = {c.cadre_id: c for c in case.candidates.filter(dropped_reason="", cadre__isnull=False)}
    if not candidates:
        return
    for cadre_id, number in Report.objects.open().filter(cadre_id__in=list(candidates)).values_list(
            "cadre_id", "number"):
        candidate = candidates[cadre_id]
        yield HoldReason("reports12380", f"{candidate.name}有12380举报（{number}）尚未查结",
                         "《党政领导干部选拔任用工作条例》第四十八条（对反映问题的，查清后再作决定）", candidate.pk)


register_hold_source("reports12380", "12380举报未查结", open_reports)
