"""Forms for mappings and screenings. Validation here mirrors the services (which check again), so a
person sees each problem beside its field and keeps everything they typed.

Every free-text field is checked by "Language with care" (``LanguageCheckedFormMixin``, first base):
findings are warnings shown after the save, never errors.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from relsafe.assessments.models import CHECKLIST_NOTE_LIMIT, VOICES, SafetyMapping, Screening
from relsafe.assessments.screening_rules import (
    INDICATORS,
    PROTECTIVE_FACTORS,
    check_level,
)
from relsafe.assessments.validators import SCALE_HELP, danger_statement_warnings, parse_scale
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.forms import GovUKForm, GovUKModelForm
from relsafe.language.forms import LanguageCheckedFormMixin


def date_input() -> forms.DateInput:
    return forms.DateInput(
        attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
    )


class SafetyScaleField(forms.Field):
    """A 0 to 10 box that accepts '7' or '7/10' and explains anything else."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "inputmode": "numeric",
                "class": "govuk-input--width-2",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )

    def to_python(self, value: Any) -> int | None:
        return parse_scale(value)

    def prepare_value(self, value: Any) -> Any:
        return "" if value is None else value


class YoungPersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class VersionedFormMixin:
    """A hidden ``version`` field: the version the person started editing from."""

    def add_version(self, version: int | None) -> None:
        self.fields["version"] = forms.IntegerField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, initial=version, required=version is not None
        )


class SafetyMappingForm(LanguageCheckedFormMixin, VersionedFormMixin, GovUKModelForm):
    language_checked_fields = (
        "harm_statements",
        "danger_statements",
        "existing_strengths",
        "existing_safety",
        "next_steps",
    )
    language_young_person_field = "young_person"

    young_person = YoungPersonChoiceField(
        queryset=YoungPerson.objects.none(), label="Young person", empty_label=None
    )
    worker_scale = SafetyScaleField(label="Worker's view")
    parent_scale = SafetyScaleField(label="Parent or carer's view")
    young_person_scale = SafetyScaleField(label="Young person's view")
    agency_scale = SafetyScaleField(label="Other agency's view")

    class Meta:
        model = SafetyMapping
        fields = (
            "young_person",
            "mapped_on",
            "harm_statements",
            "danger_statements",
            "existing_strengths",
            "existing_safety",
            "next_steps",
            "worker_scale",
            "parent_scale",
            "parent_name",
            "young_person_scale",
            "agency_scale",
            "agency_name",
        )
        widgets = {
            "mapped_on": date_input(),
            "harm_statements": forms.Textarea(attrs={"rows": 4}),
            "danger_statements": forms.Textarea(attrs={"rows": 4}),
            "existing_strengths": forms.Textarea(attrs={"rows": 4}),
            "existing_safety": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self, *args: Any, family: Family, version: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["young_person"].queryset = family.young_people.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["young_person"].disabled = True
        self.fields["worker_scale"].help_text = SCALE_HELP
        self.add_version(version)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if all(cleaned.get(f"{voice}_scale") is None for voice, _ in VOICES) and not any(
            f"{voice}_scale" in self.errors for voice, _ in VOICES
        ):
            self.add_error(
                "worker_scale",
                "Record the safety scale for at least one person (0 to 10)",
            )
        return cleaned

    def danger_warnings(self) -> list[str]:
        text = self.data.get(self.add_prefix("danger_statements"), "") if self.is_bound else ""
        return danger_statement_warnings(str(text))

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("young_person", "version")}


class ScreeningForm(LanguageCheckedFormMixin, VersionedFormMixin, GovUKForm):
    """The checklist is built from ``screening_rules``: a box and a note for each item."""

    language_checked_fields: tuple[str, ...] = ("rationale",)
    language_young_person_field = "young_person"

    young_person = YoungPersonChoiceField(
        queryset=YoungPerson.objects.none(), label="Young person", empty_label=None
    )
    screened_on = forms.DateField(label="Date of the screening", widget=date_input())
    level = forms.ChoiceField(
        label="Level of concern",
        choices=Screening.Level.choices,
        widget=forms.RadioSelect,
        help_text="Your judgement, from everything you know. There is no score.",
    )
    rationale = forms.CharField(
        label="Why you chose this level",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,  # the readable rule gives a better message than "This field is required"
        help_text="What you saw and heard, what the family and young person told you, and what keeps them safe.",
    )
    review_on = forms.DateField(
        label="Review date", widget=date_input(), help_text="Usually three months from today."
    )

    def __init__(
        self,
        *args: Any,
        family: Family,
        version: int | None = None,
        instance: Screening | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {
                "young_person": instance.young_person_id,
                "screened_on": instance.screened_on,
                "level": instance.level,
                "rationale": instance.rationale,
                "review_on": instance.review_on,
            }
            for code, note in instance.indicators.items():
                initial[f"ind_{code}"] = True
                initial[f"ind_{code}_note"] = note
            for code, note in instance.protective_factors.items():
                initial[f"pf_{code}"] = True
                initial[f"pf_{code}_note"] = note
            kwargs["initial"] = initial
        self.instance = instance
        super().__init__(*args, **kwargs)
        for prefix, items in (("ind", INDICATORS), ("pf", PROTECTIVE_FACTORS)):
            for item in items:
                box = forms.BooleanField(label=item.label, required=False, help_text=item.hint)
                # Added after GovUKFormMixin styled the declared fields, so styled here.
                box.widget.attrs.update(
                    {
                        "class": "govuk-checkboxes__input",
                        "data-aria-controls": f"conditional-{prefix}_{item.code}",
                    }
                )
                self.fields[f"{prefix}_{item.code}"] = box
                note = forms.CharField(
                    label=f"Note: {item.label.lower()}",
                    required=False,
                    max_length=CHECKLIST_NOTE_LIMIT,
                )
                note.widget.attrs["class"] = "govuk-input"
                self.limit_text(f"{prefix}_{item.code}_note", note)
                self.fields[f"{prefix}_{item.code}_note"] = note
        self.fields["young_person"].queryset = family.young_people.all()  # type: ignore[attr-defined]
        if instance is not None:
            self.fields["young_person"].disabled = True
        self.add_version(version)
        # The note beside each ticked item is free text too.
        notes = [name for name in self.fields if name.endswith("_note")]
        self.language_checked_fields = ("rationale", *notes)

    def _rows(self, prefix: str, items: Any) -> list[dict[str, Any]]:
        return [
            {
                "code": f"{prefix}_{item.code}",
                "box": self[f"{prefix}_{item.code}"],
                "note": self[f"{prefix}_{item.code}_note"],
                "hint": item.hint,
            }
            for item in items
        ]

    def indicator_rows(self) -> list[dict[str, Any]]:
        return self._rows("ind", INDICATORS)

    def protective_rows(self) -> list[dict[str, Any]]:
        return self._rows("pf", PROTECTIVE_FACTORS)

    def _ticked(self, prefix: str, items: Any) -> dict[str, str]:
        data = self.cleaned_data
        return {
            item.code: (data.get(f"{prefix}_{item.code}_note") or "").strip()
            for item in items
            if data.get(f"{prefix}_{item.code}")
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        young_person = cleaned.get("young_person")
        level = cleaned.get("level")
        screened_on = cleaned.get("screened_on")
        review_on = cleaned.get("review_on")
        if screened_on and review_on and review_on < screened_on:
            self.add_error("review_on", "The review date must be on or after the screening date")
        if young_person is None or level is None or screened_on is None:
            return cleaned
        for breach in check_level(
            level=level,
            indicators=self._ticked("ind", INDICATORS),
            rationale=cleaned.get("rationale", ""),
            date_of_birth=young_person.date_of_birth,
            screened_on=screened_on,
        ):
            self.add_error(breach.field, ValidationError(breach.message, code=breach.rule))
        return cleaned

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "screened_on": data["screened_on"],
            "level": data["level"],
            "rationale": data["rationale"].strip(),
            "review_on": data["review_on"],
            "indicators": self._ticked("ind", INDICATORS),
            "protective_factors": self._ticked("pf", PROTECTIVE_FACTORS),
        }
