"""Evidence log pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can
from relsafe.accounts.reauth import require_recent_auth
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.core import files
from relsafe.core.editing import ConflictPage, EditPage
from relsafe.evidence import exports, photos, selectors, services
from relsafe.evidence.forms import EntryPage, ExportForm, ReviewForm, default_initial
from relsafe.evidence.models import EntryHandling, EvidenceEntry
from relsafe.evidence.services import writes_as_worker

LOG_KEEPERS = CASEWORK_ROLES | {Role.PARENT}


def _with_progress(entries: list[EvidenceEntry]) -> list[tuple[EvidenceEntry, Any]]:
    return [(e, selectors.progress(e.handling)) for e in entries]


@login_required
@role_required({Role.PARENT})
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """A parent's way in: their own family's log."""
    family = selectors.parent_family(user=request.user)
    if family is None:
        raise Http404("No family log")
    return redirect("evidence:log", family.pk)


@login_required
@role_required(LOG_KEEPERS)
@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    """Why keep a log, how, and a worked example."""
    family = None if writes_as_worker(request.user) else selectors.parent_family(user=request.user)
    return render(request, "evidence/guide.html", {"family": family})


@login_required
@role_required(LOG_KEEPERS)
@require_safe
def log(request: HttpRequest, family_pk: int) -> HttpResponse:
    the_log = selectors.family_log(user=request.user, family_pk=family_pk, request=request)
    return render(
        request,
        "evidence/log.html",
        {
            "log": the_log,
            "family": the_log.family,
            "rows": _with_progress(the_log.entries),
            "is_parent": not writes_as_worker(request.user),
        },
    )


def _entry_form_page(
    request: HttpRequest, *, family: Any, corrects: EvidenceEntry | None
) -> HttpResponse:
    by_worker = writes_as_worker(request.user)
    if request.method == "POST":
        page = EntryPage(
            request.POST,
            request.FILES,
            by_worker=by_worker,
            add=request.POST.get("add", ""),
        )
        if page.is_valid():
            try:
                entry = services.submit_entry(
                    actor=request.user,
                    family=family,
                    corrects=corrects,
                    request=request,
                    **page.service_values(),
                )
            except ValidationError as error:
                page.apply_service_error(error)
            except files.FileNotStored:
                messages.warning(
                    request,
                    "Your entry was saved, but a photo could not be kept. Add it again in a "
                    "correction, or tell your worker.",
                )
                return redirect("evidence:log", family.pk)
            else:
                photos_kept = (
                    " We removed the location and camera details from your photos."
                    if page.form.cleaned_data.get("photos")
                    else ""
                )
                messages.success(
                    request,
                    f"Entry {entry.sequence} added to the log. It cannot be changed now; "
                    f"you can add a correction if something is wrong.{photos_kept}",
                )
                return redirect("evidence:log", family.pk)
    else:
        page = EntryPage(by_worker=by_worker, initial=default_initial())
    status = 400 if request.method == "POST" and page.has_errors() else 200
    return render(
        request,
        "evidence/entry_form.html",
        {
            "page": page,
            "form": page.form,
            "family": family,
            "corrects": corrects,
            "by_worker": by_worker,
        },
        status=status,
    )


@login_required
@role_required(LOG_KEEPERS)
@require_http_methods(["GET", "HEAD", "POST"])
def entry_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = selectors.open_log(user=request.user, family_pk=family_pk, request=request)
    return _entry_form_page(request, family=family, corrects=None)


@login_required
@role_required(LOG_KEEPERS)
@require_http_methods(["GET", "HEAD", "POST"])
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry(user=request.user, pk=pk, request=request)
    return _entry_form_page(request, family=entry.family, corrects=entry)


@login_required
@role_required(LOG_KEEPERS)
@require_safe
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry(user=request.user, pk=pk, request=request)
    return render(
        request,
        "evidence/entry_detail.html",
        {
            "entry": entry,
            "family": entry.family,
            "steps": selectors.progress(entry.handling),
            "is_parent": not writes_as_worker(request.user),
            "can_review": can(request.user, Action.REVIEW_EVIDENCE, family=entry.family),
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def entry_review(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry(
        user=request.user, pk=pk, request=request, action=Action.REVIEW_EVIDENCE
    )

    def save(form: ReviewForm) -> EntryHandling:
        data = form.cleaned_data
        return services.review_entry(
            actor=request.user,
            entry=entry,
            expected_version=data["version"],
            notes=data["notes"],
            significant=data["significant"],
            withheld_from_agencies=data["withheld_from_agencies"],
            withheld_reason=data["withheld_reason"],
            request=request,
        )

    return EditPage(
        template="evidence/review_form.html",
        form=lambda data, saved: ReviewForm(data, handling=saved),
        record=entry.handling,
        save=save,
        success_url=reverse("evidence:log", args=[entry.family_id]),
        success_message=f"Entry {entry.sequence} reviewed.",
        context={"entry": entry, "family": entry.family},
        conflict=ConflictPage(
            heading="Someone else reviewed this entry while you were looking at it",
            title="Review an evidence log entry",
        ),
    ).respond(request)


@login_required
@role_required(LOG_KEEPERS)
@require_safe
@require_recent_auth
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A photo leaves relsafe here (audited as an export), after an access check."""
    kept = selectors.get_photo(user=request.user, pk=pk, request=request)
    extension = "jpg" if kept.file_type == "jpeg" else "png"
    return files.download_response(
        folder=photos.FOLDER,
        stored_name=kept.stored_name,
        file_type=kept.file_type,
        encrypted=True,
        filename=f"entry-{kept.entry.sequence}-photo-{kept.position + 1}.{extension}",
    )


@login_required
@role_required(LOG_KEEPERS)
@require_http_methods(["GET", "HEAD", "POST"])
@require_recent_auth
def export(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = selectors.open_log(user=request.user, family_pk=family_pk, request=request)
    form = ExportForm(request.POST or None, initial={"export_format": "pdf"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = selectors.log_for_export(
            user=request.user,
            family_pk=family.pk,
            date_from=data["date_from"],
            date_to=data["date_to"],
            request=request,
        )
        services.record_export(
            actor=request.user,
            family=family,
            export_format=data["export_format"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            entries=len(content.entries),
            chain_head=content.chain_head,
            statement_confirmed=data["confirm"],
            request=request,
        )
        if data["export_format"] == "csv":
            return exports.csv_response(content=content, exported_by=request.user)
        return exports.pdf_response(content=content, exported_by=request.user)
    return render(
        request,
        "evidence/export.html",
        {
            "family": family,
            "form": form,
            "statement": exports.statement_for(request.user),
            "back": reverse("evidence:log", args=[family.pk]),
        },
        status=400 if form.errors else 200,
    )
