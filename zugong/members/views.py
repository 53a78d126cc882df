"""Pages of the member register (党员名册)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import described_filters, history_of, record_id_export
from zugong.core.downloads import XLSX
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.dues import services as dues_services
from zugong.members import excel, forms, selectors, services
from zugong.members.models import Member
from zugong.organizations.selectors import (
    organizations_visible_to,
    scope_roots,
    work_units_visible_to,
)


def _filter_form(request):
    return forms.MemberFilterForm(request.GET or None, organizations=organizations_visible_to(request.user).open())


def _valid_filters(form) -> dict:
    """The filters that are valid; an invalid one is shown as an error and ignored."""
    form.is_valid()
    return getattr(form, "cleaned_data", {})


@require_GET
def member_list(request):
    form = _filter_form(request)
    members = selectors.filtered_members(request.user, _valid_filters(form), timezone.localdate())
    page, page_query = page_of(request, members)
    return render(request, "members/list.html", {
        "form": form, "page": page, "query": page_query,
        "can_add": request.user.has_capability("members.change"),
    })


@require_GET
def member_export(request):
    form = _filter_form(request)
    data = _valid_filters(form)
    members = selectors.filtered_members(request.user, data, timezone.localdate())
    # Full numbers only where the role may see every record exported.
    full = all(path_in_scope(request.user, "members.identity", p) for p in request.user.scope_prefixes("members.view"))
    if full:  # every ID number of a scope: written to the history like a single reveal
        scope = data.get("organization") or scope_roots(request.user, "members.view").first()
        record_id_export(request.user, scope, register="党员名册", filters=described_filters(form, data),
                         count=members.count())
    content = excel.export_members(members, full_id_numbers=full)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''members-{timezone.localdate():%Y%m%d}.xlsx"
    return response


TABS = {"info": _("基本信息"), "transfers": _("转接记录"), "dues": _("党费"), "mobile": _("流动记录"),
        "history": _("变更记录")}


@require_GET
def member_detail(request, pk):
    """One member, tab by tab (``?tab=dues``): only the chosen tab's records are read."""
    member = selectors.access_member(request.user, pk)
    user = request.user
    tabs = {key: label for key, label in TABS.items() if key != "history" or user.has_capability("audit.view")}
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else "info"
    context = {
        "member": member, "tab": tab, "tabs": tabs,
        "can_change": path_in_scope(user, "members.change", member.organization.path),
        "can_reveal": path_in_scope(user, "members.identity", member.organization.path),
        "is_away": member.mobile_records.filter(ended_on__isnull=True).exists(),
    }
    if tab == "transfers":
        context["transfers"] = member.transfers.select_related("from_organization", "to_organization")
    elif tab == "dues":
        context["ledger"] = dues_services.ledger_of(member)
        context["reasons"] = member.dues_arrears_reasons.all()[:20]
    elif tab == "mobile":
        context["mobile_records"] = member.mobile_records.select_related("mobile_branch")
    elif tab == "history":
        context["history"] = history_of(member)[:100]
    return render(request, "members/detail.html", context)


@require_POST
def member_reveal_id(request, pk):
    member = selectors.access_member(request.user, pk)
    try:
        number = services.reveal_id_number(request.user, member)
    except DomainError as error:
        raise Http404 from error
    return HttpResponse(f'<span data-testid="id-number">{number}</span>')


def _member_form(request, instance=None):
    return forms.MemberForm(
        request.POST or None, instance=instance,
        organizations=organizations_visible_to(request.user, "members.change").open().filter(
            kind__in=services.MEMBER_KINDS),
        units=work_units_visible_to(request.user).filter(is_closed=False),
        initial={"organization": request.GET.get("organization")} if instance is None else None,
    )


def member_create(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    return form_page(
        request, _member_form(request), lambda data: services.create_member(request.user, **data),
        done=lambda m: f"已登记党员「{m}」。", template="members/form.html", context={"title": _("登记党员")},
    )


def member_edit(request, pk):
    member = selectors.access_member(request.user, pk, for_change=True)
    form = _member_form(request, instance=Member.objects.get(pk=member.pk))
    return form_page(
        request, form,
        lambda data: services.update_member(request.user, member, **{k: v for k, v in data.items() if k != "organization"}),
        done="已保存。", template="members/form.html", context={"title": _("修改党员信息"), "member": member},
    )


def member_leave(request, pk):
    """Death, lapse or expulsion: the member leaves the active register and is kept."""
    member = selectors.access_member(request.user, pk, for_change=True)
    form = forms.LeaveForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.leave_register(request.user, member, **data),
        done=lambda m: f"{m.name}已不在册：{m.get_status_display()}。", template="members/form.html",
        context={"title": _("离开党员名册（去世、除名、开除党籍）"), "member": member},
    )
