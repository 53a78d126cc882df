"""Holds (暂缓): reasons a case may not be decided on or its candidates appointed while something is open.

A hold source is a function of the case returning ``HoldReason``s (``procedure.HoldReason``: a code, the reason
as the refusal says it, its source, and the candidate concerned or None for the whole case). The procedure's
decision function refuses 讨论决定 and 任职 while any source gives a reason for the candidate (or the case).

Built in:
- ``manual``: holds placed by hand on the case page (stored ``Hold`` rows not yet lifted);
- ``opinion``: an unfavourable 酝酿 opinion (纪委监委 / 政法 / 信访 / 审计) not yet resolved;
- ``personal_report``: a candidate's personal-matters report under check (核查中, 凡提必查) or whose check found an
  omission or concealment still being dealt with (no 函询 or 诫勉 recorded after the check: ``cadres.supervision``).

Another app adds its own source from its ``AppConfig.ready`` — the 12380 reports app will do::

    from zugong.appointments.holds import register_hold_source
    from zugong.appointments.procedure import HoldReason

    def open_reports(case):
        for candidate in case.candidates.all():
            if Report.objects.open().filter(cadre=candidate.cadre).exists():
                yield HoldReason("reports12380", f"{candidate.name}有12380举报尚未查结",
                                 "《党政领导干部选拔任用工作条例》第四十八条", candidate.pk)

    register_hold_source("reports12380", "12380举报未查结", open_reports)

A source must be cheap (one or two queries per case) and must not change anything.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from zugong.appointments.models import Hold, Opinion, SelectionCase
from zugong.appointments.procedure import HoldReason
from zugong.cadres.models import PersonalMattersReport, Talk

HoldSource = Callable[[SelectionCase], Iterable[HoldReason]]


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    function: HoldSource


SOURCES: dict[str, Source] = {}


def register_hold_source(code: str, label: str, function: HoldSource) -> None:
    if code in SOURCES and SOURCES[code].function is not function:
        raise ValueError(f"hold source {code} registered twice")
    SOURCES[code] = Source(code, label, function)


def holds_on(case: SelectionCase) -> list[HoldReason]:
    """Every open reason to hold the case, from every registered source."""
    return [reason for source in SOURCES.values() for reason in source.function(case)]


def _manual(case: SelectionCase) -> Iterable[HoldReason]:
    for hold in case.holds.filter(lifted_on__isnull=True).select_related("candidate__cadre"):
        who = f"{hold.candidate.name}：" if hold.candidate else ""
        yield HoldReason("manual", f"{who}{hold.reason}", f"{hold.placed_on:%Y-%m-%d}决定暂缓",
                         hold.candidate_id)


def _opinions(case: SelectionCase) -> Iterable[HoldReason]:
    for opinion in case.opinions.filter(favourable=False, resolved_on__isnull=True).select_related(
            "candidate__cadre"):
        who = f"{opinion.candidate.name}：" if opinion.candidate else ""
        yield HoldReason("opinion", f"{who}{opinion.get_source_display()}反映问题尚未查清（{opinion.content}）",
                         "《党政领导干部选拔任用工作条例》第三十一条（酝酿时听取纪检监察机关意见）",
                         opinion.candidate_id)


def _personal_reports(case: SelectionCase) -> Iterable[HoldReason]:
    handled = Talk.objects.filter(cadre=OuterRef("cadre"), kind__in=(Talk.Kind.LETTER_INQUIRY, Talk.Kind.ADMONITION),
                                  held_on__gte=OuterRef("spot_checked_on"))
    candidates = {c.cadre_id: c for c in case.candidates.filter(dropped_reason="").select_related("cadre")}
    SpotCheck = PersonalMattersReport.SpotCheck
    found = (PersonalMattersReport.objects.filter(cadre_id__in=list(candidates), spot_check__in=[
        SpotCheck.MINOR_OMISSION, SpotCheck.CONCEALED]).exclude(Exists(handled)))
    checking = PersonalMattersReport.objects.filter(cadre_id__in=list(candidates), spot_check=SpotCheck.CHECKING)
    for report in (*checking, *found):
        candidate = candidates[report.cadre_id]
        state = ("正在查核，结果未出" if report.spot_check == SpotCheck.CHECKING
                 else f"抽查为「{report.get_spot_check_display()}」，尚在核查处理中")
        yield HoldReason("personal_report", f"{candidate.name}{report.year}年度个人有关事项报告{state}",
                         "《领导干部报告个人有关事项规定》（2017）第十四条、第十六条", candidate.pk)


register_hold_source("manual", "暂缓决定", _manual)
register_hold_source("opinion", "酝酿中反映问题未查清", _opinions)
register_hold_source("personal_report", "个人有关事项报告核查中", _personal_reports)

__all__ = ["Hold", "HoldReason", "Opinion", "holds_on", "register_hold_source"]
