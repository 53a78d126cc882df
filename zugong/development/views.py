"""Pages of member development (发展党员): the cases, one case's procedure, its steps, the due lists."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zugong.ballots.models import Ballot
from zugong.core.access import get_in_scope, path_in_scope
from zugong.core.audit import history_of
from zugong.core.downloads import XLSX
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.policy import policy_int
from zugong.development import documents, evaluation, excel, forms, selectors, services, voting
from zugong.development.models import (
    AnnualEvaluation,
    CaseBallot,
    DevelopmentCase,
    DevelopmentStep,
    EvaluationRound,
)
from zugong.development.policies import EXCELLENT_SHARE_DENOMINATOR, PROBATIONARY_GRADED
from zugong.development.procedure import (
    BY_HIGHER_COMMITTEE,
    STAGES,
    VOTES,
    History,
    bounds,
    label,
    next_kinds,
    sequence,
)
from zugong.members.models import Member
from zugong.members.services import MEMBER_KINDS
from zugong.organizations.selectors import organizations_visible_to, scope_roots

FORM = "development/form.html"


@require_GET
def case_list(request):
    form = forms.CaseFilterForm(request.GET or None, organizations=organizations_visible_to(request.user).open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    cases = selectors.cases_visible_to(request.user).select_related("organization")
    status = data.get("status", "open") if request.GET else "open"
    if status:
        cases = cases.filter(status=status)
    if data.get("stage"):
        cases = cases.filter(stage=data["stage"])
    if data.get("organization"):
        cases = cases.under(data["organization"].path)
    query = (data.get("q") or "").strip()
    if query:
        cases = cases.filter(id_number__startswith=query.upper()) if query[:4].isdigit() else cases.filter(
            name__contains=query)
    page, page_query = page_of(request, cases)
    return render(request, "development/list.html", {
        "form": form, "page": page, "query": page_query,
        "can_add": request.user.has_capability("members.change"),
    })


def case_create(request):
    if not request.user.has_capability("members.change"):
        raise Http404
    organizations = organizations_visible_to(request.user, "members.change").open().filter(
        kind__in=MEMBER_KINDS).select_related("parent")
    form = forms.ApplicationForm(request.POST or None, organizations=organizations,
                                 initial={"applied_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.open_case(request.user, **data),
        done=lambda case: f"已登记{case.name}的入党申请。", template=FORM,
        context={"title": _("登记入党申请")},
    )


@require_GET
def case_detail(request, pk):
    case = selectors.access_case(request.user, pk)
    values = services.rule_values()
    steps = list(case.steps.select_related("recorded_by", "vote").prefetch_related("people", "body_votes"))
    history = History.of(case, [(s.kind, s.done_on) for s in steps])
    order = sequence(values)
    upcoming = {kind: bounds(kind, history, values) for kind in next_kinds(history, values)}
    committee = services.approving_committee(case.organization)
    can_take_committee_steps = committee is not None and path_in_scope(request.user, "members.change", committee.path)
    stages = []
    for title, kinds in STAGES:
        rows = []
        for kind in kinds:
            if kind not in order:
                continue
            taken = [s for s in steps if s.kind == kind]
            rows.append({"kind": kind, "number": order.index(kind) + 1, "label": label(kind), "taken": taken,
                         "next": upcoming.get(kind),
                         "can_take": can_take_committee_steps if kind in BY_HIGHER_COMMITTEE else True})
        stages.append({"title": _(title), "rows": rows})
    can_change = case.status == DevelopmentCase.Status.OPEN and path_in_scope(
        request.user, "members.change", case.organization.path)
    return render(request, "development/detail.html", {
        "case": case, "stages": stages, "can_change": can_change, "today": timezone.localdate(), "committee": committee,
        "history": history_of(case)[:100] if request.user.has_capability("audit.view") else None,
    })


def step_new(request, pk, kind):
    case = selectors.access_case(request.user, pk, for_change=True)
    if kind not in DevelopmentStep.Kind.values:
        raise Http404
    members = Member.objects.active().filter(stage=Member.Stage.FULL).under(case.organization.path)
    case_ballots = list(CaseBallot.objects.filter(case=case, kind=kind).select_related("ballot")) if kind in VOTES else []
    closed = [c.ballot for c in case_ballots if not c.ballot.is_open]
    initial = {"done_on": closed[0].held_on if closed else timezone.localdate(), "ballot": closed[0].pk if closed else None}
    body_ballots, bodies, chosen = {}, [], []
    if kind == DevelopmentStep.Kind.THREE_VOTES:  # each body's ballots; the newest closed one of each chosen first
        links = list(CaseBallot.objects.filter(case=case, kind=kind).select_related("ballot"))
        for body, body_label in CaseBallot.Body.choices:
            mine = [c.ballot for c in links if c.body == body]
            done = [b for b in mine if not b.is_open]
            body_ballots[body] = Ballot.objects.filter(pk__in=[b.pk for b in done])
            initial[f"ballot_{body}"] = done[0].pk if done else None
            chosen += done[:1]
            bodies.append({"body": body, "label": body_label, "ballots": mine,
                           "can_open": voting.can_open_three_vote(request.user, case, body)})
        initial["done_on"] = max(b.held_on for b in chosen) if chosen else timezone.localdate()
    form = forms.StepForm(request.POST or None, request.FILES or None, kind=kind, members=members,
                          ballots=Ballot.objects.filter(pk__in=[b.pk for b in closed]), body_ballots=body_ballots,
                          initial=initial)
    values = services.rule_values()
    limits = bounds(kind, History.of(case), values)

    def take(data):
        return services.record_step(
            request.user, case, kind, data["done_on"], handled_by=data.get("handled_by") or "",
            note=data.get("note") or "", number=data.get("number") or "", people=list(data.get("people") or []),
            training_days=data.get("training_days"), training_hours=data.get("training_hours"), vote=form.vote(),
            document=data.get("document"), ballot=data.get("ballot"), three_ballots=form.three_ballots())

    return form_page(
        request, form, take, done=lambda step: f"已登记「{label(step.kind)}」。", then=lambda step: case,
        template="development/step_form.html",
        context={"title": label(kind), "case": case, "limits": limits, "today": timezone.localdate(),
                 "case_ballots": case_ballots, "is_vote": kind in VOTES, "kind": kind, "bodies": bodies,
                 "can_open_ballot": kind in VOTES and path_in_scope(request.user, "ballots.tally",
                                                                    case.organization.path)},
    )


def case_extend(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    form = forms.ExtensionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.extend_probation(request.user, case, **data),
        done=lambda c: f"预备期已延长，预备期满日期为{c.probation_ends_on:%Y-%m-%d}。", template=FORM,
        context={"title": _("延长预备期"), "case": case},
    )


def case_close(request, pk):
    case = selectors.access_case(request.user, pk, for_change=True)
    form = forms.CloseForm(request.POST or None)
    title = _("取消预备党员资格") if case.member_id else _("终止发展（本人撤回或不予发展）")
    return form_page(
        request, form, lambda data: services.close_case(request.user, case, **data),
        done=lambda c: f"档案状态：{c.get_status_display()}。", template=FORM, context={"title": title, "case": case},
    )


@require_GET
def step_document(request, pk):
    step = get_in_scope(DevelopmentStep.objects.filter(
        case__in=selectors.cases_visible_to(request.user)).exclude(document=""), pk)
    return FileResponse(step.document.open("rb"), as_attachment=True, filename=step.document.name.rsplit("/", 1)[-1])


@require_GET
def case_record(request, pk):
    """The case's procedure record (发展党员纪实表) as .docx, for the paper file."""
    case = selectors.access_case(request.user, pk)
    response = HttpResponse(documents.case_record_docx(case), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''development-{case.pk}.docx"
    return response


def _due_request(request):
    visible = organizations_visible_to(request.user, "members.view").open()
    form = forms.DueFilterForm(request.GET or None, organizations=visible)
    form.is_valid()
    organization = getattr(form, "cleaned_data", {}).get("organization")
    cases = selectors.cases_visible_to(request.user)
    if organization is not None:
        cases = cases.under(organization.path)
    today = timezone.localdate()
    return form, organization, selectors.due_items(cases, today, services.rule_values()), today


@require_GET
def due_list(request):
    form, organization, items, today = _due_request(request)
    root = organization or scope_roots(request.user, "members.view").first()
    # each group is paged on its own (about 1,100 people of the demo county on one page before): page_<group>
    groups = []
    for due in selectors.Due:
        page, page_query = page_of(request, [i for i in items if i.due is due], f"page_{due}")
        groups.append((due, selectors.DUE_LABELS[due], page, page_query))
    filters = request.GET.copy()
    for due in selectors.Due:
        filters.pop(f"page_{due}", None)
    return render(request, "development/due.html", {
        "form": form, "groups": groups, "today": today, "query": filters.urlencode(),
        "rollup": selectors.rollup(items, root.depth + 1) if root is not None else [],
    })


@require_GET
def due_export(request):
    _form, _organization, items, today = _due_request(request)
    response = HttpResponse(excel.export_due(items, today), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''development-due-{today:%Y%m%d}.xlsx"
    return response


@require_GET
def evaluation_list(request):
    """The branches in scope and whether this year's democratic evaluation is recorded."""
    year = int(request.GET.get("year") or timezone.localdate().year)
    branches = organizations_visible_to(request.user, "members.view").open().filter(
        kind__in=MEMBER_KINDS).exclude(kind="group").select_related("parent").order_by("path")
    page = Paginator(branches, 50).get_page(request.GET.get("page"))
    rounds = {r.organization_id: r for r in EvaluationRound.objects.filter(
        year=year, organization__in=list(page.object_list)).prefetch_related("results")}
    rows = []
    for branch in page:
        found = rounds.get(branch.pk)
        counts = {}
        if found is not None:
            for result in found.results.all():
                counts[result.grade] = counts.get(result.grade, 0) + 1
        rows.append({"branch": branch, "round": found, "counts": counts,
                     "can_change": path_in_scope(request.user, "members.change", branch.path)})
    return render(request, "development/evaluations.html", {
        "year": year, "page": page, "rows": rows, "grades": AnnualEvaluation.Grade.choices,
        "query": f"year={year}"})


def evaluation_edit(request, pk, year):
    organization = get_in_scope(organizations_visible_to(request.user, "members.change").open().filter(
        kind__in=MEMBER_KINDS), pk)
    existing = EvaluationRound.objects.filter(organization=organization, year=year).first()
    initial = {"self_assessed_on": timezone.localdate(), "mutually_evaluated_on": timezone.localdate(),
               "voted_on": timezone.localdate(), "loaded": False}
    if existing is not None:
        initial = {"self_assessed_on": existing.self_assessed_on, "note": existing.note, "loaded": True,
                   "mutually_evaluated_on": existing.mutually_evaluated_on, "voted_on": existing.voted_on}
        for result in existing.results.all():
            initial[f"grade_{result.member_id}"] = result.grade
            initial[f"votes_{result.member_id}"] = result.excellent_votes
    form = forms.EvaluationForm(request.POST or None, initial=initial,
                                members=evaluation.branch_members(organization),
                                graded_probationers=bool(policy_int(PROBATIONARY_GRADED.key)))

    def save(data):
        gradings = [evaluation.Grading(m, data.get(f"grade_{m.pk}") or "", data.get(f"votes_{m.pk}"))
                    for m in form.members]
        return evaluation.record_round(
            request.user, organization, year, self_assessed_on=data["self_assessed_on"],
            mutually_evaluated_on=data["mutually_evaluated_on"], voted_on=data["voted_on"], gradings=gradings,
            note=data.get("note") or "", replacing=data["loaded"])

    return form_page(
        request, form, save, done=f"已保存{organization.name}{year}年民主评议结果。",
        then=lambda r: f"{reverse('development:evaluations')}?year={year}", template="development/evaluation_form.html",
        context={"title": _("%(organization)s %(year)s年民主评议") % {"organization": organization.name, "year": year}, "organization": organization, "year": year,
                 "share": policy_int(EXCELLENT_SHARE_DENOMINATOR.key)},
    )
