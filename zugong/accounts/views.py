"""Sign-in, one's own password and user management (用户与角色管理) pages."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zugong.accounts import forms, selectors, services
from zugong.core.access import DomainError
from zugong.core.audit import history_of
from zugong.core.forms_helpers import run_service
from zugong.core.throttle import client_address
from zugong.organizations.selectors import organizations_visible_to


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def password_change(request):
    form = forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = run_service(form, lambda: services.change_own_password(
            request.user, client_address(request), data["old_password"], data["new_password1"]))
        if changed:
            update_session_auth_hash(request, request.user)  # this session stays signed in, others end
            messages.success(request, _("密码已修改，下次登录请使用新密码。"))
            return redirect("core:dashboard")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})


def _manageable_organizations(user):
    return organizations_visible_to(user, "accounts.manage").open()


def _temporary_password_page(request, user, password, title):
    response = render(request, "accounts/temporary_password.html", {"account": user, "password": password, "title": title})
    response["Cache-Control"] = "no-store"  # shown once: never kept by the browser or a proxy
    return response


@require_GET
def user_list(request):
    if not request.user.has_capability("accounts.manage"):
        raise Http404
    rows = selectors.user_views(request.user, selectors.users_visible_to(request.user))
    return render(request, "accounts/user_list.html", {"rows": rows})


@never_cache
def user_create(request):
    if not request.user.has_capability("accounts.manage"):
        raise Http404
    form = forms.UserCreateForm(request.POST or None, organizations=_manageable_organizations(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("username", "display_name", "role", "organization")}
        created = run_service(form, lambda: services.create_user(request.user, **fields))
        if created:
            return _temporary_password_page(request, *created, title=_("已新建用户"))
    return render(request, "accounts/user_form.html", {"form": form, "title": _("新建用户")})


def user_detail(request, pk):
    view = selectors.user_view(request.user, pk)
    role_form = forms.RoleForm(request.POST or None, organizations=_manageable_organizations(request.user))
    if request.method == "POST" and role_form.is_valid():
        if run_service(role_form, lambda: services.assign_role(request.user, view.user, **role_form.cleaned_data)):
            messages.success(request, _("已授予角色。"))
            return redirect("accounts:user_detail", view.user.pk)
    return render(request, "accounts/user_detail.html", {
        "account": view.user, "view": view, "role_form": role_form, "reset_form": forms.TemporaryPasswordForm(),
        "history": history_of(view.user)[:100] if view.reach.manageable else None,
    })


@require_POST
def user_reset(request, pk):
    user = selectors.access_user(request.user, pk)
    form = forms.TemporaryPasswordForm(request.POST)
    issued = run_service(form, lambda: services.issue_temporary_password(request.user, user)) if form.is_valid() else None
    if issued:
        return _temporary_password_page(request, *issued, title=_("已签发临时密码"))
    for error in form.non_field_errors() or [_("请刷新页面后重试。")]:
        messages.error(request, str(error))
    return redirect("accounts:user_detail", user.pk)


ACTIONS = {
    "unlock": lambda actor, user: services.unlock_user(actor, user),
    "deactivate": lambda actor, user: services.set_user_active(actor, user, False),
    "activate": lambda actor, user: services.set_user_active(actor, user, True),
}


@require_POST
def user_action(request, pk, action):
    user = selectors.access_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](request.user, user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已完成。"))
    return redirect("accounts:user_detail", user.pk)


@require_POST
def role_remove(request, pk, assignment_pk):
    user = selectors.access_user(request.user, pk)
    assignment = selectors.assignment_of(user, assignment_pk)
    try:
        services.remove_role(request.user, assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已撤销该角色。"))
    return redirect("accounts:user_detail", user.pk)
