"""回访复查 pages (/assessments/follow-ups/): the list (organization subtree, status, year; paged), planning a review
by hand or from a finalized round's result, a review's page (each shortcoming's 四查 aspect and outcome recorded,
shortcomings added, the review closed), and a result's 述职报告 (uploaded by those who run the round, downloaded
within scope).

Who: reading needs ``organizations.view`` over the target; planning, recording and closing need
``organizations.change`` there (``followup_selectors``). Missing and forbidden are the same 404; a refusal of the
service is a Chinese message on the page.
"""

from pathlib import PurePath

from django.contrib import messages
from django.db import IntegrityError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zugong.assessments import followup_forms as forms
from zugong.assessments import followup_selectors as fs
from zugong.assessments import followups, selectors
from zugong.assessments.models import FollowUp
from zugong.core.access import DomainError, get_in_scope, path_in_scope
from zugong.core.forms_helpers import form_page
from zugong.core.paging import page_of
from zugong.core.submissions import integrity_message
from zugong.core.tree import subtree_q
from zugong.organizations.selectors import organizations_visible_to

VIEW, RUN = selectors.VIEW, selectors.RUN


@require_GET
def follow_up_list(request):
    if not request.user.has_capability(VIEW):
        raise Http404
    form = forms.FollowUpFilterForm(request.GET or None,
                                    organizations=organizations_visible_to(request.user, VIEW).open())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    found = fs.follow_ups_visible_to(request.user)
    if data.get("organization"):
        found = found.filter(subtree_q(data["organization"].path, "org_path"))
    status = data.get("status")
    today = timezone.localdate()
    if status == "overdue":
        found = found.filter(status=FollowUp.Status.PLANNED, due_on__lt=today)
    elif status:
        found = found.filter(status=status)
    if data.get("year"):
        found = found.filter(due_on__year=data["year"])
    page, query = page_of(request, found.order_by("status", "due_on", "pk"))
    return render(request, "assessments/followups.html", {
        "form": form, "page": page, "query": query, "today": today,
        "can_plan": request.user.has_capability(RUN)})


@require_http_methods(["GET", "POST"])
def follow_up_new(request):
    if not request.user.has_capability(RUN):
        raise Http404
    form = forms.FollowUpForm(request.POST or None, organizations=organizations_visible_to(request.user, RUN).open(),
                              aspects=fs.aspects())
    return form_page(request, form, lambda d: followups.plan_by_hand(
        request.user, d["organization"], due_on=d["due_on"], title=d["title"], shortcomings=form.lines(),
        aspect=d["aspect"]),
        done=lambda f: _("已安排回访复查「%(title)s」。") % {"title": f.title},
        then=lambda f: reverse("assessments:follow_up", args=[f.pk]),
        template="assessments/followup_form.html", context={"title": gettext_lazy("安排回访复查")})


@require_POST
def follow_up_plan(request, pk, result_pk):
    """From a finalized round's result: its shortcomings prefilled, due by the policy's days after finalizing."""
    round_ = selectors.access_round(request.user, pk, for_change=True)
    result = get_in_scope(selectors.results_visible_to(request.user, round_, RUN), result_pk)
    try:
        follow_up = followups.plan_from_result(request.user, result)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("assessments:result", pk=round_.pk, result_pk=result.pk)
    except IntegrityError as error:  # planned twice at the same moment: the one-planned-review constraint
        messages.error(request, integrity_message(error))
        return redirect("assessments:result", pk=round_.pk, result_pk=result.pk)
    messages.success(request, _("已安排回访复查「%(title)s」。") % {"title": follow_up.title})
    return redirect("assessments:follow_up", pk=follow_up.pk)


def _detail_page(request, follow_up: FollowUp, *, items_form=None, add_form=None, close_form=None, status=200):
    can_change = (request.user.has_capability(RUN) and not follow_up.is_done
                  and path_in_scope(request.user, RUN, follow_up.org_path))
    items = follow_up.items.select_related("aspect").order_by("order", "pk")
    aspects = fs.aspects()
    if can_change:
        items_form = items_form or forms.ItemsForm(items=items, aspects=aspects)
        add_form = add_form or forms.AddItemForm(aspects=aspects)
        close_form = close_form or forms.CloseForm(initial={"held_on": timezone.localdate()})
    today = timezone.localdate()
    return render(request, "assessments/followup.html", {
        "follow_up": follow_up, "items": items, "can_change": can_change,
        "rows": items_form.rows() if items_form else [], "items_form": items_form, "add_form": add_form,
        "close_form": close_form, "overdue": not follow_up.is_done and follow_up.due_on < today,
        "result_visible": _result_visible(request.user, follow_up)}, status=status)


def _result_visible(user, follow_up: FollowUp) -> bool:
    result = follow_up.result
    return result is not None and selectors.results_visible_to(user, result.round).filter(pk=result.pk).exists()


@require_GET
def follow_up_detail(request, pk):
    return _detail_page(request, fs.access_follow_up(request.user, pk))


def _refused(request, follow_up: FollowUp, error: DomainError):
    messages.error(request, error.message)
    return redirect("assessments:follow_up", pk=follow_up.pk)


@require_POST
def follow_up_record(request, pk):
    follow_up = fs.access_follow_up(request.user, pk, for_change=True)
    form = forms.ItemsForm(request.POST, items=follow_up.items.select_related("aspect").order_by("order", "pk"),
                           aspects=fs.aspects())
    if not form.is_valid():
        return _detail_page(request, follow_up, items_form=form, status=422)
    try:
        count = followups.record_items(request.user, follow_up, form.entries())
    except DomainError as error:
        return _refused(request, follow_up, error)
    messages.success(request, _("已保存%(count)s个存在问题的复查情况。") % {"count": count})
    return redirect("assessments:follow_up", pk=follow_up.pk)


@require_POST
def follow_up_add_item(request, pk):
    follow_up = fs.access_follow_up(request.user, pk, for_change=True)
    form = forms.AddItemForm(request.POST, aspects=fs.aspects())
    if not form.is_valid():
        return _detail_page(request, follow_up, add_form=form, status=422)
    try:
        followups.add_item(request.user, follow_up, form.cleaned_data["shortcoming"], form.cleaned_data["aspect"])
    except DomainError as error:
        return _refused(request, follow_up, error)
    messages.success(request, _("已增加存在问题。"))
    return redirect("assessments:follow_up", pk=follow_up.pk)


@require_POST
def follow_up_close(request, pk):
    follow_up = fs.access_follow_up(request.user, pk, for_change=True)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, follow_up, close_form=form, status=422)
    data = form.cleaned_data
    try:
        followups.close_review(request.user, follow_up, held_on=data["held_on"], reviewers=data["reviewers"],
                               summary=data["summary"])
    except DomainError as error:
        return _refused(request, follow_up, error)
    messages.success(request, _("「%(title)s」已完成复查。") % {"title": follow_up.title})
    return redirect("assessments:follow_up", pk=follow_up.pk)


# --- the 述职报告 of a result ------------------------------------------------------------------------------------

@require_POST
def report_upload(request, pk, result_pk):
    round_ = selectors.access_round(request.user, pk, for_change=True)
    result = get_in_scope(selectors.results_visible_to(request.user, round_, RUN), result_pk)
    form = forms.ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            followups.attach_report(request.user, result, form.cleaned_data["report"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已上传「%(target)s」的述职报告。") % {"target": result.target_label})
    return redirect("assessments:result", pk=round_.pk, result_pk=result.pk)


@require_GET
def report_file(request, pk, result_pk):
    round_ = selectors.access_round(request.user, pk)
    result = get_in_scope(selectors.results_visible_to(request.user, round_).exclude(report=""), result_pk)
    suffix = PurePath(result.report.name or "").suffix.lower() or ".bin"
    return FileResponse(result.report.open("rb"), as_attachment=True,
                        filename=f"report-{round_.pk}-{result.pk}{suffix}")
