"""Template helpers for the live "Language with care" check."""

from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def live_check_vals(field: Any, age_field: Any = None, child_age: Any = None) -> str:
    """The JSON ``hx-vals`` telling the live check which field to read and which textarea to edit.

    Autoescaping turns the quotes into entities, which the browser turns back before htmx reads it.
    """
    values: dict[str, str] = {"field": field.html_name, "target": field.auto_id}
    if age_field is not None and age_field != "":
        values["age_field"] = age_field.html_name
    elif child_age is not None and child_age != "":
        values["child_age"] = str(child_age)
    return json.dumps(values)
