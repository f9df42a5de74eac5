"""The audit filter form reads dates the way people in the UK type them (hypothesis)."""

from __future__ import annotations

import datetime as dt

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


@no_deadline
@given(st.text(max_size=15))
def test_nonsense_never_becomes_a_filter(typed: str) -> None:
    form = _form(date_from=typed, actor="sam")
    if form.is_valid():
        assert form.filters().date_from is not None or typed.strip() == ""
    else:
        assert form.filters().date_from is None
        assert form.filters().actor == "sam"  # the valid filters are kept


def test_unknown_action_or_type_is_refused_with_a_message() -> None:
    form = _form(action="format_disk", object_type="secrets.table")
    assert not form.is_valid()
    assert form.errors["action"] == ["Select an action from the list"]
    assert form.errors["object_type"] == ["Select a type of record from the list"]
