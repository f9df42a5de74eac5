"""Plan and referral pages. Thin: parse input, call one selector or service, render.

Casework roles only; which families a person may open is decided by ``get_family`` in the selectors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from relsafe.access.decorators import role_required
from relsafe.accounts.roles import CASEWORK_ROLES
from relsafe.core.concurrency import EditConflict
from relsafe.core.forms import apply_validation_error, post_at_version
from relsafe.drafts.selectors import draft_for_form
from relsafe.drafts.services import forget_draft
from relsafe.language.forms import add_language_warnings
from relsafe.plans import selectors, services
from relsafe.plans.deadlines import EXPECTATIONS
from relsafe.plans.forms import PlanActionForm, PlanForm, ReferralForm
from relsafe.plans.models import PlanAction, Referral


def _rows(form: Any, saved: Any) -> list[tuple[str, Any, Any]]:
    """Question, saved value and the person's value, for the conflict page."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or field.disabled:
            continue
        saved_value = getattr(saved, name, "")
        if hasattr(saved, f"get_{name}_display"):
            saved_value = getattr(saved, f"get_{name}_display")()
        elif name == "owner_user":
            saved_value = saved.owner_user.full_name if saved.owner_user_id else ""
        yours = form.data.get(name, "")
        if hasattr(field, "choices") and name != "owner_user":
            yours = dict(field.choices).get(yours, yours)
        elif name == "owner_user" and yours:
            yours = next((str(w.full_name) for w in field.queryset if str(w.pk) == yours), yours)
        rows.append((str(field.label), "" if saved_value is None else saved_value, yours))
    return rows


@login_required
@role_required(CASEWORK_ROLES)
def plan(request: HttpRequest, family_pk: int) -> HttpResponse:
    context = selectors.family_plan(user=request.user, family_pk=family_pk, request=request)
    context["expectations"] = EXPECTATIONS
    context["referral_kinds"] = Referral.Kind.choices
    return render(request, "plans/plan.html", context)


@login_required
@role_required(CASEWORK_ROLES)
@require_POST
def plan_start(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=family_pk, request=request)
    services.start_plan(actor=request.user, family=family, request=request)
    messages.success(request, "Plan started: add the first action")
    return redirect("plans:plan", family_pk=family.pk)


@login_required
@role_required(CASEWORK_ROLES)
def plan_edit(request: HttpRequest, family_pk: int) -> HttpResponse:
    current = selectors.get_plan(user=request.user, family_pk=family_pk, request=request)
    conflict = None
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST, instance=current, version=current.version)
        if form.is_valid():
            try:
                services.update_plan(
                    actor=request.user,
                    plan=current,
                    expected_version=form.cleaned_data["version"],
                    values=form.cleaned_data,
                    request=request,
                )
            except EditConflict as clash:
                conflict = clash.current
                form = PlanForm(
                    post_at_version(request, conflict.version),
                    instance=conflict,
                    version=conflict.version,
                )
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Plan updated")
                add_language_warnings(request, form)
                return redirect("plans:plan", family_pk=family_pk)
    else:
        form = PlanForm(instance=current, version=current.version)
    return render(
        request,
        "plans/plan_form.html",
        {
            "family": current.family,
            "form": form,
            "conflict": conflict,
            "conflict_rows": _rows(form, conflict) if conflict else [],
        },
        status=status,
    )


@login_required
@role_required(CASEWORK_ROLES)
def action_new(request: HttpRequest, family_pk: int) -> HttpResponse:
    current = selectors.get_plan(user=request.user, family_pk=family_pk, request=request)
    workers = selectors.team_workers(current.family)
    drafts = draft_for_form(
        user=request.user, request=request, family=current.family, changed_at=None
    )
    if request.method == "POST":
        form = PlanActionForm(request.POST, workers=workers)
        if form.is_valid():
            try:
                services.add_action(
                    actor=request.user, plan=current, values=form.values(), request=request
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                forget_draft(actor=request.user, form_key=drafts.key, request=request)
                messages.success(request, "Action added to the plan")
                add_language_warnings(request, form)
                return redirect("plans:plan", family_pk=family_pk)
    else:
        form = PlanActionForm(
            drafts.data,
            workers=workers,
            initial={"owner_type": PlanAction.OwnerType.WORKER, "owner_user": request.user.pk},
        )
        drafts.quiet(form)
    return render(
        request,
        "plans/action_form.html",
        {"family": current.family, "form": form, "action": None, "drafts": drafts},
    )


@login_required
@role_required(CASEWORK_ROLES)
def action_edit(request: HttpRequest, family_pk: int, pk: int) -> HttpResponse:
    action = selectors.get_action(user=request.user, family_pk=family_pk, pk=pk, request=request)
    workers = selectors.team_workers(action.plan.family)
    drafts = draft_for_form(
        user=request.user, request=request, family=action.plan.family, changed_at=action.updated_at
    )
    conflict = None
    status = 200
    if request.method == "POST":
        form = PlanActionForm(
            request.POST, workers=workers, instance=action, version=action.version
        )
        if form.is_valid():
            try:
                services.update_action(
                    actor=request.user,
                    action=action,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                    request=request,
                )
            except EditConflict as clash:
                conflict = clash.current
                form = PlanActionForm(
                    post_at_version(request, conflict.version),
                    workers=workers,
                    instance=conflict,
                    version=conflict.version,
                )
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                forget_draft(actor=request.user, form_key=drafts.key, request=request)
                messages.success(request, "Action updated")
                add_language_warnings(request, form)
                return redirect("plans:plan", family_pk=family_pk)
    else:
        form = drafts.quiet(
            PlanActionForm(drafts.data, workers=workers, instance=action, version=action.version)
        )
    return render(
        request,
        "plans/action_form.html",
        {
            "family": action.plan.family,
            "form": form,
            "action": action,
            "conflict": conflict,
            "conflict_rows": _rows(form, conflict) if conflict else [],
            "drafts": drafts,
        },
        status=status,
    )


@login_required
@role_required(CASEWORK_ROLES)
def referral_new(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = selectors.get_family(user=request.user, pk=family_pk, request=request)
    kind = request.GET.get("kind", "")
    if kind not in Referral.Kind.values:
        raise Http404("Unknown kind of referral")
    if request.method == "POST":
        form = ReferralForm(request.POST, family=family, kind=kind)
        if form.is_valid():
            try:
                services.record_referral(
                    actor=request.user,
                    family=family,
                    young_person=form.cleaned_data["young_person"],
                    kind=kind,
                    values=form.values(),
                    request=request,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"{Referral.Kind(kind).label} recorded")
                add_language_warnings(request, form)
                return redirect("plans:plan", family_pk=family.pk)
    else:
        form = ReferralForm(family=family, kind=kind)
    return render(
        request,
        "plans/referral_form.html",
        {"family": family, "form": form, "kind_label": Referral.Kind(kind).label, "referral": None},
    )


@login_required
@role_required(CASEWORK_ROLES)
def referral_edit(request: HttpRequest, family_pk: int, pk: int) -> HttpResponse:
    referral = selectors.get_referral(
        user=request.user, family_pk=family_pk, pk=pk, request=request
    )
    family = referral.family
    conflict = None
    status = 200
    if request.method == "POST":
        form = ReferralForm(
            request.POST,
            family=family,
            kind=referral.kind,
            instance=referral,
            version=referral.version,
        )
        if form.is_valid():
            try:
                services.update_referral(
                    actor=request.user,
                    referral=referral,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                    request=request,
                )
            except EditConflict as clash:
                conflict = clash.current
                form = ReferralForm(
                    post_at_version(request, conflict.version),
                    family=family,
                    kind=referral.kind,
                    instance=conflict,
                    version=conflict.version,
                )
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Referral updated")
                add_language_warnings(request, form)
                return redirect("plans:plan", family_pk=family.pk)
    else:
        form = ReferralForm(
            family=family, kind=referral.kind, instance=referral, version=referral.version
        )
    return render(
        request,
        "plans/referral_form.html",
        {
            "family": family,
            "form": form,
            "kind_label": referral.get_kind_display(),
            "referral": referral,
            "conflict": conflict,
            "conflict_rows": _rows(form, conflict) if conflict else [],
        },
        status=status,
    )
