"""Pages of pairing aid (结对帮扶) and party members' micro-credit (党员创业贷款)."""

import io

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zugong.cadres.models import Cadre
from zugong.core.access import path_in_scope, scope_q
from zugong.core.downloads import new_workbook, write_cells, xlsx_response
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.submissions import fields_of
from zugong.core.tree import is_within, subtree_q
from zugong.members.selectors import access_member, members_visible_to
from zugong.organizations.selectors import (
    organizations_visible_to,
    scope_roots,
    work_units_visible_to,
)
from zugong.pairing import forms, selectors, services
from zugong.pairing.models import MicroLoan

FORM = "pairing/form.html"


def _campaigns(user):
    """Campaigns whose owner is within the reader's scope or above it (a county campaign for a township)."""
    from zugong.campaigns.models import Campaign

    prefixes = user.scope_prefixes("organizations.view")
    return [c for c in Campaign.objects.order_by("-starts_on", "-pk")[:200]
            if any(is_within(c.org_path, p) or is_within(p, c.org_path) for p in prefixes)]


def _filters(request, form_class=forms.FilterForm, capability: str = "organizations.view"):
    visible = organizations_visible_to(request.user, capability).open()
    form = form_class(request.GET or None, organizations=visible)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    root = data.get("organization") or scope_roots(request.user, capability).first()
    if root is None:
        raise Http404
    return form, root, data


@require_GET
def pairing_list(request):
    form, root, data = _filters(request)
    pairings = selectors.pairings_visible_to(request.user).filter(subtree_q(root.path, "org_path")).select_related(
        "village", "helper_unit", "helper_organization", "helper_cadre")
    if data.get("year"):
        pairings = pairings.filter(started_on__year=data["year"])
    if data.get("q"):
        word = data["q"]
        pairings = pairings.filter(Q(household__contains=word) | Q(helper_unit__name__contains=word)
                                   | Q(helper_organization__name__contains=word) | Q(helper_cadre__name__contains=word)
                                   | Q(village__name__contains=word))
    page, query = page_of(request, pairings.order_by("org_path", "-started_on", "pk"))
    return render(request, "pairing/list.html", {
        "form": form, "page": page, "query": query, "tab": "pairings",
        "may_change": request.user.has_capability("organizations.change"),
    })


def pairing_new(request):
    user = request.user
    if not user.has_capability("organizations.change"):
        raise Http404
    campaigns = _campaigns(user)
    from zugong.campaigns.models import Campaign

    form = forms.PairingForm(
        request.POST or None, initial={"started_on": timezone.localdate()},
        villages=organizations_visible_to(user, "organizations.change").open(),
        units=work_units_visible_to(user).filter(is_closed=False).order_by("name"),
        organizations=organizations_visible_to(user).open(),
        cadres=Cadre.objects.filter(scope_q(user, "cadres.view", "org_path"), status=Cadre.Status.SERVING
                                    ).order_by("org_path", "name"),
        campaigns=Campaign.objects.filter(pk__in=[c.pk for c in campaigns]))
    return form_page(
        request, form, lambda data: services.create_pairing(user, **fields_of(data)),
        done=_("已登记结对帮扶。"), then=lambda p: reverse("pairing:detail", args=[p.pk]), template=FORM,
        context={"title": _("登记结对帮扶"), "tab": "pairings"})


@require_GET
def pairing_detail(request, pk):
    pairing = selectors.access_pairing(request.user, pk)
    return render(request, "pairing/detail.html", {
        "pairing": pairing, "tab": "pairings",
        "projects": pairing.projects.order_by("-planned_on", "pk"),
        "venues": pairing.venues.order_by("-started_on", "pk"),
        "visits": pairing.visits.order_by("-visited_on", "pk")[:100],
        "incomes": selectors.village_incomes(pairing.village),
        "may_change": path_in_scope(request.user, "organizations.change", pairing.org_path),
    })


def pairing_end(request, pk):
    pairing = selectors.access_pairing(request.user, pk, for_change=True)
    form = forms.EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.end_pairing(request.user, pairing, **data),
        done=_("已结束结对帮扶。"), then=lambda p: reverse("pairing:detail", args=[p.pk]), template=FORM,
        context={"title": _("结束结对帮扶：%(name)s") % {"name": str(pairing)}, "tab": "pairings"})


def project_new(request, pk):
    pairing = selectors.access_pairing(request.user, pk, for_change=True)
    form = forms.ProjectForm(request.POST or None, initial={"planned_on": timezone.localdate(), "funds_spent": 0})
    return form_page(
        request, form, lambda data: services.add_project(request.user, pairing, **fields_of(data)),
        done=_("已登记帮扶项目。"), then=lambda p: reverse("pairing:detail", args=[pairing.pk]), template=FORM,
        context={"title": _("登记帮扶项目：%(name)s") % {"name": str(pairing)}, "tab": "pairings"})


def project_edit(request, pk):
    project = selectors.access_project(request.user, pk)
    form = forms.ProjectEditForm(request.POST or None, initial={
        name: getattr(project, name) for name in ("title", "kind", "funds_planned", "funds_spent", "status",
                                                  "planned_on", "completed_on")})
    return form_page(
        request, form, lambda data: services.update_project(request.user, project, **data),
        done=_("已保存帮扶项目。"), then=lambda p: reverse("pairing:detail", args=[p.pairing_id]), template=FORM,
        context={"title": _("修改帮扶项目：%(name)s") % {"name": project.title}, "tab": "pairings"})


def venue_new(request, pk):
    pairing = selectors.access_pairing(request.user, pk, for_change=True)
    form = forms.VenueForm(request.POST or None, initial={"started_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.add_venue(request.user, pairing.village, pairing=pairing,
                                                       **fields_of(data)),
        done=_("已登记活动场所建设。"), then=lambda v: reverse("pairing:detail", args=[pairing.pk]), template=FORM,
        context={"title": _("登记活动场所建设：%(name)s") % {"name": pairing.village.name}, "tab": "pairings"})


def visit_new(request, pk):
    pairing = selectors.access_pairing(request.user, pk, for_change=True)
    form = forms.VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.record_visit(request.user, pairing, **fields_of(data)),
        done=_("已登记走访。"), then=lambda v: reverse("pairing:detail", args=[pairing.pk]), template=FORM,
        context={"title": _("登记走访：%(name)s") % {"name": str(pairing)}, "tab": "pairings"})


def _totals(request):
    form, root, data = _filters(request)
    campaign = None
    campaigns = _campaigns(request.user)
    chosen = request.GET.get("campaign", "")
    if chosen:
        campaign = next((c for c in campaigns if str(c.pk) == chosen), None)
        if campaign is None:
            raise Http404
    today = timezone.localdate()
    year = data.get("year")
    figures = selectors.totals(request.user, root, year=year, income_year=(year or today.year) - (0 if year else 1),
                               campaign=campaign)
    return form, figures, campaigns, campaign


@require_GET
def totals(request):
    form, figures, campaigns, campaign = _totals(request)
    return render(request, "pairing/totals.html", {
        "form": form, "totals": figures, "tab": "totals", "campaigns": campaigns, "campaign": campaign,
        "incomes": selectors.village_incomes(figures.organization) if len(figures.rows) <= 1 else [],
    })


def _wan(amount) -> float:
    return round(float(amount) / 10000, 2)


@require_GET
def totals_export(request):
    _form, figures, _campaigns_, campaign = _totals(request)
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet(_("结对帮扶汇总"))
    head = book.add_format({"bold": True, "border": 1})
    write_cells(sheet, 0, 0, [figures.organization.name + (f" · {campaign.title}" if campaign else "")])
    write_cells(sheet, 1, 0, [_("党组织"), _("结对数"), _("项目数"), _("计划资金（万元）"), _("到位资金（万元）"),
                              _("活动场所数"), _("场所资金（万元）"), _("走访次数"), _("党员贷款笔数"),
                              _("党员贷款（万元）"), _("行政村数"), _("集体经济达标村数"), _("达标比例")], head)
    sheet.set_column(0, 0, 28)
    for number, row in enumerate([*figures.rows, figures.total], start=2):
        name = row.organization.name if row is not figures.total else _("合计")
        if row.own_only:
            name = _("%(name)s（本级）") % {"name": name}
        write_cells(sheet, number, 0, [name, row.pairings, row.projects, _wan(row.funds_planned),
                                       _wan(row.funds_spent), row.venues, _wan(row.venue_funds), row.visits,
                                       row.granted_count, _wan(row.granted_amount), row.villages,
                                       row.villages_at_target, row.income_share])
    book.close()
    return xlsx_response(buffer.getvalue(), f"pairing-totals-{figures.organization.pk}.xlsx")


def _loans(request):
    form, root, data = _filters(request, forms.LoanFilterForm, "members.view")
    loans = selectors.loans_visible_to(request.user).filter(subtree_q(root.path, "org_path")).select_related(
        "member", "member__organization")
    if data.get("year"):
        loans = loans.filter(applied_on__year=data["year"])
    if data.get("status"):
        loans = loans.filter(status=data["status"])
    if data.get("q"):
        loans = loans.filter(Q(member__name__contains=data["q"]) | Q(bank__contains=data["q"]))
    return form, root, data, loans.order_by("org_path", "-applied_on", "pk")


@require_GET
def loan_list(request):
    form, root, data, loans = _loans(request)
    page, query = page_of(request, loans)
    figures = selectors.totals(request.user, root, year=data.get("year"), income_year=timezone.localdate().year)
    may_change = request.user.has_capability("members.change")
    applicants = (members_visible_to(request.user, "members.change").active().filter(subtree_q(root.path, "org_path"),
                  name__contains=data["q"]).select_related("organization").order_by("name", "pk")[:20]
                  if may_change and data.get("q") else [])
    return render(request, "pairing/loans.html", {
        "form": form, "page": page, "query": query, "tab": "loans", "totals": figures,
        "statuses": MicroLoan.Status.choices, "may_change": may_change, "applicants": applicants,
    })


@require_GET
def loans_export(request):
    _form, root, _data, loans = _loans(request)
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet(_("党员创业贷款"))
    head = book.add_format({"bold": True, "border": 1})
    write_cells(sheet, 0, 0, [_("党支部"), _("姓名"), _("贷款金额（元）"), _("贷款银行"), _("贷款用途"), _("申请日期"),
                              _("发放日期"), _("到期日期"), _("还清日期"), _("状态")], head)
    sheet.set_column(0, 0, 28)
    for number, loan in enumerate(loans.iterator(chunk_size=2000), start=1):
        write_cells(sheet, number, 0, [
            loan.member.organization.name, loan.member.name, float(loan.amount), loan.bank, loan.purpose,
            f"{loan.applied_on:%Y-%m-%d}", f"{loan.granted_on:%Y-%m-%d}" if loan.granted_on else "",
            f"{loan.due_on:%Y-%m-%d}" if loan.due_on else "", f"{loan.repaid_on:%Y-%m-%d}" if loan.repaid_on else "",
            loan.get_status_display()])
    book.close()
    return xlsx_response(buffer.getvalue(), f"micro-loans-{root.pk}.xlsx")


def loan_new(request, pk):
    member = access_member(request.user, pk, for_change=True)
    form = forms.LoanForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.apply_loan(request.user, member, **fields_of(data)),
        done=_("已登记党员创业贷款申请。"), then=lambda loan: f"{reverse('pairing:loans')}?q={member.name}",
        template=FORM, context={"title": _("党员创业贷款：%(name)s") % {"name": member.name}, "tab": "loans"})


def loan_status(request, pk):
    loan = selectors.access_loan(request.user, pk, for_change=True)
    following = services.NEXT[MicroLoan.Status(loan.status)]
    if not following:
        raise Http404
    form = forms.LoanStatusForm(request.POST or None, initial={
        "seen": loan.status, "status": following[0], "on": timezone.localdate()})
    form.fields["status"].choices = [(s.value, s.label) for s in following]
    return form_page(
        request, form, lambda data: services.change_loan_status(request.user, loan, **data),
        done=_("已更新贷款状态。"), then=lambda x: f"{reverse('pairing:loans')}?q={loan.member.name}",
        template=FORM, context={
            "title": _("%(name)s的贷款（%(amount)s元，%(status)s）") % {
                "name": loan.member.name, "amount": loan.amount, "status": loan.get_status_display()},
            "tab": "loans"})



