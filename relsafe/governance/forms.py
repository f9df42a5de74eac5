"""Forms for governance pages; each feeds one service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from relsafe.accounts.models import Organisation
from relsafe.cases.models import Family
from relsafe.core.forms import GovUKDateInput as DateInput
from relsafe.core.forms import GovUKForm
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT
from relsafe.governance import gathering
from relsafe.governance.models import (
    CorrectionRequest,
    ErasureExemption,
    Exemption,
    SharingAgreement,
)


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or above them when unnamed)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SubjectAccessForm(GovUKForm):
    subject = forms.ChoiceField(
        label="Who is the request about?", help_text="A family member or a child in a family."
    )
    requester = forms.CharField(
        label="Who made the request",
        max_length=200,
        help_text="Their name and relationship, for example 'Precious Okafor, for herself'.",
    )
    received_on = forms.DateField(label="Date received", widget=DateInput())
    extension_reason = forms.CharField(
        label="Reason for extending the deadline (optional)",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only for a complex request or many requests: the deadline becomes three months.",
    )

    def __init__(self, *args: Any, families: QuerySet[Family], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", "Choose a person")]
        for family in families.prefetch_related("carers", "young_people"):
            for label, name in gathering.subjects_of(family):
                choices.append(
                    (f"{family.pk}|{label}", f"{name} ({family.name}, {family.reference})")
                )
        subject = self.fields["subject"]
        if isinstance(subject, forms.ChoiceField):
            subject.choices = choices
        self.families = {f.pk: f for f in families}

    def family_and_label(self) -> tuple[Family, str]:
        family_pk, _, label = self.cleaned_data["subject"].partition("|")
        return self.families[int(family_pk)], label


class RedactionForm(GovUKForm):
    words = forms.CharField(
        label="Words to withhold",
        max_length=1000,
        help_text="Copy them exactly as they appear in the passage.",
    )
    exemption = forms.ChoiceField(label="Exemption", choices=Exemption.choices)


class CorrectionForm(GovUKForm):
    family = forms.ModelChoiceField(label="Family", queryset=Family.objects.none())
    subject_name = forms.CharField(label="Who asked for the correction", max_length=200)
    record_description = forms.CharField(label="Which record is said to be wrong", max_length=300)
    what_is_wrong = forms.CharField(
        label="What they say is wrong",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    received_on = forms.DateField(label="Date received", widget=DateInput())

    def __init__(self, *args: Any, families: QuerySet[Family], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["family"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = families


class CorrectionDecisionForm(GovUKForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (CorrectionRequest.Outcome.CORRECTED, "Corrected"),
            (CorrectionRequest.Outcome.REFUSED, "Refused: the record stands"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    subject_statement = forms.CharField(
        label="The person's own statement (needed when refused)",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the record and shown with it.",
    )


class LegalHoldForm(GovUKForm):
    family = forms.ModelChoiceField(label="Family", queryset=Family.objects.none())
    reason = forms.CharField(
        label="Why the records must be kept",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, care proceedings or an inquiry.",
    )
    review_on = forms.DateField(label="Review date", widget=DateInput())

    def __init__(self, *args: Any, families: QuerySet[Family], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["family"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = families


class SharingAgreementForm(GovUKForm):
    title = forms.CharField(label="Title", max_length=200)
    parties = forms.ModelMultipleChoiceField(
        label="Organisations party to it",
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label="Purpose", max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    lawful_basis = forms.CharField(
        label="Lawful basis", max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_may_be_shared = forms.CharField(
        label="What may be shared", max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    review_on = forms.DateField(label="Review date", widget=DateInput())


class ShareAgreementForm(GovUKForm):
    agreement = forms.ModelChoiceField(
        label="Agreement this share relies on",
        queryset=SharingAgreement.objects.none(),
        required=False,
        empty_label="None applies",
    )
    no_agreement_reason = forms.CharField(
        label="Why no agreement applies",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, agreements: QuerySet[SharingAgreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agreement"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = agreements


class ErasureForm(GovUKForm):
    family = forms.ModelChoiceField(label="Family", queryset=Family.objects.none())
    person_name = forms.CharField(
        label="The person's name",
        help_text="As the family's records hold it, e.g. Dean Morris.",
        max_length=200,
    )
    other_names = forms.CharField(
        label="Other names or nicknames (optional)",
        help_text="Separate them with commas. Each is looked for as a whole word.",
        max_length=200,
        required=False,
    )
    who_they_are = forms.CharField(
        label="Who they are to the family (optional)",
        help_text="For example: mum's friend, an uncle.",
        max_length=200,
        required=False,
    )
    received_on = forms.DateField(label="Date received", widget=DateInput())

    def __init__(self, *args: Any, families: QuerySet[Family], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["family"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = families


class ErasureDecisionForm(GovUKForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("erase", "Erase: remove the person from these records (the case stays)"),
            ("refuse", "Refuse: an exemption applies"),
        ],
        widget=forms.RadioSelect,
    )
    exemption = forms.ChoiceField(
        label="Exemption (if refusing)",
        choices=[("", "Choose an exemption"), *ErasureExemption.choices],
        required=False,
    )
    reason = forms.CharField(
        label="Why the exemption applies (if refusing)",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput())
