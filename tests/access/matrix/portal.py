"""URL by role rows for the family portal (issue 9): invitations, setting a password from a link,
messages, check-ins and the young person's space."""

from __future__ import annotations

from typing import Any


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        FORBIDDEN,
        NOT_ALLOWED,
        NOT_FOUND,
        OK,
        Row,
        each,
        family_work,
        get_only,
        outcomes,
        redirect,
    )

    family_page = "/families/{family}/"
    parents = ("parent_own_family", "parent_other_family")
    return {
        # A worker with the family invites a carer or a young person; the POST answers with the
        # one-time link (200), never a redirect that would carry it.
        "portal:invite-carer": Row(
            kwargs={"family_pk": "family", "pk": "portal_carer"},
            get=family_work(),
            post=family_work(),
            data={"email": "invitee@example.org"},
        ),
        "portal:invite-young-person": Row(
            kwargs={"family_pk": "family", "pk": "young_person"},
            get=family_work(),
            post=family_work(),
            data={"email": "young-invitee@example.org"},
        ),
        "portal:invitation-withdraw": Row(
            kwargs={"pk": "portal_invitation"},
            get=get_only(family_work()),
            post=family_work(redirect(family_page)),
        ),
        # Anyone may open a link; one that is not a real link is a clear page with a 404.
        "portal:join": Row(
            kwargs={"token": "family"},
            get=outcomes(NOT_FOUND, anonymous=NOT_FOUND),
            post=outcomes(NOT_FOUND, anonymous=NOT_FOUND),
            data={"password": "kettle orchard lantern 42", "password_again": "x"},
        ),
        # A parent's own thread (each parent sees only their own family's).
        "portal:messages": Row(
            get=outcomes(FORBIDDEN, each(OK, *parents)),
            post=outcomes(FORBIDDEN, each(redirect("/messages/"), *parents)),
            data={"body": "Hello"},
        ),
        "portal:family-messages": Row(
            kwargs={"family_pk": "family"},
            get=family_work(),
            post=family_work(redirect("/portal/families/{family}/messages/")),
            data={"body": "Hello"},
        ),
        # A message's file: the workers with the family and the family's own parent.
        "portal:message-file": Row(
            kwargs={"pk": "portal_message"},
            get=family_work(parent_own_family=OK, parent_other_family=NOT_FOUND),
            post=get_only(family_work(parent_own_family=OK, parent_other_family=NOT_FOUND)),
        ),
        "portal:check-in": Row(
            get=outcomes(FORBIDDEN, each(OK, *parents)),
            post=outcomes(FORBIDDEN, each(redirect("/check-in/"), *parents)),
            data={"coping": "3", "understanding": "4", "confidence": "2"},
        ),
        "portal:family-check-ins": Row(
            kwargs={"family_pk": "family"},
            get=family_work(),
            post=get_only(family_work()),
        ),
        # The matrix's young person has no space yet: the page says it is not open.
        "portal:space": Row(
            get=outcomes(FORBIDDEN, young_person=OK),
            post=outcomes(FORBIDDEN, young_person=OK),
            data={"trusted_adult": "My uncle"},
        ),
        # A parent marks an action the shared plan gives them as done (plans, for the portal).
        "plans:family-action-done": Row(
            kwargs={"family_pk": "family", "pk": "portal_parent_action"},
            get=outcomes(FORBIDDEN, each(NOT_ALLOWED, *parents)),
            post=outcomes(
                FORBIDDEN,
                parent_own_family=redirect("/"),
                parent_other_family=NOT_FOUND,
            ),
        ),
        "portal:space-switch": Row(
            kwargs={"pk": "young_person"},
            get=get_only(family_work()),
            post=family_work(redirect(family_page)),
            data={"on": "1"},
        ),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from django.test import TestCase
    from django.utils import timezone

    from relsafe.portal import services
    from tests import sample_files
    from tests.factories import CarerFactory, PlanActionFactory

    family = objects["family"]
    worker = people["psw_allocated"]
    carer: Any = CarerFactory(family=family, full_name="Matrix uncle", relationship="uncle")
    invitation, _ = services.invite_family_member(
        actor=worker, person=carer, email="matrix-uncle@example.org"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file is written on commit
        message = services.send_message(
            actor=worker,
            family=family,
            body="The leaflet we talked about",
            attachment_name="leaflet.pdf",
            attachment_data=sample_files.pdf_bytes(),
        )
    plan = objects["plan"]
    plan.shared_with_family = True
    plan.shared_at = timezone.now()
    plan.save(update_fields=["shared_with_family", "shared_at"])
    parent_action: Any = PlanActionFactory(plan=plan, owner_type="parent")
    return {
        "portal_carer": carer,
        "portal_invitation": invitation,
        "portal_message": message,
        "portal_parent_action": parent_action,
    }
