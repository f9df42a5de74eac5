from __future__ import annotations

from django import forms

from relsafe.core.forms import GovUKForm


class SignInForm(GovUKForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(GovUKForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, or one of your recovery codes.",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        return code.strip().replace(" ", "").lower()


class ConfirmIdentityForm(GovUKForm):
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SecurityKeyForm(GovUKForm):
    name = forms.CharField(
        label="Name this key",
        help_text="So you can tell your keys apart, for example 'Blue key on my lanyard'.",
        max_length=64,
    )
    webauthn_response = forms.CharField(widget=forms.HiddenInput, required=False)
