"""The entry form (one page, quick on a phone, no JavaScript needed), the worker's review and
the export's statement of truth.

People, vehicles and phone numbers are repeating groups: formsets that start with one empty row
each; "Add another vehicle" (a submit button) posts the page back with one more row, keeping what
was typed. Empty rows are ignored. The checks are ``evidence.validation``'s, the same the service
runs, so a mistake shows beside its field with everything typed kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.forms.utils import ErrorDict, ErrorList
from django.utils import timezone

from relsafe.core import files
from relsafe.core.contact_details import normalise_phone, normalise_uk_postcode
from relsafe.core.forms import GovUKForm, VersionedFormMixin, date_input
from relsafe.core.text_limits import LONG_TEXT, SHORT_TEXT
from relsafe.evidence import services
from relsafe.evidence.validation import (
    MAX_PHOTO_BYTES,
    MAX_PHOTOS,
    check_not_future,
    check_photo,
    check_text,
    normalise_plate,
)
from relsafe.language.forms import LanguageCheckedFormMixin


class _TextChecked(GovUKForm):
    """Every text field is checked for markup and control characters, with its label named."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.CharField) and isinstance(value, str):
                try:
                    cleaned[name] = check_text(value, str(field.label).removesuffix(" (optional)"))
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos from one file input."""

    widget = MultiplePhotoInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        return [super(PhotosField, self).clean(u, initial) for u in uploads]


class EntryForm(_TextChecked):
    occurred_on = forms.DateField(
        label="Date it happened",
        widget=date_input(),
        error_messages={
            "required": "Enter the date it happened",
            "invalid": "Enter the date it happened as a real date, like 27 3 2026",
        },
    )
    occurred_time = forms.TimeField(
        label="Time it happened (optional)",
        required=False,
        help_text="Roughly is fine, like 21:30",
        widget=forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the time like 21:30"},
    )
    what_happened = forms.CharField(
        label="What you saw or heard",
        help_text="Write what happened in your own words: who, what, and anything said.",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what you saw or heard"},
    )
    place = forms.CharField(
        label="Where it happened (optional)",
        required=False,
        max_length=300,
        help_text="A street, shop, station or address",
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    handles = forms.CharField(
        label="Social media names or handles (optional)",
        required=False,
        max_length=SHORT_TEXT,
        help_text="One a line, with the app if you know it, like Snapchat: ghost_77",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photos = PhotosField(
        label="Photos (optional)",
        required=False,
        help_text=(
            f"Up to {MAX_PHOTOS} JPEG or PNG photos, each smaller than "
            f"{MAX_PHOTO_BYTES // (1024 * 1024)} MB. We remove the location and camera details "
            "before we keep them."
        ),
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, by_worker: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if by_worker:
            self.fields["source_note"] = forms.CharField(
                label="Who told you, and how",
                max_length=300,
                help_text="For example: Precious, on the phone this morning",
                error_messages={"required": "Enter who told you, and how"},
            )
            self.limit_text("source_note", self.fields["source_note"])
            self.fields["source_note"].widget.attrs["class"] = "govuk-input"

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        return normalise_uk_postcode(value) if value.strip() else ""

    def clean_photos(self) -> list[services.PhotoUpload]:
        uploads = self.cleaned_data.get("photos") or []
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(f"Choose {MAX_PHOTOS} photos or fewer")
        photos = []
        for upload in uploads:
            data = files.read_upload(upload, max_bytes=MAX_PHOTO_BYTES)
            check_photo(name=upload.name, data=data)
            photos.append(services.PhotoUpload(name=upload.name, data=data))
        return photos

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day = cleaned.get("occurred_on")
        if day is not None:
            try:
                check_not_future(day, cleaned.get("occurred_time"))
            except ValidationError as error:
                field = "occurred_time" if error.code == "future_time" else "occurred_on"
                self.add_error(field, error)
        return cleaned


class PersonForm(_TextChecked):
    name = forms.CharField(label="Name (optional)", required=False, max_length=200)
    nickname = forms.CharField(
        label="Nickname or street name (optional)", required=False, max_length=200
    )
    description = forms.CharField(
        label="What they look like (optional)",
        required=False,
        max_length=SHORT_TEXT,
        help_text="Height, build, hair, clothes, anything you noticed",
    )
    approximate_age = forms.CharField(
        label="Roughly how old (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def value(self) -> services.PersonSeen:
        return services.PersonSeen(**{k: self.cleaned_data.get(k, "") for k in self.fields})


class VehicleForm(_TextChecked):
    plate = forms.CharField(
        label="Number plate (optional)",
        required=False,
        max_length=20,
        help_text="Use ? for anything you did not see",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocapitalize": "characters"}
        ),
    )
    colour = forms.CharField(
        label="Colour (optional)",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    make = forms.CharField(
        label="Make and model (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def clean_plate(self) -> str:
        value = self.cleaned_data.get("plate", "")
        normalise_plate(value)
        return value.strip()

    def value(self) -> services.VehicleSeen:
        return services.VehicleSeen(**{k: self.cleaned_data.get(k, "") for k in self.fields})


class PhoneForm(_TextChecked):
    number = forms.CharField(
        label="Phone number (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"type": "tel", "class": "govuk-input--width-20", "autocomplete": "off"}
        ),
    )

    def clean_number(self) -> str:
        value = self.cleaned_data.get("number", "").strip()
        if value:
            normalise_phone(value)
        return value


PersonFormSet = formset_factory(PersonForm, extra=0, max_num=10, absolute_max=10)
VehicleFormSet = formset_factory(VehicleForm, extra=0, max_num=10, absolute_max=10)
PhoneFormSet = formset_factory(PhoneForm, extra=0, max_num=10, absolute_max=10)

GROUPS: dict[str, tuple[Any, str]] = {
    "people": (PersonFormSet, "person"),
    "vehicles": (VehicleFormSet, "vehicle"),
    "phones": (PhoneFormSet, "phone number"),
}


def _quiet(form: Any) -> None:
    """Show a bound form without its errors (after "Add another …", nothing was sent yet)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}


class EntryPage:
    """The entry form and its three repeating groups, bound and checked together."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        files_data: Mapping[str, Any] | None = None,
        *,
        by_worker: bool = False,
        initial: Mapping[str, Any] | None = None,
        add: str = "",
    ) -> None:
        self.adding = add in GROUPS
        self.form = EntryForm(data, files_data, by_worker=by_worker, initial=initial)
        self.groups: dict[str, Any] = {}
        for prefix, (formset_class, _) in GROUPS.items():
            if data is None:
                formset = formset_class(prefix=prefix, initial=[{}])
            else:
                data = _with_rows(data, prefix, add=1 if add == prefix else 0)
                formset = formset_class(data, prefix=prefix)
            self.groups[prefix] = formset
        if self.adding:
            _quiet(self.form)
            for formset in self.groups.values():
                formset._errors = []
                formset._non_form_errors = ErrorList()
                for form in formset.forms:
                    _quiet(form)

    def is_valid(self) -> bool:
        if self.adding:
            return False
        valid = self.form.is_valid()
        return all([valid, *(g.is_valid() for g in self.groups.values())])

    def has_errors(self) -> bool:
        return bool(self.form.errors) or any(
            any(f.errors for f in g.forms) or g.non_form_errors() for g in self.groups.values()
        )

    def error_links(self) -> list[tuple[str, str]]:
        """(message, field id) for the error summary, in the order of the page."""
        links: list[tuple[str, str]] = []
        order = ["occurred_on", "occurred_time", "what_happened", "place", "postcode"]
        for name in [*order, "source_note"]:
            if name in self.form.errors:
                links += [(m, f"id_{name}") for m in self.form.errors[name]]
        for prefix, formset in self.groups.items():
            for index, form in enumerate(formset.forms):
                for name, messages in form.errors.items():
                    links += [(m, f"id_{prefix}-{index}-{name}") for m in messages]
        for name in ("handles", "photos"):
            if name in self.form.errors:
                links += [(m, f"id_{name}") for m in self.form.errors[name]]
        for message in self.form.non_field_errors():
            links.append((str(message), "form-top"))
        return links

    def service_values(self) -> dict[str, Any]:
        data = self.form.cleaned_data
        values: dict[str, Any] = {
            "occurred_on": data["occurred_on"],
            "occurred_time": data.get("occurred_time"),
            "what_happened": data["what_happened"],
            "place": data.get("place", ""),
            "postcode": data.get("postcode", ""),
            "handles": [line for line in data.get("handles", "").splitlines() if line.strip()],
            "photo_uploads": data.get("photos") or [],
            "source_note": data.get("source_note", ""),
            "people": [f.value() for f in self.groups["people"].forms if f.cleaned_data],
            "vehicles": [f.value() for f in self.groups["vehicles"].forms if f.cleaned_data],
            "phones": [
                f.cleaned_data["number"]
                for f in self.groups["phones"].forms
                if f.cleaned_data.get("number")
            ],
        }
        return values

    def apply_service_error(self, error: ValidationError) -> None:
        """A refusal from the service (the same checks, so rare): on the form's own fields where
        it names one, otherwise at the top."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.form.add_error(name if name in self.form.fields else None, errors)
        else:
            self.form.add_error(None, error)


def _with_rows(data: Mapping[str, Any], prefix: str, *, add: int) -> Any:
    """The posted data with this group's row count set (and one more row when adding), so a
    tampered count cannot make the page build thousands of rows."""
    copy = data.copy() if hasattr(data, "copy") else dict(data)
    key = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(copy.get(key) or 1)
    except (TypeError, ValueError):
        count = 1
    count = max(1, min(count + add, 10))
    copy[key] = str(count)
    copy.setdefault(f"{prefix}-INITIAL_FORMS", "0")
    return copy


def default_initial() -> dict[str, Any]:
    return {"occurred_on": timezone.localdate()}


class ReviewForm(LanguageCheckedFormMixin, VersionedFormMixin, GovUKForm):
    """The worker's review. The worker's own words are checked by "Language with care"."""

    language_checked_fields = ("notes", "withheld_reason")

    notes = forms.CharField(
        label="Your notes (optional)",
        required=False,
        max_length=LONG_TEXT,
        help_text="Only workers see these. The family never does.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    significant = forms.BooleanField(
        label="Significant: add it to the family's chronology",
        required=False,
    )
    withheld_from_agencies = forms.BooleanField(
        label="Do not show this entry to other agencies",
        required=False,
        help_text=(
            "It stays on the family's record and is never passed to police. The family sees "
            "\u201ckept on your family\u2019s record\u201d."
        ),
    )
    withheld_reason = forms.CharField(
        label="Why not (optional)",
        required=False,
        max_length=SHORT_TEXT,
    )

    def __init__(self, *args: Any, handling: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "notes": handling.review_notes,
                "significant": handling.significant,
                "withheld_from_agencies": handling.withheld_from_agencies,
                "withheld_reason": handling.withheld_reason,
            },
        )
        super().__init__(*args, **kwargs)
        self.add_version(handling.version)


class ExportForm(GovUKForm):
    FORMATS = (("pdf", "PDF, signed (for police and court)"), ("csv", "CSV spreadsheet"))

    date_from = forms.DateField(
        label="From (optional)",
        required=False,
        widget=date_input(),
        help_text="Leave both dates empty for the whole log",
        error_messages={"invalid": "Enter the start date as a real date"},
    )
    date_to = forms.DateField(
        label="To (optional)",
        required=False,
        widget=date_input(),
        error_messages={"invalid": "Enter the end date as a real date"},
    )
    export_format = forms.ChoiceField(
        label="Format",
        choices=FORMATS,
        initial="pdf",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a format"},
    )
    confirm = forms.BooleanField(
        label="I confirm the statement of truth",
        error_messages={"required": "Confirm the statement of truth to export the log"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: dt.date | None = cleaned.get("date_from")
        end: dt.date | None = cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned
