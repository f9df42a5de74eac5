"""Changes the family portal makes: the quick exit, and remembering the interruption page."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from relsafe.accounts.services import sign_out
from relsafe.portal.models import ExitGuidanceSeen


def quick_exit(*, request: HttpRequest) -> None:
    """End this browser's session on the server, audited as a sign-out by quick exit.

    Through the accounts sign-out service, so the session, its ``UserSession`` record and the
    audit entry go exactly as for "Sign out". Someone not signed in has nothing to end.
    """
    sign_out(request=request, quick_exit=True)


@transaction.atomic
def mark_exit_guidance_seen(*, user: Any) -> ExitGuidanceSeen:
    """Remember that this person has read the interruption page, so sign-in stops showing it.

    Not audited: it records that a page was read, not a read or change of case data.
    """
    seen, _ = ExitGuidanceSeen.objects.get_or_create(user=user)
    return seen
