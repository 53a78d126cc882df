"""Pages of branch work (支部工作, /branch-work/): an organization's meetings this year against the rules, the
shortfalls under a township, the quick entry of a meeting with its roll on a phone, a meeting's page, its
correction and deletion, and the 四议两公开 matters of a village with one form per step.

Who: ``members.view`` reads and ``members.change`` records, each within their part of the tree (through
``selectors.meetings_visible_to`` / ``decisions_visible_to`` and ``organizations_visible_to``); a missing and a
forbidden record are the same 404.
"""

import datetime as dt
import re
from collections import defaultdict
from pathlib import PurePath

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from zugong.branchlife import excel, exports, forms, procedure, selectors, services
from zugong.branchlife.models import Attendance, Meeting, VillageDecision
from zugong.core.access import get_in_scope, path_in_scope
from zugong.core.downloads import xlsx_response
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.models import AuditEvent
from zugong.core.paging import page_of
from zugong.development.import_views import import_page
from zugong.organizations.models import Organization
from zugong.organizations.selectors import organizations_visible_to, scope_roots

VIEW, CHANGE = selectors.VIEW, selectors.CHANGE
K = Meeting.Kind
FORM = "branchlife/form.html"
IMPORT_SESSION_KEY = "meeting_imports"
RECENT_GENERAL_MEETINGS = 60
NAMED_ROLL_LISTED = 150  # a named roll's candidates listed in full up to this; above it, by the names typed
NAMES_TEXT_MAX = 2000
ROLL_LISTED = 5000  # the roll formset's own limit (forms.RollFormSet)  # the general meetings a 党员大会审议 may name: the village's latest


def _require_view(user) -> None:
    if not user.has_capability(VIEW):
        raise Http404


def _kinds_held_by(organization: Organization) -> list[tuple[str, str]]:
    return [(kind, label) for kind, label in K.choices if organization.kind in selectors.HELD_BY[kind]]


def _organization(request, capability: str = VIEW,
                  form_class=forms.OrganizationFilterForm) -> tuple[forms.OrganizationFilterForm, Organization]:
    """The organization of ``?org=`` in the user's scope (default: the top of their scope), and the filter form."""
    _require_view(request.user)
    form = form_class(request.GET or None, organizations=organizations_visible_to(request.user, capability).open())
    if form.is_bound and not form.is_valid():
        raise Http404  # an organization outside the user's scope is as missing as one that does not exist
    organization = getattr(form, "cleaned_data", {}).get("org") or scope_roots(request.user, capability).first()
    if organization is None:
        raise Http404
    return form, organization


def _changeable(request, pk) -> Organization:
    return get_in_scope(organizations_visible_to(request.user, CHANGE).open(), pk)


def _short_label(period: str, start: dt.date) -> str:
    if period == selectors.MONTH:
        return _t("%(month)s月") % {"month": start.month}
    if period == selectors.QUARTER:
        return _t("第%(quarter)s季度") % {"quarter": (start.month - 1) // 3 + 1}
    return _t("%(year)s年") % {"year": start.year}


def _period_label(period: str, start: dt.date) -> str:
    """A period as the pages name it (the selectors' ``Period.label`` is the check's Chinese text)."""
    if period == selectors.MONTH:
        return _t("%(year)s年%(month)s月") % {"year": start.year, "month": start.month}
    if period == selectors.QUARTER:
        return _t("%(year)s年第%(quarter)s季度") % {"year": start.year, "quarter": (start.month - 1) // 3 + 1}
    return _t("%(year)s年") % {"year": start.year}


def _shortfall_rows(organization: Organization, today: dt.date) -> list[dict]:
    return [{"organization": s.organization, "kind": s.tally.frequency.label, "expected": s.tally.expected,
             "held": s.tally.held, "period": _period_label(s.tally.frequency.period, s.period.start)}
            for s in selectors.shortfalls(organization.path, today)]


def _year_rows(organization: Organization, year: int, today: dt.date) -> list[dict]:
    """For each kind the organization owes this year: each period so far with the meetings held against the rule."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days: dict[str, list[dt.date]] = defaultdict(list)
    for kind, held_on in Meeting.objects.filter(organization=organization, held_on__range=(start, end)).values_list(
            "kind", "held_on"):
        days[kind].append(held_on)
    rows = []
    for tally in selectors.held_vs_expected(organization, start, end):
        frequency, periods = tally.frequency, []
        for period in selectors.periods_within(frequency.period, start, end):
            if period.start > today:
                break
            held = sum(1 for day in days[frequency.kind] if period.start <= day <= period.end)
            periods.append({"label": _short_label(frequency.period, period.start), "held": held,
                            "expected": tally.per_period, "is_open": period.end >= today,
                            "is_short": held < tally.per_period and period.end < today})
        rows.append({"label": frequency.label, "kind": frequency.kind, "periods": periods, "held": tally.held,
                     "expected": tally.expected, "per_period": tally.per_period, "source": tally.source,
                     "short": sum(1 for p in periods if p["is_short"])})
    return rows


def _year(form, today: dt.date) -> int:
    return getattr(form, "cleaned_data", {}).get("year") or today.year


@require_GET
def overview(request):
    form, organization = _organization(request, form_class=forms.OverviewFilterForm)
    today = timezone.localdate()
    year = _year(form, today)
    # The meetings of the year chosen, as the tally above counts them (a range: __year would wrap the column).
    meetings = selectors.meetings_visible_to(request.user).under(organization.path).filter(
        held_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    page, query = page_of(request, meetings.order_by("-held_on", "-pk"))
    counts = {row["meeting"]: row for row in Attendance.objects.filter(meeting__in=[m.pk for m in page]).values(
        "meeting").annotate(roll=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))}
    for meeting in page:  # the page's own counts: one grouped query, not a count over the county's rolls
        meeting.roll, meeting.present = counts.get(meeting.pk, {}).get("roll", 0), counts.get(meeting.pk, {}).get(
            "present", 0)
    has_children = organization.children.filter(is_closed=False).exists()
    shortfalls = _shortfall_rows(organization, today) if has_children else []
    short_page, short_query = page_of(request, shortfalls, "short")
    village = services.is_village(organization)
    decisions = selectors.decisions_visible_to(request.user).filter(organization=organization) if village else None
    can_record = path_in_scope(request.user, CHANGE, organization.path) and not organization.is_closed
    return render(request, "branchlife/overview.html", {
        "form": form, "organization": organization, "year": year, "today": today,
        "rows": _year_rows(organization, year, today), "page": page, "query": query,
        "has_children": has_children, "shortfalls": short_page, "short_query": short_query,
        "village": village, "decisions": decisions[:20] if decisions is not None else None,
        "decision_count": decisions.count() if decisions is not None else 0,
        "can_record": can_record and bool(_kinds_held_by(organization)), "kinds": _kinds_held_by(organization),
    })


@require_GET
def overview_export(request):
    """The overview as .xlsx: held against expected per kind for each child organization in the chosen year, and
    the shortfalls of the last complete periods under the chosen organization."""
    form, organization = _organization(request, form_class=forms.OverviewFilterForm)
    today = timezone.localdate()
    year = _year(form, today)
    children = list(organizations_visible_to(request.user).open().filter(parent=organization).order_by("path"))
    content = exports.overview_workbook(organization, year, today, exports.child_rows(organization, children, year,
                                                                                      today),
                                        selectors.shortfalls(organization.path, today))
    return xlsx_response(content, f"branch-work-{organization.pk}-{year}.xlsx")


# --- Quick entry, correction, deletion -------------------------------------------------------------------------

def _named(request) -> list[str]:
    text = (request.GET.get("names") or "")[:NAMES_TEXT_MAX]
    return [name.strip() for name in re.split(r"[、，,\s]+", text) if name.strip()]


def _roll_initial(organization: Organization, kind: str, meeting: Meeting | None,
                  names: list[str]) -> tuple[list[dict], bool]:
    """One line per member who may be on the roll: everyone present for a whole-roll meeting, nobody listed for
    the others; a correction starts from the meeting's roll. Where a named-roll meeting (支委会, 民主生活会 …) could
    name more than ``NAMED_ROLL_LISTED`` members (a 党委 over a township), the page lists the members named in
    ``?names=`` and the meeting's own roll only. Also returns whether the list was narrowed so."""
    whole = kind in selectors.WHOLE_ROLL
    taken = {a.member_id: a for a in meeting.attendance.all()} if meeting is not None else {}
    candidates = selectors.roll_candidates(organization)
    narrowed = not whole and candidates.count() > NAMED_ROLL_LISTED
    if narrowed:
        candidates = candidates.filter(Q(name__in=names[:NAMED_ROLL_LISTED]) | Q(pk__in=list(taken)))
    lines = []
    for member in candidates[:ROLL_LISTED]:
        line = taken.get(member.pk)
        status = line.status if line else (Attendance.Status.PRESENT if whole and meeting is None else "")
        lines.append({"member": member.pk, "status": status, "reason": line.reason if line else "",
                      "name": member.name, "stage": member.get_stage_display()})
    return lines, narrowed


def _lines(organization: Organization, formset, named_roll: bool) -> list[services.Line] | None:
    """The roll as the service takes it; None (with an error on the formset) when a line names someone not listed."""
    candidates = {m.pk: m for m in selectors.roll_candidates(organization)}
    lines = []
    for line in formset.cleaned_data:
        member = candidates.get(line.get("member"))
        if member is None:
            formset._non_form_errors = formset.error_class(
                [_t("应到名单已有变化（有党员转出或离开），请刷新页面后重新登记")])
            return None
        if named_roll and line.get("status") == forms.NOT_ON_ROLL:
            continue
        lines.append(services.Line(member, line.get("status") or "", line.get("reason") or ""))
    return lines


def _meeting_page(request, organization: Organization, kind: str, meeting: Meeting | None):
    named_roll = kind not in selectors.WHOLE_ROLL
    names = _named(request)
    initial, narrowed = _roll_initial(organization, kind, meeting, names)
    form_class = forms.MeetingForm if meeting else forms.NewMeetingForm
    start = {"held_on": timezone.localdate()} if meeting is None else {
        "held_on": meeting.held_on, "topic": meeting.topic, "lecturer": meeting.lecturer, "minutes": meeting.minutes,
        "resolutions": meeting.resolutions, "fixed_items": [a.item_id for a in meeting.activities.all() if a.item_id],
        "own_items": "\n".join(a.name for a in meeting.activities.all() if not a.item_id)}
    post = request.method == "POST"
    form = form_class(request.POST if post else None, request.FILES if post else None, kind=kind, initial=start)
    formset = forms.RollFormSet(request.POST if post else None, prefix="roll", named_roll=named_roll,
                                initial=[{k: line[k] for k in ("member", "status", "reason")} for line in initial])
    if post and form.is_valid() and formset.is_valid():
        lines = _lines(organization, formset, named_roll)
        data = form.cleaned_data
        fields = {"held_on": data["held_on"], "topic": data["topic"], "lecturer": data.get("lecturer", ""),
                  "minutes": data["minutes"], "resolutions": data["resolutions"],
                  "document": data.get("document") or None, "fixed_items": list(data.get("fixed_items") or []),
                  "own_items": form.own_item_names() if kind == K.THEME_DAY else []}
        if lines is not None:
            saved = run_service(form, lambda: services.record_meeting(
                request.user, organization, kind=kind, attendance=lines, **fields) if meeting is None
                else services.update_meeting(request.user, meeting, attendance=lines, **fields))
            if saved is not None:
                messages.success(request, (_t("已登记%(kind)s：%(topic)s") if meeting is None
                                           else _t("已修改%(kind)s：%(topic)s")) % {
                    "kind": saved.get_kind_display(), "topic": saved.topic})
                return redirect("branchlife:meeting", pk=saved.pk)
    listed = {line["member"]: line for line in initial}
    rows = [(line_form, listed.get(line_form.initial.get("member"), {})) for line_form in formset.forms]
    title = (_t("登记%(kind)s") if meeting is None else _t("修改%(kind)s")) % {"kind": K(kind).label}
    return render(request, "branchlife/meeting_form.html", {
        "form": form, "formset": formset, "rows": rows, "organization": organization, "kind": kind,
        "kind_label": K(kind).label, "meeting": meeting, "title": title, "named_roll": named_roll,
        "is_general": kind == K.GENERAL_MEETING, "narrowed": narrowed, "names": "、".join(names)})


@require_GET
def meeting_new(request, pk):
    """The kinds of meeting the organization holds, one big button each."""
    organization = _changeable(request, pk)
    kinds = _kinds_held_by(organization)
    if not kinds:
        raise Http404
    return render(request, "branchlife/kind_pick.html", {"organization": organization, "kinds": kinds})


@require_http_methods(["GET", "POST"])
def meeting_record(request, pk, kind):
    organization = _changeable(request, pk)
    if kind not in dict(_kinds_held_by(organization)):
        raise Http404
    return _meeting_page(request, organization, kind, None)


@require_GET
def meeting_detail(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    history = None
    if request.user.has_capability("audit.view"):
        history = AuditEvent.objects.filter(object_type=ContentType.objects.get_for_model(Meeting),
                                            object_id=str(meeting.pk)).select_related("actor", "object_type")[:100]
    return render(request, "branchlife/meeting.html", {
        "meeting": meeting, "counts": selectors.attendance_counts(meeting),
        "quorum": selectors.general_meeting_quorum(meeting), "committee_quorum": selectors.committee_quorum(meeting),
        "roll": meeting.attendance.select_related("member").order_by("status", "member__name"),
        "activities": list(meeting.activities.all()), "history": history,
        "can_change": path_in_scope(request.user, CHANGE, meeting.org_path),
        "document_name": PurePath(meeting.document.name).name if meeting.document else ""})


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = selectors.access_meeting(request.user, pk, for_change=True)
    return _meeting_page(request, meeting.organization, meeting.kind, meeting)


@require_http_methods(["GET", "POST"])
def meeting_delete(request, pk):
    meeting = selectors.access_meeting(request.user, pk, for_change=True)
    form = forms.DeleteForm(request.POST if request.method == "POST" else None)  # the POST carries nothing else
    if request.method == "POST" and form.is_valid():
        organization, described = meeting.organization, str(meeting)
        if run_service(form, lambda: services.delete_meeting(request.user, meeting) or True):
            messages.success(request, _t("已删除会议：%(meeting)s") % {"meeting": described})
            return redirect(f"{reverse('branchlife:overview')}?org={organization.pk}")
    return render(request, "branchlife/meeting_delete.html", {
        "form": form, "meeting": meeting, "counts": selectors.attendance_counts(meeting)})


@require_GET
def meeting_document(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not meeting.document:
        raise Http404
    suffix = PurePath(meeting.document.name).suffix.lower()
    return FileResponse(meeting.document.open("rb"), as_attachment=True,
                        filename=f"meeting-{meeting.held_on:%Y%m%d}-{meeting.pk}{suffix}")


@require_http_methods(["GET", "POST"])
def meeting_import(request):
    """A year of meetings from .xlsx: upload, check (every bad row named, nothing written), confirm (all or none)."""
    if not request.user.has_capability(CHANGE):
        raise Http404
    organizations = organizations_visible_to(request.user, CHANGE).open()
    return import_page(
        request, run=lambda path, apply: excel.import_meetings(request.user, path, organizations, apply=apply),
        session_key=IMPORT_SESSION_KEY, template="branchlife/import.html", done="branchlife:overview",
        done_message=lambda r: _t("导入完成：登记会议%(created)s次，已登记未变化%(unchanged)s次。") % {
            "created": len(r.to_create), "unchanged": r.unchanged},
        upload_form=forms.ImportForm, context={"columns": excel.COLUMNS, "required": excel.REQUIRED})


# --- 四议两公开 ----------------------------------------------------------------------------------------------------

@require_GET
def decision_list(request):
    form, organization = _organization(request)
    decisions = selectors.decisions_visible_to(request.user).under(organization.path)
    page, query = page_of(request, decisions.order_by("-last_step_on", "-pk"))
    return render(request, "branchlife/decisions.html", {
        "form": form, "organization": organization, "page": page, "query": query,
        "can_propose": services.is_village(organization) and path_in_scope(request.user, CHANGE, organization.path)
        and not organization.is_closed})


@require_http_methods(["GET", "POST"])
def decision_new(request, pk):
    organization = _changeable(request, pk)
    if not services.is_village(organization):
        raise Http404
    form = forms.DecisionForm(request.POST or None, initial={"day": timezone.localdate()})
    return form_page(request, form, lambda d: services.propose_decision(
        request.user, organization, title=d["title"], day=d["day"], content=d["content"], note=d["note"]),
        done=lambda decision: _t("已登记四议两公开事项：%(title)s") % {"title": decision.title},
        then=lambda decision: reverse("branchlife:decision", args=[decision.pk]), template=FORM,
        context={"title": _("新的四议两公开事项"), "organization": organization,
                 "back": f"{reverse('branchlife:decisions')}?org={organization.pk}"})


@require_GET
def decision_detail(request, pk):
    decision = selectors.access_decision(request.user, pk)
    today = timezone.localdate()
    taken = {step.kind: step for step in decision.steps.select_related("meeting")}
    can_change = path_in_scope(request.user, CHANGE, decision.org_path)
    steps, previous_done = [], True
    for step, done_on, why in procedure.waiting_reasons(decision, today):
        if not previous_done:  # waiting on a step not yet taken: the rule is shown on the step that waits first
            why = _t("待「%(step)s」办理后") % {"step": _t(steps[-1]["step"].label)}
        steps.append({"step": step, "done_on": done_on, "why": why, "taken": taken.get(step.code),
                      "can": done_on is None and why is None and can_change})
        previous_done = done_on is not None
    history = None
    if request.user.has_capability("audit.view"):
        history = AuditEvent.objects.filter(object_type=ContentType.objects.get_for_model(VillageDecision),
                                            object_id=str(decision.pk)).select_related("actor", "object_type")[:100]
    return render(request, "branchlife/decision.html", {"decision": decision, "steps": steps, "history": history})


@require_http_methods(["GET", "POST"])
def decision_step(request, pk, code):
    decision = selectors.access_decision(request.user, pk, for_change=True)
    if code not in procedure.BY_CODE or code == VillageDecision.Step.PROPOSAL:
        raise Http404
    meetings = None
    if code == VillageDecision.Step.REVIEW:
        meetings = selectors.meetings_visible_to(request.user, CHANGE).filter(
            organization=decision.organization, kind=K.GENERAL_MEETING).order_by("-held_on", "-pk")[
            :RECENT_GENERAL_MEETINGS]
        meetings = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).order_by("-held_on", "-pk")
    today = timezone.localdate()
    form = forms.StepForm(request.POST or None, meetings=meetings, initial={"day": today})
    label = _t(procedure.step_of(code).label)
    return form_page(request, form, lambda d: services.take_decision_step(
        request.user, decision, step=code, day=d["day"], note=d["note"], meeting=d.get("meeting")),
        done=_t("%(title)s：已登记「%(step)s」") % {"title": decision.title, "step": label},
        then=lambda step: reverse("branchlife:decision", args=[decision.pk]), template=FORM,
        context={"title": f"{label} · {decision.title}", "decision": decision,
                 "why": procedure.refusal(decision, code, today, today),
                 "back": reverse("branchlife:decision", args=[decision.pk])})
