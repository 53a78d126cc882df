"""Pages of the cadres' supervision (干部监督): talks (谈话函询) and personal-matters reports (个人有关事项报告).

Every page needs ``cadres.supervision`` over the cadre (or, for lists, somewhere): anyone else gets 404.
"""

import datetime as dt

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.cadres import supervision
from zugong.cadres.models import PersonalMattersReport, Talk
from zugong.core import bounds
from zugong.core.access import path_in_scope
from zugong.core.downloads import XLSX
from zugong.core.forms import DateInput, StyledFormMixin
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.submissions import OnceOnlyForm, fields_of
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, tree_filter_field

SpotCheck = PersonalMattersReport.SpotCheck


# --- Forms --------------------------------------------------------------------------------------------------------

class TalkForm(StyledFormMixin, OnceOnlyForm):
    kind = forms.ChoiceField(label=_("方式"), choices=Talk.Kind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DateInput())
    held_by = forms.CharField(label=_("谈话人"), max_length=100)
    subject = forms.CharField(label=_("事由"), max_length=300)
    follow_up = forms.CharField(label=_("后续情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=bounds.max_length_of(Talk, "follow_up"))


class FollowUpForm(StyledFormMixin, forms.Form):
    follow_up = forms.CharField(label=_("后续情况"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                max_length=bounds.max_length_of(Talk, "follow_up"))


class ReportForm(StyledFormMixin, forms.Form):
    """The year, the day of submission, and for each of the 14 items whether anything is reported and a note."""

    year = forms.IntegerField(label=_("报告年度"), min_value=2000, max_value=2100)
    submitted_on = forms.DateField(label=_("报告日期"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label, _group in supervision.REPORT_ITEMS:
            self.fields[f"declared_{code}"] = forms.BooleanField(label=_(label), required=False)
            note_label = _("%(item)s：说明") % {"item": _(label)}
            self.fields[f"note_{code}"] = forms.CharField(label=note_label, max_length=200, required=False)
            self.fields[f"declared_{code}"].widget.attrs["class"] = "form-check-input"
            self.fields[f"note_{code}"].widget.attrs.update({"class": "form-control form-control-sm",
                                                             "aria-label": note_label})

    def item_rows(self):
        """(group label, [(declared field, note field)]) in the regulation's order, for the template."""
        groups: dict[str, list] = {}
        for code, _label, group in supervision.REPORT_ITEMS:
            groups.setdefault(str(_(supervision.ITEM_GROUPS[group])), []).append((self[f"declared_{code}"], self[f"note_{code}"]))
        return list(groups.items())

    def report_items(self) -> list[dict]:
        data = self.cleaned_data
        return [{"item": code, "declared": data.get(f"declared_{code}", False), "note": data.get(f"note_{code}", "")}
                for code in supervision.ITEM_LABELS]


class SpotCheckForm(StyledFormMixin, forms.Form):
    spot_check = forms.ChoiceField(label=_("抽查核实结果"),
                                   choices=[c for c in SpotCheck.choices if c[0] != SpotCheck.NOT_CHECKED])
    spot_checked_on = forms.DateField(label=_("抽查日期"), widget=DateInput())
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class _ScopeFilter(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("管理单位（含下级）"), queryset=Organization.objects.none(),
                                          required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        tree_filter_field(self, "organization", organizations, _("本人负责范围"))


class TalkFilterForm(_ScopeFilter):
    kind = forms.ChoiceField(label=_("方式"), choices=[("", _("全部")), *Talk.Kind.choices], required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)


class ReportFilterForm(_ScopeFilter):
    year = forms.IntegerField(label=_("报告年度"), min_value=2000, max_value=2100, required=False)


# --- Pages --------------------------------------------------------------------------------------------------------

def _tab(cadre) -> str:
    return supervision.supervision_url(cadre)


def _filter(request, form_class):
    if not request.user.has_capability(supervision.SUPERVISION):
        raise Http404
    form = form_class(request.GET or None,
                      organizations=organizations_visible_to(request.user, supervision.SUPERVISION).open())
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, data


@require_GET
def talk_list(request):
    form, data = _filter(request, TalkFilterForm)
    page, page_query = page_of(request, supervision.filtered_talks(request.user, data))
    return render(request, "cadres/supervision_talks.html", {"form": form, "page": page, "query": page_query})


@require_GET
def talk_export(request):
    _form, data = _filter(request, TalkFilterForm)
    today = timezone.localdate()
    return _download(supervision.export_talks(supervision.filtered_talks(request.user, data), today),
                     f"talks-{today:%Y%m%d}.xlsx")


def _sheet(request):
    form, data = _filter(request, ReportFilterForm)
    year = data.get("year") or timezone.localdate().year - 1
    return form, supervision.report_sheet(request.user, year, data.get("organization"))


@require_GET
def report_list(request):
    form, sheet = _sheet(request)
    page, page_query = page_of(request, sheet.rows, size=100)
    return render(request, "cadres/supervision_reports.html", {
        "form": form, "sheet": sheet, "figures": sheet.figures, "page": page, "query": page_query,
        "status_labels": supervision.STATUS_LABELS,
    })


@require_GET
def report_export(request):
    _form, sheet = _sheet(request)
    return _download(supervision.export_reports(sheet), f"personal-reports-{sheet.year}.xlsx")


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def talk_add(request, pk):
    cadre = supervision.access_supervised_cadre(request.user, pk)
    form = TalkForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return form_page(
        request, form, lambda d: supervision.record_talk(request.user, cadre, **fields_of(d)),
        done=lambda t: f"已登记{cadre.name}的{t.get_kind_display()}（{t.held_on:%Y-%m-%d}）。",
        then=lambda _t: _tab(cadre), template="cadres/form.html",
        context={"cadre": cadre, "title": _("%(name)s · 登记谈话函询") % {"name": cadre.name}})


def talk_follow_up(request, pk):
    talk = supervision.access_talk(request.user, pk)
    cadre = talk.cadre
    form = FollowUpForm(request.POST or None, initial={"follow_up": talk.follow_up})
    return form_page(
        request, form, lambda d: supervision.change_follow_up(request.user, talk, d["follow_up"]),
        done=f"已更新{cadre.name}{talk.held_on:%Y-%m-%d}{talk.get_kind_display()}的后续情况。",
        then=lambda _t: _tab(cadre), template="cadres/form.html",
        context={"cadre": cadre, "title": _("%(name)s · %(kind)s（%(day)s，%(subject)s）· 后续情况") % {
            "name": cadre.name, "kind": talk.get_kind_display(), "day": f"{talk.held_on:%Y-%m-%d}",
            "subject": talk.subject}})


def report_add(request, pk):
    cadre = supervision.access_supervised_cadre(request.user, pk)
    today = timezone.localdate()
    form = ReportForm(request.POST or None, initial={"year": _default_year(request, cadre, today), "submitted_on": today})
    return form_page(
        request, form,
        lambda d: supervision.record_report(request.user, cadre, year=d["year"], submitted_on=d["submitted_on"],
                                            items=form.report_items()),
        done=lambda r: f"已登记{cadre.name}{r.year}年度个人有关事项报告。", then=lambda _r: _tab(cadre),
        template="cadres/supervision_report_form.html",
        context={"cadre": cadre, "title": _("%(name)s · 登记个人有关事项报告") % {"name": cadre.name}})


def _default_year(request, cadre, today: dt.date) -> int:
    """The year asked for, else the first year the cadre still owes, else last year."""
    if (asked := request.GET.get("year", "")).isdigit():
        return int(asked)
    reported = set(cadre.personal_reports.values_list("year", flat=True))
    owed = [d.year for d in supervision.cadre_obligations(cadre, today) if d.year not in reported]
    return owed[0] if owed else today.year - 1


def spot_check(request, pk):
    report = supervision.access_report(request.user, pk)
    cadre = report.cadre
    initial = {"spot_check": report.spot_check if report.spot_check != SpotCheck.NOT_CHECKED else SpotCheck.CONSISTENT,
               "spot_checked_on": report.spot_checked_on or timezone.localdate(), "note": report.note}
    form = SpotCheckForm(request.POST or None, initial=initial)
    return form_page(
        request, form,
        lambda d: supervision.record_spot_check(request.user, report, result=d["spot_check"],
                                                checked_on=d["spot_checked_on"], note=d["note"]),
        done=lambda r: f"已登记{cadre.name}{r.year}年度报告的抽查核实结果：{r.get_spot_check_display()}。",
        then=lambda _r: _tab(cadre), template="cadres/form.html",
        context={"cadre": cadre, "title": _("%(name)s · %(year)s年度个人有关事项报告 · 抽查核实（报告日期 %(day)s）") % {
            "name": cadre.name, "year": report.year, "day": f"{report.submitted_on:%Y-%m-%d}"}})


urlpatterns: list = [
    path("talks/", talk_list, name="talks"),
    path("talks/export.xlsx", talk_export, name="talk_export"),
    path("talks/<int:pk>/follow-up/", talk_follow_up, name="talk_follow_up"),
    path("<int:pk>/talks/add/", talk_add, name="talk_add"),
    path("reports/", report_list, name="reports"),
    path("reports/export.xlsx", report_export, name="report_export"),
    path("reports/<int:pk>/spot-check/", spot_check, name="report_spot_check"),
    path("<int:pk>/reports/add/", report_add, name="report_add"),
]


def tab_context(request, cadre, on) -> dict:
    """What the cadre page's supervision tab shows: talks, reports, and what the cadre owes for last and this year."""
    if not path_in_scope(request.user, supervision.SUPERVISION, cadre.org_path):
        return {}
    today = timezone.localdate()
    reports = list(cadre.personal_reports.order_by("-year"))
    by_year = {r.year: r for r in reports}
    duties = [{"obligation": d, "report": by_year.get(d.year), "status": supervision.status_of(d, by_year.get(d.year), today)}
              for d in supervision.cadre_obligations(cadre, today)]
    return {"supervision": {
        "talks": cadre.talks.order_by("-held_on", "-pk"), "duties": duties,
        "reports": [{"report": r, "declared": [str(_(supervision.ITEM_LABELS.get(i["item"], i["item"])))
                                               for i in r.items if i.get("declared")]} for r in reports],
    }}
