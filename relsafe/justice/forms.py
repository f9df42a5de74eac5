"""Forms for criminal justice and court support. They parse input only; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from relsafe.cases.models import Family, YoungPerson
from relsafe.core.forms import GovUKForm
from relsafe.intelligence.models import Mention
from relsafe.justice.models import (
    Attendance,
    CaseChild,
    CriminalJusticeCase,
    Hearing,
    Measure,
    MeasureApplication,
    Offence,
    RightCheck,
    SupportStep,
    Suspect,
    VictimsCodeRight,
    WitnessSupport,
)
from relsafe.language.forms import LanguageCheckedFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "govuk-input--width-10"}, **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", attrs={"class": "govuk-input--width-5"}, **kwargs)


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _when(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None or time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time))


class JusticeForm(GovUKForm):
    """Checkbox groups keep the checkboxes template (CheckboxSelectMultiple subclasses
    RadioSelect in Django, so the core mixin would give them radios)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f.widget, forms.CheckboxSelectMultiple):
                f.widget.template_name = "widgets/checkboxes.html"


class CaseForm(JusticeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label="Name of the case",
        max_length=200,
        help_text="How the team refers to it, for example 'Exploitation of Jayden (2026)'.",
    )
    offences = forms.MultipleChoiceField(
        label="Kinds of offence",
        choices=Offence.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of offence."},
    )
    reported_on = _date("Date reported to police")
    police_reference = forms.CharField(label="Police reference", required=False, max_length=50)
    officer_in_charge = forms.CharField(label="Officer in charge", required=False, max_length=200)
    officer_contact = forms.CharField(
        label="How to reach the officer in charge", required=False, max_length=200
    )
    shared_with_family = forms.BooleanField(
        label="Show the family their court journey in the portal",
        required=False,
        help_text="They see the stages, hearings and support in plain words; never the suspect.",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["reported_on"]

    @staticmethod
    def initial_from(case: CriminalJusticeCase) -> dict[str, Any]:
        return {
            "version": case.version,
            "title": case.title,
            "offences": case.offences,
            "police_reference": case.police_reference,
            "officer_in_charge": case.officer_in_charge,
            "officer_contact": case.officer_contact,
            "shared_with_family": case.shared_with_family,
        }

    def changes(self) -> dict[str, Any]:
        keys = (
            "title",
            "offences",
            "police_reference",
            "officer_in_charge",
            "officer_contact",
            "shared_with_family",
        )
        return {k: self.cleaned_data[k] for k in keys}


class StageForm(JusticeForm):
    stage = forms.ChoiceField(label="Stage the case has reached", widget=forms.RadioSelect)
    entered_on = _date("Date")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = choices  # type: ignore[attr-defined]


class ChildForm(JusticeForm):
    young_person = forms.ModelChoiceField(
        label="Child", queryset=YoungPerson.objects.none(), widget=forms.RadioSelect
    )
    part = forms.ChoiceField(
        label="Their part in the case", choices=CaseChild.Part.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["young_person"].queryset = family.young_people.all()  # type: ignore[attr-defined]


class SuspectForm(JusticeForm):
    known_as = forms.CharField(
        label="Known as", max_length=200, help_text="For example the nickname the family uses."
    )
    intelligence_person = forms.ModelChoiceField(
        label="The same person in this family's reports to the police (optional)",
        queryset=Mention.objects.none(),
        required=False,
        empty_label="Not in a report sent to the police",
        help_text="Only people named in information this family's workers sent to the police are "
        "listed. The police then see which of their people of concern this suspect is.",
    )

    def __init__(self, *args: Any, choices: list[tuple[Mention, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {m.pk: label for m, label in choices}
        field = self.fields["intelligence_person"]
        field.queryset = Mention.objects.filter(pk__in=labels).order_by("-pk")  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: labels[m.pk]  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, suspect: Suspect) -> dict[str, Any]:
        return {"known_as": suspect.known_as, "intelligence_person": suspect.intelligence_person_id}


class HearingForm(JusticeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Kind of hearing", choices=Hearing.Kind.choices)
    court = forms.CharField(label="Court", max_length=200)
    courtroom = forms.CharField(label="Courtroom (optional)", required=False, max_length=50)
    starts_on = _date("Date")
    starts_time = forms.TimeField(label="Start time", widget=TimeInput())
    ends_time = forms.TimeField(label="End time (optional)", required=False, widget=TimeInput())
    who_attends = forms.CharField(
        label="Who needs to attend (optional)", required=False, max_length=500
    )
    outcome = forms.CharField(
        label="Outcome (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shared_with_family = forms.BooleanField(
        label="Show this hearing to the family (portal and calendar)", required=False
    )

    @staticmethod
    def initial_from(hearing: Hearing) -> dict[str, Any]:
        starts = timezone.localtime(hearing.starts_at)
        return {
            "version": hearing.version,
            "kind": hearing.kind,
            "court": hearing.court,
            "courtroom": hearing.courtroom,
            "starts_on": starts.date(),
            "starts_time": starts.time().replace(second=0, microsecond=0),
            "ends_time": (
                timezone.localtime(hearing.ends_at).time().replace(second=0, microsecond=0)
                if hearing.ends_at
                else None
            ),
            "who_attends": hearing.who_attends,
            "outcome": hearing.outcome,
            "shared_with_family": hearing.shared_with_family,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "court": data["court"],
            "courtroom": data["courtroom"],
            "starts_at": _when(data["starts_on"], data["starts_time"]),
            "ends_at": _when(data["starts_on"], data.get("ends_time")),
            "who_attends": data["who_attends"],
            "shared_with_family": data["shared_with_family"],
        }


class WitnessForm(JusticeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    abe_interview_on = _date(
        "Video-recorded (ABE) interview", required=False, help_text="Achieving Best Evidence."
    )
    pre_trial_visit_on = _date("Pre-trial court visit", required=False)
    travel = forms.CharField(label="Travel to court", required=False, max_length=500)
    childcare = forms.CharField(
        label="Childcare arranged",
        required=False,
        max_length=500,
        help_text="For example, who looks after a younger brother or sister.",
    )
    with_them = forms.CharField(
        label="Who will be with them on the day", required=False, max_length=500
    )
    what_to_bring = forms.CharField(label="What to bring", required=False, max_length=500)
    attendance_plan = forms.CharField(
        label="Attendance plan",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    phone_requested_on = _date("Police asked for the child's phone on", required=False)
    phone_returned_on = _date("Phone returned on", required=False)

    FIELDS = (
        "abe_interview_on",
        "pre_trial_visit_on",
        "travel",
        "childcare",
        "with_them",
        "what_to_bring",
        "attendance_plan",
        "phone_requested_on",
        "phone_returned_on",
    )

    @classmethod
    def initial_from(cls, witness: WitnessSupport) -> dict[str, Any]:
        return {"version": witness.version, **{f: getattr(witness, f) for f in cls.FIELDS}}

    def changes(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.FIELDS}


class MeasureForm(JusticeForm):
    measure = forms.ChoiceField(label="Special measure", choices=Measure.choices)
    status = forms.ChoiceField(
        label="Where it is", choices=MeasureApplication.Status.choices, widget=forms.RadioSelect
    )
    applied_on = _date("Applied for on")
    decided_on = _date("Decided on (granted or refused)", required=False)
    recording_on = _date(
        "Recording date (section 28 only)",
        required=False,
        help_text="When the pre-recorded cross-examination takes place.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        help_text="For example the intermediary's name.",
    )


class AttendanceForm(JusticeForm):
    hearing = forms.ModelChoiceField(label="Hearing", queryset=Hearing.objects.none())
    attended = forms.TypedChoiceField(
        label="Did they attend?",
        choices=(("yes", "Yes"), ("no", "No")),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    gave_evidence = forms.ChoiceField(
        label="How they gave evidence",
        choices=Attendance.GaveEvidence.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    why_not = forms.CharField(label="If not, why not", required=False, max_length=500)

    def __init__(self, *args: Any, case: CriminalJusticeCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hearing"].queryset = case.hearings.all()  # type: ignore[attr-defined]


class IntimidationForm(LanguageCheckedFormMixin, JusticeForm):
    language_checked_fields = ("what_happened",)
    noticed_on = _date("When it was noticed")
    what_happened = forms.CharField(
        label="What happened", max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    told_police_on = _date("Police told on (optional)", required=False)


class SupportContactForm(LanguageCheckedFormMixin, JusticeForm):
    language_checked_fields = ("summary",)
    occurred_on = _date("Date")
    summary = forms.CharField(
        label="What support was given", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SupportStepForm(JusticeForm):
    kind = forms.ChoiceField(
        label="What happened to the support",
        choices=SupportStep.Kind.choices,
        widget=forms.RadioSelect,
    )
    on = _date("Date")
    reason = forms.CharField(label="Why", max_length=500)
    next_review_on = _date("Next review (optional when stepping down or ending)", required=False)


class RightsForm(JusticeForm):
    """The twelve rights for one person: a status, a note, and a complaint route each."""

    def __init__(self, *args: Any, saved: dict[int, RightCheck | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[int, str, list[Any]]] = []
        for value, label in VictimsCodeRight.choices:
            check = saved.get(value)
            prefix = f"right_{value}"
            self.fields[f"{prefix}_status"] = forms.ChoiceField(
                label=f"Right {value}: where it is",
                choices=RightCheck.Status.choices,
                required=False,
                initial=check.status if check else "",
            )
            self.fields[f"{prefix}_note"] = forms.CharField(
                label=f"Right {value}: note (optional)",
                required=False,
                max_length=500,
                initial=check.note if check else "",
            )
            self.fields[f"{prefix}_complaint_route"] = forms.CharField(
                label=f"Right {value}: how to complain (if not met)",
                required=False,
                max_length=500,
                initial=check.complaint_route if check else "",
            )
            for name in ("status", "note", "complaint_route"):
                self.limit_text(f"{prefix}_{name}", self.fields[f"{prefix}_{name}"])
            names = [f"{prefix}_status", f"{prefix}_note", f"{prefix}_complaint_route"]
            self.rows.append((value, str(label), [self[name] for name in names]))

    def entries(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            value: {
                "status": data[f"right_{value}_status"],
                "note": data[f"right_{value}_note"],
                "complaint_route": data[f"right_{value}_complaint_route"],
            }
            for value, _ in VictimsCodeRight.choices
        }


class CalendarDetailForm(JusticeForm):
    shows_detail = forms.TypedChoiceField(
        label="What should your calendar say?",
        choices=(
            ("no", "Only 'Appointment' (safer if someone else may see your phone)"),
            ("yes", "The kind of hearing and the court"),
        ),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
