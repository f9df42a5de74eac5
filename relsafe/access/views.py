"""Emergency (break-glass) access, its second-person review, in-app messages, and managers changing
the team around a family. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relsafe.access import policy, selectors, services
from relsafe.access.decorators import role_required
from relsafe.access.forms import (
    AllocateForm,
    BreakGlassFindForm,
    BreakGlassForm,
    EndAllocationForm,
    ReviewForm,
)
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.reauth import require_recent_auth, resumed_typing
from relsafe.accounts.roles import BREAK_GLASS_ROLES, Role

EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.TEAM_MANAGER})


FOUND_KEY = "break_glass_found_family"


@login_required
@role_required(BREAK_GLASS_ROLES)
@require_recent_auth(purpose="open a family with emergency access")
def break_glass(request: AuthenticatedRequest) -> HttpResponse:
    """Find the family (by a child's name and date of birth, or by its exact reference) and give
    a reason; then open that one family for a few hours. A search by name answers only whether
    one family matches: the page shows nothing about it until emergency access is started."""
    find_form = BreakGlassFindForm(request.POST if "find-first_name" in request.POST else None)
    if request.method == "GET" and not request.GET.get("found"):
        request.session.pop(FOUND_KEY, None)
    found_id = request.session.get(FOUND_KEY)
    matched = bool(found_id) and (
        request.GET.get("found") == "1" or request.POST.get("found") == "1"
    )
    if request.method == "POST" and find_form.is_bound:
        if find_form.is_valid():
            data = find_form.cleaned_data
            ids = selectors.break_glass_matches(
                user=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
                request=request,
            )
            if len(ids) == 1:
                request.session[FOUND_KEY] = ids[0]
                return redirect(f"{reverse('access:break-glass')}?found=1")
            find_form.add_error(
                None,
                "More than one family has a child with that name and date of birth. Use the "
                "family's reference instead"
                if ids
                else "No family your organisation works with has a child with that name and date "
                "of birth. Check the spelling and the date, or use the family's reference",
            )
        form = BreakGlassForm(matched=False)
    else:
        form = BreakGlassForm(request.POST or resumed_typing(request), matched=matched)
    if request.method == "POST" and not find_form.is_bound and form.is_valid():
        data = form.cleaned_data
        if matched:
            family = selectors.break_glass_candidate(
                user=request.user, family_id=int(found_id or 0)
            )
            missing = "That family can no longer be opened in an emergency. Find it again"
        else:
            family = selectors.family_by_reference(user=request.user, reference=data["reference"])
            missing = "No family in your organisation has that reference. Check it and try again"
        if family is None:
            form.add_error("reference" if not matched else None, missing)
        else:
            try:
                grant = services.start_break_glass(
                    user=request.user,
                    family=family,
                    reason_code=data["reason_code"],
                    reason_text=data["reason_text"],
                    request=request,
                )
            except (services.BreakGlassError, policy.NotAllowed) as error:
                form.add_error("reference" if not matched else None, str(error))
            else:
                request.session.pop(FOUND_KEY, None)
                return redirect("cases:family", pk=grant.family_id)
    return render(
        request,
        "access/break_glass.html",
        {
            "form": form,
            "find_form": find_form,
            "matched": matched,
            "my_grants": selectors.my_grants(user=request.user),
            "break_glass_hours": settings.BREAK_GLASS_HOURS,
        },
    )


@login_required
@role_required(BREAK_GLASS_ROLES)
@require_POST
def end_break_glass(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = selectors.own_live_grant(user=request.user, pk=pk, request=request)
    services.end_break_glass(grant=grant, ended_by=request.user, request=request)
    messages.success(request, f"Emergency access to {grant.family.reference} has ended.")
    return redirect("core:start")


@login_required
@role_required(MANAGERS)
def reviews(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "access/reviews.html",
        {
            **selectors.review_queue(user=request.user),
            "review_days": settings.BREAK_GLASS_REVIEW_DAYS,
        },
    )


@login_required
@role_required(MANAGERS)
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    context = selectors.grant_for_review(user=request.user, pk=pk, request=request)
    grant = context["row"].grant
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and grant.reviewed_at is None and form.is_valid():
        try:
            services.review_break_glass(
                grant=grant,
                reviewer=request.user,
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
                request=request,
            )
        except (services.ReviewError, policy.NotAllowed) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your review of {grant.user.full_name}'s access is saved.")
            return redirect("access:reviews")
    return render(request, "access/review.html", {**context, "form": form})


@login_required
@role_required(EVERYONE)
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "access/notifications.html",
        {"notifications": selectors.notifications_for(user=request.user)[:100]},
    )


@login_required
@role_required(EVERYONE)
@require_POST
def notification_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = selectors.own_notification(user=request.user, pk=pk, request=request)
    services.mark_read(notification=notification, user=request.user, request=request)
    return redirect("access:notifications")


@login_required
@role_required(EVERYONE)
@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"{count} message{'s' if count != 1 else ''} marked as read.")
    return redirect("access:notifications")


@login_required
@role_required(MANAGERS)
def allocations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The team around the family, and a form to add someone to it."""
    family = selectors.family_for_allocation(user=request.user, pk=pk, request=request)
    workers = services.allocatable_workers(family=family, manager=request.user)
    team = selectors.allocations_of(family=family)
    lead = next((a for a in team if a.is_lead and a.ended_at is None), None)
    form = AllocateForm(
        request.POST or None,
        workers=workers,
        current_lead=lead.worker.full_name if lead else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocate_worker(
                family=family,
                worker=form.cleaned_data["worker"],
                role_on_case=form.cleaned_data["role_on_case"],
                is_lead=form.cleaned_data["is_lead"],
                previous_lead=form.cleaned_data.get("previous_lead") or "end",
                allocated_by=request.user,
                request=request,
            )
        except (services.AllocationError, policy.NotAllowed) as error:
            form.add_error("worker", str(error))
        else:
            messages.success(
                request, f"{allocation.worker.full_name} is now on the team around the family."
            )
            return redirect("access:allocations", pk=family.pk)
    return render(
        request,
        "access/allocations.html",
        {
            "family": family,
            "allocations": team,
            "form": form,
        },
    )


@login_required
@role_required(MANAGERS)
def end_allocation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    allocation = selectors.allocation_for_manager(user=request.user, pk=pk, request=request)
    started_on = timezone.localtime(allocation.started_at).date()
    form = EndAllocationForm(
        request.POST or None,
        started_on=started_on,
        initial={"ended_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.end_allocation(
                allocation=allocation,
                ended_by=request.user,
                on=form.cleaned_data["ended_on"],
                request=request,
            )
        except (services.AllocationError, policy.NotAllowed) as error:
            form.add_error("ended_on", str(error))
        else:
            messages.success(
                request,
                f"{allocation.worker.full_name} is no longer on the team around the family.",
            )
            if policy.can(request.user, policy.Action.ALLOCATE, family=allocation.family):
                return redirect("access:allocations", pk=allocation.family_id)
            return redirect("core:start")
    return render(request, "access/end_allocation.html", {"allocation": allocation, "form": form})
