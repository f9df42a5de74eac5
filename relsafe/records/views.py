"""Records pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can, require
from relsafe.accounts.reauth import require_recent_auth
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.models import YoungPerson
from relsafe.cases.selectors import get_family
from relsafe.core import files
from relsafe.core import search as core_search
from relsafe.core.concurrency import EditConflict
from relsafe.core.exports import csv_download
from relsafe.core.forms import apply_validation_error, post_at_version
from relsafe.drafts.selectors import draft_for_form
from relsafe.drafts.services import forget_draft
from relsafe.language.forms import add_language_warnings, age_of
from relsafe.records import attachments, selectors, services
from relsafe.records.forms import (
    AttachmentForm,
    ChronologyEntryForm,
    ChronologyFilterForm,
    ContactForm,
    MissingEpisodeForm,
    ReturnForm,
    ReturnInterviewForm,
    SearchForm,
)

WRITERS = CASEWORK_ROLES
READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}


# --- Contacts ----------------------------------------------------------------------------------


@login_required
@role_required(READERS)
@require_safe
def contact_list(request: HttpRequest, family_pk: int) -> HttpResponse:
    family, contacts = selectors.family_contacts(user=request.user, pk=family_pk, request=request)
    return render(request, "records/contact_list.html", {"family": family, "contacts": contacts})


@login_required
@role_required(WRITERS)
def contact_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)
    drafts = draft_for_form(user=request.user, request=request, family=family, changed_at=None)
    now = timezone.localtime()
    form = ContactForm(
        drafts.data,
        family=family,
        initial={
            "occurred_on": now.date(),
            "occurred_time": now.time().replace(second=0, microsecond=0),
        },
    )
    drafts.quiet(form)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.record_contact(
                actor=request.user, family=family, request=request, **form.service_values()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            forget_draft(actor=request.user, form_key=drafts.key, request=request)
            messages.success(request, "Contact recorded.")
            add_language_warnings(request, form)
            return redirect("records:contact", contact.pk)
    return render(
        request, "records/contact_form.html", {"family": family, "form": form, "drafts": drafts}
    )


@login_required
@role_required(READERS)
@require_safe
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(user=request.user, pk=pk, request=request)
    return render(
        request,
        "records/contact_detail.html",
        {
            "contact": contact,
            "can_change": can(request.user, Action.CHANGE_RECORD, record=contact),
            "upload_form": AttachmentForm(),
        },
    )


@login_required
@role_required(WRITERS)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(user=request.user, pk=pk, request=request)
    require(request.user, Action.CHANGE_RECORD, record=contact, request=request)
    drafts = draft_for_form(
        user=request.user, request=request, family=contact.family, changed_at=contact.updated_at
    )
    form = ContactForm(
        drafts.data, family=contact.family, initial=ContactForm.initial_from(contact)
    )
    drafts.quiet(form)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(
                actor=request.user,
                contact=contact,
                expected_version=form.cleaned_data.get("version") or 0,
                changes=form.service_values(),
                request=request,
            )
        except EditConflict as conflict:
            current = conflict.current
            # The person's text stays in the form; the hidden version now matches what is saved,
            # so saving again is a deliberate choice after reading both.
            retry = ContactForm(post_at_version(request, current.version), family=contact.family)
            retry.is_valid()
            return render(
                request,
                "records/contact_conflict.html",
                {"contact": current, "yours": form.cleaned_data, "form": retry},
                status=409,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            forget_draft(actor=request.user, form_key=drafts.key, request=request)
            messages.success(request, "Contact updated.")
            add_language_warnings(request, form)
            return redirect("records:contact", contact.pk)
    return render(
        request,
        "records/contact_form.html",
        {"family": contact.family, "form": form, "contact": contact, "drafts": drafts},
    )


@login_required
@role_required(WRITERS)
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(user=request.user, pk=pk, request=request)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_attachment(
                actor=request.user,
                contact=contact,
                name=upload.name,
                data=files.read_upload(upload),
                request=request,
            )
        except files.FileRejected as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "File added.")
            return redirect("records:contact", contact.pk)
    return render(
        request,
        "records/contact_detail.html",
        {"contact": contact, "can_change": True, "upload_form": form},
        status=400,
    )


@login_required
@role_required(READERS)
@require_safe
@require_recent_auth
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file leaves relsafe here (audited as an export), so identity is confirmed first, as for
    the chronology exports."""
    attachment = selectors.get_attachment_for_download(user=request.user, pk=pk, request=request)
    return files.download_response(
        folder=attachments.FOLDER,
        stored_name=attachment.stored_name,
        file_type=attachment.file_type,
        filename=attachment.original_name,
    )


# --- Missing episodes ----------------------------------------------------------------------------


@login_required
@role_required(WRITERS)
def missing_episode_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)
    form = MissingEpisodeForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            episode = services.record_missing_episode(
                actor=request.user,
                family=family,
                young_person=data["young_person"],
                reported_missing_at=data["reported_missing_at"],
                reported_by=data["reported_by"],
                risk_level=data["risk_level"],
                returned_at=data["returned_at"],
                where_found=data["where_found"],
                found_by=data["found_by"],
                found_by_detail=data["found_by_detail"],
                police_reference=data["police_reference"],
                share_with_police=data["share_with_police"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Missing episode recorded.")
            add_language_warnings(request, form)
            return redirect("records:missing-episode", episode.pk)
    return render(request, "records/missing_form.html", {"family": family, "form": form})


@login_required
@role_required(READERS)
@require_safe
def missing_episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.get_missing_episode(user=request.user, pk=pk, request=request)
    return render(
        request,
        "records/missing_detail.html",
        {
            "episode": episode,
            "clock": selectors.interview_clock(episode),
            "interview": getattr(episode, "return_interview", None),
            "can_change": can(request.user, Action.CHANGE_RECORD, record=episode),
            "can_record": can(request.user, Action.RECORD, family=episode.family),
        },
    )


@login_required
@role_required(WRITERS)
def missing_episode_return(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.get_missing_episode(user=request.user, pk=pk, request=request)
    require(request.user, Action.CHANGE_RECORD, record=episode, request=request)
    form = ReturnForm(
        request.POST or None,
        initial={"version": episode.version},
        child_age=age_of(episode.young_person),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_return(
                actor=request.user,
                episode=episode,
                expected_version=data["version"],
                returned_at=data["returned_at"],
                where_found=data["where_found"],
                found_by=data["found_by"],
                found_by_detail=data["found_by_detail"],
                police_reference=data["police_reference"],
                request=request,
            )
        except EditConflict:
            form.add_error(
                None,
                "Someone else updated this episode while you were typing. Check the episode "
                "below; your entries are still here.",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, "Return recorded. The 72-hour return interview clock has started."
            )
            add_language_warnings(request, form)
            return redirect("records:missing-episode", episode.pk)
    return render(request, "records/return_form.html", {"episode": episode, "form": form})


@login_required
@role_required(WRITERS)
def return_interview(request: HttpRequest, pk: int) -> HttpResponse:
    episode = selectors.get_missing_episode(user=request.user, pk=pk, request=request)
    existing = getattr(episode, "return_interview", None)
    initial: dict[str, Any] = {"version": 0}
    if existing is not None:
        offered = timezone.localtime(existing.offered_at) if existing.offered_at else None
        done = timezone.localtime(existing.done_at) if existing.done_at else None
        initial = {
            "offered_on": offered.date() if offered else None,
            "offered_time": offered.time().replace(second=0, microsecond=0) if offered else None,
            "outcome": "done" if done else ("declined" if existing.declined else "offered"),
            "done_on": done.date() if done else None,
            "done_time": done.time().replace(second=0, microsecond=0) if done else None,
            "done_by": existing.done_by,
            "version": existing.version,
            **{f: getattr(existing, f) for f in ReturnInterviewForm.language_checked_fields},
        }
    drafts = draft_for_form(
        user=request.user,
        request=request,
        family=episode.family,
        changed_at=existing.recorded_at if existing is not None else None,
    )
    form = drafts.quiet(
        ReturnInterviewForm(drafts.data, initial=initial, child_age=age_of(episode.young_person))
    )
    conflict: Any = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_return_interview(
                actor=request.user,
                episode=episode,
                offered_at=data["offered_at"],
                done_at=data["done_at"],
                done_by=data["done_by"],
                declined=data["outcome"] == "declined",
                content=form.content(),
                expected_version=data["version"],
                request=request,
            )
        except EditConflict as edit_conflict:
            # Keep what this person wrote; show what a colleague saved. Saving again (now at the
            # saved version) is a deliberate choice, never a silent overwrite.
            conflict = edit_conflict.current
            form = ReturnInterviewForm(
                post_at_version(request, conflict.version if conflict is not None else 0),
                child_age=age_of(episode.young_person),
            )
            form.is_valid()
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            forget_draft(actor=request.user, form_key=drafts.key, request=request)
            messages.success(request, "Return home interview saved.")
            add_language_warnings(request, form)
            return redirect("records:missing-episode", episode.pk)
    return render(
        request,
        "records/interview_form.html",
        {"episode": episode, "form": form, "drafts": drafts, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


# --- Chronology ------------------------------------------------------------------------------


def _filters(form: ChronologyFilterForm) -> selectors.ChronologyFilters:
    if not form.is_valid():
        return selectors.ChronologyFilters()
    data = form.cleaned_data
    young_person = data.get("young_person")
    return selectors.ChronologyFilters(
        kinds=frozenset(data.get("kind") or ()),
        tags=frozenset(data.get("tag") or ()),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        young_person_id=int(young_person) if young_person else None,
    )


def _filter_form(request: HttpRequest, family_pk: int) -> ChronologyFilterForm:
    # Only the choices come from here; the selector decides whether the family may be seen.
    return ChronologyFilterForm(
        request.GET or None, young_people=YoungPerson.objects.filter(family_id=family_pk)
    )


@login_required
@role_required(READERS)
@require_safe
def chronology(request: HttpRequest, family_pk: int) -> HttpResponse:
    form = _filter_form(request, family_pk)
    family, items = selectors.family_chronology(
        user=request.user, pk=family_pk, filters=_filters(form), request=request
    )
    return render(
        request,
        "records/chronology.html",
        {
            "family": family,
            "items": items,
            "filter_form": form,
            "query": request.GET.urlencode(),
            "can_add": can(request.user, Action.RECORD, family=family),
        },
    )


@login_required
@role_required(READERS)
@require_safe
@require_recent_auth
def chronology_pdf(request: HttpRequest, family_pk: int) -> HttpResponse:
    from weasyprint import HTML

    form = _filter_form(request, family_pk)
    family, items = selectors.chronology_for_export(
        user=request.user,
        pk=family_pk,
        filters=_filters(form),
        export_format="pdf",
        request=request,
    )
    document = render_to_string(
        "records/chronology_pdf.html",
        {"family": family, "items": items, "exported_by": request.user, "now": timezone.now()},
    )
    pdf = HTML(string=document, url_fetcher=_no_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{family.reference}.pdf"'
    return response


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """PDFs are built from our own template only: nothing is fetched from anywhere."""
    raise ValueError(f"Refusing to fetch {url[:60]} while building a PDF")


@login_required
@role_required(READERS)
@require_safe
@require_recent_auth
def chronology_csv(request: HttpRequest, family_pk: int) -> HttpResponse:
    form = _filter_form(request, family_pk)
    family, items = selectors.chronology_for_export(
        user=request.user,
        pk=family_pk,
        filters=_filters(form),
        export_format="csv",
        request=request,
    )
    rows = (
        [
            timezone.localtime(i.when).strftime("%Y-%m-%d %H:%M"),
            i.kind_label,
            i.tag_label,
            ", ".join(i.young_people),
            i.title,
            i.body_text,
            i.organisation,
        ]
        for i in items
    )
    return csv_download(
        filename=f"chronology-{family.reference}.csv",
        header=[
            "When",
            "Kind",
            "Strength or concern",
            "Young people",
            "What happened",
            "Details",
            "Recorded by",
        ],
        rows=rows,
    )


@login_required
@role_required(WRITERS)
def chronology_entry_create(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)
    form = ChronologyEntryForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_chronology_entry(
                actor=request.user,
                family=family,
                occurred_on=data["occurred_on"],
                title=data["title"],
                details=data["details"],
                tag=data["tag"],
                young_people=data["young_people"],
                share_with_police=data["share_with_police"],
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Event added to the chronology.")
            add_language_warnings(request, form)
            return redirect("records:chronology", family.pk)
    return render(request, "records/entry_form.html", {"family": family, "form": form})


# --- Search ------------------------------------------------------------------------------------


@login_required
@role_required(READERS)
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over every kind of record the person may see (``relsafe.core.search``).
    The words come by POST, like Find a family, so they never sit in URLs, history or server logs."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    query = ""
    hits: list[core_search.SearchHit] = []
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        kind = form.cleaned_data["kind"]
        hits = core_search.search(
            user=request.user,
            query=query,
            kinds_wanted=[kind] if kind else [],
            request=request,
        )
    return render(request, "records/search.html", {"form": form, "query": query, "hits": hits})
