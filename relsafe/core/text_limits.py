"""How long free text may be, once for every app, so a 1 MB "note" is refused everywhere.

Limits live on the model fields: a ``CharField``'s ``max_length``, or :class:`MaxCharacters` in a
``TextField``'s validators (a validator, not a column change: no table is rebuilt and PostgreSQL's
``text`` columns stay as they are). Three places read them, so no caller can go round them:

- every form built on ``core.forms.GovUKFormMixin`` gives its text boxes the model's limit (or
  :data:`LONG_TEXT` for a text box with none) and the GOV.UK message "X must be 20,000 characters
  or fewer", keeping what was typed;
- :func:`check_text_limits` runs before every save of a relsafe model (a ``pre_save`` receiver
  connected by ``CoreConfig.ready``);
- ``core.concurrency.update_if_unchanged`` checks its changes the same way before its UPDATE.

Each raises ``ValidationError`` by field name, which ``core.forms.apply_validation_error`` puts back
on the form.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible

LONG_TEXT = 20_000  # notes and accounts in the person's own words
SHORT_TEXT = 2_000  # a reason, a decision's note, an entry in a list
ONE_LINE = 200  # a name, a place, a title


def too_long_message(label: str, limit: int) -> str:
    """The GOV.UK error message for text over its limit."""
    return f"{label} must be {limit:,} characters or fewer"


def label_for_message(label: Any) -> str:
    """A field's label as the start of a sentence: "Notes (optional)" reads as "Notes"."""
    text = str(label or "").strip()
    if text.endswith("(optional)"):
        text = text[: -len("(optional)")].rstrip()
    text = text.rstrip("?:").rstrip()
    return text[:1].upper() + text[1:] if text else "The text"


@deconstructible(path="relsafe.core.text_limits.MaxCharacters")
class MaxCharacters(MaxLengthValidator):
    """A ``TextField``'s limit, with a message in GOV.UK's words (forms name the field)."""

    def __init__(self, limit_value: int) -> None:
        super().__init__(limit_value, message=f"This must be {limit_value:,} characters or fewer")


def field_limit(field: Any) -> int | None:
    """The number of characters a model field holds at most, or None if it sets no limit."""
    limits = [
        v.limit_value
        for v in getattr(field, "validators", [])
        if isinstance(v, MaxLengthValidator) and isinstance(v.limit_value, int)
    ]
    if isinstance(field, models.CharField) and field.max_length:
        limits.append(field.max_length)
    return min(limits) if limits else None


@functools.cache
def model_text_limits(model: type[models.Model]) -> dict[str, tuple[str, int]]:
    """``attname`` → (label, limit) for each text field of the model that has a limit."""
    out: dict[str, tuple[str, int]] = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            limit = field_limit(field)
            if limit is not None:
                out[field.attname] = (label_for_message(field.verbose_name), limit)
    return out


def check_text_limits(model: type[models.Model], values: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` naming each field whose text is longer than the model allows."""
    limits = model_text_limits(model)
    errors = {
        name: too_long_message(*limits[name])
        for name, value in values.items()
        if name in limits and isinstance(value, str) and len(value) > limits[name][1]
    }
    if errors:
        raise ValidationError(errors)


def check_before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """``pre_save`` receiver: every relsafe model's text is within its limits before it is saved
    (``raw`` saves, loading a fixture or a restore, are left alone)."""
    if kwargs.get("raw") or not sender.__module__.startswith("relsafe."):
        return
    limits = model_text_limits(sender)
    if limits:
        check_text_limits(sender, {name: getattr(instance, name, None) for name in limits})
