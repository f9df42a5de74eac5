"""Audit entries in words (``audit.describe``): what the break-glass review and the start page's
feed show instead of "Viewed (cases.family)"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from relsafe.audit.describe import (
    case_record_types,
    describe,
    register_record_kind,
    what_they_did,
)
from relsafe.audit.models import AuditAction


@pytest.mark.parametrize(
    ("action", "object_type", "expected"),
    [
        (AuditAction.VIEW, "cases.family", "opened the family page"),
        (AuditAction.CREATE, "records.contact", "recorded a contact"),
        (AuditAction.UPDATE, "records.contact", "changed a contact"),
        (AuditAction.CREATE, "records.missingepisode", "recorded a missing episode"),
        (AuditAction.UPDATE, "relationships.connection", "changed the relationship map"),
        (AuditAction.CREATE, "plans.referral", "recorded a referral"),
        (AuditAction.SHARE, "plans.plan", "shared the plan with the family"),
        (AuditAction.EXPORT, "cases.family", "exported the family's chronology"),
        (AuditAction.BREAK_GLASS_START, "access.breakglassgrant", "started emergency access"),
        (AuditAction.ACCESS_DENIED, "url", "was refused access to a page"),
        (AuditAction.UPDATE, "someapp.unknown", "changed a record"),
        (AuditAction.SIGN_IN, "", "signed in"),
    ],
)
def test_each_action_reads_as_what_a_person_did(
    action: str, object_type: str, expected: str
) -> None:
    assert what_they_did(str(action), object_type) == expected


def test_a_sentence_names_the_person() -> None:
    event = SimpleNamespace(action="view", object_type="cases.family", actor_email="m@example")
    assert describe(event, actor_name="Morgan Reid") == "Morgan Reid opened the family page"
    assert describe(event) == "m@example opened the family page"


def test_every_domain_app_names_its_case_records() -> None:
    types = set(case_record_types())
    assert {
        "cases.family",
        "records.contact",
        "records.missingepisode",
        "assessments.screening",
        "assessments.safetymapping",
        "plans.plan",
        "plans.referral",
        "relationships.connection",
    } <= types
    assert not types & {"drafts.draft", "access.notification", "url", "audit.auditevent"}


def test_a_new_kind_joins_by_registering() -> None:
    register_record_kind(object_type="tests.thing", noun="a thing", added="made a thing")
    try:
        assert "tests.thing" in case_record_types()
        assert what_they_did("create", "tests.thing") == "made a thing"
        assert what_they_did("delete", "tests.thing") == "deleted a thing"
    finally:
        from relsafe.audit.describe import RECORD_KINDS

        RECORD_KINDS.pop("tests.thing")
