"""Agency performance pages (/performance/): the templates (perspectives, weighted indicators, issuing the cards, the
year's periods and results), a period (the 四个一 steps, scores, ranks, the chart, the .xlsx ranking, the 通报
.docx), an agency's card (its targets and breakdown, its totals over the periods, typing a period's values).

Who: reading needs ``organizations.view`` (``selectors``); the department's acts need ``organizations.change``
over the template's organization, an agency's acts the same over its card's organization (``services``).
Missing and forbidden are the same 404.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Avg, F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zugong.assessments import measures
from zugong.cadres.models import Cadre
from zugong.core.access import DomainError, get_in_scope, path_in_scope
from zugong.core.downloads import DOCX, xlsx_response
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.policy import policy_int
from zugong.organizations.selectors import organizations_visible_to
from zugong.performance import documents, exports, forms, policies, procedure, selectors, services
from zugong.performance.models import Actual, PeriodScore, Template

VIEW, RUN = selectors.VIEW, selectors.RUN
CHART_BARS = 50  # a layout choice: more bars than this do not read on a page


def _require_view(user) -> None:
    if not user.has_capability(VIEW):
        raise Http404


def _runs(user, template: Template) -> bool:
    return path_in_scope(user, RUN, template.org_path)


def _chart(chart_id: str, title: str, labels: list, values: list, urls: list) -> dict:
    return {"id": chart_id, "title": title, "labels": labels, "values": [float(v or 0) for v in values],
            "urls": urls, "unit": _("分"), "decimals": 2}


# --- templates ---------------------------------------------------------------------------------------------------

@require_GET
def template_list(request):
    _require_view(request.user)
    page, query = page_of(request, selectors.templates_visible_to(request.user).order_by("-year", "pk"))
    cards = selectors.cards_visible_to(request.user).order_by("-template__year", "org_path", "label", "pk")
    card_page, card_query = page_of(request, cards, "cards")
    return render(request, "performance/templates.html", {
        "page": page, "query": query, "cards": card_page, "card_query": card_query,
        "can_create": request.user.has_capability(RUN)})


@require_http_methods(["GET", "POST"])
def template_new(request):
    if not request.user.has_capability(RUN):
        raise Http404
    today = timezone.localdate()
    form = forms.TemplateForm(request.POST or None, initial={"year": today.year}, organizations=organizations_visible_to(
        request.user, RUN).open().order_by("depth", "path")[:200])
    return form_page(request, form, lambda d: services.create_template(
        request.user, d["organization"], d["year"], d["name"], d["source"]),
        done=lambda t: _("已新建计分卡模板「%(name)s」。") % {"name": t.name},
        then=lambda t: reverse("performance:template", args=[t.pk]),
        template="performance/form.html", context={"title": gettext_lazy("新建计分卡模板")})


@require_GET
def template_detail(request, pk):
    template = selectors.access_template(request.user, pk)
    runs = _runs(request.user, template)
    indicators = list(template.indicators.select_related("perspective"))
    for indicator in indicators:
        found = measures.REGISTRY.get(indicator.measure)
        setattr(indicator, "measure_label", _(found.label) if found else "")  # noqa: B010  (shown by the page)
    cards = selectors.cards_visible_to(request.user).filter(template=template)
    visible = set(cards.values_list("pk", flat=True))
    year = [row for row in selectors.year_results(template) if row.scorecard_id in visible]
    year_page, year_query = page_of(request, year, "year")
    periods = list(template.periods.all())
    means = dict(PeriodScore.objects.filter(period__template=template, scorecard__in=visible)
                 .order_by().values("period_id").annotate(mean=Avg("total")).values_list("period_id", "mean"))
    assessed = [p for p in periods if p.pk in means]
    chart = _chart("chart-trend", _("各期平均得分"), [_("第%(n)s期") % {"n": p.number} for p in assessed],
                   [means[p.pk] for p in assessed], [reverse("performance:period", args=[p.pk]) for p in assessed])
    issued = template.scorecards.exists()
    return render(request, "performance/template.html", {
        "template": template, "indicators": indicators, "perspectives": list(template.perspectives.all()),
        "weight_problem": services.weight_problem(template), "runs": runs, "issued": issued,
        "periods": periods, "year": year_page, "year_query": year_query, "chart": chart if assessed else None,
        "perspective_form": forms.PerspectiveForm() if runs and not issued else None,
        "card_count": len(visible)})


def _template_action(request, pk, action, done):
    template = selectors.access_template(request.user, pk)
    if not _runs(request.user, template):
        raise Http404
    try:
        outcome = action(template)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(outcome))
    return redirect("performance:template", pk=template.pk)


@require_POST
def perspective_new(request, pk):
    form = forms.PerspectiveForm(request.POST)
    if not form.is_valid():
        template = selectors.access_template(request.user, pk)
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("performance:template", pk=template.pk)
    return _template_action(request, pk, lambda t: services.add_perspective(request.user, t, form.cleaned_data["name"]),
                            lambda p: _("已添加维度「%(name)s」。") % {"name": p.name})


@require_http_methods(["GET", "POST"])
def indicator_new(request, pk):
    template = selectors.access_template(request.user, pk)
    if not _runs(request.user, template):
        raise Http404
    form = forms.IndicatorForm(request.POST or None, perspectives=template.perspectives.all())
    return form_page(request, form, lambda d: services.add_indicator(
        request.user, d["perspective"], objective=d["objective"], label=d["label"], unit=d["unit"], target=d["target"],
        weight=d["weight"], direction=d["direction"], measure=d["measure"]),
        done=lambda i: _("已添加衡量指标「%(label)s」。") % {"label": i.label},
        then=lambda i: reverse("performance:template", args=[template.pk]),
        template="performance/form.html", context={"title": gettext_lazy("添加衡量指标"), "template": template})


@require_POST
def template_issue(request, pk):
    return _template_action(request, pk, lambda t: services.issue_scorecards(request.user, t),
                            lambda n: _("已向%(count)s个机关下发计分卡。") % {"count": n})


@require_POST
def template_periods(request, pk):
    return _template_action(request, pk, lambda t: services.create_periods(request.user, t),
                            lambda n: _("已安排%(count)s期考核周期。") % {"count": n})


# --- a period ---------------------------------------------------------------------------------------------------------

@require_GET
def period_detail(request, pk):
    period = selectors.access_period(request.user, pk)
    template = period.template
    runs = _runs(request.user, template)
    scores = selectors.scores_visible_to(request.user, period).order_by("rank", "scorecard__label", "pk")
    page, query = page_of(request, scores)
    top = list(scores.order_by(F("total").desc(), "scorecard__label")[:CHART_BARS])
    chart = _chart("chart-ranking", _("各机关得分") if len(top) < CHART_BARS else _("得分前%(n)s名") % {"n": CHART_BARS},
                   [s.scorecard.label for s in top], [s.total for s in top],
                   [reverse("performance:card", args=[s.scorecard_id]) for s in top])
    step = procedure.next_step(period)
    step_form = None
    if runs and step is not None:
        step_form = forms.StepForm(initial={"done": step.done, "on": timezone.localdate()})
    laggard_count = policy_int(policies.LAGGARDS.key)
    laggards = []
    if period.is_assessed:  # ranks are the whole period's, so are the laggards; shown within the reader's scope
        visible = set(scores.values_list("pk", flat=True))
        laggards = [s for s in documents.laggards(list(period.scores.select_related("scorecard")), laggard_count)
                    if s.pk in visible]
    return render(request, "performance/period.html", {
        "period": period, "template": template, "page": page, "query": query, "runs": runs,
        "chart": chart if top else None, "step": step, "step_form": step_form, "laggards": laggards,
        "steps": [(s, getattr(period, s.day_field)) for s in procedure.STEPS],
        "refusal": procedure.refusal(period, step.done, timezone.localdate()) if step is not None else None,
        "can_bulletin": period.is_assessed and path_in_scope(request.user, VIEW, template.org_path)})


@require_POST
def period_step(request, pk):
    period = selectors.access_period(request.user, pk)
    if not _runs(request.user, period.template):
        raise Http404
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("performance:period", pk=period.pk)
    data = form.cleaned_data
    try:
        services.take_step(request.user, period, data["done"], data["on"], note=data["note"], number=data["number"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(period)s：已%(step)s。") % {
            "period": period, "step": _(procedure.BY_DONE[data["done"]].verb)})
    return redirect("performance:period", pk=period.pk)


@require_GET
def period_export(request, pk):
    period = selectors.access_period(request.user, pk)
    scores = list(selectors.scores_visible_to(request.user, period).order_by("rank", "scorecard__label", "pk"))
    return xlsx_response(exports.ranking_workbook(period, scores), f"performance-{period.pk}.xlsx")


@require_GET
def period_bulletin(request, pk):
    """The 通报 of an assessed period: the department's document, read by those who read its template's organization."""
    period = selectors.access_period(request.user, pk)
    if not period.is_assessed or not path_in_scope(request.user, VIEW, period.template.org_path):
        raise Http404
    scores = list(period.scores.select_related("scorecard").order_by("rank", "scorecard__label", "pk"))
    content = documents.bulletin(period, scores, policy_int(policies.LAGGARDS.key))
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=performance-{period.pk}-bulletin.docx"
    return response


# --- an agency's card ----------------------------------------------------------------------------------------------

@require_GET
def card_detail(request, pk):
    card = selectors.access_card(request.user, pk)
    template = card.template
    enters = path_in_scope(request.user, RUN, card.org_path)
    targets = list(card.targets.select_related("indicator__perspective"))
    lines = list(card.breakdowns.select_related("indicator", "cadre"))
    scores = list(card.scores.select_related("period").order_by("period__number"))
    periods = list(template.periods.all())
    chart = _chart("chart-card-trend", _("各期得分"), [_("第%(n)s期") % {"n": s.period.number} for s in scores],
                   [s.total for s in scores], [reverse("performance:period", args=[s.period_id]) for s in scores])
    open_periods = [p for p in periods if p.step in procedure.OPEN_FOR_ACTUALS]
    return render(request, "performance/card.html", {
        "card": card, "template": template, "targets": targets, "lines": lines, "scores": scores,
        "chart": chart if scores else None, "enters": enters, "open_periods": open_periods,
        "line_forms": [(line, forms.BreakdownActualForm(prefix=f"b{line.pk}", initial={
            "actual": line.actual, "evidence": line.evidence})) for line in lines] if enters else []})


@require_http_methods(["GET", "POST"])
def card_targets(request, pk):
    card = selectors.access_card(request.user, pk, for_change=True)
    targets = list(card.targets.select_related("indicator__perspective"))
    rows = [(t, forms.TargetForm(request.POST or None, prefix=f"t{t.pk}", initial={"target": t.target}))
            for t in targets]
    if request.method == "POST" and all(form.is_valid() for _t, form in rows):
        try:
            with transaction.atomic():
                for target, form in rows:
                    if form.cleaned_data["target"] != target.target:
                        services.set_card_target(request.user, target, form.cleaned_data["target"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已保存「%(card)s」的目标值。") % {"card": card.label})
            return redirect("performance:card", pk=card.pk)
    return render(request, "performance/targets.html", {"card": card, "rows": rows},
                  status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def breakdown_new(request, pk):
    card = selectors.access_card(request.user, pk, for_change=True)
    cadres = Cadre.objects.serving().under(card.org_path).order_by("name", "pk")
    form = forms.BreakdownForm(request.POST or None, indicators=card.template.indicators.all(), cadres=cadres)
    return form_page(request, form, lambda d: services.add_breakdown(
        request.user, card, d["indicator"], target=d["target"], part=d["part"], cadre=d["cadre"]),
        done=lambda line: _("已将「%(indicator)s」分解到「%(holder)s」。") % {
            "indicator": line.indicator.label, "holder": line.holder},
        then=lambda line: reverse("performance:card", args=[card.pk]),
        template="performance/form.html", context={"title": gettext_lazy("分解目标"), "card": card})


@require_POST
def breakdown_actual(request, pk, line_pk):
    card = selectors.access_card(request.user, pk, for_change=True)
    line = get_in_scope(card.breakdowns.select_related("indicator", "scorecard"), line_pk)
    form = forms.BreakdownActualForm(request.POST, prefix=f"b{line.pk}")
    if form.is_valid():
        try:
            services.enter_breakdown_actual(request.user, line, form.cleaned_data["actual"],
                                            form.cleaned_data["evidence"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已保存「%(holder)s」的年度完成值。") % {"holder": line.holder})
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("performance:card", pk=card.pk)


class _Refused(Exception):
    def __init__(self, form, field: str | None, message: str):
        super().__init__(message)
        self.form, self.field, self.message = form, field, message


@require_http_methods(["GET", "POST"])
def card_actuals(request, pk, period_pk):
    """Typing a period's values: one row per indicator the agency types (computed ones are measured at the
    assessment), all saved in one transaction or none."""
    card = selectors.access_card(request.user, pk, for_change=True)
    period = get_in_scope(card.template.periods.all(), period_pk)
    refused = procedure.actuals_refusal(period)
    typed = [i for i in card.template.indicators.select_related("perspective")
             if not (i.measure and measures.measure_available(i.measure))]
    have = {a.indicator_id: a for a in Actual.objects.filter(period=period, scorecard=card)}
    targets = {t.indicator_id: t.target for t in card.targets.all()}
    rows = []
    for indicator in typed:
        kept = have.get(indicator.pk)
        form = forms.ActualForm(request.POST or None, request.FILES or None, prefix=f"i{indicator.pk}",
                                initial={"value": kept.value, "evidence": kept.evidence} if kept else None)
        rows.append((indicator, targets.get(indicator.pk, indicator.target), kept, form))
    if request.method == "POST" and refused is None and all(row[3].is_valid() for row in rows):
        try:
            with transaction.atomic():
                for indicator, _target, _kept, form in rows:
                    data = form.cleaned_data
                    try:
                        services.enter_actual(request.user, period, card, indicator, data["value"], data["evidence"],
                                              data["evidence_file"])
                    except DomainError as error:
                        raise _Refused(form, error.field, error.message) from error
        except _Refused as failed:
            failed.form.add_error(failed.field if failed.field in failed.form.fields else None, failed.message)
        else:
            messages.success(request, _("已保存%(period)s的完成值。") % {"period": period})
            return redirect("performance:card", pk=card.pk)
    return render(request, "performance/actuals.html", {
        "card": card, "period": period, "rows": rows, "refusal": refused},
        status=422 if request.method == "POST" else 200)


@require_GET
def evidence_file(request, pk, actual_pk):
    card = selectors.access_card(request.user, pk)
    actual = get_in_scope(Actual.objects.filter(scorecard=card).exclude(evidence_file=""), actual_pk)
    name = actual.evidence_file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    return FileResponse(actual.evidence_file.open("rb"), as_attachment=True,
                        filename=f"performance-{card.pk}-{actual.pk}.{extension}")

