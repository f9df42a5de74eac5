import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from relsafe.governance.dates import add_months, response_due


def test_one_calendar_month_handles_month_ends() -> None:
    assert response_due(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert response_due(dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)
    assert response_due(dt.date(2026, 9, 3)) == dt.date(2026, 10, 3)
    assert response_due(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)


def test_an_extension_gives_three_months_in_all() -> None:
    assert response_due(dt.date(2026, 11, 30), extended=True) == dt.date(2027, 2, 28)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2200, 1, 1)), st.integers(0, 600))
def test_add_months_lands_in_the_right_month_never_earlier_day(day: dt.date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (
        result.day < day.day and (result + dt.timedelta(days=1)).day == 1
    )
