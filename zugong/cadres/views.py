"""Pages of the cadre record (干部): the list, one cadre's 任免审批表 and its tabs, .lrmx in and out, the printed
form, resume lines, posts and the annual assessment."""

import base64
from dataclasses import replace

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.cadres import (
    excel,
    forms,
    lrmx,
    printed,
    reserve_views,
    selectors,
    services,
    supervision_views,
    training_views,
)
from zugong.cadres.codes import POLITICAL_STATUSES, RELATIONS
from zugong.cadres.models import FamilyRelation, PersonalMattersReport, ResumeEntry, Talk, Tenure
from zugong.cadres.record import AppointmentForm, Education, format_assessments
from zugong.core.access import DomainError, path_in_scope
from zugong.core.audit import described_filters, history_of, record_id_export
from zugong.core.downloads import XLSX
from zugong.core.forms_helpers import form_page
from zugong.members.models import mask_id_number
from zugong.organizations.selectors import organizations_visible_to, scope_roots

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filters(request):
    if not request.user.has_capability("cadres.view"):
        raise Http404
    form = forms.CadreFilterForm(request.GET or {"status": "serving"},
                                 organizations=organizations_visible_to(request.user, "cadres.view").open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return form, data, data.get("on") or timezone.localdate()


@require_GET
def cadre_list(request):
    form, data, on = _filters(request)
    page = Paginator(selectors.filtered_cadres(request.user, data, on), 50).get_page(request.GET.get("page"))
    rows = [{"cadre": c, "age": selectors.age_on(c, on), "post": selectors.current_post(c, on),
             "rank": selectors.current_rank(c, on), "years": selectors.years(selectors.months_in_current_post(c, on))}
            for c in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cadres/list.html", {
        "form": form, "page": page, "rows": rows, "on": on, "query": query.urlencode(),
        "can_import": request.user.has_capability("cadres.change"),
        "can_supervise": request.user.has_capability("cadres.supervision"),
    })


@require_GET
def cadre_export(request):
    form, data, on = _filters(request)
    cadres = selectors.filtered_cadres(request.user, data, on)
    # Full numbers only where the role may see every record exported.
    full = all(path_in_scope(request.user, "members.identity", p) for p in request.user.scope_prefixes("cadres.view"))
    if full:  # every ID number of a scope: written to the history like a single reveal
        scope = data.get("organization") or scope_roots(request.user, "cadres.view").first()
        record_id_export(request.user, scope, register="干部名册", filters=described_filters(form, data),
                         count=cadres.count())
    content = excel.export_cadres(cadres, on, full_id_numbers=full)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''cadres-{on:%Y%m%d}.xlsx"
    return response


TABS = {"form": _("任免审批表"), "posts": _("任职经历"), "assessments": _("年度考核"), "training": _("培训"),
        "reserve": _("后备与交流"), "supervision": _("谈话与报告"), "history": _("变更记录")}
# The tabs of the module's areas: each area's view module gives the tab's context, ``_tab_<area>.html`` shows it.
AREA_TABS = {"training": training_views, "reserve": reserve_views, "supervision": supervision_views}
TAB_CAPABILITIES = {"supervision": "cadres.supervision", "history": "audit.view"}


@require_GET
def cadre_detail(request, pk):
    cadre = selectors.access_cadre(request.user, pk)
    tabs = {key: label for key, label in TABS.items()
            if key not in TAB_CAPABILITIES or path_in_scope(request.user, TAB_CAPABILITIES[key], cadre.org_path)}
    tab = request.GET.get("tab") if request.GET.get("tab") in tabs else "form"
    on = cadre.age_as_of or timezone.localdate()
    context = {
        "cadre": cadre, "tab": tab, "tabs": tabs, "on": on,
        "can_change": path_in_scope(request.user, "cadres.change", cadre.org_path),
        "form": selectors.form_of(cadre, on), "age": selectors.age_on(cadre, on),
        "relations": RELATIONS, "statuses": POLITICAL_STATUSES,
    }
    if tab == "form":
        context["resume"] = cadre.resume.all()
        context["assessment_line"] = format_assessments(context["form"].assessments)
        context["photo_base64"] = base64.b64encode(bytes(cadre.photo)).decode() if cadre.photo else ""
        context["masked_id_number"] = mask_id_number(cadre.id_number)
    elif tab == "posts":
        context["tenures"] = cadre.tenures.select_related("position__organization").order_by("-started_on")
        context["figures"] = {
            "in_post": selectors.years(selectors.months_in_current_post(cadre, on)),
            "grassroots": selectors.years(selectors.grassroots_months(cadre, on)),
            "rank": selectors.current_rank(cadre, on),
        }
        if context["figures"]["rank"]:
            context["figures"]["at_rank"] = selectors.years(
                selectors.months_at_rank(cadre, context["figures"]["rank"], on))
    elif tab == "assessments":
        context["assessments"] = cadre.assessments.select_related("unit")
        context["assessment_form"] = forms.AssessmentForm(initial={"year": timezone.localdate().year - 1})
        context["years"] = selectors.assessment_years(cadre)
        context["routine_form"] = forms.RoutineForm(initial={"year": timezone.localdate().year})
        context["score_form"] = forms.ComponentScoreForm(initial={"year": timezone.localdate().year - 1})
    elif tab == "history":
        events = history_of(cadre)
        if not path_in_scope(request.user, "cadres.supervision", cadre.org_path):  # talks and reports stay private
            events = events.exclude(object_type__in=ContentType.objects.get_for_models(Talk, PersonalMattersReport)
                                    .values())
        context["history"] = events[:100]
    elif tab in AREA_TABS:
        context |= AREA_TABS[tab].tab_context(request, cadre, on)
    return render(request, "cadres/detail.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@require_GET
def cadre_lrmx(request, pk):
    cadre = selectors.access_cadre(request.user, pk)
    return _download(lrmx.write_lrmx(selectors.form_of(cadre)), "application/xml", f"cadre-{cadre.pk}.lrmx")


@require_GET
def cadre_printed(request, pk, fmt):
    cadre = selectors.access_cadre(request.user, pk)
    form = selectors.form_of(cadre)
    if fmt == "pdf":
        return _download(printed.form_pdf(form), "application/pdf", f"cadre-{cadre.pk}.pdf")
    return _download(printed.form_docx(form), DOCX, f"cadre-{cadre.pk}.docx")


EDUCATION_PARTS = ("level", "degree", "level_school", "degree_school")


def _record_form(data: dict, base: AppointmentForm) -> AppointmentForm:
    """The posted fields over the cadre's form (posts, resume, family and assessments stay as recorded)."""
    own = {name: data.get(name) or ("" if isinstance(getattr(base, name), str) else None)
           for name in services.FORM_FIELDS if name in data}
    return replace(
        base, **own, id_number=(data.get("id_number") or "").strip(),
        full_time_education=Education(*(data.get(f"full_time_{p}", "") for p in EDUCATION_PARTS)),
        in_service_education=Education(*(data.get(f"in_service_{p}", "") for p in EDUCATION_PARTS)),
        photo=data["photo"] if data.get("photo") else base.photo)


def cadre_new(request):
    if not request.user.has_capability("cadres.change"):
        raise Http404
    form = forms.CadreRecordForm(request.POST or None, request.FILES or None,
                                 organizations=organizations_visible_to(request.user, "cadres.change").open())
    empty = AppointmentForm(name="", gender="", birth=None, ethnicity="01")
    return form_page(request, form, lambda d: services.save_form(request.user, _record_form(d, empty),
                                                                  d["organization"]),
                     done=lambda c: f"已登记干部{c.name}。", then=lambda c: c.get_absolute_url(),
                     template="cadres/record_form.html", context={"title": _("登记干部")})


def cadre_edit(request, pk):
    cadre = _change_target(request, pk)
    base = selectors.form_of(cadre)
    initial = {name: getattr(cadre, name) for name in (*services.FORM_FIELDS, "id_number")} | {
        f"{which}_{part}": getattr(cadre, f"{which}_{part}") for which in ("full_time", "in_service")
        for part in EDUCATION_PARTS}
    form = forms.CadreRecordForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "GET":
        services.record_identity_view(request.user, cadre)
    return form_page(request, form, lambda d: services.save_form(request.user, _record_form(d, base),
                                                                  cadre.organization, cadre),
                     done="任免审批表已保存。", then=lambda c: c.get_absolute_url(),
                     template="cadres/record_form.html", context={"cadre": cadre, "title": _("%(name)s · 修改任免审批表") % {"name": cadre.name}})


def family_add(request, pk):
    cadre = _change_target(request, pk)
    form = forms.FamilyMemberForm(request.POST or None)
    return form_page(request, form, lambda d: services.add_family_member(
        request.user, cadre, d["relation"], d["name"], d.get("birth"), d["political_status"], d["work_unit_and_post"]),
        done=lambda r: f"已增加家庭成员{r.name}。", then=lambda _r: cadre.get_absolute_url(), template="cadres/form.html",
        context={"cadre": cadre, "title": _("%(name)s · 增加家庭成员") % {"name": cadre.name}})


@require_POST
def family_remove(request, pk, number):
    cadre = _change_target(request, pk)
    row = get_object_or_404(FamilyRelation, cadre=cadre, number=number)
    try:
        services.remove_family_member(request.user, row)
        messages.success(request, f"已删除家庭成员{row.name}。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(cadre.get_absolute_url())


def _change_target(request, pk):
    return selectors.access_cadre(request.user, pk, for_change=True)


def resume_line(request, pk, number=None):
    """Edit one resume line (``number``) or add one at the end."""
    cadre = _change_target(request, pk)
    entry = get_object_or_404(ResumeEntry, cadre=cadre, number=number) if number else None
    initial = {"start": entry.start, "end": entry.end, "text": entry.text} if entry else {}
    form = forms.ResumeLineForm(request.POST or None, initial=initial)

    def save(data):
        if entry:
            return services.change_resume_line(request.user, entry, data["start"], data.get("end"), data["text"])
        return services.add_resume_line(request.user, cadre, data["start"], data.get("end"), data["text"])

    return form_page(request, form, save, done="简历已保存。", then=lambda _e: cadre.get_absolute_url(),
                     template="cadres/form.html",
                     context={"cadre": cadre, "title": (_("%(name)s · 修改简历") if entry else _("%(name)s · 增加简历")) % {"name": cadre.name}})


def assess(request, pk):
    cadre = _change_target(request, pk)
    form = forms.AssessmentForm(request.POST or None)
    return form_page(request, form, lambda d: services.record_assessment(request.user, cadre, d["year"], d["grade"]),
                     done=lambda a: f"已登记{cadre.name}{a.year}年度考核：{a.get_grade_display()}。",
                     then=lambda _a: f"{cadre.get_absolute_url()}?tab=assessments", template="cadres/form.html",
                     context={"cadre": cadre, "title": _("%(name)s · 登记年度考核") % {"name": cadre.name}})


def routine(request, pk):
    cadre = _change_target(request, pk)
    form = forms.RoutineForm(request.POST or None)
    return form_page(request, form, lambda d: services.record_routine(request.user, cadre, d["year"], d["quarter"],
                                                                       d["grade"], d["note"]),
                     done=lambda r: f"已登记{cadre.name}{r.year}年第{r.quarter}季度平时考核。",
                     then=lambda _r: f"{cadre.get_absolute_url()}?tab=assessments", template="cadres/form.html",
                     context={"cadre": cadre, "title": _("%(name)s · 登记平时考核") % {"name": cadre.name}})


def component_score(request, pk):
    cadre = _change_target(request, pk)
    form = forms.ComponentScoreForm(request.POST or None)
    return form_page(request, form, lambda d: services.record_component_score(request.user, cadre, d["year"],
                                                                               d["component"], d["score"]),
                     done=lambda r: f"已登记{cadre.name}{r.year}年度{r.get_component_display()}得分。",
                     then=lambda _r: f"{cadre.get_absolute_url()}?tab=assessments", template="cadres/form.html",
                     context={"cadre": cadre, "title": _("%(name)s · 登记三位一体考核得分") % {"name": cadre.name}})


def appoint(request, pk):
    cadre = _change_target(request, pk)
    form = forms.AppointForm(request.POST or None,
                             positions=selectors.positions_visible_to(request.user, "cadres.change")
                             .filter(closed_on__isnull=True))
    return form_page(
        request, form, lambda d: services.appoint(request.user, cadre, d["position"], d["started_on"], d["document"]),
        done=lambda t: f"已登记{cadre.name}任{t.position}。", then=lambda _t: f"{cadre.get_absolute_url()}?tab=posts",
        template="cadres/form.html", context={"cadre": cadre, "title": _("%(name)s · 登记任职") % {"name": cadre.name}})


def end_tenure(request, pk, tenure_pk):
    cadre = _change_target(request, pk)
    tenure = get_object_or_404(Tenure, cadre=cadre, pk=tenure_pk, ended_on__isnull=True)
    form = forms.EndTenureForm(request.POST or None)
    return form_page(
        request, form, lambda d: services.end_tenure(request.user, tenure, d["ended_on"], d["document"]),
        done=lambda t: f"已登记{cadre.name}免去{t.position}。",
        then=lambda _t: reverse("cadres:detail", args=[cadre.pk]) + "?tab=posts",
        template="cadres/form.html", context={"cadre": cadre, "title": _("%(name)s · 免去%(position)s") % {"name": cadre.name, "position": tenure.position}})
