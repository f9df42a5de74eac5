"""The portal's forms. They only parse what was typed; the services check and save it."""

from __future__ import annotations

from typing import Any

from django import forms

from relsafe.accounts.validators import EVERYONE_MIN_LENGTH
from relsafe.core.files import MAX_UPLOAD_BYTES
from relsafe.core.forms import GovUKForm
from relsafe.core.text_limits import SHORT_TEXT
from relsafe.portal.models import MESSAGE_LIMIT
from relsafe.portal.scales import CHECK_IN_SCALES, TRUST_POINTS, TRUST_STATEMENTS


class InviteForm(GovUKForm):
    email = forms.EmailField(
        label="Email address they will sign in with",
        help_text="Check with them that nobody else reads this email. relsafe never sends the "
        "link to it: you give them the link yourself.",
        max_length=254,
        error_messages={
            "required": "Enter the email address they will sign in with",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    email.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


PASSWORD_HINT = (
    f"At least {EVERYONE_MIN_LENGTH} characters. A few words that mean something to you, but "
    "would be hard for someone else to guess, make a good password."
)


class SetPasswordForm(GovUKForm):
    password = forms.CharField(
        label="Create a password",
        help_text=PASSWORD_HINT,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("password")
            and data.get("password_again")
            and data["password"] != data["password_again"]
        ):
            self.add_error("password_again", "The passwords do not match")
        return data


class MessageForm(GovUKForm):
    body = forms.CharField(
        label="Your message",
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your message"},
    )
    attachment = forms.FileField(
        label="Add a file (optional)",
        help_text=f"A PDF, photo (JPEG or PNG), Word or Excel file, smaller than "
        f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        required=False,
    )


def _scale_choices(points: tuple[str, ...]) -> list[tuple[int, str]]:
    return [(i, text) for i, text in enumerate(points, start=1)]


class CheckInForm(GovUKForm):
    note = forms.CharField(
        label="Anything you want to add (optional)",
        help_text="Your worker will read this.",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scales = {
            scale.field: forms.TypedChoiceField(
                label=scale.question,
                choices=_scale_choices(scale.points),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose the sentence that is closest to how you feel"},
            )
            for scale in CHECK_IN_SCALES
        }
        self.fields = {**scales, "note": self.fields["note"]}


class SpaceForm(GovUKForm):
    trusted_adult = forms.CharField(
        label="Who is someone you can go to?",
        help_text="Their name, or what you call them. For example: my auntie, Coach Dan.",
        required=False,
        max_length=200,
    )
    going_well = forms.CharField(
        label="What is going well for you?",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    want_to_happen = forms.CharField(
        label="What do you want to happen next?",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ratings = {
            key: forms.TypedChoiceField(
                label=statement,
                choices=_scale_choices(TRUST_POINTS),
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"inline": True}),
            )
            for key, statement in TRUST_STATEMENTS
        }
        self.fields = {
            "trusted_adult": self.fields["trusted_adult"],
            **ratings,
            "going_well": self.fields["going_well"],
            "want_to_happen": self.fields["want_to_happen"],
        }

    def ratings(self) -> dict[str, int | None]:
        return {key: self.cleaned_data.get(key) for key, _ in TRUST_STATEMENTS}
