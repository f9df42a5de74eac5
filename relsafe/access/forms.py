from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from relsafe.access.models import BreakGlassGrant
from relsafe.accounts.models import User
from relsafe.core.forms import GovUKDateField, GovUKDateInput, GovUKForm


class BreakGlassFindForm(GovUKForm):
    """Find a family by one of its children, when the reference is not to hand (at 2 am it rarely
    is). Only an exact match counts, and the answer says only that a family matches."""

    prefix = "find"

    first_name = forms.CharField(
        label="Child's first name",
        help_text="Or the name they are known by.",
        max_length=100,
        error_messages={"required": "Enter the child's first name"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label="Child's last name",
        max_length=100,
        error_messages={"required": "Enter the child's last name"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    date_of_birth = GovUKDateField(
        label="Child's date of birth",
        help_text="For example, 14 6 2011",
        error_messages={"required": "Enter the child's date of birth"},
    )


class BreakGlassForm(GovUKForm):
    reference = forms.CharField(
        label="Family reference",
        help_text="The exact reference, for example RS-0001.",
        max_length=20,
        error_messages={"required": "Enter the family's reference"},
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "off", "class": "govuk-input--width-10"}
        ),
    )
    reason_code = forms.ChoiceField(
        label="Why do you need emergency access?",
        choices=BreakGlassGrant.ReasonCode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you need emergency access"},
    )
    reason_text = forms.CharField(
        label="Tell us what is happening",
        help_text=(
            "Your manager colleague will read this when they review your access. The family's "
            "workers are told that you opened their family."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why you need emergency access"},
    )

    def __init__(self, *args: Any, matched: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matched = matched
        if matched:
            # The family was found by a child's name and date of birth: no reference to type.
            del self.fields["reference"]

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()

    def clean_reason_text(self) -> str:
        text = str(self.cleaned_data["reason_text"]).strip()
        if len(text) < 10:
            raise forms.ValidationError(
                "Say a little more about why you need emergency access (at least 10 characters)"
            )
        return text


class ReviewForm(GovUKForm):
    outcome = forms.ChoiceField(
        label="Was the emergency access justified?",
        choices=BreakGlassGrant.ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the access was justified"},
    )
    notes = forms.CharField(
        label="Notes",
        help_text="Required if it was not justified: say why and what happens next.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome") == BreakGlassGrant.ReviewOutcome.NOT_JUSTIFIED
            and not (data.get("notes") or "").strip()
        ):
            self.add_error("notes", "Say why the access was not justified and what happens next")
        return data


class WorkerChoiceField(forms.ModelChoiceField[User]):
    """Names with role and organisation, so two people with one name can be told apart."""

    def label_from_instance(self, obj: User) -> str:
        org = obj.organisation.name if obj.organisation else ""
        return f"{obj.full_name} ({obj.get_role_display()}, {org})"


class AllocateForm(GovUKForm):
    worker = WorkerChoiceField(
        label="Worker",
        queryset=User.objects.none(),
        empty_label="Choose a worker",
        error_messages={
            "required": "Choose a worker to add",
            "invalid_choice": "Choose a worker from the list",
        },
    )
    role_on_case = forms.CharField(
        label="Their role on the case",
        help_text="For example: parent liaison officer, social worker.",
        max_length=100,
        error_messages={"required": "Enter their role on the case"},
    )
    is_lead = forms.BooleanField(label="They are the lead worker", required=False)
    previous_lead = forms.ChoiceField(
        label="If they become the lead worker, the current lead",
        choices=[
            ("end", "Comes off the case today"),
            ("keep", "Stays on the team, no longer as lead"),
        ],
        initial="end",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, workers: Any, current_lead: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: WorkerChoiceField = self.fields["worker"]  # type: ignore[assignment]
        field.queryset = workers
        if current_lead:
            self.fields[
                "previous_lead"
            ].label = f"If they become the lead worker, {current_lead} (lead now)"
        else:
            del self.fields["previous_lead"]


class EndAllocationForm(GovUKForm):
    ended_on = forms.DateField(
        label="Last day on the case",
        help_text="Today or an earlier date, for example 27 3 2026.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": "Enter the last day on the case",
            "invalid": "Enter a real date, for example 27 3 2026",
        },
        widget=GovUKDateInput(),
    )

    def __init__(self, *args: Any, started_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_ended_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["ended_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The last day cannot be in the future")
        if day < self.started_on:
            raise forms.ValidationError(
                f"The last day must be on or after {self.started_on:%-d %B %Y}, when they started"
            )
        return day
