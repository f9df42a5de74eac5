"""Records pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can, require
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.reauth import require_recent_auth
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.models import YoungPerson
from relsafe.cases.selectors import get_family
from relsafe.core import files
from relsafe.core import search as core_search
from relsafe.core.editing import ConflictPage, EditPage, compare_fields
from relsafe.core.exports import csv_download
from relsafe.drafts.selectors import draft_for_form
from relsafe.language.forms import age_of
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
from relsafe.records.models import (
    ChronologyEntry,
    Contact,
    MissingEpisode,
    ReturnHomeInterview,
)

WRITERS = CASEWORK_ROLES
READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}


# --- Contacts ----------------------------------------------------------------------------------


@login_required
@role_required(READERS)
@require_safe
def contact_list(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family, contacts = selectors.family_contacts(user=request.user, pk=family_pk, request=request)
    return render(request, "records/contact_list.html", {"family": family, "contacts": contacts})


@login_required
@role_required(WRITERS)
def contact_create(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)
    now = timezone.localtime()
    # Fewer steps: the person recording was there, and a family's only child (or the child the
    # link came from) is the one the contact is about, unless they change it.
    initial = {
        "occurred_on": now.date(),
        "occurred_time": now.time().replace(second=0, microsecond=0),
        **selectors.contact_defaults(
            user=request.user, family=family, young_person_pk=request.GET.get("young_person")
        ),
    }

    def save(form: ContactForm) -> Contact:
        return services.record_contact(
            actor=request.user,
            family=family,
            request=request,
            **form.service_values(),
            **form.attachment_values(),
        )

    return EditPage(
        template="records/contact_form.html",
        form=lambda data, _: ContactForm(
            data,
            request.FILES if data is not None and request.method == "POST" else None,
            family=family,
            initial=initial,
            allow_attachment=True,
        ),
        save=save,
        success_url=lambda contact: reverse("records:contact", args=[contact.pk]),
        success_message="Contact recorded.",
        context={"family": family},
        drafts=draft_for_form(user=request.user, request=request, family=family, changed_at=None),
    ).respond(request)


@login_required
@role_required(READERS)
@require_safe
def contact_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def contact_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact(user=request.user, pk=pk, request=request)
    require(request.user, Action.CHANGE_RECORD, record=contact, request=request)

    def save(form: ContactForm) -> Contact:
        return services.update_contact(
            actor=request.user,
            contact=contact,
            expected_version=form.cleaned_data.get("version") or 0,
            changes=form.service_values(),
            request=request,
        )

    return EditPage(
        template="records/contact_form.html",
        form=lambda data, saved: ContactForm(
            data, family=contact.family, initial=ContactForm.initial_from(saved)
        ),
        record=contact,
        save=save,
        success_url=reverse("records:contact", args=[contact.pk]),
        success_message="Contact updated.",
        context={"family": contact.family, "contact": contact},
        drafts=draft_for_form(
            user=request.user, request=request, family=contact.family, changed_at=contact.updated_at
        ),
        conflict=ConflictPage(
            heading="Someone else changed this contact while you were editing it",
            title="Change a contact",
        ),
    ).respond(request)


@login_required
@role_required(WRITERS)
@require_POST
def attachment_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
@require_recent_auth(purpose="download a file attached to a record", download=True)
def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
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
def missing_episode_create(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)

    def save(form: MissingEpisodeForm) -> MissingEpisode:
        return services.record_missing_episode(
            actor=request.user, family=family, request=request, **form.service_values()
        )

    return EditPage(
        template="records/missing_form.html",
        form=lambda data, _: MissingEpisodeForm(data, family=family),
        save=save,
        success_url=lambda episode: reverse("records:missing-episode", args=[episode.pk]),
        success_message="Missing episode recorded.",
        context={"family": family},
    ).respond(request)


@login_required
@role_required(READERS)
@require_safe
def missing_episode_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def missing_episode_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = selectors.get_missing_episode(user=request.user, pk=pk, request=request)
    require(request.user, Action.CHANGE_RECORD, record=episode, request=request)
    child_age = age_of(episode.young_person)

    def save(form: ReturnForm) -> MissingEpisode:
        return services.record_return(
            actor=request.user,
            episode=episode,
            expected_version=form.cleaned_data["version"],
            request=request,
            **form.service_values(),
        )

    return EditPage(
        template="records/return_form.html",
        form=lambda data, saved: ReturnForm(
            data, initial={"version": saved.version}, child_age=child_age
        ),
        record=episode,
        save=save,
        success_url=reverse("records:missing-episode", args=[episode.pk]),
        success_message="Return recorded. The 72-hour return interview clock has started.",
        context={"episode": episode},
        conflict=ConflictPage(
            heading="Someone else updated this episode while you were typing",
            title="Record their return",
            changed_at="",
            rows=lambda form, saved: compare_fields(form, ReturnForm.initial_from(saved)),
        ),
    ).respond(request)


def _interview_initial(existing: ReturnHomeInterview | None) -> dict[str, Any]:
    """The form's starting values from the interview as saved (version 0: none yet)."""
    if existing is None:
        return {"version": 0}
    offered = timezone.localtime(existing.offered_at) if existing.offered_at else None
    done = timezone.localtime(existing.done_at) if existing.done_at else None
    return {
        "offered_on": offered.date() if offered else None,
        "offered_time": offered.time().replace(second=0, microsecond=0) if offered else None,
        "outcome": "done" if done else ("declined" if existing.declined else "offered"),
        "done_on": done.date() if done else None,
        "done_time": done.time().replace(second=0, microsecond=0) if done else None,
        "done_by": existing.done_by,
        "version": existing.version,
        **{f: getattr(existing, f) for f in ReturnInterviewForm.language_checked_fields},
    }


@login_required
@role_required(WRITERS)
def return_interview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = selectors.get_missing_episode(user=request.user, pk=pk, request=request)
    existing = getattr(episode, "return_interview", None)
    child_age = age_of(episode.young_person)

    def save(form: ReturnInterviewForm) -> ReturnHomeInterview:
        data = form.cleaned_data
        return services.record_return_interview(
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

    return EditPage(
        template="records/interview_form.html",
        form=lambda data, saved: ReturnInterviewForm(
            data, initial=_interview_initial(saved), child_age=child_age
        ),
        record=existing,
        save=save,
        success_url=reverse("records:missing-episode", args=[episode.pk]),
        success_message="Return home interview saved.",
        context={"episode": episode},
        drafts=draft_for_form(
            user=request.user,
            request=request,
            family=episode.family,
            changed_at=existing.recorded_at if existing is not None else None,
        ),
        conflict=ConflictPage(
            heading="Someone else saved this interview while you were writing",
            title="Return home interview",
            changed_at="recorded_at",
            changed_by="recorded_by",
        ),
    ).respond(request)


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
def chronology(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
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
@require_recent_auth(purpose="download this family's chronology as a PDF", download=True)
def chronology_pdf(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
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
    # Tagged PDF (PDF/UA-1): headings, reading order and language for screen readers and courts.
    pdf = HTML(string=document, url_fetcher=_no_fetch).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{family.reference}.pdf"'
    return response


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """PDFs are built from our own template only: nothing is fetched from anywhere."""
    raise ValueError(f"Refusing to fetch {url[:60]} while building a PDF")


@login_required
@role_required(READERS)
@require_safe
@require_recent_auth(
    purpose="download this family's chronology as a spreadsheet (CSV)", download=True
)
def chronology_csv(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    form = _filter_form(request, family_pk)
    family, items = selectors.chronology_for_export(
        user=request.user,
        pk=family_pk,
        filters=_filters(form),
        export_format="csv",
        request=request,
    )
    # The date and the time apart: an event known only by its date (a screening, an event a
    # worker added) has no time, rather than an invented midday.
    rows = (
        [
            i.day.isoformat(),
            i.time_text,
            i.kind_label,
            i.tag_label,
            ", ".join(i.young_people),
            i.title,
            i.body_text,
            i.recorded_by,
            i.organisation,
        ]
        for i in items
    )
    return csv_download(
        filename=f"chronology-{family.reference}.csv",
        header=[
            "Date",
            "Time",
            "Kind",
            "Strength or concern",
            "Young people",
            "What happened",
            "Details",
            "Recorded by",
            "Organisation",
        ],
        rows=rows,
    )


@login_required
@role_required(WRITERS)
def chronology_entry_create(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)

    def save(form: ChronologyEntryForm) -> ChronologyEntry:
        return services.add_chronology_entry(
            actor=request.user, family=family, request=request, **form.service_values()
        )

    return EditPage(
        template="records/entry_form.html",
        form=lambda data, _: ChronologyEntryForm(data, family=family),
        save=save,
        success_url=reverse("records:chronology", args=[family.pk]),
        success_message="Event added to the chronology.",
        context={"family": family},
    ).respond(request)


# --- Search ------------------------------------------------------------------------------------


@login_required
@role_required(READERS)
def search(request: AuthenticatedRequest) -> HttpResponse:
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
