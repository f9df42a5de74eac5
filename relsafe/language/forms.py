"""Forms that check their wording on save. Findings are warnings, never errors: the record still
saves, and the person sees once what they might write instead (PRODUCT.md §6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone

from relsafe.core.forms import GovUKForm
from relsafe.language.checker import Finding, check

MAX_TEXT_LENGTH = 20_000
# How many warnings one save shows before summing up the rest.
MAX_WARNING_MESSAGES = 8
# The tag on language warnings, so the page shows them together under "Language with care".
MESSAGE_TAG = "language"


def age_of(young_person: Any, today: dt.date | None = None) -> int | None:
    """A child's age in whole years today, or None when there is no date of birth."""
    born = getattr(young_person, "date_of_birth", None)
    if not isinstance(born, dt.date):
        return None
    today = today or timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class LanguageCheckedFormMixin:
    """Runs "Language with care" over ``language_checked_fields`` when the form is cleaned.

    Put it before the form base class::

        class ContactForm(LanguageCheckedFormMixin, GovUKModelForm):
            language_checked_fields = ("summary", "young_persons_voice")

    After ``is_valid()``, ``form.language_warnings`` maps field name to findings; the form is valid
    regardless. Pass ``child_age=`` when the record is about a known child (age-aware wording), then
    save it through ``core.editing.EditPage`` (or call ``add_language_warnings(request, form)``
    after saving) to show the warnings once.

    A form where the worker picks the child (or children) names that field in
    ``language_young_person_field``; when no age was passed in, the picked child's age is used
    (several children only when they are all the same age, since the wording could be about any).
    """

    language_checked_fields: tuple[str, ...] = ()
    language_young_person_field: str = ""
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, child_age: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language_child_age = child_age
        self.language_warnings: dict[str, list[Finding]] = {}

    def get_language_child_age(self) -> int | None:
        if self.language_child_age is not None or not self.language_young_person_field:
            return self.language_child_age
        chosen = self.cleaned_data.get(self.language_young_person_field)
        if chosen is None:
            return None
        people = list(chosen) if isinstance(chosen, Iterable) else [chosen]
        ages = {age_of(person) for person in people}
        return ages.pop() if len(ages) == 1 else None

    # A checkbox saying the text is the young person's own words (e.g. ``in_own_words``): when it is
    # ticked, the live check stays quiet too, as the check on save does.
    language_own_words_field: str | None = None

    @property
    def language_own_words_bound(self) -> Any:
        name = self.language_own_words_field
        return self[name] if name and name in self.fields else None  # type: ignore[index]

    @property
    def language_live_fields(self) -> tuple[str, ...]:
        """The checked fields a person types words into (text areas and one-line text boxes such
        as "Where they were found"): these get suggestions as the worker types."""
        return tuple(
            name
            for name in self.language_checked_fields
            if name in self.fields
            and isinstance(self.fields[name].widget, (forms.Textarea, forms.TextInput))
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        self.language_warnings = {}
        age = self.get_language_child_age()
        for name in self.language_checked_fields:
            value = cleaned.get(name)
            if isinstance(value, str) and value:
                findings = check(value, child_age=age)
                if findings:
                    self.language_warnings[name] = findings
        return cleaned

    @property
    def has_language_warnings(self) -> bool:
        return any(self.language_warnings.values())

    def language_warning_messages(self) -> list[str]:
        """One plain sentence per finding, naming the field it is in."""
        lines = []
        for name, findings in self.language_warnings.items():
            label = _label(str(self.fields[name].label or name))
            for finding in findings:
                if finding.replaceable:
                    advice = f"you could write “{finding.suggestion}”"
                else:
                    advice = finding.suggestion
                lines.append(f"{label}: instead of “{finding.text}”, {advice}. {finding.reason}")
        return lines


def _label(label: str) -> str:
    """A field's label as the start of a sentence: "Notes (optional)?" reads as "Notes"."""
    label = str(label).strip()
    if label.endswith("(optional)"):
        label = label[: -len("(optional)")].rstrip()
    return label.rstrip("?:").rstrip()


def add_language_warnings(request: HttpRequest, form: LanguageCheckedFormMixin) -> int:
    """Queue the form's language warnings as messages for the next page; returns how many."""
    lines = form.language_warning_messages()
    for line in lines[:MAX_WARNING_MESSAGES]:
        messages.warning(request, line, extra_tags=MESSAGE_TAG)
    if len(lines) > MAX_WARNING_MESSAGES:
        messages.warning(
            request,
            f"There are {len(lines) - MAX_WARNING_MESSAGES} more wording suggestions: open the record "
            "to see them as you edit.",
            extra_tags=MESSAGE_TAG,
        )
    return len(lines)


def warn_after_save(request: HttpRequest, form: Any) -> None:
    """The edit flow's saved-form hook (``core.editing``): every language-checked form saved
    through an ``EditPage`` shows its warnings once, without the page asking for them."""
    if isinstance(form, LanguageCheckedFormMixin):
        add_language_warnings(request, form)


class CheckWordingForm(LanguageCheckedFormMixin, GovUKForm):
    """The "Check your wording" page: any text, checked, never saved."""

    language_checked_fields = ("text",)

    text = forms.CharField(
        label="Your wording",
        help_text="Type or paste a note. Suggestions appear below as you type. Nothing here is saved.",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        max_length=MAX_TEXT_LENGTH,
        strip=False,
        error_messages={
            "required": "Enter some wording to check",
            "max_length": "Your wording must be 20,000 characters or fewer",
        },
    )
    child_age = forms.IntegerField(
        label="Child's age (optional)",
        help_text="Some suggestions depend on the child's age, for example under 13 or under 16.",
        required=False,
        min_value=0,
        max_value=25,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Child's age must be a number, like 14",
            "min_value": "Child's age must be 0 or more",
            "max_value": "Child's age must be 25 or less",
        },
    )

    def get_language_child_age(self) -> int | None:
        age = self.cleaned_data.get("child_age")
        return age if isinstance(age, int) else self.language_child_age
