"""Pages of the cadre imports (干部导入): a workbook (.xlsx) and a batch of 任免审批表 (.lrmx). "检查" reports every
problem and writes nothing; "导入" checks again and writes all or nothing, once per page (a second click of the
same page changes nothing and says so)."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from zugong.cadres import importer
from zugong.core.forms import StyledFormMixin
from zugong.core.submissions import OnceOnlyForm
from zugong.core.uploads import UploadField, UploadsField, check_or_apply
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to


class XlsxImportForm(StyledFormMixin, OnceOnlyForm):
    workbook = UploadField(label=_("干部信息表（.xlsx）"))


class LrmxImportForm(StyledFormMixin, OnceOnlyForm):
    organization = forms.ModelChoiceField(label=_("新干部的管理单位"), queryset=Organization.objects.none())
    files = UploadsField(label=_("LRMX 文件"), extensions=(".lrmx", ".xml"), allow_empty_file=True,  # named below
                         error_messages={"required": "请选择至少一个 .lrmx 文件"})

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: f"{'　' * (o.depth - 1)}{o.name}"
        self.fields["files"].widget.attrs["accept"] = ".lrmx,.xml"


def _page(request, form, run, template: str, fresh) -> object:
    report = check_or_apply(request, form, run) if request.method == "POST" and form.is_valid() else None
    if report is not None and report.applied:  # done: the page offers a fresh upload (and a fresh token)
        form = fresh()
    return render(request, template, {"form": form, "report": report, "required": importer.REQUIRED})


def xlsx_import(request):
    """Cadres from .xlsx: check reports every bad row; import applies all rows or none."""
    if not request.user.has_capability("cadres.change"):
        raise Http404
    form = XlsxImportForm(request.POST or None, request.FILES or None)
    return _page(request, form, lambda apply: importer.import_cadres(
        request.user, form.cleaned_data["workbook"], apply=apply), "cadres/xlsx_import.html", XlsxImportForm)


def lrmx_import(request):
    """A batch of .lrmx files: every file checked, every bad file listed; all imported or none."""
    if not request.user.has_capability("cadres.change"):
        raise Http404
    organizations = organizations_visible_to(request.user, "cadres.change").open()
    form = LrmxImportForm(request.POST or None, request.FILES or None, organizations=organizations)
    return _page(request, form, lambda apply: importer.import_lrmx(
        request.user, [(f.name, f.read()) for f in form.cleaned_data["files"]], form.cleaned_data["organization"],
        apply=apply), "cadres/lrmx_import.html", lambda: LrmxImportForm(organizations=organizations))


urlpatterns = [
    path("import/lrmx/", lrmx_import, name="lrmx_import"),
    path("import/xlsx/", xlsx_import, name="xlsx_import"),
]
