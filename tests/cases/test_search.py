"""The find box's parser and name scoring: property-based, since people type anything."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from relsafe.cases import search

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
separators = st.sampled_from(["/", "-", "."])


@given(dates, separators, st.booleans())
def test_any_real_date_typed_day_first_is_read_back(date: dt.date, sep: str, pad: bool) -> None:
    day, month = (
        (f"{date.day:02d}", f"{date.month:02d}") if pad else (str(date.day), str(date.month))
    )
    assert search.parse_date(f"{day}{sep}{month}{sep}{date.year:04d}") == date


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2100))
def test_impossible_dates_are_not_dates(day: int, month: int, year: int) -> None:
    try:
        expected: dt.date | None = dt.date(year, month, day)
    except ValueError:
        expected = None
    assert search.parse_date(f"{day}/{month}/{year}") == expected


@given(st.text())
def test_parse_date_never_raises(text: str) -> None:
    result = search.parse_date(text)
    assert result is None or isinstance(result, dt.date)


def test_two_digit_years_and_month_first_words_are_not_guessed() -> None:
    assert search.parse_date("2/5/12") is None
    assert search.parse_date("May 2 2012") is None
    assert search.parse_date("13/13/2012") is None


@given(st.text())
def test_normalise_is_idempotent_lower_case_and_unaccented(text: str) -> None:
    once = search.normalise(text)
    assert search.normalise(once) == once
    assert once == once.casefold()
    assert "  " not in once
    assert once == once.strip()


def test_normalise_examples() -> None:
    assert search.normalise("Zoë O'Brien-Smith") == "zoe obrien smith"
    assert search.name_tokens("Jayden", "JAYDEN", "Mensah") == ["jayden", "mensah"]


@given(st.text(max_size=80))
def test_parse_query_never_raises_and_tokens_are_normalised(text: str) -> None:
    parsed = search.parse_query(text)
    for token in parsed.tokens:
        assert token == search.normalise(token)
        assert token


@given(dates, st.sampled_from(["Jayden", "jayden mensah", "RS-0001", ""]))
def test_a_date_anywhere_in_the_query_is_taken_as_a_date_of_birth(
    date: dt.date, words: str
) -> None:
    parsed = search.parse_query(f"{words} {date.day}/{date.month}/{date.year}")
    assert parsed.dates == (date,)
    assert all(not t.isdigit() for t in parsed.tokens)


@given(st.integers(0, 999_999), st.sampled_from(["RS-{}", "rs{}", "Rs-{:04d}"]))
def test_references_normalise_however_typed(number: int, template: str) -> None:
    parsed = search.parse_query(template.format(number))
    assert parsed.references == (f"RS-{number:04d}",)
    assert parsed.tokens == ()


def test_names_are_scored_token_wise_and_tolerate_spelling() -> None:
    candidate = search.name_tokens("Jayden", "Mensah")
    assert search.score_name(["mensah", "jayden"], candidate).score == 100
    close = search.score_name(["jaden", "mensa"], candidate)
    assert close.score >= search.NAME_MATCH_THRESHOLD
    assert (
        search.describe_name_match(close)
        == "Name is close: 'jaden' is like 'jayden', 'mensa' is like 'mensah'"
    )
    # The start of a name typed is a possible match, though never as sure as the whole name.
    assert search.NAME_MATCH_THRESHOLD <= search.score_name(["jay"], candidate).score < 100
    assert search.score_name(["ruby", "clarke"], candidate).score < search.NAME_MATCH_THRESHOLD


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=8), min_size=1, max_size=4))
def test_a_name_always_matches_itself_perfectly(words: list[str]) -> None:
    assert search.score_name(words, words).score == 100
