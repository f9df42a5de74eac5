"""GOV.UK forms for a tie on the map. Radios for the choices a worker makes often; the model's
``clean()`` supplies the cross-field messages (a person of concern is never the trusted adult)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from relsafe.core.forms import GovUKForm, GovUKModelForm
from relsafe.language.forms import LanguageCheckedFormMixin
from relsafe.relationships.models import (
    PERSON_KINDS,
    PLACE_KINDS,
    Connection,
    Feeling,
    Kind,
    Quality,
    SaidBy,
)

_KIND_LABELS = dict(Kind.choices)

QUALITY_HINT = (
    "Strong ties are drawn thick, weak ties thin, stressful ties dashed and harmful ties red and "
    "dotted."
)


class _ConnectionForm(LanguageCheckedFormMixin, GovUKModelForm):
    # "Language with care": the notes about a tie are checked on save (warnings, never errors).
    language_checked_fields = ("relationship", "notes")

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    quality = forms.ChoiceField(
        label="How is the tie?",
        help_text=QUALITY_HINT,
        choices=Quality.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the tie is"},
    )
    said_by = forms.ChoiceField(
        label="Who said so?",
        choices=SaidBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who said so"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.fields["notes"].widget.attrs["rows"] = 3

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk and not cleaned.get("version"):
            raise forms.ValidationError(
                "This form is out of date. Go back to the map and try again."
            )
        return cleaned


class PersonForm(_ConnectionForm):
    """A person, a group or a vehicle around the young person."""

    kind = forms.ChoiceField(
        label="Who are they?",
        choices=[(k, _KIND_LABELS[k]) for k in PERSON_KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are"},
    )
    someone_else = forms.BooleanField(
        label="This is someone else with the same name: add them anyway",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # only when adding: a change cannot make a second copy
            del self.fields["someone_else"]

    class Meta:
        model = Connection
        fields = [
            "kind",
            "name",
            "known_as",
            "relationship",
            "quality",
            "said_by",
            "is_trusted_adult",
            "notes",
        ]
        labels = {
            "name": "Name or description",
            "known_as": "Known as (optional)",
            "relationship": "Who they are to the young person (optional)",
            "is_trusted_adult": "Trusted adult",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "name": "For example, 'Kwame Mensah', or 'a grey car' if there is no name.",
            "is_trusted_adult": (
                "Someone the young person can go to, who genuinely cares about them. "
                "Never a person of concern."
            ),
        }
        error_messages = {"name": {"required": "Enter a name or a description"}}


class PlaceForm(_ConnectionForm):
    """A place in the young person's life, and whether it feels safe."""

    kind = forms.ChoiceField(
        label="What kind of place is it?",
        choices=[(k, _KIND_LABELS[k]) for k in PLACE_KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of place it is"},
    )
    feeling = forms.ChoiceField(
        label="How does the place feel?",
        choices=Feeling.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the place feels safe, unsafe or mixed"},
    )

    class Meta:
        model = Connection
        fields = ["kind", "name", "relationship", "feeling", "quality", "said_by", "notes"]
        labels = {
            "name": "Name of the place",
            "relationship": "What it is to the young person (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "name": "For example, 'Eastside Boxing Club' or 'Northbridge shopping centre'.",
            "relationship": "For example, 'trains here three evenings a week'.",
        }
        error_messages = {"name": {"required": "Enter the name of the place"}}


def form_class_for(connection: Connection) -> type[_ConnectionForm]:
    return PlaceForm if connection.is_place else PersonForm


class EndConnectionForm(GovUKForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label="Why has this tie ended? (optional)",
        help_text="For example, 'moved away' or 'no longer in contact'.",
        max_length=300,
        required=False,
    )


class CompareForm(GovUKForm):
    """The earlier date to compare the map with, as GOV.UK's day, month and year inputs. Every
    problem is reported once, on the date as a whole (linked to the day box)."""

    day = forms.CharField(label="Day", max_length=2, required=False)
    month = forms.CharField(label="Month", max_length=2, required=False)
    year = forms.CharField(label="Year", max_length=4, required=False)

    DATE_ERROR = "Enter a real date, for example 27 3 2026"

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        parts = [str(cleaned.get(k) or "").strip() for k in ("day", "month", "year")]
        if self.errors:
            return cleaned
        if not all(parts):
            self.add_error("day", "Enter the date to compare with, including a day, month and year")
            return cleaned
        try:
            day, month, year = (int(p) for p in parts)
            on = dt.date(year, month, day)
        except ValueError:
            self.add_error("day", self.DATE_ERROR)
            return cleaned
        if year < 1900:
            self.add_error("day", self.DATE_ERROR)
        elif on > timezone.localdate():
            self.add_error("day", "The date to compare with must be today or in the past")
        else:
            cleaned["on"] = on
        return cleaned
