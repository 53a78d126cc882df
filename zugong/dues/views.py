"""Pages of dues (党费): totals by organization and month, a branch's monthly collection, one member's
payments and reasons, and the dues table."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.access import get_in_scope
from zugong.core.dates import month_start
from zugong.core.downloads import XLSX
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.policy import may_change_policy
from zugong.dues import excel, forms, rates, selectors, services
from zugong.members.codes import BASED_DUES_CATEGORIES, DuesCategory
from zugong.members.selectors import access_member
from zugong.members.services import MEMBER_KINDS
from zugong.organizations.selectors import organizations_visible_to, scope_roots

FORM = "members/form.html"


def _totals_request(request):
    visible = organizations_visible_to(request.user, "members.view")
    form = forms.TotalsForm(request.GET or None, organizations=visible.filter(is_closed=False).exclude(kind="group"),
                            initial={"year": timezone.localdate().year})
    data = form.cleaned_data if form.is_valid() else {}
    organization = data.get("organization") or scope_roots(request.user, "members.view").first()
    if organization is None:
        raise Http404
    return form, selectors.totals(organization, data.get("year") or timezone.localdate().year)


@require_GET
def overview(request):
    form, totals = _totals_request(request)
    return render(request, "dues/overview.html", {
        "form": form, "totals": totals, "months": [dt.date(totals.year, m, 1) for m in range(1, 13)],
        "query": request.GET.urlencode(),
        "can_collect": request.user.has_capability("members.change"),
        "member_kinds": [str(kind) for kind in MEMBER_KINDS],
    })


@require_GET
def export(request):
    _form, totals = _totals_request(request)
    response = HttpResponse(excel.export_totals(totals),
                            content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''dues-{totals.year}-{totals.organization.pk}.xlsx")
    return response


def collect(request, pk):
    organization = get_in_scope(organizations_visible_to(request.user, "members.change").filter(is_closed=False), pk)
    month_form = forms.MonthForm(request.GET or {"month": f"{timezone.localdate():%Y-%m}"})
    month = month_form.cleaned_data["month"] if month_form.is_valid() else month_start(timezone.localdate())
    sheet = services.branch_sheet(organization, month)
    form = forms.CollectForm(request.POST or None, member_ids=[line.member.pk for line in sheet],
                             initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: services.record_branch_payments(
            request.user, organization, month, form.cleaned_data["members"], form.cleaned_data["paid_on"]))
        if done is not None:
            total = sum(p.amount for p in done)
            messages.success(request, f"已登记 {len(done)} 名党员{services.month_label(month)}的党费，合计 {total} 元。")
            return redirect(f"{request.path}?month={month:%Y-%m}")
    window = services.Window.today()
    return render(request, "dues/collect.html", {
        "organization": organization, "month": month, "month_form": month_form, "form": form, "sheet": sheet,
        "month_label": services.shown_month_label(month), "in_window": window.earliest <= month <= window.latest,
        "ticked": set(form["members"].value() or []) if request.method == "POST" else None,
        "unpaid_total": sum((line.due or Decimal(0) for line in sheet if line.payment is None), Decimal("0.00")),
    })


def pay(request, pk):
    member = access_member(request.user, pk, for_change=True)
    ledger = services.ledger_of(member)
    choices = [(line.month.isoformat(), _("%(month)s（%(due)s 元）") % {"month": line.label, "due": line.due}) for line in ledger.payable]
    form = forms.PaymentForm(request.POST or None, months=choices, initial={"paid_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.record_payments(request.user, member, data["months"], data["paid_on"]),
        done=lambda payments: f"已登记 {len(payments)} 个月的党费，合计 {sum(p.amount for p in payments)} 元。",
        then=lambda payments: f"{member.get_absolute_url()}?tab=dues", template="dues/pay.html",
        context={"title": _("登记交纳党费"), "member": member, "ledger": ledger},
    )


def reason(request, pk):
    member = access_member(request.user, pk, for_change=True)
    form = forms.ReasonForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.record_arrears_reason(request.user, member, data["reason"]),
        done="已登记未缴原因。", then=lambda record: f"{member.get_absolute_url()}?tab=dues", template=FORM,
        context={"title": _("登记未缴党费原因"), "member": member},
    )


@require_GET
def rate_list(request):
    if not request.user.has_capability("members.view"):
        raise Http404
    table = rates.RateTable.load()
    today = timezone.localdate()
    categories = [
        {"value": value, "label": label, "current": table.schedule(value, today),
         "versions": list(reversed(table.versions[value]))}
        for value, label in DuesCategory.choices
    ]
    return render(request, "dues/rates.html", {
        "categories": categories, "can_change": may_change_policy(request.user),
    })


def rate_edit(request, category):
    if not may_change_policy(request.user) or category not in DuesCategory.values:
        raise Http404
    based = category in BASED_DUES_CATEGORIES
    current = rates.RateTable.load().schedule(category, timezone.localdate())
    initial: dict = {"effective_from": month_start(timezone.localdate())}
    for i, bracket in enumerate(current.brackets, start=1):
        initial.update({f"up_to_{i}": bracket.up_to, f"rate_{i}": bracket.rate_percent, f"fixed_{i}": bracket.fixed_amount})
    form = forms.RateForm(request.POST or None, based=based, initial=initial)

    def save(data):
        brackets = [rates.Bracket(up, rate, fixed) for up, rate, fixed in data["bracket_rows"]]
        return rates.set_schedule(request.user, category, data["effective_from"], brackets, data["source"])

    return form_page(
        request, form, save,
        done=lambda s: f"已调整{DuesCategory(category).label}党员的党费交纳标准，自{services.month_label(s.effective_from)}起执行。",
        then=lambda s: "dues:rates", template="dues/rate_form.html",
        context={"title": _("调整党费交纳标准"), "category_label": DuesCategory(category).label, "current": current,
                 "based": based},
    )

