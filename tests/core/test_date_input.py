"""One way to enter a date (issue 16, item 9): the GOV.UK date input, three boxes, read by every
date field, keeping what was typed, with the Design System's messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from relsafe.core.forms import DATE_EXAMPLE, GovUKDateField, GovUKDateInput, GovUKForm


class PlainDateForm(GovUKForm):
    on = forms.DateField(label="Date of the visit", widget=GovUKDateInput())


class BirthForm(GovUKForm):
    born = GovUKDateField(label="Child's date of birth")


def _boxes(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def test_three_boxes_make_a_date_for_an_ordinary_date_field() -> None:
    form = PlainDateForm(_boxes("on", "27", "3", "2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == dt.date(2026, 3, 27)


def test_a_month_can_be_typed_as_a_word() -> None:
    form = PlainDateForm(_boxes("on", "5", "March", "2026"))
    assert form.is_valid()
    assert form.cleaned_data["on"] == dt.date(2026, 3, 5)


def test_a_single_value_is_still_understood() -> None:
    assert PlainDateForm({"on": "2026-03-27"}).is_valid()


def test_an_impossible_date_says_so_and_keeps_what_was_typed() -> None:
    form = PlainDateForm(_boxes("on", "31", "2", "2026"))
    assert not form.is_valid()
    assert form.errors["on"] == ["Date of the visit must be a real date"]
    html = str(form["on"])
    assert 'value="31"' in html
    assert 'value="2"' in html
    assert 'id="id_on"' in html  # the day box: where the error summary's link lands


def test_every_date_field_gets_a_realistic_example() -> None:
    assert PlainDateForm().fields["on"].help_text == DATE_EXAMPLE


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("", "6", "2011"), "Child's date of birth must include a day"),
        (("14", "", "2011"), "Child's date of birth must include a month"),
        (("14", "6", ""), "Child's date of birth must include a year"),
        (("", "", "2011"), "Child's date of birth must include a day and a month"),
        (("14", "6", "11"), "Year must include 4 numbers"),
        (("14", "13", "2011"), "Child's date of birth must be a real date"),
    ],
)
def test_the_design_systems_messages(boxes: tuple[str, str, str], message: str) -> None:
    form = BirthForm(_boxes("born", *boxes))
    assert not form.is_valid()
    assert form.errors["born"] == [message]


def test_the_date_input_renders_a_fieldset_with_a_legend_and_three_labelled_boxes() -> None:
    html = str(BirthForm()["born"].as_field_group())
    assert (
        '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_born_helptext">' in html
    )
    assert "<legend" in html
    for label in ("Day", "Month", "Year"):
        assert f">{label}</label>" in html
    assert 'id="id_born_helptext"' in html


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_real_date_round_trips(day: dt.date) -> None:
    form = PlainDateForm(_boxes("on", str(day.day), str(day.month), str(day.year)))
    assert form.is_valid()
    assert form.cleaned_data["on"] == day
    assert GovUKDateInput().decompress(day) == [day.day, day.month, day.year]
