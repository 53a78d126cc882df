"""The public voting pages (电子投票, ``/v/``): enter a code, vote once, done — without signing in.

Like the surveys' ``/s/`` pages they render a bare base template (no navigation), set no cookie (no CSRF token,
no session, no message: the code in the form is the only authority), and keep nothing of the request;
``services.cast_online`` leaves only ``VotingCode.used`` behind. Every code entry goes through
``codes.enter_code``: wrong codes are limited per address and in total (HTTP 429).
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from zugong.ballots import codes, services
from zugong.ballots.forms import VoteCodeForm
from zugong.ballots.models import Ballot, Mark
from zugong.core.access import DomainError
from zugong.core.throttle import client_address

INVALID_CODE = "投票码无效，请核对后重新输入"
USED_CODE = "此投票码已经投过票，每个投票码只能使用一次"


def _message(request, message: str, status: int = 200):
    return render(request, "ballots/public/message.html", {"message": message}, status=status)


def _too_many(request, refusal: codes.TooManyAttempts):
    response = _message(request, refusal.message, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    form = VoteCodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            voting_code = codes.enter_code(client_address(request), form.cleaned_data["code"])
        except codes.TooManyAttempts as refusal:
            return _too_many(request, refusal)
        if voting_code is not None:
            return redirect("ballot_public:vote", code=voting_code.code)
        error = INVALID_CODE
    return render(request, "ballots/public/start.html", {"form": form, "error": error})


def _posted(request, ballot: Ballot, candidates) -> tuple[dict[int, str], dict[int, str]]:
    choices: dict[int, str] = {}
    written: dict[int, str] = {}
    for candidate in candidates:
        value = request.POST.get(f"c{candidate.position}", "")
        if value:
            choices[candidate.position] = value[:10]
        name = request.POST.get(f"w{candidate.position}", "")
        if name:
            written[candidate.position] = name[:services.NAME_MAX + 1]
    if ballot.kind == Ballot.Kind.CHOOSE:
        names = [n[:services.NAME_MAX + 1] for n in request.POST.getlist("written")[:services.MAX_CANDIDATES] if n]
        written = dict(enumerate(names, start=1))
    return choices, written


@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote(request, code):
    try:
        voting_code = codes.enter_code(client_address(request), code)
    except codes.TooManyAttempts as refusal:
        return _too_many(request, refusal)
    if voting_code is None:
        return render(request, "ballots/public/start.html", {"form": VoteCodeForm(), "error": INVALID_CODE},
                      status=404)
    ballot = voting_code.ballot
    if voting_code.used:
        return _message(request, USED_CODE)
    if not ballot.is_open:
        return _message(request, services.CLOSED)
    candidates = services.candidates_of(ballot)
    choices, written = _posted(request, ballot, candidates) if request.method == "POST" else ({}, {})
    error = ""
    if request.method == "POST":
        try:
            services.cast_online(voting_code.code, choices, written)
            return redirect("ballot_public:done")
        except DomainError as refusal:
            if refusal.field == "code":  # used or closed meanwhile
                return _message(request, refusal.message)
            error = refusal.message
    options = [(Mark.Choice.YES, "同意" if ballot.kind == Ballot.Kind.APPROVAL else "赞成"),
               (Mark.Choice.NO, "不同意" if ballot.kind == Ballot.Kind.APPROVAL else "反对"),
               (Mark.Choice.ABSTAIN, "弃权")]
    if ballot.write_in:
        options.append((Mark.Choice.OTHER, "另选他人"))
    rows = [{"candidate": c, "chosen": choices.get(c.position, ""), "written": written.get(c.position, "")}
            for c in candidates]
    extra = max(ballot.seats - len([v for v in choices.values() if v == Mark.Choice.YES]), 0)
    return render(request, "ballots/public/vote.html", {
        "ballot": ballot, "code": voting_code.code, "rows": rows, "options": options, "error": error,
        "choose": ballot.kind == Ballot.Kind.CHOOSE, "write_in_slots": range(extra if ballot.write_in else 0)})


@login_not_required
@require_GET
def done(request):
    return render(request, "ballots/public/done.html")


urlpatterns = [
    path("", start, name="start"),
    path("done/", done, name="done"),
    path("<str:code>/", vote, name="vote"),
]
