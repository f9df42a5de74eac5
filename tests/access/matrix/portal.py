"""URL by role rows for the family portal (issue 9): invitations, setting a password from a link,
messages, check-ins and the young person's space."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


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
    appointments = "/portal/families/{family}/appointments/"
    ahead = timezone.localdate() + dt.timedelta(days=7)
    appointment_data = {
        "kind": "home_visit",
        "day": ahead.isoformat(),
        "starts": "10:00",
        "how": "in_person",
        "place": "At home",
        "shown_to_family": "on",
        "version": "1",
    }
    own_parent = outcomes(FORBIDDEN, parent_own_family=OK, parent_other_family=NOT_FOUND)
    return {
        # A young person's own messages (the matrix's young person has no open space: the page
        # says so); a worker's side of a young person's thread.
        "portal:my-messages": Row(
            get=outcomes(FORBIDDEN, young_person=OK),
            post=outcomes(FORBIDDEN, young_person=OK),
            data={"body": "Hello"},
        ),
        "portal:young-person-messages": Row(
            kwargs={"pk": "young_person"},
            get=family_work(),
            post=family_work(redirect("/portal/young-people/{young_person}/messages/")),
            data={"body": "Hello"},
        ),
        # Appointments: the worker's side (the family's tab), then the parent's.
        "portal:appointments-family": Row(
            kwargs={"family_pk": "family"}, get=family_work(), post=get_only(family_work())
        ),
        "portal:appointment-new": Row(
            kwargs={"family_pk": "family"},
            get=family_work(),
            post=family_work(redirect(appointments)),
            data=appointment_data,
        ),
        "portal:appointment-edit": Row(
            kwargs={"pk": "portal_appointment"},
            get=family_work(),
            post=family_work(redirect(appointments)),
            data=appointment_data,
        ),
        "portal:appointment-cancel": Row(
            kwargs={"pk": "portal_appointment"},
            get=family_work(),
            post=family_work(redirect(appointments)),
            data={"reason": "Ill"},
        ),
        "portal:appointment-held": Row(
            kwargs={"pk": "portal_appointment"},
            get=get_only(family_work()),
            post=family_work(redirect(appointments)),
        ),
        "portal:appointments": Row(
            get=outcomes(FORBIDDEN, each(OK, *parents)),
            post=get_only(outcomes(FORBIDDEN, each(OK, *parents))),
        ),
        "portal:appointment-calendar": Row(
            kwargs={"pk": "portal_appointment"}, get=own_parent, post=get_only(own_parent)
        ),
        "portal:appointment-rearrange": Row(
            kwargs={"pk": "portal_appointment"},
            get=own_parent,
            post=outcomes(
                FORBIDDEN, parent_own_family=redirect("/messages/"), parent_other_family=NOT_FOUND
            ),
            data={"body": "Could we make it Friday?"},
        ),
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
            get=family_work(
                parent_own_family=OK, parent_other_family=NOT_FOUND, young_person=NOT_FOUND
            ),
            post=get_only(
                family_work(
                    parent_own_family=OK, parent_other_family=NOT_FOUND, young_person=NOT_FOUND
                )
            ),
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
    appointment = services.arrange_appointment(
        actor=worker,
        family=family,
        values={
            "kind": "home_visit",
            "how": "in_person",
            "place": "At home",
            "starts_at": timezone.now() + dt.timedelta(days=3),
            "shown_to_family": True,
        },
    )
    return {
        "portal_appointment": appointment,
        "portal_carer": carer,
        "portal_invitation": invitation,
        "portal_message": message,
        "portal_parent_action": parent_action,
    }
