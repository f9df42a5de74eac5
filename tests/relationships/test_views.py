"""The map pages as a worker, a police analyst, a parent and a stranger meet them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from relsafe.relationships.models import TRUSTED_ADULT_NOT_OF_CONCERN, Connection
from tests.factories import ConnectionFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[Any], Client]

NEW_TRUSTED_ADULT = {
    "kind": "professional",
    "name": "Ade Bello",
    "known_as": "Mr Bello",
    "relationship": "school mentor",
    "quality": "strong",
    "said_by": "young_person",
    "is_trusted_adult": "on",
    "notes": "",
}


def _url(world: Any, tail: str = "") -> str:
    return world.map_url + tail


def test_the_map_page_draws_and_tabulates_the_same_ties(world: Any, signed_in: SignedIn) -> None:
    response = signed_in(world.worker).get(world.map_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 class="govuk-heading-m">People</h2>' in html
    assert '<h2 class="govuk-heading-m">Places</h2>' in html
    assert 'role="img"' in html
    assert "Trusted adult: Kwame Mensah." in html
    assert len(response.context["data"]["nodes"]) == 3
    assert 'id="ecomap-data" type="application/json"' in html
    assert "<script>" not in html  # no inline JS: the page's only scripts carry a nonce or a src
    assert "Add a person" in html
    assert "Change<span" in html


def test_police_read_the_map_but_are_not_offered_changes(world: Any, signed_in: SignedIn) -> None:
    client = signed_in(world.police)
    response = client.get(world.map_url)
    assert response.status_code == 200
    assert "Add a person" not in response.content.decode()
    assert client.get(_url(world, "people/add/")).status_code == 403
    assert client.post(_url(world, "people/add/"), NEW_TRUSTED_ADULT).status_code == 403
    assert not Connection.objects.filter(name="Ade Bello").exists()


def test_a_worker_not_allocated_cannot_post_changes(world: Any, signed_in: SignedIn) -> None:
    client = signed_in(world.other_worker)
    assert client.post(_url(world, "people/add/"), NEW_TRUSTED_ADULT).status_code == 404
    change = {**NEW_TRUSTED_ADULT, "kind": "family", "name": "Changed", "version": 1}
    url = _url(world, f"ties/{world.uncle.pk}/change/")
    assert client.post(url, change).status_code == 404
    url = _url(world, f"ties/{world.uncle.pk}/end/")
    assert client.post(url, {"version": 1}).status_code == 404
    world.uncle.refresh_from_db()
    assert world.uncle.name == "Kwame Mensah"
    assert world.uncle.ended_at is None
    assert not Connection.objects.filter(name="Ade Bello").exists()


def test_adding_a_trusted_adult_shows_it_on_the_map(world: Any, signed_in: SignedIn) -> None:
    client = signed_in(world.worker)
    response = client.post(_url(world, "people/add/"), NEW_TRUSTED_ADULT)
    assert response.status_code == 302
    assert response["Location"] == world.map_url
    page = client.get(world.map_url).content.decode()
    assert "Ade Bello was added to the map." in page
    assert "Trusted adult: Ade Bello, Kwame Mensah." in page


def test_a_person_of_concern_as_trusted_adult_is_refused_by_the_field(
    world: Any, signed_in: SignedIn
) -> None:
    data = {**NEW_TRUSTED_ADULT, "kind": "person_of_concern", "name": "Unknown man",
            "known_as": "Ghost", "quality": "weak"}  # fmt: skip
    response = signed_in(world.worker).post(_url(world, "people/add/"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert TRUSTED_ADULT_NOT_OF_CONCERN.replace("'", "&#x27;") in html
    assert 'value="Unknown man"' in html
    assert 'value="Ghost"' in html
    assert not Connection.objects.filter(known_as="Ghost").exists()


def test_missing_answers_get_a_message_each(world: Any, signed_in: SignedIn) -> None:
    response = signed_in(world.worker).post(_url(world, "places/add/"), {"name": ""})
    html = response.content.decode()
    for message in [
        "Select what kind of place it is",
        "Enter the name of the place",
        "Select whether the place feels safe, unsafe or mixed",
        "Select how the tie is",
        "Select who said so",
    ]:
        assert message in html


def test_adding_a_place_that_feels_unsafe(world: Any, signed_in: SignedIn) -> None:
    data = {"kind": "other_place", "name": "Northbridge shopping centre", "feeling": "unsafe",
            "quality": "harmful", "said_by": "parent"}  # fmt: skip
    response = signed_in(world.worker).post(_url(world, "places/add/"), data)
    assert response.status_code == 302
    place = Connection.objects.get(name="Northbridge shopping centre")
    assert place.get_feeling_display() == "Feels unsafe"


def _change_form(tie: Any, **overrides: Any) -> dict[str, Any]:
    data = {"kind": tie.kind, "name": tie.name, "known_as": tie.known_as,
            "relationship": tie.relationship, "quality": tie.quality, "said_by": tie.said_by,
            "notes": tie.notes, "version": tie.version}  # fmt: skip
    if tie.is_trusted_adult:
        data["is_trusted_adult"] = "on"
    data.update(overrides)
    return data


def test_two_people_editing_the_same_tie_get_a_conflict_page(
    world: Any, signed_in: SignedIn
) -> None:
    url = _url(world, f"ties/{world.uncle.pk}/change/")
    sam, leah = signed_in(world.worker), signed_in(world.worker)
    assert 'name="version" value="1"' in sam.get(url).content.decode()
    first = sam.post(url, _change_form(world.uncle, relationship="uncle; football coach"))
    assert first.status_code == 302
    second = leah.post(url, _change_form(world.uncle, quality="weak"))
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else changed the tie with Kwame Mensah" in html
    assert "uncle; football coach" in html
    assert "Weak" in html
    world.uncle.refresh_from_db()
    assert world.uncle.quality == "strong"
    assert world.uncle.version == 2
    # Choosing "Save your version instead" re-posts the second person's values at the new version.
    assert 'name="version" value="2"' in html
    again = leah.post(url, _change_form(world.uncle, quality="weak", version=2))
    assert again.status_code == 302
    world.uncle.refresh_from_db()
    assert world.uncle.quality == "weak"
    assert world.uncle.version == 3


def test_ending_a_tie_and_the_stale_end_conflict(world: Any, signed_in: SignedIn) -> None:
    client = signed_in(world.worker)
    url = _url(world, f"ties/{world.club.pk}/end/")
    stale = client.post(url, {"version": 9, "reason": "closed"})
    assert stale.status_code == 409
    response = client.post(url, {"version": 1, "reason": "club closed"})
    assert response.status_code == 302
    page = client.get(world.map_url).content.decode()
    assert "Ties that have ended (1)" in page
    assert "club closed" in page
    change_page = client.get(_url(world, f"ties/{world.club.pk}/change/")).content.decode()
    assert "so it cannot be changed" in change_page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("day=31&month=2&year=2026", "Enter a real date, for example 27 3 2026"),
        ("day=1&month=&year=2026", "including a day, month and year"),
        ("day=1&month=1&year=2999", "must be today or in the past"),
    ],
)
def test_compare_explains_a_bad_date(
    world: Any, signed_in: SignedIn, query: str, message: str
) -> None:
    response = signed_in(world.worker).get(_url(world, f"compare/?{query}"))
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html


def test_compare_shows_what_was_added_since(world: Any, signed_in: SignedIn) -> None:
    client = signed_in(world.worker)
    client.post(_url(world, "people/add/"), NEW_TRUSTED_ADULT)
    response = client.get(_url(world, "compare/?day=1&month=1&year=2020"))
    html = response.content.decode()
    assert "The map as it was on 1 January 2020" in html
    assert "<strong>Added:</strong> Ade Bello" in html


def test_map_page_queries_do_not_grow_with_the_map(world: Any, signed_in: SignedIn) -> None:
    from django.db import connection

    client = signed_in(world.worker)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(world.map_url).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a session also refreshes the session's own rows
    small = count()
    ConnectionFactory.create_batch(25, young_person=world.young_person)
    assert count() == small


def _people(world: Any) -> dict[str, Any]:
    from relsafe.accounts.models import Organisation
    from relsafe.accounts.roles import Role
    from tests.factories import FamilyMemberFactory, OrganisationFactory, UserFactory

    return {
        "allocated worker": world.worker,
        "worker not allocated": world.other_worker,
        "police with a live share": world.police,
        "police without a share": UserFactory(
            role=Role.POLICE_ANALYST,
            team=None,
            organisation=OrganisationFactory(kind=Organisation.Kind.POLICE),
        ),
        "manager of the worker's team": UserFactory(role=Role.TEAM_MANAGER, team=world.worker.team),
        "manager of another team": UserFactory(role=Role.TEAM_MANAGER),
        "social worker not allocated": UserFactory(role=Role.SOCIAL_WORKER),
        "commissioner": UserFactory(role=Role.COMMISSIONER),
        "administrator": UserFactory(role=Role.ADMINISTRATOR),
        "parent of this family": world.parent,
        "parent of another family": FamilyMemberFactory(),
        "young person": FamilyMemberFactory(role=Role.YOUNG_PERSON),
    }


# (who, GET map, POST add-person): the expected status codes.
MATRIX = [
    ("allocated worker", 200, 302),
    ("worker not allocated", 404, 404),
    ("police with a live share", 200, 403),
    ("police without a share", 404, 403),
    ("manager of the worker's team", 200, 302),
    ("manager of another team", 404, 404),
    ("social worker not allocated", 404, 404),
    ("commissioner", 403, 403),
    ("administrator", 403, 403),
    ("parent of this family", 403, 403),
    ("parent of another family", 403, 403),
    ("young person", 403, 403),
]


@pytest.mark.parametrize(("who", "read", "write"), MATRIX)
def test_who_may_read_and_change_the_map(
    world: Any, signed_in: SignedIn, who: str, read: int, write: int
) -> None:
    client = signed_in(_people(world)[who])
    assert client.get(world.map_url).status_code == read
    response = client.post(_url(world, "people/add/"), NEW_TRUSTED_ADULT)
    assert response.status_code == write
    assert Connection.objects.filter(name="Ade Bello").exists() == (write == 302)


def test_the_profile_include_names_each_trusted_adult_and_links_to_the_map(world: Any) -> None:
    from django.template.loader import render_to_string

    from relsafe.relationships.selectors import trusted_adults_for

    html = render_to_string(
        "relationships/_trusted_adults.html",
        {
            "trusted_adults": trusted_adults_for(young_person=world.young_person),
            "young_person": world.young_person,
        },
    )
    assert "Trusted adult</strong> <strong>Kwame Mensah</strong>, uncle" in html
    assert f'href="{world.map_url}"' in html
    empty = render_to_string("relationships/_trusted_adults.html", {"trusted_adults": []})
    assert "No trusted adult is recorded yet." in empty
