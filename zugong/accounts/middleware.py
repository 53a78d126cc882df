"""A user signed in with a temporary password (临时密码) reaches only the password change until they have
chosen their own: every other page leads there, and the API answers 403."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

MESSAGE = "您正在使用管理员签发的临时密码，请先设置自己的密码。"


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("accounts:password_change"), reverse("accounts:logout"), reverse("set_language"))
            if request.path not in allowed:
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": MESSAGE}, status=403)
                return redirect("accounts:password_change")
        return self.get_response(request)
