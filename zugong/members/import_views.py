"""The member import page: upload, dry-run report, confirm — inline for a small file, as a background
``ImportJob`` for a large one. Either confirmation is decided once: the inline one claims the upload's token in
the transaction that writes the rows, the background one moves the job's status in one conditional UPDATE."""

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.access import DomainError
from zugong.core.downloads import xlsx_response
from zugong.core.forms import StyledFormMixin
from zugong.core.uploads import UploadField, apply_once, keep, uploads_root
from zugong.members import excel, tasks
from zugong.members.importer import HEADERS, REQUIRED, Importer, ImportReport
from zugong.members.models import ImportJob, Member
from zugong.members.services import MEMBER_KINDS
from zugong.organizations.selectors import organizations_visible_to, work_units_visible_to

SESSION_KEY = "member_imports"


class UploadForm(StyledFormMixin, forms.Form):
    workbook = UploadField(label=_("党员信息表（.xlsx）"))


def importer_for(user) -> Importer:
    orgs = organizations_visible_to(user, "members.change").open().filter(kind__in=MEMBER_KINDS)
    return Importer(user, orgs, work_units_visible_to(user).filter(is_closed=False))


def _inline_path(token: str) -> Path:
    return uploads_root() / f"{uuid.UUID(token).hex}.xlsx"


def member_import(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return _confirm_inline(request, token)
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        if upload.size > settings.ZUGONG_IMPORT_INLINE_BYTES:  # too long for one request: check in the background
            return redirect("members:import_job", pk=_start_job(request.user, upload).pk)
        token, report = _check_inline(request, form, upload)
    return render(request, "members/import.html", {
        "form": form, "report": report, "token": token, "headers": HEADERS, "required": REQUIRED,
    })


def _start_job(user, upload) -> ImportJob:
    job = ImportJob.objects.create(created_by=user, file_name=upload.name[:200], attempt=1)
    keep(upload, tasks.upload_path(job))
    tasks.run_import.enqueue(str(job.pk), False, 1)
    return job


def _check_inline(request, form, upload) -> tuple[str, ImportReport | None]:
    """The dry run of a small file; the file is kept (under a token of this session) only if it can be confirmed."""
    token = uuid.uuid4().hex
    path = keep(upload, _inline_path(token))
    try:
        report = importer_for(request.user).run(path, apply=False)
    except DomainError as error:  # not a readable workbook (WorkbookError): the message says why
        form.add_error("workbook", error.message)
        report = None
    if report is None or report.errors:
        path.unlink(missing_ok=True)
        return "", report
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
    return token, report


def _confirm_inline(request, token: str):
    if token not in request.session.get(SESSION_KEY, []):
        raise Http404
    path = _inline_path(token)
    if not path.exists():
        messages.error(request, "该文件已经导入，或已超过保存期限被删除；如需导入请重新上传")
        return redirect("members:import")
    try:
        report = apply_once(uuid.UUID(token), lambda: importer_for(request.user).run(path, apply=True),
                            lambda r: r.applied)
    except DomainError as error:  # confirmed twice (the other confirmation imported it), or unreadable now
        messages.error(request, error.message)
        return redirect("members:import")
    path.unlink(missing_ok=True)  # applied, or refused on the re-check: either way it is done with
    if report.applied:
        messages.success(request, f"导入完成：新增 {len(report.to_create)} 人，更新 {len(report.to_update)} 人，"
                                  f"未变化 {report.unchanged} 人。")
        return redirect("members:list")
    return render(request, "members/import.html", {"form": UploadForm(), "report": report})


SHOWN_ERRORS = 200  # a page lists this many bad rows of a background import; the whole list downloads as .xlsx


def _own_job(request, pk) -> ImportJob:
    if not request.user.has_capability("members.change"):
        raise Http404
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user)  # a job is its uploader's alone


def import_job(request, pk):
    """A background import: its progress bar (polled by htmx), then its report and the confirmation."""
    job = _own_job(request, pk)
    if request.method == "POST":
        refused = tasks.confirm(job)
        if refused:
            messages.error(request, refused)
        return redirect("members:import_job", pk=job.pk)
    job = tasks.detect_interruption(job)
    if job.status == ImportJob.Status.APPLYING and (counts := tasks.applying_progress(job)) is not None:
        job.rows_done, job.rows_total = counts  # shown, not saved: the job's row is the transaction's to update
    template = "members/_import_job.html" if request.headers.get("HX-Request") else "members/import_job.html"
    report = ImportReport.from_json(job.report) if "rows" in job.report else None
    return render(request, template, {
        "job": job, "report": report, "errors_shown": report.errors[:SHOWN_ERRORS] if report is not None else [],
        "upload_kept": (kept := tasks.upload_path(job).exists()), "interrupted_message": tasks.INTERRUPTED_MESSAGE,
        "confirm_url": reverse("members:import_job", args=[job.pk]) if kept else "",
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
