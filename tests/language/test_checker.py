"""The checker finds blaming or labelling wording in any of its forms, offers words a worker can use,
and stays quiet on careful notes, quotations and what adults or professionals did."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from relsafe.language.checker import DEFAULT_RULE_SET, check, check_with
from relsafe.language.evaluation import DEV, HELDOUT, load
from relsafe.language.patterns import PatternError, compile_pattern
from relsafe.language.rules import CLASSES, RULES, RULES_BY_ID, SOURCES, Category, Rule

DATA = Path(__file__).parent / "data"


def _ids(text: str, **kwargs: int | None) -> list[str]:
    return [f.rule_id for f in check(text, **kwargs)]


def _texts(text: str, **kwargs: int | None) -> list[str]:
    return [f.text for f in check(text, **kwargs)]


# -------------------------------------------------------------------------- the rules table
def test_the_rules_cover_every_category_of_the_guidance() -> None:
    assert len(RULES) >= 50
    assert len(RULES_BY_ID) == len(RULES), "rule ids must be unique"
    assert {rule.category for rule in RULES} == set(Category)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_is_readable_with_its_source_suggestion_and_near_misses(rule: Rule) -> None:
    assert rule.reason.endswith(".")
    assert rule.sources
    assert all(s in SOURCES for s in rule.sources)
    assert rule.suggestion_text
    assert rule.examples
    assert rule.anchors, "every rule can be found by some word"


@pytest.mark.parametrize(
    ("rule_id", "example"),
    [(rule.id, example) for rule in RULES for example in rule.examples],
)
def test_each_rule_flags_its_own_examples(rule_id: str, example: str) -> None:
    rule = RULES_BY_ID[rule_id]
    age = 15 if rule.only_under_age else None
    assert rule_id in _ids(example, child_age=age)


@pytest.mark.parametrize(
    ("rule_id", "careful"),
    [(rule.id, careful) for rule in RULES for careful in rule.careful],
)
def test_each_rules_near_misses_are_not_flagged(rule_id: str, careful: str) -> None:
    age = 15 if RULES_BY_ID[rule_id].only_under_age else None
    assert check(careful, child_age=age) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_gives_a_reason_that_cites_its_sources(rule: object) -> None:
    finding = next(
        f
        for f in check(rule.examples[0], child_age=15 if rule.only_under_age else None)  # type: ignore[attr-defined]
        if f.rule_id == rule.id  # type: ignore[attr-defined]
    )
    assert "The Children's Society" in finding.reason
    assert finding.reason.endswith(").")
    assert finding.suggestion


def test_every_suggestion_is_itself_careful_wording() -> None:
    for rule in RULES:
        for wording in rule.wordings():
            assert check(wording) == [], (rule.id, wording)


def test_a_pattern_naming_an_unknown_word_class_does_not_compile() -> None:
    with pytest.raises(PatternError, match="unknown word class"):
        compile_pattern("put @NOPE at risk", CLASSES)
    with pytest.raises(PatternError, match="unbalanced"):
        compile_pattern("( put at risk", CLASSES)


# ------------------------------------------------------------------ lemmas, not surface forms
@pytest.mark.parametrize(
    "text",
    [
        "She chose to get into the car with the men.",
        "She is choosing to get into the car with the men.",
        "She chooses to get into cars with older men.",
        "She has chosen to get into the car with the men.",
        "she choses to get in the car with the men",  # a typo, one letter out
    ],
)
def test_every_form_of_a_verb_is_caught(text: str) -> None:
    assert _ids(text) == ["chose-harm"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Olivia is puting herself at risk.", "is puting herself at risk"),
        ("YP absconed from school at lunch.", "absconed"),
        ("Freya is very promiscous.", "promiscous"),
        ("He is streetwize.", "streetwize"),
        ("Kai has been invloved in county lines.", "been invloved in county lines"),
    ],
)
def test_common_typos_in_the_key_word_are_still_caught(text: str, flagged: str) -> None:
    assert flagged in _texts(text)


def test_modifiers_between_the_child_and_the_verb_do_not_hide_it() -> None:
    assert _ids("Mia has again, despite all the advice, repeatedly placed herself at risk.") == [
        "putting-self-at-risk"
    ]
    assert _ids("YP has very much knowingly and willingly been going back to him.")


# ------------------------------------------------------------------------------- structures
@pytest.mark.parametrize(
    ("flagged", "careful"),
    [
        ("Kayden chose to stay at the flat on Friday.", "Kayden chose football over gaming."),
        (
            "The YP decided to go to the party at the hotel.",
            "The police decided to treat it as trafficking.",
        ),
        ("Mia sent nude images of herself to a man.", "The worker sent the images to CEOP."),
        ("He has been running drugs for the olders.", "The police ran a check on the car."),
        (
            "Kayden is involved in county lines.",
            "The adults involved in his exploitation were arrested.",
        ),
        ("He has been dealing cannabis at school.", "His cousin, who is 27, was dealing cannabis."),
        (
            "Tia keeps going back to him.",
            "Tia keeps going back to the youth club, where she feels safe.",
        ),
    ],
)
def test_the_child_doing_it_is_flagged_an_adult_or_professional_doing_it_is_not(
    flagged: str, careful: str
) -> None:
    assert check(flagged), flagged
    assert check(careful) == [], careful


def test_a_child_made_to_do_something_is_not_blamed_for_it() -> None:
    assert check("She was groomed into sending images of herself.") == []
    assert check("He was made to sell drugs by the men.") == []
    assert check("Her pictures were shared without her consent.") == []
    assert check("She was sent nude photos by an adult man.") == []


def test_a_relationship_is_flagged_with_an_adult_not_with_a_peer_or_a_professional() -> None:
    assert _ids("She is in a relationship with a 19 yr old.") == ["relationship-with-adult"]
    assert _ids("Her boyfriend, who is 24, collects her.") == ["older-boyfriend"]
    assert check("Her boyfriend is 15 and in her class.") == []
    assert check("She has a good relationship with her form tutor.") == []


def test_indirect_speech_is_the_writers_wording_but_a_quotation_is_not() -> None:
    assert check("PC Jones said YP is a willing participant.")
    assert check('PC Jones said YP was "a willing participant"; we challenged this.') == []


# --------------------------------------------------------------------------------- wording
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
        ("Leo was recruited by older boys.", "was groomed and exploited by"),
        ("He is working for older boys.", "being criminally exploited by older"),
        ("He works for a gang.", "is being criminally exploited by a gang"),
        ("She is in a relationship with a 26-year-old man.", "being groomed and exploited by"),
    ],
)
def test_suggestions_fit_the_tense_of_the_sentence(text: str, suggestion: str) -> None:
    assert [f.suggestion for f in check(text)] == [suggestion]


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        (
            "Kayden is involved in county lines.",
            "involved in county lines",
            "being criminally exploited through county lines",
        ),
        (
            "He got involved with drug dealing.",
            "got involved with drug dealing",
            "was being criminally exploited through drug dealing",
        ),
        (
            "His involvement in gangs worries us.",
            "involvement in gangs",
            "being criminally exploited through gangs",
        ),
        ("She is involved in CSE.", "involved in CSE", "being sexually exploited"),
        ("She has become involved in CSE.", "become involved in CSE", "been sexually exploited"),
        (
            "Kai has been involved in county lines.",
            "been involved in county lines",
            "been criminally exploited through county lines",
        ),
    ],
)
def test_suggestions_keep_their_context(text: str, flagged: str, suggestion: str) -> None:
    [finding] = check(text)
    assert (finding.text, finding.suggestion) == (flagged, suggestion)
    replaced = text[: finding.start] + finding.suggestion + text[finding.end :]
    assert check(replaced) == []


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
    text = "She is a young woman."
    assert check(text) == []
    assert _ids(text, child_age=15) == ["young-woman-man"]
    assert check("Her sister is a young woman of 22.", child_age=15) == []
    assert _ids("The 15 year old woman was found at the address.") == ["child-called-woman"]


def test_longest_match_wins_and_findings_never_overlap() -> None:
    text = "She is a willing participant in county lines and is involved in CSE."
    findings = check(text)
    assert [f.text for f in findings] == ["willing participant in county lines", "involved in CSE"]
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
        "He chose football over gaming.",
        "The police ran a check.",
        "The worker sent the images to CEOP.",
    ],
)
def test_careful_notes_pass(careful: str) -> None:
    assert check(careful) == []


def test_words_in_quotation_marks_are_someone_elses_and_are_not_flagged() -> None:
    assert check('He said "I am just a runner" and laughed.') == []
    assert check("Mum said “she is putting herself at risk”.") == []
    assert check("Lexi said 'I keep putting myself in these situations' and cried.") == []
    assert _ids("He is a runner. He said “that is what they call me”.") == ["running-drugs"]


def test_an_apostrophe_is_not_a_quotation_mark() -> None:
    # "won't" and "adults'" do not open or close a quotation, so the worker's own words are checked.
    assert _texts("Mum said 'he won't listen to me' and she has clearly lost control of him.") == [
        "lost control of"
    ]
    assert check("She's been putting herself at risk at the boys' flat.")


def test_an_adult_named_earlier_in_the_sentence_is_not_labelled_as_a_child() -> None:
    assert check("The man who groomed him is a known drug dealer.") == []
    assert _ids("Jayden is a known drug dealer.") == ["dealer"]


def test_advice_is_marked_as_not_a_drop_in_replacement() -> None:
    [finding] = check("There is evidence of disguised compliance.")
    assert not finding.replaceable
    assert finding.category == "parent_blaming"
    assert "describe what was agreed" in finding.suggestion


def test_empty_text_has_no_findings() -> None:
    assert check("") == []
    assert check("   \n ") == []


def test_anchor_index_finds_exactly_what_trying_every_word_finds() -> None:
    texts = [row.text for path in (DEV, HELDOUT) for row in load(path)]
    texts += [row.text for row in load(DATA / "labelled_sentences.jsonl")]
    texts += [example for rule in RULES for example in rule.examples + rule.careful]
    texts.append(" ".join(texts))
    texts.append("\n".join(texts[:80]))
    for text in texts:
        for age in (None, 11, 15, 17):
            assert check_with(DEFAULT_RULE_SET, text, child_age=age) == check_with(
                DEFAULT_RULE_SET, text, child_age=age, prefilter=False
            ), text[:80]


def test_text_whose_lower_case_changes_length_keeps_offsets_right() -> None:
    text = "İİİ Jayden absconded. İ"
    [finding] = check(text)
    assert text[finding.start : finding.end] == "absconded"


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        # The context the finding replaces is kept (issue 16, item 9).
        (
            "Jayden is involved in county lines.",
            "Jayden is being criminally exploited through county lines.",
        ),
        ("She is dealing for older boys.", "She is being made to sell drugs for older boys."),
        ("She has been carrying for the line.", "She has been made to carry for the line."),
        ("He works for a gang.", "He is being criminally exploited by a gang."),
        ("He is working for older boys.", "He is being criminally exploited by older boys."),
        (
            "He has been running for the Bishop line.",
            "He has been made to carry drugs for the Bishop line.",
        ),
        (
            "Jayden is a runner for a county line.",
            "Jayden is a child criminally exploited to carry drugs for a county line.",
        ),
        (
            "He has been holding drugs and cash for the men.",
            "He has been made to hold drugs and cash for the men.",
        ),
        # The tense and the articles around it still agree.
        (
            "He was plugging when police found him.",
            "He was being forced to hide drugs inside their body when police found him.",
        ),
        (
            "She has been sexually active since she was 12.",
            "She has been sexually abused since she was 12.",
        ),
        ("Jayden is a drug dealer.", "Jayden is a child criminally exploited to sell drugs."),
        ("She is a child prostitute.", "She is being sexually exploited."),
        (
            "He came here as an illegal immigrant.",
            "He came here as a child who may have been trafficked.",
        ),
        ("She is a persistent runaway.", "She is a child who goes missing often."),
        # Nothing is added that the suggestion already says, or that was not a link.
        (
            "He got involved with drug dealing.",
            "He was being criminally exploited through drug dealing.",
        ),
        ("She chose to go missing again.", "She went missing again."),
        ("Leo was recruited by older boys.", "Leo was groomed and exploited by older boys."),
    ],
)
def test_using_the_wording_leaves_a_sentence_that_reads(text: str, reads: str) -> None:
    findings = [
        f
        for f in check(text, child_age=14 if "since she was 12" in text else None)
        if f.replaceable
    ]
    assert findings
    for f in reversed(findings):
        assert text[f.start : f.end] == f.text
        text = text[: f.start] + f.suggestion + text[f.end :]
    assert text == reads
