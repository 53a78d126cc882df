"""The development cases' Excel pages: the list's export, and the import — upload, check (every problem listed,
nothing written), confirm (the kept file applied once under the page's one-time token, all rows or none)."""

import uuid
from collections.abc import Callable
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import described_filters, record_id_export
from zugong.core.downloads import xlsx_response
from zugong.core.forms import StyledFormMixin
from zugong.core.uploads import UploadField, apply_once, keep, uploads_root
from zugong.development import case_excel, case_importer
from zugong.development.forms import CaseFilterForm
from zugong.members.services import MEMBER_KINDS
from zugong.organizations.selectors import (
    organizations_visible_to,
    scope_roots,
    work_units_visible_to,
)

SESSION_KEY = "development_imports"


class UploadForm(StyledFormMixin, forms.Form):
    workbook = UploadField(label=_("发展党员档案表（.xlsx）"))


@require_GET
def case_export(request):
    """The list page's cases under its filters; full ID numbers only for a role that may see every one."""
    form = CaseFilterForm(request.GET or None, organizations=organizations_visible_to(request.user).open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    cases = case_excel.filtered_cases(request.user, data, bool(request.GET))
    full = all(path_in_scope(request.user, "members.identity", p) for p in request.user.scope_prefixes("members.view"))
    if full:
        scope = data.get("organization") or scope_roots(request.user, "members.view").first()
        record_id_export(request.user, scope, register="发展党员档案", filters=described_filters(form, data),
                         count=cases.count())
    return xlsx_response(case_excel.export_cases(cases, full_id_numbers=full),
                         f"development-{timezone.localdate():%Y%m%d}.xlsx")


def _run(user) -> Callable:
    organizations = organizations_visible_to(user, "members.change").open().filter(kind__in=MEMBER_KINDS)
    units = work_units_visible_to(user).filter(is_closed=False)
    return lambda path, apply: case_importer.import_cases(user, path, organizations, units, apply=apply)


def case_import(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    return import_page(request, run=_run(request.user), session_key=SESSION_KEY,
                       template="development/import.html", done="development:list",
                       done_message=lambda r: f"导入完成：新登记 {len(r.to_create)} 人，补登步骤 {r.steps} 个"
                                              f"（{len(r.to_update)} 份已有档案），未变化 {r.unchanged} 份。",
                       context={"headers": case_excel.headers(), "required": case_importer.REQUIRED,
                                "new_required": case_importer.NEW_CASE_REQUIRED})


def _inline_path(token: str) -> Path:
    return uploads_root() / f"{uuid.UUID(token).hex}.xlsx"


def import_page(request, *, run: Callable, session_key: str, template: str, done: str, done_message: Callable,
                context: dict, upload_form: type[forms.Form] = UploadForm):
    """Upload → check (the file kept under a token of this session only if it can be confirmed) → confirm →
    apply once. ``run(path, apply)`` returns a report with ``errors`` and ``applied``; ``upload_form`` has one
    ``workbook`` field."""
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return _confirm(request, token, run, session_key, template, done, done_message,
                        {**context, "form": upload_form()})
    form = upload_form(request.POST or None, request.FILES or None)
    report = None
    token = ""
    if request.method == "POST" and form.is_valid():
        token = uuid.uuid4().hex
        path = keep(form.cleaned_data["workbook"], _inline_path(token))
        try:
            report = run(path, False)
        except DomainError as error:  # not a readable workbook (WorkbookError): the message says why
            form.add_error("workbook", error.message)
        if report is None or report.errors:
            path.unlink(missing_ok=True)
            token = ""
        else:
            request.session[session_key] = [*request.session.get(session_key, [])[-9:], token]
    return render(request, template, {**context, "form": form, "report": report, "token": token})


def _confirm(request, token: str, run, session_key, template, done, done_message, context):
    if token not in request.session.get(session_key, []):
        raise Http404
    try:
        path = _inline_path(token)
    except ValueError:
        raise Http404 from None
    if not path.exists():
        messages.error(request, "该文件已经导入，或已超过保存期限被删除；如需导入请重新上传")
        return redirect(request.path)
    try:
        report = apply_once(uuid.UUID(token), lambda: run(path, True), lambda r: r.applied)
    except DomainError as error:  # confirmed twice (the other confirmation imported it), or unreadable now
        messages.error(request, error.message)
        return redirect(request.path)
    path.unlink(missing_ok=True)  # applied, or refused on the re-check: either way it is done with
    if report.applied:
        messages.success(request, done_message(report))
        return redirect(done)
    return render(request, template, {**context, "report": report, "token": ""})
