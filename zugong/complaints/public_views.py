"""The reporter's pages (网上举报, /r/): file a report, get its receipt code once, come back with the code to read
the department's replies and the outcome, and add information — without signing in.

Like ``/s/``: a bare base template (no navigation, no link into the system), no session, no cookie, no CSRF token
(nobody is signed in, so there is no authority a forged request could borrow), nothing of the request kept. The
code travels in the POST body only, never in an address (no server log, no history, no Referer holds it). Every
code entry goes through ``core.throttle.counted_lookup``: wrong codes are limited per address and in total. A wrong
code and a missing one are the same page: the lookup is one slow hash and one query either way.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from zugong.complaints import policies as P
from zugong.complaints import sealing, services
from zugong.complaints.forms import AdditionForm, PublicReportForm, ReceiptForm
from zugong.complaints.models import Report
from zugong.core import throttle
from zugong.core.access import DomainError
from zugong.core.policy import policy_int

INVALID_CODE = "查询码不正确，请核对后重新输入"
HOUR = 3600


def _too_many(request, refusal: throttle.TooManyAttempts):
    response = render(request, "complaints/public/message.html", {"message": refusal.message}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _lookup(request, code: str) -> Report | None:
    address = throttle.client_address(request)
    limit = policy_int(P.LOOKUP_ATTEMPTS.key)
    return throttle.counted_lookup(lambda: services.report_by_receipt(code), what="查询码", window_seconds=HOUR,
                                   windows=((f"report-code:addr:{address}", limit), ("report-code:all", limit * 50)))


@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    form = PublicReportForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        address = throttle.client_address(request)
        if not throttle.hit(f"report-file:addr:{address}", limit=policy_int(P.FILINGS_PER_HOUR.key),
                            window_seconds=HOUR):
            return render(request, "complaints/public/message.html",
                          {"message": "本地址提交的举报过多，请一小时后再试，或拨打12380举报电话"}, status=429)
        data = form.cleaned_data
        try:
            report, code = services.register_report(
                None, channel="", received_on=None, person_name=data["person_name"],
                person_unit=data["person_unit"], person_post=data["person_post"], kind=data["kind"],
                happened=data["happened"], content=data["content"], identity=form.identity(),
                files=data["evidence"])
        except DomainError as refusal:
            error = refusal.message
        else:
            return render(request, "complaints/public/receipt.html",
                          {"number": report.number, "code": sealing.grouped(code)})
    return render(request, "complaints/public/new.html", {"form": form, "error": error})


def _case(request, report: Report, code: str, *, form=None, saved: bool = False, error: str = ""):
    show_outcome = report.replied_on is not None and report.outcome
    return render(request, "complaints/public/case.html", {
        "report": report, "code": code, "messages_list": report.messages.all(), "show_outcome": show_outcome,
        "evidence_count": report.evidence.count(), "form": form or AdditionForm(initial={"code": code}),
        "saved": saved, "error": error, "open": report.is_open})


@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    form = ReceiptForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            report = _lookup(request, code)
        except throttle.TooManyAttempts as refusal:
            return _too_many(request, refusal)
        if report is not None:
            return _case(request, report, code)
        error = INVALID_CODE
        form = ReceiptForm()  # the typed code is not shown back: a wrong code's page is a missing code's page
    return render(request, "complaints/public/follow.html", {"form": form, "error": error})


@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["POST"])
def add(request):
    form = AdditionForm(request.POST, request.FILES)
    code = request.POST.get("code", "")[:40]
    try:
        report = _lookup(request, code)
    except throttle.TooManyAttempts as refusal:
        return _too_many(request, refusal)
    if report is None:
        return render(request, "complaints/public/follow.html", {"form": ReceiptForm(), "error": INVALID_CODE})
    if not form.is_valid():
        return _case(request, report, code, form=form)
    try:
        services.add_from_reporter(report, form.cleaned_data["text"], form.cleaned_data["evidence"])
    except DomainError as refusal:
        return _case(request, report, code, form=form, error=refusal.message)
    return _case(request, report, code, saved=True)


urlpatterns = [
    path("", new, name="new"),
    path("follow/", follow, name="follow"),
    path("follow/add/", add, name="add"),
]
