"""Forms for outcomes. They only parse input; the services check it and save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from relsafe.cases.models import Family, YoungPerson
from relsafe.core.forms import GovUKForm
from relsafe.language.forms import LanguageCheckedFormMixin
from relsafe.outcomes.models import RECORDED_KINDS, OutcomeEvent, OutcomeKind, UnitCost


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OutcomeForm(LanguageCheckedFormMixin, GovUKForm):
    language_checked_fields = ("rationale",)
    language_young_person_field = "young_person"

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label="What was the outcome",
        choices=[(k, OutcomeKind(k).label) for k in RECORDED_KINDS],
        widget=forms.RadioSelect,
        help_text="Missing episodes, return home interviews and the safety scale are worked out "
        "from the record: you do not need to record them here.",
        error_messages={"required": "Choose what the outcome was"},
    )
    young_person = forms.ModelChoiceField(
        label="Who is it about",
        queryset=YoungPerson.objects.none(),
        required=False,
        empty_label="The whole family",
    )
    occurred_on = forms.DateField(
        label="Date of the outcome",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the outcome",
            "invalid": "The date of the outcome must be a real date",
        },
    )
    rationale = forms.CharField(
        label="Why you are recording this outcome",
        help_text="What happened and why you judge it to be this outcome: for a placement "
        "avoided, what was being considered and what changed.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter why you are recording this outcome"},
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["young_person"].queryset = family.young_people.all()  # type: ignore[attr-defined]

    @staticmethod
    def initial_from(event: OutcomeEvent) -> dict[str, Any]:
        return {
            "version": event.version,
            "kind": event.kind,
            "young_person": event.young_person_id,
            "occurred_on": event.occurred_on,
            "rationale": event.rationale,
        }

    def service_values(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k] for k in ("kind", "young_person", "occurred_on", "rationale")
        }


class FiguresFilterForm(GovUKForm):
    start = forms.DateField(
        label="From",
        widget=DateInput(),
        error_messages={"invalid": "The start of the period must be a real date"},
    )
    end = forms.DateField(
        label="To",
        widget=DateInput(),
        error_messages={"invalid": "The end of the period must be a real date"},
    )
    organisation = forms.TypedChoiceField(
        label="Organisation", coerce=int, required=False, empty_value=None
    )
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        organisations: list[Any],
        teams: list[Any],
        all_allowed: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org_choices: list[tuple[Any, str]] = [(o.pk, o.name) for o in organisations]
        if all_allowed:
            org_choices.insert(0, ("", "All organisations"))
        self.fields["organisation"].choices = org_choices  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "All teams")] + [  # type: ignore[attr-defined]
            (t.pk, f"{t.name}, {t.organisation.name}") for t in teams
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", "The end of the period must be on or after its start")
        return cleaned


class PublishForm(GovUKForm):
    title = forms.CharField(
        label="Title of the report",
        max_length=200,
        error_messages={"required": "Enter a title for the report"},
    )


class UnitCostForm(GovUKForm):
    key = forms.CharField(
        label="Short name",
        max_length=60,
        help_text="Lower-case letters, numbers and underscores; the probabilities table uses it.",
    )
    item = forms.CharField(label="Item", max_length=200)
    amount = forms.CharField(label="Amount in pounds", max_length=20)
    unit = forms.ChoiceField(label="Unit", choices=UnitCost.Unit.choices)
    price_year = forms.IntegerField(
        label="Price year",
        help_text="The year whose prices the amount is in. It must be in the uprating index.",
        error_messages={"invalid": "The price year must be a year, like 2023"},
    )
    source = forms.CharField(label="Source", max_length=300)
    source_url = forms.URLField(
        label="Link to the source", required=False, max_length=500, assume_scheme="https"
    )
    citation = forms.CharField(label="Citation", widget=forms.Textarea(attrs={"rows": 3}))
    cashable = forms.TypedChoiceField(
        label="Is the saving cashable",
        choices=[("yes", "Cashable"), ("no", "Non-cashable")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Why are you making this change", max_length=200, required=False)


class AssumptionForm(GovUKForm):
    unit_cost_key = forms.ChoiceField(label="Unit cost it avoids")
    quantity = forms.CharField(label="How much of the unit cost one outcome avoids", max_length=20)
    quantity_reason = forms.CharField(label="Why that much", max_length=300)
    low = forms.CharField(label="Low probability (0 to 1)", max_length=10)
    central = forms.CharField(label="Central probability (0 to 1)", max_length=10)
    high = forms.CharField(label="High probability (0 to 1)", max_length=10)
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text='Where the probability comes from, or "local assumption".',
    )
    source_url = forms.URLField(
        label="Link to the source", required=False, max_length=500, assume_scheme="https"
    )
    reason = forms.CharField(label="Why are you making this change", max_length=200, required=False)

    def __init__(self, *args: Any, unit_costs: list[UnitCost], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_cost_key"].choices = [(c.key, c.item) for c in unit_costs]  # type: ignore[attr-defined]


class IndexYearForm(GovUKForm):
    year = forms.IntegerField(
        label="Year", error_messages={"invalid": "The year must be a year, like 2025"}
    )
    index = forms.CharField(label="Index", max_length=20)
    source = forms.CharField(label="Source", max_length=300)
    source_url = forms.URLField(
        label="Link to the source", required=False, max_length=500, assume_scheme="https"
    )
    reason = forms.CharField(label="Why are you making this change", max_length=200, required=False)
