"""The token pages and the docs page: GOV.UK pages for signed-in staff; making a token asks
"confirm it is you" and shows the token once."""

from __future__ import annotations

from typing import Any

import pytest

from relsafe.api.models import ApiToken
from tests.api.factories import staff_user
from tests.conftest import identity_confirmed

pytestmark = pytest.mark.django_db


def test_making_a_token_asks_to_confirm_who_you_are(signed_in: Any) -> None:
    client = signed_in(staff_user())
    response = client.get("/api/tokens/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/confirm")


def test_a_new_token_is_shown_once_and_listed_by_its_prefix_only(signed_in: Any) -> None:
    worker = staff_user()
    client = identity_confirmed(signed_in(worker))
    made = client.post("/api/tokens/new/", {"name": "MASH sync", "scope": "read", "days": "30"})
    assert made.status_code == 200
    plain = made.context["made"].plain
    assert plain in made.content.decode()
    listing = client.get("/api/tokens/").content.decode()
    token = ApiToken.objects.get(user=worker)
    assert f"rs_{token.prefix}_" in listing
    assert plain not in listing


def test_a_bad_form_keeps_what_was_typed(signed_in: Any) -> None:
    client = identity_confirmed(signed_in(staff_user()))
    response = client.post("/api/tokens/new/", {"name": "Sync", "scope": "read", "days": "9999"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert 'value="Sync"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token(signed_in: Any) -> None:
    from relsafe.api.services import create_token

    worker = staff_user()
    made = create_token(actor=worker, name="Sync", scope="read", days=7)
    response = signed_in(worker).post(f"/api/tokens/{made.token.pk}/revoke/")
    assert response.status_code == 302
    made.token.refresh_from_db()
    assert made.token.revoked_at is not None


def test_the_docs_page_lists_the_operations(signed_in: Any) -> None:
    page = signed_in(staff_user()).get("/api/docs/").content.decode()
    assert "/api/v1/families/{family_pk}/chronology/" in page
