"""What assessments contributes to the search (``relsafe.core.search``): the words of
strengths-and-worries mappings (worries, what is working well, what needs to happen) and of
screenings (the reasons for the level and the notes against each item), for caseworkers who may
open the family.

The ``*_search_text`` functions read only stored fields, so the services and the data migration
that filled existing rows build exactly the same text."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from relsafe.assessments.models import SafetyMapping, Screening
from relsafe.assessments.selectors import visible_mappings, visible_screenings
from relsafe.core.search import Described, SearchKind, local_midday, register, search_document

MAPPING_TEXT_FIELDS = (
    "harm_statements",
    "danger_statements",
    "existing_strengths",
    "existing_safety",
    "next_steps",
)


def mapping_search_text(mapping: Any) -> str:
    return search_document(*(getattr(mapping, f) for f in MAPPING_TEXT_FIELDS))


def _notes(items: Any) -> list[str]:
    if not isinstance(items, dict):
        return []
    return [str(note) for note in items.values() if note]


def screening_search_text(screening: Any) -> str:
    return search_document(
        screening.rationale, *_notes(screening.indicators), *_notes(screening.protective_factors)
    )


def _mapping(mapping: SafetyMapping) -> Described:
    return Described(
        title=f"Strengths and worries for {mapping.young_person.display_name}, "
        f"{mapping.mapped_on:%d %b %Y}",
        family=mapping.family,
        when=local_midday(mapping.mapped_on),
        url=reverse("assessments:mapping", args=[mapping.family_id, mapping.pk]),
    )


def _screening(screening: Screening) -> Described:
    return Described(
        title=f"Exploitation screening for {screening.young_person.display_name}, "
        f"{screening.screened_on:%d %b %Y}",
        family=screening.family,
        when=local_midday(screening.screened_on),
        url=reverse("assessments:screening", args=[screening.family_id, screening.pk]),
    )


def register_kinds() -> None:
    register(
        SearchKind(
            key="mapping",
            label="Strengths and worries",
            hit_label="Strengths and worries",
            model=SafetyMapping,
            visible=visible_mappings,
            describe=_mapping,
            newest="mapped_on",
            related=("family", "young_person"),
            order=60,
        )
    )
    register(
        SearchKind(
            key="screening",
            label="Screenings",
            hit_label="Exploitation screening",
            model=Screening,
            visible=visible_screenings,
            describe=_screening,
            newest="screened_on",
            related=("family", "young_person"),
            order=70,
        )
    )
