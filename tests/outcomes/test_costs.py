"""The cost-avoidance arithmetic, with figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from relsafe.outcomes import costs, defaults
from relsafe.outcomes.costs import Assumption, MissingIndex, Tables, UnitCostRow, estimate, uprate

D = Decimal


def test_uprating_by_the_ratio_of_the_indexes() -> None:
    # £1,000 in 2020 prices, index 80 then, 100 now: 1000 x 100 / 80 = £1,250.
    assert uprate(D("1000"), from_year=2020, to_year=2024, index={2020: D(80), 2024: D(100)}) == D(
        "1250.00"
    )


def test_uprating_the_secure_home_figure_with_the_seeded_deflator() -> None:
    # £210,000 in 2019 prices: 210000 x 100 / 81.1085 = 258,912.443... -> £258,912.44.
    assert uprate(D("210000"), from_year=2019, to_year=2024, index=defaults.GDP_DEFLATOR) == D(
        "258912.44"
    )


def test_a_figure_already_in_the_base_year_is_unchanged() -> None:
    assert uprate(D("3036"), from_year=2024, to_year=2024, index=defaults.GDP_DEFLATOR) == D(
        "3036.00"
    )


def test_a_price_year_with_no_index_is_a_clear_error() -> None:
    with pytest.raises(MissingIndex, match="There is no uprating index for 2030"):
        uprate(D("100"), from_year=2030, to_year=2024, index={2024: D(100)})


def _tables() -> Tables:
    return Tables(
        version=7,
        unit_costs={
            "placement": UnitCostRow(
                "placement", "A placement", D("1000"), "per year", 2020, "Src A", "", "Cite A", True
            ),
            "court": UnitCostRow(
                "court", "A court day", D("3036"), "per day", 2024, "Src B", "", "Cite B", False
            ),
        },
        assumptions={
            "secure_placement_avoided": Assumption(
                "secure_placement_avoided",
                "Secure placement avoided",
                "placement",
                D("0.5"),
                "six months.",
                D("0.1"),
                D("0.2"),
                D("0.4"),
                "local assumption",
            ),
            "child_attended_court": Assumption(
                "child_attended_court",
                "Child attended court",
                "court",
                D("2"),
                "two days.",
                D("0.1"),
                D("0.2"),
                D("0.3"),
                "local assumption",
            ),
        },
        index={2020: D(80), 2024: D(100)},
    )


def test_avoided_cost_is_outcomes_times_unit_cost_times_quantity_times_probability() -> None:
    result = estimate({"secure_placement_avoided": 2, "child_attended_court": 3}, _tables())
    secure, court = result.lines
    # Secure: £1,000 -> £1,250 (2024 prices) x 0.5 = £625 an outcome; 2 outcomes:
    # low 2 x 625 x 0.1 = £125, central x 0.2 = £250, high x 0.4 = £500.
    assert (secure.uprated_amount, secure.per_outcome) == (D("1250.00"), D("625.00"))
    assert (secure.low, secure.central, secure.high) == (D("125.00"), D("250.00"), D("500.00"))
    # Court: £3,036 x 2 days = £6,072 an outcome; 3 outcomes: 18,216 x 0.1 / 0.2 / 0.3.
    assert (court.low, court.central, court.high) == (D("1821.60"), D("3643.20"), D("5464.80"))
    totals = result.totals()
    assert totals["cashable"] == {"low": D(125), "central": D(250), "high": D(500)}
    # Non-cashable apart, to the whole pound (half up): 1821.60 -> 1822, 5464.80 -> 5465.
    assert totals["non_cashable"] == {"low": D(1822), "central": D(3643), "high": D(5465)}
    assert totals["all"] == {"low": D(1947), "central": D(3893), "high": D(5965)}
    assert result.base_year == 2024
    assert result.version == 7


def test_every_figure_lists_its_assumptions() -> None:
    secure = estimate({"secure_placement_avoided": 1}, _tables()).lines[0]
    text = " ".join(secure.reasons)
    assert "£1,000 per year in 2020 prices (Src A), £1,250 in 2024 prices" in text
    assert "10% low, 20% central, 40% high (local assumption)" in text
    assert "six months." in text
    assert "Cashable saving." in text


def test_an_avoidable_outcome_with_none_this_period_is_still_listed_at_zero() -> None:
    result = estimate({}, _tables())
    assert [line.central for line in result.lines] == [D("0.00"), D("0.00")]


def test_a_probability_naming_a_missing_unit_cost_is_a_clear_error() -> None:
    tables = _tables()
    broken = Tables(
        version=1,
        unit_costs={"court": tables.unit_costs["court"]},
        assumptions=tables.assumptions,
        index=tables.index,
    )
    with pytest.raises(ValueError, match="names a unit cost"):
        estimate({"secure_placement_avoided": 1}, broken)


def test_the_tables_as_stored_with_a_report_keep_every_figure() -> None:
    data = costs.tables_as_dict(_tables())
    assert data["version"] == 7
    assert data["base_year"] == 2024
    assert {row["key"] for row in data["unit_costs"]} == {"placement", "court"}
    assert data["assumptions"][0]["central"] == "0.2"
