"""Plan and referral pages. Thin: parse input, call one selector or service, render.

Casework roles only; which families a person may open is decided by ``get_family`` in the selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from relsafe.access.decorators import role_required
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.cases.selectors import get_family
from relsafe.core.editing import ConflictPage, EditPage
from relsafe.drafts.selectors import draft_for_form
from relsafe.plans import selectors, services
from relsafe.plans.deadlines import EXPECTATIONS
from relsafe.plans.forms import PlanActionForm, PlanForm, ReferralForm
from relsafe.plans.models import Plan, PlanAction, Referral


@login_required
@role_required(CASEWORK_ROLES)
def plan(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    context = selectors.family_plan(user=request.user, family_pk=family_pk, request=request)
    context["expectations"] = EXPECTATIONS
    context["referral_kinds"] = Referral.Kind.choices
    return render(request, "plans/plan.html", context)


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def plan_start(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)
    services.start_plan(actor=request.user, family=family, request=request)
    messages.success(request, "Plan started: add the first action")
    return redirect("plans:plan", family_pk=family.pk)


@login_required
@role_required(CASEWORK_ROLES)
def plan_edit(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    current = selectors.get_plan(user=request.user, family_pk=family_pk, request=request)

    def save(form: PlanForm) -> Plan:
        return services.update_plan(
            actor=request.user,
            plan=current,
            expected_version=form.cleaned_data["version"],
            values=form.cleaned_data,
            request=request,
        )

    return EditPage(
        template="plans/plan_form.html",
        form=lambda data, plan: PlanForm(data, instance=plan, version=plan.version),
        record=current,
        save=save,
        success_url=reverse("plans:plan", args=[family_pk]),
        success_message="Plan updated",
        context={"family": current.family},
        conflict=ConflictPage(title="Change the plan"),
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def action_new(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    current = selectors.get_plan(user=request.user, family_pk=family_pk, request=request)
    workers = selectors.team_workers(current.family)
    initial = {"owner_type": PlanAction.OwnerType.WORKER, "owner_user": request.user.pk}

    def save(form: PlanActionForm) -> PlanAction:
        return services.add_action(
            actor=request.user, plan=current, values=form.values(), request=request
        )

    return EditPage(
        template="plans/action_form.html",
        form=lambda data, _: PlanActionForm(data, workers=workers, initial=initial),
        save=save,
        success_url=reverse("plans:plan", args=[family_pk]),
        success_message="Action added to the plan",
        context={"family": current.family, "action": None},
        drafts=draft_for_form(
            user=request.user, request=request, family=current.family, changed_at=None
        ),
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def action_edit(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
    action = selectors.get_action(user=request.user, family_pk=family_pk, pk=pk, request=request)
    family = action.plan.family
    workers = selectors.team_workers(family)

    def save(form: PlanActionForm) -> PlanAction:
        return services.update_action(
            actor=request.user,
            action=action,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="plans/action_form.html",
        form=lambda data, saved: PlanActionForm(
            data, workers=workers, instance=saved, version=saved.version
        ),
        record=action,
        save=save,
        success_url=reverse("plans:plan", args=[family_pk]),
        success_message="Action updated",
        context={"family": family, "action": action},
        drafts=draft_for_form(
            user=request.user, request=request, family=family, changed_at=action.updated_at
        ),
        conflict=ConflictPage(title="Change an action"),
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def referral_new(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = get_family(user=request.user, pk=family_pk, request=request)
    kind = request.GET.get("kind", "")
    if kind not in Referral.Kind.values:
        raise Http404("Unknown kind of referral")
    label = Referral.Kind(kind).label

    def save(form: ReferralForm) -> Referral:
        return services.record_referral(
            actor=request.user,
            family=family,
            young_person=form.cleaned_data["young_person"],
            kind=kind,
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="plans/referral_form.html",
        form=lambda data, _: ReferralForm(data, family=family, kind=kind),
        save=save,
        success_url=reverse("plans:plan", args=[family.pk]),
        success_message=f"{label} recorded",
        context={"family": family, "kind_label": label, "referral": None},
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def referral_edit(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
    referral = selectors.get_referral(
        user=request.user, family_pk=family_pk, pk=pk, request=request
    )
    family = referral.family

    def save(form: ReferralForm) -> Referral:
        return services.update_referral(
            actor=request.user,
            referral=referral,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="plans/referral_form.html",
        form=lambda data, saved: ReferralForm(
            data, family=family, kind=referral.kind, instance=saved, version=saved.version
        ),
        record=referral,
        save=save,
        success_url=reverse("plans:plan", args=[family.pk]),
        success_message="Referral updated",
        context={"family": family, "kind_label": referral.get_kind_display(), "referral": referral},
        conflict=ConflictPage(title=referral.get_kind_display()),
    ).respond(request)


@login_required
@role_required({Role.PARENT})
@require_POST
def family_action_done(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
    """A parent marks an action the plan gives them as done (issue 9: the parent's start page)."""
    action = selectors.get_shared_action(
        user=request.user, family_pk=family_pk, pk=pk, request=request
    )
    services.mark_done_by_family(actor=request.user, action=action, request=request)
    messages.success(request, "Marked as done. Your worker will see it.")
    return redirect(reverse("core:start") + "#your-plan")
