"""Making, checking and revoking personal access tokens. A token is ``rs_<prefix>_<secret>``; only
the secret's SHA-256 is stored, and it is compared in constant time."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.accounts.roles import STAFF_ROLES
from relsafe.api.models import ApiToken
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record

TOKEN_START = "rs_"  # noqa: S105 (the public start of every token, not a secret)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str  # shown once, never stored


@transaction.atomic
def create_token(
    *,
    actor: User,
    name: str,
    scope: str,
    days: int,
    request: HttpRequest | None = None,
) -> NewToken:
    """A token for the actor's own use (staff only), valid for ``days`` (at most
    ``API_TOKEN_MAX_DAYS``). The caller must have had the person confirm who they are."""
    if actor.role not in STAFF_ROLES or not actor.is_active:
        raise ValidationError("Only staff can make API tokens.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter what the token is for."})
    if len(name) > 100:
        raise ValidationError({"name": "Name must be 100 characters or fewer."})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": "Choose read only, or read and write."})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": f"Choose between 1 and {settings.API_TOKEN_MAX_DAYS} days."})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=prefix,
        secret_sha256=_digest(secret),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=token,
        detail={"prefix": prefix, "scope": scope, "days": days},
    )
    return NewToken(token=token, plain=f"{TOKEN_START}{prefix}_{secret}")


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken, request: HttpRequest | None = None) -> ApiToken:
    """Stop a token working at once. Only its owner revokes it (the selector finds only theirs)."""
    if token.user_id != actor.pk:
        raise ValidationError("This token is not yours.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            action=AuditAction.UPDATE,
            actor=actor,
            request=request,
            obj=token,
            detail={"prefix": token.prefix, "revoked": True},
        )
    return token


class TokenRefused(Exception):
    """Why a presented token does not work: ``code`` is the JSON error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_token(plain: str) -> ApiToken:
    """The live token for this text, with its user, or TokenRefused (never says which part of an
    unknown token was wrong)."""
    unknown = TokenRefused("token_invalid", "The API token is not valid.")
    if not plain.startswith(TOKEN_START) or plain.count("_") < 2:
        raise unknown
    prefix, _, secret = plain[len(TOKEN_START) :].partition("_")
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_sha256, _digest(secret)):
        raise unknown
    if token.revoked_at is not None:
        raise TokenRefused("token_revoked", "This API token has been revoked.")
    if token.expires_at <= timezone.now():
        raise TokenRefused("token_expired", "This API token has expired.")
    user = token.user
    if not user.is_active or user.role not in STAFF_ROLES:
        raise unknown
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
