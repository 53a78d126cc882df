from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from zugong.accounts.capabilities import Role
from zugong.accounts.services import sign_in
from zugong.core.access import DomainError
from zugong.core.forms import StyledFormMixin


class SignInForm(AuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            try:
                self.user_cache = sign_in(self.request, username, password)
            except DomainError as error:
                raise forms.ValidationError(error.message, code="invalid_login") from error
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class _OrganizationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * (obj.depth - 1)}{obj.name}"


class RoleForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    organization = _OrganizationChoice(label=_("负责范围"), queryset=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations


class UserCreateForm(RoleForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)

    field_order = ["username", "display_name", "password", "role", "organization"]


class PasswordForm(StyledFormMixin, forms.Form):
    password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
