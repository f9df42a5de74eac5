"""Tokens: hashed at rest, shown once, limited in life, revocable by their owner only."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError

from relsafe.api.models import ApiToken
from relsafe.api.services import TokenRefused, check_token, create_token, revoke_token
from relsafe.audit.models import AuditEvent
from tests.api.factories import staff_user

pytestmark = pytest.mark.django_db


def test_only_the_secrets_hash_is_stored() -> None:
    worker = staff_user()
    made = create_token(actor=worker, name="Sync", scope="read", days=7)
    _, prefix, secret = made.plain.split("_", 2)
    stored = ApiToken.objects.get(pk=made.token.pk)
    assert stored.prefix == prefix
    assert stored.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(stored.__dict__)
    assert check_token(made.plain).pk == stored.pk
    assert AuditEvent.objects.filter(
        actor_id=worker.pk, action="create", object_type="api.apitoken"
    ).exists()


@pytest.mark.parametrize(
    ("name", "scope", "days"),
    [("", "read", 5), ("x", "admin", 5), ("x", "read", 0), ("x", "read", 10_000)],
)
def test_bad_token_requests_are_refused(name: str, scope: str, days: int) -> None:
    with pytest.raises(ValidationError):
        create_token(actor=staff_user(), name=name, scope=scope, days=days)
    assert not ApiToken.objects.exists()


def test_a_changed_secret_is_not_accepted() -> None:
    made = create_token(actor=staff_user(), name="Sync", scope="read", days=7)
    with pytest.raises(TokenRefused) as refused:
        check_token(made.plain[:-1] + ("A" if made.plain[-1] != "A" else "B"))
    assert refused.value.code == "token_invalid"


def test_only_the_owner_revokes_and_a_revoked_token_stops_working() -> None:
    owner = staff_user()
    made = create_token(actor=owner, name="Sync", scope="read", days=7)
    with pytest.raises(ValidationError):
        revoke_token(actor=staff_user(), token=made.token)
    revoke_token(actor=owner, token=made.token)
    with pytest.raises(TokenRefused) as refused:
        check_token(made.plain)
    assert refused.value.code == "token_revoked"


def test_a_deactivated_persons_token_stops_working() -> None:
    owner = staff_user()
    made = create_token(actor=owner, name="Sync", scope="read", days=7)
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    with pytest.raises(TokenRefused):
        check_token(made.plain)
