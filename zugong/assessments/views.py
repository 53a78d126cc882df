"""Assessment pages (/assessments/): the schemes (a top administrator edits points and bands in place), the rounds
(list, open, a round's targets × criteria with the computed values and their explanation, recompute, finalize),
score entry (one target's entered criteria, or one criterion for every target), the results (ranking, chart,
grades stacked per organization one level below, .xlsx, the 通报 .docx) and a target's own result.

Who: reading needs ``organizations.view`` (a township sees the county's round it is assessed in, with its own
results only); running a round needs ``organizations.change`` over the round's organization (``selectors``).
Missing and forbidden are the same 404.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zugong.assessments import documents, exports, forms, measures, selectors, services
from zugong.assessments.models import Criterion, Round, Score
from zugong.core.access import DomainError, get_in_scope, path_in_scope
from zugong.core.downloads import DOCX, xlsx_response
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.policy import may_change_policy
from zugong.core.tree import SEGMENT_WIDTH
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to
from zugong.surveys.selectors import surveys_visible_to

VIEW, RUN = selectors.VIEW, selectors.RUN
ENTRY_PAGE = 50
CHART_BARS = 50  # a layout choice: more bars than this do not read on a page


def _require_view(user) -> None:
    if not user.has_capability(VIEW):
        raise Http404


def _may_edit_schemes(user) -> bool:
    return user.has_capability("policy.change") and may_change_policy(user)


# --- schemes -------------------------------------------------------------------------------------------------------

@require_GET
def scheme_list(request):
    _require_view(request.user)
    return render(request, "assessments/schemes.html", {"schemes": selectors.schemes()})


def _scheme_page(request, scheme, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    can_edit = _may_edit_schemes(request.user)
    criteria = [(c, bound.get(("c", c.pk)) or forms.CriterionPointsForm(prefix=f"c{c.pk}",
                                                                         initial={"max_points": services.shown(c.max_points)}))
                for c in scheme.criteria.all()]
    grades = [(g, bound.get(("g", g.pk)) or forms.GradeBandForm(prefix=f"g{g.pk}", initial={
        "min_total": services.shown(g.min_total), "max_share_percent": g.max_share_percent})) for g in scheme.grades.all()]
    for criterion, _form in criteria:
        found = measures.REGISTRY.get(criterion.measure)
        criterion.measure_label = _(found.label) if found else criterion.measure  # marked by gettext_noop
    return render(request, "assessments/scheme.html", {
        "scheme": scheme, "criteria": criteria, "grades": grades, "can_edit": can_edit,
        "share_label": _("比例上限（%）")}, status=status)


@require_GET
def scheme_detail(request, pk):
    _require_view(request.user)
    return _scheme_page(request, get_in_scope(selectors.schemes(), pk))


def _scheme_change(request, pk, item_pk, kind: str):
    _require_view(request.user)
    scheme = get_in_scope(selectors.schemes(), pk)
    if not _may_edit_schemes(request.user):
        raise Http404
    if kind == "c":
        item = get_in_scope(scheme.criteria.all(), item_pk)
        form = forms.CriterionPointsForm(request.POST, prefix=f"c{item.pk}")
    else:
        item = get_in_scope(scheme.grades.all(), item_pk)
        form = forms.GradeBandForm(request.POST, prefix=f"g{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "c":
                services.set_criterion_points(request.user, item, data["max_points"])
                messages.success(request, _("已调整「%(label)s」的分值。") % {"label": item.label})
            else:
                services.set_grade_band(request.user, item, data["min_total"], data["max_share_percent"])
                messages.success(request, _("已调整等次「%(label)s」。") % {"label": item.label})
            return redirect("assessments:scheme", pk=scheme.pk)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return _scheme_page(request, get_in_scope(selectors.schemes(), pk), bound={(kind, item.pk): form}, status=422)


@require_POST
def criterion_points(request, pk, item_pk):
    return _scheme_change(request, pk, item_pk, "c")


@require_POST
def grade_band(request, pk, item_pk):
    return _scheme_change(request, pk, item_pk, "g")


# --- rounds --------------------------------------------------------------------------------------------------------

@require_GET
def round_list(request):
    _require_view(request.user)
    form = forms.RoundFilterForm(request.GET or None, schemes=selectors.schemes(),
                                 organizations=organizations_visible_to(request.user, VIEW).open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    rounds = selectors.rounds_visible_to(request.user)
    if data.get("scheme"):
        rounds = rounds.filter(scheme=data["scheme"])
    if data.get("year"):
        rounds = rounds.filter(year=data["year"])
    if data.get("organization"):
        rounds = rounds.filter(organization=data["organization"])
    page, query = page_of(request, rounds.order_by("-year", "-pk"))
    return render(request, "assessments/rounds.html", {
        "form": form, "page": page, "query": query, "can_open": request.user.has_capability(RUN)})


@require_http_methods(["GET", "POST"])
def round_new(request):
    if not request.user.has_capability(RUN):
        raise Http404
    today = timezone.localdate()
    year = today.year - 1 if today.month < 7 else today.year
    initial = {"year": year, "starts_on": today.replace(year=year, month=1, day=1),
               "ends_on": today.replace(year=year, month=12, day=31)}
    if request.GET.get("scheme", "").isdigit():
        initial["scheme"] = int(request.GET["scheme"])
    form = forms.RoundForm(request.POST or None, initial=initial, schemes=selectors.schemes(),
                           organizations=organizations_visible_to(request.user, RUN).open(),
                           surveys=surveys_visible_to(request.user).order_by("-pk"))
    return form_page(request, form, lambda d: services.open_round(
        request.user, d["scheme"], d["organization"], year=d["year"], starts_on=d["starts_on"], ends_on=d["ends_on"],
        name=d["name"], survey=d["survey"]),
        done=lambda r: _("已发起考核「%(name)s」。") % {"name": r.name},
        then=lambda r: reverse("assessments:round", args=[r.pk]),
        template="assessments/form.html", context={"title": gettext_lazy("发起考核")})


def _editable(score: Score) -> bool:
    """The scores a person may type: an entered criterion, or a computed one the records could not measure."""
    criterion = score.criterion
    computes = criterion.method == Criterion.Method.COMPUTED and measures.measure_available(criterion.measure)
    return not (computes and score.value is not None)


def _chart(round_: Round, visible, count: int) -> dict:
    """The totals of the first ``CHART_BARS`` targets by total (a county-wide member round has thousands)."""
    top = list(visible.order_by(F("total").desc(nulls_last=True), "org_path", "pk")
               .values_list("pk", "target_label", "total")[:CHART_BARS])
    title = _("各考核对象总分") if count <= CHART_BARS else _("总分前%(n)s名") % {"n": CHART_BARS}
    return {"id": "chart-ranking", "title": title, "labels": [label for _pk, label, _t in top],
            "values": [float(total or 0) for _pk, _l, total in top],
            "urls": [reverse("assessments:result", args=[round_.pk, pk]) for pk, _l, _t in top], "unit": _("分")}


def _grade_chart(round_: Round, visible) -> dict | None:
    """A finalized round's grades per organization one level below the round's (a township's villages counted
    under the township), stacked, in the grades' order; none when the reader sees a single such organization, or
    each of them holds one target (a township ranking: the ranking chart says it)."""
    start = len(round_.org_path) + 1
    counted = (visible.order_by().annotate(child=Substr("org_path", start, SEGMENT_WIDTH)).exclude(grade_label="")
               .values("child", "grade_label").annotate(n=Count("pk")).values_list("child", "grade_label", "n"))
    cells: dict[tuple[str, str], int] = {(child, grade): n for child, grade, n in counted}
    children = sorted({child for child, _grade in cells})
    if len(children) < 2 or sum(cells.values()) <= len(children):
        return None
    names = dict(Organization.objects.filter(parent=round_.organization).annotate(
        segment=Substr("path", start, SEGMENT_WIDTH)).values_list("segment", "name"))
    own = _("%(name)s（本级）") % {"name": round_.organization.name}
    labels = [names.get(child, own) if child else own for child in children]
    grades = [g.label for g in round_.scheme.grades.all()]
    return {"id": "chart-grades", "title": _("各下级党组织的考核等次"), "labels": labels, "unit": _("个"),
            "series": [{"name": grade, "values": [cells.get((child, grade), 0) for child in children]}
                       for grade in grades]}


@require_GET
def round_detail(request, pk):
    round_ = selectors.access_round(request.user, pk)
    results = selectors.results_visible_to(request.user, round_).order_by("rank", "org_path", "pk")
    page, query = page_of(request, results)
    criteria = list(round_.scheme.criteria.all())
    rows = []
    for result in page:
        by_criterion = {s.criterion_id: s for s in result.scores.all()}
        rows.append({"result": result, "cells": [(c, by_criterion.get(c.pk)) for c in criteria]})
    visible = results.prefetch_related(None).select_related(None)  # counted and charted in the database
    count = page.paginator.count
    can_run = path_in_scope(request.user, RUN, round_.org_path) and not round_.is_finalized
    missing = Score.objects.filter(result__in=visible.values("pk"), points__isnull=True).count()
    grades = dict(visible.exclude(grade_label="").order_by().values("grade_label").annotate(n=Count("pk"))
                  .values_list("grade_label", "n"))
    return render(request, "assessments/round.html", {
        "round": round_, "criteria": criteria, "rows": rows, "page": page, "query": query, "can_run": can_run,
        "missing": missing, "grades": [(g.label, grades.get(g.label, 0)) for g in round_.scheme.grades.all()],
        "chart": _chart(round_, visible, count) if count else None, "partial": count < round_.results.count(),
        "grade_chart": _grade_chart(round_, visible) if count and round_.is_finalized else None,
        "can_bulletin": path_in_scope(request.user, RUN, round_.org_path),
        "entered": _typed_criteria(round_, criteria) if can_run else []})


def _typed_criteria(round_: Round, criteria: list[Criterion]) -> list[Criterion]:
    """The criteria someone types for some target: entered ones, and computed ones the records could not measure
    for at least one target (no members owing dues, a measure not connected yet)."""
    unmeasured = set(Score.objects.filter(result__round=round_, value__isnull=True,
                                          criterion__method=Criterion.Method.COMPUTED)
                     .values_list("criterion_id", flat=True))
    return [c for c in criteria if c.method == Criterion.Method.ENTERED or not measures.measure_available(c.measure)
            or c.pk in unmeasured]


def _round_action(request, pk, action, done) -> HttpResponse:
    round_ = selectors.access_round(request.user, pk, for_change=True)
    try:
        outcome = action(round_)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(outcome))
    return redirect("assessments:round", pk=round_.pk)


@require_POST
def round_compute(request, pk):
    return _round_action(request, pk, lambda r: services.compute_round(request.user, r),
                         lambda n: _("已按今天的记录重新计算，更新%(count)s项得分。") % {"count": n})


@require_POST
def round_finalize(request, pk):
    return _round_action(request, pk, lambda r: services.finalize_round(request.user, r),
                         lambda r: _("「%(name)s」已定稿：总分、等次、名次不再更改。") % {"name": r.name})


# --- score entry ---------------------------------------------------------------------------------------------------

class _Refused(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _save_scores(request, form: forms.ScoresForm) -> int:
    """Every typed score through the service in one transaction: a refusal keeps nothing and names its row."""
    entries = form.entries()
    try:
        with transaction.atomic():
            for score, points, evidence, upload in entries:
                try:
                    services.enter_score(request.user, score, points, evidence=evidence, evidence_file=upload)
                except DomainError as error:
                    key = "evidence" if error.field == "evidence" else "points"
                    raise _Refused(f"s{score.pk}-{key}", error.message) from error
    except _Refused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return -1
    return len(entries)


def _entry_page(request, round_: Round, scores: list[Score], *, row_label, title, subtitle, with_files, page=None,
                query=""):
    form = forms.ScoresForm(request.POST or None, request.FILES or None, scores=scores, row_label=row_label,
                            with_files=with_files)
    if request.method == "POST" and form.is_valid():
        saved = _save_scores(request, form)
        if saved >= 0:
            messages.success(request, _("已保存%(count)s项得分。") % {"count": saved})
            return redirect("assessments:round", pk=round_.pk)
    return render(request, "assessments/entry.html", {
        "round": round_, "form": form, "rows": form.bound_rows(), "title": title, "subtitle": subtitle,
        "with_files": with_files, "page": page, "query": query},
        status=422 if request.method == "POST" else 200)


def _open_for_entry(request, pk) -> Round:
    round_ = selectors.access_round(request.user, pk, for_change=True)
    if round_.is_finalized:
        messages.error(request, _("「%(name)s」已定稿，考核结果不再更改。") % {"name": round_.name})
    return round_


@require_http_methods(["GET", "POST"])
def enter_target(request, pk, result_pk):
    round_ = _open_for_entry(request, pk)
    if round_.is_finalized:
        return redirect("assessments:round", pk=round_.pk)
    result = get_in_scope(selectors.results_visible_to(request.user, round_, RUN), result_pk)
    scores = [s for s in result.scores.select_related("criterion").order_by("criterion__order", "pk") if _editable(s)]
    return _entry_page(request, round_, scores, row_label=lambda s: s.criterion.label,
                       title=_("录入得分：%(target)s") % {"target": result.target_label},
                       subtitle=_("本对象由考核人录入的各项指标"), with_files=True)


@require_http_methods(["GET", "POST"])
def enter_criterion(request, pk, criterion_pk):
    round_ = _open_for_entry(request, pk)
    if round_.is_finalized:
        return redirect("assessments:round", pk=round_.pk)
    criterion = get_in_scope(round_.scheme.criteria.all(), criterion_pk)
    results = selectors.results_visible_to(request.user, round_, RUN).order_by("org_path", "pk")
    page, query = page_of(request, results, size=ENTRY_PAGE)
    scores = [s for s in Score.objects.filter(result__in=[r.pk for r in page], criterion=criterion)
              .select_related("criterion", "result").order_by("result__org_path", "result__pk") if _editable(s)]
    return _entry_page(request, round_, scores, row_label=lambda s: s.result.target_label,
                       title=_("录入得分：%(criterion)s") % {"criterion": criterion.label},
                       subtitle=_("分值%(points)s分。%(guidance)s") % {"points": services.shown(criterion.max_points),
                                                                   "guidance": criterion.guidance},
                       with_files=False, page=page, query=query)


@require_GET
def evidence_file(request, pk, score_pk):
    round_ = selectors.access_round(request.user, pk)
    score = get_in_scope(Score.objects.filter(result__in=selectors.results_visible_to(request.user, round_))
                         .exclude(evidence_file=""), score_pk)
    extension = score.evidence_file.name.rsplit(".", 1)[-1].lower() if "." in score.evidence_file.name else "bin"
    return FileResponse(score.evidence_file.open("rb"), as_attachment=True,
                        filename=f"assessment-{round_.pk}-{score.pk}.{extension}")


# --- results -------------------------------------------------------------------------------------------------------

@require_GET
def result_detail(request, pk, result_pk):
    round_ = selectors.access_round(request.user, pk)
    result = get_in_scope(selectors.results_visible_to(request.user, round_), result_pk)
    scores = sorted(result.scores.all(), key=lambda s: (s.criterion.order, s.pk))
    return render(request, "assessments/result.html", {
        "round": round_, "result": result, "scores": scores, "of": round_.results.count(),
        "can_enter": path_in_scope(request.user, RUN, result.org_path) and not round_.is_finalized
        and path_in_scope(request.user, RUN, round_.org_path)})


@require_GET
def round_export(request, pk):
    round_ = selectors.access_round(request.user, pk)
    results = list(selectors.results_visible_to(request.user, round_).order_by("rank", "org_path", "pk"))
    return xlsx_response(exports.round_workbook(round_, results), f"assessment-{round_.pk}.xlsx")


@require_GET
def round_bulletin(request, pk):
    """The 通报 of a finalized round: the issuing organization's document (those who run the round)."""
    round_ = selectors.access_round(request.user, pk, for_change=True)
    if not round_.is_finalized:
        raise Http404
    results = list(round_.results.select_related("grade").order_by("rank", "org_path", "pk"))
    response = HttpResponse(documents.bulletin(round_, results), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=assessment-{round_.pk}-bulletin.docx"
    return response
