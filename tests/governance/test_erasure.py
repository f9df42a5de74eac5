"""Erasure of one person inside a kept case (UK GDPR Art. 17, issue 14): a family friend named in
the records asks to be erased; an administrator logs it and sees where the name appears (people
records, the relationships map, free text through the search index); a second person erases
(anonymised in place, the case stays, audited, the chain verifies) or refuses with an exemption."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relsafe.audit.models import AuditEvent
from relsafe.audit.services import verify_chain
from relsafe.cases.models import Carer, Family
from relsafe.core.concurrency import EditConflict
from relsafe.governance import erasure, services
from relsafe.governance.models import ErasureExemption, ErasureRequest
from relsafe.records.models import ChronologyEntry, Contact
from relsafe.relationships.models import Connection, ConnectionHistory
from tests.factories import (
    CarerFactory,
    ChronologyEntryFactory,
    ConnectionFactory,
    ContactFactory,
    YoungPersonFactory,
)
from tests.governance.factories import handlers

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _case() -> tuple[Any, Any, Family, dict[str, Any]]:
    admin, manager, family = handlers()
    child: Any = YoungPersonFactory(family=family, first_name="Jayden", last_name="Mensah")
    tie: Any = ConnectionFactory(
        young_person=child, name="Dean Morris", known_as="Deano", relationship="mum's friend"
    )
    ConnectionHistory.objects.create(
        connection=tie, young_person=child, change="added", version=1, snapshot=tie.snapshot()
    )
    rows = {
        "carer": CarerFactory(family=family, full_name="Precious Mensah"),
        "friend": CarerFactory(family=family, full_name="Dean Morris", phone="+447700900123"),
        "tie": tie,
        "contact": ContactFactory(
            family=family, discussed="Mum said Dean Morris drove Jayden home; deano is kind."
        ),
        "other": ContactFactory(family=family, discussed="School meeting, no concerns."),
        "event": ChronologyEntryFactory(family=family, title="Dean Morris moved in"),
    }
    return admin, manager, family, rows


def _log(admin: Any, family: Family) -> ErasureRequest:
    return services.log_erasure_request(
        actor=admin,
        family=family,
        person_name="Dean  Morris",
        other_names="Deano",
        who_they_are="Mum's friend",
        received_on=TODAY,
    )


def test_logging_finds_every_place_the_person_appears() -> None:
    admin, _, family, rows = _case()
    req = _log(admin, family)
    found = {(p["model"], p["pk"]) for p in req.places}
    assert found == {
        ("cases.carer", rows["friend"].pk),
        ("relationships.connection", rows["tie"].pk),
        ("records.contact", rows["contact"].pk),
        ("records.chronologyentry", rows["event"].pk),
    }
    assert req.status == ErasureRequest.Status.LOGGED
    # Nothing changes until a second person decides.
    assert Carer.objects.get(pk=rows["friend"].pk).full_name == "Dean Morris"


def test_a_second_person_erases_in_place_and_the_case_stays() -> None:
    admin, manager, family, rows = _case()
    req = _log(admin, family)
    with pytest.raises(ValidationError, match="second person"):
        services.erase_person(actor=admin, req=req, expected_version=1)
    done = services.erase_person(actor=manager, req=req, expected_version=1)
    removed = erasure.placeholder(TODAY)
    assert done.status == ErasureRequest.Status.ERASED
    assert done.changed == 4
    assert done.person_name == "D. M."  # only initials are kept
    friend = Carer.objects.get(pk=rows["friend"].pk)
    assert (friend.full_name, friend.phone) == (removed, "")
    tie = Connection.objects.get(pk=rows["tie"].pk)
    assert (tie.name, tie.known_as, tie.relationship) == (removed, "", "mum's friend")
    history = ConnectionHistory.objects.get(connection=tie)
    assert "Dean" not in str(history.snapshot)
    assert "Deano" not in str(history.snapshot)
    contact = Contact.objects.get(pk=rows["contact"].pk)
    assert contact.discussed == (
        f"Mum said {erasure.IN_TEXT} drove Jayden home; {erasure.IN_TEXT} is kind."
    )
    assert "Dean" not in contact.search_text
    assert ChronologyEntry.objects.get(pk=rows["event"].pk).title == f"{erasure.IN_TEXT} moved in"
    # The case and everyone else stay.
    assert Family.objects.filter(pk=family.pk).exists()
    assert Carer.objects.get(pk=rows["carer"].pk).full_name == "Precious Mensah"
    assert Contact.objects.get(pk=rows["other"].pk).discussed == "School meeting, no concerns."
    # Audited, and no audit entry names the person; the chain still verifies.
    entries = AuditEvent.objects.filter(reason__contains="Art. 17")
    assert entries.count() >= 5
    assert not AuditEvent.objects.filter(detail__icontains="Dean").exists()
    assert verify_chain().ok
    # Found again, nothing is left.
    assert erasure.find(family, erasure.names_of("Dean Morris", "Deano")) == []


def test_a_refusal_names_the_exemption_and_changes_nothing() -> None:
    admin, manager, family, rows = _case()
    req = _log(admin, family)
    with pytest.raises(ValidationError):
        services.refuse_erasure(actor=manager, req=req, expected_version=1, exemption="", reason="")
    refused = services.refuse_erasure(
        actor=manager,
        req=req,
        expected_version=1,
        exemption=ErasureExemption.PUBLIC_TASK,
        reason="He is a person of concern to Jayden's safety: the map must show him.",
    )
    assert refused.status == ErasureRequest.Status.REFUSED
    assert refused.person_name == "Dean Morris"
    assert Carer.objects.get(pk=rows["friend"].pk).full_name == "Dean Morris"
    assert AuditEvent.objects.filter(reason="Erasure refused: an exemption applies").exists()
    with pytest.raises(ValidationError, match="already been decided"):
        services.erase_person(actor=manager, req=refused, expected_version=2)


def test_a_legal_hold_blocks_erasure_and_a_stale_decision_conflicts() -> None:
    admin, manager, family, _ = _case()
    req = _log(admin, family)
    services.place_legal_hold(
        actor=admin,
        family=family,
        reason="Care proceedings",
        review_on=TODAY + dt.timedelta(days=90),
    )
    with pytest.raises(ValidationError, match="legal hold"):
        services.erase_person(actor=manager, req=req, expected_version=1)
    with pytest.raises(EditConflict):
        services.refuse_erasure(
            actor=manager,
            req=req,
            expected_version=7,
            exemption=ErasureExemption.LEGAL_CLAIMS,
            reason="Care proceedings",
        )


def test_bad_requests_are_refused_clearly() -> None:
    admin, _, family, _ = _case()
    with pytest.raises(ValidationError) as error:
        services.log_erasure_request(
            actor=admin, family=family, person_name="Jayden Mensah", received_on=TODAY
        )
    assert "child" in str(error.value)
    with pytest.raises(ValidationError):
        services.log_erasure_request(
            actor=admin,
            family=family,
            person_name="Dean",
            received_on=TODAY + dt.timedelta(days=2),
        )
    assert not ErasureRequest.objects.exists()


def test_the_pages(signed_in: Any) -> None:
    admin, manager, family, _rows = _case()
    page = signed_in(admin).post(
        reverse("governance:erasure-new"),
        {
            "family": family.pk,
            "person_name": "Dean Morris",
            "other_names": "Deano",
            "who_they_are": "",
            "received_on_day": TODAY.day,
            "received_on_month": TODAY.month,
            "received_on_year": TODAY.year,
        },
    )
    assert page.status_code == 302
    req = ErasureRequest.objects.get()
    detail = signed_in(admin).get(reverse("governance:erasure", args=[req.pk])).content.decode()
    assert "a second person" in detail
    assert "Relationships map of Jayden" in detail
    response = signed_in(manager).post(
        reverse("governance:erasure", args=[req.pk]),
        {"decision": "erase", "exemption": "", "reason": "", "version": 1},
    )
    assert response.status_code == 302
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.ERASED
    assert "D. M." in signed_in(manager).get(reverse("governance:index")).content.decode()
