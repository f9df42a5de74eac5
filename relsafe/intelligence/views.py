"""Partnership intelligence pages. Thin: parse input, call one selector or service, render.

The worker's pages name the family and its children; the police pages (queue, received
submissions, people of concern, the network map, every export) are drawn from police copies and
pseudonyms only.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.reauth import require_recent_auth
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.selectors import get_family
from relsafe.core.concurrency import EditConflict
from relsafe.core.editing import ConflictPage, EditPage
from relsafe.core.exports import csv_download
from relsafe.core.forms import apply_validation_error
from relsafe.intelligence import evidence_log, exports, network, selectors, services
from relsafe.intelligence.forms import (
    DecisionForm,
    LinkForm,
    NetworkFilterForm,
    OutcomeForm,
    SendForm,
    SplitForm,
    SubmissionForm,
    initial_from_entries,
)
from relsafe.intelligence.models import Submission

WORKERS = CASEWORK_ROLES
POLICE = frozenset({Role.POLICE_ANALYST})


# --- the worker's side ---------------------------------------------------------------------------


@login_required
@role_required(WORKERS)
def submission_create(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)
    forces = services.forces_for(family)
    entries = evidence_log.reviewed_entries(request.user, family)
    chosen = {int(x) for x in request.GET.get("entries", "").split(",") if x.isdigit()}
    initial: dict[str, Any] = {"occurred_on": timezone.localdate(), "handling": "P"}
    initial |= initial_from_entries([e for e in entries if e.pk in chosen])
    if len(forces) == 1:
        initial["force"] = forces[0].pk

    def save(form: SubmissionForm) -> Submission:
        return services.create_submission(
            actor=request.user, family=family, details=form.details(), request=request
        )

    return EditPage(
        template="intelligence/submission_form.html",
        form=lambda data, _: SubmissionForm(
            data, family=family, forces=forces, entries=entries, initial=initial
        ),
        save=save,
        success_url=lambda s: reverse("intelligence:submission-send", args=[s.pk]),
        success_message="Saved, not sent yet. Check what the police will see.",
        context={"family": family, "forces": forces},
    ).respond(request)


@login_required
@role_required(WORKERS)
def submission_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    submission = selectors.get_worker_submission(user=request.user, pk=pk, request=request)
    family = submission.family
    forces = services.forces_for(family)
    entries = evidence_log.reviewed_entries(request.user, family)
    entries += [
        e
        for e in evidence_log.EvidenceEntry.objects.filter(
            pk__in=submission.evidence_entry_ids, family=family
        )
        if e not in entries
    ]

    def save(form: SubmissionForm) -> Submission:
        return services.update_submission(
            actor=request.user,
            submission=submission,
            expected_version=form.cleaned_data.get("version") or 0,
            details=form.details(),
            request=request,
        )

    return EditPage(
        template="intelligence/submission_form.html",
        form=lambda data, saved: SubmissionForm(
            data,
            family=family,
            forces=forces,
            entries=entries,
            initial=SubmissionForm.initial_from(saved, selectors.worker_entities(saved)),
        ),
        record=submission,
        save=save,
        success_url=reverse("intelligence:submission-send", args=[submission.pk]),
        success_message="Changes saved, not sent yet. Check what the police will see.",
        context={"family": family, "forces": forces, "submission": submission},
        read_only=not submission.is_draft,
        conflict=ConflictPage(title="Information for the police", changed_at="updated_at"),
    ).respond(request)


@login_required
@role_required(WORKERS)
@require_safe
def submission_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    submission = selectors.get_worker_submission(user=request.user, pk=pk, request=request)
    return render(
        request,
        "intelligence/submission_detail.html",
        {
            "submission": submission,
            "family": submission.family,
            "entities": selectors.worker_entities(submission),
            "can_send": submission.is_draft
            and can(request.user, Action.SEND_INTELLIGENCE, family=submission.family),
        },
    )


@login_required
@role_required(WORKERS)
@require_recent_auth
def submission_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The sanitisation step: exactly what the police will see, and "Send to …" under it. Who
    sends confirms who they are first (step-up), as for any disclosure to police."""
    submission = selectors.get_worker_submission(user=request.user, pk=pk, request=request)
    if not submission.is_draft:
        return redirect("intelligence:submission", submission.pk)
    form = SendForm(request.POST or None, initial={"version": submission.version})
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_submission(
                actor=request.user,
                submission=submission,
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except EditConflict:
            messages.warning(
                request,
                "Someone changed this information since you opened it. Check it again before "
                "sending.",
            )
            return redirect("intelligence:submission-send", submission.pk)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Sent to {sent.force.name} as {sent.reference}.")
            return redirect("intelligence:submission", sent.pk)
    copy = services.build_police_copy(submission, actor=request.user, assign=False)
    return render(
        request,
        "intelligence/submission_send.html",
        {
            "submission": submission,
            "family": submission.family,
            "copy": copy,
            "form": form,
            "can_send": can(request.user, Action.SEND_INTELLIGENCE, family=submission.family),
        },
    )


# --- the police side -----------------------------------------------------------------------------


@login_required
@role_required(POLICE)
@require_safe
def queue(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in dict(selectors.QUEUE_TABS):
        status = ""
    result = selectors.force_queue(user=request.user, status=status, request=request)
    labels = selectors.child_labels(request.user, result.submissions)
    rows = [(s, labels.get(s.pk, [])) for s in result.submissions]
    tabs = [(value, label, result.counts.get(value, 0)) for value, label in selectors.QUEUE_TABS]
    return render(
        request,
        "intelligence/queue.html",
        {"queue": result, "rows": rows, "tabs": tabs, "status": status},
    )


def _received_context(request: AuthenticatedRequest, submission: Submission) -> dict[str, Any]:
    return {
        "submission": submission,
        "copy": submission.police_copy,
        "seen": selectors.also_reported(user=request.user, submission=submission),
        "can_handle": can(request.user, Action.HANDLE_INTELLIGENCE, record=submission),
        "outcome_form": OutcomeForm(initial={"status": submission.status}),
    }


@login_required
@role_required(POLICE)
@require_safe
def received(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    submission = selectors.get_police_submission(user=request.user, pk=pk, request=request)
    return render(request, "intelligence/received.html", _received_context(request, submission))


@login_required
@role_required(POLICE)
@require_POST
def acknowledge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    submission = selectors.get_police_submission(user=request.user, pk=pk, request=request)
    try:
        services.acknowledge(actor=request.user, submission=submission, request=request)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, f"{submission.reference} acknowledged. The worker is told.")
    return redirect("intelligence:received", submission.pk)


@login_required
@role_required(POLICE)
def outcome(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    submission = selectors.get_police_submission(user=request.user, pk=pk, request=request)

    def save(form: OutcomeForm) -> Submission:
        return services.record_outcome(
            actor=request.user,
            submission=submission,
            status=form.cleaned_data["status"],
            feedback=form.cleaned_data["feedback"],
            request=request,
        )

    return EditPage(
        template="intelligence/outcome_form.html",
        form=lambda data, _: OutcomeForm(
            data, initial={"status": submission.status, "feedback": submission.feedback}
        ),
        save=save,
        success_url=reverse("intelligence:received", args=[submission.pk]),
        success_message=lambda s: f"Outcome saved: {s.get_status_display()}.",
        context={"submission": submission},
    ).respond(request)


@login_required
@role_required(POLICE)
@require_safe
@require_recent_auth
def received_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "csv", "json"):
        raise Http404("No such format")
    submission = selectors.get_police_submission(
        user=request.user, pk=pk, request=request, export=fmt
    )
    seen = selectors.also_reported(user=request.user, submission=submission)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(exports.submission_json(submission, seen), indent=2),
            content_type="application/json",
        )
    elif fmt == "csv":
        header, rows = exports.submission_rows(submission, seen)
        return csv_download(filename=f"{submission.reference}.csv", header=header, rows=rows)
    else:
        html = render_to_string(
            "intelligence/received_pdf.html",
            {
                "submission": submission,
                "copy": submission.police_copy,
                "seen": seen,
                "exported_by": request.user,
                "now": timezone.now(),
            },
        )
        response = HttpResponse(exports.pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{submission.reference}.{fmt}"'
    return response


# --- people of concern ---------------------------------------------------------------------------


def _person_page(
    request: AuthenticatedRequest, view: selectors.PersonView, **forms: Any
) -> HttpResponse:
    choices = [
        (str(m.pk), f"{m.submission.reference}, {m.submission.occurred_on:%-d %b %Y}")
        for m in view.mentions
    ]
    candidates = [(str(p.pk), f"{label} ({why})") for p, label, why in view.candidates]
    context = {
        "view": view,
        "confirm_form": forms.get("confirm_form") or DecisionForm(prefix="confirm"),
        "split_form": forms.get("split_form") or SplitForm(prefix="split", choices=choices),
        "link_form": forms.get("link_form") or LinkForm(prefix="link", choices=candidates),
        "relink": selectors.latest_relink(request.user),
    }
    status = 400 if forms else 200
    return render(request, "intelligence/person.html", context, status=status)


@login_required
@role_required(POLICE)
@require_safe
def person(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = selectors.get_person(user=request.user, pk=pk, request=request)
    return _person_page(request, view)


def _decided(request: AuthenticatedRequest, message: str, pk: int) -> HttpResponse:
    messages.success(request, message)
    return redirect("intelligence:person", pk)


@login_required
@role_required(POLICE)
@require_POST
def person_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = selectors.get_person(user=request.user, pk=pk, request=request)
    form = DecisionForm(request.POST, prefix="confirm")
    if form.is_valid():
        try:
            services.confirm_person(
                actor=request.user,
                person=view.person,
                mentions=view.mentions,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="reason")
        else:
            return _decided(
                request, "Confirmed: these reports stay together through every re-link.", pk
            )
    return _person_page(request, view, confirm_form=form)


@login_required
@role_required(POLICE)
@require_POST
def person_split(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = selectors.get_person(user=request.user, pk=pk, request=request)
    choices = [(str(m.pk), m.submission.reference) for m in view.mentions]
    form = SplitForm(request.POST, prefix="split", choices=choices)
    if form.is_valid():
        leave = {int(x) for x in form.cleaned_data["leave"]}
        try:
            services.split_person(
                actor=request.user,
                person=view.person,
                stay=[m for m in view.mentions if m.pk not in leave],
                leave=[m for m in view.mentions if m.pk in leave],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="leave")
        else:
            messages.success(
                request, "Split: those reports are kept apart from this person from now on."
            )
            return redirect("intelligence:person", view.mentions[0].person_id or pk)
    return _person_page(request, view, split_form=form)


@login_required
@role_required(POLICE)
@require_POST
def person_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    view = selectors.get_person(user=request.user, pk=pk, request=request)
    choices = [(str(p.pk), label) for p, label, _ in view.candidates]
    form = LinkForm(request.POST, prefix="link", choices=choices)
    if form.is_valid():
        other = selectors.get_person(
            user=request.user, pk=int(form.cleaned_data["other"]), request=request
        )
        try:
            services.link_people(
                actor=request.user,
                person=view.person,
                mention=view.mentions[0],
                other=other.mentions[0],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error, field="reason")
        else:
            view.mentions[0].refresh_from_db()
            return _decided(
                request,
                "Linked: these people are one from now on.",
                view.mentions[0].person_id or pk,
            )
    return _person_page(request, view, link_form=form)


# --- the network map -----------------------------------------------------------------------------


def _network(
    request: AuthenticatedRequest, export: str = ""
) -> tuple[network.Network, NetworkFilterForm]:
    areas = network.areas_for(request.user)
    form = NetworkFilterForm(request.GET or None, areas=areas)
    filters = network.Filters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = network.Filters(
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            area=d.get("area") or "",
            offence=d.get("offence") or "",
        )
    result = network.build(user=request.user, filters=filters, request=request, export=export)
    return result, form


@login_required
@role_required(POLICE)
@require_safe
def network_map(request: AuthenticatedRequest) -> HttpResponse:
    result, form = _network(request)
    return render(
        request,
        "intelligence/network.html",
        {
            "network": result,
            "form": form,
            "query": request.GET.urlencode(),
            "data": result.elements(),
        },
    )


@login_required
@role_required(POLICE)
@require_safe
@require_recent_auth
def network_mace(request: AuthenticatedRequest) -> HttpResponse:
    result, _ = _network(request, export="mace-pdf")
    html = render_to_string(
        "intelligence/mace_pdf.html",
        {
            "network": result,
            "labels": selectors.child_labels(request.user, result.submissions),
            "exported_by": request.user,
            "now": timezone.now(),
        },
    )
    response = HttpResponse(exports.pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mace-pack.pdf"'
    return response


@login_required
@role_required(POLICE)
@require_safe
@require_recent_auth
def network_entities(request: AuthenticatedRequest) -> HttpResponse:
    result, _ = _network(request, export="i2-entities")
    header, rows = exports.entity_rows(result)
    return csv_download(filename="network-entities.csv", header=header, rows=rows)


@login_required
@role_required(POLICE)
@require_safe
@require_recent_auth
def network_links(request: AuthenticatedRequest) -> HttpResponse:
    result, _ = _network(request, export="i2-links")
    header, rows = exports.link_rows(result)
    return csv_download(filename="network-links.csv", header=header, rows=rows)


# --- full re-link --------------------------------------------------------------------------------


@login_required
@role_required(POLICE)
def relink(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        run = services.start_relink(actor=request.user, request=request)
        messages.success(request, "The full re-link has started. You can leave this page.")
        return redirect(f"{reverse('intelligence:relink')}?run={run.pk}")
    return render(
        request, "intelligence/relink.html", {"run": selectors.latest_relink(request.user)}
    )


@login_required
@role_required(POLICE)
@require_safe
def relink_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = selectors.get_relink(user=request.user, pk=pk, request=request)
    return render(request, "intelligence/_relink_progress.html", {"run": run})
