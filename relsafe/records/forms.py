"""Forms for recording. They only parse input; the services sanitise and save.

Every free-text field is checked by "Language with care" (``LanguageCheckedFormMixin``, first base):
findings are warnings shown after the save, never errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.cases.models import Family, YoungPerson
from relsafe.core import files, search
from relsafe.core.files import MAX_UPLOAD_BYTES
from relsafe.core.forms import GovUKDateInput, GovUKForm
from relsafe.language.forms import LanguageCheckedFormMixin
from relsafe.records.models import Contact, MissingEpisode, Tag
from relsafe.records.selectors import KIND_CHOICES, kind_choices

# The one way to enter a date (core.forms): day, month and year boxes.
DateInput = GovUKDateInput


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _combine(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None or time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time))


def _split(value: dt.datetime | None) -> tuple[dt.date | None, dt.time | None]:
    if value is None:
        return None, None
    local = timezone.localtime(value)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RecordsForm(GovUKForm):
    """GovUKForm, with one fix kept local until core has it: Django's CheckboxSelectMultiple is a
    subclass of RadioSelect, so the core mixin gives checkbox groups the radios template (one
    choice only). Put the checkboxes template back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.template_name = "widgets/checkboxes.html"


class ServiceValuesMixin:
    """The cleaned values the form's service takes by keyword, named in ``service_keys``, so a
    view passes ``**form.service_values()`` instead of copying each one."""

    service_keys: tuple[str, ...] = ()
    cleaned_data: dict[str, Any]

    def service_values(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in self.service_keys}


class FamilyFormMixin:
    """Young people and staff choices come from this family only."""

    fields: dict[str, forms.Field]

    def _limit_to_family(self, family: Family) -> None:
        if "young_people" in self.fields:
            self.fields["young_people"].queryset = family.young_people.all()  # type: ignore[attr-defined]
        if "young_person" in self.fields:
            self.fields["young_person"].queryset = family.young_people.all()  # type: ignore[attr-defined]
        if "staff_present" in self.fields:
            self.fields["staff_present"].queryset = User.objects.filter(  # type: ignore[attr-defined]
                allocations__family=family, allocations__ended_at__isnull=True
            ).distinct()


class ContactForm(LanguageCheckedFormMixin, ServiceValuesMixin, FamilyFormMixin, RecordsForm):
    service_keys = (
        "kind",
        "occurred_at",
        "young_people",
        "staff_present",
        "present",
        "discussed",
        "young_person_voice",
        "parent_voice",
        "actions_agreed",
        "significant",
        "chronology_tag",
        "share_with_police",
    )
    language_checked_fields = ("discussed", "young_person_voice", "parent_voice", "actions_agreed")
    language_young_person_field = "young_people"

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label="What kind of contact", choices=Contact.Kind.choices, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(label="Date", widget=DateInput())
    occurred_time = forms.TimeField(label="Time", widget=TimeInput())
    young_people = forms.ModelMultipleChoiceField(
        label="Which children and young people",
        queryset=YoungPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff_present = forms.ModelMultipleChoiceField(
        label="Staff who were there",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    present = forms.CharField(
        label="Who else was there",
        required=False,
        max_length=500,
        help_text="For example, Precious (mum), Amara, a teacher.",
    )
    discussed = forms.CharField(label="What was discussed", widget=_textarea(8))
    young_person_voice = forms.CharField(
        label="What the young person said, in their words", required=False, widget=_textarea()
    )
    parent_voice = forms.CharField(
        label="What the parent or carer said, in their words", required=False, widget=_textarea()
    )
    actions_agreed = forms.CharField(label="Actions agreed", required=False, widget=_textarea())
    significant = forms.BooleanField(
        label="This is a significant event: show it in the chronology", required=False
    )
    chronology_tag = forms.ChoiceField(
        label="In the chronology, this is a",
        choices=Tag.choices,
        initial=Tag.NEUTRAL,
        widget=forms.RadioSelect,
    )
    share_with_police = forms.BooleanField(
        label="Police may see this contact where the family is shared with them", required=False
    )
    attachment = forms.FileField(
        label="Attach a file (optional)",
        required=False,
        help_text="PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx), smaller than 10 MB.",
    )

    def __init__(
        self, *args: Any, family: Family, allow_attachment: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._limit_to_family(family)
        if not allow_attachment:
            del self.fields["attachment"]

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB.")
        return upload

    def attachment_values(self) -> dict[str, Any]:
        """The chosen file, for ``record_contact(attachment=...)``: its name and bytes."""
        upload = self.cleaned_data.get("attachment")
        return {"attachment": (upload.name, files.read_upload(upload))} if upload else {}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        when = _combine(data.get("occurred_on"), data.get("occurred_time"))
        if when is not None and when > timezone.now() + dt.timedelta(minutes=5):
            self.add_error("occurred_on", "The date of the contact must be today or in the past.")
        data["occurred_at"] = when
        return data

    @classmethod
    def initial_from(cls, contact: Contact) -> dict[str, Any]:
        day, time = _split(contact.occurred_at)
        return {
            "version": contact.version,
            "kind": contact.kind,
            "occurred_on": day,
            "occurred_time": time,
            "young_people": list(contact.young_people.all()),
            "staff_present": list(contact.staff_present.all()),
            "present": contact.present,
            "discussed": contact.discussed,
            "young_person_voice": contact.young_person_voice,
            "parent_voice": contact.parent_voice,
            "actions_agreed": contact.actions_agreed,
            "significant": contact.significant,
            "chronology_tag": contact.chronology_tag,
            "share_with_police": contact.share_with_police,
        }


class AttachmentForm(GovUKForm):
    file = forms.FileField(
        label="Add a file",
        help_text="PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx), smaller than 10 MB.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB.")
        return upload


class MissingEpisodeForm(
    LanguageCheckedFormMixin, ServiceValuesMixin, FamilyFormMixin, RecordsForm
):
    language_checked_fields = ("where_found",)
    language_young_person_field = "young_person"
    service_keys = (
        "young_person",
        "reported_missing_at",
        "reported_by",
        "risk_level",
        "returned_at",
        "where_found",
        "found_by",
        "found_by_detail",
        "police_reference",
        "share_with_police",
    )

    young_person = forms.ModelChoiceField(
        label="Who went missing",
        queryset=YoungPerson.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reported_on = forms.DateField(label="Date reported missing", widget=DateInput())
    reported_time = forms.TimeField(label="Time reported missing", widget=TimeInput())
    reported_by = forms.CharField(
        label="Who reported them missing", max_length=200, help_text="For example, Precious (mum)."
    )
    risk_level = forms.ChoiceField(
        label="Risk level", choices=MissingEpisode.Risk.choices, widget=forms.RadioSelect
    )
    police_reference = forms.CharField(label="Police reference", required=False, max_length=50)
    returned_on = forms.DateField(
        label="Date they came back",
        required=False,
        widget=DateInput(),
        help_text="Leave empty if they are still missing.",
    )
    returned_time = forms.TimeField(label="Time they came back", required=False, widget=TimeInput())
    where_found = forms.CharField(label="Where they were found", required=False, max_length=300)
    found_by = forms.ChoiceField(
        label="Who found them",
        choices=MissingEpisode.FoundBy.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    found_by_detail = forms.CharField(
        label="Name or details of who found them",
        required=False,
        max_length=200,
        help_text='For example, his mum, Precious. The chronology says "found by" and this.',
    )
    share_with_police = forms.BooleanField(
        label="Police may see this episode where the family is shared with them",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_to_family(family)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        data["reported_missing_at"] = _combine(data.get("reported_on"), data.get("reported_time"))
        returned_on, returned_time = data.get("returned_on"), data.get("returned_time")
        data["returned_at"] = None
        if returned_on and not returned_time:
            self.add_error("returned_time", "Enter the time they came back.")
        elif returned_time and not returned_on:
            self.add_error("returned_on", "Enter the date they came back.")
        elif returned_on and returned_time:
            data["returned_at"] = _combine(returned_on, returned_time)
            if data["reported_missing_at"] and data["returned_at"] < data["reported_missing_at"]:
                self.add_error(
                    "returned_on",
                    "The date they came back must be after they were reported missing.",
                )
        now = timezone.now() + dt.timedelta(minutes=5)
        for key, field_name in (
            ("reported_missing_at", "reported_on"),
            ("returned_at", "returned_on"),
        ):
            if data.get(key) and data[key] > now:
                self.add_error(field_name, "The date must be today or in the past.")
        return data


class ReturnForm(LanguageCheckedFormMixin, ServiceValuesMixin, GovUKForm):
    language_checked_fields = ("where_found",)
    service_keys = (
        "returned_at",
        "where_found",
        "found_by",
        "found_by_detail",
        "police_reference",
    )

    version = forms.IntegerField(widget=forms.HiddenInput)
    returned_on = forms.DateField(label="Date they came back", widget=DateInput())
    returned_time = forms.TimeField(label="Time they came back", widget=TimeInput())
    where_found = forms.CharField(label="Where they were found", required=False, max_length=300)
    found_by = forms.ChoiceField(
        label="Who found them", choices=MissingEpisode.FoundBy.choices, widget=forms.RadioSelect
    )
    found_by_detail = forms.CharField(
        label="Name or details of who found them",
        required=False,
        max_length=200,
        help_text='For example, his mum, Precious. The chronology says "found by" and this.',
    )
    police_reference = forms.CharField(label="Police reference", required=False, max_length=50)

    @classmethod
    def initial_from(cls, episode: MissingEpisode) -> dict[str, Any]:
        """The return as the episode has it saved (for the conflict page)."""
        day, time = _split(episode.returned_at)
        return {
            "version": episode.version,
            "returned_on": day,
            "returned_time": time,
            "where_found": episode.where_found,
            "found_by": episode.found_by,
            "found_by_detail": episode.found_by_detail,
            "police_reference": episode.police_reference,
        }

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        data["returned_at"] = _combine(data.get("returned_on"), data.get("returned_time"))
        if data["returned_at"] and data["returned_at"] > timezone.now() + dt.timedelta(minutes=5):
            self.add_error("returned_on", "The date must be today or in the past.")
        return data


class ReturnInterviewForm(LanguageCheckedFormMixin, GovUKForm):
    language_checked_fields = (
        "where_they_were",
        "who_with",
        "push_factors",
        "pull_factors",
        "harm",
        "what_would_help",
    )

    offered_on = forms.DateField(label="Date the interview was offered", widget=DateInput())
    offered_time = forms.TimeField(label="Time offered", widget=TimeInput())
    outcome = forms.ChoiceField(
        label="What happened",
        choices=[
            ("offered", "Offered, not done yet"),
            ("done", "Done"),
            ("declined", "The young person said no"),
        ],
        widget=forms.RadioSelect,
    )
    done_on = forms.DateField(label="Date done", required=False, widget=DateInput())
    done_time = forms.TimeField(label="Time done", required=False, widget=TimeInput())
    done_by = forms.CharField(
        label="Who did the interview",
        required=False,
        max_length=200,
        help_text="Someone independent of the young person's care, e.g. a charity worker.",
    )
    where_they_were = forms.CharField(label="Where they were", required=False, widget=_textarea(3))
    who_with = forms.CharField(label="Who they were with", required=False, widget=_textarea(3))
    push_factors = forms.CharField(
        label="What made them want to leave (push factors)", required=False, widget=_textarea(4)
    )
    pull_factors = forms.CharField(
        label="What drew them away (pull factors)", required=False, widget=_textarea(4)
    )
    harm = forms.CharField(
        label="Any harm they came to or were threatened with", required=False, widget=_textarea(3)
    )
    what_would_help = forms.CharField(label="What would help", required=False, widget=_textarea(4))
    # The version the form was opened at (0: no interview yet), so a colleague's save in between
    # gives a conflict instead of being overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        data["offered_at"] = _combine(data.get("offered_on"), data.get("offered_time"))
        data["done_at"] = None
        if data.get("outcome") == "done":
            if not data.get("done_on"):
                self.add_error("done_on", "Enter the date the interview was done.")
            if not data.get("done_time"):
                self.add_error("done_time", "Enter the time the interview was done.")
            data["done_at"] = _combine(data.get("done_on"), data.get("done_time"))
        return data

    def content(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k, "") for k in self.language_checked_fields}


class ChronologyEntryForm(
    LanguageCheckedFormMixin, ServiceValuesMixin, FamilyFormMixin, RecordsForm
):
    language_checked_fields = ("title", "details")
    language_young_person_field = "young_people"
    service_keys = ("occurred_on", "title", "details", "tag", "young_people", "share_with_police")

    occurred_on = forms.DateField(label="Date", widget=DateInput())
    title = forms.CharField(
        label="What happened",
        max_length=200,
        help_text="For example, Jayden scored in the cup final.",
    )
    details = forms.CharField(label="More detail", required=False, widget=_textarea(4))
    tag = forms.ChoiceField(label="This is a", choices=Tag.choices, widget=forms.RadioSelect)
    young_people = forms.ModelMultipleChoiceField(
        label="Which children and young people",
        queryset=YoungPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    share_with_police = forms.BooleanField(
        label="Police may see this event where the family is shared with them", required=False
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limit_to_family(family)


class ChronologyFilterForm(RecordsForm):
    kind = forms.MultipleChoiceField(
        label="Kind of event",
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tag = forms.MultipleChoiceField(
        label="Strengths and concerns",
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())
    young_person = forms.ChoiceField(label="Young person", required=False)

    def __init__(self, *args: Any, young_people: Iterable[YoungPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Kinds other apps add to the chronology (relsafe.cases.events) come after this app's.
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]
        self.fields["young_person"].choices = [("", "Everyone in the family")] + [  # type: ignore[attr-defined]
            (str(yp.pk), yp.display_name) for yp in young_people
        ]


class SearchForm(GovUKForm):
    q = forms.CharField(
        label="Search contacts, chronology events, plans and assessments",
        max_length=200,
        required=False,
    )
    kind = forms.ChoiceField(label="Show", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The kinds come from the apps that registered them (relsafe.core.search).
        self.fields["kind"].choices = [("", "Everything"), *search.kind_choices()]  # type: ignore[attr-defined]
