"""Family case pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can, visible_sections
from relsafe.access.sections import clean_scopes
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.reauth import require_recent_auth, resumed_typing
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases import selectors, services
from relsafe.cases.family_page import family_page, profile_page
from relsafe.cases.forms import (
    AddressForm,
    CarerForm,
    ChildCheckForm,
    LeftHouseholdForm,
    NewChildForm,
    NewFamilyForm,
    ProfileForm,
    ReferralForm,
    SafeContactForm,
    ShareForm,
    ShareScopesForm,
    StatusForm,
    StrengthEditForm,
    StrengthForm,
)
from relsafe.cases.models import (
    Carer,
    CaseReferral,
    Family,
    HouseholdAddress,
    OrganisationShare,
    SafeContactDecision,
    StrengthEntry,
    YoungPerson,
)
from relsafe.core.editing import ConflictPage, ConflictRow, EditPage
from relsafe.core.forms import apply_validation_error
from relsafe.language.forms import age_of

CASE_READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}
ACCESS_LOG_PAGE_SIZE = 50


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
def caseload(request: AuthenticatedRequest) -> HttpResponse:
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
def find(request: AuthenticatedRequest) -> HttpResponse:
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
def family_create(request: AuthenticatedRequest) -> HttpResponse:
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
                apply_validation_error(form, error)
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
def family_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case header and the sections apps declare (``cases/family_page.py``), every section's
    data read here, before rendering, in a fixed number of queries."""
    family = selectors.get_family(user=request.user, pk=pk, request=request)
    return render(request, "cases/family.html", family_page(request=request, family=family))


def _status_rows(form: StatusForm, saved: Family) -> list[ConflictRow]:
    chosen = form.cleaned_data["to_status"]
    return [
        ConflictRow("Case status", saved.get_status_display(), Family.Status(chosen).label),
        ConflictRow("Reason", "", form.cleaned_data["reason"]),
    ]


@login_required
@role_required(CASEWORK_ROLES)
def family_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)

    def save(form: StatusForm) -> Family:
        return services.change_status(
            actor=request.user,
            family=family,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            request=request,
        )

    # The choices are re-checked against the saved status on the conflict page.
    return EditPage(
        template="cases/family_status.html",
        form=lambda data, saved: StatusForm(data, family=saved, initial={"version": saved.version}),
        record=family,
        save=save,
        success_url=reverse("cases:family", args=[family.pk]),
        success_message="Case status changed",
        context={"family": family},
        error_codes={"reason": "reason"},
        conflict=ConflictPage(
            heading="Someone else changed this case while you were looking",
            title="Change the case status",
            submit="Save the status",
            rows=_status_rows,
        ),
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
@require_recent_auth(purpose="share this family's record with another organisation")
def family_share(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Sharing with another organisation (police included) asks the worker to confirm who they are."""
    family = selectors.get_family(user=request.user, pk=pk, request=request)
    organisations = selectors.share_choices(family=family)

    def save(form: ShareForm) -> OrganisationShare:
        return services.share_family(
            actor=request.user,
            family=family,
            organisation=form.cleaned_data["organisation"],
            basis=form.cleaned_data["basis"],
            notes=form.cleaned_data["notes"],
            scopes=form.cleaned_data["scopes"],
            request=request,
        )

    return EditPage(
        template="cases/family_share.html",
        # What they typed before confirming who they are comes back.
        form=lambda data, _: ShareForm(
            data or resumed_typing(request), organisations=organisations
        ),
        save=save,
        success_url=reverse("cases:family", args=[family.pk]),
        success_message=lambda share: f"Case shared with {share.organisation}",
        context={"family": family},
        error_codes={"notes_required": "notes"},
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
@require_recent_auth(purpose="change what another organisation sees of this family")
def family_share_scopes(request: AuthenticatedRequest, pk: int, share_pk: int) -> HttpResponse:
    """Widen or narrow what a live share covers; asks the worker to confirm who they are."""
    share = selectors.get_share(user=request.user, family_pk=pk, pk=share_pk, request=request)
    if share.revoked_at is not None:
        raise Http404("This share has ended")
    form = ShareScopesForm(request.POST or None, initial={"scopes": clean_scopes(share.scopes)})
    if request.method == "POST" and form.is_valid():
        services.change_share_scopes(
            actor=request.user, share=share, scopes=form.cleaned_data["scopes"], request=request
        )
        messages.success(request, f"Changed what {share.organisation} sees")
        return redirect("cases:family", pk=pk)
    return render(
        request,
        "cases/family_share_scopes.html",
        {"family": share.family, "share": share, "form": form},
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def family_share_revoke(request: AuthenticatedRequest, pk: int, share_pk: int) -> HttpResponse:
    share = selectors.get_share(user=request.user, family_pk=pk, pk=share_pk, request=request)
    services.revoke_share(actor=request.user, share=share, request=request)
    messages.success(request, f"Stopped sharing with {share.organisation}")
    return redirect("cases:family", pk=pk)


@login_required
@role_required({Role.ADMINISTRATOR, Role.TEAM_MANAGER})
@require_safe
def family_access(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    """Who has viewed or changed this family's record (the trail about it, read through audit's
    ``family_trail``). Served at ``audit:family-access`` (see ``relsafe/urls.py``)."""
    log = selectors.family_access_log(user=request.user, family_pk=family_pk, request=request)
    page = Paginator(log.events, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/family_access.html", {"log": log, "page": page})


# --- The child's profile --------------------------------------------------------------------------


@login_required
@role_required(CASE_READERS)
@require_safe
def young_person(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = selectors.get_young_person(user=request.user, pk=pk, request=request)
    return render(
        request,
        "cases/young_person.html",
        {
            "young_person": child,
            "family": child.family,
            # Need-to-know: the sections of the profile this person sees (access.sections).
            "sections": visible_sections(request.user, child.family),
            "strength_sections": selectors.strengths_by_kind(child),
            "can_change": can(request.user, Action.CHANGE_CASE, family=child.family),
            "panels": profile_page(request=request, young_person=child),
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def young_person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = selectors.get_young_person(user=request.user, pk=pk, request=request)
    child_age = age_of(child)

    def save(form: ProfileForm) -> YoungPerson:
        # The ModelForm wrote the typed values onto ``child``; the service compares with the saved.
        return services.update_profile(
            actor=request.user,
            young_person=YoungPerson.objects.get(pk=child.pk),
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
            request=request,
        )

    return EditPage(
        template="cases/young_person_edit.html",
        form=lambda data, saved: ProfileForm(
            data, instance=saved, initial={"version": saved.version}, child_age=child_age
        ),
        record=child,
        save=save,
        success_url=reverse("cases:young-person", args=[child.pk]),
        success_message="Profile saved",
        context={"young_person": child, "family": child.family},
        error_field="date_of_birth",
        conflict=ConflictPage(
            heading=f"Someone else changed {child.short_name}'s details while you were editing",
            title="Change a young person's details",
            submit="Apply my version",
        ),
    ).respond(request)


def _strengths_url(young_person_pk: int) -> str:
    return reverse("cases:young-person", args=[young_person_pk]) + "#strengths"


@login_required
@role_required(CASEWORK_ROLES)
def strength_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = selectors.get_young_person(user=request.user, pk=pk, request=request)
    initial = {"kind": request.GET.get("kind", "")}
    child_age = age_of(child)

    def save(form: StrengthForm) -> StrengthEntry:
        return services.add_strength(
            actor=request.user,
            young_person=child,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            in_own_words=form.cleaned_data["in_own_words"],
            request=request,
        )

    return EditPage(
        template="cases/strength_form.html",
        form=lambda data, _: StrengthForm(data, initial=initial, child_age=child_age),
        save=save,
        success_url=_strengths_url(child.pk),
        success_message="Added to the profile",
        context={"young_person": child, "family": child.family, "editing": False},
        error_field="text",
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def strength_edit(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = selectors.get_strength_entry(
        user=request.user, young_person_pk=pk, pk=entry_pk, request=request
    )
    child_age = age_of(entry.young_person)

    def save(form: StrengthEditForm) -> StrengthEntry:
        return services.update_strength(
            actor=request.user,
            entry=entry,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            in_own_words=form.cleaned_data["in_own_words"],
            expected_version=form.cleaned_data["version"],
            request=request,
        )

    return EditPage(
        template="cases/strength_form.html",
        form=lambda data, saved: StrengthEditForm(
            data, instance=saved, initial={"version": saved.version}, child_age=child_age
        ),
        record=entry,
        save=save,
        success_url=_strengths_url(pk),
        success_message="Entry updated",
        context={
            "young_person": entry.young_person,
            "family": entry.young_person.family,
            "editing": True,
        },
        error_field="text",
        conflict=ConflictPage(
            heading="Someone else changed this entry while you were writing",
            title="Change an entry",
            changed_at="",
        ),
    ).respond(request)


# --- The household and how to reach them (issue 16) ----------------------------------------------


def _household_url(family_pk: int) -> str:
    return reverse("cases:household", args=[family_pk])


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def household(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everyone in the household (and who has left), how to reach each safely, their addresses."""
    home = selectors.household(user=request.user, family_pk=pk, request=request)
    return render(
        request,
        "cases/household.html",
        {
            "household": home,
            "family": home.family,
            "can_change": can(request.user, Action.CHANGE_CASE, family=home.family),
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def carer_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)

    def save(form: CarerForm) -> Carer:
        return services.add_carer(
            actor=request.user, family=family, request=request, **form.values()
        )

    return EditPage(
        template="cases/household_form.html",
        form=lambda data, _: CarerForm(data),
        save=save,
        success_url=_household_url(family.pk),
        success_message=lambda carer: f"{carer.full_name} added to the household",
        context={"family": family, "heading": "Add a parent or carer"},
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def carer_edit(request: AuthenticatedRequest, pk: int, carer_pk: int) -> HttpResponse:
    carer = selectors.get_carer(user=request.user, family_pk=pk, pk=carer_pk, request=request)

    def save(form: CarerForm) -> Carer:
        return services.update_carer(
            actor=request.user,
            carer=carer,
            expected_version=form.cleaned_data.get("version") or 0,
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="cases/household_form.html",
        form=lambda data, saved: CarerForm(
            data,
            initial={
                **{f: getattr(saved, f) for f in services.CARER_FIELDS},
                "version": saved.version,
            },
        ),
        record=carer,
        save=save,
        success_url=_household_url(pk),
        success_message="Details saved",
        context={"family": carer.family, "heading": f"Change {carer.full_name}\u2019s details"},
        conflict=ConflictPage(
            heading="Someone else changed these details while you were editing",
            title="Change a parent or carer's details",
            changed_at="",
        ),
    ).respond(request)


def _left_household(
    request: AuthenticatedRequest, *, family: Family, name: str, save: Any
) -> HttpResponse:
    return EditPage(
        template="cases/household_form.html",
        form=lambda data, _: LeftHouseholdForm(data),
        save=save,
        success_url=_household_url(family.pk),
        success_message=f"{name} is recorded as having left the household",
        context={
            "family": family,
            "heading": f"{name} has left the household",
            "submit": "Save",
        },
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def carer_end(request: AuthenticatedRequest, pk: int, carer_pk: int) -> HttpResponse:
    carer = selectors.get_carer(user=request.user, family_pk=pk, pk=carer_pk, request=request)

    def save(form: LeftHouseholdForm) -> Carer:
        return services.end_carer(
            actor=request.user,
            carer=carer,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            request=request,
        )

    return _left_household(request, family=carer.family, name=carer.full_name, save=save)


@login_required
@role_required(CASEWORK_ROLES)
def child_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)

    def save(form: NewChildForm) -> YoungPerson:
        data = form.cleaned_data
        return services.add_child(
            actor=request.user,
            family=family,
            child=services.NewChild(
                first_name=data["first_name"],
                last_name=data["last_name"],
                preferred_name=data["preferred_name"],
                date_of_birth=data["date_of_birth"],
            ),
            joined_on=data["joined_on"],
            request=request,
        )

    return EditPage(
        template="cases/household_form.html",
        form=lambda data, _: NewChildForm(data),
        save=save,
        success_url=_household_url(family.pk),
        success_message=lambda child: f"{child.display_name} added to the household",
        context={"family": family, "heading": "Add a child or young person"},
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def child_end(request: AuthenticatedRequest, pk: int, child_pk: int) -> HttpResponse:
    child = selectors.get_household_child(
        user=request.user, family_pk=pk, pk=child_pk, request=request
    )

    def save(form: LeftHouseholdForm) -> YoungPerson:
        return services.end_child(
            actor=request.user,
            young_person=child,
            left_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            request=request,
        )

    return _left_household(request, family=child.family, name=child.display_name, save=save)


@login_required
@role_required(CASEWORK_ROLES)
def address_add(request: AuthenticatedRequest, pk: int, kind: str, person_pk: int) -> HttpResponse:
    person, name = _household_person(request, pk=pk, kind=kind, person_pk=person_pk)

    def save(form: AddressForm) -> HouseholdAddress:
        data = form.cleaned_data
        return services.add_address(
            actor=request.user,
            person=person,
            address=services.NewAddress(
                line_1=data["line_1"],
                line_2=data["line_2"],
                town=data["town"],
                postcode=data["postcode"],
                lived_from=data["lived_from"],
            ),
            request=request,
        )

    return EditPage(
        template="cases/household_form.html",
        form=lambda data, _: AddressForm(data),
        save=save,
        success_url=_household_url(pk),
        success_message="Address saved",
        context={"family": person.family, "heading": f"Add an address for {name}"},
    ).respond(request)


def _household_person(
    request: AuthenticatedRequest, *, pk: int, kind: str, person_pk: int
) -> tuple[Carer | YoungPerson, str]:
    """A parent or carer (``kind="carers"``) or a child of the family in the URL, and their name."""
    if kind == "carers":
        carer = selectors.get_carer(user=request.user, family_pk=pk, pk=person_pk, request=request)
        return carer, carer.full_name
    child = selectors.get_household_child(
        user=request.user, family_pk=pk, pk=person_pk, request=request
    )
    return child, child.display_name


@login_required
@role_required(CASEWORK_ROLES)
def safe_contact_add(
    request: AuthenticatedRequest, pk: int, kind: str, person_pk: int
) -> HttpResponse:
    """A new safe-contact decision: it replaces the one in force, which stays in the history."""
    person, name = _household_person(request, pk=pk, kind=kind, person_pk=person_pk)

    def save(form: SafeContactForm) -> SafeContactDecision:
        return services.record_safe_contact(
            actor=request.user, person=person, request=request, **form.values()
        )

    return EditPage(
        template="cases/household_form.html",
        form=lambda data, _: SafeContactForm(data),
        save=save,
        success_url=_household_url(pk),
        success_message=f"How to reach {name} safely is saved",
        context={
            "family": person.family,
            "heading": f"How to reach {name} safely",
            "intro": "Decide with them. Until there is a decision, nothing is sent and nobody "
            "rings. A new decision replaces the last one, which stays in the history.",
        },
        error_field="notify_by",
    ).respond(request)


# --- The referral: how the case arrived (issue 16) -----------------------------------------------


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def referrals(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)
    return render(
        request,
        "cases/referrals.html",
        {
            "family": family,
            "referrals": selectors.case_referrals(user=request.user, family=family),
            "can_change": can(request.user, Action.CHANGE_CASE, family=family),
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
def referral_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=pk, request=request)

    def save(form: ReferralForm) -> CaseReferral:
        return services.record_referral(
            actor=request.user, family=family, values=form.values(), request=request
        )

    return EditPage(
        template="cases/referral_form.html",
        form=lambda data, _: ReferralForm(data),
        save=save,
        success_url=reverse("cases:referrals", args=[family.pk]),
        success_message="Referral recorded",
        context={"family": family, "heading": "Record how the case arrived"},
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def referral_edit(request: AuthenticatedRequest, pk: int, referral_pk: int) -> HttpResponse:
    referral = selectors.get_case_referral(
        user=request.user, family_pk=pk, pk=referral_pk, request=request
    )

    def save(form: ReferralForm) -> CaseReferral:
        return services.update_referral(
            actor=request.user,
            referral=referral,
            expected_version=form.cleaned_data.get("version") or 0,
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="cases/referral_form.html",
        form=lambda data, saved: ReferralForm(data, initial=ReferralForm.initial_from(saved)),
        record=referral,
        save=save,
        success_url=reverse("cases:referrals", args=[pk]),
        success_message="Referral saved",
        context={"family": referral.family, "heading": "Change the referral or its decision"},
        conflict=ConflictPage(
            heading="Someone else changed this referral while you were editing",
            title="Change a referral",
            changed_at="",
        ),
    ).respond(request)
