"""URL by role rows for data-protection governance (issue 14): subject access requests (the
organisation's administrators and team managers; a second person signs off), corrections,
retention (administrators) and sharing agreements (recorded by administrators)."""

from __future__ import annotations

from typing import Any


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        BAD_REQUEST,
        FORBIDDEN,
        MANAGERS,
        OK,
        Row,
        each,
        family_work,
        get_only,
        outcomes,
        redirect,
    )

    handlers = outcomes(FORBIDDEN, each(OK, "administrator", *MANAGERS))
    sar_page = "/governance/subject-access/{sar}/"
    back_to_sar = outcomes(FORBIDDEN, each(redirect(sar_page), "administrator", *MANAGERS))
    admin_only = outcomes(FORBIDDEN, administrator=OK)
    return {
        "governance:index": Row(get=handlers),
        # An empty form: errors shown, nothing saved.
        "governance:sar-new": Row(get=handlers, post=handlers),
        "governance:sar": Row(kwargs={"pk": "sar"}, get=handlers),
        # The administrator logged the request and marked its redaction: only another person
        # (a team manager of the organisation) may sign it off.
        "governance:sign-off": Row(
            kwargs={"pk": "sar"},
            get=get_only(handlers),
            post=outcomes(FORBIDDEN, each(redirect(sar_page), *MANAGERS)),
        ),
        # Not signed off yet: back to the request with a message.
        "governance:pack": Row(kwargs={"pk": "sar"}, get=get_only(handlers), post=back_to_sar),
        "governance:redact": Row(
            kwargs={"pk": "passage"},
            get=get_only(handlers),
            post=outcomes(FORBIDDEN, each(BAD_REQUEST, "administrator", *MANAGERS)),
        ),
        "governance:redaction-remove": Row(
            kwargs={"pk": "redaction"}, get=get_only(handlers), post=back_to_sar
        ),
        "governance:correction-new": Row(get=handlers, post=handlers),
        "governance:correction": Row(kwargs={"pk": "correction"}, get=handlers, post=handlers),
        # Erasure (Art. 17): an empty form or decision shows its errors, nothing changes.
        "governance:erasure-new": Row(get=handlers, post=handlers),
        "governance:erasure": Row(kwargs={"pk": "erasure"}, get=handlers, post=handlers),
        "governance:retention": Row(get=admin_only, post=admin_only),
        "governance:agreements": Row(get=handlers, post=admin_only),
        # Nothing chosen and no reason: the form says why, nothing saved.
        "governance:share-agreement": Row(
            kwargs={"pk": "share"}, get=family_work(), post=family_work()
        ),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from relsafe.governance import services
    from relsafe.governance.models import Exemption
    from tests.factories import CarerFactory

    admin = people["administrator"]
    family = objects["family"]
    carer: Any = CarerFactory(family=family, full_name="Matrix Carer")
    sar = services.log_subject_access_request(
        actor=admin,
        family=family,
        subject_label=f"carer:{carer.pk}",
        requester="Matrix Carer",
        received_on=timezone.localdate(),
    )
    passage = sar.passages.get(source="Profile")
    redaction = services.mark_redaction(
        actor=admin, passage=passage, words="Matrix", exemption=Exemption.THIRD_PARTY
    )
    correction = services.record_correction_request(
        actor=admin,
        family=family,
        subject_name="Matrix Carer",
        record_description="A contact",
        what_is_wrong="A date",
        received_on=timezone.localdate(),
    )
    erasure = services.log_erasure_request(
        actor=admin,
        family=family,
        person_name="Matrix Friend",
        received_on=timezone.localdate(),
    )
    return {
        "sar": sar,
        "passage": passage,
        "redaction": redaction,
        "correction": correction,
        "erasure": erasure,
    }
