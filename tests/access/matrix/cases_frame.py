"""URL by role rows for the family frame, the household and the referral (issue 16)."""

from __future__ import annotations

from typing import Any


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import Row, family_work

    return {
        "cases:household": Row(kwargs={"pk": "family"}, get=family_work()),
        "cases:carer-add": Row(kwargs={"pk": "family"}, get=family_work(), post=family_work()),
        "cases:carer-edit": Row(
            kwargs={"pk": "family", "carer_pk": "carer"},
            get=family_work(),
            post=family_work(),  # empty form: errors, nothing saved
        ),
        "cases:carer-end": Row(
            kwargs={"pk": "family", "carer_pk": "carer"},
            get=family_work(),
            post=family_work(),
        ),
        "cases:child-add": Row(kwargs={"pk": "family"}, get=family_work(), post=family_work()),
        "cases:child-end": Row(
            kwargs={"pk": "family", "child_pk": "young_person"},
            get=family_work(),
            post=family_work(),
        ),
        "cases:carer-address-add": Row(
            kwargs={"pk": "family", "person_pk": "carer"},
            get=family_work(),
            post=family_work(),
        ),
        "cases:child-address-add": Row(
            kwargs={"pk": "family", "person_pk": "young_person"},
            get=family_work(),
            post=family_work(),
        ),
        "cases:carer-safe-contact": Row(
            kwargs={"pk": "family", "person_pk": "carer"},
            get=family_work(),
            post=family_work(),
        ),
        "cases:child-safe-contact": Row(
            kwargs={"pk": "family", "person_pk": "young_person"},
            get=family_work(),
            post=family_work(),
        ),
        "cases:referrals": Row(kwargs={"pk": "family"}, get=family_work()),
        "cases:referral-add": Row(
            kwargs={"pk": "family"},
            get=family_work(),
            post=family_work(),
        ),
        "cases:referral-edit": Row(
            kwargs={"pk": "family", "referral_pk": "case_referral"},
            get=family_work(),
            post=family_work(),
        ),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from relsafe.cases.models import Carer
    from tests.cases.factories import CaseReferralFactory

    family = objects["family"]
    return {
        "carer": Carer.objects.filter(family=family).order_by("pk").first(),
        "case_referral": CaseReferralFactory(family=family, recorded_by=people["psw_allocated"]),
    }
