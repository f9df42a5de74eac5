"""What the shared form templates need from a field and cannot say in the template language."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField

from relsafe.core.forms import GovUKDateInput

register = template.Library()


@register.filter
def error_target(field: BoundField) -> str:
    """The id an error summary link goes to: the field's own input, or for a group of radios or
    checkboxes (and a widget of several inputs) its first input, so following the link puts the
    focus where the answer is given (GOV.UK error summary guidance). ``auto_id`` alone names no
    element for a group: each option gets ``<id>_<n>``."""
    widget = field.field.widget
    auto_id = field.auto_id
    if field.is_hidden:
        # Nothing to focus (the version a person started from, say): the top of the form, as for
        # errors about the whole form.
        prefix = field.form.prefix
        return f"{prefix}-form-top" if prefix else "form-top"
    if not auto_id:
        return ""
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        return str(widget.id_for_label(auto_id, index="0"))
    if isinstance(widget, GovUKDateInput):
        return str(auto_id)  # the date input's day box carries the field's own id
    if isinstance(widget, forms.MultiWidget):
        return f"{auto_id}_0"
    return str(field.id_for_label or auto_id)
