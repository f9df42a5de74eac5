"""Forms for the plan, its actions and referrals. The services check again; the forms put each
problem beside its field.

Every free-text field is checked by "Language with care" (``LanguageCheckedFormMixin``, first base):
findings are warnings shown after the save, never errors.
"""

from __future__ import annotations

from typing import Any

from django import forms

from relsafe.accounts.models import User
from relsafe.cases.forms import YoungPersonChoiceField
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.forms import GovUKModelForm, VersionedFormMixin, date_input
from relsafe.language.forms import LanguageCheckedFormMixin
from relsafe.plans.models import Plan, PlanAction, Referral


class WorkerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class PlanForm(LanguageCheckedFormMixin, VersionedFormMixin, GovUKModelForm):
    language_checked_fields = ("summary",)

    class Meta:
        model = Plan
        fields = ("summary", "review_on", "shared_with_family", "shared_with")
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "review_on": date_input()}
        labels = {"shared_with_family": "The family has a copy of this plan"}
        help_texts = {
            "shared_with_family": "Parents and carers with a relsafe sign-in can then read the "
            "plan and its actions on their start page."
        }

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version(version)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("shared_with_family") and not (cleaned.get("shared_with") or "").strip():
            self.add_error("shared_with", "Say who in the family the plan is shared with")
        return cleaned


class PlanActionForm(LanguageCheckedFormMixin, VersionedFormMixin, GovUKModelForm):
    language_checked_fields = ("description",)

    owner_user = WorkerChoiceField(
        queryset=None,
        required=False,
        label="Which worker",
        help_text="If a worker will do it.",
    )

    class Meta:
        model = PlanAction
        fields = ("description", "owner_type", "owner_user", "owner_name", "due_on", "status")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "owner_type": forms.RadioSelect,
            "status": forms.RadioSelect,
            "due_on": date_input(),
        }

    def __init__(
        self, *args: Any, workers: list[User], version: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[w.pk for w in workers]
        ).order_by("full_name")
        self.fields["owner_type"].choices = PlanAction.OwnerType.choices  # type: ignore[attr-defined]
        self.fields["status"].choices = PlanAction.Status.choices  # type: ignore[attr-defined]
        self.fields[
            "owner_name"
        ].help_text = (
            "If a parent, young person or another agency will do it: their name, or the agency."
        )
        self.add_version(version)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        owner_type = cleaned.get("owner_type")
        if owner_type == PlanAction.OwnerType.WORKER and not cleaned.get("owner_user"):
            self.add_error("owner_user", "Choose the worker who will do this")
        elif (
            owner_type
            and owner_type != PlanAction.OwnerType.WORKER
            and not (cleaned.get("owner_name") or "").strip()
        ):
            self.add_error("owner_name", "Enter the name of the person or agency who will do this")
        return cleaned

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Referral.Kind.NRM: (
        "reasonable_grounds_on",
        "reasonable_grounds_outcome",
        "conclusive_grounds_on",
        "conclusive_grounds_outcome",
    ),
    Referral.Kind.MASH: ("outcome_on", "outcome"),
    Referral.Kind.MACE: ("meeting_on", "outcome_on", "outcome"),
}


class ReferralForm(LanguageCheckedFormMixin, VersionedFormMixin, GovUKModelForm):
    language_checked_fields = ("outcome",)
    language_young_person_field = "young_person"

    young_person = YoungPersonChoiceField(
        queryset=YoungPerson.objects.none(), label="Young person", empty_label=None
    )

    class Meta:
        model = Referral
        fields = (
            "young_person",
            "submitted_on",
            "reference",
            "reasonable_grounds_on",
            "reasonable_grounds_outcome",
            "conclusive_grounds_on",
            "conclusive_grounds_outcome",
            "meeting_on",
            "outcome_on",
            "outcome",
        )
        widgets = {
            "submitted_on": date_input(),
            "reasonable_grounds_on": date_input(),
            "conclusive_grounds_on": date_input(),
            "meeting_on": date_input(),
            "outcome_on": date_input(),
            "reasonable_grounds_outcome": forms.RadioSelect,
            "conclusive_grounds_outcome": forms.RadioSelect,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        family: Family,
        kind: str,
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"young_person", "submitted_on", "reference", *KIND_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["young_person"].queryset = family.young_people.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["young_person"].disabled = True
        for name in ("reasonable_grounds_outcome", "conclusive_grounds_outcome"):
            if name in self.fields:
                self.fields[name].choices = Referral.Decision.choices  # type: ignore[attr-defined]
        if kind == Referral.Kind.MACE:
            self.fields["submitted_on"].label = "Date listed for MACE"
        self.add_version(version)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "young_person")}
