"""One way to render every form: GOV.UK labels, hints, error messages and the error summary."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from relsafe.core.text_limits import LONG_TEXT, field_limit, label_for_message, too_long_message

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


def hint_id(field: BoundField) -> str:
    """The id ``components/field.html`` gives a field's hint (Django's own scheme)."""
    return f"{field.auto_id}_helptext"


def error_id(field: BoundField) -> str:
    """The id ``components/field.html`` gives a field's error message."""
    return f"{field.auto_id}-error"


class GovUKBoundField(BoundField):
    """Points each input's ``aria-describedby`` at exactly the hint and error message the shared
    field template draws, whatever a form put in the widget's attributes (an older scheme, or an
    error on a hidden field that nothing shows), and keeps any other id a page added itself.

    Groups of radios or checkboxes are described on their fieldset by the template, and hidden
    inputs by nothing."""

    def build_widget_attrs(self, attrs: Any, widget: forms.Widget | None = None) -> dict[str, Any]:
        built: dict[str, Any] = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not self.auto_id:
            return built
        given = str(built.get("aria-describedby") or widget.attrs.get("aria-describedby") or "")
        own = {hint_id(self), error_id(self), f"{self.auto_id}-hint", f"{self.auto_id}_error"}
        tokens = [t for t in given.split() if t not in own]
        if not (widget.is_hidden or self.use_fieldset):
            if self.help_text:
                tokens.insert(0, hint_id(self))
            if self.errors:
                tokens.append(error_id(self))
        # False leaves the attribute out, even when the widget's own attributes set it.
        built["aria-describedby"] = " ".join(tokens) or False
        return built


class GovUKFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    # Every form drawn with these templates, GOV.UK form classes or not.
    bound_field_class = GovUKBoundField


class GovUKFormMixin:
    """Adds GOV.UK classes to widgets, so templates stay plain (``aria-describedby`` comes from
    :class:`GovUKBoundField`)."""

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
                label = label_for_message(str(field.label or pretty_name(name)))
                if "for example" not in str(field.help_text).lower():
                    field.help_text = " ".join(f"{DATE_EXAMPLE}. {field.help_text}".split()).rstrip(
                        ". "
                    ) + ("." if field.help_text else "")
                default_invalid = forms.DateField.default_error_messages["invalid"]
                if (
                    not isinstance(field, GovUKDateField)
                    and field.error_messages.get("invalid") == default_invalid
                ):
                    field.error_messages["invalid"] = (
                        f"{label[:1].upper()}{label[1:]} must be a real date"
                    )
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
            error_class = {
                "govuk-textarea": "govuk-textarea--error",
                "govuk-select": "govuk-select--error",
            }.get(widget.attrs.get("class", "").split(" ")[0], "govuk-input--error")
            if error_class not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()


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


def date_input() -> forms.Widget:
    """The one way to enter a date: the GOV.UK date input (day, month and year boxes)."""
    return GovUKDateInput()


class VersionedFormMixin:
    """A hidden ``version`` field: the version the person started editing from."""

    def add_version(self, version: int | None) -> None:
        self.fields["version"] = forms.IntegerField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, initial=version, required=version is not None
        )


# --- One way to enter a date: the GOV.UK date input (day, month, year) ---------------------------

DATE_EXAMPLE = "For example, 27 3 2026"
_TYPED_DATE = re.compile(r"^\s*(\d*)\s*/\s*(\d*)\s*/\s*(\d*)\s*$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}


class GovUKDateInput(forms.MultiWidget):
    """Three boxes, day, month and year, as the GOV.UK Design System's date input: the one way
    to enter a date in relsafe. It hands the field one value, "yyyy-mm-dd" (or, when a box is
    empty or not a number, "day/month/year" as typed, which no field accepts; a month may be typed
    as a word), which every date field reads, so a field only swaps its widget.
    Whatever was typed comes back in the boxes when the form has an error. The day box carries
    the field's own id, so the error summary's link lands on it."""

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
        text = str(value or "")
        if match := _TYPED_DATE.match(text):
            return list(match.groups())
        if match := _ISO_DATE.match(text):
            year, month, day = match.groups()
            return [str(int(day)), str(int(month)), year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        day, month, year = (
            str(part or "").strip() for part in super().value_from_datadict(data, files, name)
        )
        if not (day or month or year):
            # A single value (a link, a test, an older form) is still understood.
            return data.get(name) or None
        month = str(_MONTHS.get(month.lower(), month))
        if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
            # ISO: read the same way by every date field, whatever the locale's own formats.
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return f"{day}/{month}/{year}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


class GovUKDateField(forms.DateField):
    """A date field with the Design System's messages: what is missing ("Date of birth must
    include a month"), or that the date is not real."""

    widget = GovUKDateInput
    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_EXAMPLE)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values or isinstance(value, dt.date):
            return super().to_python(value)
        label = label_for_message(str(self.label or "The date"))
        label = label[:1].upper() + label[1:]
        if match := _TYPED_DATE.match(str(value)):
            missing = [
                name
                for name, part in zip(("day", "month", "year"), match.groups(), strict=True)
                if not part
            ]
            if missing:
                raise ValidationError(
                    f"{label} must include a {' and a '.join(missing)}", code="incomplete"
                )
            if len(match.group(3)) != 4:
                raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
