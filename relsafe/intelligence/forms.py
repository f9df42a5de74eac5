"""Forms for partnership intelligence. They only parse input; the services check and save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from relsafe.accounts.models import Organisation
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.forms import GovUKForm
from relsafe.evidence.models import EvidenceEntry
from relsafe.intelligence.models import LinkDecision, Submission
from relsafe.intelligence.selectors import WorkerEntities
from relsafe.intelligence.services import PersonDetails, SubmissionDetails
from relsafe.language.forms import LanguageCheckedFormMixin

PEOPLE = 3
LOOSE_PHONES = 2
LOOSE_VEHICLES = 1
LOOSE_HANDLES = 2
PLACES = 3
TIMES = 2

# The 3x5x2 guidance beside each choice (PRODUCT.md §4; College of Policing intelligence grading).
SOURCE_GUIDANCE = {
    "1": "The source is known to you and what they have said before has proved right.",
    "2": "The source has not given information before, or you cannot yet judge it "
    "(most parents, the first time).",
    "3": "There are reasons to doubt the source: what they said before proved wrong, or they "
    "may have a reason to mislead.",
}
INFORMATION_GUIDANCE = {
    "A": "The source saw or heard it themselves (a parent saw the car outside the house).",
    "B": "The source heard it from someone else, and something else backs it up (a photo, a "
    "second report).",
    "C": "The source heard it from someone else, and nothing yet backs it up.",
    "D": "The source cannot say how it is known (a rumour, a gut feeling).",
    "E": "There is reason to think it is false; send it only with that warning.",
}
HANDLING_GUIDANCE = {
    "P": "The police may share it further under their own rules.",
    "C": "The police may share it only on the conditions you write below (for example, not "
    "with the school).",
}
SOURCE_TYPE_GUIDANCE = {
    "parent": "Their identity is withheld from the police copy unless you record a decision.",
    "young_person": "Their name is never in the police copy.",
    "worker": "You, or a colleague, saw or heard it.",
    "other_agency": "A school, a health worker, a youth club: say which in the text.",
}


def entry_label(entry: EvidenceEntry) -> str:
    text = " ".join(entry.what_happened.split())
    return f"Entry {entry.sequence}, {entry.occurred_on:%-d %B %Y}: {text[:80]}{'…' if len(text) > 80 else ''}"


def initial_from_entries(entries: list[EvidenceEntry]) -> dict[str, Any]:
    """A submission started from reviewed log entries: their dates and words, their place."""
    if not entries:
        return {}
    lines = [f"{e.occurred_on:%-d %B %Y}: {' '.join(e.what_happened.split())}" for e in entries]
    initial: dict[str, Any] = {
        "evidence_entries": [e.pk for e in entries],
        "occurred_on": min(e.occurred_on for e in entries),
        "what_happened": "\n".join(lines),
        "source_type": "parent",
    }
    placed = next((e for e in entries if e.place or e.postcode), None)
    if placed is not None:
        initial |= {"place_1": placed.place, "place_1_postcode": placed.postcode}
    return initial


class HintedRadioSelect(forms.RadioSelect):
    """GOV.UK radios with a hint under each choice (the grading guidance)."""

    template_name = "intelligence/widgets/hinted_radios.html"

    def __init__(self, hints: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hints = hints

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for _, options, _ in context["widget"]["optgroups"]:
            for option in options:
                option["hint"] = self.hints.get(str(option["value"]), "")
        return context


def _text(label: str, *, required: bool = False, help_text: str = "", width: str = "") -> Any:
    attrs = {"class": f"govuk-input--width-{width}"} if width else {}
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=200,
        widget=forms.TextInput(attrs=attrs),
    )


class SubmissionForm(LanguageCheckedFormMixin, GovUKForm):
    """What a worker sends to the police, in named parts: the children, the people of concern
    with their phones, vehicles and handles, places, times, what happened, the source, the
    grading and the lawful basis."""

    language_young_person_field = "young_people"

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    force = forms.ModelChoiceField(
        label="Which police force",
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Only forces this family's case is shared with are listed.",
    )
    young_people = forms.ModelMultipleChoiceField(
        label="Which children it is about",
        queryset=YoungPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The police copy calls each child by a pseudonym (“Child A, 14”), never by name.",
    )
    offence = forms.ChoiceField(
        label="What kind of harm", choices=Submission.Offence.choices, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(
        label="When it happened or was first seen",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    what_happened = forms.CharField(
        label="What was seen or heard",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Facts, in the source's words where you can. Describe what others did to the "
        "child. The children's and family's names are taken out of the police copy; check it on "
        "the next page.",
    )
    source_type = forms.ChoiceField(
        label="Who it came from",
        choices=Submission.SourceType.choices,
        widget=HintedRadioSelect(SOURCE_TYPE_GUIDANCE),
    )
    source_name = _text(
        "Their name (kept by us)",
        help_text="For example, Precious (mum). Withheld from the police copy.",
        width="20",
    )
    disclose_source = forms.BooleanField(
        label="The police may know who the source is", required=False
    )
    disclose_source_reason = forms.CharField(
        label="Why the police may know who the source is",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only with a reason: for example, the parent asked to be named and understands "
        "what it means.",
    )
    source_grade = forms.ChoiceField(
        label="Source (1, 2 or 3)",
        choices=Submission.SourceGrade.choices,
        widget=HintedRadioSelect(SOURCE_GUIDANCE),
    )
    information_grade = forms.ChoiceField(
        label="Information (A to E)",
        choices=Submission.InformationGrade.choices,
        widget=HintedRadioSelect(INFORMATION_GUIDANCE),
    )
    handling = forms.ChoiceField(
        label="Handling (P or C)",
        choices=Submission.Handling.choices,
        widget=HintedRadioSelect(HANDLING_GUIDANCE),
    )
    handling_conditions = forms.CharField(
        label="Conditions on sharing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only for handling C.",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=Submission.LawfulBasis.choices,
        widget=forms.RadioSelect,
        help_text="You are recorded as the person who decided.",
    )
    evidence_entries = forms.ModelMultipleChoiceField(
        label="Evidence log entries it is built from",
        queryset=EvidenceEntry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Reviewed entries from the family's log. When you send, they show as passed to "
        "police in the log (the family sees the status, never what the police say).",
    )
    lawful_basis_notes = forms.CharField(
        label="Why this basis",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, why consent was not sought: asking would alert the people "
        "exploiting the child.",
    )

    def __init__(
        self,
        *args: Any,
        family: Family,
        forces: list[Organisation],
        entries: list[EvidenceEntry] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        entries = entries or []
        self.has_entries = bool(entries)
        self.fields["evidence_entries"].queryset = EvidenceEntry.objects.filter(  # type: ignore[attr-defined]
            pk__in=[e.pk for e in entries]
        ).order_by("sequence")
        self.fields["evidence_entries"].label_from_instance = entry_label  # type: ignore[attr-defined]
        self.fields["force"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[f.pk for f in forces]
        )
        self.fields["young_people"].queryset = family.young_people.all()  # type: ignore[attr-defined]
        self.fields["young_people"].label_from_instance = lambda yp: yp.display_name  # type: ignore[attr-defined]
        checked = ["what_happened"]
        for i in range(1, PEOPLE + 1):
            p = f"person_{i}_"
            self.fields[p + "name"] = _text("Name", width="20")
            self.fields[p + "nickname"] = _text("Nickname or street name", width="20")
            self.fields[p + "age_estimate"] = _text(
                "Age, roughly", help_text="For example, about 20", width="10"
            )
            self.fields[p + "gender"] = _text("Gender", width="10")
            self.fields[p + "description"] = forms.CharField(
                label="What they look like, what they did",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[p + "phone"] = _text("Their phone number", width="20")
            self.fields[p + "plate"] = _text(
                "Their vehicle's registration",
                help_text="As much as was seen, for example KX61 or KX61 ABC",
                width="10",
            )
            self.fields[p + "colour"] = _text("Vehicle colour", width="10")
            self.fields[p + "make"] = _text("Vehicle make and model", width="20")
            self.fields[p + "handle"] = _text(
                "Their social media handle", help_text="For example, Snapchat @ghost_nb", width="20"
            )
            checked.append(p + "description")
        for i in range(1, LOOSE_PHONES + 1):
            self.fields[f"phone_{i}"] = _text(f"Phone number {i}", width="20")
        for i in range(1, LOOSE_VEHICLES + 1):
            self.fields[f"vehicle_{i}_plate"] = _text("Registration", width="10")
            self.fields[f"vehicle_{i}_colour"] = _text("Colour", width="10")
            self.fields[f"vehicle_{i}_make"] = _text("Make and model", width="20")
        for i in range(1, LOOSE_HANDLES + 1):
            self.fields[f"handle_{i}"] = _text(f"Social media handle {i}", width="20")
        for i in range(1, PLACES + 1):
            self.fields[f"place_{i}"] = _text(
                f"Place {i}", help_text="For example, the chicken shop on Station Road"
            )
            self.fields[f"place_{i}_postcode"] = _text("Postcode", width="10")
            checked.append(f"place_{i}")
        for i in range(1, TIMES + 1):
            self.fields[f"time_{i}"] = _text(
                f"Time {i}", help_text="For example, Fridays about 11 pm", width="20"
            )
        self.language_checked_fields = tuple(checked)
        # GovUKForm set plain radios; the graded choices carry their guidance.
        for name in ("source_type", "source_grade", "information_grade", "handling"):
            self.fields[name].widget.template_name = HintedRadioSelect.template_name
        for name in list(self.fields):
            self.limit_text(name, self.fields[name])

    # Groups of bound fields, for the template's fieldsets.
    def group(self, *names: str) -> list[Any]:
        return [self[n] for n in names]

    def person_groups(self) -> list[tuple[int, list[Any], list[Any]]]:
        out = []
        for i in range(1, PEOPLE + 1):
            p = f"person_{i}_"
            who = self.group(*(p + n for n in ("name", "nickname", "age_estimate", "gender")))
            what = self.group(
                *(p + n for n in ("description", "phone", "plate", "colour", "make", "handle"))
            )
            out.append((i, who, what))
        return out

    def loose_fields(self) -> list[Any]:
        names = [f"phone_{i}" for i in range(1, LOOSE_PHONES + 1)]
        for i in range(1, LOOSE_VEHICLES + 1):
            names += [f"vehicle_{i}_plate", f"vehicle_{i}_colour", f"vehicle_{i}_make"]
        names += [f"handle_{i}" for i in range(1, LOOSE_HANDLES + 1)]
        return self.group(*names)

    def place_fields(self) -> list[Any]:
        names = []
        for i in range(1, PLACES + 1):
            names += [f"place_{i}", f"place_{i}_postcode"]
        return self.group(*names)

    def time_fields(self) -> list[Any]:
        return self.group(*(f"time_{i}" for i in range(1, TIMES + 1)))

    def clean_occurred_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past.")
        return day

    def details(self) -> SubmissionDetails:
        d = self.cleaned_data

        def v(name: str) -> str:
            return str(d.get(name) or "")

        people = [
            PersonDetails(
                **{
                    k: v(f"person_{i}_{k}")
                    for k in (
                        "name",
                        "nickname",
                        "age_estimate",
                        "gender",
                        "description",
                        "phone",
                        "plate",
                        "colour",
                        "make",
                        "handle",
                    )
                }
            )
            for i in range(1, PEOPLE + 1)
        ]
        return SubmissionDetails(
            force=d["force"],
            young_people=list(d.get("young_people") or []),
            source_type=d["source_type"],
            source_name=v("source_name"),
            disclose_source=bool(d.get("disclose_source")),
            disclose_source_reason=v("disclose_source_reason"),
            source_grade=d["source_grade"],
            information_grade=d["information_grade"],
            handling=d["handling"],
            handling_conditions=v("handling_conditions"),
            lawful_basis=d["lawful_basis"],
            lawful_basis_notes=v("lawful_basis_notes"),
            offence=d["offence"],
            occurred_on=d["occurred_on"],
            what_happened=v("what_happened"),
            people=people,
            phones=[v(f"phone_{i}") for i in range(1, LOOSE_PHONES + 1)],
            vehicles=[
                (v(f"vehicle_{i}_plate"), v(f"vehicle_{i}_colour"), v(f"vehicle_{i}_make"))
                for i in range(1, LOOSE_VEHICLES + 1)
            ],
            handles=[v(f"handle_{i}") for i in range(1, LOOSE_HANDLES + 1)],
            places=[(v(f"place_{i}"), v(f"place_{i}_postcode")) for i in range(1, PLACES + 1)],
            times=[v(f"time_{i}") for i in range(1, TIMES + 1)],
            evidence_entry_ids=[e.pk for e in d.get("evidence_entries") or []],
        )

    @classmethod
    def initial_from(cls, submission: Submission, entities: WorkerEntities) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(submission, name)
            for name in (
                "source_type",
                "source_name",
                "disclose_source",
                "disclose_source_reason",
                "source_grade",
                "information_grade",
                "handling",
                "handling_conditions",
                "lawful_basis",
                "lawful_basis_notes",
                "offence",
                "occurred_on",
                "what_happened",
            )
        }
        initial["version"] = submission.version
        initial["force"] = submission.force_id
        initial["young_people"] = list(submission.young_people.all())
        initial["evidence_entries"] = list(submission.evidence_entry_ids)
        for i, person in enumerate(entities.people[:PEOPLE], start=1):
            for key, value in person.items():
                initial[f"person_{i}_{key}"] = value
        for i, phone in enumerate(entities.phones[:LOOSE_PHONES], start=1):
            initial[f"phone_{i}"] = phone
        for i, (plate, colour, make) in enumerate(entities.vehicles[:LOOSE_VEHICLES], start=1):
            initial |= {
                f"vehicle_{i}_plate": plate,
                f"vehicle_{i}_colour": colour,
                f"vehicle_{i}_make": make,
            }
        for i, handle in enumerate(entities.handles[:LOOSE_HANDLES], start=1):
            initial[f"handle_{i}"] = handle
        for i, (place, postcode) in enumerate(entities.places[:PLACES], start=1):
            initial |= {f"place_{i}": place, f"place_{i}_postcode": postcode}
        for i, when in enumerate(entities.times[:TIMES], start=1):
            initial[f"time_{i}"] = when
        return initial


class SendForm(GovUKForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OutcomeForm(LanguageCheckedFormMixin, GovUKForm):
    language_checked_fields = ("feedback",)

    status = forms.ChoiceField(
        label="What has happened",
        choices=[(s.value, s.label) for s in Submission.POLICE_STATUSES],
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label="Feedback for the worker (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The worker sees this. The family's log shows only the status, never this text.",
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[])


class NetworkFilterForm(GovUKForm):
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    area = forms.ChoiceField(label="Area (postcode district)", required=False, choices=[])
    offence = forms.ChoiceField(
        label="Kind of harm",
        required=False,
        choices=[("", "Any"), *Submission.Offence.choices],
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Any"), *((a, a) for a in areas)]  # type: ignore[attr-defined]


class DecisionForm(GovUKForm):
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For the next analyst: what makes you sure.",
    )


class SplitForm(DecisionForm):
    leave = forms.MultipleChoiceField(
        label="Which reports are about someone else",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leave"].choices = choices  # type: ignore[attr-defined]


class LinkForm(DecisionForm):
    other = forms.ChoiceField(label="The same person as", choices=[], widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = choices  # type: ignore[attr-defined]


DECISION_KINDS = LinkDecision.Kind
