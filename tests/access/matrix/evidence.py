"""The evidence log's URLs (issue 9). The log is the family's: their own parent and the workers
with a route to the family read and add to it; only workers review; police never read it here
(what reaches them goes through partnership intelligence). Anything out of reach is a 404."""

from __future__ import annotations

from typing import Any


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        CASEWORKERS,
        FORBIDDEN,
        NOT_ALLOWED,
        NOT_FOUND,
        OK,
        WITH_ACCESS,
        Row,
        each,
        outcomes,
        redirect,
    )

    parents = ("parent_own_family", "parent_other_family")
    keepers = (*CASEWORKERS, *parents)

    def log_read(expect: Any = OK, **overrides: Any) -> dict[str, Any]:
        """The family's own parent and the workers with access; other workers and the other
        family's parent 404; everyone else (police, commissioner, administrator, young person)
        403 by the kind of work."""
        return outcomes(
            FORBIDDEN,
            each(NOT_FOUND, *keepers),
            each(expect, *WITH_ACCESS, "parent_own_family"),
            **overrides,
        )

    def review(expect: Any = OK) -> dict[str, Any]:
        return outcomes(FORBIDDEN, each(NOT_FOUND, *CASEWORKERS), each(expect, *WITH_ACCESS))

    entry_form = {
        "occurred_on": "{today}",
        "what_happened": "A grey Audi waited outside the school gates.",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "vehicles-TOTAL_FORMS": "1",
        "vehicles-INITIAL_FORMS": "0",
        "vehicles-0-plate": "LM19 XKD",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "source_note": "Precious, on the phone",
    }
    log_page = "/evidence/families/{family}/"
    return {
        "evidence:mine": Row(
            get=outcomes(
                FORBIDDEN,
                parent_own_family=redirect(log_page),
                parent_other_family=redirect("/evidence/families/{other_family}/"),
            ),
            post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *parents)),
        ),
        "evidence:guide": Row(
            get=outcomes(FORBIDDEN, each(OK, *keepers)),
            post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *keepers)),
        ),
        "evidence:log": Row(
            kwargs={"family_pk": "family"},
            get=log_read(),
            post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *keepers)),
        ),
        "evidence:entry-create": Row(
            kwargs={"family_pk": "family"},
            get=log_read(),
            post=log_read(redirect(log_page)),
            data=entry_form,
        ),
        "evidence:entry": Row(
            kwargs={"pk": "evidence_entry"},
            get=log_read(),
            post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *keepers)),
        ),
        "evidence:entry-correct": Row(
            kwargs={"pk": "evidence_entry"},
            get=log_read(),
            post=log_read(redirect(log_page)),
            data=entry_form,
        ),
        "evidence:entry-review": Row(
            kwargs={"pk": "evidence_entry"},
            get=review(),
            post=review(redirect(log_page)),
            data={"notes": "Checked with the family.", "significant": "on", "version": "1"},
        ),
        "evidence:photo": Row(
            step_up=True,
            kwargs={"pk": "evidence_photo"},
            get=log_read(),
            post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *keepers)),
        ),
        "evidence:export": Row(
            step_up=True,
            kwargs={"family_pk": "family"},
            get=log_read(),
            post=log_read(),  # CSV download (200) for those who may export
            data={"export_format": "csv", "confirm": "on"},
        ),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from tests.evidence.factories import jpeg_with_gps, make_entry

    entry = make_entry(
        actor=people["parent_own_family"],
        family=objects["family"],
        photos=[("car.jpg", jpeg_with_gps())],
    )
    return {"evidence_entry": entry, "evidence_photo": entry.photos.get()}
