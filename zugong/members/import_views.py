"""The member import page: upload, dry-run report, confirm."""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.downloads import xlsx_response
from zugong.core.forms import StyledFormMixin
from zugong.members import excel
from zugong.members.importer import HEADERS, REQUIRED, Importer, ImportReport
from zugong.members.models import ImportJob, Member
from zugong.members.services import MEMBER_KINDS
from zugong.members.tasks import UPLOADS, applying_progress, run_import, upload_path
from zugong.organizations.selectors import organizations_visible_to, work_units_visible_to

SESSION_KEY = "member_imports"


class UploadForm(StyledFormMixin, forms.Form):
    workbook = forms.FileField(label=_("党员信息表（.xlsx）"))

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件"))
        return upload


def importer_for(user) -> Importer:
    orgs = organizations_visible_to(user, "members.change").open().filter(kind__in=MEMBER_KINDS)
    return Importer(user, orgs, work_units_visible_to(user).filter(is_closed=False))


def member_import(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        if token not in request.session.get(SESSION_KEY, []):
            raise Http404
        path = UPLOADS / f"{token}.xlsx"
        report = importer_for(request.user).run(path, apply=True)
        if report.applied:
            path.unlink(missing_ok=True)
            messages.success(request, f"导入完成：新增 {len(report.to_create)} 人，更新 {len(report.to_update)} 人，"
                                      f"未变化 {report.unchanged} 人。")
            return redirect("members:list")
        return render(request, "members/import.html", {"form": UploadForm(), "report": report})
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        if upload.size > settings.ZUGONG_IMPORT_INLINE_BYTES:  # too long for one request: check in the background
            job = ImportJob.objects.create(created_by=request.user, file_name=upload.name[:200])
            _save(upload, upload_path(job))
            run_import.enqueue(str(job.pk), False)
            return redirect("members:import_job", pk=job.pk)
        token = uuid.uuid4().hex
        _save(upload, UPLOADS / f"{token}.xlsx")
        request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
        try:
            report = importer_for(request.user).run(UPLOADS / f"{token}.xlsx", apply=False)
        except Exception:  # not a readable workbook at all
            form.add_error("workbook", _("无法读取该文件，请确认是 Excel（.xlsx）工作簿"))
            token = ""
    return render(request, "members/import.html", {
        "form": form, "report": report, "token": token, "headers": HEADERS, "required": REQUIRED,
    })


def _save(upload, path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


SHOWN_ERRORS = 200  # a page lists this many bad rows of a background import; the whole list downloads as .xlsx


def _own_job(request, pk) -> ImportJob:
    if not request.user.has_capability("members.change"):
        raise Http404
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user)  # a job is its uploader's alone


def import_job(request, pk):
    """A background import: its progress bar (polled by htmx), then its report and the confirmation."""
    job = _own_job(request, pk)
    if request.method == "POST":
        report = ImportReport.from_json(job.report)
        confirmed = not report.errors and upload_path(job).exists() and ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.CHECKED).update(status=ImportJob.Status.QUEUED, rows_done=0)
        if confirmed:
            run_import.enqueue(str(job.pk), True)
        else:
            messages.error(request, "该文件未通过检查或已经导入，不能再次确认导入")
        return redirect("members:import_job", pk=job.pk)
    if job.status == ImportJob.Status.APPLYING and (counts := applying_progress(job)) is not None:
        job.rows_done, job.rows_total = counts  # shown, not saved: the job's row is the transaction's to update
    template = "members/_import_job.html" if request.headers.get("HX-Request") else "members/import_job.html"
    report = ImportReport.from_json(job.report) if "rows" in job.report else None
    return render(request, template, {
        "job": job, "report": report, "errors_shown": report.errors[:SHOWN_ERRORS] if report is not None else [],
    })


@require_GET
def import_job_errors(request, pk):
    """The bad rows of a checked background import, all of them, as .xlsx."""
    job = _own_job(request, pk)
    report = ImportReport.from_json(job.report)
    if not report.errors:
        raise Http404
    return xlsx_response(excel.import_errors_workbook(report.errors), "member-import-problems.xlsx")


@require_GET
def import_template(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    content = excel.export_members(Member.objects.none(), full_id_numbers=True)
    return xlsx_response(content, "member-import-template.xlsx")
