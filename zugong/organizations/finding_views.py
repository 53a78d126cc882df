"""The findings page (问题预警): filter by check, organization subtree, severity, age and status; page; export;
assign (指派), acknowledge (确认) and close (关闭) with a note, and each finding's history (处理记录).

It lives beside the organization tree because its organization filter is the tree's; the findings themselves,
their use cases and their export are ``core``'s (``core.findings``)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.core.checks import REGISTRY
from zugong.core.downloads import xlsx_response
from zugong.core.findings import (
    NOTE_MAX,
    FindingFilter,
    acknowledge_finding,
    assign_finding,
    assignable_users,
    close_finding,
    export_findings,
    filtered,
)
from zugong.core.forms import StyledFormMixin
from zugong.core.forms_helpers import run_service
from zugong.core.models import Finding
from zugong.core.paging import page_of
from zugong.core.selectors import access_finding, findings_visible_to, may_handle
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, tree_filter_field

AGES = [("", _("不限")), ("7", _("超过7天")), ("30", _("超过30天")), ("90", _("超过90天")), ("180", _("超过180天"))]
STATUSES = [("", _("未关闭（待处理、已确认）")), *Finding.Status.choices, ("all", _("全部"))]


class FindingFilterForm(StyledFormMixin, forms.Form):
    check = forms.ChoiceField(label=_("检查项"), required=False)
    organization = forms.ModelChoiceField(label=_("党组织（含下级）"), queryset=Organization.objects.none(),
                                          required=False)
    severity = forms.ChoiceField(label=_("级别"), required=False,
                                 choices=[("", _("全部")), *Finding.Severity.choices])
    age = forms.ChoiceField(label=_("发现时长"), required=False, choices=AGES)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUSES)
    mine = forms.BooleanField(label=_("只看指派给我的"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check"].choices = [("", _("全部")), *((c.code, c.label) for c in REGISTRY.values())]
        tree_filter_field(self, "organization", organizations, _("全部"))

    def chosen(self) -> FindingFilter:
        data = self.cleaned_data if self.is_valid() else {}
        organization = data.get("organization")
        return FindingFilter(check=data.get("check", ""), within=organization.path if organization else "",
                             severity=data.get("severity", ""), older_than_days=int(data.get("age") or 0) or None,
                             status=data.get("status", ""), mine=bool(data.get("mine")))


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("处理说明"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("关闭问题预警须填写处理说明（如何处理的）")})


class AssignForm(StyledFormMixin, forms.Form):
    assignee = forms.TypedChoiceField(label=_("承办人"), coerce=int)
    note = forms.CharField(label=_("说明"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["assignee"].choices = [("", _("请选择"))] + [
            (person.pk, _("%(name)s（%(detail)s）") % {"name": str(person), "detail": person.username}) for person in people]


def _filtered(request):
    form = FindingFilterForm(request.GET or None, organizations=organizations_visible_to(request.user).open())
    findings = filtered(findings_visible_to(request.user, every_status=True), form.chosen(), request.user)
    return form, findings


@require_GET
def finding_list(request):
    form, findings = _filtered(request)
    page, page_query = page_of(request, findings)
    labels = {code: check.label for code, check in REGISTRY.items()}
    return render(request, "organizations/finding_list.html", {
        "form": form, "page": page, "query": page_query, "labels": labels})


@require_GET
def finding_export(request):
    _form, findings = _filtered(request)
    return xlsx_response(export_findings(findings), f"findings-{timezone.localdate():%Y%m%d}.xlsx")


def _detail(request, finding, **forms_shown):
    handle = may_handle(request.user, finding)
    people = assignable_users(finding) if handle and finding.is_open else []
    context = {
        "finding": finding, "check": REGISTRY.get(finding.check_code), "can_handle": handle,
        "events": finding.events.select_related("actor", "assignee"),
        "assign_form": AssignForm(people=people), "ack_form": NoteForm(prefix="ack"),
        "close_form": CloseForm(prefix="close"),
        **forms_shown,
    }
    return render(request, "organizations/finding_detail.html", context)


@require_GET
def finding_detail(request, pk):
    return _detail(request, access_finding(request.user, pk))


def _act(request, pk, form_name: str, make_form, service, done: str):
    finding = access_finding(request.user, pk, for_change=True)
    form = make_form(finding)
    if form.is_valid() and run_service(form, lambda: service(finding, form)) is not None:
        messages.success(request, done)
        return redirect("findings:detail", pk=finding.pk)
    finding = access_finding(request.user, pk)
    return _detail(request, finding, **{form_name: form})


@require_POST
def finding_assign(request, pk):
    def make(finding):
        return AssignForm(request.POST, people=assignable_users(finding))

    def act(finding, form):
        return assign_finding(request.user, finding, form.people.get(form.cleaned_data["assignee"]),
                              form.cleaned_data["note"])

    return _act(request, pk, "assign_form", make, act, "已指派承办人。")


@require_POST
def finding_acknowledge(request, pk):
    return _act(request, pk, "ack_form", lambda f: NoteForm(request.POST, prefix="ack"),
                lambda f, form: acknowledge_finding(request.user, f, form.cleaned_data["note"]), "已确认该问题预警。")


@require_POST
def finding_close(request, pk):
    return _act(request, pk, "close_form", lambda f: CloseForm(request.POST, prefix="close"),
                lambda f, form: close_finding(request.user, f, form.cleaned_data["note"]), "已关闭该问题预警。")


app_name = "findings"
urlpatterns = [
    path("", finding_list, name="list"),
    path("export.xlsx", finding_export, name="export"),
    path("<int:pk>/", finding_detail, name="detail"),
    path("<int:pk>/assign/", finding_assign, name="assign"),
    path("<int:pk>/acknowledge/", finding_acknowledge, name="acknowledge"),
    path("<int:pk>/close/", finding_close, name="close"),
]
