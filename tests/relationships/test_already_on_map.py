"""A person already on the map is offered instead of added twice (issue 16, item 10)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relsafe.relationships import services
from relsafe.relationships.models import Connection
from tests import factories

pytestmark = pytest.mark.django_db
F: Any = factories


def _details(name: str, known_as: str = "") -> services.ConnectionDetails:
    return services.ConnectionDetails(
        kind="family", name=name, known_as=known_as, quality="strong", said_by="young_person"
    )


def test_the_same_person_typed_another_way_is_offered_not_added() -> None:
    scene = F.case_scene()
    F.ConnectionFactory(young_person=scene.young_person, name="Kwame Mensah", known_as="Uncle K")
    with pytest.raises(ValidationError) as error:
        services.add_connection(
            actor=scene.worker, young_person=scene.young_person, details=_details("mensah  kwame")
        )
    assert "Kwame Mensah is already on the map" in error.value.message_dict["name"][0]
    with pytest.raises(ValidationError):
        services.add_connection(
            actor=scene.worker,
            young_person=scene.young_person,
            details=_details("Kwame", known_as="uncle k"),
        )
    assert Connection.objects.filter(young_person=scene.young_person).count() == 1


def test_someone_else_with_the_same_name_is_added_when_the_worker_says_so() -> None:
    scene = F.case_scene()
    F.ConnectionFactory(young_person=scene.young_person, name="Kwame Mensah")
    services.add_connection(
        actor=scene.worker,
        young_person=scene.young_person,
        details=_details("Kwame Mensah"),
        someone_else=True,
    )
    assert Connection.objects.filter(young_person=scene.young_person).count() == 2
