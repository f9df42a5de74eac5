"""The portal's forms. They only parse what was typed; the services check and save it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from relsafe.accounts.validators import EVERYONE_MIN_LENGTH
from relsafe.core.files import MAX_UPLOAD_BYTES
from relsafe.core.forms import GovUKDateField, GovUKForm, VersionedFormMixin
from relsafe.core.text_limits import SHORT_TEXT
from relsafe.portal.models import MESSAGE_LIMIT, Appointment
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


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class AppointmentForm(VersionedFormMixin, GovUKForm):
    """A worker arranges or changes an appointment. The service checks the rules (in the future,
    a place when in person, "what" for Other); the form only parses."""

    kind = forms.ChoiceField(
        label="What kind of appointment",
        choices=Appointment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of appointment it is"},
    )
    what = forms.CharField(
        label="What it is about (optional)",
        help_text="Needed for 'Other appointment'. The parent sees this.",
        required=False,
        max_length=200,
    )
    day = GovUKDateField(
        label="Date",
        error_messages={"required": "Enter the date of the appointment"},
    )
    starts = forms.TimeField(
        label="Start time",
        widget=TimeInput(),
        error_messages={"required": "Enter the start time", "invalid": "Enter a real time"},
    )
    ends = forms.TimeField(
        label="End time (optional)",
        help_text="An hour after the start if you leave it empty.",
        required=False,
        widget=TimeInput(),
        error_messages={"invalid": "Enter a real time"},
    )
    how = forms.ChoiceField(
        label="How",
        choices=Appointment.How.choices,
        widget=forms.RadioSelect,
        initial=Appointment.How.IN_PERSON,
        error_messages={"required": "Choose how the appointment will happen"},
    )
    place = forms.CharField(
        label="Where",
        help_text="An address or a room. For a call, optional: who rings whom, or the link.",
        required=False,
        max_length=300,
    )
    who = forms.CharField(
        label="Who will be there (optional)",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shown_to_family = forms.BooleanField(
        label="Show this appointment to the parents and carers in the portal",
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        appointment: Appointment | None = None,
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        if appointment is not None and "initial" not in kwargs:
            start = timezone.localtime(appointment.starts_at)
            kwargs["initial"] = {
                "kind": appointment.kind,
                "what": appointment.what,
                "day": start.date(),
                "starts": start.time(),
                "ends": timezone.localtime(appointment.ends_at).time(),
                "how": appointment.how,
                "place": appointment.place,
                "who": appointment.who,
                "shown_to_family": appointment.shown_to_family,
            }
        super().__init__(*args, **kwargs)
        self.add_version(version)

    def values(self) -> dict[str, Any]:
        """What the service needs: the start and end as aware times, and the rest as typed."""
        data = self.cleaned_data
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        starts_at = (
            timezone.make_aware(dt.datetime.combine(day, starts)) if day and starts else None
        )
        ends_at = timezone.make_aware(dt.datetime.combine(day, ends)) if day and ends else None
        return {
            "kind": data.get("kind"),
            "what": data.get("what", ""),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "how": data.get("how"),
            "place": data.get("place", ""),
            "who": data.get("who", ""),
            "shown_to_family": data.get("shown_to_family", False),
        }


class CancelAppointmentForm(GovUKForm):
    reason = forms.CharField(
        label="Why is it cancelled? (optional)",
        help_text="For the record. The parent sees only that it is cancelled.",
        required=False,
        max_length=300,
    )


class RearrangeForm(GovUKForm):
    body = forms.CharField(
        label="When would suit you better?",
        help_text="Or tell your worker why this time does not work. They will reply in your messages.",
        max_length=MESSAGE_LIMIT - 200,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say when would suit you better, or why it does not work",
            "max_length": "Your message must be 4,800 characters or fewer",
        },
    )
