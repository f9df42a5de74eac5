"""One way to render every form: GOV.UK labels, hints, error messages and the error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest

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
        for field in self.fields.values():
            widget = field.widget
            # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be tested first.
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.template_name = "widgets/checkboxes.html"
                continue
            if isinstance(widget, forms.RadioSelect):
                widget.template_name = "widgets/radios.html"
                continue
            css = next(
                (c for cls, c in _WIDGET_CLASSES.items() if isinstance(widget, cls)), "govuk-input"
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

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


def apply_validation_error(form: Any, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: by field where it names one the form has,
    otherwise at the top, so the error summary lists it and nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def post_at_version(request: HttpRequest, version: int) -> Any:
    """The person's own input re-based on the version now saved, for a conflict page: saving it
    again is then a deliberate choice to replace what a colleague saved."""
    data = request.POST.copy()
    data["version"] = str(version)
    return data


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
