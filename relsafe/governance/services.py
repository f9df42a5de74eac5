"""Writes for data-protection governance. Each checks the policy, runs in one transaction and
leaves an audit entry that names what was done but holds no case content."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, OrganisationShare
from relsafe.core.concurrency import update_if_unchanged
from relsafe.governance import erasure, gathering
from relsafe.governance.dates import response_due
from relsafe.governance.models import (
    CorrectionRequest,
    ErasureExemption,
    ErasureRequest,
    Exemption,
    LegalHold,
    Passage,
    Redaction,
    RetentionRun,
    ShareAgreementLink,
    SharingAgreement,
    SubjectAccessRequest,
)
from relsafe.governance.tasks import apply_retention_task

# --- Subject access (UK GDPR Art. 15) ------------------------------------------------------------


@atomic_action
def log_subject_access_request(
    *,
    actor: User,
    family: Family,
    subject_label: str,
    requester: str,
    received_on: dt.date,
    extension_reason: str = "",
    request: HttpRequest | None = None,
) -> SubjectAccessRequest:
    """Log a request and gather, at once, every passage held about the data subject."""
    require(actor, Action.MANAGE_SUBJECT_ACCESS, request=request)
    if family.lead_organisation_id != actor.organisation_id:
        raise ValidationError({"family": "Choose a family your organisation holds."})
    subject = gathering.subject_for(family, subject_label)
    if subject is None:
        raise ValidationError({"subject": "Choose the person the request is about."})
    if not requester.strip():
        raise ValidationError({"requester": "Enter who made the request."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received must be today or in the past."})
    sar = SubjectAccessRequest.objects.create(
        organisation_id=actor.organisation_id,
        family=family,
        subject_label=subject_label,
        subject_name=str(subject),
        requester=requester.strip(),
        received_on=received_on,
        due_on=response_due(received_on, extended=bool(extension_reason.strip())),
        extension_reason=extension_reason.strip(),
        logged_by=actor,
    )
    found = gathering.gather(family, subject)
    Passage.objects.bulk_create(
        Passage(
            request=sar,
            position=i,
            source=f.source,
            source_type=f.source_type,
            source_id=f.source_id,
            text=f.text,
        )
        for i, f in enumerate(found)
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=sar,
        reason="Subject access request logged and gathered",
        detail={"passages": len(found), "due_on": sar.due_on.isoformat()},
    )
    return sar


@atomic_action
def extend_deadline(
    *, actor: User, sar: SubjectAccessRequest, reason: str, request: HttpRequest | None = None
) -> SubjectAccessRequest:
    """Extend by two further months for a complex request (Art. 12(3)); the reason is kept."""
    require(actor, Action.MANAGE_SUBJECT_ACCESS, record=sar, request=request)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the deadline is extended."})
    sar.extension_reason = reason.strip()
    sar.due_on = response_due(sar.received_on, extended=True)
    sar.save(update_fields=["extension_reason", "due_on"])
    record(
        action=AuditAction.UPDATE, actor=actor, request=request, obj=sar, reason="Deadline extended"
    )
    return sar


def _still_open(sar: SubjectAccessRequest) -> None:
    if sar.status != SubjectAccessRequest.Status.GATHERING:
        raise ValidationError("The redactions were signed off: they can no longer change.")


@atomic_action
def mark_redaction(
    *,
    actor: User,
    passage: Passage,
    words: str,
    exemption: str,
    request: HttpRequest | None = None,
) -> Redaction:
    """Withhold some words of one passage under a named exemption."""
    sar = passage.request
    require(actor, Action.MANAGE_SUBJECT_ACCESS, record=sar, request=request)
    _still_open(sar)
    words = words.strip()
    if exemption not in Exemption.values:
        raise ValidationError({"exemption": "Choose the exemption that applies."})
    if not words:
        raise ValidationError({"words": "Enter the words to withhold."})
    if words not in passage.text:
        raise ValidationError({"words": "Enter words exactly as they appear in the passage."})
    redaction = Redaction.objects.create(
        passage=passage, words=words, exemption=exemption, marked_by=actor
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=sar,
        reason="Redaction marked",
        detail={"passage_id": passage.pk, "exemption": exemption},
    )
    return redaction


@atomic_action
def remove_redaction(
    *, actor: User, redaction: Redaction, request: HttpRequest | None = None
) -> None:
    sar = redaction.passage.request
    require(actor, Action.MANAGE_SUBJECT_ACCESS, record=sar, request=request)
    _still_open(sar)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=sar,
        reason="Redaction removed",
        detail={"passage_id": redaction.passage_id, "exemption": redaction.exemption},
    )
    redaction.delete()


@atomic_action
def sign_off(
    *, actor: User, sar: SubjectAccessRequest, request: HttpRequest | None = None
) -> SubjectAccessRequest:
    """A second person (not who logged the request or marked a redaction) agrees the redactions."""
    require(actor, Action.SIGN_OFF_SUBJECT_ACCESS, record=sar, request=request)
    _still_open(sar)
    sar.status = SubjectAccessRequest.Status.SIGNED_OFF
    sar.signed_off_by = actor
    sar.signed_off_at = timezone.now()
    sar.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=sar,
        reason="Redactions signed off",
    )
    return sar


@atomic_action
def produce_pack(
    *, actor: User, sar: SubjectAccessRequest, request: HttpRequest | None = None
) -> bytes:
    """The disclosure pack as a PDF, redactions burned in; its hash is kept and audited."""
    from relsafe.governance.pack import render_pack

    require(actor, Action.MANAGE_SUBJECT_ACCESS, record=sar, request=request)
    if sar.status == SubjectAccessRequest.Status.GATHERING:
        raise ValidationError("A second person must sign off the redactions first.")
    pdf = render_pack(sar)
    sar.status = SubjectAccessRequest.Status.DISCLOSED
    sar.disclosed_at = sar.disclosed_at or timezone.now()
    sar.pack_sha256 = hashlib.sha256(pdf).hexdigest()
    sar.save(update_fields=["status", "disclosed_at", "pack_sha256"])
    record(
        action=AuditAction.EXPORT,
        actor=actor,
        request=request,
        obj=sar,
        reason="Disclosure pack produced",
        detail={"sha256": sar.pack_sha256},
    )
    return pdf


# --- Correction (UK GDPR Art. 16) ------------------------------------------------------------------


@atomic_action
def record_correction_request(
    *,
    actor: User,
    family: Family,
    subject_name: str,
    record_description: str,
    what_is_wrong: str,
    received_on: dt.date,
    request: HttpRequest | None = None,
) -> CorrectionRequest:
    require(actor, Action.MANAGE_SUBJECT_ACCESS, request=request)
    if family.lead_organisation_id != actor.organisation_id:
        raise ValidationError({"family": "Choose a family your organisation holds."})
    correction = CorrectionRequest.objects.create(
        organisation_id=actor.organisation_id,
        family=family,
        subject_name=subject_name.strip(),
        record_description=record_description.strip(),
        what_is_wrong=what_is_wrong.strip(),
        received_on=received_on,
        recorded_by=actor,
    )
    record(action=AuditAction.CREATE, actor=actor, request=request, obj=correction)
    return correction


@atomic_action
def decide_correction(
    *,
    actor: User,
    correction: CorrectionRequest,
    outcome: str,
    reason: str,
    subject_statement: str = "",
    request: HttpRequest | None = None,
) -> CorrectionRequest:
    """Record the outcome; a refusal keeps the person's own statement with the record."""
    require(actor, Action.MANAGE_SUBJECT_ACCESS, request=request)
    if correction.organisation_id != actor.organisation_id:
        raise ValidationError("This correction request belongs to another organisation.")
    if outcome not in (CorrectionRequest.Outcome.CORRECTED, CorrectionRequest.Outcome.REFUSED):
        raise ValidationError({"outcome": "Choose corrected or refused."})
    if outcome == CorrectionRequest.Outcome.REFUSED and not subject_statement.strip():
        raise ValidationError(
            {"subject_statement": "Enter the person's statement: it is kept with the record."}
        )
    correction.outcome = outcome
    correction.outcome_reason = reason.strip()
    correction.subject_statement = subject_statement.strip()
    correction.decided_at = timezone.now()
    correction.save()
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=correction,
        reason=f"Correction {outcome}",
    )
    return correction


# --- Legal holds ------------------------------------------------------------------------------------


@atomic_action
def place_legal_hold(
    *,
    actor: User,
    family: Family,
    reason: str,
    review_on: dt.date,
    request: HttpRequest | None = None,
) -> LegalHold:
    """Keep a family whatever the retention schedule says (proceedings, an inquiry)."""
    require(actor, Action.MANAGE_RETENTION, request=request)
    if family.lead_organisation_id != actor.organisation_id:
        raise ValidationError({"family": "Choose a family your organisation holds."})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the records must be kept."})
    hold = LegalHold.objects.create(
        family=family, reason=reason.strip(), review_on=review_on, placed_by=actor
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=hold,
        reason="Legal hold placed",
    )
    return hold


@atomic_action
def lift_legal_hold(
    *, actor: User, hold: LegalHold, request: HttpRequest | None = None
) -> LegalHold:
    require(actor, Action.MANAGE_RETENTION, request=request)
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_at"])
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=hold,
        reason="Legal hold lifted",
    )
    return hold


# --- Sharing agreements -----------------------------------------------------------------------------


@atomic_action
def record_sharing_agreement(
    *,
    actor: User,
    title: str,
    parties: list[int],
    purpose: str,
    lawful_basis: str,
    what_may_be_shared: str,
    review_on: dt.date,
    request: HttpRequest | None = None,
) -> SharingAgreement:
    require(actor, Action.MANAGE_SHARING_AGREEMENTS, request=request)
    if len(set(parties)) < 2:
        raise ValidationError({"parties": "Choose at least two organisations."})
    agreement = SharingAgreement.objects.create(
        title=title.strip(),
        purpose=purpose.strip(),
        lawful_basis=lawful_basis.strip(),
        what_may_be_shared=what_may_be_shared.strip(),
        review_on=review_on,
        recorded_by=actor,
    )
    agreement.parties.set(parties)
    record(action=AuditAction.CREATE, actor=actor, request=request, obj=agreement)
    return agreement


@atomic_action
def link_share_to_agreement(
    *,
    actor: User,
    share: OrganisationShare,
    agreement: SharingAgreement | None,
    no_agreement_reason: str = "",
    request: HttpRequest | None = None,
) -> ShareAgreementLink:
    """Name the agreement a share relies on, or record why none applies."""
    require(actor, Action.SHARE, family=share.family, request=request)
    if agreement is None and not no_agreement_reason.strip():
        raise ValidationError(
            {"no_agreement_reason": "Choose the agreement or explain why none applies."}
        )
    if agreement is not None and not agreement.parties.filter(pk=share.organisation_id).exists():
        raise ValidationError({"agreement": "That agreement does not include this organisation."})
    link, _ = ShareAgreementLink.objects.update_or_create(
        share=share,
        defaults={
            "agreement": agreement,
            "no_agreement_reason": "" if agreement else no_agreement_reason.strip(),
            "recorded_by": actor,
        },
    )
    record(
        action=AuditAction.SHARE,
        actor=actor,
        request=request,
        obj=share,
        reason="Sharing agreement named" if agreement else "No sharing agreement applies",
        detail={"agreement_id": agreement.pk if agreement else None},
    )
    return link


# --- Retention as background work ----------------------------------------------------------------


def schedule_retention(
    *,
    requested_by: str,
    trigger: str = RetentionRun.Trigger.SCHEDULED,
    today: dt.date | None = None,
) -> RetentionRun | None:
    """Ask the task worker to apply the retention schedule. A scheduled run is one a night:
    asking again the same night (a timer that fired twice, a restarted host) enqueues nothing and
    returns None. A manual run (``--again``) is always a new run, e.g. after a failure is fixed."""
    day = today or timezone.localdate()
    with transaction.atomic():
        if trigger == RetentionRun.Trigger.SCHEDULED:
            run, created = RetentionRun.objects.get_or_create(
                run_on=day,
                trigger=trigger,
                defaults={"requested_by": requested_by[:200]},
            )
            if not created:
                return None
        else:
            run = RetentionRun.objects.create(
                run_on=day, trigger=trigger, requested_by=requested_by[:200]
            )
        record(
            action=AuditAction.CREATE,
            obj=run,
            reason="Retention run asked for",
            detail={"trigger": trigger, "run_on": day.isoformat()},
            actor_email=requested_by[:254],
        )
    # Enqueued after the row is committed, so the worker always finds it.
    result = apply_retention_task.enqueue(run.pk)
    RetentionRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


# --- Erasure of one person inside a kept case (UK GDPR Art. 17) ----------------------------------


@atomic_action
def log_erasure_request(
    *,
    actor: User,
    family: Family,
    person_name: str,
    received_on: dt.date,
    other_names: str = "",
    who_they_are: str = "",
    request: HttpRequest | None = None,
) -> ErasureRequest:
    """Log a person's request to be erased from a family's records, and find at once every
    record that names them (people records, the relationships map, free text via the search
    index). Nothing changes until a second person decides."""
    require(actor, Action.MANAGE_SUBJECT_ACCESS, request=request)
    if family.lead_organisation_id != actor.organisation_id:
        raise ValidationError({"family": "Choose a family your organisation holds."})
    errors: dict[str, str] = {}
    if len(person_name.strip()) < 2:
        errors["person_name"] = "Enter the person's name as the records hold it."
    if received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past."
    child_names = {str(yp).casefold() for yp in family.young_people.all()}
    if " ".join(person_name.split()).casefold() in child_names:
        errors["person_name"] = (
            "This is a child on the case: a child's own request is handled with the family's "
            "social worker, not here."
        )
    if errors:
        raise ValidationError(errors)
    names = erasure.names_of(person_name, other_names)
    places = erasure.find(family, names)
    req = ErasureRequest.objects.create(
        organisation_id=actor.organisation_id,
        family=family,
        family_reference=family.reference,
        person_name=" ".join(person_name.split()),
        other_names=other_names.strip(),
        who_they_are=who_they_are.strip(),
        received_on=received_on,
        logged_by=actor,
        places=[p.as_json() for p in places],
    )
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=req,
        family_id=family.pk,
        reason="Erasure request logged (UK GDPR Art. 17)",
        detail={"places": len(places)},
    )
    return req


def _second_person(actor: User, req: ErasureRequest, request: HttpRequest | None) -> None:
    require(actor, Action.MANAGE_SUBJECT_ACCESS, record=req, request=request)
    if req.status != ErasureRequest.Status.LOGGED:
        raise ValidationError("This request has already been decided.")
    if req.logged_by_id == actor.pk:
        raise ValidationError(
            "A second person decides: ask another administrator or a team manager."
        )


@atomic_action
def erase_person(
    *,
    actor: User,
    req: ErasureRequest,
    expected_version: int,
    request: HttpRequest | None = None,
) -> ErasureRequest:
    """The second person agrees: the person is anonymised in place in every record that names
    them now (found again, so a record written since the request is included); the case stays.
    Refused while the family is under a legal hold. The request keeps only their initials."""
    _second_person(actor, req, request)
    if req.family_id is None:
        raise ValidationError("The family's case has been removed; there is nothing to erase.")
    if LegalHold.objects.filter(family_id=req.family_id, lifted_at__isnull=True).exists():
        raise ValidationError(
            "The family is under a legal hold: refuse the request (Art. 17(3)(e)) or lift the "
            "hold first."
        )
    family = Family.objects.get(pk=req.family_id)
    names = erasure.names_of(req.person_name, req.other_names)
    places = erasure.find(family, names)
    changed = erasure.anonymise(places, names)
    fresh = update_if_unchanged(
        ErasureRequest.objects.filter(pk=req.pk),
        expected_version,
        status=ErasureRequest.Status.ERASED,
        decided_by=actor,
        decided_at=timezone.now(),
        changed=changed,
        places=[p.as_json() for p in places],
        person_name=erasure.initials(req.person_name),
        other_names="",
    )
    for place in places:
        record(
            action=AuditAction.UPDATE,
            actor=actor,
            request=request,
            object_type=place.model,
            object_id=place.pk,
            family_id=family.pk,
            reason="Person removed at their request (UK GDPR Art. 17)",
            detail={"fields": list(place.fields), "erasure_request": req.pk},
        )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=fresh,
        family_id=family.pk,
        reason="Erasure agreed by a second person and carried out",
        detail={"records_changed": changed},
    )
    return fresh


@atomic_action
def refuse_erasure(
    *,
    actor: User,
    req: ErasureRequest,
    expected_version: int,
    exemption: str,
    reason: str,
    request: HttpRequest | None = None,
) -> ErasureRequest:
    """The second person refuses: an Art. 17(3) exemption applies (named, with why); nothing in
    the records changes, and the person must be told why and of their right to complain."""
    _second_person(actor, req, request)
    errors = {}
    if exemption not in ErasureExemption.values:
        errors["exemption"] = "Choose the exemption that applies."
    if not reason.strip():
        errors["reason"] = "Say why the exemption applies to this person's details."
    if errors:
        raise ValidationError(errors)
    fresh = update_if_unchanged(
        ErasureRequest.objects.filter(pk=req.pk),
        expected_version,
        status=ErasureRequest.Status.REFUSED,
        decided_by=actor,
        decided_at=timezone.now(),
        exemption=exemption,
        reason=reason.strip(),
    )
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=fresh,
        family_id=req.family_id,
        reason="Erasure refused: an exemption applies",
        detail={"exemption": exemption},
    )
    return fresh
