"""Pages of the organization tree and work units."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.core.access import path_in_scope
from zugong.core.audit import history_of
from zugong.core.checks import findings_about
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.submissions import fields_of
from zugong.organizations import forms, selectors, services
from zugong.organizations.figures import figures_for
from zugong.organizations.models import Organization
from zugong.organizations.terms import current_term


def _can(user, capability, org) -> bool:
    return path_in_scope(user, capability, org.path)


@require_GET
def tree(request):
    query = request.GET.get("q", "").strip()
    visible = selectors.organizations_visible_to(request.user).open()
    if query:
        matches = visible.filter(name__contains=query).select_related("parent")[:200]
        return render(request, "organizations/tree.html", {"query": query, "matches": matches,
                                                           "can_import": request.user.has_capability("organizations.change")})
    roots = selectors.with_child_counts(selectors.scope_roots(request.user))
    can_import = request.user.has_capability("organizations.change")
    return render(request, "organizations/tree.html", {"nodes": roots, "query": "", "can_import": can_import})


@require_GET
def children(request, pk):
    org = selectors.access_organization(request.user, pk)
    nodes = selectors.with_child_counts(org.children.open().order_by("kind", "name"))
    return render(request, "organizations/_tree_nodes.html", {"nodes": nodes})


@require_GET
def detail(request, pk):
    org = selectors.access_organization(request.user, pk)
    user = request.user
    context = {
        "org": org,
        "term": current_term(org, timezone.localdate()),
        "committee": org.committee_members.filter(ended_on__isnull=True),
        "elections": org.elections.all()[:10],
        "units": org.work_units.filter(is_closed=False),
        "children": selectors.with_child_counts(org.children.open().order_by("kind", "name")),
        "rectifications": org.rectifications.all(),
        "sites": org.demonstration_sites.all(),
        "findings": findings_about(org),
        "figures": figures_for(user, org),
        "history": history_of(org)[:100] if user.has_capability("audit.view") else None,
        "can_change": _can(user, "organizations.change", org),
        "can_elect": _can(user, "organizations.elections", org),
        "can_restructure": org.parent is not None and _can(user, "organizations.change", org.parent),
    }
    return render(request, "organizations/detail.html", context)


FORM = "organizations/form.html"


def create(request, parent_pk):
    parent = selectors.access_organization(request.user, parent_pk, for_change=True)
    form = forms.OrganizationForm(request.POST or None, initial={"sector": parent.sector})
    return form_page(
        request, form, lambda data: services.create_organization(request.user, parent, **data),
        done=lambda org: f"已新建党组织「{org}」。", template=FORM,
        context={"parent": parent, "title": _("新建下级党组织")},
    )


def edit(request, pk):
    org = selectors.access_organization(request.user, pk, for_change=True)
    form = forms.OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    return form_page(
        request, form, lambda data: services.update_organization(request.user, org, **data),
        done="已保存。", template=FORM, context={"org": org, "title": _("修改党组织")},
    )


def move(request, pk):
    org = selectors.access_organization(request.user, pk, for_change=True)
    allowed_kinds = (
        Organization.BRANCH_KINDS if org.kind == Organization.Kind.GROUP
        else set(Organization.Kind) - Organization.BRANCH_KINDS - Organization.LEAF_KINDS
    )
    targets = selectors.organizations_visible_to(request.user, "organizations.change").open().filter(
        kind__in=allowed_kinds
    ).exclude(pk=org.parent_id)
    form = forms.MoveForm(request.POST or None, targets=targets)
    return form_page(
        request, form, lambda data: services.move_organization(request.user, org, data["parent"]),
        done=lambda moved: f"已将「{moved}」调整到「{moved.parent}」之下。", template=FORM,
        context={"org": org, "title": _("调整隶属关系")},
    )


def close(request, pk):
    org = selectors.access_organization(request.user, pk, for_change=True)
    form = forms.CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.close_organization(request.user, org, **data),
        done=f"已撤销「{org}」。", template=FORM, context={"org": org, "title": _("撤销党组织"), "danger": True},
    )


def election_new(request, pk):
    org = selectors.access_organization(request.user, pk, capability="organizations.elections")
    form = forms.ElectionForm(request.POST or None)
    members = forms.ElectedMemberFormSet(request.POST or None, prefix="elected")
    if request.method == "POST" and not members.is_valid():
        form.is_valid()  # show the election's own errors too
        return render(request, "organizations/election_form.html", {"form": form, "members": members, "org": org})

    def record(data):
        elected = [(m["name"].strip(), m["position"]) for m in members.cleaned_data if m.get("name", "").strip()]
        return services.record_election(request.user, org, elected=elected, **fields_of(data))

    return form_page(
        request, form, record, done="换届选举已登记，任期重新计算。", then=lambda election: org,
        template="organizations/election_form.html", context={"members": members, "org": org},
    )


def rectification_new(request, pk):
    org = selectors.access_organization(request.user, pk, for_change=True)
    form = forms.RectificationForm(request.POST or None, initial={"started_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.start_rectification(request.user, org, **data),
        done="已列入软弱涣散整顿。", then=lambda item: org, template=FORM,
        context={"org": org, "title": _("列入软弱涣散整顿")},
    )


def rectification_close(request, pk, item_pk):
    org = selectors.access_organization(request.user, pk, for_change=True)
    item = org.rectifications.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    form = forms.RectificationCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.close_rectification(request.user, item, **data),
        done="整顿已销号。", then=lambda item: org, template=FORM, context={"org": org, "title": _("整顿销号")},
    )


def site_new(request, pk):
    org = selectors.access_organization(request.user, pk, for_change=True)
    form = forms.DemonstrationSiteForm(request.POST or None, initial={"named_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.name_demonstration_site(request.user, org, **data),
        done="已命名为示范点。", then=lambda site: org, template=FORM, context={"org": org, "title": _("命名示范点")},
    )


@require_GET
def unit_list(request):
    units = selectors.work_units_visible_to(request.user).select_related("managed_by", "covered_by")
    query, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    if query:
        units = units.filter(name__contains=query)
    if kind:
        units = units.filter(kind=kind)
    page, page_query = page_of(request, units.filter(is_closed=False))
    can_create = request.user.has_capability("organizations.change")
    return render(
        request, "organizations/unit_list.html",
        {"page": page, "query": page_query, "q": query, "kind": kind, "kinds": forms.WorkUnit.Kind.choices, "can_create": can_create},
    )


@require_GET
def unit_detail(request, pk):
    unit = selectors.access_work_unit(request.user, pk)
    can_change = _can(request.user, "organizations.change", unit.managed_by)
    history = history_of(unit)[:100] if request.user.has_capability("audit.view") else None
    return render(request, "organizations/unit_detail.html", {"unit": unit, "can_change": can_change, "history": history})


def _unit_form(request, instance=None):
    managers = selectors.organizations_visible_to(request.user, "organizations.change").open()
    coverers = selectors.organizations_visible_to(request.user).open()
    preset = request.GET.get("managed_by")
    initial = {"managed_by": preset, "covered_by": preset} if instance is None and preset else None
    return forms.WorkUnitForm(request.POST or None, instance=instance, managers=managers, coverers=coverers, initial=initial)


def _unit_saved(request, result) -> str:
    unit, warnings = result
    for warning in warnings:
        messages.warning(request, warning)
    return f"已保存单位「{unit}」。"


def unit_create(request):
    if not request.user.has_capability("organizations.change"):
        raise Http404
    return form_page(
        request, _unit_form(request), lambda data: services.create_work_unit(request.user, **fields_of(data)),
        done=lambda result: _unit_saved(request, result), then=lambda result: result[0],
        template=FORM, context={"title": _("新建单位")},
    )


def unit_edit(request, pk):
    unit = selectors.access_work_unit(request.user, pk, for_change=True)
    return form_page(
        request, _unit_form(request, instance=forms.WorkUnit.objects.get(pk=unit.pk)),
        lambda data: services.update_work_unit(request.user, unit, **fields_of(data)),
        done=lambda result: _unit_saved(request, result), then=lambda result: result[0],
        template=FORM, context={"unit": unit, "title": _("修改单位")},
    )


def unit_close(request, pk):
    unit = selectors.access_work_unit(request.user, pk, for_change=True)
    form = forms.UnitCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.close_work_unit(request.user, unit, **data),
        done=f"已注销「{unit}」。", template=FORM, context={"unit": unit, "title": _("注销单位"), "danger": True},
    )
