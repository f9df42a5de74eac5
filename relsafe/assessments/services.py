"""Writes for assessments. Each function runs in one transaction with its audit entry, checks,
itself, that the person may assess this family (``access.policy.require``), and an edit checks the
version the person started from so a second save never silently overwrites the first.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import User
from relsafe.assessments.models import CHECKLIST_NOTE_LIMIT, VOICES, SafetyMapping, Screening
from relsafe.assessments.screening_rules import (
    INDICATOR_LABELS,
    PROTECTIVE_LABELS,
    check_level,
)
from relsafe.assessments.search import mapping_search_text, screening_search_text
from relsafe.assessments.validators import validate_scale
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.concurrency import update_if_unchanged
from relsafe.core.search import with_search_text
from relsafe.core.text_limits import too_long_message

MAPPING_FIELDS = (
    "mapped_on",
    "harm_statements",
    "danger_statements",
    "existing_strengths",
    "existing_safety",
    "next_steps",
    "worker_scale",
    "parent_scale",
    "young_person_scale",
    "agency_scale",
    "parent_name",
    "agency_name",
)
SCREENING_FIELDS = (
    "screened_on",
    "indicators",
    "protective_factors",
    "level",
    "rationale",
    "review_on",
)


def _check_young_person(family: Family, young_person: YoungPerson) -> None:
    if young_person.family_id != family.pk:
        raise ValidationError({"young_person": "Choose a young person in this family"})


def _check_mapping(values: dict[str, Any]) -> None:
    scales = [values.get(f"{voice}_scale") for voice, _ in VOICES]
    for value in scales:
        validate_scale(value)
    if all(v is None for v in scales):
        raise ValidationError(
            {"worker_scale": "Record the safety scale for at least one person (0 to 10)"}
        )


def _check_screening(values: dict[str, Any], young_person: YoungPerson) -> None:
    unknown = set(values.get("indicators", {})) - set(INDICATOR_LABELS)
    unknown |= set(values.get("protective_factors", {})) - set(PROTECTIVE_LABELS)
    if unknown:
        raise ValidationError("Unknown checklist items: " + ", ".join(sorted(unknown)))
    too_long = {
        f"{prefix}_{code}_note": too_long_message("Note", CHECKLIST_NOTE_LIMIT)
        for key, prefix in (("indicators", "ind"), ("protective_factors", "pf"))
        for code, note in values.get(key, {}).items()
        if isinstance(note, str) and len(note) > CHECKLIST_NOTE_LIMIT
    }
    if too_long:
        raise ValidationError(too_long)
    if values["review_on"] < values["screened_on"]:
        raise ValidationError({"review_on": "The review date must be on or after the screening"})
    breaches = check_level(
        level=values["level"],
        indicators=values.get("indicators", {}),
        rationale=values.get("rationale", ""),
        date_of_birth=young_person.date_of_birth,
        screened_on=values["screened_on"],
    )
    if breaches:
        errors: dict[str, list[str]] = {}
        for breach in breaches:
            errors.setdefault(breach.field, []).append(breach.message)
        raise ValidationError(errors)


@atomic_action
def record_mapping(
    *,
    actor: User,
    family: Family,
    young_person: YoungPerson,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> SafetyMapping:
    """A new strengths-and-worries mapping with at least one voice on the safety scale."""
    require(actor, Action.ASSESS, family=family, request=request)
    _check_young_person(family, young_person)
    _check_mapping(values)
    clean = {k: v for k, v in values.items() if k in MAPPING_FIELDS}
    mapping = SafetyMapping(family=family, young_person=young_person, recorded_by=actor, **clean)
    mapping.search_text = mapping_search_text(mapping)
    mapping.save(force_insert=True)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=mapping,
        detail={"scales": mapping.scales()},
    )
    return mapping


@atomic_action
def update_mapping(
    *,
    actor: User,
    mapping: SafetyMapping,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> SafetyMapping:
    require(actor, Action.ASSESS, family=mapping.family, request=request)
    _check_mapping(values)
    clean = {k: v for k, v in values.items() if k in MAPPING_FIELDS}
    mapping = update_if_unchanged(
        mapping, expected_version, **with_search_text(mapping, clean, mapping_search_text)
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=mapping,
        detail={"version": mapping.version, "fields": sorted(clean)},
    )
    return mapping


@atomic_action
def record_screening(
    *,
    actor: User,
    family: Family,
    young_person: YoungPerson,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Screening:
    """A new screening. The rules in ``screening_rules`` are enforced here as well as in the form,
    so no caller can store a level the rules forbid."""
    require(actor, Action.ASSESS, family=family, request=request)
    _check_young_person(family, young_person)
    _check_screening(values, young_person)
    clean = {k: v for k, v in values.items() if k in SCREENING_FIELDS}
    screening = Screening(family=family, young_person=young_person, recorded_by=actor, **clean)
    screening.search_text = screening_search_text(screening)
    screening.save(force_insert=True)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=screening,
        detail={"level": screening.level, "indicator_count": len(screening.indicators)},
    )
    return screening


@atomic_action
def update_screening(
    *,
    actor: User,
    screening: Screening,
    expected_version: int,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Screening:
    require(actor, Action.ASSESS, family=screening.family, request=request)
    _check_screening(values, screening.young_person)
    clean = {k: v for k, v in values.items() if k in SCREENING_FIELDS}
    screening = update_if_unchanged(
        screening,
        expected_version,
        **with_search_text(screening, clean, screening_search_text),
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=screening,
        detail={"version": screening.version, "level": screening.level},
    )
    return screening
