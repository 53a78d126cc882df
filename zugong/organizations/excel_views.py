"""Excel pages of the organization tree and work units: exports that follow the list's filters, and imports in
the member import's order — upload and check (every bad row listed, nothing written), then a confirmation that
applies every row or none. ``inline_import`` is that page for any small register (the reserve pool uses it too):
a clean file is kept under a one-time token of the session until it is confirmed; the confirmation claims the
token in the transaction that writes the rows (``core.uploads.apply_once``), so a second click changes nothing."""

import uuid
from collections.abc import Callable
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.access import DomainError
from zugong.core.downloads import xlsx_response
from zugong.core.forms import StyledFormMixin
from zugong.core.uploads import UploadField, apply_once, keep, uploads_root
from zugong.organizations import excel, selectors

SESSION_KEY = "sheet_imports"
TEMPLATE = "organizations/xlsx_import.html"


class UploadForm(StyledFormMixin, forms.Form):
    workbook = UploadField(label=_("Excel 文件（.xlsx）"))


def _kept(token: str) -> Path:
    return uploads_root() / f"sheet-{uuid.UUID(token).hex}.xlsx"


def inline_import(request, run: Callable, *, page: str, context: dict, done: str):
    """The whole import page: ``run(path, apply=…)`` returns the report; ``page`` names this import in the
    session (a token is accepted only by the page that issued it); ``done`` is where an applied import goes."""
    key = f"{SESSION_KEY}:{page}"
    token = request.POST.get("token", "")
    context = {**context, "report": None, "token": ""}
    if request.method == "POST" and token:
        if token not in request.session.get(key, []):
            raise Http404
        path = _kept(token)
        if not path.exists():
            messages.error(request, "该文件已经导入，或已超过保存期限被删除；如需导入请重新上传")
            return redirect(request.path)
        try:
            report = apply_once(uuid.UUID(token), lambda: run(path, apply=True), lambda r: r.applied)
        except DomainError as error:  # confirmed twice, or the file cannot be read any more
            messages.error(request, error.message)
            return redirect(request.path)
        path.unlink(missing_ok=True)
        if report.applied:
            messages.success(request, f"导入完成：新增 {len(report.to_create)} 条，更新 {len(report.to_update)} 条，"
                                      f"未变化 {report.unchanged} 条。")
            return redirect(done)
        return render(request, TEMPLATE, {**context, "form": UploadForm(), "report": report})
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = uuid.uuid4().hex
        path = keep(form.cleaned_data["workbook"], _kept(token))
        try:
            report = run(path, apply=False)
        except DomainError as error:  # not a readable workbook: the message says why
            form.add_error("workbook", error.message)
            report = None
        if report is None or report.errors or not report.rows:
            path.unlink(missing_ok=True)
            token = ""
        else:
            request.session[key] = [*request.session.get(key, [])[-9:], token]
        context |= {"report": report, "token": token}
    return render(request, TEMPLATE, {**context, "form": form})


def _require_change(request) -> None:
    if not request.user.has_capability("organizations.change"):
        raise Http404


def _filtered_organizations(request):
    organizations = selectors.organizations_visible_to(request.user).open()
    if query := request.GET.get("q", "").strip()[:100]:
        organizations = organizations.filter(name__contains=query)
    return organizations


def _filtered_units(request):
    units = selectors.work_units_visible_to(request.user).filter(is_closed=False)
    if query := request.GET.get("q", "").strip()[:100]:
        units = units.filter(name__contains=query)
    if kind := request.GET.get("kind", ""):
        units = units.filter(kind=kind)
    return units


@require_GET
def export_organizations(request):
    """The organizations the tree page shows (or its search finds), with the import's columns."""
    return xlsx_response(excel.export_organizations(_filtered_organizations(request)), "organizations.xlsx")


@require_GET
def export_units(request):
    """The units the list shows (its search and kind), with the import's columns."""
    return xlsx_response(excel.export_units(_filtered_units(request)), "work-units.xlsx")


ORG_INTRO = _("列与“导出 Excel”相同。党组织用从最高层起的全称路径指明，如“示范县委/东风镇党委”：上级党组织加名称"
              "与已有党组织相同的，更新其组织类别、所属领域、成立日期和联系电话；其余在上级党组织下新建（上级党组织可以是"
              "本表前面新建的）。改名、调整隶属关系和撤销请在党组织页面办理。")
UNIT_INTRO = _("列与“导出 Excel”相同。统一社会信用代码与已有单位相同的（未填代码时，单位名称和主管党组织都相同的）"
               "更新该单位，其余新建。主管党组织、覆盖的党组织用从最高层起的全称路径指明，如“示范县委/东风镇党委/东风村党支部”。")


def import_organizations(request):
    _require_change(request)
    return inline_import(
        request, lambda path, apply: excel.import_organizations(request.user, path, apply=apply), page="organizations",
        done="organizations:tree", context={"title": _("导入党组织（Excel）"), "intro": ORG_INTRO, "required": excel.ORG_REQUIRED,
                                    "back_url": "organizations:tree", "back_label": _("组织体系")})


def import_units(request):
    _require_change(request)
    return inline_import(
        request, lambda path, apply: excel.import_units(request.user, path, apply=apply), page="units",
        done="organizations:unit_list", context={"title": _("导入单位（Excel）"), "intro": UNIT_INTRO, "required": excel.UNIT_REQUIRED,
                                    "back_url": "organizations:unit_list", "back_label": _("单位")})
