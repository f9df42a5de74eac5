"""Every assessment service refuses a forbidden actor by itself (they used to trust their caller to
have used ``get_family``): ``NotAllowed``, one ``access_denied`` entry, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from relsafe.assessments import services
from relsafe.assessments.models import SafetyMapping, Screening
from relsafe.audit.models import AuditAction, AuditEvent
from tests.factories import (
    FORBIDDEN_WRITERS,
    CaseScene,
    SafetyMappingFactory,
    ScreeningFactory,
    case_scene,
)
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def _mapping() -> dict[str, Any]:
    return {"mapped_on": timezone.localdate(), "worker_scale": 3, "next_steps": "Meet weekly."}


def _screening() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "screened_on": today,
        "indicators": {},
        "protective_factors": {},
        "level": "low",
        "rationale": "Nothing of concern found.",
        "review_on": today + dt.timedelta(days=91),
    }


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_recording_a_mapping(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "assess", family=scene.family):
        services.record_mapping(
            actor=actor, family=scene.family, young_person=scene.young_person, values=_mapping()
        )
    assert not SafetyMapping.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_changing_a_mapping(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    mapping: Any = SafetyMappingFactory(young_person=scene.young_person)
    with refused(actor, "assess", family=scene.family):
        services.update_mapping(
            actor=actor,
            mapping=mapping,
            expected_version=mapping.version,
            values={**_mapping(), "worker_scale": 9},
        )
    mapping.refresh_from_db()
    assert mapping.worker_scale == 4


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_recording_a_screening(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "assess", family=scene.family):
        services.record_screening(
            actor=actor,
            family=scene.family,
            young_person=scene.young_person,
            values=_screening(),
        )
    assert not Screening.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_changing_a_screening(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    screening: Any = ScreeningFactory(young_person=scene.young_person)
    with refused(actor, "assess", family=scene.family):
        services.update_screening(
            actor=actor,
            screening=screening,
            expected_version=screening.version,
            values={**_screening(), "level": "high", "rationale": "Changed by someone else."},
        )
    screening.refresh_from_db()
    assert screening.level == Screening.Level.MEDIUM


@pytest.mark.parametrize("name", ["assessments:mapping", "assessments:screening"])
def test_an_assessment_under_another_family_is_a_404_and_audited(
    scene: CaseScene, signed_in: Any, name: str
) -> None:
    elsewhere: Any = (SafetyMappingFactory if name.endswith("mapping") else ScreeningFactory)()
    url = reverse(name, kwargs={"family_pk": scene.family.pk, "pk": elsewhere.pk})
    assert signed_in(scene.worker).get(url).status_code == 404
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert entry.object_id == str(elsewhere.pk)
    assert (entry.actor_id, entry.family_id) == (scene.worker.pk, scene.family.pk)
    assert entry.detail == {"attempted": "view_assessments"}
