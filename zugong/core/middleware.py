"""Chinese unless the user chose English: the language comes from the switch's cookie only,
not from the browser's Accept-Language."""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ConflictMiddleware:
    """A database constraint that refused a page's write is a message on the page, never a 500 (the last line
    of defence behind ``run_service``; the API answers 409 through its own handler)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.db import IntegrityError
        from django.http import HttpResponseRedirect
        from django.utils.http import url_has_allowed_host_and_scheme

        from zugong.core.submissions import integrity_message

        if not isinstance(exception, IntegrityError) or request.method == "GET":
            return None
        messages.error(request, integrity_message(exception))
        # Back to the page the form was on: a POST-only action's own URL would answer 405 to the redirect's GET.
        referer = request.headers.get("Referer", "")
        safe = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
        return HttpResponseRedirect(referer if safe else request.get_full_path())


class MethodNotAllowedMiddleware:
    """A request with a method a URL does not take gets the reason in Chinese — JSON under the API, text on a page —
    instead of the framework's empty or English 405 body (the allowed methods stay in its ``Allow`` header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        from django.http import HttpResponse, JsonResponse

        allowed = response.get("Allow", "")
        detail = f"该地址不支持 {request.method} 请求" + (f"（可用：{allowed}）" if allowed else "")
        answer: HttpResponse
        if request.path.startswith("/api/"):
            answer = JsonResponse({"detail": detail}, status=405, json_dumps_params={"ensure_ascii": False})
        else:
            answer = HttpResponse(detail, status=405, content_type="text/plain; charset=utf-8")
        if allowed:
            answer["Allow"] = allowed
        return answer
