"""Field-level need-to-know (issue 14, item 5): a police analyst sees of a shared family only what
the share covers, on pages, exports and the API alike; those working with the family see all.
The share names what it covers, chosen by the worker (minimal unless they choose more), and a
change to it is audited."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from relsafe.access import policy
from relsafe.access.sections import EVERY_SECTION, MINIMAL, SHAREABLE, Section
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases import services
from relsafe.cases.models import OrganisationShare
from relsafe.relationships.models import Kind
from tests.api.factories import api_client
from tests.conftest import identity_confirmed
from tests.factories import (
    ChronologyEntryFactory,
    ConnectionFactory,
    ContactFactory,
    OrganisationFactory,
    StrengthEntryFactory,
    case_scene,
)

pytestmark = pytest.mark.django_db

SCHOOL = "Northbridge Academy, Year 9"
HEALTH = "Asthma; inhaler at school"
STRENGTH = "Brilliant at football"
UNMARKED = "Talked at home about the new boyfriend"
MARKED = "Seen getting into a grey Audi on Station Road"
UNMARKED_EVENT = "Moved to a new class"
MARKED_EVENT = "Found with a second phone"
CONCERN = "Ghost"
TRUSTED = "Aunt Grace"


@pytest.fixture
def scene() -> Any:
    scene = case_scene()
    child = scene.young_person
    child.education, child.health, child.language = SCHOOL, HEALTH, "Twi and English"
    child.save()
    StrengthEntryFactory(young_person=child, recorded_by=scene.worker, text=STRENGTH)
    for text, marked in ((UNMARKED, False), (MARKED, True)):
        contact: Any = ContactFactory(
            family=scene.family,
            recorded_by=scene.worker,
            discussed=text,
            significant=True,
            share_with_police=marked,
        )
        contact.young_people.add(child)
    ChronologyEntryFactory(family=scene.family, recorded_by=scene.worker, title=UNMARKED_EVENT)
    ChronologyEntryFactory(
        family=scene.family, recorded_by=scene.worker, title=MARKED_EVENT, share_with_police=True
    )
    ConnectionFactory(young_person=child, kind=Kind.PERSON_OF_CONCERN, name=CONCERN)
    ConnectionFactory(
        young_person=child, kind=Kind.TRUSTED_ADULT, is_trusted_adult=True, name=TRUSTED
    )
    return scene


def _share(scene: Any) -> OrganisationShare:
    return OrganisationShare.objects.get(
        family=scene.family, organisation=scene.police.organisation
    )


def _widen(scene: Any, *sections: str) -> None:
    services.change_share_scopes(
        actor=scene.worker, share=_share(scene), scopes=[*sorted(MINIMAL), *sections]
    )


def _pages(scene: Any, client: Client) -> str:
    """Everything the person reads about the child: pages and both exports, as text."""
    family, child = scene.family, scene.young_person
    text = ""
    for url in (
        reverse("cases:family", args=[family.pk]),
        reverse("cases:young-person", args=[child.pk]),
        reverse("records:contacts", args=[family.pk]),
        reverse("records:chronology", args=[family.pk]),
        reverse("records:chronology-csv", args=[family.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text += response.content.decode()
    pdf = client.get(reverse("records:chronology-pdf", args=[family.pk]))
    assert pdf.status_code == 200
    text += "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    return text


def _api(scene: Any) -> str:
    client = api_client(scene.police)
    family, child = scene.family, scene.young_person
    text = ""
    for url in (
        f"/api/v1/families/{family.pk}/",
        f"/api/v1/families/{family.pk}/young-people/",
        f"/api/v1/young-people/{child.pk}/",
        f"/api/v1/families/{family.pk}/contacts/",
        f"/api/v1/families/{family.pk}/chronology/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text += response.content.decode()
    return text


# --- the policy ------------------------------------------------------------------------------------


def test_those_working_with_the_family_see_every_section_and_police_what_the_share_names(
    scene: Any,
) -> None:
    assert policy.visible_sections(scene.worker, scene.family) == EVERY_SECTION
    assert policy.visible_sections(scene.police, scene.family) == MINIMAL | {Section.CASE}
    assert policy.visible_sections(scene.other_team_worker, scene.family) == frozenset()
    assert policy.visible_sections(scene.parent, scene.family) == frozenset()
    services.revoke_share(actor=scene.worker, share=_share(scene))
    assert policy.visible_sections(scene.police, scene.family) == frozenset()


def test_families_showing_a_section_follow_the_share(scene: Any) -> None:
    assert list(policy.families_showing(scene.police, Section.IDENTITY)) == [scene.family]
    assert not policy.families_showing(scene.police, Section.HEALTH).exists()
    assert list(policy.families_showing(scene.worker, Section.HEALTH)) == [scene.family]
    _widen(scene, Section.HEALTH)
    assert list(policy.families_showing(scene.police, Section.HEALTH)) == [scene.family]


def test_a_stored_scope_that_is_not_a_section_is_ignored(scene: Any) -> None:
    OrganisationShare.objects.filter(pk=_share(scene).pk).update(scopes=["casework", "everything"])
    assert policy.visible_sections(scene.police, scene.family) == {Section.CASE}


# --- pages and exports -----------------------------------------------------------------------------


def test_a_minimal_share_hides_school_health_strengths_and_unmarked_records(
    scene: Any, signed_in: Callable[[Any], Client]
) -> None:
    text = _pages(scene, identity_confirmed(signed_in(scene.police)))
    assert scene.young_person.first_name in text  # identity basics are covered
    assert MARKED in text
    assert MARKED_EVENT in text
    for hidden in (SCHOOL, HEALTH, STRENGTH, UNMARKED, UNMARKED_EVENT, TRUSTED):
        assert hidden not in text, hidden


def test_the_worker_sees_all_of_it(scene: Any, signed_in: Callable[[Any], Client]) -> None:
    text = _pages(scene, identity_confirmed(signed_in(scene.worker)))
    for shown in (SCHOOL, HEALTH, STRENGTH, UNMARKED, MARKED, UNMARKED_EVENT, MARKED_EVENT):
        assert shown in text, shown


def test_a_share_covering_school_and_health_shows_them_but_still_no_unmarked_record(
    scene: Any, signed_in: Callable[[Any], Client]
) -> None:
    _widen(scene, Section.EDUCATION, Section.HEALTH, Section.STRENGTHS)
    text = _pages(scene, identity_confirmed(signed_in(scene.police)))
    for shown in (SCHOOL, HEALTH, STRENGTH, MARKED):
        assert shown in text, shown
    assert UNMARKED not in text
    assert UNMARKED_EVENT not in text


def test_without_identity_basics_the_child_is_not_shown(
    scene: Any, signed_in: Callable[[Any], Client]
) -> None:
    services.change_share_scopes(
        actor=scene.worker, share=_share(scene), scopes=[Section.MARKED_RECORDS]
    )
    client = identity_confirmed(signed_in(scene.police))
    page = client.get(reverse("cases:family", args=[scene.family.pk])).content.decode()
    assert scene.young_person.last_name not in page.split("<main", 1)[1]
    assert (
        client.get(reverse("cases:young-person", args=[scene.young_person.pk])).status_code == 404
    )


def test_the_map_shows_police_only_people_of_concern_and_only_when_shared(
    scene: Any, signed_in: Callable[[Any], Client]
) -> None:
    client = identity_confirmed(signed_in(scene.police))
    url = reverse("relationships:map", args=[scene.family.pk, scene.young_person.pk])
    assert client.get(url).status_code == 404
    _widen(scene, Section.PEOPLE_OF_CONCERN)
    page = client.get(url).content.decode()
    assert CONCERN in page
    assert TRUSTED not in page
    worker_page = identity_confirmed(signed_in(scene.worker)).get(url).content.decode()
    assert CONCERN in worker_page
    assert TRUSTED in worker_page


# --- the API ---------------------------------------------------------------------------------------


def test_the_api_follows_the_same_rule(scene: Any) -> None:
    text = _api(scene)
    assert MARKED in text
    assert MARKED_EVENT in text
    for hidden in (UNMARKED, UNMARKED_EVENT, "Twi and English"):
        assert hidden not in text, hidden
    person = api_client(scene.police).get(f"/api/v1/young-people/{scene.young_person.pk}/").json()
    assert "language" not in person
    assert person["first_name"] == scene.young_person.first_name
    _widen(scene, Section.ABOUT)
    assert "Twi and English" in _api(scene)


def test_the_api_gives_no_child_without_identity_basics(scene: Any) -> None:
    services.change_share_scopes(
        actor=scene.worker, share=_share(scene), scopes=[Section.MARKED_RECORDS]
    )
    client = api_client(scene.police)
    listed = client.get(f"/api/v1/families/{scene.family.pk}/young-people/").json()
    assert listed["results"] == []
    assert client.get(f"/api/v1/young-people/{scene.young_person.pk}/").status_code == 404


# --- the share -------------------------------------------------------------------------------------


def test_a_share_is_minimal_unless_the_worker_chooses_more_and_is_audited() -> None:
    scene = case_scene()
    other: Any = OrganisationFactory()
    share = services.share_family(
        actor=scene.worker, family=scene.family, organisation=other, basis="consent", notes=""
    )
    assert sorted(share.scopes) == sorted(MINIMAL)
    services.change_share_scopes(
        actor=scene.worker, share=share, scopes=[Section.IDENTITY, Section.HEALTH]
    )
    share.refresh_from_db()
    assert share.scopes == [Section.IDENTITY, Section.HEALTH]
    entry = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(share.pk)).latest(
        "pk"
    )
    assert entry.detail["scopes_to"] == ["identity", "health"]
    assert sorted(entry.detail["scopes_from"]) == sorted(MINIMAL)


def test_a_section_that_is_not_shareable_is_refused(scene: Any) -> None:
    with pytest.raises(ValidationError):
        services.change_share_scopes(
            actor=scene.worker, share=_share(scene), scopes=[Section.CASEWORK]
        )
    with pytest.raises(policy.NotAllowed):
        services.change_share_scopes(
            actor=scene.police, share=_share(scene), scopes=[Section.HEALTH]
        )


def test_the_worker_changes_what_a_live_share_covers(
    scene: Any, signed_in: Callable[[Any], Client]
) -> None:
    client = identity_confirmed(signed_in(scene.worker))
    url = reverse("cases:family-share-scopes", args=[scene.family.pk, _share(scene).pk])
    assert 'value="health"' in client.get(url).content.decode()
    response = client.post(url, {"scopes": [Section.IDENTITY, Section.HEALTH]})
    assert response.status_code == 302
    assert _share(scene).scopes == [Section.IDENTITY, Section.HEALTH]
    assert policy.sees(scene.police, scene.family, Section.HEALTH)


def test_the_share_form_offers_the_sections_with_minimal_ticked(
    scene: Any, signed_in: Callable[[Any], Client]
) -> None:
    client = identity_confirmed(signed_in(scene.worker))
    url = reverse("cases:family-share", args=[scene.family.pk])
    page = client.get(url).content.decode()
    for section in SHAREABLE:
        assert f'value="{section.value}"' in page
    assert page.count("checked") >= len(MINIMAL)
    other: Any = OrganisationFactory()
    response = client.post(
        url,
        {
            "organisation": other.pk,
            "basis": "consent",
            "notes": "",
            "scopes": [Section.IDENTITY, Section.MISSING_EPISODES],
        },
    )
    assert response.status_code == 302
    share = OrganisationShare.objects.get(family=scene.family, organisation=other)
    assert share.scopes == [Section.IDENTITY, Section.MISSING_EPISODES]
