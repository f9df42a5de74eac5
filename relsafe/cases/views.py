"""Family case pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can
from relsafe.accounts.reauth import require_recent_auth, resumed_typing
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases import selectors, services
from relsafe.cases.forms import (
    ChildCheckForm,
    NewFamilyForm,
    ProfileForm,
    ShareForm,
    StatusForm,
    StrengthEditForm,
    StrengthForm,
)
from relsafe.cases.models import Family, StrengthEntry, YoungPerson
from relsafe.core.concurrency import EditConflict
from relsafe.core.forms import post_at_version
from relsafe.language.forms import add_language_warnings, age_of

CASE_READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}
TRUSTED_ADULTS_TEMPLATE = "relationships/_trusted_adults.html"


def _form_error(form: Any, error: ValidationError, field: str | None = None) -> None:
    for message in error.messages:
        form.add_error(field, message)


# --- Caseload and find ----------------------------------------------------------------------------


def _caseload_filters(request: HttpRequest) -> selectors.CaseloadFilters:
    statuses = tuple(s for s in request.GET.getlist("status") if s in Family.Status.values)
    worker = request.GET.get("worker", "")
    sort = request.GET.get("sort", "next_due")
    return selectors.CaseloadFilters(
        statuses=statuses,
        overdue_only=request.GET.get("overdue") == "1",
        worker_id=int(worker) if worker.isdigit() else None,
        sort=sort if sort in selectors.SORTS else "next_due",
        descending=request.GET.get("order") == "desc",
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def caseload(request: HttpRequest) -> HttpResponse:
    result = selectors.caseload_for(user=request.user, filters=_caseload_filters(request))
    page = Paginator(result.families, selectors.CASELOAD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    for key in ("sort", "order"):
        sort_query.pop(key, None)
    return render(
        request,
        "cases/caseload.html",
        {
            "page": page,
            "caseload": result,
            "filters": result.filters,
            "status_choices": Family.Status.choices,
            "page_query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort_columns": [
                ("name", "Family"),
                ("status", "Status"),
                ("next_due", "Next due"),
                ("changed", "Last change"),
            ],
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def find(request: HttpRequest) -> HttpResponse:
    """POST, so that children's names and dates of birth never sit in URLs or server logs."""
    query = request.POST.get("q", "").strip()[:200] if request.method == "POST" else ""
    results = (
        selectors.find_families(user=request.user, query=query, request=request) if query else []
    )
    return render(
        request,
        "cases/find.html",
        {"query": query, "results": results, "searched": bool(query)},
    )


# --- Opening a family -----------------------------------------------------------------------------


@login_required
@role_required(CASEWORK_ROLES)
def family_create(request: HttpRequest) -> HttpResponse:
    """Search before create: first who the child is, then possible matches, then the rest."""
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "create":
        duplicates_found = request.POST.get("duplicates_found") == "1"
        form = NewFamilyForm(request.POST, duplicates_found=duplicates_found)
        if form.is_valid():
            data = form.cleaned_data
            try:
                family = services.create_family(
                    actor=request.user,
                    name=data["family_name"],
                    child=services.NewChild(
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        preferred_name=data["preferred_name"],
                        date_of_birth=data["date_of_birth"],
                    ),
                    carer_name=data["carer_name"],
                    carer_relationship=data["carer_relationship"],
                    review_due=data["review_due"],
                    request=request,
                )
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, f"Family opened: {family.reference}")
                return redirect("cases:family", pk=family.pk)
        return render(
            request,
            "cases/family_create.html",
            {"form": form, "step": "details", "duplicates_found": duplicates_found},
        )
    if step == "check":
        check_form = ChildCheckForm(request.POST)
        if check_form.is_valid():
            child = check_form.cleaned_data
            duplicates = selectors.possible_duplicates(
                user=request.user,
                first_name=child["first_name"],
                last_name=child["last_name"],
                date_of_birth=child["date_of_birth"],
                request=request,
            )
            form = NewFamilyForm(
                initial={
                    **child,
                    "family_name": f"{child['first_name']}'s family ({child['last_name']})",
                },
                duplicates_found=duplicates.any,
            )
            return render(
                request,
                "cases/family_create.html",
                {
                    "form": form,
                    "child": child,
                    "step": "details",
                    "duplicates": duplicates,
                    "duplicates_found": duplicates.any,
                    "checks_per_hour": settings.DUPLICATE_CHECKS_PER_HOUR,
                },
            )
        return render(request, "cases/family_create.html", {"form": check_form, "step": "check"})
    # GET, or "change the child's details" from step two: keep what was typed.
    initial = request.POST if step == "change" else None
    start_form = ChildCheckForm(initial=initial.dict() if initial else None)
    return render(request, "cases/family_create.html", {"form": start_form, "step": "check"})


# --- The family page and its changes --------------------------------------------------------------


@login_required
@role_required(CASE_READERS)
@require_safe
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)
    return render(
        request,
        "cases/family.html",
        {
            "family": family,
            "can_change": can(request.user, Action.CHANGE_CASE, family=family),
            "can_share": can(request.user, Action.SHARE, family=family),
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def family_status(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)
    form = StatusForm(request.POST or None, family=family, initial={"version": family.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                family=family,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except EditConflict as conflict:
            saved: Family = conflict.current
            # What they typed stays; the choice is re-checked against the saved status.
            form = StatusForm(post_at_version(request, saved.version), family=saved)
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this case while you were looking: it is now "
                f"'{saved.get_status_display()}'. Check and choose again.",
            )
            family = saved
        except ValidationError as error:
            _form_error(form, error, "reason" if error.code == "reason" else None)
        else:
            messages.success(request, "Case status changed")
            add_language_warnings(request, form)
            return redirect("cases:family", pk=family.pk)
    return render(request, "cases/family_status.html", {"family": family, "form": form})


@login_required
@role_required(CASEWORK_ROLES)
@require_recent_auth
def family_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Sharing with another organisation (police included) asks the worker to confirm who they are."""
    family = selectors.get_family(user=request.user, pk=pk, request=request)
    form = ShareForm(
        request.POST or resumed_typing(request),
        organisations=selectors.share_choices(family=family),
    )
    if request.method == "POST" and form.is_valid():
        try:
            share = services.share_family(
                actor=request.user,
                family=family,
                organisation=form.cleaned_data["organisation"],
                basis=form.cleaned_data["basis"],
                notes=form.cleaned_data["notes"],
                request=request,
            )
        except ValidationError as error:
            _form_error(form, error, "notes" if error.code == "notes_required" else None)
        else:
            messages.success(request, f"Case shared with {share.organisation}")
            add_language_warnings(request, form)
            return redirect("cases:family", pk=family.pk)
    return render(request, "cases/family_share.html", {"family": family, "form": form})


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def family_share_revoke(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    share = selectors.get_share(user=request.user, family_pk=pk, pk=share_pk, request=request)
    services.revoke_share(actor=request.user, share=share, request=request)
    messages.success(request, f"Stopped sharing with {share.organisation}")
    return redirect("cases:family", pk=pk)


# --- The child's profile --------------------------------------------------------------------------


def _template_exists(name: str) -> bool:
    try:
        select_template([name])
    except TemplateDoesNotExist:
        return False
    return True


def _trusted_adults(young_person: YoungPerson) -> Any:
    """The relationships app's answer, if that app is installed (it fills the profile's place)."""
    try:
        from relsafe.relationships.selectors import (  # type: ignore[import-not-found,unused-ignore]
            trusted_adults_for,
        )
    except ImportError:
        return None
    return trusted_adults_for(young_person=young_person)


@login_required
@role_required(CASE_READERS)
@require_safe
def young_person(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.get_young_person(user=request.user, pk=pk, request=request)
    has_trusted_adults = _template_exists(TRUSTED_ADULTS_TEMPLATE)
    return render(
        request,
        "cases/young_person.html",
        {
            "young_person": child,
            "family": child.family,
            "strength_sections": selectors.strengths_by_kind(child),
            "can_change": can(request.user, Action.CHANGE_CASE, family=child.family),
            "has_trusted_adults": has_trusted_adults,
            "trusted_adults_template": TRUSTED_ADULTS_TEMPLATE,
            "trusted_adults": _trusted_adults(child) if has_trusted_adults else None,
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def young_person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.get_young_person(user=request.user, pk=pk, request=request)
    form = ProfileForm(
        request.POST or None,
        instance=child,
        initial={"version": child.version},
        child_age=age_of(child),
    )
    if request.method == "POST" and form.is_valid():
        # The ModelForm wrote the typed values onto ``child``; keep the saved ones for comparison.
        try:
            services.update_profile(
                actor=request.user,
                young_person=YoungPerson.objects.get(pk=child.pk),
                changes=form.changes(),
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except EditConflict as conflict:
            saved: YoungPerson = conflict.current
            rows = [
                {
                    "label": form.fields[name].label,
                    "yours": form.fields[name].prepare_value(form.cleaned_data[name]),
                    "saved": form.fields[name].prepare_value(getattr(saved, name)),
                    "differs": form.cleaned_data[name] != getattr(saved, name),
                }
                for name in services.PROFILE_FIELDS
            ]
            return render(
                request,
                "cases/profile_conflict.html",
                {
                    "young_person": saved,
                    "family": saved.family,
                    "rows": rows,
                    "form": form,
                    "saved_version": saved.version,
                },
                status=409,
            )
        except ValidationError as error:
            _form_error(
                form, error, "date_of_birth" if error.code and "date" in error.code else None
            )
        else:
            messages.success(request, "Profile saved")
            add_language_warnings(request, form)
            return redirect("cases:young-person", pk=child.pk)
    return render(
        request,
        "cases/young_person_edit.html",
        {"young_person": child, "family": child.family, "form": form},
    )


@login_required
@role_required(CASEWORK_ROLES)
def strength_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.get_young_person(user=request.user, pk=pk, request=request)
    form = StrengthForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", "")},
        child_age=age_of(child),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_strength(
                actor=request.user,
                young_person=child,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                in_own_words=form.cleaned_data["in_own_words"],
                request=request,
            )
        except ValidationError as error:
            _form_error(form, error, "text")
        else:
            messages.success(request, "Added to the profile")
            add_language_warnings(request, form)
            return HttpResponseRedirect(
                reverse("cases:young-person", args=[child.pk]) + "#strengths"
            )
    return render(
        request,
        "cases/strength_form.html",
        {"young_person": child, "family": child.family, "form": form, "editing": False},
    )


@login_required
@role_required(CASEWORK_ROLES)
def strength_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = selectors.get_strength_entry(
        user=request.user, young_person_pk=pk, pk=entry_pk, request=request
    )
    form = StrengthEditForm(
        request.POST or None,
        instance=entry,
        initial={"version": entry.version},
        child_age=age_of(entry.young_person),
    )
    conflict: StrengthEntry | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_strength(
                actor=request.user,
                entry=entry,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                in_own_words=form.cleaned_data["in_own_words"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except EditConflict as edit_conflict:
            # Keep what this person wrote in the form; show what is saved now beside it. Saving
            # again (at the new version) is then a deliberate choice, never a silent overwrite.
            conflict = edit_conflict.current
            form = StrengthEditForm(
                post_at_version(request, edit_conflict.current.version),
                instance=entry,
                child_age=age_of(entry.young_person),
            )
            form.is_valid()
        except ValidationError as error:
            _form_error(form, error, "text")
        else:
            messages.success(request, "Entry updated")
            add_language_warnings(request, form)
            return HttpResponseRedirect(reverse("cases:young-person", args=[pk]) + "#strengths")
    return render(
        request,
        "cases/strength_form.html",
        {
            "young_person": entry.young_person,
            "family": entry.young_person.family,
            "form": form,
            "editing": True,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )
