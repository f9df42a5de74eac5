"""One way to render every form: GOV.UK labels, hints, error messages and the error summary."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from relsafe.core.text_limits import LONG_TEXT, field_limit, label_for_message, too_long_message

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class GovUKFormMixin:
    """Adds GOV.UK classes and error/hint ``aria-describedby`` to widgets, so templates stay plain."""

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self.limit_text(name, field)
            widget = field.widget
            # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be tested first.
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.template_name = "widgets/checkboxes.html"
                continue
            if isinstance(widget, forms.RadioSelect):
                widget.template_name = "widgets/radios.html"
                continue
            if isinstance(widget, GovUKDateInput):
                continue
            css = next(
                (c for cls, c in _WIDGET_CLASSES.items() if isinstance(widget, cls)), "govuk-input"
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def limit_text(self, name: str, field: forms.Field) -> None:
        """Every text box has a limit (core.text_limits): the model field's, else the form's,
        else LONG_TEXT; over it, the GOV.UK message "X must be N characters or fewer". No
        ``maxlength`` attribute: a browser would cut pasted text short without saying so. Call it
        for a field a form adds after ``__init__``."""
        if not isinstance(field, forms.CharField) or field.widget.is_hidden:
            return
        limit = field.max_length
        model = getattr(getattr(self, "_meta", None), "model", None)
        if model is not None:
            try:
                model_limit = field_limit(model._meta.get_field(name))
            except FieldDoesNotExist:
                model_limit = None
            if model_limit is not None:
                limit = min(limit or model_limit, model_limit)
        if limit is None:
            limit = LONG_TEXT
        if field.max_length != limit:
            field.max_length = limit
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ] + [MaxLengthValidator(limit)]
        label = label_for_message(field.label or pretty_name(name))
        field.error_messages.setdefault("max_length", too_long_message(label, limit))
        field.widget.attrs.pop("maxlength", None)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            field_id = widget.attrs.get("id") or f"id_{name}"
            error_class = {
                "govuk-textarea": "govuk-textarea--error",
                "govuk-select": "govuk-select--error",
            }.get(widget.attrs.get("class", "").split(" ")[0], "govuk-input--error")
            if error_class not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()
            # Django points aria-describedby at "<id>_helptext"; keep the hint and add the error.
            described_by = [f"{field_id}-error"]
            if self.fields[name].help_text:
                described_by.insert(0, f"{field_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described_by)


class GovUKForm(GovUKFormMixin, forms.Form):
    pass


class GovUKModelForm(GovUKFormMixin, forms.ModelForm):
    pass


def apply_validation_error(
    form: Any,
    error: ValidationError,
    *,
    field: str | None = None,
    codes: Mapping[str, str] | None = None,
) -> None:
    """Show a service's ``ValidationError`` on the form, so the error summary lists it and nothing
    typed is lost: by field where the error names one the form has; otherwise on the field its
    code is about (``codes``), else on ``field``, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    for item in error.error_list:
        target = (codes or {}).get(item.code or "", field)
        form.add_error(target if target in form.fields else None, item.messages)


def date_input() -> forms.DateInput:
    """A native date picker that shows and accepts ISO dates."""
    return forms.DateInput(
        attrs={"type": "date", "class": "govuk-input--width-10"}, format="%Y-%m-%d"
    )


class VersionedFormMixin:
    """A hidden ``version`` field: the version the person started editing from."""

    def add_version(self, version: int | None) -> None:
        self.fields["version"] = forms.IntegerField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, initial=version, required=version is not None
        )


# --- One way to enter a date: the GOV.UK date input (day, month, year) ---------------------------

DATE_EXAMPLE = "For example, 27 3 2026"


class GovUKDateInput(forms.MultiWidget):
    """Three boxes, day, month and year, as the GOV.UK Design System's date input. The day box
    carries the field's own id, so the error summary's link lands on it."""

    template_name = "widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        box = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(
            widgets={
                "day": forms.TextInput(attrs=box),
                "month": forms.TextInput(attrs=box),
                "year": forms.TextInput(attrs=box),
            },
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                day = dt.date.fromisoformat(value[:10])
            except ValueError:
                return [None, None, None]
            return [day.day, day.month, day.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        values = super().value_from_datadict(data, files, name)
        # A single ISO value (a link, an older form, a test) is still understood.
        if not any(values) and data.get(name):
            return self.decompress(str(data.get(name)))
        return list(values)


class GovUKDateField(forms.MultiValueField):
    """A date typed into the GOV.UK date input. Messages follow the Design System: what is
    missing ("Date of birth must include a month") or that the date is not real; the three boxes
    keep what was typed."""

    widget = GovUKDateInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_EXAMPLE)
        boxes = tuple(forms.CharField(required=False) for _ in range(3))
        super().__init__(boxes, *args, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        parts = [str(p or "").strip() for p in (data_list or [])] + ["", "", ""]
        day, month, year = parts[:3]
        label = label_for_message(str(self.label or "The date"))
        label = label[:1].upper() + label[1:]
        if not (day or month or year):
            return None
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(
                f"{label} must include a {' and a '.join(missing)}", code="incomplete"
            )
        months = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
            m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
        }
        month_number = months.get(month.lower()) if not month.isdigit() else int(month)
        if not (day.isdigit() and year.isdigit() and month_number):
            raise ValidationError(f"{label} must be a real date", code="invalid_date")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return dt.date(int(year), int(month_number), int(day))
        except ValueError:
            raise ValidationError(f"{label} must be a real date", code="invalid_date") from None
