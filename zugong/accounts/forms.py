from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _

from zugong.accounts.capabilities import Role
from zugong.accounts.services import sign_in
from zugong.core import bounds
from zugong.core.access import DomainError
from zugong.core.forms import StyledFormMixin
from zugong.core.submissions import OnceOnlyForm


class SignInForm(AuthenticationForm):
    # Django's two fields with a length: what is typed is hashed (argon2, slow on purpose) at every attempt
    username = UsernameField(widget=forms.TextInput(attrs={"autofocus": True}), max_length=150)
    password = forms.CharField(label=AuthenticationForm.declared_fields["password"].label, strip=False,
                               max_length=bounds.PASSWORD_MAX,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

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


class UserCreateForm(OnceOnlyForm, RoleForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)

    field_order = ["username", "display_name", "role", "organization"]


class TemporaryPasswordForm(OnceOnlyForm, forms.Form):
    """The button that issues a temporary password: its token makes a reloaded result page issue nothing."""


class PasswordChangeForm(StyledFormMixin, forms.Form):
    old_password = forms.CharField(label=_("当前密码"), strip=False, max_length=bounds.PASSWORD_MAX,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(
        label=_("新密码"), strip=False, max_length=bounds.PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 10 个字符；不能是常见密码或纯数字，不能与用户名、姓名相似，也不能主要由本系统名称"
                    "（zugong、组工）、年份、键盘顺序组成。可以用几个词连成的短句。"))
    new_password2 = forms.CharField(label=_("再次输入新密码"), strip=False, max_length=bounds.PASSWORD_MAX,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean() or {}
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        return data
