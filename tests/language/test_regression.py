"""The speed work on the checker (issue 15, item 5) changed no finding: long mixed notes made from
every labelled sentence, and each sentence alone, give exactly the findings recorded in
``data/regression_findings.json`` by the checker as it was before that work (start, end, text,
suggestion, reason, rule, category, whether it can be dropped in, alternatives)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from relsafe.language.checker import _WORD_BEFORE, Finding, _word_before, check
from tests.language.regression_fixture import FIXTURE

RECORDED = json.loads(FIXTURE.read_text(encoding="utf-8"))
RULES: dict[str, list[object]] = RECORDED["rules"]


def _expected(row: list[object]) -> Finding:
    start, end, text, suggestion, rule_id, replaceable = row
    reason, category, alternatives = RULES[str(rule_id)]
    return Finding(
        start=int(start),  # type: ignore[call-overload]
        end=int(end),  # type: ignore[call-overload]
        text=str(text),
        suggestion=str(suggestion),
        reason=str(reason),
        rule_id=str(rule_id),
        category=str(category),
        replaceable=bool(replaceable),
        alternatives=tuple(alternatives),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("index", range(len(RECORDED["notes"])))
def test_a_long_mixed_note_gets_exactly_the_recorded_findings(index: int) -> None:
    note = RECORDED["notes"][index]
    for age, rows in note["findings"].items():
        child_age = None if age == "None" else int(age)
        assert check(note["text"], child_age=child_age) == [_expected(r) for r in rows], age


def test_every_labelled_sentence_alone_gets_exactly_the_recorded_findings() -> None:
    differ = [
        text
        for text, child_age, rows in RECORDED["sentences"]
        if check(text, child_age=child_age) != [_expected(r) for r in rows]
    ]
    assert differ == []


def test_the_long_notes_have_many_findings_of_every_category() -> None:
    categories = {
        RULES[row[4]][1] for note in RECORDED["notes"] for row in note["findings"]["None"]
    }
    assert len(categories) == 11
    assert sum(len(note["findings"]["None"]) for note in RECORDED["notes"]) > 500


@given(
    st.text(alphabet=st.sampled_from("ab_1 \t\n.,\u00e9\u2019"), max_size=300),
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=1, max_value=30),
)
def test_the_word_before_a_finding_is_found_as_a_search_of_all_the_text_before_it_would(
    text: str, start: int, window: int
) -> None:
    start = min(start, len(text))
    looked = _word_before(text, start, window)
    whole = _WORD_BEFORE.search(text[:start])
    assert (looked and (looked.start(), looked.groups())) == (
        whole and (whole.start(), whole.groups())
    )


# The loop of language/_findings.html before the findings were rendered by a tag (issue 15, item 5).
TEMPLATE_LOOP_BEFORE = """{% for finding in findings %}
    <li class="rs-language__finding">
      <p class="govuk-body govuk-!-margin-bottom-1">
        Instead of <strong class="rs-language__phrase">\u201c{{ finding.text }}\u201d</strong>{% if finding.replaceable %}, try <strong class="rs-language__suggestion">\u201c{{ finding.suggestion }}\u201d</strong>{% else %}: {{ finding.suggestion }}{% endif %}
      </p>
      <p class="govuk-body-s govuk-!-margin-bottom-1">{{ finding.reason }}</p>
      {% if finding.alternatives %}<p class="govuk-body-s govuk-!-margin-bottom-1">Also consider: {{ finding.alternatives|join:"; " }}</p>{% endif %}
      {% if finding.replaceable and target %}
      <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2 rs-language__use"
              data-language-replace data-target="{{ target }}" data-start="{{ finding.start }}" data-end="{{ finding.end }}"
              data-phrase="{{ finding.text }}" data-replacement="{{ finding.suggestion }}">Use this wording<span class="govuk-visually-hidden">: \u201c{{ finding.suggestion }}\u201d instead of \u201c{{ finding.text }}\u201d</span></button>
      {% endif %}
    </li>
    {% endfor %}"""

_NASTY = Finding(
    start=3,
    end=9,
    text='<b>"it\'s" & co</b>',
    suggestion="a <i>child</i> & 'carer'",
    reason='Why: "quoted" & <tagged>.',
    rule_id="x",
    category="label",
    replaceable=True,
    alternatives=("one & <two>", "'three'"),
)


@pytest.mark.parametrize("target", ["", "id_text", 'id_"odd"<x>'])
def test_the_findings_tag_writes_exactly_what_the_template_loop_did(target: str) -> None:
    findings = [_expected(row) for note in RECORDED["notes"] for row in note["findings"]["None"]]
    findings += [dataclasses.replace(f, replaceable=False) for f in findings[:20]]
    findings += [_NASTY, dataclasses.replace(_NASTY, replaceable=False, alternatives=())]
    context = {"findings": findings, "target": target}
    before = Template(TEMPLATE_LOOP_BEFORE).render(Context(context))
    now = Template(
        "{% load language_tags %}{% for finding in findings %}"
        "{% language_finding finding target %}{% endfor %}"
    ).render(Context(context))
    assert now == before
