"""The cost tables as they stood at a version, read from their rows (no case data here)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from relsafe.outcomes.costs import Assumption, Tables, UnitCostRow
from relsafe.outcomes.models import (
    Counterfactual,
    OutcomeKind,
    TableVersion,
    UnitCost,
    UpratingIndex,
)

M = TypeVar("M", UnitCost, Counterfactual, UpratingIndex)


def latest_version() -> TableVersion | None:
    return TableVersion.objects.order_by("-number").first()


def rows_at(model: type[M], number: int) -> QuerySet[M]:
    """The rows of one table that were live at version ``number``."""
    return model.objects.filter(table_version__number__lte=number).filter(
        Q(retired_in__isnull=True) | Q(retired_in__number__gt=number)
    )


def unit_cost_row(cost: UnitCost) -> UnitCostRow:
    return UnitCostRow(
        key=cost.key,
        item=cost.item,
        amount=cost.amount,
        unit=cost.get_unit_display(),
        price_year=cost.price_year,
        source=cost.source,
        source_url=cost.source_url,
        citation=cost.citation,
        cashable=cost.cashable,
    )


def assumption_row(row: Counterfactual) -> Assumption:
    return Assumption(
        kind=row.kind,
        label=OutcomeKind(row.kind).label,
        unit_cost_key=row.unit_cost_key,
        quantity=row.quantity,
        quantity_reason=row.quantity_reason,
        low=row.probability_low,
        central=row.probability_central,
        high=row.probability_high,
        source=row.source,
        source_url=row.source_url,
    )


def tables_at(number: int | None = None) -> Tables | None:
    """The tables at version ``number`` (the latest when None); None before any are loaded."""
    if number is None:
        version = latest_version()
        if version is None:
            return None
        number = version.number
    index_rows = list(rows_at(UpratingIndex, number).order_by("year"))
    latest_index = index_rows[-1] if index_rows else None
    return Tables(
        version=number,
        unit_costs={c.key: unit_cost_row(c) for c in rows_at(UnitCost, number).order_by("item")},
        assumptions={
            a.kind: assumption_row(a)
            for a in sorted(
                rows_at(Counterfactual, number),
                key=lambda a: list(OutcomeKind.values).index(a.kind),
            )
        },
        index={row.year: row.index for row in index_rows},
        index_source=latest_index.source if latest_index else "",
        index_source_url=latest_index.source_url if latest_index else "",
    )


def history(limit: int = 50) -> list[dict[str, Any]]:
    """The latest changes to the tables, newest first."""
    return [
        {"number": v.number, "changed_at": v.changed_at, "by": v.changed_by, "summary": v.summary}
        for v in TableVersion.objects.select_related("changed_by").order_by("-number")[:limit]
    ]
