"""Reads for data-protection governance: only the person's own organisation's requests, and each
read of a request's gathered content is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action, can
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Family, OrganisationShare
from relsafe.governance.models import (
    CorrectionRequest,
    DeletionCertificate,
    ErasureRequest,
    LegalHold,
    Passage,
    Redaction,
    RetentionRun,
    SharingAgreement,
    SubjectAccessRequest,
)


def organisation_families(*, user: User) -> QuerySet[Family]:
    """The families a request may be about: those the person's organisation holds (the
    controller answers for its own records)."""
    if not can(user, Action.MANAGE_SUBJECT_ACCESS):
        return Family.objects.none()
    return Family.objects.filter(lead_organisation_id=user.organisation_id).order_by("reference")


def subject_access_requests(*, user: User) -> QuerySet[SubjectAccessRequest]:
    if not can(user, Action.MANAGE_SUBJECT_ACCESS) or user.organisation_id is None:
        return SubjectAccessRequest.objects.none()
    return SubjectAccessRequest.objects.filter(organisation_id=user.organisation_id).select_related(
        "family"
    )


def get_request(*, user: User, pk: int, request: HttpRequest | None = None) -> SubjectAccessRequest:
    """One request with its passages and redactions, or 404; the read is audited."""
    sar = (
        subject_access_requests(user=user)
        .select_related("logged_by", "signed_off_by")
        .prefetch_related(
            Prefetch(
                "passages",
                queryset=Passage.objects.prefetch_related(
                    Prefetch("redactions", queryset=Redaction.objects.select_related("marked_by"))
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if sar is None:
        raise policy.not_found(
            user,
            Action.MANAGE_SUBJECT_ACCESS,
            object_type="governance.subjectaccessrequest",
            object_id=pk,
            request=request,
        )
    record(action=AuditAction.VIEW, actor=user, request=request, obj=sar, reason="Subject access")
    return sar


def get_passage(*, user: User, pk: int, request: HttpRequest | None = None) -> Passage:
    passage = (
        Passage.objects.filter(request__in=subject_access_requests(user=user), pk=pk)
        .select_related("request")
        .first()
    )
    if passage is None:
        raise policy.not_found(
            user,
            Action.MANAGE_SUBJECT_ACCESS,
            object_type="governance.passage",
            object_id=pk,
            request=request,
        )
    return passage


def get_redaction(*, user: User, pk: int, request: HttpRequest | None = None) -> Redaction:
    redaction = (
        Redaction.objects.filter(passage__request__in=subject_access_requests(user=user), pk=pk)
        .select_related("passage__request")
        .first()
    )
    if redaction is None:
        raise policy.not_found(
            user,
            Action.MANAGE_SUBJECT_ACCESS,
            object_type="governance.redaction",
            object_id=pk,
            request=request,
        )
    return redaction


def correction_requests(*, user: User) -> QuerySet[CorrectionRequest]:
    if not can(user, Action.MANAGE_SUBJECT_ACCESS) or user.organisation_id is None:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(organisation_id=user.organisation_id).select_related(
        "family"
    )


def get_correction(*, user: User, pk: int, request: HttpRequest | None = None) -> CorrectionRequest:
    correction = correction_requests(user=user).filter(pk=pk).first()
    if correction is None:
        raise policy.not_found(
            user,
            Action.MANAGE_SUBJECT_ACCESS,
            object_type="governance.correctionrequest",
            object_id=pk,
            request=request,
        )
    return correction


def refused_corrections_for_family(*, family: Family) -> list[CorrectionRequest]:
    """The statements shown with a family's record (the caller has already opened the family)."""
    return list(
        CorrectionRequest.objects.filter(
            family=family, outcome=CorrectionRequest.Outcome.REFUSED
        ).order_by("decided_at")
    )


def erasure_requests(*, user: User) -> QuerySet[ErasureRequest]:
    """The organisation's erasure requests (administrators and team managers)."""
    if not can(user, Action.MANAGE_SUBJECT_ACCESS) or user.organisation_id is None:
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.filter(organisation_id=user.organisation_id).select_related(
        "logged_by", "decided_by"
    )


def get_erasure(*, user: User, pk: int, request: HttpRequest | None = None) -> ErasureRequest:
    """One request with where the person was found; the read is audited (it names the person)."""
    req = erasure_requests(user=user).filter(pk=pk).first()
    if req is None:
        raise policy.not_found(
            user,
            Action.MANAGE_SUBJECT_ACCESS,
            object_type="governance.erasurerequest",
            object_id=pk,
            request=request,
        )
    record(action=AuditAction.VIEW, actor=user, request=request, obj=req, family_id=req.family_id)
    return req


def legal_holds(*, user: User) -> QuerySet[LegalHold]:
    if not can(user, Action.MANAGE_RETENTION):
        return LegalHold.objects.none()
    return LegalHold.objects.filter(lifted_at__isnull=True).select_related("family", "placed_by")


def certificates(*, user: User) -> QuerySet[DeletionCertificate]:
    if not can(user, Action.MANAGE_RETENTION):
        return DeletionCertificate.objects.none()
    return DeletionCertificate.objects.all()


# A nightly run that has not finished for this long means the timer or the worker has stopped.
RETENTION_LATE_AFTER = dt.timedelta(hours=36)


@dataclass(frozen=True)
class RetentionHealth:
    """What the retention page says about the nightly runs."""

    runs: list[RetentionRun]
    last_done: RetentionRun | None
    late: bool  # no run has finished within RETENTION_LATE_AFTER
    failed: list[RetentionRun]  # failures since the last run that finished


def retention_health(*, user: User, now: dt.datetime | None = None) -> RetentionHealth:
    """The recent runs (administrators who manage retention only), the last one that finished,
    whether the nightly run is late, and the failures since it finished."""
    if not can(user, Action.MANAGE_RETENTION):
        return RetentionHealth(runs=[], last_done=None, late=False, failed=[])
    now = now or timezone.now()
    runs = list(RetentionRun.objects.select_related("certificate")[:14])
    last_done = (
        RetentionRun.objects.filter(status=RetentionRun.Status.DONE)
        .select_related("certificate")
        .order_by("-finished_at", "-pk")
        .first()
    )
    since = last_done.finished_at if last_done and last_done.finished_at else None
    failed = RetentionRun.objects.filter(status=RetentionRun.Status.FAILED)
    if since is not None:
        failed = failed.filter(requested_at__gte=since)
    return RetentionHealth(
        runs=runs,
        last_done=last_done,
        late=since is None or now - since > RETENTION_LATE_AFTER,
        failed=list(failed.order_by("-requested_at")[:5]),
    )


def sharing_agreements(*, user: User) -> QuerySet[SharingAgreement]:
    if not can(user, Action.VIEW_SHARING_AGREEMENTS):
        return SharingAgreement.objects.none()
    return SharingAgreement.objects.prefetch_related("parties")


def overdue_agreements(*, user: User) -> list[SharingAgreement]:
    return list(sharing_agreements(user=user).filter(review_on__lt=timezone.localdate()))


def agreements_for_share(*, share: OrganisationShare) -> QuerySet[SharingAgreement]:
    return SharingAgreement.objects.filter(parties=share.organisation_id).filter(
        parties=share.family.lead_organisation_id
    )
