"""Keeping what a person typed when their session timed out before they pressed save: the
session policy (``accounts.middleware``) offers the post here through ``accounts.hooks``, after
checking its CSRF token. Registered from ``DraftsConfig.ready``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from relsafe.accounts.hooks import register_timeout_keeper
from relsafe.accounts.models import User
from relsafe.drafts.services import keep_draft


def wants(request: HttpRequest) -> bool:
    """Only forms that carry a draft ticket (issued by the form page after its access check)."""
    return bool(request.POST.get("draft_token"))


def keep(request: HttpRequest) -> None:
    """Keep the post as the person's draft for that form, if they may still write there; a
    refused ticket keeps nothing."""
    if not isinstance(request.user, User):
        return  # nobody signed in: nothing to keep
    try:
        keep_draft(
            actor=request.user,
            token=request.POST["draft_token"],
            data=request.POST,
            request=request,
            reason="kept as the session timed out",
        )
    except (PermissionDenied, ValidationError):  # a refusal is audited by the service
        return


def register() -> None:
    register_timeout_keeper("drafts", wants=wants, keep=keep)
