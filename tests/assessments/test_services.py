"""Writing mappings and screenings: rules enforced, audit entries written, second saves refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relsafe.assessments import services
from relsafe.assessments.models import SafetyMapping, Screening
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.concurrency import EditConflict
from tests.factories import (
    SafetyMappingFactory,
    ScreeningFactory,
    YoungPersonFactory,
    worker_on,
)

pytestmark = pytest.mark.django_db


def _mapping_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "mapped_on": timezone.localdate(),
        "harm_statements": "Went missing twice.",
        "danger_statements": "Adults at the park are grooming her.",
        "existing_strengths": "Loves art.",
        "existing_safety": "Her aunt collects her from school.",
        "next_steps": "Worker meets her weekly.",
        "worker_scale": 3,
        "parent_scale": 4,
        "young_person_scale": 6,
        "agency_scale": None,
    }
    values.update(overrides)
    return values


def test_recording_a_mapping_keeps_each_voice_and_audits_it() -> None:
    yp = YoungPersonFactory.create()
    worker = worker_on(yp.family)
    mapping = services.record_mapping(
        actor=worker, family=yp.family, young_person=yp, values=_mapping_values()
    )
    assert mapping.scales() == {"worker": 3, "parent": 4, "young_person": 6, "agency": None}
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(mapping.pk))
    assert event.family_id == yp.family_id
    assert event.detail["scales"]["young_person"] == 6
    assert "harm" not in str(event.detail)  # the log keeps facts, not what was written


def test_a_mapping_needs_at_least_one_voice_on_the_scale() -> None:
    yp = YoungPersonFactory.create()
    with pytest.raises(ValidationError, match="at least one person"):
        services.record_mapping(
            actor=worker_on(yp.family),
            family=yp.family,
            young_person=yp,
            values=_mapping_values(worker_scale=None, parent_scale=None, young_person_scale=None),
        )
    assert SafetyMapping.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_a_scale_outside_0_to_10_is_refused() -> None:
    yp = YoungPersonFactory.create()
    with pytest.raises(ValidationError):
        services.record_mapping(
            actor=worker_on(yp.family),
            family=yp.family,
            young_person=yp,
            values=_mapping_values(worker_scale=11),
        )


def test_a_young_person_from_another_family_is_refused() -> None:
    yp = YoungPersonFactory.create()
    other = YoungPersonFactory.create()
    with pytest.raises(ValidationError):
        services.record_mapping(
            actor=worker_on(yp.family),
            family=yp.family,
            young_person=other,
            values=_mapping_values(),
        )


def test_second_save_of_a_mapping_gets_a_conflict_not_an_overwrite() -> None:
    mapping = SafetyMappingFactory.create()
    first, second = worker_on(mapping.family), worker_on(mapping.family)
    started_from = mapping.version
    services.update_mapping(
        actor=first,
        mapping=mapping,
        expected_version=started_from,
        values=_mapping_values(existing_strengths="First person's words"),
    )
    stale = SafetyMapping.objects.get(pk=mapping.pk)
    with pytest.raises(EditConflict) as clash:
        services.update_mapping(
            actor=second,
            mapping=stale,
            expected_version=started_from,
            values=_mapping_values(existing_strengths="Second person's words"),
        )
    assert clash.value.current.existing_strengths == "First person's words"
    mapping.refresh_from_db()
    assert mapping.existing_strengths == "First person's words"
    assert mapping.version == started_from + 1
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def _screening_values(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "screened_on": today,
        "indicators": {"missing_episodes": "Once"},
        "protective_factors": {"trusted_adult": "Uncle"},
        "level": "low",
        "rationale": "Came home by herself and talked about it.",
        "review_on": today + dt.timedelta(days=91),
    }
    values.update(overrides)
    return values


def test_a_child_under_13_with_indicators_cannot_be_rated_low_by_any_caller() -> None:
    yp = YoungPersonFactory.create(date_of_birth=timezone.localdate() - dt.timedelta(days=365 * 11))
    with pytest.raises(ValidationError) as error:
        services.record_screening(
            actor=worker_on(yp.family),
            family=yp.family,
            young_person=yp,
            values=_screening_values(),
        )
    assert "under 13 cannot be rated low" in str(error.value)
    assert Screening.objects.count() == 0


def test_a_screening_records_the_practitioners_level_and_reason_without_a_score() -> None:
    yp = YoungPersonFactory.create()
    screening = services.record_screening(
        actor=worker_on(yp.family), family=yp.family, young_person=yp, values=_screening_values()
    )
    assert screening.level == "low"
    assert screening.indicators == {"missing_episodes": "Once"}
    assert not any("score" in f.name for f in Screening._meta.get_fields())
    assert AuditEvent.objects.get(object_id=str(screening.pk)).detail == {
        "level": "low",
        "indicator_count": 1,
    }


def test_unknown_checklist_items_are_refused() -> None:
    yp = YoungPersonFactory.create()
    with pytest.raises(ValidationError, match="Unknown checklist items"):
        services.record_screening(
            actor=worker_on(yp.family),
            family=yp.family,
            young_person=yp,
            values=_screening_values(indicators={"made_up": ""}),
        )


def test_second_save_of_a_screening_gets_a_conflict() -> None:
    screening = ScreeningFactory.create()
    version = screening.version
    services.update_screening(
        actor=worker_on(screening.family),
        screening=screening,
        expected_version=version,
        values=_screening_values(level="high", rationale="Found out of area."),
    )
    with pytest.raises(EditConflict) as clash:
        services.update_screening(
            actor=worker_on(screening.family),
            screening=Screening.objects.get(pk=screening.pk),
            expected_version=version,
            values=_screening_values(level="medium", rationale="Other view."),
        )
    assert clash.value.current.level == "high"
