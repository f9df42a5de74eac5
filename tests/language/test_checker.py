"""The checker finds blaming or labelling wording, offers words a worker can use, and stays quiet
on careful notes."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from relsafe.language.checker import DEFAULT_RULE_SET, check, check_with
from relsafe.language.evaluation import load
from relsafe.language.rules import RULES, RULES_BY_ID, Category

LABELLED = Path(__file__).parent / "data" / "labelled_sentences.jsonl"


def _ids(text: str, **kwargs: int | None) -> list[str]:
    return [f.rule_id for f in check(text, **kwargs)]


def test_the_rules_cover_the_guidance_breadth() -> None:
    assert len(RULES) >= 50
    assert len(RULES_BY_ID) == len(RULES), "rule ids must be unique"
    assert {rule.category for rule in RULES} == set(Category)


@pytest.mark.parametrize(
    ("rule_id", "example"),
    [(rule.id, example) for rule in RULES for example in rule.examples],
)
def test_each_rule_flags_its_own_examples(rule_id: str, example: str) -> None:
    rule = RULES_BY_ID[rule_id]
    age = 15 if rule.only_under_age else None
    assert rule_id in _ids(example, child_age=age)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_gives_a_reason_that_cites_the_guidance(rule: object) -> None:
    finding = next(
        f
        for f in check(rule.examples[0], child_age=15 if rule.only_under_age else None)  # type: ignore[attr-defined]
        if f.rule_id == rule.id  # type: ignore[attr-defined]
    )
    assert "The Children's Society" in finding.reason
    assert finding.reason.endswith(").")
    assert finding.suggestion


def test_the_brief_example_is_found_with_a_drop_in_suggestion() -> None:
    text = "Jayden is putting himself at risk by going out late"
    [finding] = check(text)
    assert finding.text == "is putting himself at risk"
    assert text[finding.start : finding.end] == finding.text
    assert finding.suggestion == "is at risk of being exploited"
    assert finding.replaceable
    assert finding.category == "choice"
    replaced = text[: finding.start] + finding.suggestion + text[finding.end :]
    assert replaced == "Jayden is at risk of being exploited by going out late"
    assert check(replaced) == []


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Mia puts herself at risk.", "is at risk of being exploited"),
        ("They were putting themselves in danger.", "were at risk of being exploited"),
        ("He is likely to put himself at risk.", "to be at risk of being exploited"),
        ("Jayden absconded from his placement.", "went missing"),
        ("She has absconded again.", "has gone missing"),
        ("He keeps absconding.", "going missing"),
        ("She chose to go missing.", "went missing"),
        ("Leo was recruited by older boys.", "was groomed and exploited"),
        ("He is working for older boys.", "being criminally exploited by"),
        ("He works for a gang.", "is being criminally exploited by"),
        ("She is in a relationship with a 26-year-old man.", "being groomed and exploited by"),
        ("He is involved in county lines.", "being exploited"),
    ],
)
def test_suggestions_fit_the_tense_of_the_sentence(text: str, suggestion: str) -> None:
    assert [f.suggestion for f in check(text)] == [suggestion]


def test_a_suggestion_at_the_start_of_a_sentence_gets_a_capital_letter() -> None:
    [finding] = check("Note from Friday. Absconded from placement at 9pm.")
    assert finding.text == "Absconded"
    assert finding.suggestion == "Went missing"


@pytest.mark.parametrize(
    ("age", "suggestion", "replaceable"),
    [
        (12, "being raped", True),
        (14, "being sexually abused", True),
        (None, "being sexually abused", True),
        (16, "say who with, their age, and any pressure, exchange or power imbalance", False),
    ],
)
def test_sexually_active_wording_depends_on_the_childs_age(
    age: int | None, suggestion: str, replaceable: bool
) -> None:
    [finding] = check("She is sexually active.", child_age=age)
    assert finding.rule_id == "sexually-active"
    assert finding.suggestion == suggestion
    assert finding.replaceable is replaceable


def test_sexually_active_is_not_about_a_child_once_they_are_18() -> None:
    assert check("She is sexually active.", child_age=18) == []


def test_young_woman_is_flagged_only_when_the_note_is_about_a_child() -> None:
    text = "She is a young woman who knows her own mind."
    assert check(text) == []
    assert _ids(text, child_age=15) == ["young-woman-man"]
    assert check("Her sister is a young woman of 22.", child_age=15) == []


def test_longest_match_wins_and_findings_never_overlap() -> None:
    text = "She is a willing participant in county lines and is involved in CSE."
    findings = check(text)
    assert [f.text for f in findings] == ["willing participant", "involved in CSE"]
    for before, after in itertools.pairwise(findings):
        assert before.end <= after.start


@pytest.mark.parametrize(
    "careful",
    [
        "Jayden has a trusted adult at school.",
        "Mia is working towards her GCSEs.",
        "She is working for her exams.",
        "We discussed consent in PSHE.",
        "Mum signed the consent form.",
        "The school recruited a mentor for him.",
        "We completed a risk assessment.",
        "She is at risk of being groomed.",
        "He is being exploited by older boys.",
        "Jayden went missing on Friday.",
        "She is a keen runner in the cross-country club.",
        "The men are drug dealers known to police.",
        "Services failed to protect her.",
        "Jayden has disengaged from the older boys.",
    ],
)
def test_careful_notes_pass(careful: str) -> None:
    assert check(careful) == []


def test_words_in_quotation_marks_are_someone_elses_and_are_not_flagged() -> None:
    assert check('He said "I am just a runner" and laughed.') == []
    assert check("Mum said “she is putting herself at risk”.") == []
    assert _ids("He is a runner. He said “that is what they call me”.") == ["runner"]


def test_an_adult_named_earlier_in_the_sentence_is_not_labelled_as_a_child() -> None:
    assert check("The man who groomed him is a known drug dealer.") == []
    assert _ids("Jayden is a known drug dealer.") == ["dealer"]


def test_advice_is_marked_as_not_a_drop_in_replacement() -> None:
    [finding] = check("There is evidence of disguised compliance.")
    assert not finding.replaceable
    assert finding.category == "family_blaming"
    assert "describe what was agreed" in finding.suggestion


def test_empty_text_has_no_findings() -> None:
    assert check("") == []


def test_keyword_index_finds_exactly_what_a_full_scan_finds() -> None:
    texts = [row.text for row in load(LABELLED)]
    texts += [example for rule in RULES for example in rule.examples]
    texts.append(" ".join(texts))
    texts.append("\n".join(texts[:60]))
    for text in texts:
        for age in (None, 11, 15, 17):
            assert check_with(DEFAULT_RULE_SET, text, child_age=age) == check_with(
                DEFAULT_RULE_SET, text, child_age=age, prefilter=False
            ), text[:80]


def test_text_whose_lower_case_changes_length_keeps_offsets_right() -> None:
    text = "İİİ Jayden absconded. İ"
    [finding] = check(text)
    assert text[finding.start : finding.end] == "absconded"


def test_every_suggestion_is_itself_careful_wording() -> None:
    for rule in RULES:
        for wording in rule.wordings():
            assert check(wording) == [], (rule.id, wording)
