"""Every form renders the same accessible way: label, hint and error tied to the input."""

from __future__ import annotations

from django import forms

from relsafe.core.forms import GovUKForm


class _ExampleForm(GovUKForm):
    name = forms.CharField(label="Name", help_text="As the family uses it.")
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)


def test_hint_is_announced_with_the_input() -> None:
    html = str(_ExampleForm()["name"].as_field_group())
    assert 'id="id_name_helptext"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'class="govuk-input"' in html


def test_error_and_hint_are_both_announced_and_typing_is_kept() -> None:
    form = _ExampleForm(data={"name": "", "note": "kept text"})
    assert not form.is_valid()
    name_html = str(form["name"].as_field_group())
    assert 'aria-describedby="id_name_helptext id_name-error"' in name_html
    assert "govuk-input--error" in name_html
    assert "govuk-form-group--error" in name_html
    assert "kept text" in str(form["note"].as_field_group())
