"""Properties of the checker on any text at all (Hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from relsafe.language.checker import check
from relsafe.language.rules import RULES

# Fragments of real wording (flagged and careful), so generated text often hits the rules.
FRAGMENTS = sorted(
    {word for rule in RULES for example in rule.examples for word in example.split()}
    | {"\u201c", "\u201d", '"', "\n", "\u2019", "\u0130", "\U0001f600", "\r\n", "-", "  "}
)
SUGGESTIONS = sorted({wording for rule in RULES for wording in rule.wordings()})

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=60).map("".join),
)
ages = st.one_of(st.none(), st.integers(min_value=-5, max_value=30))


@settings(max_examples=300, deadline=None)
@given(text=texts, age=ages)
def test_the_checker_never_raises_and_offsets_slice_back(text: str, age: int | None) -> None:
    findings = check(text, child_age=age)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.suggestion
        assert finding.reason


@settings(max_examples=300, deadline=None)
@given(text=texts, age=ages)
def test_findings_are_sorted_and_never_overlap(text: str, age: int | None) -> None:
    findings = check(text, child_age=age)
    for before, after in itertools.pairwise(findings):
        assert before.end <= after.start


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sampled_from(SUGGESTIONS), min_size=1, max_size=12),
    joiner=st.sampled_from([". ", ".\n", "; ", ". Then "]),
    age=ages,
)
def test_text_made_only_of_suggested_wording_has_no_findings(
    parts: list[str], joiner: str, age: int | None
) -> None:
    text = joiner.join(parts) + "."
    assert check(text, child_age=age) == []
