"""The results report of a survey (seed 002's table): scores, changes, differences from the averages, ranks,
the children's table, charts and the shares of single-choice questions; its .docx; the outside averages form.

Every page takes the survey through ``selectors.access_survey`` and shows only ``selectors.shown_nodes``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.access import DomainError, path_in_scope
from zugong.core.policy import policy_int
from zugong.surveys import report_docs, scoring, selectors, services
from zugong.surveys.models import ExternalAverage, Indicator, Question, Survey
from zugong.surveys.policies import MIN_GROUP_SIZE, ROLLUP_CHILDREN_MEAN
from zugong.surveys.report_forms import AveragesForm

LEVELS = [level for level, _label in ExternalAverage.Level.choices]
SHARE_KINDS = {Survey.Kind.ELECTION_CONDUCT, Survey.Kind.REPORT_REVIEW, Survey.Kind.THREE_DEGREE}


def signed(value: Decimal | None) -> str:
    """A difference as the report prints it: +3.94 / -1.20 / 0.00 ('' when there is none)."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else f"{value}"


@dataclass
class ChildRow:
    node: scoring.Node
    cells: list[tuple[Decimal | None, scoring.Rank | None]]  # per main indicator: score, rank among siblings


@dataclass
class QuestionShares:
    question: Question
    shares: list[scoring.Share] | None  # None: the node is hidden
    total: int = 0


@dataclass
class Report:
    """Everything the page and the .docx show for one organization of one survey."""

    survey: Survey
    results: scoring.Results
    node: scoring.Node
    shown: list[scoring.Node]
    main: list[scoring.IndicatorLine]
    secondary: list[scoring.IndicatorLine]
    main_indicators: list[Indicator]
    children: list[ChildRow]
    previous: scoring.Results | None
    shares: list[QuestionShares] = field(default_factory=list)
    sort: str = ""

    @property
    def rollup_text(self) -> str:
        if self.results.children_mean:
            return str(_("上级单位得分取其下级单位得分的平均数（本单位直接调查的答卷视为一个下级单位）"))
        return str(_("上级单位得分合并其下全部答卷计算（Σ分值 ÷ 计分答案数）"))

    @property
    def policy_note(self) -> str:
        return str(_("政策规则「%(a)s」= %(x)s；「%(b)s」= %(n)s份")) % {
            "a": ROLLUP_CHILDREN_MEAN.shown_label, "x": policy_int(ROLLUP_CHILDREN_MEAN.key),
            "b": MIN_GROUP_SIZE.shown_label, "n": self.results.min_group}


def display_line(line: scoring.IndicatorLine) -> dict:
    """One line of the table as printed (strings; '' where there is nothing to compare with)."""
    rank = line.rank
    return {
        "indicator": line.indicator, "score": line.score, "respondents": line.respondents,
        "last_year": line.last_year, "change": signed(line.change),
        "averages": [(line.averages.get(level), signed(line.versus_averages.get(level))) for level in LEVELS],
        "parent_score": line.parent_score, "versus_parent": signed(line.versus_parent),
        "rank": f"第{rank.position}/{rank.of}" if rank else "",
        "gap_above": rank.gap_above if rank else None, "gap_below": rank.gap_below if rank else None,
        "ancestors": [(versus.score, signed(versus.difference)) for versus in line.ancestors],
    }


def _node_for(request, results: scoring.Results) -> tuple[scoring.Node, list[scoring.Node]]:
    shown = selectors.shown_nodes(request.user, results)
    if not shown:
        raise Http404("未找到该记录，或不在您的权限范围内")
    wanted = request.GET.get("org", "")
    if not wanted:
        return shown[0], shown
    if not wanted.isdigit():
        raise Http404("未找到该记录，或不在您的权限范围内")
    node = next((n for n in shown if n.pk == int(wanted)), None)
    if node is None:  # outside the user's scope, or not in this survey's report: the same answer
        raise Http404("未找到该记录，或不在您的权限范围内")
    return node, shown


def _children(results: scoring.Results, node: scoring.Node, main: list[Indicator], sort: str) -> list[ChildRow]:
    ranks = {ind.pk: scoring.sibling_ranks(results, node, ind.pk) for ind in main}
    rows = [ChildRow(child, [(child.score(ind.pk), ranks[ind.pk].get(child.pk)) for ind in main])
            for child in node.children]
    codes = [ind.code for ind in main]
    if sort in codes:  # like the statistics breakdown: highest first; hidden ones last
        index = codes.index(sort)
        rows.sort(key=lambda r: (r.cells[index][0] is None, -(r.cells[index][0] or 0)))
    return rows


def _shares(survey: Survey, results: scoring.Results, node: scoring.Node) -> list[QuestionShares]:
    questions = survey.questions.filter(kind=Question.Kind.SINGLE).prefetch_related("options").order_by("number")
    found = []
    for question in questions:
        shares = scoring.option_shares(results, node, question)
        found.append(QuestionShares(question, shares, sum(s.count for s in shares) if shares else 0))
    return found


def build_report(request, survey: Survey) -> Report:
    results = scoring.compute(survey)
    node, shown = _node_for(request, results)
    previous = scoring.previous_results(survey)
    lines = scoring.lines_for(results, node, previous)
    main_indicators = [ind for ind in results.indicators if ind.level == Indicator.Level.MAIN]
    sort = request.GET.get("sort", "")
    return Report(
        survey=survey, results=results, node=node, shown=shown, previous=previous, sort=sort,
        main=[line for line in lines if line.indicator.level == Indicator.Level.MAIN],
        secondary=[line for line in lines if line.indicator.level == Indicator.Level.SECONDARY],
        main_indicators=main_indicators, children=_children(results, node, main_indicators, sort),
        shares=_shares(survey, results, node),
    )


def _charts(report: Report) -> tuple[list[dict], dict | None]:
    """ECharts specs in the statistics charts' JSON-in-page convention (``static/js/charts.js``)."""
    charts = []
    for number, indicator in enumerate(report.main_indicators):
        rows = [(row.node, row.cells[number][0]) for row in report.children if row.cells[number][0] is not None]
        if not rows:
            continue
        charts.append({"id": f"chart-children-{number + 1}", "title": _("%(indicator)s（按下级单位）") % {"indicator": indicator.name},
                       "labels": [n.organization.name for n, _s in rows], "values": [float(s) for _n, s in rows],
                       "urls": [f"?org={n.pk}" for n, _s in rows], "unit": "分", "decimals": 2})
    lines = [line for line in report.main + report.secondary if line.score is not None]
    years = {"id": "chart-years", "title": str(_("本年与上年得分对比")), "labels": [ln.indicator.name for ln in lines],
             "unit": "分", "series": [{"name": _("%(year)s年") % {"year": report.survey.year}, "values": [float(ln.score) for ln in lines]}]}
    if report.previous is not None:
        years["series"].append({"name": _("%(year)s年") % {"year": report.previous.survey.year},
                                "values": [float(ln.last_year) if ln.last_year is not None else None for ln in lines]})
    return charts, (years if lines else None)


@require_GET
def report(request, pk):
    survey = selectors.access_survey(request.user, pk)
    data = build_report(request, survey)
    params = request.GET.copy()
    params.pop("sort", None)
    children_charts, years_chart = _charts(data)
    return render(request, "surveys/report.html", {
        "survey": survey, "survey_tab": "report", "report": data, "node": data.node,
        "main_rows": [display_line(line) for line in data.main],
        "secondary_rows": [display_line(line) for line in data.secondary],
        "can_enter": path_in_scope(request.user, "surveys.enter", survey.org_path),
        "can_manage": path_in_scope(request.user, "surveys.manage", survey.org_path),
        "show_shares": survey.kind in SHARE_KINDS, "children_charts": children_charts, "years_chart": years_chart,
        "query": params.urlencode(), "levels": ExternalAverage.Level.choices,
        "ancestors": scoring.ancestors_of(data.node),
        "days": scoring.days_of(survey),
    })


@require_GET
def report_docx(request, pk):
    survey = selectors.access_survey(request.user, pk)
    data = build_report(request, survey)
    response = HttpResponse(report_docs.report_document(data), content_type=report_docs.DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''survey-{survey.pk}-{data.node.pk}.docx"
    return response


def averages(request, pk):
    """Enter the outside averages (全国、全区（省）、全市) per indicator; an emptied box removes the value."""
    survey = selectors.manageable_survey(request.user, pk)
    indicators = list(survey.indicators.all())
    current = {(a.indicator_id, a.level): a.value for a in survey.external_averages.all()}
    form = AveragesForm(request.POST or None, indicators=indicators, levels=LEVELS, current=current)
    if request.method == "POST" and form.is_valid() and _save_averages(request.user, survey, form, current):
        messages.success(request, _("外部平均分已保存"))
        return redirect(reverse("surveys:report", args=[survey.pk]))
    return render(request, "surveys/report_averages.html", {
        "survey": survey, "survey_tab": "report", "form": form, "rows": form.rows(),
        "levels": ExternalAverage.Level.choices,
        "can_enter": path_in_scope(request.user, "surveys.enter", survey.org_path),
    })


def _save_averages(user, survey: Survey, form: AveragesForm, current: dict) -> bool:
    """All changed boxes, or none: every refusal is shown on its box, and then nothing is kept."""
    with transaction.atomic():
        for name, indicator, level in form.boxes():
            value = form.cleaned_data.get(name)
            if value == current.get((indicator.pk, level)):
                continue
            try:
                with transaction.atomic():
                    services.set_external_average(user, survey, indicator, level, value)
            except DomainError as error:
                form.add_error(name, error.message)
        if form.errors:
            transaction.set_rollback(True)
            return False
    return True


urlpatterns = [
    path("<int:pk>/report/", report, name="report"),
    path("<int:pk>/report.docx", report_docx, name="report_docx"),
    path("<int:pk>/averages/", averages, name="averages"),
]
