"""Fill ``search_text`` for mappings and screenings recorded before search existed, in batches
(one transaction per batch, so nothing holds the tables for long). Only rows still empty are
touched: on a database where 0002 already filled them in its earlier form this changes nothing.

The words are built as ``relsafe.assessments.search`` built them when search was added, frozen
here so a later change to the live builders cannot change what this migration does. Going back
empties ``search_text`` again."""

from django.db import migrations

from relsafe.core.migration_operations import backfill, search_document_v1

MAPPING_TEXT_FIELDS = (
    "harm_statements",
    "danger_statements",
    "existing_strengths",
    "existing_safety",
    "next_steps",
)


def _notes(items):
    if not isinstance(items, dict):
        return []
    return [str(note) for note in items.values() if note]


def fill_mapping(model, mapping):
    mapping.search_text = search_document_v1(*(getattr(mapping, f) for f in MAPPING_TEXT_FIELDS))
    return bool(mapping.search_text)


def fill_screening(model, screening):
    screening.search_text = search_document_v1(
        screening.rationale, *_notes(screening.indicators), *_notes(screening.protective_factors)
    )
    return bool(screening.search_text)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("assessments", "0003_full_text_search")]

    operations = [
        backfill(
            "assessments",
            "SafetyMapping",
            fields=["search_text"],
            fill=fill_mapping,
            where={"search_text": ""},
            undo={"search_text": ""},
        ),
        backfill(
            "assessments",
            "Screening",
            fields=["search_text"],
            fill=fill_screening,
            where={"search_text": ""},
            undo={"search_text": ""},
        ),
    ]
