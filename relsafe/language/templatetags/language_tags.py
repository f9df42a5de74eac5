"""Template helpers for the live "Language with care" check."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from relsafe.language.checker import Finding

register = template.Library()


@register.simple_tag
def live_check_vals(
    field: Any, age_field: Any = None, child_age: Any = None, own_words_field: Any = None
) -> str:
    """The JSON ``hx-vals`` telling the live check which field to read and which textarea to edit.

    Autoescaping turns the quotes into entities, which the browser turns back before htmx reads it.
    """
    values: dict[str, str] = {"field": field.html_name, "target": field.auto_id}
    if age_field is not None and age_field != "":
        values["age_field"] = age_field.html_name
    elif child_age is not None and child_age != "":
        values["child_age"] = str(child_age)
    if own_words_field is not None and own_words_field != "":
        values["own_words_field"] = own_words_field.html_name
    return json.dumps(values)


@register.filter
def language_findings(form: Any, name: str) -> list[Any]:
    """The findings the last save found in one field (shown under it when the form comes back)."""
    warnings = getattr(form, "language_warnings", None) or {}
    return list(warnings.get(name, []))


def _is_language(message: Any) -> bool:
    from relsafe.language.forms import MESSAGE_TAG

    return MESSAGE_TAG in str(getattr(message, "extra_tags", "") or "").split()


@register.filter
def language_messages(messages: Any) -> list[Any]:
    """Only the "Language with care" warnings from a page's messages."""
    return [m for m in messages or () if _is_language(m)]


@register.filter
def other_messages(messages: Any) -> list[Any]:
    """Every message except the "Language with care" warnings."""
    return [m for m in messages or () if not _is_language(m)]


# One finding of ``language/_findings.html``. Written here rather than in the template because the
# live check renders up to a hundred of these on every pause in typing, and the template engine took
# as long as the check itself on a long note; the HTML is exactly what the template's loop gave
# (tests/language/test_regression.py compares the two).
_FINDING = (
    '\n    <li class="rs-language__finding">'
    '\n      <p class="govuk-body govuk-!-margin-bottom-1">'
    '\n        Instead of <strong class="rs-language__phrase">\u201c{text}\u201d</strong>{wording}'
    "\n      </p>"
    '\n      <p class="govuk-body-s govuk-!-margin-bottom-1">{reason}</p>'
    "\n      {alternatives}"
    "\n      {button}"
    "\n    </li>"
    "\n    "
)
_REPLACEABLE = ', try <strong class="rs-language__suggestion">\u201c{suggestion}\u201d</strong>'
_ADVICE = ": {suggestion}"
_ALTERNATIVES = '<p class="govuk-body-s govuk-!-margin-bottom-1">Also consider: {alternatives}</p>'
_BUTTON = (
    '\n      <button type="button" class="govuk-button govuk-button--secondary'
    ' govuk-!-margin-bottom-2 rs-language__use"'
    '\n              data-language-replace data-target="{target}" data-start="{start}"'
    ' data-end="{end}"'
    '\n              data-phrase="{text}" data-replacement="{suggestion}">Use this wording'
    '<span class="govuk-visually-hidden">: \u201c{suggestion}\u201d instead of'
    " \u201c{text}\u201d</span></button>"
    "\n      "
)


@register.simple_tag
def language_finding(finding: Finding, target: Any = "") -> SafeString:
    """One finding as a list item: the words, the suggestion (or advice), why, other wordings, and
    a "Use this wording" button for the textarea ``target`` when the suggestion can be dropped in."""
    text = conditional_escape(finding.text)
    suggestion = conditional_escape(finding.suggestion)
    wording = (_REPLACEABLE if finding.replaceable else _ADVICE).format(suggestion=suggestion)
    alternatives = (
        _ALTERNATIVES.format(
            alternatives="; ".join(conditional_escape(a) for a in finding.alternatives)
        )
        if finding.alternatives
        else ""
    )
    button = (
        _BUTTON.format(
            target=conditional_escape(target),
            start=finding.start,
            end=finding.end,
            text=text,
            suggestion=suggestion,
        )
        if finding.replaceable and target
        else ""
    )
    return mark_safe(  # noqa: S308 - every value in it is escaped above
        _FINDING.format(
            text=text,
            wording=wording,
            reason=conditional_escape(finding.reason),
            alternatives=alternatives,
            button=button,
        )
    )
