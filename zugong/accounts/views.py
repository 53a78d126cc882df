"""Sign-in and user management (用户与角色管理) pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zugong.accounts import forms, selectors, services
from zugong.core.access import DomainError
from zugong.core.audit import history_of
from zugong.core.forms_helpers import run_service
from zugong.organizations.selectors import organizations_visible_to


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _manageable_organizations(user):
    return organizations_visible_to(user, "accounts.manage").open()


@require_GET
def user_list(request):
    if not request.user.has_capability("accounts.manage"):
        raise Http404
    users = selectors.users_visible_to(request.user).prefetch_related("role_assignments__organization")
    return render(request, "accounts/user_list.html", {"users": users})


def user_create(request):
    if not request.user.has_capability("accounts.manage"):
        raise Http404
    form = forms.UserCreateForm(request.POST or None, organizations=_manageable_organizations(request.user))
    if request.method == "POST" and form.is_valid():
        user = run_service(form, lambda: services.create_user(request.user, **form.cleaned_data))
        if user:
            messages.success(request, _("已新建用户。"))
            return redirect("accounts:user_detail", user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("新建用户")})


def user_detail(request, pk):
    user = selectors.access_user(request.user, pk)
    role_form = forms.RoleForm(request.POST or None, organizations=_manageable_organizations(request.user))
    if request.method == "POST" and role_form.is_valid():
        if run_service(role_form, lambda: services.assign_role(request.user, user, **role_form.cleaned_data)):
            messages.success(request, _("已授予角色。"))
            return redirect("accounts:user_detail", user.pk)
    context = {
        "account": user,
        "assignments": selectors.assignments_manageable_by(request.user, user),
        "role_form": role_form,
        "password_form": forms.PasswordForm(),
        "history": history_of(user)[:100],
    }
    return render(request, "accounts/user_detail.html", context)


@require_POST
def user_action(request, pk, action):
    user = selectors.access_user(request.user, pk)
    try:
        if action == "unlock":
            services.unlock_user(request.user, user)
        elif action in ("deactivate", "activate"):
            services.set_user_active(request.user, user, action == "activate")
        elif action == "password":
            services.set_user_password(request.user, user, request.POST.get("password", ""))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已完成。"))
    return redirect("accounts:user_detail", user.pk)


@require_POST
def role_remove(request, pk, assignment_pk):
    user = selectors.access_user(request.user, pk)
    assignment = selectors.assignments_manageable_by(request.user, user).filter(pk=assignment_pk).first()
    if assignment is None:
        raise Http404
    try:
        services.remove_role(request.user, assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已撤销该角色。"))
    return redirect("accounts:user_detail", user.pk)
