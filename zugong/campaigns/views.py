"""Pages of campaigns (/campaigns/): the list, a campaign's page (phases, work groups, tasks with progress, contact
points, visits, inspections, bulletins), the forms that set it up, a task's page with its reports, the report from a
phone, the review (通过 / 退回 with a reason), inspections and rectification, the due list of tasks owed in scope,
and bulletins: draft → edit → issue → download (.docx, PDF).

Who: reading is ``organizations.view`` (a village's secretary sees the campaign's part given to the village);
running a campaign is ``organizations.change`` at its organization; reporting is ``members.change`` at the unit
that owes the task. Every page reads through ``selectors``: missing and out of scope are the same 404.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zugong.cadres import selectors as cadre_selectors
from zugong.cadres.training_views import ROSTER_RESULTS
from zugong.campaigns import bulletin as documents
from zugong.campaigns import forms, procedure, selectors, services
from zugong.campaigns.models import Bulletin, Campaign, ContactPoint, Task
from zugong.core import bounds
from zugong.core.access import scope_q
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.paging import page_of
from zugong.core.policy import policy_int
from zugong.core.submissions import fields_of
from zugong.organizations.selectors import organizations_visible_to, work_units_visible_to

FORM = "campaigns/form.html"
GROUP_FORM = "campaigns/group_form.html"
VIEW, RUN, REPORT = selectors.VIEW, selectors.RUN, selectors.REPORT


def _require_view(user) -> None:
    if not user.has_capability(VIEW):
        raise Http404


def _covered(campaign: Campaign, user):
    """Open organizations the campaign covers that the user may name (for the forms' selects)."""
    roots = list(campaign.covers.all()) or [campaign.organization]
    orgs = organizations_visible_to(user, VIEW).filter(is_closed=False)
    query = None
    for root in roots:
        q = organizations_visible_to(user, VIEW).under(root.path)
        query = q if query is None else query | q
    return orgs.filter(pk__in=query.values("pk")) if query is not None else orgs.none()


@require_GET
def campaign_list(request):
    _require_view(request.user)
    campaigns = selectors.campaigns_visible_to(request.user).order_by("-starts_on", "-pk")
    page, params = page_of(request, campaigns)
    return render(request, "campaigns/list.html", {
        "page": page, "query": params, "today": timezone.localdate(),
        "can_add": request.user.has_capability(RUN)})


CAMPAIGN_FORM = "campaigns/campaign_form.html"


def _cover_rows(organizations) -> list[dict]:
    return [{"organization": o, "parent": o.parent.name if o.parent else ""} for o in organizations]


@require_http_methods(["GET", "POST"])
def campaign_new(request):
    if not request.user.has_capability(RUN):
        raise Http404
    form = forms.CampaignForm(request.POST or None,
                              organizations=organizations_visible_to(request.user, RUN).filter(is_closed=False))
    return form_page(request, form, lambda d: services.create_campaign(
        request.user, organization=d["organization"], title=d["title"], starts_on=d["starts_on"],
        ends_on=d["ends_on"], goals=d["goals"], covers=list(d["covers"])), done=_t("已部署主题实践活动。"),
        template=CAMPAIGN_FORM, context={"title": _("部署主题实践活动"), "chosen": _cover_rows(form.chosen_covers()),
                                         "results_limit": ROSTER_RESULTS})


@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    """Correct the campaign itself: title, dates, goals, coverage (a one-time page, under the campaign's lock)."""
    campaign = selectors.access_campaign(request.user, pk, for_run=True)
    form = forms.CampaignEditForm(request.POST or None, organizations=organizations_visible_to(request.user, RUN),
                                  initial={"title": campaign.title, "starts_on": campaign.starts_on,
                                           "ends_on": campaign.ends_on, "goals": campaign.goals,
                                           "covers": list(campaign.covers.all())})
    return form_page(request, form, lambda d: services.update_campaign(
        request.user, campaign, title=d["title"], starts_on=d["starts_on"], ends_on=d["ends_on"], goals=d["goals"],
        covers=list(d["covers"])), done=_t("已修改主题实践活动。"), template=CAMPAIGN_FORM,
        context={"title": _("修改主题实践活动：%(name)s") % {"name": campaign.title}, "campaign": campaign,
                 "owner": campaign.organization, "chosen": _cover_rows(form.chosen_covers()),
                 "results_limit": ROSTER_RESULTS},
        then=lambda c: c.get_absolute_url())


@never_cache
@require_GET
def cover_candidates(request):
    """The coverage picker's matches (htmx): open organizations under the chosen owner that the user runs campaigns
    for, whose name holds every word typed; nothing typed: the owner's direct subordinates. At most ``ROSTER_RESULTS``."""
    if not request.user.has_capability(RUN):
        raise Http404
    runnable = organizations_visible_to(request.user, RUN).filter(is_closed=False)
    owner_pk = request.GET.get("organization", "")
    owner = runnable.filter(pk=owner_pk).first() if owner_pk.isdigit() and len(owner_pk) < 19 else None
    words = request.GET.get("q", "").strip()[:bounds.SEARCH_MAX]
    found, more = [], False
    if owner is not None:
        under = runnable.under(owner.path).exclude(pk=owner.pk).select_related("parent")
        if words:
            for word in words.split()[:5]:
                under = under.filter(name__contains=word)
        else:
            under = under.filter(parent=owner)
        matches = list(under.order_by("path")[:ROSTER_RESULTS + 1])
        more = len(matches) > ROSTER_RESULTS
        found = _cover_rows(matches[:ROSTER_RESULTS])
    return render(request, "campaigns/_cover_candidates.html", {
        "candidates": found, "more": more, "searched": bool(words), "owner": owner, "results_limit": ROSTER_RESULTS})


@never_cache
@require_GET
def campaign_detail(request, pk):
    campaign = selectors.access_campaign(request.user, pk)
    today = timezone.localdate()
    user = request.user
    can_run = services.may_run(user, campaign)
    tasks = selectors.tasks_visible_to(user).filter(campaign=campaign)
    if not can_run:
        tasks = tasks.filter(scope_q(user, VIEW, "org_path"))
    groups = campaign.groups.select_related("village", "leader_unit", "leader_organization", "leader") \
        .prefetch_related("members")
    if not can_run:
        groups = groups.filter(scope_q(user, VIEW, "org_path"))
    shown, task_status = _tasks_shown(tasks, request.GET.get("task_status", ""), today)
    task_page, task_query = page_of(request, shown.order_by("deadline", "org_path", "pk"), "tasks")
    group_page, group_query = page_of(request, groups, "groups")
    settings = procedure.values()
    points = visits = None
    if can_run:
        points = campaign.contact_points.select_related("cadre", "organization").order_by("cadre__name", "kind")[:200]
        visits = campaign.visits.select_related("cadre", "organization")[:50]
    results = selectors.results(user, campaign, today)
    result_page, result_query = page_of(request, results.rows, "villages")
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "today": today, "can_run": can_run, "phases": campaign.phases.all(),
        "covers": campaign.covers.order_by("path"),
        "progress": selectors.progress(tasks), "overdue": selectors.overdue_count(tasks, today),
        "task_rows": [(t, procedure.overdue(t, today), procedure.reported_late(t)) for t in task_page],
        "task_page": task_page, "task_query": task_query, "task_status": task_status,
        "group_rows": [(g, procedure.group_size_problem(len(g.members.all()), settings)) for g in group_page],
        "group_page": group_page, "group_query": group_query,
        "points": points, "visits": visits, "results": results, "result_page": result_page,
        "result_query": result_query,
        "inspections": campaign.inspections.all() if can_run else
        campaign.inspections.filter(findings__in=_findings_in_scope(user)).distinct(),
        "bulletins": selectors.bulletins_visible_to(user).filter(campaign=campaign),
        "visits_per_month": settings[procedure.P.VISITS_PER_MONTH.key],
        "holders": ContactPoint.Holder})


def _tasks_shown(tasks, wanted: str, today):
    """The tasks the list shows: all, those in one state, or those overdue (the progress counts are the links)."""
    if wanted == OVERDUE:
        return selectors.overdue(tasks, today), wanted
    if wanted in Task.Status.values:
        return tasks.filter(status=wanted), wanted
    return tasks, ""


OVERDUE = "overdue"


def _findings_in_scope(user):
    from zugong.campaigns.models import InspectionFinding  # noqa: PLC0415

    return InspectionFinding.objects.filter(scope_q(user, VIEW, "org_path"))


def _campaign_form(request, pk, form_class, service, done, title, **form_kwargs):
    campaign = selectors.access_campaign(request.user, pk, for_run=True)
    kwargs = {key: value(campaign) for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, **kwargs)
    return form_page(request, form, lambda d: service(campaign, d), done=done, template=FORM,
                     context={"title": title, "campaign": campaign}, then=lambda _r: campaign.get_absolute_url())


@require_http_methods(["GET", "POST"])
def phase_new(request, pk):
    return _campaign_form(request, pk, forms.PhaseForm, lambda c, d: services.add_phase(
        request.user, c, name=d["name"], starts_on=d["starts_on"], ends_on=d["ends_on"],
        description=d["description"]), _t("已增加阶段。"), _("增加阶段"))


def _group_service(user, d: dict) -> dict:
    return {"name": d["name"], "village": d["village"], "members": list(d["cadres"]), "leader": d["leader"],
            "leader_unit": d["leader_unit"], "leader_organization": d["leader_organization"],
            "arrived_on": d["arrived_on"]}


def _picked(form) -> list[dict]:
    on = timezone.localdate()
    return [{"cadre": c, "post": cadre_selectors.current_post(c, on), "age": cadre_selectors.age_on(c, on),
             "listed": False} for c in form.chosen()]


def _group_context(form, campaign: Campaign, title, **extra) -> dict:
    return {"title": title, "campaign": campaign, "results_limit": ROSTER_RESULTS, "chosen": _picked(form),
            "group_min": policy_int(procedure.P.GROUP_MIN.key), "group_max": policy_int(procedure.P.GROUP_MAX.key),
            **extra}


def _group_form(request, campaign: Campaign, **kwargs):
    return forms.GroupForm(request.POST or None, campaign=campaign, organizations=_covered(campaign, request.user),
                           units=work_units_visible_to(request.user, VIEW), **kwargs)


@require_http_methods(["GET", "POST"])
def group_new(request, pk):
    campaign = selectors.access_campaign(request.user, pk, for_run=True)
    form = _group_form(request, campaign)
    return form_page(request, form, lambda d: services.add_group(request.user, campaign, **_group_service(
        request.user, d)), done=_t("已组建工作组。"), template=GROUP_FORM,
        context=_group_context(form, campaign, _("组建工作组")),
        then=lambda _r: campaign.get_absolute_url())


@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = selectors.access_group(request.user, pk)
    campaign = group.campaign
    form = _group_form(request, campaign, initial={
        "name": group.name, "village": group.village_id, "leader_unit": group.leader_unit_id,
        "leader_organization": group.leader_organization_id, "leader": group.leader_id,
        "cadres": list(group.members.all()), "arrived_on": group.arrived_on})
    return form_page(request, form, lambda d: services.update_group(request.user, group, **_group_service(
        request.user, d)), done=_t("已修改工作组。"), template=GROUP_FORM,
        context=_group_context(form, campaign, _("修改工作组：%(name)s") % {"name": group.name},
                               remove_url=reverse("campaigns:group_remove", args=[group.pk])),
        then=lambda g: f"{campaign.get_absolute_url()}#group-{g.pk}")


@never_cache
@require_GET
def group_cadres(request, pk):
    """The work-group picker's matches (htmx): at most ``ROSTER_RESULTS`` serving cadres under the campaign's
    organization whose name, post as written or managing organization holds every word typed."""
    campaign = selectors.access_campaign(request.user, pk, for_run=True)
    on = timezone.localdate()
    words = request.GET.get("q", "").strip()[:bounds.SEARCH_MAX]
    found, more = [], False
    if words:
        cadres = forms.campaign_cadres(campaign).defer("photo").select_related("organization") \
            .prefetch_related("tenures__position")
        for word in words.split()[:5]:
            cadres = cadres.filter(Q(name__contains=word) | Q(post_as_written__contains=word)
                                   | Q(organization__name__contains=word))
        matches = list(cadres[:ROSTER_RESULTS + 1])
        more = len(matches) > ROSTER_RESULTS
        found = [{"cadre": c, "post": cadre_selectors.current_post(c, on), "age": cadre_selectors.age_on(c, on),
                  "listed": False} for c in matches[:ROSTER_RESULTS]]
    return render(request, "cadres/_roster_candidates.html", {
        "candidates": found, "more": more, "searched": bool(words), "results_limit": ROSTER_RESULTS})


@require_http_methods(["GET", "POST"])
def point_new(request, pk):
    return _campaign_form(request, pk, forms.PointForm, lambda c, d: services.add_contact_point(
        request.user, c, cadre=d["cadre"], holder=d["holder"], kind=d["kind"], organization=d["organization"]),
        _t("已确定联系点。"), _("确定联系点"), campaign=lambda c: c, organizations=lambda c: _covered(c, request.user))


@require_http_methods(["GET", "POST"])
def visit_new(request, pk):
    return _campaign_form(request, pk, forms.VisitForm, lambda c, d: services.log_visit(
        request.user, c, cadre=d["cadre"], organization=d["organization"], visited_on=d["visited_on"],
        purpose=d["purpose"]), _t("已登记领导走访。"), _("登记领导走访"), campaign=lambda c: c,
        organizations=lambda c: _covered(c, request.user))


def _assign(user, campaign: Campaign, d: dict) -> list[Task]:
    groups = list(campaign.groups.all()) if d["all_groups"] else []
    orgs = [d["organization"]] if d["organization"] else []
    if d["template"]:
        return services.assign_template(user, campaign, template=d["template"], deadline=d["deadline"],
                                        groups=groups, organizations=orgs, phase=d["phase"])
    return services.assign_task(user, campaign, title=d["title"], description=d["description"],
                                deadline=d["deadline"], groups=groups, organizations=orgs, phase=d["phase"])


@require_http_methods(["GET", "POST"])
def task_new(request, pk):
    return _campaign_form(request, pk, forms.TaskForm, lambda c, d: _assign(request.user, c, d),
                          lambda tasks: _t("已部署{n}项任务。").format(n=len(tasks)), _("部署任务"),
                          campaign=lambda c: c, organizations=lambda c: _covered(c, request.user))


@never_cache
@require_GET
def task_detail(request, pk):
    task = selectors.access_task(request.user, pk)
    today = timezone.localdate()
    can_run = services.may_run(request.user, task.campaign)
    can_report = services.may_report(request.user, task)
    return render(request, "campaigns/task.html", {
        "task": task, "today": today, "overdue": procedure.overdue(task, today), "can_run": can_run,
        "late": procedure.reported_late(task), "reports": task.reports.prefetch_related("files"),
        "can_report": can_report and procedure.refusal(task, "report", today, today=today) is None,
        "report_refusal": procedure.refusal(task, "report", today, today=today) if can_report else None,
        "can_review": can_run and task.status == Task.Status.REPORTED,
        "review_form": forms.ReviewForm()})


@require_http_methods(["GET", "POST"])
def task_report(request, pk):
    task = selectors.access_task(request.user, pk, capability=REPORT)
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    return form_page(request, form, lambda d: services.report_task(
        request.user, task, text=d["text"], quantity=d["quantity"], amount=d["amount"], files=d["files"]),
        done=_t("已报送，等待审核。"), template="campaigns/report.html",
        context={"title": _("报送任务"), "task": task, "multipart": True}, then=lambda _r: task.get_absolute_url())


@require_POST
def task_review(request, pk):
    task = selectors.access_task(request.user, pk, capability=RUN)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        done = run_service(form, lambda: services.review_task(request.user, task, accept=accept,
                                                              reason=form.cleaned_data["reason"]))
        if done is not None:
            messages.success(request, _t("已审核通过。") if accept else _t("已退回重报。"))
            return redirect(task.get_absolute_url())
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(task.get_absolute_url())


@require_GET
def report_file(request, pk):
    stored = selectors.access_file(request.user, pk)
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=f"{stored.token}{stored.extension}")


@require_http_methods(["GET", "POST"])
def inspection_new(request, pk):
    return _campaign_form(request, pk, forms.InspectionForm, lambda c, d: services.record_inspection(
        request.user, c, title=d["title"], kind=d["kind"], started_on=d["started_on"], ended_on=d["ended_on"],
        inspectors=d["inspectors"], summary=d["summary"]), _t("已登记督查。"), _("登记督查"))


@never_cache
@require_http_methods(["GET", "POST"])
def inspection_detail(request, pk):
    inspection = selectors.access_inspection(request.user, pk)
    campaign = inspection.campaign
    can_run = services.may_run(request.user, campaign)
    findings = inspection.findings.select_related("organization")
    if not can_run:
        findings = findings.filter(scope_q(request.user, VIEW, "org_path"))
    form = None
    if can_run:
        form = forms.FindingForm(request.POST or None, organizations=_covered(campaign, request.user))
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            if run_service(form, lambda: services.add_inspection_finding(
                    request.user, inspection, organization=d["organization"], rating=d["rating"], found=d["found"],
                    rectification=d["rectification"], rectify_by=d["rectify_by"])) is not None:
                messages.success(request, _t("已登记督查发现。"))
                return redirect("campaigns:inspection", pk=inspection.pk)
    elif request.method == "POST":
        raise Http404
    page, query = page_of(request, findings)
    return render(request, "campaigns/inspection.html", {
        "inspection": inspection, "campaign": campaign, "page": page, "query": query, "form": form,
        "today": timezone.localdate(), "rectified_form": forms.RectifiedForm(initial={"day": timezone.localdate()})})


@require_POST
def finding_rectified(request, pk):
    item = selectors.access_finding(request.user, pk)
    form = forms.RectifiedForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.record_rectified(
            request.user, item, day=form.cleaned_data["day"], note=form.cleaned_data["note"])) is not None:
        messages.success(request, _t("已登记整改完成。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("campaigns:inspection", pk=item.inspection_id)


@never_cache
@require_GET
def due_list(request):
    _require_view(request.user)
    today = timezone.localdate()
    items = selectors.due_items(request.user, today, procedure.values())
    groups = []
    for due in procedure.Due:
        page, query = page_of(request, [i for i in items if i.due is due], f"page_{due}")
        groups.append((due, procedure.DUE_LABELS[due], page, query))
    review = (Task.objects.filter(scope_q(request.user, RUN, "campaign__org_path"), status=Task.Status.REPORTED)
              .select_related("campaign", "organization").order_by("reported_on", "pk"))
    review_page, review_query = page_of(request, review, "page_review")
    return render(request, "campaigns/due.html", {"today": today, "groups": groups, "review_page": review_page,
                                                  "review_query": review_query})


@require_GET
def bulletin_list(request):
    _require_view(request.user)
    bulletins = selectors.bulletins_visible_to(request.user).order_by("-issued_on", "-pk")
    page, query = page_of(request, bulletins)
    return render(request, "campaigns/bulletins.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
def bulletin_new(request, pk):
    campaign = selectors.access_campaign(request.user, pk, for_run=True)
    form = forms.DraftForm(request.POST or None, initial={"as_of": timezone.localdate()})
    return form_page(request, form, lambda d: services.draft_bulletin(request.user, campaign, as_of=d["as_of"]),
                     done=_t("已生成通报草稿，请核对修改后印发。"), template=FORM,
                     context={"title": _("生成通报草稿"), "campaign": campaign})


@never_cache
@require_http_methods(["GET", "POST"])
def bulletin_detail(request, pk):
    bulletin = selectors.access_bulletin(request.user, pk)
    can_run = services.may_run(request.user, bulletin.campaign)
    if bulletin.status == Bulletin.Status.DRAFT and not can_run:
        raise Http404
    form = issue_form = None
    if can_run and bulletin.status == Bulletin.Status.DRAFT:
        form = forms.BulletinForm(request.POST or None, initial={"title": bulletin.title, "body": bulletin.body})
        issue_form = forms.IssueForm(initial={"day": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            if run_service(form, lambda: services.edit_bulletin(request.user, bulletin, title=form.cleaned_data["title"],
                                                                body=form.cleaned_data["body"])) is not None:
                messages.success(request, _t("已保存通报。"))
                return redirect(bulletin.get_absolute_url())
    elif request.method == "POST":
        raise Http404
    return render(request, "campaigns/bulletin.html", {
        "bulletin": bulletin, "campaign": bulletin.campaign, "form": form, "issue_form": issue_form,
        "paragraphs": [line for line in bulletin.body.splitlines() if line.strip()],
        "concerns": bulletin.concerns.order_by("path")[:200]})


@require_POST
def bulletin_issue(request, pk):
    bulletin = selectors.access_bulletin(request.user, pk, for_run=True)
    form = forms.IssueForm(request.POST)
    if form.is_valid() and run_service(form, lambda: services.issue_bulletin(
            request.user, bulletin, day=form.cleaned_data["day"])) is not None:
        messages.success(request, _t("已印发通报{number}。").format(number=bulletin.number))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(bulletin.get_absolute_url())


def _download(request, pk, kind: str):
    bulletin = selectors.access_bulletin(request.user, pk)
    if bulletin.status == Bulletin.Status.DRAFT and not services.may_run(request.user, bulletin.campaign):
        raise Http404
    name = f"bulletin-{bulletin.year or 'draft'}-{bulletin.serial or bulletin.pk}"
    if kind == "docx":
        content = documents.bulletin_docx(bulletin)
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument."
                                                      "wordprocessingml.document")
    else:
        response = HttpResponse(documents.bulletin_pdf(bulletin), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@require_GET
def bulletin_docx(request, pk):
    return _download(request, pk, "docx")


@require_GET
def bulletin_pdf(request, pk):
    return _download(request, pk, "pdf")


# --- Corrections ----------------------------------------------------------------------------------------------------

def _correct(request, record, campaign: Campaign, form, service, *, done: str, title, anchor: str, remove: str):
    return form_page(request, form, lambda d: service(fields_of(d)), done=done, template=FORM,
                     context={"title": title, "campaign": campaign,
                              "remove_url": reverse(f"campaigns:{remove}", args=[record.pk])},
                     then=lambda _r: f"{campaign.get_absolute_url()}#{anchor}")


def _remove(request, campaign: Campaign, *, what: str, details: list[str], refusal: str | None, service,
            done: str, back: str, consequence: str):
    """A removal's confirmation page: what goes, and either the Chinese reason it may not or the button."""
    form = forms.RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and refusal is None:
        if run_service(form, lambda: service() or True):
            messages.success(request, done)
            return redirect(back)
    return render(request, "campaigns/remove.html", {
        "form": form, "campaign": campaign, "what": what, "details": details, "refusal": refusal, "back": back,
        "consequence": consequence})


@require_http_methods(["GET", "POST"])
def group_remove(request, pk):
    group = selectors.access_group(request.user, pk)
    campaign = group.campaign
    members = "、".join(c.name for c in group.members.order_by("name", "pk"))
    return _remove(request, campaign, what=_t("删除工作组"), details=[
        group.name, _t("帮扶%(village)s") % {"village": group.village.name},
        _t("成员：%(members)s") % {"members": members or "—"}],
        refusal=services.remove_group_refusal(group), service=lambda: services.remove_group(request.user, group),
        done=_t("已删除工作组：%(name)s") % {"name": group.name}, back=campaign.get_absolute_url(),
        consequence=_t("删除后该工作组及其成员名单不能恢复（变更记录保留）。只删除误登记的工作组。"))


@require_http_methods(["GET", "POST"])
def point_edit(request, pk):
    point = selectors.access_point(request.user, pk)
    campaign = point.campaign
    form = forms.PointForm(request.POST or None, campaign=campaign, organizations=_covered(campaign, request.user),
                           initial={"cadre": point.cadre_id, "holder": point.holder, "kind": point.kind,
                                    "organization": point.organization_id})
    return _correct(request, point, campaign, form, lambda d: services.update_contact_point(request.user, point, **d),
                    done=_t("已修改联系点。"), title=_("修改联系点"), anchor="points", remove="point_remove")


@require_http_methods(["GET", "POST"])
def point_remove(request, pk):
    point = selectors.access_point(request.user, pk)
    return _remove(request, point.campaign, what=_t("删除联系点"), details=[
        f"{point.cadre.name} · {point.organization.name}", _t(point.get_holder_display()),
        _t(point.get_kind_display())],
        refusal=None, service=lambda: services.remove_contact_point(request.user, point),
        done=_t("已删除联系点。"), back=f"{point.campaign.get_absolute_url()}#points",
        consequence=_t("删除后不能恢复（变更记录保留）。"))


@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    visit = selectors.access_visit(request.user, pk)
    campaign = visit.campaign
    form = forms.VisitForm(request.POST or None, campaign=campaign, organizations=_covered(campaign, request.user),
                           initial={"cadre": visit.cadre_id, "organization": visit.organization_id,
                                    "visited_on": visit.visited_on, "purpose": visit.purpose})
    return _correct(request, visit, campaign, form, lambda d: services.update_visit(request.user, visit, **d),
                    done=_t("已修改领导走访。"), title=_("修改领导走访"), anchor="visits", remove="visit_remove")


@require_http_methods(["GET", "POST"])
def visit_remove(request, pk):
    visit = selectors.access_visit(request.user, pk)
    return _remove(request, visit.campaign, what=_t("删除领导走访"), details=[
        f"{visit.visited_on:%Y-%m-%d} · {visit.cadre.name} · {visit.organization.name}", visit.purpose],
        refusal=None, service=lambda: services.remove_visit(request.user, visit),
        done=_t("已删除领导走访。"), back=f"{visit.campaign.get_absolute_url()}#visits",
        consequence=_t("删除后不能恢复（变更记录保留）；每月走访次数随之重新计算。"))


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = selectors.access_task(request.user, pk, capability=RUN)
    form = forms.TaskEditForm(request.POST or None, campaign=task.campaign, initial={
        "title": task.title, "description": task.description, "deadline": task.deadline, "phase": task.phase_id})
    return form_page(request, form, lambda d: services.update_task(request.user, task, **fields_of(d)),
                     done=_t("已修改任务。"), template=FORM,
                     context={"title": _("修改任务：%(name)s") % {"name": task.title}, "campaign": task.campaign,
                              "remove_url": reverse("campaigns:task_remove", args=[task.pk])},
                     then=lambda t: t.get_absolute_url())


@require_http_methods(["GET", "POST"])
def task_remove(request, pk):
    task = selectors.access_task(request.user, pk, capability=RUN)
    return _remove(request, task.campaign, what=_t("删除任务"), details=[
        task.title, _t("承担单位：%(organization)s") % {"organization": task.organization.name},
        _t("完成期限：%(day)s") % {"day": f"{task.deadline:%Y-%m-%d}"}],
        refusal=services.remove_task_refusal(task), service=lambda: services.remove_task(request.user, task),
        done=_t("已删除任务：%(name)s") % {"name": task.title}, back=task.campaign.get_absolute_url(),
        consequence=_t("删除后该单位不再承担这项任务，不能恢复（变更记录保留）。只删除误部署的任务。"))


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk):
    inspection = selectors.access_inspection(request.user, pk, for_run=True)
    campaign = inspection.campaign
    form = forms.InspectionForm(request.POST or None, initial={
        name: getattr(inspection, name) for name in ("title", "kind", "started_on", "ended_on", "inspectors",
                                                     "summary")})
    return form_page(request, form, lambda d: services.update_inspection(request.user, inspection, **fields_of(d)),
                     done=_t("已修改督查。"), template=FORM,
                     context={"title": _("修改督查：%(name)s") % {"name": inspection.title}, "campaign": campaign,
                              "remove_url": reverse("campaigns:inspection_remove", args=[inspection.pk])},
                     then=lambda i: reverse("campaigns:inspection", args=[i.pk]))


@require_http_methods(["GET", "POST"])
def inspection_remove(request, pk):
    inspection = selectors.access_inspection(request.user, pk, for_run=True)
    campaign = inspection.campaign
    return _remove(request, campaign, what=_t("删除督查"), details=[
        inspection.title, f"{inspection.started_on:%Y-%m-%d} – {inspection.ended_on:%Y-%m-%d}"],
        refusal=services.remove_inspection_refusal(inspection),
        service=lambda: services.remove_inspection(request.user, inspection),
        done=_t("已删除督查：%(name)s") % {"name": inspection.title}, back=f"{campaign.get_absolute_url()}#inspections",
        consequence=_t("删除后不能恢复（变更记录保留）。只删除误登记、尚无督查发现的督查。"))


@require_http_methods(["GET", "POST"])
def finding_edit(request, pk):
    """Correct one inspection finding: the unit, rating, what was found, the rectification asked and its deadline."""
    item = selectors.access_finding(request.user, pk)
    inspection = item.inspection
    campaign = inspection.campaign
    form = forms.FindingEditForm(request.POST or None, organizations=_covered(campaign, request.user), initial={
        "organization": item.organization_id, "rating": item.rating, "found": item.found,
        "rectification": item.rectification, "rectify_by": item.rectify_by})
    back = reverse("campaigns:inspection", args=[inspection.pk])
    return form_page(request, form, lambda d: services.update_finding(request.user, item, **fields_of(d)),
                     done=_t("已修改督查发现。"), template=FORM,
                     context={"title": _("修改督查发现：%(name)s") % {"name": item.organization.name},
                              "campaign": campaign, "refusal": services.finding_refusal(item), "back": back,
                              "remove_url": reverse("campaigns:finding_remove", args=[item.pk])},
                     then=lambda f: f"{back}#finding-{f.pk}")


@require_http_methods(["GET", "POST"])
def finding_remove(request, pk):
    item = selectors.access_finding(request.user, pk)
    inspection = item.inspection
    return _remove(request, inspection.campaign, what=_t("删除督查发现"), details=[
        inspection.title, f"{item.organization.name} · {_t(item.get_rating_display())}", item.found or "—"],
        refusal=services.finding_refusal(item, removing=True),
        service=lambda: services.remove_finding(request.user, item),
        done=_t("已删除督查发现：%(name)s") % {"name": item.organization.name},
        back=reverse("campaigns:inspection", args=[inspection.pk]),
        consequence=_t("删除后不能恢复（变更记录保留）。只删除误登记的督查发现。"))
