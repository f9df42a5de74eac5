"""The speed work on the checker (issue 15, item 5) changed no finding: long mixed notes made from
every labelled sentence, and each sentence alone, give exactly the findings recorded in
``data/regression_findings.json`` by the checker as it was before that work (start, end, text,
suggestion, reason, rule, category, whether it can be dropped in, alternatives)."""

from __future__ import annotations

import json

import pytest
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
