"""Every API endpoint as each kind of person, through their own token (the URL matrix's session
clients carry no token, so the matrix only shows these URLs refuse a session with 401; see
``tests/access/matrix/api.py``). And the IDOR test per endpoint: a token from another team gets 404
for every object of a family it does not work with, for reads and writes alike."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.api.services import create_token
from tests.api.factories import api_client, pk_of
from tests.factories import (
    ContactFactory,
    MissingEpisodeFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    case_scene,
)

pytestmark = pytest.mark.django_db

PEOPLE = (
    "worker",
    "manager",
    "police",
    "other_team_worker",
    "other_team_manager",
    "commissioner",
    "administrator",
)
CASEWORK = {"worker": 200, "manager": 200}
NOT_THEIRS = {"other_team_worker": 404, "other_team_manager": 404}
ROLE_REFUSED = {"commissioner": 403, "administrator": 403}

# endpoint -> expected status per person (police: the family is shared with their force).
FAMILY_READ = {**CASEWORK, "police": 200, **NOT_THEIRS, "commissioner": 404, "administrator": 404}
RECORDS_READ = {**CASEWORK, "police": 200, **NOT_THEIRS, **ROLE_REFUSED}
PLAN_READ = {**CASEWORK, "police": 403, **NOT_THEIRS, **ROLE_REFUSED}
ENDPOINTS: dict[str, tuple[str, dict[str, int]]] = {
    "families": ("/api/v1/families/", dict.fromkeys(PEOPLE, 200)),
    "family": ("/api/v1/families/{family}/", FAMILY_READ),
    "young people": ("/api/v1/families/{family}/young-people/", FAMILY_READ),
    "young person": ("/api/v1/young-people/{young_person}/", FAMILY_READ),
    "contacts": ("/api/v1/families/{family}/contacts/", RECORDS_READ),
    # Police see another organisation's contact only when it is marked to share with police.
    "contact": ("/api/v1/contacts/{contact}/", {**RECORDS_READ, "police": 404}),
    "chronology": ("/api/v1/families/{family}/chronology/", RECORDS_READ),
    "missing episodes": ("/api/v1/families/{family}/missing-episodes/", RECORDS_READ),
    # The force's share is minimal (access/sections.py): it does not cover missing episodes.
    "missing episode": ("/api/v1/missing-episodes/{episode}/", {**RECORDS_READ, "police": 404}),
    "plan": ("/api/v1/families/{family}/plan/", PLAN_READ),
    "plan actions": ("/api/v1/families/{family}/plan/actions/", PLAN_READ),
    "plan action": ("/api/v1/families/{family}/plan/actions/{action}/", PLAN_READ),
    "referrals": ("/api/v1/families/{family}/referrals/", PLAN_READ),
    "referral": ("/api/v1/families/{family}/referrals/{referral}/", PLAN_READ),
}


def build() -> tuple[Any, dict[str, int]]:
    scene = case_scene()
    plan = PlanFactory(family=scene.family)
    ids = {
        "family": scene.family.pk,
        "young_person": scene.young_person.pk,
        "contact": pk_of(ContactFactory(family=scene.family, recorded_by=scene.worker)),
        "episode": pk_of(
            MissingEpisodeFactory(
                family=scene.family, young_person=scene.young_person, recorded_by=scene.worker
            )
        ),
        "action": pk_of(PlanActionFactory(plan=plan)),
        "referral": pk_of(ReferralFactory(family=scene.family, young_person=scene.young_person)),
    }
    return scene, ids


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_person_gets_what_the_pages_allow(endpoint: str) -> None:
    scene, ids = build()
    url, expected = ENDPOINTS[endpoint]
    got = {
        person: api_client(scene.person(person)).get(url.format(**ids)).status_code
        for person in PEOPLE
    }
    assert got == {person: expected[person] for person in PEOPLE}


def test_the_family_list_holds_only_families_the_person_may_open() -> None:
    scene, ids = build()
    seen = {
        person: [
            f["id"]
            for f in api_client(scene.person(person)).get("/api/v1/families/").json()["results"]
        ]
        for person in PEOPLE
    }
    assert seen["worker"] == [ids["family"]]
    assert seen["police"] == [ids["family"]]
    assert seen["other_team_worker"] == []
    assert seen["administrator"] == []


WRITES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "record a contact": (
        "post",
        "/api/v1/families/{family}/contacts/",
        {"kind": "phone_call", "occurred_at": "2026-12-01T10:00:00Z", "discussed": "A call"},
    ),
    "change a contact": ("patch", "/api/v1/contacts/{contact}/", {"discussed": "Changed"}),
    "record a missing episode": (
        "post",
        "/api/v1/families/{family}/missing-episodes/",
        {
            "young_person": 0,
            "reported_missing_at": "2026-12-01T22:00:00Z",
            "reported_by": "Mum",
            "risk_level": "high",
        },
    ),
    "record a referral": (
        "post",
        "/api/v1/families/{family}/referrals/",
        {"young_person": 0, "kind": "nrm", "submitted_on": "2026-11-02"},
    ),
    "change a referral": (
        "patch",
        "/api/v1/families/{family}/referrals/{referral}/",
        {"reference": "X"},
    ),
    "add a plan action": (
        "post",
        "/api/v1/families/{family}/plan/actions/",
        {
            "description": "Ring school",
            "owner_type": "agency",
            "owner_name": "School",
            "due_on": "2026-12-20",
        },
    ),
    "change a plan action": (
        "patch",
        "/api/v1/families/{family}/plan/actions/{action}/",
        {"status": "done"},
    ),
}


# Every endpoint but the family list, which has no object to guess (it is empty for them, above).
OBJECT_ENDPOINTS = [name for name in ENDPOINTS if name != "families"]


@pytest.mark.parametrize("endpoint", OBJECT_ENDPOINTS)
def test_a_token_from_another_team_gets_404_on_every_read(endpoint: str) -> None:
    scene, ids = build()
    url, _ = ENDPOINTS[endpoint]
    response = api_client(scene.other_team_worker).get(url.format(**ids))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("write", WRITES)
def test_a_token_from_another_team_gets_404_on_every_write(write: str) -> None:
    from relsafe.records.models import Contact, MissingEpisode

    scene, ids = build()
    method, url, body = WRITES[write]
    if "young_person" in body:
        body = {**body, "young_person": ids["young_person"]}
    before = (Contact.objects.count(), MissingEpisode.objects.count())
    client = api_client(scene.other_team_worker)
    response = getattr(client, method)(
        url.format(**ids), body, content_type="application/json", HTTP_IF_MATCH='"x-1-v1"'
    )
    assert response.status_code == 404
    assert (Contact.objects.count(), MissingEpisode.objects.count()) == before


def test_family_members_cannot_hold_tokens() -> None:
    from django.core.exceptions import ValidationError

    scene, _ = build()
    with pytest.raises(ValidationError):
        create_token(actor=scene.parent, name="mine", scope="read", days=5)
