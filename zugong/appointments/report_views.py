"""The 一报告 page (D3): a year's selection work under a committee of the viewer's scope, and its .docx / PDF."""

from django import forms
from django.core.validators import MaxValueValidator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.appointments.annual_report import annual_report, report_paper
from zugong.appointments.documents import paper_response
from zugong.core.forms import StyledFormMixin
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, tree_filter_field
from zugong.surveys.models import Survey

VIEW = "appointments.view"
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the field's bounds; a year after this one is refused in words below


class ReportForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    root = forms.ModelChoiceField(label=_("党委"), queryset=Organization.objects.none(), required=False,
                                  empty_label=_("全部（本人管理范围）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].validators.append(MaxValueValidator(this_year, _("年度不能晚于今年")))
        self.fields["year"].widget.attrs["max"] = this_year
        tree_filter_field(self, "root", organizations_visible_to(user, VIEW).open().exclude(
            kind=Organization.Kind.BRANCH), _("全部（本人管理范围）"))


def _report(request):
    if not request.user.has_capability(VIEW):
        raise Http404
    today = timezone.localdate()
    form = ReportForm(request.GET or {"year": today.year}, user=request.user)
    if not form.is_valid():
        return form, None
    root = form.cleaned_data["root"] or Organization.objects.get(path=request.user.scope_prefixes(VIEW)[0])
    return form, annual_report(root, form.cleaned_data["year"])


@require_GET
def report_page(request):
    form, report = _report(request)
    review = None
    if report is not None:
        review = Survey.objects.filter(kind=Survey.Kind.REPORT_REVIEW, year=report.year,
                                       organization=report.root).first()
    return render(request, "appointments/annual_report.html", {
        "form": form, "report": report, "review": review,
        "query": request.GET.urlencode()})


@require_GET
def report_document(request, fmt):
    form, report = _report(request)
    if report is None:
        raise Http404
    return paper_response(report_paper(report), fmt, f"selection-report-{report.year}-{report.root.pk}")


urlpatterns = [
    path("report/", report_page, name="annual_report"),
    path("report.<str:fmt>", report_document, name="annual_report_document"),
]
