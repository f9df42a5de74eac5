"""Every relationship-map service refuses a forbidden actor by itself: ``NotAllowed``, one
``access_denied`` entry, no tie and no history row written. Police read the map of a shared family
and change nothing on it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.relationships import services
from relsafe.relationships.models import Connection, ConnectionHistory
from tests.factories import FORBIDDEN_WRITERS, CaseScene, ConnectionFactory, case_scene
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def _details() -> services.ConnectionDetails:
    return services.ConnectionDetails(
        kind="friend", name="Tyler", quality="strong", said_by="worker"
    )


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_adding_a_tie(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "edit_map", family=scene.family):
        services.add_connection(actor=actor, young_person=scene.young_person, details=_details())
    assert not Connection.objects.exists()
    assert not ConnectionHistory.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_changing_a_tie(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    tie: Any = ConnectionFactory(young_person=scene.young_person, name="Uncle Dev")
    with refused(actor, "edit_map", family=scene.family):
        services.update_connection(
            actor=actor, connection=tie, expected_version=tie.version, details=_details()
        )
    tie.refresh_from_db()
    assert tie.name == "Uncle Dev"
    assert not ConnectionHistory.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_ending_a_tie(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    tie: Any = ConnectionFactory(young_person=scene.young_person)
    with refused(actor, "edit_map", family=scene.family):
        services.end_connection(actor=actor, connection=tie, expected_version=tie.version)
    tie.refresh_from_db()
    assert tie.ended_at is None


def test_police_see_the_map_without_the_change_links(scene: CaseScene, signed_in: Any) -> None:
    ConnectionFactory(young_person=scene.young_person, name="Uncle Dev")
    scene.family.shares.update(scopes=["identity", "people_of_concern"])
    url = reverse(
        "relationships:map",
        kwargs={"family_pk": scene.family.pk, "young_person_pk": scene.young_person.pk},
    )
    police_page = signed_in(scene.police).get(url)
    worker_page = signed_in(scene.worker).get(url)
    assert police_page.status_code == worker_page.status_code == 200
    assert "Add a person" in worker_page.content.decode()
    assert "Add a person" not in police_page.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).exists()
