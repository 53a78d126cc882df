from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zugong.accounts.services import sign_in
from zugong.core.access import DomainError


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
