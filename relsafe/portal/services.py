"""Changes the family portal makes: the quick exit, and remembering the interruption page."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from relsafe.accounts.models import User
from relsafe.accounts.services import sign_out
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.portal.models import ExitGuidanceSeen
from relsafe.portal.selectors import shows_exit_this_page


def quick_exit(*, request: HttpRequest) -> bool:
    """End this browser's session on the server, audited as a sign-out by quick exit, for the
    people "Exit this page" is for: parents, young people and anyone not yet signed in (a
    half-finished sign-in ends too). Returns whether it did.

    Through the accounts sign-out service, so the session, its ``UserSession`` record and the
    audit entry go exactly as for "Sign out". The exit is a plain link (a GET with no CSRF
    check, so it works from Shift x3 and without JavaScript), so anyone can make someone follow
    it: a member of staff who does is *not* signed out (they sign out by POST), and the visit is
    audited as a refusal so a forged link shows up in the trail.
    """
    if not shows_exit_this_page(request.user):
        record(
            action=AuditAction.ACCESS_DENIED,
            request=request,
            object_type="url",
            object_id=request.path[:64],
            reason="quick exit is for family members: staff are not signed out by a link",
        )
        return False
    sign_out(request=request, quick_exit=True)
    return True


@transaction.atomic
def mark_exit_guidance_seen(*, user: User) -> ExitGuidanceSeen:
    """Remember that this person has read the interruption page, so sign-in stops showing it.

    Not audited: it records that a page was read, not a read or change of case data.
    """
    seen, _ = ExitGuidanceSeen.objects.get_or_create(user=user)
    return seen
