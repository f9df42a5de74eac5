"""Which form a draft belongs to, and the signed ticket a form page hands to its autosave.

The ticket is issued only after the form page's own access check passed, binds the person, the
form and the family, and is checked again (with access re-decided) on every save."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from relsafe.accounts.models import User

SALT = "relsafe.drafts.ticket"


@dataclass(frozen=True)
class DraftTicket:
    user_id: int
    form_key: str
    family_id: int | None
    path: str


def form_key(request: HttpRequest) -> str:
    """``records:contact-edit:pk=12``: the URL name and its arguments, stable across visits."""
    match = request.resolver_match
    if match is None:
        raise ValueError("A draft key needs a resolved URL")
    args = ",".join(f"{k}={v}" for k, v in sorted(match.kwargs.items()))
    return f"{match.view_name}:{args}"


def issue(*, user: User, request: HttpRequest, family_id: int | None) -> str:
    payload = {"u": user.pk, "k": form_key(request), "f": family_id, "p": request.path}
    return signing.dumps(payload, salt=SALT, compress=True)


def read(token: str) -> DraftTicket:
    """Raise ``signing.BadSignature`` for a forged, altered or too-old ticket."""
    data = signing.loads(token, salt=SALT, max_age=settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS)
    return DraftTicket(
        user_id=int(data["u"]),
        form_key=str(data["k"]),
        family_id=int(data["f"]) if data.get("f") is not None else None,
        path=str(data["p"]),
    )
