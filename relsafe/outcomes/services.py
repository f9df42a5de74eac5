"""Every change in outcomes: recording an outcome, changing the cost tables (each change a new
version, audited), and publishing the commissioner's report (its figures frozen as published).
Each function checks that the person may make the change, and runs in one transaction with its
audit entry."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.concurrency import update_if_unchanged
from relsafe.outcomes import defaults
from relsafe.outcomes.models import (
    RECORDED_KINDS,
    Counterfactual,
    OutcomeEvent,
    OutcomeKind,
    PublishedReport,
    TableVersion,
    UnitCost,
    UpratingIndex,
)
from relsafe.outcomes.selectors import Filters, build_figures
from relsafe.outcomes.tables import latest_version

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plain(text: str) -> str:
    return _CONTROL.sub("", text or "").strip()


def _organisation_id(actor: User) -> int:
    """The organisation an outcome or a report is kept for (the policy's rules ask for one): a
    clear refusal for someone with none, never a half-written row the database throws out."""
    if actor.organisation_id is None:
        raise ValidationError(
            "Only someone in an organisation can record outcomes or publish reports"
        )
    return actor.organisation_id


# --- Outcome events ----------------------------------------------------------------------------


def _check_outcome(
    *,
    family: Family,
    kind: str,
    occurred_on: dt.date,
    young_person: YoungPerson | None,
    rationale: str,
) -> None:
    """Bad input gets a clear error, by field."""
    errors: dict[str, str] = {}
    if kind not in RECORDED_KINDS:
        errors["kind"] = (
            "Choose an outcome to record. Outcomes such as missing episodes down or the safety "
            "scale up are worked out from the record, not typed."
        )
    opened_on = timezone.localtime(family.opened_at).date()
    if occurred_on < opened_on:
        errors["occurred_on"] = (
            f"The date of the outcome must be on or after {opened_on:%-d %B %Y}, when the family "
            "was opened"
        )
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date of the outcome must be today or in the past"
    if young_person is not None and young_person.family_id != family.pk:
        errors["young_person"] = "Choose a young person in this family"
    if not rationale:
        errors["rationale"] = "Enter why you are recording this outcome"
    if errors:
        raise ValidationError(errors)


@atomic_action
def record_outcome(
    *,
    actor: User,
    family: Family,
    kind: str,
    occurred_on: dt.date,
    rationale: str,
    young_person: YoungPerson | None = None,
    request: HttpRequest | None = None,
) -> OutcomeEvent:
    """Record an outcome as it happens, with the worker's reasons."""
    require(actor, Action.RECORD_OUTCOME, family=family, request=request)
    rationale = _plain(rationale)
    _check_outcome(
        family=family,
        kind=kind,
        occurred_on=occurred_on,
        young_person=young_person,
        rationale=rationale,
    )
    event = OutcomeEvent.objects.create(
        family=family,
        young_person=young_person,
        kind=kind,
        occurred_on=occurred_on,
        rationale=rationale,
        recorded_by=actor,
        recorded_by_organisation_id=_organisation_id(actor),
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=event,
        detail={"kind": kind, "occurred_on": occurred_on.isoformat()},
    )
    return event


@atomic_action
def update_outcome(
    *,
    actor: User,
    event: OutcomeEvent,
    expected_version: int,
    kind: str,
    occurred_on: dt.date,
    rationale: str,
    young_person: YoungPerson | None = None,
    request: HttpRequest | None = None,
) -> OutcomeEvent:
    """Change an outcome, only if nobody saved it in between (optimistic locking)."""
    require(actor, Action.CHANGE_OUTCOME, record=event, request=request)
    rationale = _plain(rationale)
    _check_outcome(
        family=event.family,
        kind=kind,
        occurred_on=occurred_on,
        young_person=young_person,
        rationale=rationale,
    )
    fresh = update_if_unchanged(
        OutcomeEvent.objects.select_related("family", "young_person").filter(pk=event.pk),
        expected_version,
        kind=kind,
        occurred_on=occurred_on,
        rationale=rationale,
        young_person=young_person,
        updated_at=timezone.now(),
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=fresh,
        detail={"kind": kind, "occurred_on": occurred_on.isoformat(), "version": fresh.version},
    )
    return fresh


# --- The cost tables ---------------------------------------------------------------------------


def _lock_tables() -> None:
    """One change to the tables at a time: the latest version's row is locked (PostgreSQL) until
    this change commits, so a second change waits, then reads the rows as the first left them and
    numbers itself after it. Both stay in the history; nothing is lost or refused."""
    list(TableVersion.objects.select_for_update().order_by("-number")[:1])


def _new_version(actor: User, summary: str) -> TableVersion:
    latest = latest_version()
    return TableVersion.objects.create(
        number=(latest.number + 1) if latest else 1,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        summary=summary[:300],
    )


def _audit_table_change(
    actor: User,
    request: HttpRequest | None,
    version: TableVersion,
    obj: Any,
    detail: dict[str, Any],
) -> None:
    record(
        action=AuditAction.ADMIN_CHANGE,
        actor=actor,
        request=request,
        obj=obj,
        detail={"table_version": version.number, **detail},
    )


def _decimal(value: Any, field: str, label: str) -> Decimal:
    try:
        return Decimal(str(value).replace(",", "").replace("£", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label} must be a number"}) from None


def _live_years() -> set[int]:
    return set(UpratingIndex.objects.filter(retired_in__isnull=True).values_list("year", flat=True))


@atomic_action
def change_unit_cost(
    *,
    actor: User,
    key: str,
    item: str,
    amount: Decimal | str,
    unit: str,
    price_year: int,
    source: str,
    source_url: str,
    citation: str,
    cashable: bool,
    reason: str,
    request: HttpRequest | None = None,
) -> UnitCost:
    """Add a unit cost, or change one: the old row is retired, never overwritten."""
    require(actor, Action.EDIT_COST_TABLES, request=request)
    amount = _decimal(amount, "amount", "The amount")
    errors: dict[str, str] = {}
    if amount < 0:
        errors["amount"] = "The amount cannot be negative"
    if unit not in UnitCost.Unit.values:
        errors["unit"] = "Choose the unit the amount is for"
    if price_year not in _live_years():
        errors["price_year"] = (
            f"There is no uprating index for {price_year}. Add {price_year} to the uprating "
            "index first, so the figure can be shown in today's prices"
        )
    if not _plain(source):
        errors["source"] = "Enter who published the figure, and when"
    if not _plain(citation):
        errors["citation"] = "Enter the citation"
    if not re.fullmatch(r"[a-z0-9_]{1,60}", key or ""):
        errors["key"] = "Use lower-case letters, numbers and underscores only"
    if errors:
        raise ValidationError(errors)
    _lock_tables()
    current = UnitCost.objects.filter(key=key, retired_in__isnull=True).first()
    version = _new_version(
        actor, f"{'Changed' if current else 'Added'} unit cost: {_plain(item)}. {_plain(reason)}"
    )
    if current is not None:
        UnitCost.objects.filter(pk=current.pk).update(retired_in=version)
    cost = UnitCost.objects.create(
        key=key,
        item=_plain(item),
        amount=amount,
        unit=unit,
        price_year=price_year,
        source=_plain(source),
        source_url=source_url.strip(),
        citation=_plain(citation),
        cashable=cashable,
        table_version=version,
    )
    _audit_table_change(
        actor,
        request,
        version,
        cost,
        {
            "key": key,
            "amount": str(amount),
            "was": str(current.amount) if current else None,
            "price_year": price_year,
            "reason": _plain(reason),
        },
    )
    return cost


def _probability(value: Any, field: str, label: str) -> Decimal:
    number = _decimal(value, field, label)
    if not Decimal("0") <= number <= Decimal("1"):
        raise ValidationError({field: f"{label} must be between 0 and 1"})
    return number


def _check_assumption(
    *,
    kind: str,
    unit_cost_key: str,
    quantity: Any,
    quantity_reason: str,
    probabilities: dict[str, Any],
    source: str,
) -> tuple[dict[str, Decimal], Decimal]:
    """Bad input gets a clear error, by field: probabilities outside 0 to 1 or out of order, a
    negative quantity, a unit cost that is not in the table."""
    errors: dict[str, str] = {}
    values: dict[str, Decimal] = {}
    for field, value in probabilities.items():
        try:
            values[field] = _probability(value, field, f"The {field} probability")
        except ValidationError as error:
            errors[field] = error.message_dict[field][0]
    amount = Decimal("0")
    try:
        amount = _decimal(quantity, "quantity", "The quantity")
    except ValidationError as error:
        errors["quantity"] = error.message_dict["quantity"][0]
    if amount < 0:
        errors["quantity"] = "The quantity cannot be negative"
    if not errors and not values["low"] <= values["central"] <= values["high"]:
        errors["central"] = "The probabilities must go up from low to central to high"
    errors.update(_check_assumption_words(kind, unit_cost_key, quantity_reason, source))
    if errors:
        raise ValidationError(errors)
    return values, amount


def _check_assumption_words(
    kind: str, unit_cost_key: str, quantity_reason: str, source: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = "Choose an outcome"
    if not UnitCost.objects.filter(key=unit_cost_key, retired_in__isnull=True).exists():
        errors["unit_cost_key"] = "Choose a unit cost from the table"
    if not _plain(source):
        errors["source"] = 'Enter the source, or "local assumption"'
    if not _plain(quantity_reason):
        errors["quantity_reason"] = "Enter why one outcome avoids this much of the cost"
    return errors


@atomic_action
def change_assumption(
    *,
    actor: User,
    kind: str,
    unit_cost_key: str,
    quantity: Decimal | str,
    quantity_reason: str,
    low: Decimal | str,
    central: Decimal | str,
    high: Decimal | str,
    source: str,
    source_url: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> Counterfactual:
    """Add or change the counterfactual for one avoidable outcome: the probabilities (0 to 1,
    low ≤ central ≤ high), the unit cost it avoids and how much of it."""
    require(actor, Action.EDIT_COST_TABLES, request=request)
    values, amount = _check_assumption(
        kind=kind,
        unit_cost_key=unit_cost_key,
        quantity=quantity,
        quantity_reason=quantity_reason,
        probabilities={"low": low, "central": central, "high": high},
        source=source,
    )
    label = OutcomeKind(kind).label
    _lock_tables()
    current = Counterfactual.objects.filter(kind=kind, retired_in__isnull=True).first()
    version = _new_version(
        actor, f"{'Changed' if current else 'Added'} probability: {label}. {_plain(reason)}"
    )
    if current is not None:
        Counterfactual.objects.filter(pk=current.pk).update(retired_in=version)
    row = Counterfactual.objects.create(
        kind=kind,
        unit_cost_key=unit_cost_key,
        quantity=amount,
        quantity_reason=_plain(quantity_reason),
        probability_low=values["low"],
        probability_central=values["central"],
        probability_high=values["high"],
        source=_plain(source),
        source_url=source_url.strip(),
        table_version=version,
    )
    _audit_table_change(
        actor,
        request,
        version,
        row,
        {
            "kind": kind,
            "central": str(values["central"]),
            "was": str(current.probability_central) if current else None,
            "reason": _plain(reason),
        },
    )
    return row


@atomic_action
def change_index_year(
    *,
    actor: User,
    year: int,
    index: Decimal | str,
    source: str,
    source_url: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> UpratingIndex:
    """Add a year to the uprating index, or change one."""
    require(actor, Action.EDIT_COST_TABLES, request=request)
    value = _decimal(index, "index", "The index")
    errors: dict[str, str] = {}
    if value <= 0:
        errors["index"] = "The index must be more than 0"
    if not 1950 <= year <= 2100:
        errors["year"] = "Enter a year between 1950 and 2100"
    if not _plain(source):
        errors["source"] = "Enter the source of the index"
    if errors:
        raise ValidationError(errors)
    _lock_tables()
    current = UpratingIndex.objects.filter(year=year, retired_in__isnull=True).first()
    version = _new_version(
        actor, f"{'Changed' if current else 'Added'} uprating index for {year}. {_plain(reason)}"
    )
    if current is not None:
        UpratingIndex.objects.filter(pk=current.pk).update(retired_in=version)
    row = UpratingIndex.objects.create(
        year=year,
        index=value,
        source=_plain(source),
        source_url=source_url.strip(),
        table_version=version,
    )
    _audit_table_change(
        actor,
        request,
        version,
        row,
        {"year": year, "index": str(value), "was": str(current.index) if current else None},
    )
    return row


def seed_cost_tables(*, changed_by: User | None = None) -> TableVersion | None:
    """Load the first version of the tables (``defaults``) if none is loaded yet. Idempotent; used
    by ``manage.py seed_cost_tables`` and the demo, before any administrator exists to ask."""
    if TableVersion.objects.exists():
        return None
    version = TableVersion.objects.create(
        number=1,
        changed_by=changed_by,
        summary="First tables: PRODUCT.md §7 unit costs, GDP deflator, local assumptions.",
    )
    UpratingIndex.objects.bulk_create(
        UpratingIndex(
            year=year,
            index=value,
            source=defaults.INDEX_SOURCE,
            source_url=defaults.INDEX_SOURCE_URL,
            table_version=version,
        )
        for year, value in defaults.GDP_DEFLATOR.items()
    )
    UnitCost.objects.bulk_create(
        UnitCost(
            key=key,
            item=item,
            amount=amount,
            unit=unit,
            price_year=year,
            source=source,
            source_url=url,
            citation=citation,
            cashable=cashable,
            table_version=version,
        )
        for key, item, amount, unit, year, source, url, citation, cashable in defaults.UNIT_COSTS
    )
    Counterfactual.objects.bulk_create(
        Counterfactual(
            kind=kind,
            unit_cost_key=key,
            quantity=quantity,
            quantity_reason=why,
            probability_low=low,
            probability_central=central,
            probability_high=high,
            source=source,
            table_version=version,
        )
        for kind, key, quantity, why, low, central, high, source in defaults.ASSUMPTIONS
    )
    record(
        action=AuditAction.ADMIN_CHANGE,
        actor=changed_by,
        obj=version,
        detail={"table_version": 1, "seeded": True},
    )
    return version


# --- The commissioner's report -----------------------------------------------------------------


@atomic_action
def publish_report(
    *,
    actor: User,
    title: str,
    filters: Filters,
    request: HttpRequest | None = None,
) -> PublishedReport:
    """Keep the report as it stands now: its figures (suppressed, aggregates only) and the table
    version they were built with. Later changes to the tables never touch it."""
    require(actor, Action.PUBLISH_REPORT, request=request)
    if filters.organisation is not None:
        require(actor, Action.VIEW_OUTCOME_FIGURES, record=filters.organisation, request=request)
    else:
        require(actor, Action.VIEW_ALL_FIGURES, request=request)
    title = _plain(title)
    if not title:
        raise ValidationError({"title": "Enter a title for the report"})
    figures = build_figures(filters)
    if figures["table_version"] is None:
        raise ValidationError(
            {"title": "The cost tables are empty: an administrator must load them first"}
        )
    version = TableVersion.objects.get(number=figures["table_version"])
    report = PublishedReport.objects.create(
        title=title,
        period_start=filters.start,
        period_end=filters.end,
        organisation=filters.organisation,
        team=filters.team,
        table_version=version,
        figures=figures,
        published_by=actor,
        published_by_organisation_id=_organisation_id(actor),
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=report,
        detail={"table_version": version.number, **filters.describe()},
    )
    return report
