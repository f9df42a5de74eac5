"""Forms for family cases. Messages say what to fix, by the field; whatever was typed is kept.

Free text about the child or family is checked by "Language with care" (``LanguageCheckedFormMixin``,
first base): findings are warnings shown after the save, never errors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from relsafe.access.sections import MINIMAL, SHAREABLE
from relsafe.cases.models import (
    CaseReferral,
    Family,
    OrganisationShare,
    SafeContactDecision,
    StrengthEntry,
    YoungPerson,
)
from relsafe.cases.search import parse_date
from relsafe.cases.services import PROFILE_FIELDS, TRANSITIONS
from relsafe.cases.validators import validate_child_date_of_birth
from relsafe.core.forms import GovUKDateInput, GovUKForm, GovUKModelForm
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT
from relsafe.language.forms import LanguageCheckedFormMixin

DATE_HINT = "For example, 27 3 2012"


class YoungPersonChoiceField(forms.ModelChoiceField[YoungPerson]):
    """A choice of the family's children, by the name they are known by."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class UKDateField(forms.Field):
    """A date typed day first (27/3/2012). Kept as typed when wrong, so nothing is lost."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HINT)
        # The one way to enter a date (core.forms): day, month and year boxes, read as d/m/y.
        kwargs.setdefault("widget", GovUKDateInput())
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return f"{value.day}/{value.month}/{value.year}"
        return value

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        date = parse_date(text)
        if date is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            # From the GOV.UK date input (core.forms.GovUKDateInput).
            try:
                date = dt.date.fromisoformat(text)
            except ValueError:
                date = None
        if date is None:
            raise forms.ValidationError(
                "Enter a real date, for example 27 3 2012", code="invalid_date"
            )
        return date


class ChildDateOfBirthField(UKDateField):
    default_error_messages = {"required": "Enter the child's date of birth"}
    default_validators = [validate_child_date_of_birth]


class _HintsDescribeMixin:
    """Point each input at the hint our field template renders (``id_<name>-hint``), not Django's
    own ``_helptext`` id, so screen readers read the hint and axe finds the reference."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text and not isinstance(
                field.widget, forms.RadioSelect | forms.CheckboxInput | forms.HiddenInput
            ):
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"


def _name_field(label: str, required_message: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=100,
        required=required,
        error_messages={"required": required_message},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )


class ChildCheckForm(_HintsDescribeMixin, GovUKForm):
    """Step one of opening a family: who is the child? (We search before anything is created.)"""

    first_name = _name_field("Child's first name", "Enter the child's first name")
    last_name = _name_field("Child's last name", "Enter the child's last name")
    date_of_birth = ChildDateOfBirthField(label="Child's date of birth")


class NewFamilyForm(ChildCheckForm):
    """Step two: the rest of what a new case needs. The child's details are carried over."""

    preferred_name = _name_field("Name they like to be called (optional)", "", required=False)
    family_name = forms.CharField(
        label="Family name",
        max_length=200,
        help_text="How the team will refer to the family, for example 'Sara's family (Haddad)'",
        error_messages={"required": "Enter a name for the family"},
    )
    carer_name = forms.CharField(
        label="Parent or carer's full name (optional)", max_length=200, required=False
    )
    carer_relationship = forms.CharField(
        label="Their relationship to the child (optional)",
        max_length=100,
        required=False,
        help_text="For example mum, dad, grandmother, kinship carer",
    )
    review_due = UKDateField(
        label="First review due (optional)", required=False, help_text=DATE_HINT
    )
    confirm_not_duplicate = forms.BooleanField(
        label="I have checked the possible matches and this is a different child",
        required=False,
    )

    def __init__(self, *args: Any, duplicates_found: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates_found = duplicates_found
        if not duplicates_found:
            del self.fields["confirm_not_duplicate"]

    def clean_review_due(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("review_due")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError("The review date must be today or in the future")
        return value

    def clean_confirm_not_duplicate(self) -> bool:
        confirmed = bool(self.cleaned_data.get("confirm_not_duplicate"))
        if self.duplicates_found and not confirmed:
            raise forms.ValidationError(
                "Confirm this is a different child, or ask your manager about the possible match"
            )
        return confirmed


class StatusForm(LanguageCheckedFormMixin, _HintsDescribeMixin, GovUKForm):
    language_checked_fields = ("reason",)

    to_status = forms.ChoiceField(
        label="Move the case to",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the case moves to"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when reopening a closed case",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = family
        labels = dict(Family.Status.choices)
        reopening = family.status == Family.Status.CLOSED
        self.fields["to_status"].choices = [  # type: ignore[attr-defined]
            (s, f"Reopen as '{labels[s]}'" if reopening else labels[s])
            for s in TRANSITIONS[family.status]
        ]
        if reopening:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = (
                "Give the reason for reopening the case"
            )


class ShareForm(LanguageCheckedFormMixin, _HintsDescribeMixin, GovUKForm):
    language_checked_fields = ("notes",)

    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation to share with"},
    )
    basis = forms.ChoiceField(
        label="Consent or lawful basis",
        choices=OrganisationShare.Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the consent or lawful basis for sharing"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "What the family agreed to, or why consent was not sought (for example, asking "
            "would alert the people exploiting the child). Needed unless the family consented."
        ),
    )

    scopes = forms.MultipleChoiceField(
        label="What the share covers",
        required=False,
        choices=[(s.value, s.label) for s in SHAREABLE],
        initial=sorted(MINIMAL),
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only what they need to know. They always see the case reference, its status and "
            "the team around the family; contacts and events reach them only when marked for "
            "police one by one."
        ),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        # CheckboxSelectMultiple subclasses RadioSelect: give it the checkboxes template back.
        self.fields["scopes"].widget.template_name = "widgets/checkboxes.html"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        basis = data.get("basis")
        if (
            basis
            and basis != OrganisationShare.Basis.CONSENT
            and not (data.get("notes") or "").strip()
        ):
            self.add_error("notes", "Explain why the case is shared without consent")
        return data


class ShareScopesForm(GovUKForm):
    """What a live share covers, changed after it was made (need-to-know: access/sections.py)."""

    scopes = forms.MultipleChoiceField(
        label="What the share covers",
        required=False,
        choices=[(s.value, s.label) for s in SHAREABLE],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only what they need to know. They always see the case reference, its status and "
            "the team around the family."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].widget.template_name = "widgets/checkboxes.html"


class StrengthForm(LanguageCheckedFormMixin, _HintsDescribeMixin, GovUKModelForm):
    language_checked_fields: tuple[str, ...] = ("text",)
    language_own_words_field = "in_own_words"

    class Meta:
        model = StrengthEntry
        fields = ["kind", "text", "in_own_words"]
        labels = {
            "kind": "What kind of entry is it?",
            "text": "What do you want to record?",
            "in_own_words": "These are the young person's own words",
        }
        help_texts = {
            "text": "Write it as they would recognise it. If it is their own words, write them as they said them.",
            "in_own_words": "It will be shown as a quote, in their voice.",
        }
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "kind": {"required": "Choose what kind of entry it is"},
            "text": {"required": "Enter what you want to record"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = StrengthEntry.Kind.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # The young person's own words are recorded as they said them: their words are not ours
        # to correct, just as the checker never flags words inside quotation marks.
        self.language_checked_fields = () if self.cleaned_data.get("in_own_words") else ("text",)
        cleaned: dict[str, Any] = super().clean()
        return cleaned


class StrengthEditForm(StrengthForm):
    """Changing an entry carries the version it was opened at (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ProfileForm(LanguageCheckedFormMixin, _HintsDescribeMixin, GovUKModelForm):
    """The profile facts, edited together under one version (optimistic lock)."""

    language_checked_fields = (
        "identity",
        "culture",
        "communication_needs",
        "health",
        "education",
        "concerns",
    )

    date_of_birth = ChildDateOfBirthField(label="Date of birth")
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = YoungPerson
        fields = list(PROFILE_FIELDS)
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "preferred_name": "Name they like to be called (optional)",
            "aliases": "Also known as (optional)",
            "identity": "Identity (optional)",
            "culture": "Culture, faith and heritage (optional)",
            "language": "Languages (optional)",
            "communication_needs": "Communication needs (optional)",
            "health": "Health, in brief (optional)",
            "education": "Education, in brief (optional)",
            "concerns": "What we are worried about (optional)",
            "preferred_language": "Preferred language (optional)",
            "interpreter_needed": "They need an interpreter",
            "legal_status": "Legal status (optional)",
            "phone": "Their own phone number (optional)",
            "email": "Their own email address (optional)",
        }
        help_texts = {
            "phone": "Recorded so workers know it; relsafe never sends anything to a child's phone.",
        }
        error_messages = {
            "first_name": {"required": "Enter their first name"},
            "last_name": {"required": "Enter their last name"},
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "identity",
                "culture",
                "communication_needs",
                "health",
                "education",
                "concerns",
            )
        }

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


# --- The household and the referral (issue 16) ----------------------------------------------------

PHONE_HINT = "For example, 07700 900 982 or +44 7700 900 982"


def _past_date(value: dt.date | None, message: str) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class CarerForm(_HintsDescribeMixin, GovUKForm):
    """A parent or carer: who they are to the children, since when, and how to reach them."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter their full name"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    relationship = forms.CharField(
        label="Who they are to the children",
        max_length=100,
        help_text="For example mum, dad, grandmother, kinship carer, mum's partner",
        error_messages={"required": "Enter who they are to the children, like mum"},
    )
    started_on = UKDateField(
        label="In the household since (optional)",
        required=False,
        help_text="Leave empty if they were there when the case opened. " + DATE_HINT,
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=30,
        help_text=PHONE_HINT,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    preferred_language = forms.CharField(
        label="Preferred language (optional)", required=False, max_length=100
    )
    interpreter_needed = forms.BooleanField(label="They need an interpreter", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_started_on(self) -> dt.date | None:
        return _past_date(
            self.cleaned_data.get("started_on"), "The date must be today or in the past"
        )

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.fields if k != "version"}


class LeftHouseholdForm(_HintsDescribeMixin, GovUKForm):
    """When someone left the household, and why (their record stays)."""

    ended_on = UKDateField(
        label="Date they left",
        error_messages={"required": "Enter the date they left the household"},
    )
    reason = forms.CharField(
        label="Why, in a few words (optional)",
        required=False,
        max_length=200,
        help_text="For example, moved to live with their grandmother",
    )


class NewChildForm(ChildCheckForm):
    """A child who joins the household after the case opened (a sibling born, a cousin moving in)."""

    preferred_name = _name_field("Name they like to be called (optional)", "", required=False)
    joined_on = UKDateField(
        label="In the household since (optional)",
        required=False,
        help_text="Their date of birth, for a baby born into the family. " + DATE_HINT,
    )

    def clean_joined_on(self) -> dt.date | None:
        return _past_date(
            self.cleaned_data.get("joined_on"), "The date must be today or in the past"
        )


class AddressForm(_HintsDescribeMixin, GovUKForm):
    line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter the first line of the address"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    line_2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    town = forms.CharField(label="Town or city (optional)", required=False, max_length=100)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    lived_from = UKDateField(
        label="Living there since",
        help_text="Their address until then ends the day before. " + DATE_HINT,
        error_messages={"required": "Enter the date they started living there"},
    )


class ReferralForm(LanguageCheckedFormMixin, _HintsDescribeMixin, GovUKForm):
    """How the case arrived, in the referrer's words; the decision and why."""

    language_checked_fields = ("request", "decision_reason")

    received_on = UKDateField(
        label="Date the referral arrived",
        error_messages={"required": "Enter the date the referral arrived"},
    )
    referrer_agency = forms.CharField(
        label="Referring agency",
        max_length=200,
        help_text="For example, Northfield Academy, the police, a GP practice",
        error_messages={"required": "Enter the agency that referred"},
    )
    referrer_name = forms.CharField(
        label="Name of the person referring",
        max_length=200,
        error_messages={"required": "Enter the name of the person who referred"},
    )
    referrer_role = forms.CharField(label="Their role (optional)", required=False, max_length=200)
    referrer_phone = forms.CharField(
        label="Their phone number (optional)",
        required=False,
        max_length=30,
        help_text=PHONE_HINT,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    referrer_email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    concerns = forms.CharField(
        label="What they are worried about, in their words",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what they are worried about, in their words"},
    )
    request = forms.CharField(
        label="What they asked for (optional)",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    family_aware = forms.BooleanField(label="The family knows about the referral", required=False)
    decision = forms.ChoiceField(
        label="Decision",
        choices=CaseReferral.Decision.choices,
        widget=forms.RadioSelect,
        initial=CaseReferral.Decision.PENDING,
        error_messages={"required": "Select what was decided"},
    )
    decision_reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_received_on(self) -> dt.date | None:
        return _past_date(
            self.cleaned_data.get("received_on"),
            "The date the referral arrived must be today or in the past",
        )

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.fields if k != "version"}

    @classmethod
    def initial_from(cls, referral: CaseReferral) -> dict[str, Any]:
        initial = {name: getattr(referral, name) for name in cls.base_fields if name != "version"}
        initial["version"] = referral.version
        return initial


class SafeContactForm(LanguageCheckedFormMixin, _HintsDescribeMixin, GovUKForm):
    """A new safe-contact decision for one family member; it replaces the one in force."""

    language_checked_fields = ("what_may_be_said", "reason")

    notify_by = forms.ChoiceField(
        label="How may relsafe tell them there is a new message?",
        help_text="Messages only ever say 'you have a new message: sign in to read it'.",
        choices=SafeContactDecision.Notify.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how relsafe may tell them about a new message"},
    )
    phone = forms.CharField(
        label="Phone number that is safe to use (optional)",
        required=False,
        max_length=30,
        help_text=PHONE_HINT,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address that is safe to use (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    may_phone = forms.BooleanField(label="Workers may ring this number", required=False)
    safe_from = forms.TimeField(
        label="Safe to contact from (optional)",
        required=False,
        help_text="For example, 09:00",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
    )
    safe_until = forms.TimeField(
        label="Safe to contact until (optional)",
        required=False,
        help_text="For example, 21:00",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
    )
    what_may_be_said = forms.CharField(
        label="What may be said, and what not (optional)",
        required=False,
        max_length=SHORT_TEXT,
        help_text="For example, 'Do not leave voicemail; say you are calling from school.'",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    calendar_shows_detail = forms.BooleanField(
        label="Their calendar may show what an appointment is about", required=False
    )
    reason = forms.CharField(
        label="Why, and who agreed it (optional)",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
