"""The public answering pages (网上填写): enter a code, answer once, thanks — without signing in.

They render their own bare base template (no navigation, no links into the system), never write the session
(nothing here logs in or stores a message) and keep nothing of the request: the code is the only key, and
``services.submit_online`` leaves only ``Invitation.used`` behind. Every code entry — typed on ``/s/`` or opened as
``/s/<code>/`` — goes through ``codes.enter_code``: wrong codes are limited per address and in total (HTTP 429).
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from zugong.core.access import DomainError
from zugong.core.throttle import client_address
from zugong.surveys import codes, services
from zugong.surveys.forms import CodeForm
from zugong.surveys.models import Question, Survey

INVALID_CODE = "邀请码无效，请核对后重新输入"
USED_CODE = "此邀请码已经提交过答卷，每个邀请码只能使用一次"
NOT_OPEN = "本调查未开始或已结束"


def _message(request, message: str, status: int = 200):
    return render(request, "surveys/public/message.html", {"message": message}, status=status)


def _too_many(request, refusal: codes.TooManyAttempts):
    response = _message(request, refusal.message, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


# No CSRF token: nobody is signed in here, so there is no session whose authority a forged request could
# borrow — the code in the form is the only authority. Without it the pages set no cookie at all, and a
# failed check never shows the system's own 403 page (with its navigation) to a respondent.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            invitation = codes.enter_code(client_address(request), form.cleaned_data["code"])
        except codes.TooManyAttempts as refusal:
            return _too_many(request, refusal)
        if invitation is not None:
            return redirect("survey_public:answer", code=invitation.code)
        error = INVALID_CODE
    return render(request, "surveys/public/start.html", {"form": form, "error": error})


def _raw_answers(post, questions: list[Question]) -> dict[int, object]:
    """The posted answers keyed by question id, as ``services.check_answers`` reads them."""
    raw: dict[int, object] = {}
    for question in questions:
        name = f"q{question.pk}"
        raw[question.pk] = post.getlist(name) if question.kind == Question.Kind.MULTIPLE else post.get(name, "")
    return raw


def _sections(questions: list[Question], raw: dict[int, object]) -> list[dict]:
    """Sections in order, each with its questions and what was chosen or written (kept after a refusal)."""
    sections: dict[int, dict] = {}
    for question in questions:
        value = raw.get(question.pk)
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value or "")}
        entry = sections.setdefault(question.section_id, {"section": question.section, "questions": []})
        entry["questions"].append({"question": question, "options": list(question.options.all()),
                                   "chosen": chosen, "text": value if isinstance(value, str) else ""})
    return sorted(sections.values(), key=lambda s: (s["section"].order, s["section"].pk))


@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, code):
    try:
        invitation = codes.enter_code(client_address(request), code)
    except codes.TooManyAttempts as refusal:
        return _too_many(request, refusal)
    if invitation is None:
        return render(request, "surveys/public/start.html", {"form": CodeForm(), "error": INVALID_CODE}, status=404)
    survey = invitation.group.survey
    if invitation.used:
        return _message(request, USED_CODE)
    if survey.status != Survey.Status.OPEN:
        return _message(request, NOT_OPEN)
    questions = services.questions_of(survey)
    raw = _raw_answers(request.POST, questions) if request.method == "POST" else {}
    error = ""
    if request.method == "POST":
        try:
            services.submit_online(invitation.code, raw)
            return redirect("survey_public:done")
        except DomainError as refusal:
            if refusal.field == "code":  # used or closed meanwhile: the same pages as on opening
                return _message(request, USED_CODE if refusal.message == USED_CODE else NOT_OPEN)
            error = refusal.message
    return render(request, "surveys/public/answer.html", {
        "survey": survey, "code": invitation.code, "sections": _sections(questions, raw), "error": error})


@login_not_required
@require_GET
def done(request):
    return render(request, "surveys/public/done.html")


urlpatterns = [
    path("", start, name="start"),
    path("done/", done, name="done"),  # before the code pattern, which would take "done" for a code
    path("<str:code>/", answer, name="answer"),
]
