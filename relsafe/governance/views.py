"""Governance pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can, require
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.models import OrganisationShare
from relsafe.cases.selectors import get_family
from relsafe.core.concurrency import EditConflict
from relsafe.governance import retention, selectors, services
from relsafe.governance.forms import (
    CorrectionDecisionForm,
    CorrectionForm,
    ErasureDecisionForm,
    ErasureForm,
    LegalHoldForm,
    RedactionForm,
    ShareAgreementForm,
    SharingAgreementForm,
    SubjectAccessForm,
    add_errors,
)
from relsafe.governance.models import SubjectAccessRequest

HANDLERS = frozenset({Role.ADMINISTRATOR, Role.TEAM_MANAGER})
ADMINS = frozenset({Role.ADMINISTRATOR})


# --- Subject access -------------------------------------------------------------------------------


@login_required
@role_required(HANDLERS)
@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "governance/index.html",
        {
            "requests": selectors.subject_access_requests(user=user),
            "corrections": selectors.correction_requests(user=user),
            "erasures": selectors.erasure_requests(user=user)[:20],
            "can_manage_retention": can(user, Action.MANAGE_RETENTION),
        },
    )


@login_required
@role_required(HANDLERS)
def sar_create(request: AuthenticatedRequest) -> HttpResponse:
    families = selectors.organisation_families(user=request.user)
    form = SubjectAccessForm(request.POST or None, families=families)
    if request.method == "POST" and form.is_valid():
        family, label = form.family_and_label()
        try:
            sar = services.log_subject_access_request(
                actor=request.user,
                family=family,
                subject_label=label,
                requester=form.cleaned_data["requester"],
                received_on=form.cleaned_data["received_on"],
                extension_reason=form.cleaned_data["extension_reason"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, "Request logged. Everything held about them is gathered below."
            )
            return redirect("governance:sar", pk=sar.pk)
    return render(request, "governance/sar_form.html", {"form": form})


@login_required
@role_required(HANDLERS)
@require_safe
def sar_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sar = selectors.get_request(user=request.user, pk=pk, request=request)
    return _detail(request, sar)


def _detail(
    request: AuthenticatedRequest,
    sar: SubjectAccessRequest,
    *,
    failed_passage: int | None = None,
    failed_form: RedactionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    from relsafe.governance.redaction import segments

    passages = []
    for passage in sar.passages.all():
        redactions = list(passage.redactions.all())
        passages.append(
            {
                "passage": passage,
                "redactions": redactions,
                "lines": [
                    segments(line, [r.words for r in redactions])
                    for line in passage.text.split("\n")
                ],
                "form": failed_form
                if failed_passage == passage.pk
                else RedactionForm(prefix=f"p{passage.pk}"),
            }
        )
    return render(
        request,
        "governance/sar_detail.html",
        {
            "sar": sar,
            "passages": passages,
            "open": sar.status == SubjectAccessRequest.Status.GATHERING,
            "can_sign_off": can(request.user, Action.SIGN_OFF_SUBJECT_ACCESS, record=sar),
        },
        status=status,
    )


@login_required
@role_required(HANDLERS)
@require_POST
def redact(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    passage = selectors.get_passage(user=request.user, pk=pk, request=request)
    form = RedactionForm(request.POST, prefix=f"p{passage.pk}")
    if form.is_valid():
        try:
            services.mark_redaction(
                actor=request.user,
                passage=passage,
                words=form.cleaned_data["words"],
                exemption=form.cleaned_data["exemption"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Words withheld.")
            return redirect(
                reverse("governance:sar", args=[passage.request_id]) + f"#passage-{passage.pk}"
            )
    sar = selectors.get_request(user=request.user, pk=passage.request_id, request=request)
    return _detail(request, sar, failed_passage=passage.pk, failed_form=form, status=400)


@login_required
@role_required(HANDLERS)
@require_POST
def redaction_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    redaction = selectors.get_redaction(user=request.user, pk=pk, request=request)
    sar_pk = redaction.passage.request_id
    try:
        services.remove_redaction(actor=request.user, redaction=redaction, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Redaction removed.")
    return redirect("governance:sar", pk=sar_pk)


@login_required
@role_required(HANDLERS)
@require_POST
def sign_off(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sar = selectors.get_request(user=request.user, pk=pk, request=request)
    try:
        services.sign_off(actor=request.user, sar=sar, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Redactions signed off. The disclosure pack can now be produced.")
    return redirect("governance:sar", pk=sar.pk)


@login_required
@role_required(HANDLERS)
@require_POST
def pack(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    sar = selectors.get_request(user=request.user, pk=pk, request=request)
    try:
        pdf = services.produce_pack(actor=request.user, sar=sar, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("governance:sar", pk=sar.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="disclosure-{sar.pk}.pdf"'
    return response


# --- Corrections ----------------------------------------------------------------------------------


@login_required
@role_required(HANDLERS)
def correction_create(request: AuthenticatedRequest) -> HttpResponse:
    form = CorrectionForm(
        request.POST or None, families=selectors.organisation_families(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.record_correction_request(
                actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Correction request recorded.")
            return redirect("governance:correction", pk=correction.pk)
    return render(request, "governance/correction_form.html", {"form": form})


@login_required
@role_required(HANDLERS)
def correction_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    correction = selectors.get_correction(user=request.user, pk=pk, request=request)
    form = CorrectionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_correction(
                actor=request.user, correction=correction, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Outcome recorded.")
            return redirect("governance:correction", pk=correction.pk)
    return render(
        request, "governance/correction_detail.html", {"correction": correction, "form": form}
    )


# --- Erasure of one person inside a kept case (Art. 17) -------------------------------------------


@login_required
@role_required(HANDLERS)
def erasure_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ErasureForm(
        request.POST or None, families=selectors.organisation_families(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            req = services.log_erasure_request(
                actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Request logged. Where the person appears is listed below.")
            return redirect("governance:erasure", pk=req.pk)
    return render(request, "governance/erasure_form.html", {"form": form})


@login_required
@role_required(HANDLERS)
def erasure_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    req = selectors.get_erasure(user=request.user, pk=pk, request=request)
    form = ErasureDecisionForm(request.POST or None, initial={"version": req.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "erase":
                req = services.erase_person(
                    actor=request.user,
                    req=req,
                    expected_version=data["version"],
                    request=request,
                )
                messages.success(
                    request, f"The person was removed from {req.changed} records; the case stays."
                )
            else:
                req = services.refuse_erasure(
                    actor=request.user,
                    req=req,
                    expected_version=data["version"],
                    exemption=data["exemption"],
                    reason=data["reason"],
                    request=request,
                )
                messages.success(request, "Refusal recorded with the exemption.")
        except EditConflict:
            form.add_error(None, "Someone decided this request while you had it open.")
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("governance:erasure", pk=req.pk)
    return render(
        request,
        "governance/erasure_detail.html",
        {
            "req": req,
            "form": form,
            "second_person": req.logged_by_id != request.user.pk,
        },
    )


# --- Retention ------------------------------------------------------------------------------------


@login_required
@role_required(ADMINS)
def retention_page(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_RETENTION, request=request)
    form = LegalHoldForm(
        request.POST or None, families=selectors.organisation_families(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.place_legal_hold(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Legal hold placed.")
            return redirect("governance:retention")
    return render(
        request,
        "governance/retention.html",
        {
            "schedule": retention.SCHEDULE,
            "holds": selectors.legal_holds(user=request.user),
            "certificates": selectors.certificates(user=request.user)[:10],
            "health": selectors.retention_health(user=request.user),
            "form": form,
        },
    )


# --- Sharing agreements ---------------------------------------------------------------------------


@login_required
@role_required(HANDLERS)
def agreements(request: AuthenticatedRequest) -> HttpResponse:
    form = SharingAgreementForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.MANAGE_SHARING_AGREEMENTS, request=request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["parties"] = [o.pk for o in data["parties"]]
            try:
                services.record_sharing_agreement(actor=request.user, request=request, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Agreement recorded.")
                return redirect("governance:agreements")
    return render(
        request,
        "governance/agreements.html",
        {
            "agreements": selectors.sharing_agreements(user=request.user),
            "overdue": {a.pk for a in selectors.overdue_agreements(user=request.user)},
            "form": form,
            "can_add": can(request.user, Action.MANAGE_SHARING_AGREEMENTS),
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def share_agreement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = OrganisationShare.objects.filter(pk=pk).values_list("family_id", flat=True).first()
    family = get_family(user=request.user, pk=found or 0, request=request)
    share = family.shares.select_related("organisation", "family").get(pk=pk)
    form = ShareAgreementForm(
        request.POST or None, agreements=selectors.agreements_for_share(share=share)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.link_share_to_agreement(
                actor=request.user,
                share=share,
                agreement=form.cleaned_data["agreement"],
                no_agreement_reason=form.cleaned_data["no_agreement_reason"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Agreement recorded for this share.")
            return redirect("cases:family", pk=family.pk)
    return render(
        request, "governance/share_agreement.html", {"share": share, "family": family, "form": form}
    )
