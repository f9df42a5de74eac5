"""One way to render every form: GOV.UK labels, hints, error messages and the error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.http import HttpRequest

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
