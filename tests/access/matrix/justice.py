"""URL by role rows for criminal justice and court support (issue 11).

Staff pages follow the family: casework for the people working with it, reading for the police
force it is shared with. The family's court journey and calendar page are for the family's own
members (another family's: 404). The calendar feed is reached by its secret address alone.
"""

from __future__ import annotations

from typing import Any

CASE_PAGE = "/justice/cases/{justice_case}/"


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        FORBIDDEN,
        NOT_ALLOWED,
        NOT_FOUND,
        OK,
        Row,
        each,
        family_read,
        family_work,
        get_only,
        outcomes,
        redirect,
    )

    family_roles = ("parent_own_family", "parent_other_family", "young_person")
    own_family = outcomes(FORBIDDEN, each(NOT_FOUND, *family_roles), parent_own_family=OK)
    readers = (
        "psw_allocated",
        "psw_not_allocated",
        "social_worker_allocated",
        "manager_same_team",
        "manager_other_team",
        "manager_break_glass",
        "police_with_share",
        "police_without_share",
    )
    report_roles = (
        "manager_same_team",
        "manager_other_team",
        "manager_break_glass",
        "commissioner",
    )
    case = {"pk": "justice_case"}
    witness = {"pk": "justice_witness"}
    work = Row(kwargs=case, get=family_work(), post=family_work())
    return {
        "justice:family-cases": Row(
            kwargs={"family_pk": "family"}, get=family_read(), post=get_only(family_read())
        ),
        "justice:case-create": Row(
            kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
        ),
        "justice:case": Row(kwargs=case, get=family_read(), post=get_only(family_read())),
        "justice:case-edit": work,
        "justice:stage": work,
        "justice:child-add": work,
        "justice:suspect-add": work,
        "justice:suspect-edit": Row(
            kwargs={"pk": "justice_suspect"}, get=family_work(), post=family_work()
        ),
        "justice:hearing-create": work,
        "justice:support-contact": work,
        "justice:support-step": work,
        # Every right is optional: an empty checklist saves as "not yet" for each.
        "justice:rights-child": Row(
            kwargs={"pk": "justice_case", "person_pk": "young_person"},
            get=family_work(),
            post=family_work(redirect(CASE_PAGE)),
        ),
        "justice:rights-carer": Row(
            kwargs={"pk": "justice_case", "person_pk": "justice_carer"},
            get=family_work(),
            post=family_work(redirect(CASE_PAGE)),
        ),
        "justice:hearing-edit": Row(
            kwargs={"pk": "justice_hearing"}, get=family_work(), post=family_work()
        ),
        "justice:witness": Row(kwargs=witness, get=family_read(), post=get_only(family_read())),
        "justice:witness-edit": Row(kwargs=witness, get=family_work(), post=family_work()),
        "justice:measure": Row(kwargs=witness, get=family_work(), post=family_work()),
        "justice:attendance": Row(kwargs=witness, get=family_work(), post=family_work()),
        "justice:intimidation": Row(kwargs=witness, get=family_work(), post=family_work()),
        # The intelligence form filled in from the concern (nothing chosen: the form comes back
        # with its errors; the police copy and "send" are intelligence's own pages and rows).
        "justice:concern-to-police": Row(
            kwargs={"pk": "justice_concern"}, get=family_work(), post=family_work()
        ),
        # The family's own members only; another family's journey or calendar page is a 404.
        "justice:journey": Row(
            kwargs={"family_pk": "family"}, get=own_family, post=get_only(own_family)
        ),
        "justice:family-calendar": Row(
            kwargs={"family_pk": "family"}, get=own_family, post=own_family
        ),
        # A person's own calendar address (staff who see hearings).
        "justice:calendar": Row(
            get=outcomes(FORBIDDEN, each(OK, *readers)),
            post=outcomes(FORBIDDEN, each(OK, *readers)),
        ),
        # The feed itself: the secret address is the only key (calendar apps cannot sign in).
        "justice:feed": Row(
            # Without its secret key (?key=...) the feed does not exist; with one, it needs no
            # sign-in (calendar apps cannot sign in): tests/justice/test_views.py.
            get=outcomes(NOT_FOUND, anonymous=NOT_FOUND),
            post=outcomes(NOT_ALLOWED, anonymous=NOT_ALLOWED),
        ),
        # Figures only, no names.
        "justice:report": Row(
            get=outcomes(FORBIDDEN, each(OK, *report_roles)),
            post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *report_roles)),
        ),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from relsafe.cases.models import Carer
    from relsafe.justice import services
    from relsafe.justice.models import CaseChild
    from tests.justice.factories import charge, new_case, new_hearing

    worker = people["psw_allocated"]
    case = new_case(family=objects["family"], recorded_by=worker)
    case = charge(case, worker)
    child = services.add_child(
        actor=worker,
        case=case,
        young_person=objects["young_person"],
        part=CaseChild.Part.VICTIM_AND_WITNESS,
    )
    return {
        "justice_case": case,
        "justice_hearing": new_hearing(case=case),
        "justice_witness": child.witness,
        "justice_suspect": services.add_suspect(actor=worker, case=case, known_as="Ghost"),
        "justice_concern": services.record_intimidation(
            actor=worker,
            witness=child.witness,
            noticed_on=timezone.localdate(),
            what_happened="A car waited outside the house all evening.",
        ),
        "justice_carer": Carer.objects.get(portal_user=people["parent_own_family"]),
    }
