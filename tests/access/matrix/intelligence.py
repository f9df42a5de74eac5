"""URL by role rows for partnership intelligence (issue 10): caseworkers who may open the family
write and send; the analysts of the force a submission was sent to read and act on it; everyone
else is refused (403 for the wrong kind of work, 404 for another force's or family's)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        BAD_REQUEST,
        FORBIDDEN,
        NOT_ALLOWED,
        NOT_FOUND,
        OK,
        Row,
        family_work,
        get_only,
        outcomes,
        redirect,
    )

    both_forces = {"police_with_share": OK, "police_without_share": OK}
    police = outcomes(FORBIDDEN, **both_forces)
    received = outcomes(FORBIDDEN, police_with_share=OK, police_without_share=NOT_FOUND)
    return {
        "intelligence:submission-create": Row(
            kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
        ),
        "intelligence:submission": Row(
            kwargs={"pk": "intel_sent"}, get=family_work(), post=get_only(family_work())
        ),
        "intelligence:submission-edit": Row(
            kwargs={"pk": "intel_draft"}, get=family_work(), post=family_work()
        ),
        "intelligence:submission-send": Row(
            step_up=True,
            kwargs={"pk": "intel_draft"},
            get=family_work(),
            post=family_work(redirect("/intelligence/sent/{intel_draft}/")),
            data={"version": "1"},
        ),
        "intelligence:queue": Row(get=police, post=get_only(police)),
        "intelligence:received": Row(
            kwargs={"pk": "intel_sent"}, get=received, post=get_only(received)
        ),
        "intelligence:acknowledge": Row(
            kwargs={"pk": "intel_sent"},
            get=get_only(received),
            post=outcomes(
                FORBIDDEN,
                police_with_share=redirect("/intelligence/received/{intel_sent}/"),
                police_without_share=NOT_FOUND,
            ),
        ),
        "intelligence:outcome": Row(
            kwargs={"pk": "intel_sent"},
            get=received,
            post=received,  # nothing chosen: the form comes back with its errors
        ),
        "intelligence:received-export": Row(
            step_up=True,
            kwargs={"pk": "intel_sent", "fmt": "intel_format"},
            get=received,
            post=get_only(received),
        ),
        "intelligence:person": Row(
            kwargs={"pk": "intel_person"}, get=received, post=get_only(received)
        ),
        **{
            f"intelligence:person-{action}": Row(
                kwargs={"pk": "intel_person"},
                get=outcomes(
                    FORBIDDEN, police_with_share=NOT_ALLOWED, police_without_share=NOT_ALLOWED
                ),
                # Nothing filled in: the page comes back with its errors.
                post=outcomes(
                    FORBIDDEN, police_with_share=BAD_REQUEST, police_without_share=NOT_FOUND
                ),
            )
            for action in ("confirm", "split", "link")
        },
        "intelligence:network": Row(get=police, post=get_only(police)),
        **{
            f"intelligence:network-{name}": Row(step_up=True, get=police, post=get_only(police))
            for name in ("mace", "entities", "links")
        },
        "intelligence:relink": Row(
            get=police,
            post=outcomes(
                FORBIDDEN,
                police_with_share=redirect("/intelligence/relink/"),
                police_without_share=redirect("/intelligence/relink/"),
            ),
        ),
        "intelligence:relink-progress": Row(
            kwargs={"pk": "intel_relink"}, get=police, post=get_only(police)
        ),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from relsafe.intelligence import linking, services
    from relsafe.intelligence.models import RelinkRun
    from tests.intelligence.factories import details

    linking.forget_index()
    worker = people["psw_allocated"]
    force = people["police_with_share"].organisation
    family = objects["family"]
    sent = services.send_submission(
        actor=worker,
        submission=services.create_submission(
            actor=worker,
            family=family,
            details=details(force, young_people=[objects["young_person"]]),
        ),
        expected_version=1,
    )
    draft = services.create_submission(actor=worker, family=family, details=details(force))
    run = RelinkRun.objects.create(started_by=people["police_with_share"], status="done")
    return {
        "intel_sent": sent,
        "intel_draft": draft,
        "intel_person": sent.mentions.get().person,
        "intel_relink": run,
        "intel_format": SimpleNamespace(pk="pdf"),
    }
