"""Subject access, corrections, agreements: the services, their refusals and their audit."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from relsafe.access.policy import NotAllowed
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import verify_chain
from relsafe.governance import services
from relsafe.governance.models import CorrectionRequest, Exemption, SubjectAccessRequest
from tests.factories import OrganisationFactory, OrganisationShareFactory, UserFactory
from tests.governance.factories import handlers, logged_request

pytestmark = pytest.mark.django_db


def test_logging_gathers_what_is_held_and_sets_the_deadline() -> None:
    admin, _, family = handlers()
    sar = logged_request(admin, family)
    assert sar.due_on > sar.received_on
    sources = [p.source for p in sar.passages.all()]
    assert sources[0] == "Profile"
    assert any(s.startswith("Contact") for s in sources)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="governance.subjectaccessrequest"
    ).exists()


def test_a_caseworker_may_not_log_a_request_and_the_refusal_is_audited() -> None:
    _, _, family = handlers()
    worker: Any = UserFactory()
    with pytest.raises(NotAllowed):
        logged_request(worker, family)
    assert AuditEvent.objects.filter(actor_id=worker.pk, action=AuditAction.ACCESS_DENIED).exists()
    assert not SubjectAccessRequest.objects.exists()


def test_another_organisations_family_is_refused() -> None:
    admin, _, _ = handlers()
    other: Any = OrganisationFactory()
    from tests.factories import FamilyFactory

    with pytest.raises(ValidationError):
        logged_request(admin, FamilyFactory(lead_organisation=other))


def _redact(actor: Any, sar: SubjectAccessRequest, words: str, exemption: str) -> None:
    passage = next(p for p in sar.passages.all() if words in p.text)
    services.mark_redaction(actor=actor, passage=passage, words=words, exemption=exemption)


def test_the_sign_off_needs_a_second_person() -> None:
    admin, manager, family = handlers()
    sar = logged_request(admin, family)
    with pytest.raises(NotAllowed):
        services.sign_off(actor=admin, sar=sar)
    _redact(manager, sar, "worried", Exemption.SERIOUS_HARM)
    with pytest.raises(NotAllowed):  # the manager marked a redaction: not a second person either
        services.sign_off(actor=manager, sar=sar)
    reviewer: Any = UserFactory(role="team_manager", team__organisation=admin.organisation)
    services.sign_off(actor=reviewer, sar=sar)
    sar.refresh_from_db()
    assert sar.status == SubjectAccessRequest.Status.SIGNED_OFF
    with pytest.raises(ValidationError):
        _redact(manager, sar, "Mum", Exemption.THIRD_PARTY)


def test_redacted_words_must_be_in_the_passage() -> None:
    admin, _, family = handlers()
    sar = logged_request(admin, family)
    passage = sar.passages.first()
    assert passage is not None
    with pytest.raises(ValidationError):
        services.mark_redaction(
            actor=admin, passage=passage, words="not there at all", exemption=Exemption.POLICE
        )


def test_the_pack_needs_the_sign_off_first() -> None:
    admin, _, family = handlers()
    sar = logged_request(admin, family)
    with pytest.raises(ValidationError):
        services.produce_pack(actor=admin, sar=sar)


def test_the_disclosure_pack_has_the_redactions_burned_in() -> None:
    admin, manager, family = handlers()
    discussed = (
        "Mum said DS Harper from the exploitation team had named Tyler Knox as the man at the "
        "flat on Cedar Road. Jayden's friend Kayleigh Moss was there too."
    )
    sar = logged_request(manager, family, discussed=discussed)
    secret = ["DS Harper", "Tyler Knox", "Cedar Road", "Kayleigh Moss"]
    _redact(manager, sar, "DS Harper", Exemption.POLICE)
    _redact(manager, sar, "Tyler Knox", Exemption.POLICE)
    _redact(manager, sar, "Cedar Road", Exemption.SERIOUS_HARM)
    _redact(manager, sar, "Kayleigh Moss", Exemption.THIRD_PARTY)
    services.sign_off(actor=admin, sar=sar)
    pdf = services.produce_pack(actor=manager, sar=sar)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Mum said" in flat
    assert "from the exploitation team had named" in flat
    for words in secret:
        assert words not in flat
        for word in words.split():
            if word not in {"DS", "Road"}:
                assert word not in flat
    assert "Schedule of exemptions used" in flat
    assert "Sch. 2 Part 3 para. 16" in flat
    assert "Sch. 2 Part 1 para. 2" in flat
    assert "Sch. 3 Part 3 para. 10" in flat
    sar.refresh_from_db()
    assert sar.status == SubjectAccessRequest.Status.DISCLOSED
    assert len(sar.pack_sha256) == 64
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(sar.pk)).exists()
    assert verify_chain().ok


def test_a_refused_correction_keeps_the_persons_statement() -> None:
    admin, _, family = handlers()
    correction = services.record_correction_request(
        actor=admin,
        family=family,
        subject_name="Precious Mensah",
        record_description="Contact of 3 May",
        what_is_wrong="It says I was not at home; I was.",
        received_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        services.decide_correction(
            actor=admin, correction=correction, outcome="refused", reason="The worker was there."
        )
    services.decide_correction(
        actor=admin,
        correction=correction,
        outcome=CorrectionRequest.Outcome.REFUSED,
        reason="The worker recorded what they saw.",
        subject_statement="I was upstairs with Jayden.",
    )
    correction.refresh_from_db()
    assert correction.subject_statement == "I was upstairs with Jayden."


def test_a_share_names_its_agreement_or_why_none_applies() -> None:
    admin, manager, family = handlers()
    from tests.factories import AllocationFactory

    AllocationFactory(family=family, worker=manager)
    police: Any = OrganisationFactory(kind="police")
    share: Any = OrganisationShareFactory(family=family, organisation=police)
    agreement = services.record_sharing_agreement(
        actor=admin,
        title="Exploitation ISA",
        parties=[family.lead_organisation_id, police.pk],
        purpose="Protect children",
        lawful_basis="Public task",
        what_may_be_shared="Missing episodes",
        review_on=timezone.localdate() + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationError):
        services.link_share_to_agreement(actor=manager, share=share, agreement=None)
    link = services.link_share_to_agreement(actor=manager, share=share, agreement=agreement)
    assert link.agreement == agreement
    with pytest.raises(NotAllowed):
        services.record_sharing_agreement(
            actor=manager,
            title="x",
            parties=[],
            purpose="x",
            lawful_basis="x",
            what_may_be_shared="x",
            review_on=timezone.localdate(),
        )


def test_the_demo_request_gathers_across_apps(demo_world: Any) -> None:
    """Jayden's request finds his profile, contacts, chronology, missing episodes, strengths and
    return home interviews; Precious's finds her own portal messages and check-ins too."""
    robin = demo_world.people["robin"]
    family = demo_world.families["jayden"]
    jayden = demo_world.young_people["jayden"]
    sar = services.log_subject_access_request(
        actor=robin,
        family=family,
        subject_label=f"young_person:{jayden.pk}",
        requester="Precious Mensah, for Jayden",
        received_on=timezone.localdate(),
    )
    kinds = set(sar.passages.values_list("source_type", flat=True))
    assert {
        "cases.youngperson",
        "records.contact",
        "records.missingepisode",
        "records.returnhomeinterview",
    } <= kinds
