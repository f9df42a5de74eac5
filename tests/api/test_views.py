"""The API's behaviour: ETag/If-Match (412, 428), the one error shape for bad input (nothing saved
half-way, no trace), token expiry/revocation/scope, per-token rate limit, audit entries,
pagination and ``modified_since``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from relsafe.api.models import ApiToken
from relsafe.audit.models import AuditEvent
from relsafe.records.models import Contact
from tests.api.factories import TokenClient, api_client, token_for
from tests.factories import ContactFactory, case_scene

pytestmark = pytest.mark.django_db

NEW_CONTACT = {"kind": "phone_call", "occurred_at": "2026-12-01T10:00:00Z", "discussed": "A call"}


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert "Traceback" not in response.content.decode()
    return dict(body["error"])


@pytest.fixture
def scene() -> Any:
    return case_scene()


@pytest.fixture
def contact(scene: Any) -> Contact:
    made: Any = ContactFactory(family=scene.family, recorded_by=scene.worker)
    return made


def test_a_read_carries_an_etag_and_a_fresh_if_match_saves(scene: Any, contact: Contact) -> None:
    client = api_client(scene.worker)
    read = client.get(f"/api/v1/contacts/{contact.pk}/")
    etag = read["ETag"]
    assert etag == f'"contact-{contact.pk}-v1"'
    saved = client.patch(
        f"/api/v1/contacts/{contact.pk}/",
        {"discussed": "Changed"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert saved.status_code == 200
    assert saved["ETag"] == f'"contact-{contact.pk}-v2"'
    contact.refresh_from_db()
    assert (contact.discussed, contact.version) == ("Changed", 2)


def test_a_stale_if_match_gets_412_and_changes_nothing(scene: Any, contact: Contact) -> None:
    client = api_client(scene.worker)
    stale = client.get(f"/api/v1/contacts/{contact.pk}/")["ETag"]
    client.patch(
        f"/api/v1/contacts/{contact.pk}/",
        {"discussed": "First"},
        content_type="application/json",
        HTTP_IF_MATCH=stale,
    )
    second = client.patch(
        f"/api/v1/contacts/{contact.pk}/",
        {"discussed": "Second"},
        content_type="application/json",
        HTTP_IF_MATCH=stale,
    )
    assert second.status_code == 412
    assert _error(second)["code"] == "precondition_failed"
    contact.refresh_from_db()
    assert contact.discussed == "First"


def test_a_write_without_if_match_gets_428(scene: Any, contact: Contact) -> None:
    response = api_client(scene.worker).patch(
        f"/api/v1/contacts/{contact.pk}/", {"discussed": "x"}, content_type="application/json"
    )
    assert response.status_code == 428
    assert _error(response)["code"] == "precondition_required"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ("{not json", "parse_error", None),
        (json.dumps({**NEW_CONTACT, "occurred_at": 12}), "invalid", "occurred_at"),
        (json.dumps({**NEW_CONTACT, "significant": "perhaps"}), "invalid", "significant"),
        (json.dumps({**NEW_CONTACT, "colour": "red"}), "invalid", "colour"),
        (json.dumps({**NEW_CONTACT, "discussed": ""}), "invalid", "discussed"),
        (json.dumps([NEW_CONTACT]), "invalid", "non_field_errors"),
        (json.dumps({**NEW_CONTACT, "young_people": [999999]}), "invalid", "young_people"),
        # Found by schemathesis: a year like 0964 is a typo (and broke time-zone output).
        (
            json.dumps({**NEW_CONTACT, "occurred_at": "0964-05-25T01:24:44+08:00"}),
            "invalid",
            "occurred_at",
        ),
    ],
)
def test_bad_input_is_a_400_in_one_shape_and_nothing_is_saved(
    scene: Any, body: str, code: str, field: str | None
) -> None:
    before = Contact.objects.count()
    response = api_client(scene.worker).post(
        f"/api/v1/families/{scene.family.pk}/contacts/", body, content_type="application/json"
    )
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == code
    if field:
        assert field in error["fields"]
    assert Contact.objects.count() == before


def test_a_body_over_1_mb_is_refused_with_413(scene: Any) -> None:
    huge = json.dumps({**NEW_CONTACT, "discussed": "x" * (1024 * 1024 + 10)})
    response = api_client(scene.worker).post(
        f"/api/v1/families/{scene.family.pk}/contacts/", huge, content_type="application/json"
    )
    assert response.status_code == 413
    assert _error(response)["code"] == "body_too_large"
    assert not Contact.objects.filter(family=scene.family).exists()


def test_another_content_type_is_415(scene: Any) -> None:
    response = api_client(scene.worker).post(
        f"/api/v1/families/{scene.family.pk}/contacts/", "kind=x", content_type="text/plain"
    )
    assert response.status_code == 415
    assert _error(response)["code"] == "unsupported_media_type"


def test_a_read_only_token_may_not_write(scene: Any) -> None:
    response = api_client(scene.worker, scope=ApiToken.Scope.READ).post(
        f"/api/v1/families/{scene.family.pk}/contacts/",
        NEW_CONTACT,
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _error(response)["code"] == "scope_too_small"
    assert not Contact.objects.filter(family=scene.family).exists()


def test_a_forbidden_writer_is_refused_by_the_service_and_audited(scene: Any) -> None:
    """Police read the shared family, but recording is casework: the service's own check refuses."""
    response = api_client(scene.police).post(
        f"/api/v1/families/{scene.family.pk}/contacts/",
        NEW_CONTACT,
        content_type="application/json",
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(actor_id=scene.police.pk, action="access_denied").exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"expires_at": timezone.now() - dt.timedelta(seconds=1)}, "token_expired"),
        ({"revoked_at": timezone.now()}, "token_revoked"),
    ],
)
def test_an_expired_or_revoked_token_gets_401(
    scene: Any, change: dict[str, Any], code: str
) -> None:
    plain = token_for(scene.worker)
    ApiToken.objects.filter(user=scene.worker).update(**change)
    response = TokenClient(plain).get("/api/v1/families/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert _error(response)["code"] == code


@pytest.mark.parametrize("header", ["Bearer rs_nope_nope", "Bearer", "Bearer a b", "Bearer xyz"])
def test_a_wrong_token_gets_401(header: str) -> None:
    from django.test import Client

    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/families/")
    assert response.status_code == 401
    assert _error(response)["code"] in {"token_invalid", "not_authenticated"}


def test_a_signed_in_session_without_a_token_gets_401(scene: Any, signed_in: Any) -> None:
    response = signed_in(scene.worker).get("/api/v1/families/")
    assert response.status_code == 401


def test_each_token_has_its_own_rate_limit(scene: Any, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.API_TOKEN_RATE = "3/min"
    first, second = api_client(scene.worker), api_client(scene.worker)
    statuses = [first.get("/api/v1/families/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = first.get("/api/v1/families/")
    assert _error(limited)["code"] == "throttled"
    assert "Retry-After" in limited
    assert second.get("/api/v1/families/").status_code == 200


def test_every_call_is_audited_like_a_page_view(scene: Any, contact: Contact) -> None:
    client = api_client(scene.worker)
    client.get("/api/v1/families/")
    assert AuditEvent.objects.filter(
        actor_id=scene.worker.pk, action="view", object_type="api.family"
    ).exists()
    client.get(f"/api/v1/contacts/{contact.pk}/")
    assert AuditEvent.objects.filter(
        actor_id=scene.worker.pk,
        action="view",
        object_type="records.contact",
        object_id=str(contact.pk),
    ).exists()
    etag = client.get(f"/api/v1/contacts/{contact.pk}/")["ETag"]
    client.patch(
        f"/api/v1/contacts/{contact.pk}/",
        {"discussed": "Changed"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert AuditEvent.objects.filter(
        actor_id=scene.worker.pk,
        action="update",
        object_type="records.contact",
        object_id=str(contact.pk),
    ).exists()
    client.get(f"/api/v1/families/{scene.family.pk}/chronology/")
    assert AuditEvent.objects.filter(
        actor_id=scene.worker.pk,
        action="view",
        object_type="cases.family",
        family_id=scene.family.pk,
    ).exists()


def test_lists_are_paginated(scene: Any) -> None:
    for _ in range(3):
        ContactFactory(family=scene.family, recorded_by=scene.worker)
    client = api_client(scene.worker)
    page = client.get(f"/api/v1/families/{scene.family.pk}/contacts/?page_size=2").json()
    assert (page["count"], len(page["results"])) == (3, 2)
    assert page["next"]
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 1


def test_modified_since_gives_only_what_changed(scene: Any) -> None:
    old: Any = ContactFactory(family=scene.family, recorded_by=scene.worker)
    Contact.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    new: Any = ContactFactory(family=scene.family, recorded_by=scene.worker)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    client = api_client(scene.worker)
    page = client.get(
        f"/api/v1/families/{scene.family.pk}/contacts/", {"modified_since": since}
    ).json()
    assert [c["id"] for c in page["results"]] == [new.pk]
    for wrong in ("yesterday", "2026-12-01T00:00:00", "0001-01-01T00:00:00%2B05:00"):
        bad = client.get(f"/api/v1/families/{scene.family.pk}/contacts/?modified_since={wrong}")
        assert bad.status_code == 400
        assert "modified_since" in _error(bad)["fields"]


def test_an_unknown_api_address_is_a_json_404(scene: Any) -> None:
    response = api_client(scene.worker).get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_huge_id_is_not_found_not_an_overflow(scene: Any) -> None:
    response = api_client(scene.worker).get(f"/api/v1/contacts/{10**30}/")
    assert response.status_code == 404


def test_a_referral_is_recorded_and_changed_through_the_plans_services(scene: Any) -> None:
    from relsafe.plans.models import Referral

    client = api_client(scene.worker)
    made = client.post(
        f"/api/v1/families/{scene.family.pk}/referrals/",
        {"young_person": scene.young_person.pk, "kind": "nrm", "submitted_on": "2026-11-02"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    referral = Referral.objects.get(pk=made.json()["id"])
    bad = client.patch(
        f"/api/v1/families/{scene.family.pk}/referrals/{referral.pk}/",
        {"reasonable_grounds_on": "2026-10-01"},
        content_type="application/json",
        HTTP_IF_MATCH=made["ETag"],
    )
    assert bad.status_code == 400
    assert "reasonable_grounds_on" in _error(bad)["fields"]
    changed = client.patch(
        f"/api/v1/families/{scene.family.pk}/referrals/{referral.pk}/",
        {"reference": "NRM-123"},
        content_type="application/json",
        HTTP_IF_MATCH=made["ETag"],
    )
    assert changed.status_code == 200, changed.content
    referral.refresh_from_db()
    assert (referral.reference, referral.version) == ("NRM-123", 2)


def test_a_plan_action_is_added_and_given_to_a_worker_in_the_team(scene: Any) -> None:
    from tests.factories import PlanFactory

    PlanFactory(family=scene.family)
    client = api_client(scene.worker)
    url = f"/api/v1/families/{scene.family.pk}/plan/actions/"
    body = {"description": "Ring school", "owner_type": "worker", "due_on": "2026-12-20"}
    outsider = client.post(
        url, {**body, "owner_user": scene.other_team_worker.pk}, content_type="application/json"
    )
    assert outsider.status_code == 400
    assert "owner_user" in _error(outsider)["fields"]
    made = client.post(
        url, {**body, "owner_user": scene.worker.pk}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["owner_user"] == scene.worker.pk
    listed = client.get(url).json()
    assert [a["id"] for a in listed["results"]] == [made.json()["id"]]
