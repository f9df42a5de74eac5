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


class _ChoiceForm(GovUKForm):
    colours = forms.MultipleChoiceField(
        label="Colours", choices=[("r", "Red"), ("g", "Green")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(label="Size", choices=[("s", "Small")], widget=forms.RadioSelect)


def test_checkbox_groups_stay_checkboxes_and_radios_stay_radios() -> None:
    form = _ChoiceForm()
    colours = str(form["colours"].as_field_group())
    size = str(form["size"].as_field_group())
    assert 'type="checkbox"' in colours
    assert 'type="radio"' not in colours
    assert 'type="radio"' in size
