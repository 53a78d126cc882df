"""Pages of paper questionnaires (纸质问卷): keyboard-fast entry, the sheets with their mismatches and how one is
resolved, the import template (the import itself: ``import_views``) and the answers' export for analysis."""


from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from zugong.core.access import get_in_scope
from zugong.core.downloads import xlsx_response
from zugong.core.forms_helpers import run_service
from zugong.surveys import excel, selectors, services
from zugong.surveys.entry_forms import AnswersForm, PaperSheetForm, resolve_initial, shown_value
from zugong.surveys.models import PaperSheet, Survey

ENTER = "surveys.enter"
OUTCOMES = {
    PaperSheet.Status.DONE: (messages.SUCCESS, "问卷编号「{}」已入库"),
    PaperSheet.Status.AWAITING_SECOND: (messages.SUCCESS, "问卷编号「{}」已保存第一次录入，等待另一名录入员第二次录入"),
    PaperSheet.Status.MISMATCH: (messages.WARNING, "问卷编号「{}」两次录入不一致，已列入待核对"),
}
TODAY_KEY = "survey_paper_today"  # {survey pk: [iso day, sheets typed]} — the teller's own count of the day


def _tabs(survey: Survey, tab: str) -> dict:
    return {"survey": survey, "survey_tab": tab, "can_enter": True}


# --- entry ------------------------------------------------------------------------------------------------------


def paper(request, pk):
    survey = selectors.access_survey(request.user, pk, ENTER)
    groups = selectors.groups_visible_to(request.user, survey, ENTER)
    chosen = groups.filter(pk=request.GET.get("group") or 0).first() or (groups.first() if groups.count() == 1 else None)
    form = PaperSheetForm(request.POST or None, groups=groups, questions=services.questions_of(survey),
                          initial={"group": chosen.pk if chosen else None})
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        sheet = run_service(form, lambda: services.enter_paper_sheet(
            request.user, survey, group=group, number=form.cleaned_data["number"], raw=form.raw))
        if sheet is not None:
            level, text = OUTCOMES[sheet.status]
            messages.add_message(request, level, text.format(sheet.number))
            _count_today(request, survey)
            return redirect(f"{reverse('surveys:paper', args=[survey.pk])}?group={group.pk}")
    return render(request, "surveys/paper.html", {
        **_tabs(survey, "paper"), "form": form, "rows": form.question_rows(), "counts": _counts(request, survey),
        "focus_group": not form.is_bound and chosen is None, "is_open": survey.status == Survey.Status.OPEN})


def _count_today(request, survey: Survey) -> None:
    today = timezone.localdate().isoformat()
    counts = request.session.get(TODAY_KEY, {})
    day, typed = counts.get(str(survey.pk), [today, 0])
    counts[str(survey.pk)] = [today, (typed if day == today else 0) + 1]
    request.session[TODAY_KEY] = counts


def _counts(request, survey: Survey) -> dict:
    today = timezone.localdate().isoformat()
    day, typed = request.session.get(TODAY_KEY, {}).get(str(survey.pk), [today, 0])
    sheets = selectors.sheets_visible_to(request.user, survey)
    by_status = dict(sheets.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {"today": typed if day == today else 0,
            "awaiting": by_status.get(PaperSheet.Status.AWAITING_SECOND, 0),
            "awaiting_others": sheets.filter(status=PaperSheet.Status.AWAITING_SECOND)
                                     .exclude(first_by=request.user).count(),
            "mismatch": by_status.get(PaperSheet.Status.MISMATCH, 0),
            "done": by_status.get(PaperSheet.Status.DONE, 0)}


# --- sheets and mismatches ------------------------------------------------------------------------------------------

MISMATCH_FIRST = Case(When(status=PaperSheet.Status.MISMATCH, then=Value(0)),
                      When(status=PaperSheet.Status.AWAITING_SECOND, then=Value(1)),
                      default=Value(2), output_field=IntegerField())


@require_GET
def sheets(request, pk):
    survey = selectors.access_survey(request.user, pk, ENTER)
    visible = selectors.sheets_visible_to(request.user, survey)
    counts = dict(visible.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    status = request.GET.get("status", "")
    shown = visible.filter(status=status) if status in PaperSheet.Status.values else visible
    shown = (shown.select_related("group__organization", "first_by", "second_by")
             .annotate(urgency=MISMATCH_FIRST).order_by("urgency", "number", "pk"))
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    return render(request, "surveys/sheets.html", {
        **_tabs(survey, "paper"), "page": page, "status": status, "query": f"status={status}",
        "statuses": [(value, label, counts.get(value, 0)) for value, label in PaperSheet.Status.choices],
        "total": sum(counts.values())})


def sheet_resolve(request, pk, sheet_pk):
    survey = selectors.access_survey(request.user, pk, ENTER)
    sheet = get_in_scope(selectors.sheets_visible_to(request.user, survey), sheet_pk)
    questions = services.questions_of(survey)
    groups = selectors.groups_visible_to(request.user, survey, ENTER)
    form = AnswersForm(request.POST or None, groups=groups, questions=questions,
                       initial=resolve_initial(sheet, questions))
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.resolve_mismatch(
            request.user, sheet, group=form.cleaned_data["group"], raw=form.raw))
        if done is not None:
            messages.success(request, f"问卷编号「{sheet.number}」已按原件核定并入库")
            return redirect(f"{reverse('surveys:sheets', args=[survey.pk])}?status={PaperSheet.Status.MISMATCH}")
    return render(request, "surveys/sheet_resolve.html", {
        **_tabs(survey, "paper"), "sheet": sheet, "form": form, "rows": _compared(sheet, form),
        "group_rows": _compared_groups(sheet, groups),
        "pending": sheet.status == PaperSheet.Status.MISMATCH})


def _compared(sheet: PaperSheet, form: AnswersForm) -> list[dict]:
    differ = set(services.mismatched_questions(sheet)) if sheet.status == PaperSheet.Status.MISMATCH else set()
    second = sheet.second_entry or {}
    rows = form.question_rows()
    for row in rows:
        key = str(row["question"].pk)
        row["first"] = shown_value(row["question"], sheet.first_entry.get(key))
        row["second"] = shown_value(row["question"], second.get(key)) if sheet.second_entry is not None else ""
        row["differs"] = row["question"].pk in differ
    first_differing = next((row for row in rows if row["differs"]), None)
    if first_differing is not None and 0 not in differ:
        first_differing["focus"] = True  # the teller starts where the paper has to be read again
    return rows


def _compared_groups(sheet: PaperSheet, groups) -> dict:
    second_pk = (sheet.second_entry or {}).get("group", sheet.group_id)
    second = groups.filter(pk=second_pk).first() if second_pk != sheet.group_id else sheet.group
    return {"first": sheet.group, "second": second if sheet.second_entry is not None else None,
            "differs": sheet.status == PaperSheet.Status.MISMATCH and 0 in services.mismatched_questions(sheet)}


# --- import and export ----------------------------------------------------------------------------------------------


@require_GET
def import_template(request, pk):
    survey = selectors.access_survey(request.user, pk, ENTER)
    groups = selectors.groups_visible_to(request.user, survey, ENTER)
    return xlsx_response(excel.import_template(survey, groups), f"survey-{survey.pk}-import-template.xlsx")


@require_GET
def export(request, pk):
    """The answers of the groups the user covers, for analysis: no code, no invitee, no sheet number."""
    survey = selectors.access_survey(request.user, pk, "surveys.view")
    groups = selectors.groups_visible_to(request.user, survey, "surveys.view")
    return xlsx_response(excel.export_answers(survey, groups), f"survey-{survey.pk}-answers.xlsx")


urlpatterns = [
    path("<int:pk>/paper/", paper, name="paper"),
    path("<int:pk>/paper/sheets/", sheets, name="sheets"),
    path("<int:pk>/paper/sheets/<int:sheet_pk>/", sheet_resolve, name="sheet_resolve"),
    path("<int:pk>/import/template.xlsx", import_template, name="import_template"),
    path("<int:pk>/export.xlsx", export, name="export"),
]
