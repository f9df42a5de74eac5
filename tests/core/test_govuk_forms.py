"""The shared form machinery points hints, errors and error-summary links at elements that exist
(issue 16, item 8): ``GovUKBoundField`` writes ``aria-describedby`` in the field template's own
ids, and ``error_target`` sends a group's error-summary link to its first input."""

from __future__ import annotations

import re

from django import forms
from django.template import Context, Template

from relsafe.core.forms import GovUKForm, VersionedFormMixin
from relsafe.core.templatetags.govuk_forms import error_target


class Sample(VersionedFormMixin, GovUKForm):
    name = forms.CharField(label="Name", help_text="As they like to be called.")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    needs = forms.MultipleChoiceField(
        label="Needs", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # An older scheme some forms still set: it must not survive into the page.
        self.fields["notes"].widget.attrs["aria-describedby"] = "id_notes-hint other-help"
        self.add_version(3)


def _described_by(html: str, element_id: str) -> str:
    tag = re.search(rf'<[^>]*id="{element_id}"[^>]*>', html)
    assert tag, element_id
    found = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    return found.group(1) if found else ""


def test_inputs_are_described_by_the_hint_and_error_the_template_draws() -> None:
    form = Sample({"version": "x"})
    assert not form.is_valid()
    html = form.as_div()
    assert _described_by(html, "id_name") == "id_name_helptext id_name-error"
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name-error"' in html
    assert _described_by(html, "id_notes") == "other-help id_notes-error"
    assert _described_by(html, "id_version") == ""  # hidden: nothing shows its error
    assert _described_by(html, "id_kind_0") == ""  # the fieldset is described instead
    unbound = Sample().as_div()
    assert _described_by(unbound, "id_name") == "id_name_helptext"
    assert _described_by(unbound, "id_notes") == "other-help"


def test_error_summary_links_go_to_something_that_can_take_the_focus() -> None:
    form = Sample({"version": "x"})
    form.is_valid()
    assert error_target(form["name"]) == "id_name"
    assert error_target(form["kind"]) == "id_kind_0"
    assert error_target(form["needs"]) == "id_needs_0"
    assert error_target(form["version"]) == "form-top"
    html = Template('{% include "components/error_summary.html" %}').render(Context({"form": form}))
    for target in ("#id_name", "#id_kind_0", "#id_needs_0", "#id_notes", "#form-top"):
        assert f'href="{target}"' in html
    assert 'href="#id_kind"' not in html


def test_a_tables_scroll_box_is_a_named_region_the_keyboard_reaches() -> None:
    html = Template(
        '{% load tables %}{% scroll_region %}<table><caption class="x">Actions &amp; '
        "<span>dates</span></caption></table>{% endscroll_region %}"
        '{% scroll_region "Given" %}<table></table>{% endscroll_region %}'
        "{% scroll_region %}<table></table>{% endscroll_region %}"
    ).render(Context())
    assert (
        '<div class="rs-table-wrap" role="region" aria-label="Actions &amp; dates" tabindex="0">'
        in html
    )
    assert 'aria-label="Given"' in html
    assert 'aria-label="Table"' in html
