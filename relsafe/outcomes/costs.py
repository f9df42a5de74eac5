"""The cost-avoidance arithmetic, with no database: tables in, figures and reasons out.

    avoided cost = sum over avoidable outcomes of
                   number of outcomes * quantity * unit cost (uprated) * probability

with low, central and high probabilities giving the range, and cashable and non-cashable savings
kept apart. Every figure carries the assumptions it rests on (``Line.reasons``), so a page or a
report can list them under it. ``services`` builds ``Tables`` from the database at a version;
tests build them by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PENNY = Decimal("0.01")
POUND = Decimal("1")


class MissingIndex(ValueError):
    """A price year with no uprating index: the figure cannot be brought to today's prices."""

    def __init__(self, year: int, years: list[int]):
        known = f"{min(years)} to {max(years)}" if years else "none"
        super().__init__(
            f"There is no uprating index for {year} (the index has years {known}). "
            f"Add {year} to the uprating index first."
        )
        self.year = year


@dataclass(frozen=True)
class UnitCostRow:
    key: str
    item: str
    amount: Decimal
    unit: str  # the unit's label, e.g. "per child per year"
    price_year: int
    source: str
    source_url: str
    citation: str
    cashable: bool


@dataclass(frozen=True)
class Assumption:
    kind: str
    label: str
    unit_cost_key: str
    quantity: Decimal
    quantity_reason: str
    low: Decimal
    central: Decimal
    high: Decimal
    source: str
    source_url: str = ""


@dataclass(frozen=True)
class Tables:
    """The cost tables at one version."""

    version: int
    unit_costs: Mapping[str, UnitCostRow]
    assumptions: Mapping[str, Assumption]
    index: Mapping[int, Decimal]
    index_source: str = ""
    index_source_url: str = ""

    @property
    def base_year(self) -> int:
        """Every figure is shown in this year's prices: the latest year in the index."""
        if not self.index:
            raise MissingIndex(0, [])
        return max(self.index)


def uprate(
    amount: Decimal, *, from_year: int, to_year: int, index: Mapping[int, Decimal]
) -> Decimal:
    """``amount`` in ``from_year`` prices, in ``to_year`` prices (to the penny)."""
    years = sorted(index)
    for year in (from_year, to_year):
        if year not in index:
            raise MissingIndex(year, years)
    return (amount * index[to_year] / index[from_year]).quantize(PENNY, rounding=ROUND_HALF_UP)


def whole_pounds(value: Decimal) -> Decimal:
    return value.quantize(POUND, rounding=ROUND_HALF_UP)


@dataclass
class Line:
    """The avoided cost of one kind of outcome."""

    kind: str
    label: str
    count: Decimal
    unit_cost: UnitCostRow
    uprated_amount: Decimal
    quantity: Decimal
    per_outcome: Decimal  # uprated amount * quantity, before probability
    low: Decimal
    central: Decimal
    high: Decimal
    assumption: Assumption
    reasons: list[str] = field(default_factory=list)

    @property
    def cashable(self) -> bool:
        return self.unit_cost.cashable


@dataclass
class Estimate:
    base_year: int
    version: int
    lines: list[Line]
    index_source: str = ""

    def total(self, which: str, *, cashable: bool | None = None) -> Decimal:
        return sum(
            (
                getattr(line, which)
                for line in self.lines
                if cashable is None or line.cashable == cashable
            ),
            Decimal("0"),
        )

    def totals(self) -> dict[str, dict[str, Decimal]]:
        """{"cashable"|"non_cashable"|"all": {"low", "central", "high"}} in whole pounds."""
        out: dict[str, dict[str, Decimal]] = {}
        for name, flag in (("cashable", True), ("non_cashable", False), ("all", None)):
            out[name] = {
                which: whole_pounds(self.total(which, cashable=flag))
                for which in ("low", "central", "high")
            }
        return out


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}" if value != value.to_integral() else f"£{value:,.0f}"


def estimate(counts: Mapping[str, Decimal | int], tables: Tables) -> Estimate:
    """The avoided cost of these outcomes (kind → how many; for missing episodes, how many
    episodes fewer), in the prices of ``tables.base_year``. Kinds with no assumption avoid no cost
    and are left out; a count of 0 is kept, so every assumption is still listed."""
    base_year = tables.base_year
    lines: list[Line] = []
    for kind, assumption in tables.assumptions.items():
        count = Decimal(counts.get(kind, 0))
        unit_cost = tables.unit_costs.get(assumption.unit_cost_key)
        if unit_cost is None:
            raise ValueError(
                f"The probability for “{assumption.label}” names a unit cost "
                f"({assumption.unit_cost_key}) that is not in the table."
            )
        uprated = uprate(
            unit_cost.amount, from_year=unit_cost.price_year, to_year=base_year, index=tables.index
        )
        per_outcome = uprated * assumption.quantity
        values = {
            which: (count * per_outcome * getattr(assumption, which)).quantize(PENNY)
            for which in ("low", "central", "high")
        }
        reasons = [
            f"{unit_cost.item}: {_money(unit_cost.amount)} {unit_cost.unit} in {unit_cost.price_year} "
            f"prices ({unit_cost.source}), {_money(uprated)} in {base_year} prices "
            f"(index {tables.index[unit_cost.price_year]} → {tables.index[base_year]}).",
            f"Each outcome avoids {assumption.quantity.normalize():f} × that cost: "  # noqa: RUF001
            f"{assumption.quantity_reason}",
            f"Probability it would have happened without support: {assumption.low:.0%} low, "
            f"{assumption.central:.0%} central, {assumption.high:.0%} high ({assumption.source}).",
            "Cashable saving." if unit_cost.cashable else "Non-cashable: time or capacity freed.",
        ]
        lines.append(
            Line(
                kind=kind,
                label=assumption.label,
                count=count,
                unit_cost=unit_cost,
                uprated_amount=uprated,
                quantity=assumption.quantity,
                per_outcome=per_outcome.quantize(PENNY),
                assumption=assumption,
                reasons=reasons,
                **values,
            )
        )
    return Estimate(
        base_year=base_year, version=tables.version, lines=lines, index_source=tables.index_source
    )


def tables_as_dict(tables: Tables) -> dict[str, Any]:
    """The tables as plain JSON-able data (kept with a published report)."""
    return {
        "version": tables.version,
        "base_year": tables.base_year,
        "index_source": tables.index_source,
        "index_source_url": tables.index_source_url,
        "index": {str(year): str(value) for year, value in sorted(tables.index.items())},
        "unit_costs": [
            {**asdict(row), "amount": str(row.amount)} for row in tables.unit_costs.values()
        ],
        "assumptions": [
            {
                **asdict(a),
                "quantity": str(a.quantity),
                "low": str(a.low),
                "central": str(a.central),
                "high": str(a.high),
            }
            for a in tables.assumptions.values()
        ],
    }
