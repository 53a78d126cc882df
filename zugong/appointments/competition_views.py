"""Pages of 公开选拔、竞争上岗 (D2): the 公告与报名 section of an OPEN case's page (registrations in ranking order,
资格审查, scores, the panel), the announcement, a registration, a review, the panel, the scores of a whole list,
the score workbook's check and import, the ranking's export, and an outside 考察对象's entry in the cadre register. Scoped like the case: ``appointments.view``
reads, ``appointments.manage`` changes; an out-of-scope case or registration is a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.appointments import competition, outsiders, ranking, selectors, services
from zugong.appointments import competition_forms as forms
from zugong.appointments import policies as P
from zugong.appointments.models import Registration, SelectionCase
from zugong.cadres.selectors import cadres_visible_to
from zugong.core.access import get_in_scope, path_in_scope
from zugong.core.downloads import xlsx_response
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.paging import page_of
from zugong.core.uploads import check_or_apply
from zugong.organizations.selectors import organizations_visible_to

FORM = "appointments/form.html"
REVIEW = Registration.Review


def _access_registration(user, pk, for_change: bool = False) -> Registration:
    cases = selectors.cases_visible_to(user, selectors.MANAGE if for_change else selectors.VIEW)
    return get_in_scope(Registration.objects.filter(case__in=cases).select_related("case", "position", "cadre"), pk)


def _open_case(user, pk) -> SelectionCase:
    case = selectors.access_case(user, pk, for_change=True)
    if case.kind != SelectionCase.Kind.OPEN:
        raise Http404
    return case


def _with_competition(user, pk) -> SelectionCase:
    case = _open_case(user, pk)
    if competition.competition_of(case) is None:
        raise Http404
    return case


def ordered(case: SelectionCase) -> list[dict]:
    """Every registration: the ranked (per post, by rank), then the passed unscored, the pending, the failed."""
    rows = []
    for post, ranked in ranking.post_rankings(case):
        rows += [{"r": row.registration, "total": row.total, "rank": row.rank, "post": post} for row in ranked]
    others = case.registrations.exclude(review=REVIEW.PASSED).select_related("position", "candidate").order_by(
        "-review", "pk")  # pending before failed
    return rows + [{"r": r, "total": None, "rank": None, "post": r.position} for r in others]


def section(request, case: SelectionCase, can_change: bool) -> dict:
    """The context of the 公告与报名 section on the case page (empty for other kinds of case)."""
    if case.kind != SelectionCase.Kind.OPEN:
        return {}
    found = competition.competition_of(case)
    if found is None:
        return {"competition_section": True, "competition": None}
    page, query = page_of(request, ordered(case), param="reg_page")
    counts = {value: case.registrations.filter(review=value).count() for value in REVIEW.values}
    chosen = services.history_of(case).is_done("candidates_chosen")
    return {"competition_section": True, "competition": found, "registrations": page, "reg_query": query,
            "review_counts": counts, "panel": case.panel.all(), "scores_open": can_change and not chosen,
            "policy_source": P.OPEN_INSPECTION_RATIO.source,
            "can_enter_register": can_change and path_in_scope(request.user, outsiders.CADRES_CHANGE, case.org_path),
            "panel_rule": _("评委%(judges)s人及以上的，去掉一个最高分和一个最低分（%(source)s）") % {
                "judges": found.trim_from, "source": P.PANEL_TRIM_JUDGES.source}}


def announce(request, pk):
    case = _open_case(request.user, pk)
    values = services.rule_values()
    today = timezone.localdate()
    posts = str(_("、")).join(p.title for p in case.positions.all())
    form = forms.AnnouncementForm(request.POST or None, initial={
        "publish_on": today, "registration_starts_on": today, "per_post": values[P.OPEN_INSPECTION_RATIO.key],
        "written_weight": values[P.WRITTEN_WEIGHT_PERCENT.key], "interview_weight": values[P.INTERVIEW_WEIGHT_PERCENT.key],
        "text": _("根据工作需要，面向全县公开选拔%(posts)s。") % {"posts": posts}})
    return form_page(request, form, lambda d: competition.announce(
        request.user, case, text=d["text"], qualifications=d["qualifications"], phone=d["phone"],
        publish_on=d["publish_on"], registration_starts_on=d["registration_starts_on"],
        registration_ends_on=d["registration_ends_on"], per_post=d["per_post"], written_weight=d["written_weight"],
        interview_weight=d["interview_weight"]),
        done="已发布公开选拔公告。", then=lambda c: case, template=FORM,
        context={"title": _("发布公开选拔公告"), "case": case})


def register(request, pk):
    case = _with_competition(request.user, pk)
    cadres = cadres_visible_to(request.user).filter(status="serving").select_related("organization")
    positions = list(case.positions.all())
    form = forms.RegistrationForm(request.POST or None, cadres=cadres, positions=case.positions.all(), initial={
        "registered_on": timezone.localdate(), "position": positions[0].pk if len(positions) == 1 else None})
    return form_page(request, form, lambda d: competition.register(
        request.user, case, position=d["position"], registered_on=d["registered_on"], cadre=d.get("cadre"),
        name=d.get("name") or "", unit=d.get("unit") or "", post=d.get("post") or "", birth=d.get("birth"),
        education=d.get("education") or ""),
        done=lambda r: f"已登记{r.name}的报名。", then=lambda r: case, template=FORM,
        context={"title": _("登记报名"), "case": case})


def review(request, pk):
    registration = _access_registration(request.user, pk, for_change=True)
    form = forms.ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    failed = "；".join(f"{r['rule']}：{r['detail']}" for r in registration.failed_rules)
    return form_page(request, form, lambda d: competition.review(
        request.user, registration, passed=d["passed"], reviewed_on=d["reviewed_on"], reason=d.get("reason") or ""),
        done=lambda r: f"{r.name}：{r.get_review_display()}。", then=lambda r: r.case, template=FORM,
        context={"title": _("资格审查：%(name)s（%(post)s）") % {"name": registration.name, "post": registration.position.title}
                          + (_("——不符合：%(failed)s") % {"failed": failed} if failed else ""), "case": registration.case})


def panel_member_new(request, pk):
    case = _with_competition(request.user, pk)
    form = forms.PanelMemberForm(request.POST or None)
    return form_page(request, form, lambda d: competition.add_panel_member(
        request.user, case, name=d["name"], kind=d["kind"], unit=d.get("unit") or ""),
        done=lambda m: f"已登记评委{m.name}。", then=lambda m: case, template=FORM,
        context={"title": _("登记评委"), "case": case})


def panel_scores(request, pk):
    registration = _access_registration(request.user, pk, for_change=True)
    members = list(registration.case.panel.order_by("pk"))
    form = forms.PanelScoresForm(request.POST or None, members=members)
    return form_page(request, form, lambda d: competition.record_panel_scores(request.user, registration,
                                                                              form.scores()),
                     done=lambda r: f"已登记评委评分：{r.name}面试成绩{r.interview}。", then=lambda r: r.case,
                     template=FORM, context={"title": _("评委评分：%(name)s") % {"name": registration.name}, "case": registration.case})


def scores(request, pk):
    """The scores of the page's passed registrations in one form: all saved, or none with each bad row named."""
    case = _with_competition(request.user, pk)
    passed = case.registrations.filter(review=REVIEW.PASSED).select_related("position").order_by("position", "pk")
    page, query = page_of(request, passed)
    form = forms.ScoresForm(request.POST or None, registrations=page.object_list)
    if request.method == "POST" and form.is_valid():
        rows = [competition.ScoreRow(r.pk, form.cleaned_data[f"w{r.pk}"], form.cleaned_data[f"i{r.pk}"])
                for r in form.registrations]
        saved = run_service(form, lambda: competition.record_scores(request.user, case, rows))
        if saved is not None:
            messages.success(request, f"已保存{saved}人的成绩。")
            return redirect(case)
    return render(request, "appointments/competition_scores.html", {
        "case": case, "form": form, "page": page, "query": query})


def scores_import(request, pk):
    case = _with_competition(request.user, pk)
    form = forms.ScoreImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = check_or_apply(request, form, lambda apply: competition.import_scores(
            request.user, case, form.cleaned_data["workbook"], apply=apply))
        if result is not None and result.applied:
            messages.success(request, f"已导入{result.rows}人的成绩。")
            return redirect(case)
    return render(request, "appointments/competition_import.html", {
        "case": case, "form": form, "result": result, "headers": competition.IMPORTED})


@require_GET
def ranking_export(request, pk):
    case = selectors.access_case(request.user, pk)
    if case.kind != SelectionCase.Kind.OPEN or competition.competition_of(case) is None:
        raise Http404
    return xlsx_response(competition.ranking_workbook(case), f"ranking-{case.pk}.xlsx")


def enter_register(request, pk):
    """登记入干部库: for ``appointments.manage`` holders who also hold ``cadres.change`` over the case's unit."""
    candidate = selectors.access_candidate(request.user, pk, for_change=True)
    case = candidate.case
    if not outsiders.may_enter(request.user, candidate):
        raise Http404
    registration = outsiders.registration_of(candidate)
    organizations = organizations_visible_to(request.user, outsiders.CADRES_CHANGE).under(case.unit.path).open()
    initial = {"name": candidate.name, "organization": case.unit_id}
    if registration is not None:
        initial |= {"birth": registration.birth, "education": registration.education,
                    "current_post": f"{registration.unit}{registration.post}"}
    form = forms.EnterRegisterForm(request.POST or None, organizations=organizations, initial=initial)
    return form_page(request, form, lambda d: outsiders.enter_register(
        request.user, candidate, name=d["name"], gender=d["gender"], birth=d["birth"], id_number=d["id_number"],
        organization=d["organization"], education=d.get("education") or "", current_post=d.get("current_post") or "",
        ethnicity=d["ethnicity"], link_existing=d.get("link_existing") or False),
        done=lambda c: f"{c.name}已登记入干部名册，可以办理讨论决定和任职。", then=lambda c: case, template=FORM,
        context={"title": _("登记入干部库：%(name)s（%(post)s）") % {"name": candidate.name, "post": candidate.position.title}, "case": case})
