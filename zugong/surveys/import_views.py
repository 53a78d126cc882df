"""The import of paper questionnaires (纸质问卷导入): upload with the questions this file must answer, then a
background job — its progress (polled by htmx), its problems summarised by kind (all of them as .xlsx), and the
confirmation that writes every row or none."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.downloads import xlsx_response
from zugong.core.forms import StyledFormMixin
from zugong.core.uploads import UploadField, keep
from zugong.members.excel import import_errors_workbook
from zugong.surveys import import_tasks, selectors, services
from zugong.surveys.importer import REQUIRED, SheetImportReport
from zugong.surveys.models import Indicator, SheetImportJob, Survey

ENTER = "surveys.enter"
RECENT_JOBS = 10


class UploadForm(StyledFormMixin, forms.Form):
    DESIGN, MAIN, CHOSEN = "design", "main", "chosen"

    workbook = UploadField(label=_("纸质问卷录入表（.xlsx）"))
    must_answer = forms.ChoiceField(label=_("本文件须作答的题目"), widget=forms.RadioSelect, initial=DESIGN, choices=[
        (DESIGN, _("问卷设计中的必答题")), (MAIN, _("只有计入主要指标的题目")), (CHOSEN, _("下面勾选的题目"))])
    questions = forms.MultipleChoiceField(label=_("勾选须作答的题目"), required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("must_answer", "questions"):  # radios and boxes, not text inputs
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.survey_questions = services.questions_of(survey)
        questions = self.fields["questions"]
        assert isinstance(questions, forms.MultipleChoiceField)
        questions.choices = [(str(q.pk), (_("第%(number)s题 %(text)s") % {"number": q.number, "text": q.text})[:60])
                             for q in self.survey_questions]
        self.fields["questions"].initial = [str(q.pk) for q in self.survey_questions if q.required]

    def required_questions(self) -> list[int]:
        """The ids of the questions the file must answer, as chosen."""
        choice = self.cleaned_data["must_answer"]
        if choice == self.MAIN:
            return [q.pk for q in self.survey_questions
                    if q.indicator is not None and q.indicator.level == Indicator.Level.MAIN]
        if choice == self.CHOSEN:
            return [int(pk) for pk in self.cleaned_data["questions"]]
        return [q.pk for q in self.survey_questions if q.required]

    def clean(self):
        data = super().clean() or {}
        if data.get("must_answer") == self.CHOSEN and not data.get("questions"):
            self.add_error("questions", "请勾选至少一道须作答的题目，或选择上面的其他方式")
        return data


def _tabs(survey: Survey) -> dict:
    return {"survey": survey, "survey_tab": "import", "can_enter": True}


def import_sheets(request, pk):
    """Upload: the file is kept and checked in the background; the job's page follows its progress."""
    survey = selectors.access_survey(request.user, pk, ENTER)
    is_open = survey.status == Survey.Status.OPEN
    form = UploadForm(request.POST or None, request.FILES or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        if not is_open:
            form.add_error("workbook", "本调查未开始或已结束，不能导入")
        else:
            upload = form.cleaned_data["workbook"]
            job = SheetImportJob.objects.create(survey=survey, created_by=request.user, file_name=upload.name[:200],
                                                required=form.required_questions(), attempt=1)
            keep(upload, import_tasks.upload_path(job))
            import_tasks.start(job)
            return redirect("surveys:import_job", pk=survey.pk, job_pk=job.pk)
    jobs = SheetImportJob.objects.filter(survey=survey, created_by=request.user)[:RECENT_JOBS]
    return render(request, "surveys/import.html", {**_tabs(survey), "form": form, "is_open": is_open, "jobs": jobs,
                                                   "required_columns": REQUIRED})


def _own_job(request, pk, job_pk) -> SheetImportJob:
    survey = selectors.access_survey(request.user, pk, ENTER)
    return get_object_or_404(SheetImportJob.objects.select_related("survey"), pk=job_pk, survey=survey,
                             created_by=request.user)  # a job is its uploader's alone


def import_job(request, pk, job_pk):
    """A job: its progress bar (polled by htmx while it runs), then its report and the confirmation."""
    job = _own_job(request, pk, job_pk)
    if request.method == "POST":
        refused = import_tasks.confirm(job)
        if refused:
            messages.error(request, refused)
        return redirect("surveys:import_job", pk=job.survey_id, job_pk=job.pk)
    job = import_tasks.detect_interruption(job)
    if job.status == SheetImportJob.Status.APPLYING and (counts := import_tasks.applying_progress(job)) is not None:
        job.rows_done, job.rows_total = counts  # shown, not saved: the job's row is the transaction's to update
    report = SheetImportReport.from_json(job.report) if "rows" in job.report else None
    template = "surveys/_import_job.html" if request.headers.get("HX-Request") else "surveys/import_job.html"
    can_confirm = (report is not None and not report.problems and not report.applied
                   and job.status in (SheetImportJob.Status.CHECKED, SheetImportJob.Status.INTERRUPTED)
                   and import_tasks.plan_path(job).exists())
    questions = {q.pk: q.number for q in services.questions_of(job.survey)}
    return render(request, template, {
        **_tabs(job.survey), "job": job, "report": report, "kinds": report.kinds() if report else [],
        "can_confirm": can_confirm,
        "can_recheck": job.status == SheetImportJob.Status.INTERRUPTED and import_tasks.upload_path(job).exists(),
        "required_numbers": sorted(questions[pk] for pk in job.required if pk in questions)})


@require_GET
def import_job_problems(request, pk, job_pk):
    """Every problem of a checked job (行号, 列, 问题), as .xlsx."""
    job = _own_job(request, pk, job_pk)
    report = SheetImportReport.from_json(job.report)
    if not report.problems:
        return redirect("surveys:import_job", pk=job.survey_id, job_pk=job.pk)
    return xlsx_response(import_errors_workbook(report.errors), f"survey-{job.survey_id}-import-problems.xlsx")


urlpatterns = [
    path("<int:pk>/import/", import_sheets, name="import"),
    path("<int:pk>/import/<uuid:job_pk>/", import_job, name="import_job"),
    path("<int:pk>/import/<uuid:job_pk>/problems.xlsx", import_job_problems, name="import_job_problems"),
]
