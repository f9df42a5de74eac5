"""Language with care on the relationship map: notes about a tie that blame the young person are
pointed out with better words after the save, and the tie is still added (PRODUCT.md §6)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from relsafe.relationships.models import Connection

pytestmark = pytest.mark.django_db

SignedIn = Callable[[Any], Client]


def test_a_tie_with_blaming_notes_is_added_and_the_map_suggests_better_words(
    world: Any, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    form = html.unescape(client.get(world.map_url + "people/add/").content.decode())
    assert 'id="id_notes-language"' in form
    response = client.post(
        world.map_url + "people/add/",
        {
            "kind": "person_of_concern",
            "name": "Older boy at the park",
            "relationship": "",
            "quality": "harmful",
            "said_by": "parent",
            "notes": "Jayden has been putting himself at risk with him.",
        },
    )
    assert response.status_code == 302
    assert Connection.objects.filter(name="Older boy at the park").exists()
    page = html.unescape(client.get(world.map_url).content.decode())
    assert "Older boy at the park was added to the map." in page
    assert "Notes: instead of “has been putting himself at risk”" in page
