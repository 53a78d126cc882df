"""Staff pages of 12380 reports (/complaints/): the list, intake of letters, calls and visits, a report's page with
each step of the procedure (what may be done now and why not), one form per step, matching the reported person,
the evidence, the audited reading of a sealed identity, and the due list.

Who: ``complaints.view`` reads (department administrators, inspectors), ``complaints.handle`` acts, both within
their part of the tree (the report's unit); ``complaints.identity`` (a named few) reads an identity, with a reason.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from zugong.complaints import forms, procedure, selectors, services
from zugong.complaints.models import Report
from zugong.core.access import path_in_scope
from zugong.core.audit import history_of
from zugong.core.forms_helpers import form_page, run_service
from zugong.core.paging import page_of
from zugong.organizations.selectors import organizations_visible_to

VIEW, HANDLE, IDENTITY = services.VIEW, services.HANDLE, services.IDENTITY
FORM = "complaints/form.html"


def _require_view(user) -> None:
    if not user.has_capability(VIEW):
        raise Http404


@require_GET
def report_list(request):
    _require_view(request.user)
    form = forms.ReportFilterForm(request.GET or None, organizations=organizations_visible_to(request.user, VIEW).open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    reports = selectors.reports_visible_to(request.user)
    status = data.get("status")
    if status == "open":
        reports = reports.open()
    elif status:
        reports = reports.filter(status=status)
    for name in ("channel", "kind", "year"):
        if data.get(name):
            reports = reports.filter(**{name: data[name]})
    if data.get("unit"):
        reports = reports.under(data["unit"].path)
    query = (data.get("q") or "").strip()
    if query:
        reports = reports.filter(Q(number__contains=query) | Q(person_name__contains=query))
    page, params = page_of(request, reports)
    today = timezone.localdate()
    rows = [(report, procedure.current_deadline(report), today) for report in page]
    return render(request, "complaints/list.html", {
        "form": form, "page": page, "query": params, "rows": rows, "today": today,
        "can_add": request.user.has_capability(HANDLE)})


@require_http_methods(["GET", "POST"])
def intake(request):
    if not request.user.has_capability(HANDLE):
        raise Http404
    form = forms.IntakeForm(request.POST or None, request.FILES or None,
                            organizations=organizations_visible_to(request.user, HANDLE).open(),
                            initial={"received_on": timezone.localdate()})
    return form_page(request, form, lambda d: services.register_report(
        request.user, channel=d["channel"], received_on=d["received_on"], unit=d["unit"],
        person_name=d["person_name"], person_unit=d["person_unit"], person_post=d["person_post"], kind=d["kind"],
        happened=d["happened"], content=d["content"], identity=form.identity(), files=d["evidence"])[0],
        done=lambda report: f"已登记12380举报{report.number}。", template=FORM,
        context={"title": _("登记来信、来电、来访举报"), "multipart": True})


def _steps(report: Report, today) -> list[dict]:
    """Each step in order: done (its day) or, for a pending one, whether it can be taken today and why not."""
    rows = []
    for step, why in procedure.waiting_reasons(report, today):
        done_on = getattr(report, step.date_field)
        if step is procedure.EXTEND and not report.extension_days and report.status not in step.from_status:
            continue
        rows.append({"step": step, "done_on": done_on, "why": why, "can": why is None})
    return rows


@never_cache
@require_GET
def report_detail(request, pk):
    report = selectors.access_report(request.user, pk)
    today = timezone.localdate()
    can_handle = path_in_scope(request.user, HANDLE, report.org_path)
    return render(request, "complaints/detail.html", _detail_context(request, report, today, can_handle))


def _detail_context(request, report: Report, today, can_handle: bool, **extra) -> dict:
    return {
        "report": report, "steps": _steps(report, today), "deadline": procedure.current_deadline(report),
        "today": today, "can_handle": can_handle and report.is_open,
        "identity_label": services.identity_label(report),
        "can_reveal": not report.anonymous and path_in_scope(request.user, IDENTITY, report.org_path),
        "identity_form": forms.IdentityForm(), "has_receipt": hasattr(report, "receipt"),
        "messages_list": report.messages.all(), "evidence": report.evidence.all(),
        "holds": _holds(report),
        "history": history_of(report)[:100] if request.user.has_capability("audit.view") else None,
        **extra,
    }


def _holds(report: Report) -> list:
    """The open selection cases this report holds (its cadre is a candidate), for the page's notice."""
    if report.cadre_id is None or not report.is_open:
        return []
    from zugong.appointments.models import CaseCandidate, SelectionCase  # noqa: PLC0415 (read only here)

    return list(CaseCandidate.objects.filter(cadre_id=report.cadre_id, dropped_reason="", appointed=False,
                                             case__status=SelectionCase.Status.OPEN).select_related("case"))


@require_http_methods(["GET", "POST"])
def step(request, pk, code):
    report = selectors.access_report(request.user, pk, for_change=True)
    if code not in forms.STEP_FORMS:
        raise Http404
    today = timezone.localdate()
    kwargs = {"people": selectors.handlers_for(report)} if code == "assign" else {}
    form = forms.STEP_FORMS[code](request.POST or None, initial={"day": today}, **kwargs)
    label = procedure.BY_CODE[code].label
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        act = {
            "decide": lambda: services.decide(request.user, report, decision=data["decision"], day=data["day"],
                                              note=data["note"], forwarded_to=data["forwarded_to"]),
            "assign": lambda: services.assign(request.user, report, handler=form.people.get(data["handler"]),
                                              day=data["day"]),
            "verify": lambda: services.start_verification(request.user, report, day=data["day"], note=data["note"]),
            "conclude": lambda: services.conclude(request.user, report, outcome=data["outcome"], day=data["day"],
                                                  note=data["note"]),
            "extend": lambda: services.extend(request.user, report, days=data["days"], reason=data["reason"],
                                              day=data["day"]),
            "reply": lambda: services.reply(request.user, report, text=data["text"], via=data["via"],
                                            day=data["day"]),
            "close": lambda: services.close(request.user, report, day=data["day"]),
        }[code]
        if run_service(form, act) is not None:
            messages.success(request, f"{report.number}：已{label}。")
            return redirect(report)
    why = procedure.refusal(report, code, today, today=today, extension_days=1)
    return render(request, FORM, {"form": form, "report": report, "title": f"{label} · {report.number}",
                                  "why": why, "deadline": procedure.current_deadline(report)})


@require_http_methods(["GET", "POST"])
def link(request, pk):
    report = selectors.access_report(request.user, pk, for_change=True)
    name = (request.GET.get("name") or report.person_name)[:50]
    cadres, members = selectors.possible_people(request.user, name)
    form = forms.LinkForm(request.POST or None, organizations=organizations_visible_to(request.user, HANDLE).open(),
                          cadres=cadres, members=members,
                          initial={"person": f"cadre:{report.cadre_id}" if report.cadre_id
                                   else f"member:{report.member_id}" if report.member_id else ""})
    return form_page(request, form, lambda d: services.link_person(
        request.user, report, unit=d["unit"], cadre=d["cadre"], member=d["member"]),
        done=f"{report.number}：已核对被举报人。", template="complaints/link.html",
        context={"report": report, "name": name, "title": _("核对被举报人")})


@require_http_methods(["GET", "POST"])
def evidence_new(request, pk):
    report = selectors.access_report(request.user, pk, for_change=True)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    return form_page(request, form, lambda d: services.add_evidence(request.user, report, d["evidence"]) and report,
                     done=f"{report.number}：已添加核查材料。", template=FORM,
                     context={"report": report, "title": _("添加核查材料"), "multipart": True})


@require_GET
def evidence_file(request, pk):
    evidence = selectors.access_evidence(request.user, pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=f"{evidence.report.number}-{evidence.pk}{evidence.extension}")


@never_cache
@require_http_methods(["POST"])
def identity(request, pk):
    """The sealed identity, shown once on the report's page after the reason is typed; the reading is history."""
    report = selectors.access_report(request.user, pk)
    if report.anonymous or not path_in_scope(request.user, IDENTITY, report.org_path):
        raise Http404
    form = forms.IdentityForm(request.POST)
    revealed = None
    if form.is_valid():
        revealed = run_service(form, lambda: services.reveal_identity(request.user, report,
                                                                      form.cleaned_data["reason"]))
    today = timezone.localdate()
    return render(request, "complaints/detail.html", _detail_context(
        request, report, today, path_in_scope(request.user, HANDLE, report.org_path), identity_form=form,
        revealed=revealed))


@require_GET
def due_list(request):
    _require_view(request.user)
    today = timezone.localdate()
    reports = selectors.reports_visible_to(request.user)
    items = selectors.due_items(reports, today)
    groups = [("overdue", _("已逾期"), [i for i in items if i.overdue]),
              ("soon", _("一周内到期"), [i for i in items if not i.overdue and i.days_left <= selectors.SOON_DAYS]),
              ("later", _("尚未到期"), [i for i in items if i.days_left > selectors.SOON_DAYS])]
    return render(request, "complaints/due.html", {
        "today": today, "groups": groups, "awaiting_reply": selectors.awaiting_reply(reports)})
