"""Pages of selection and appointment (选拔任用): the cases, one case's procedure with what is next and why not,
a form per step, notices, opinions, holds, documents, the due list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.appointments import competition_views, documents, excel, forms, selectors, services
from zugong.appointments.models import CaseStep, KeyPost, Notice, SelectionCase
from zugong.appointments.procedure import PER_CANDIDATE, Attempt, flat, label, refusal
from zugong.appointments.ranking import standings_of
from zugong.ballots.models import Ballot
from zugong.ballots.selectors import ballots_visible_to
from zugong.cadres.models import Position
from zugong.cadres.selectors import cadres_visible_to
from zugong.core.access import get_in_scope, holds_at_root, path_in_scope
from zugong.core.audit import history_of
from zugong.core.downloads import xlsx_response
from zugong.core.forms_helpers import form_page
from zugong.organizations.selectors import organizations_visible_to

FORM = "appointments/form.html"
MANAGE = "appointments.manage"
K = CaseStep.Kind


def _require_view(user) -> None:
    if not user.has_capability("appointments.view"):
        raise Http404


@require_GET
def case_list(request):
    _require_view(request.user)
    form = forms.CaseFilterForm(request.GET or None, organizations=organizations_visible_to(
        request.user, "appointments.view").open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    cases = selectors.cases_visible_to(request.user).prefetch_related("candidates__cadre")
    for name in ("kind", "status"):
        if data.get(name):
            cases = cases.filter(**{name: data[name]})
    if data.get("unit"):
        cases = cases.under(data["unit"].path)
    query = (data.get("q") or "").strip()
    if query:
        cases = cases.filter(Q(title__contains=query) | Q(candidates__name__contains=query)).distinct()
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "appointments/list.html", {
        "form": form, "page": page, "query": params.urlencode(), "labels": dict(K.choices),
        "can_add": request.user.has_capability(MANAGE)})


def case_create(request):
    if not request.user.has_capability(MANAGE):
        raise Http404
    organizations = organizations_visible_to(request.user, MANAGE).open()
    positions = Position.objects.filter(closed_on__isnull=True, organization__in=organizations).select_related(
        "organization")
    form = forms.CaseForm(request.POST or None, request.FILES or None, organizations=organizations,
                          positions=positions, initial={"motion_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.open_case(
        request.user, title=d["title"], kind=d["kind"], unit=d["unit"], positions=list(d["positions"]),
        motion_on=d["motion_on"], handled_by=d.get("handled_by") or "", note=d.get("note") or "",
        elected_posts=d.get("elected_posts", False), document=d["document"]),
        done=lambda case: f"已登记动议：{case.title}。", template=FORM, context={"title": _("动议（新建选拔任用事项）"),
                                                                           "multipart": True})


def _rows(request, case: SelectionCase, history, values, today):
    """Each step of the case in order: what was taken, and for a pending one when it may be taken or why not."""
    steps = list(case.steps.select_related("candidate__cadre", "recorded_by", "ballot"))
    candidates = [c for c in case.candidates.all() if not c.dropped_reason]
    rows = []
    order = flat(case.kind, case.elected_posts)
    for number, kind in enumerate(order, start=1):
        taken = [s for s in steps if s.kind == kind]
        pending = []
        targets = [c for c in candidates if c.pk in history.concerned(kind)] if kind in PER_CANDIDATE else [None]
        for candidate in targets:
            if candidate is not None and (kind, candidate.pk) in history.per:
                continue
            if candidate is None and kind in history.done:
                continue
            attempt = Attempt(kind, today, candidate.pk if candidate else None)
            if kind == K.CANDIDATES_CHOSEN and case.kind == SelectionCase.Kind.OPEN:  # the ranking decides it
                attempt.inputs, attempt.standings = True, standings_of(case)
            why = refusal(attempt, history, values, today)
            pending.append({"candidate": candidate, "why": why})
        rows.append({"kind": kind, "number": number, "label": label(kind), "taken": taken, "pending": pending,
                     "is_next": any(p["why"] is None for p in pending), "optional": kind == K.COMMUNITY})
    return rows


@require_GET
def case_detail(request, pk):
    case = selectors.access_case(request.user, pk)
    values, today = services.rule_values(), timezone.localdate()
    history = services.history_of(case)
    can_change = case.status in (SelectionCase.Status.OPEN, SelectionCase.Status.PROBATION) and path_in_scope(
        request.user, MANAGE, case.org_path)
    return render(request, "appointments/detail.html", {
        "case": case, "rows": _rows(request, case, history, values, today), "holds": history.holds,
        "candidates": case.candidates.select_related("cadre", "position", "probation"),
        "opinions": case.opinions.select_related("candidate__cadre"), "notices": case.notices.all(),
        "stored_holds": case.holds.select_related("candidate__cadre"), "refusals": case.refusals.all()[:20],
        "can_change": can_change, "can_decide": holds_at_root(request.user, "appointments.decide"),
        "history": history_of(case)[:100] if request.user.has_capability("audit.view") else None,
        "inspection_notice": case.notices.filter(kind=Notice.Kind.INSPECTION).first(),
        **competition_views.section(request, case, can_change),
    })


def step_new(request, pk, kind):
    case = selectors.access_case(request.user, pk, for_change=True)
    if kind not in K.values or kind == K.MOTION:
        raise Http404
    if kind == K.DECISION and not holds_at_root(request.user, "appointments.decide"):
        raise Http404
    live = case.candidates.filter(dropped_reason="").select_related("cadre", "position")
    ballots = ballots_visible_to(request.user).filter(status=Ballot.Status.CLOSED).order_by("-held_on")
    form = forms.StepForm(request.POST or None, request.FILES or None, kind=kind, candidates=live, ballots=ballots,
                          initial={"done_on": timezone.localdate(), "candidate": request.GET.get("candidate")})
    if case.kind == SelectionCase.Kind.OPEN and "chosen" in form.fields:
        del form.fields["chosen"]  # 公开选拔: the top of each post's ranking (procedure._ranking_refusal)

    def take(d):
        return services.record_step(
            request.user, case, kind, d["done_on"], candidate=d.get("candidate"), handled_by=d.get("handled_by") or "",
            number=d.get("number") or "", note=d.get("note") or "", talks=d.get("talks"), document=d.get("document"),
            ballot=d.get("ballot"), recommended=list(d.get("recommended") or []), chosen=list(d.get("chosen") or []),
            result=d.get("result") or "", notice_text=d.get("notice_text") or "", phone=d.get("phone") or "")

    return form_page(request, form, take, done=lambda step: f"已登记「{label(step.kind)}」。", then=lambda s: case,
                     template=FORM, context={"title": label(kind), "case": case, "multipart": True})


def candidate_new(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    cadres = cadres_visible_to(request.user).filter(status="serving").select_related("organization")
    positions = list(case.positions.all())
    form = forms.CandidateForm(request.POST or None, cadres=cadres, positions=case.positions.all(), initial={
        "named_on": timezone.localdate(), "position": positions[0].pk if len(positions) == 1 else None})
    return form_page(request, form, lambda d: services.name_candidate(
        request.user, case, d["cadre"], d["position"], d["named_on"]),
        done=lambda c: f"已提名{c.name}为人选。", then=lambda c: case, template=FORM,
        context={"title": _("提名人选（资格审查）"), "case": case})


def candidate_drop(request, pk):
    candidate = selectors.access_candidate(request.user, pk, for_change=True)
    form = forms.ReasonForm(request.POST or None)
    return form_page(request, form, lambda d: services.drop_candidate(request.user, candidate, d["reason"]),
                     done=lambda c: f"{c.name}不再作为人选。", then=lambda c: c.case, template=FORM,
                     context={"title": _("%(name)s不再作为人选") % {"name": candidate.name}, "case": candidate.case})


def case_exceptional(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    form = forms.ExceptionalForm(request.POST or None, initial={"approved_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.record_exceptional_approval(
        request.user, case, approved_on=d["approved_on"], document=d["document"], reason=d["reason"]),
        done="已登记破格提拔批准。", template=FORM, context={"title": _("登记破格提拔批准"), "case": case})


def case_stop(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    form = forms.ReasonForm(request.POST or None)
    return form_page(request, form, lambda d: services.stop_case(request.user, case, d["reason"]),
                     done="该事项已终止。", template=FORM, context={"title": _("终止选拔任用事项"), "case": case})


def inspection_notice(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    names = "、".join(c.name for c in case.candidates.filter(chosen=True).select_related("cadre"))
    form = forms.InspectionNoticeForm(request.POST or None, initial={
        "publish_on": timezone.localdate(), "text": f"根据工作需要，拟对{names}同志进行考察。" if names else ""})
    return form_page(request, form, lambda d: services.publish_inspection_notice(
        request.user, case, text=d["text"], inspectors=d["inspectors"], phone=d["phone"], publish_on=d["publish_on"]),
        done="已发布考察预告。", then=lambda n: case, template=FORM, context={"title": _("发布考察预告"), "case": case})


def notice_withdraw(request, pk):
    notice = selectors.access_notice(request.user, pk, for_change=True)
    form = forms.WithdrawForm(request.POST or None, initial={"withdraw_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.withdraw_notice(request.user, notice, d["withdraw_on"]),
                     done="已撤下。", then=lambda n: n.case, template=FORM,
                     context={"title": _("撤下%(kind)s") % {"kind": notice.get_kind_display()}, "case": notice.case})


def opinion_new(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    form = forms.OpinionForm(request.POST or None, candidates=case.candidates.filter(dropped_reason="").select_related(
        "cadre"), initial={"received_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.record_opinion(
        request.user, case, source=d["source"], received_on=d["received_on"], favourable=d["favourable"],
        content=d.get("content") or "", candidate=d.get("candidate")),
        done="已登记酝酿意见。", then=lambda o: case, template=FORM, context={"title": _("登记酝酿意见"), "case": case})


def opinion_resolve(request, pk):
    opinion = selectors.access_opinion(request.user, pk)
    form = forms.ResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.resolve_opinion(request.user, opinion, **d),
                     done="已登记查核结论。", then=lambda o: o.case, template=FORM,
                     context={"title": _("反映问题查核结论"), "case": opinion.case})


def hold_new(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    form = forms.HoldForm(request.POST or None, candidates=case.candidates.filter(dropped_reason="").select_related(
        "cadre"), initial={"placed_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.place_hold(
        request.user, case, reason=d["reason"], placed_on=d["placed_on"], candidate=d.get("candidate")),
        done="已暂缓。", then=lambda h: case, template=FORM, context={"title": _("暂缓"), "case": case})


def hold_lift(request, pk):
    hold = selectors.access_hold(request.user, pk)
    form = forms.LiftForm(request.POST or None, initial={"lifted_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.lift_hold(request.user, hold, **d),
                     done="已解除暂缓。", then=lambda h: h.case, template=FORM,
                     context={"title": _("解除暂缓"), "case": hold.case})


_document = documents.paper_response


@require_GET
def case_document(request, pk, name, fmt):
    case = selectors.access_case(request.user, pk)
    papers = {"record": documents.record_paper, "agenda": documents.agenda_paper}
    if name not in papers:
        raise Http404
    return _document(papers[name](case), fmt, f"appointments-{case.pk}-{name}")


@require_GET
def notice_document(request, pk, fmt):
    notice = selectors.access_notice(request.user, pk)
    return _document(documents.notice_paper(notice), fmt, f"notice-{notice.pk}")


@require_GET
def appointment_document(request, pk, fmt):
    candidate = selectors.access_candidate(request.user, pk)
    if not candidate.appointed:
        raise Http404
    return _document(documents.appointment_paper(candidate), fmt, f"appointment-{candidate.pk}")


@require_GET
def step_document(request, pk):
    step = get_in_scope(CaseStep.objects.filter(case__in=selectors.cases_visible_to(request.user)).exclude(
        document=""), pk)
    return FileResponse(step.document.open("rb"), as_attachment=True, filename=step.document.name.rsplit("/", 1)[-1])


def _due(request):
    _require_view(request.user)
    visible = organizations_visible_to(request.user, "appointments.view").open()
    form = forms.DueFilterForm(request.GET or None, organizations=visible)
    form.is_valid()
    unit = getattr(form, "cleaned_data", {}).get("unit")
    cases = selectors.cases_visible_to(request.user)
    if unit is not None:
        cases = cases.under(unit.path)
    today, values = timezone.localdate(), services.rule_values()
    return (form, today, selectors.due_items(cases, today, values), list(selectors.stalled(cases, today, values)),
            list(selectors.reviews_due(cases, today, values)))


@require_GET
def due_list(request):
    form, today, items, stalled, reviews = _due(request)
    groups = [(due, selectors.DUE_LABELS[due], [i for i in items if i.due is due]) for due in selectors.Due]
    return render(request, "appointments/due.html", {
        "form": form, "groups": groups, "today": today, "stalled": stalled, "reviews": reviews,
        "query": request.GET.urlencode()})


@require_GET
def due_export(request):
    form, today, items, stalled, reviews = _due(request)
    return xlsx_response(excel.export_due(items, stalled, reviews, today), f"appointments-due-{today:%Y%m%d}.xlsx")


def key_posts(request):
    """The list of key posts decided by the 全委会票决; kept by a county-wide department administrator."""
    _require_view(request.user)
    can_change = holds_at_root(request.user, MANAGE)
    positions = Position.objects.filter(closed_on__isnull=True, key_post__isnull=True, is_leading=True).select_related(
        "organization").order_by("organization__path", "title")
    form = forms.KeyPostForm(request.POST or None, positions=positions)
    if request.method == "POST" and not can_change:
        raise Http404
    keys = KeyPost.objects.select_related("position__organization").order_by("position__organization__path")
    return form_page(request, form, lambda d: services.add_key_post(request.user, d["position"], d.get("note") or ""),
                     done=lambda k: f"已将「{k.position}」列入重要职位。", then=lambda k: "appointments:key_posts",
                     template="appointments/key_posts.html", context={"keys": keys, "can_change": can_change})


@require_POST
def key_post_remove(request, pk):
    if not holds_at_root(request.user, MANAGE):
        raise Http404
    key = get_in_scope(KeyPost.objects.select_related("position"), pk)
    services.remove_key_post(request.user, key)
    messages.success(request, f"已将「{key.position}」移出重要职位。")
    return redirect("appointments:key_posts")
