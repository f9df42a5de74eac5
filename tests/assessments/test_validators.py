"""The safety-scale parser, the screening rules and the danger-statement hint, property-tested."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relsafe.assessments.screening_rules import (
    INDICATOR_LABELS,
    LONG_RATIONALE,
    MANY_INDICATORS,
    SERIOUS_INDICATORS,
    age_on,
    check_level,
)
from relsafe.assessments.validators import danger_statement_warnings, parse_scale, statement_lines

# Timing varies under parallel runs; these tests are about values, not speed.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCREENED_ON = dt.date(2026, 6, 1)


@relaxed
@given(st.integers(min_value=0, max_value=10), st.sampled_from(["{}", " {} ", "{}/10", "{} / 10"]))
def test_every_scale_value_a_person_might_type_is_read(value: int, shape: str) -> None:
    assert parse_scale(shape.format(value)) == value


@relaxed
@given(st.integers().filter(lambda n: not 0 <= n <= 10))
def test_numbers_outside_the_scale_are_refused(value: int) -> None:
    with pytest.raises(ValidationError):
        parse_scale(str(value))
    with pytest.raises(ValidationError):
        parse_scale(value)


@relaxed
@given(st.text(max_size=12))
def test_whatever_is_typed_the_parser_returns_nothing_or_a_scale_value(text: str) -> None:
    refusal: ValidationError | None = None
    result = None
    try:
        result = parse_scale(text)
    except ValidationError as error:
        refusal = error
    if refusal is not None:
        assert "0 to 10" in refusal.messages[0]
    elif result is None:
        assert text.strip() == ""
    else:
        assert 0 <= result <= 10


@pytest.mark.parametrize("text", ["7.5", "seven", "5-6", "10/5", "", "   "])
def test_unclear_answers_are_explained_or_left_empty(text: str) -> None:
    if text.strip():
        with pytest.raises(ValidationError, match="whole number"):
            parse_scale(text)
    else:
        assert parse_scale(text) is None


def test_a_tick_box_is_not_a_scale_value() -> None:
    with pytest.raises(ValidationError):
        parse_scale(True)


@pytest.mark.parametrize(
    ("statement", "warned"),
    [
        ("Mum cannot keep Jayden safe.", True),
        ("We are worried his parents will not protect him.", True),
        ("We are worried that adults known as 'Ghost' will keep exploiting Jayden.", False),
        ("His mum is worried the men in the grey car will hurt him.", False),
        ("Jayden could be hurt at the shopping centre.", False),
        ("", False),
    ],
)
def test_danger_statement_naming_only_the_parents_gets_a_hint(statement: str, warned: bool) -> None:
    assert bool(danger_statement_warnings(statement)) is warned


def test_each_line_of_a_column_is_one_entry() -> None:
    assert statement_lines("- Loves football\n\n• Good at drawing \n") == [
        "Loves football",
        "Good at drawing",
    ]


indicator_sets = st.sets(st.sampled_from(sorted(INDICATOR_LABELS)))
births = st.dates(min_value=dt.date(2005, 1, 1), max_value=SCREENED_ON)


@relaxed
@given(indicator_sets, births, st.sampled_from(["medium", "high"]), st.text(min_size=1))
def test_medium_and_high_with_a_reason_always_pass(
    ticked: set[str], born: dt.date, level: str, rationale: str
) -> None:
    breaches = check_level(
        level=level,
        indicators=ticked,
        rationale=rationale,
        date_of_birth=born,
        screened_on=SCREENED_ON,
    )
    assert (
        breaches == []
        if rationale.strip()
        else [b.rule for b in breaches] == ["rationale_required"]
    )


@relaxed
@given(indicator_sets, births, st.text(max_size=80))
def test_low_is_refused_exactly_when_a_readable_rule_says_so(
    ticked: set[str], born: dt.date, rationale: str
) -> None:
    rules = {
        b.rule
        for b in check_level(
            level="low",
            indicators=ticked,
            rationale=rationale,
            date_of_birth=born,
            screened_on=SCREENED_ON,
        )
    }
    assert ("under_13" in rules) == (bool(ticked) and age_on(born, SCREENED_ON) < 13)
    assert ("serious_indicator" in rules) == bool(ticked & SERIOUS_INDICATORS)
    assert ("many_indicators_low" in rules) == (
        len(ticked) >= MANY_INDICATORS and len(rationale.strip()) < LONG_RATIONALE
    )
    assert ("rationale_required" in rules) == (not rationale.strip())


def test_rule_messages_explain_what_to_do() -> None:
    breaches = check_level(
        level="low",
        indicators={"carrying_weapons": "", "missing_episodes": ""},
        rationale="ok",
        date_of_birth=dt.date(2015, 1, 1),
        screened_on=SCREENED_ON,
    )
    messages = " ".join(b.message for b in breaches)
    assert "under 13 cannot be rated low" in messages
    assert "'carrying a weapon, or said to be'" in messages
    assert "Choose medium or high" in messages


@relaxed
@given(births, st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2040, 1, 1)))
def test_age_is_whole_years_completed(born: dt.date, on: dt.date) -> None:
    age = age_on(born, on)
    if on >= born:
        assert age >= 0
        try:
            birthday = born.replace(year=born.year + age)
        except ValueError:  # 29 February
            birthday = dt.date(born.year + age, 3, 1)
        assert birthday <= on
