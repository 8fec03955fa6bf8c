from typing import Any

from allauth.account import app_settings
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.http import HttpRequest

from accounts.models import User


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me"  # sentence case, as everywhere


class SignupForm(AllauthSignupForm):
    name = forms.CharField(
        max_length=150,
        label="Your name",
        help_text="Shown to your campaign team, not to the public.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(app_settings.SIGNUP_FORM_HONEYPOT_FIELD or "")
        if honeypot is not None:
            # Hidden by the stylesheet rather than an inline style, which our CSP forbids.
            honeypot.widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
            honeypot.template_name = "forms/honeypot.html"

    def save(self, request: HttpRequest) -> User:
        user: User = super().save(request)
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
        return user
