"""The audit filter form reads dates the way people in the UK type them (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from relsafe.audit.forms import AuditFilterForm

# Examples are quick, but a busy CI machine can stall any one of them past the default deadline.
no_deadline = hypothesis_settings(deadline=None)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
layouts = st.sampled_from(
    ["{d}/{m}/{y}", "{d:02}/{m:02}/{y}", "{d} {m} {y}", "{d}-{m}-{y}", "{y}-{m:02}-{d:02}"]
)


def _form(**data: str) -> AuditFilterForm:
    return AuditFilterForm(data, object_types=["cases.family"])


@no_deadline
@given(dates, layouts)
def test_any_day_typed_day_first_is_read_as_that_day(day: dt.date, layout: str) -> None:
    typed = layout.format(d=day.day, m=day.month, y=day.year)
    form = _form(date_from=typed)
    assert form.is_valid(), form.errors
    assert form.filters().date_from == day


@no_deadline
@given(dates, dates)
def test_a_range_is_accepted_only_in_order(first: dt.date, second: dt.date) -> None:
    form = _form(date_from=first.strftime("%d/%m/%Y"), date_to=second.strftime("%d/%m/%Y"))
    assert form.is_valid() is (first <= second)
    if first > second:
        assert "date_to" in form.errors


# Text with no digit in it cannot name a day, whatever else it holds.
words = st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), min_size=1, max_size=15)
FROM_DATE_ERROR = "Enter a real 'from' date, like 27 3 2026"


@no_deadline
@given(words.filter(str.strip))
def test_words_are_never_read_as_a_date_and_the_other_filters_still_apply(typed: str) -> None:
    form = _form(date_from=typed, actor="sam")
    assert not form.is_valid()
    assert form.errors["date_from"] == [FROM_DATE_ERROR]
    assert form.filters().date_from is None
    assert form.filters().actor == "sam"


@pytest.mark.parametrize(
    "typed", ["31/2/2026", "0/3/2026", "1/13/2026", "2026-02-30", "12/2026", "27/3", "1/1/26"]
)
def test_days_that_do_not_exist_or_are_half_typed_are_refused(typed: str) -> None:
    form = _form(date_from=typed)
    assert not form.is_valid()
    assert form.errors["date_from"] == [FROM_DATE_ERROR]


def test_an_empty_date_is_no_filter_at_all() -> None:
    form = _form(date_from="", actor="sam")
    assert form.is_valid()
    assert form.filters().date_from is None
    assert form.filters().actor == "sam"


def test_unknown_action_or_type_is_refused_with_a_message() -> None:
    form = _form(action="format_disk", object_type="secrets.table")
    assert not form.is_valid()
    assert form.errors["action"] == ["Select an action from the list"]
    assert form.errors["object_type"] == ["Select a type of record from the list"]
