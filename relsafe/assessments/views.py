"""Assessment pages. Thin: parse input, call one selector or service, render.

Only people who carry families (parent support workers, social workers, team managers) reach these
pages; which families they may open is decided by ``get_family`` inside the selectors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from relsafe.access.decorators import role_required
from relsafe.accounts.roles import CASEWORK_ROLES
from relsafe.assessments import selectors, services
from relsafe.assessments.charts import VOICE_STYLES, scale_chart_svg
from relsafe.assessments.forms import SafetyMappingForm, ScreeningForm
from relsafe.assessments.models import VOICES, SafetyMapping, Screening, default_review_date
from relsafe.assessments.screening_rules import INDICATOR_LABELS, PROTECTIVE_LABELS
from relsafe.assessments.validators import danger_statement_warnings
from relsafe.core.concurrency import EditConflict
from relsafe.core.forms import apply_validation_error, post_at_version
from relsafe.drafts.selectors import draft_for_form
from relsafe.drafts.services import forget_draft
from relsafe.language.forms import add_language_warnings, age_of


def chart_for(points: list[Any], *, chart_id: str, name: str) -> Any:
    return scale_chart_svg(points, chart_id=chart_id, title=f"Safety scale over time for {name}")


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def overview(request: HttpRequest, family_pk: int) -> HttpResponse:
    context = selectors.family_assessments(user=request.user, family_pk=family_pk, request=request)
    for person in context["people"]:
        person.chart = chart_for(
            person.points,
            chart_id=f"scale-{person.young_person.pk}",
            name=person.young_person.display_name,
        )
    return render(request, "assessments/overview.html", context)


def _warn_about_danger_statements(request: HttpRequest, mapping: SafetyMapping) -> None:
    for warning in danger_statement_warnings(mapping.danger_statements):
        messages.warning(request, warning)


@login_required
@role_required(CASEWORK_ROLES)
def mapping_new(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = selectors.get_family_for_assessment(
        user=request.user, family_pk=family_pk, request=request
    )
    drafts = draft_for_form(user=request.user, request=request, family=family, changed_at=None)
    if request.method == "POST":
        form = SafetyMappingForm(request.POST, family=family)
        if form.is_valid():
            try:
                mapping = services.record_mapping(
                    actor=request.user,
                    family=family,
                    young_person=form.cleaned_data["young_person"],
                    values=form.values(),
                    request=request,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                forget_draft(actor=request.user, form_key=drafts.key, request=request)
                messages.success(request, "Strengths and worries mapping saved")
                add_language_warnings(request, form)
                _warn_about_danger_statements(request, mapping)
                return redirect("assessments:mapping", family_pk=family.pk, pk=mapping.pk)
    else:
        form = SafetyMappingForm(
            drafts.data,
            family=family,
            initial=selectors.mapping_starting_point(family, request.GET.get("young_person")),
        )
        drafts.quiet(form)
    return render(
        request,
        "assessments/mapping_form.html",
        {
            "family": family,
            "form": form,
            "danger_warnings": form.danger_warnings(),
            "drafts": drafts,
        },
    )


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def mapping_detail(request: HttpRequest, family_pk: int, pk: int) -> HttpResponse:
    mapping = selectors.get_mapping(user=request.user, family_pk=family_pk, pk=pk, request=request)
    history = selectors.mapping_history(mapping)
    points = selectors.scale_points(history)
    return render(
        request,
        "assessments/mapping.html",
        {
            "family": mapping.family,
            "mapping": mapping,
            "voices": [(voice, label, mapping.scales()[voice]) for voice, label in VOICES],
            "danger_warnings": danger_statement_warnings(mapping.danger_statements),
            "points": points,
            "chart_voices": [
                (v, VOICE_STYLES[v]["label"])
                for v in VOICE_STYLES
                if any(p.scales.get(v) is not None for p in points)
            ],
            "chart": chart_for(
                points, chart_id="scale-history", name=mapping.young_person.display_name
            ),
        },
    )


def _mapping_rows(saved: SafetyMapping, form: SafetyMappingForm) -> list[tuple[str, Any, Any]]:
    rows = []
    for name in services.MAPPING_FIELDS:
        field = form.fields.get(name)
        if field is None:
            continue
        yours = form.data.get(name, "")
        theirs = getattr(saved, name)
        rows.append((str(field.label), "" if theirs is None else theirs, yours))
    return rows


@login_required
@role_required(CASEWORK_ROLES)
def mapping_edit(request: HttpRequest, family_pk: int, pk: int) -> HttpResponse:
    mapping = selectors.get_mapping(user=request.user, family_pk=family_pk, pk=pk, request=request)
    family = mapping.family
    drafts = draft_for_form(
        user=request.user, request=request, family=family, changed_at=mapping.updated_at
    )
    conflict = None
    status = 200
    if request.method == "POST":
        form = SafetyMappingForm(
            request.POST,
            family=family,
            instance=mapping,
            version=mapping.version,
            child_age=age_of(mapping.young_person),
        )
        if form.is_valid():
            try:
                mapping = services.update_mapping(
                    actor=request.user,
                    mapping=mapping,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                    request=request,
                )
            except EditConflict as clash:
                conflict = clash.current
                form = SafetyMappingForm(
                    post_at_version(request, conflict.version),
                    family=family,
                    instance=conflict,
                    version=conflict.version,
                )
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                forget_draft(actor=request.user, form_key=drafts.key, request=request)
                messages.success(request, "Strengths and worries mapping updated")
                add_language_warnings(request, form)
                _warn_about_danger_statements(request, mapping)
                return redirect("assessments:mapping", family_pk=family.pk, pk=mapping.pk)
    else:
        form = drafts.quiet(
            SafetyMappingForm(
                drafts.data,
                family=family,
                instance=mapping,
                version=mapping.version,
                child_age=age_of(mapping.young_person),
            )
        )
    return render(
        request,
        "assessments/mapping_form.html",
        {
            "family": family,
            "form": form,
            "mapping": mapping,
            "conflict": conflict,
            "conflict_rows": _mapping_rows(conflict, form) if conflict else [],
            "danger_warnings": form.danger_warnings(),
            "drafts": drafts,
        },
        status=status,
    )


def _screening_context(family: Any, form: ScreeningForm, **extra: Any) -> dict[str, Any]:
    return {"family": family, "form": form, **extra}


@login_required
@role_required(CASEWORK_ROLES)
def screening_new(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = selectors.get_family_for_assessment(
        user=request.user, family_pk=family_pk, request=request
    )
    if request.method == "POST":
        form = ScreeningForm(request.POST, family=family)
        if form.is_valid():
            try:
                screening = services.record_screening(
                    actor=request.user,
                    family=family,
                    young_person=form.cleaned_data["young_person"],
                    values=form.values(),
                    request=request,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Screening saved")
                add_language_warnings(request, form)
                return redirect("assessments:screening", family_pk=family.pk, pk=screening.pk)
    else:
        young_person_pk = request.GET.get("young_person", "")
        initial: dict[str, Any] = {
            "screened_on": timezone.localdate(),
            "review_on": default_review_date(),
        }
        if young_person_pk.isdigit():
            initial["young_person"] = int(young_person_pk)
        form = ScreeningForm(family=family, initial=initial)
    return render(request, "assessments/screening_form.html", _screening_context(family, form))


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def screening_detail(request: HttpRequest, family_pk: int, pk: int) -> HttpResponse:
    screening = selectors.get_screening(
        user=request.user, family_pk=family_pk, pk=pk, request=request
    )
    return render(
        request,
        "assessments/screening.html",
        {
            "family": screening.family,
            "screening": screening,
            "indicators": [(INDICATOR_LABELS[c], note) for c, note in screening.indicators.items()],
            "protective": [
                (PROTECTIVE_LABELS[c], note) for c, note in screening.protective_factors.items()
            ],
        },
    )


def _screening_rows(saved: Screening, mine: dict[str, Any] | None) -> list[tuple[str, Any, Any]]:
    def listed(items: dict[str, str], labels: dict[str, str]) -> str:
        return "; ".join(f"{labels[c]}{': ' + n if n else ''}" for c, n in items.items()) or "None"

    mine = mine or {}
    return [
        ("Date of the screening", saved.screened_on, mine.get("screened_on", "")),
        (
            "Indicators",
            listed(saved.indicators, INDICATOR_LABELS),
            listed(mine.get("indicators", {}), INDICATOR_LABELS),
        ),
        (
            "Protective factors",
            listed(saved.protective_factors, PROTECTIVE_LABELS),
            listed(mine.get("protective_factors", {}), PROTECTIVE_LABELS),
        ),
        ("Level", saved.get_level_display(), str(mine.get("level", "")).capitalize()),
        ("Why", saved.rationale, mine.get("rationale", "")),
        ("Review date", saved.review_on, mine.get("review_on", "")),
    ]


@login_required
@role_required(CASEWORK_ROLES)
def screening_edit(request: HttpRequest, family_pk: int, pk: int) -> HttpResponse:
    screening = selectors.get_screening(
        user=request.user, family_pk=family_pk, pk=pk, request=request
    )
    family = screening.family
    conflict = None
    conflict_rows: list[tuple[str, Any, Any]] = []
    status = 200
    if request.method == "POST":
        form = ScreeningForm(
            request.POST,
            family=family,
            instance=screening,
            version=screening.version,
            child_age=age_of(screening.young_person),
        )
        if form.is_valid():
            values = form.values()
            try:
                screening = services.update_screening(
                    actor=request.user,
                    screening=screening,
                    expected_version=form.cleaned_data["version"],
                    values=values,
                    request=request,
                )
            except EditConflict as clash:
                conflict = clash.current
                conflict_rows = _screening_rows(conflict, values)
                form = ScreeningForm(
                    post_at_version(request, conflict.version),
                    family=family,
                    instance=conflict,
                    version=conflict.version,
                )
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Screening updated")
                add_language_warnings(request, form)
                return redirect("assessments:screening", family_pk=family.pk, pk=screening.pk)
    else:
        form = ScreeningForm(
            family=family,
            instance=screening,
            version=screening.version,
            child_age=age_of(screening.young_person),
        )
    return render(
        request,
        "assessments/screening_form.html",
        _screening_context(
            family,
            form,
            screening=screening,
            conflict=conflict,
            conflict_rows=conflict_rows,
        ),
        status=status,
    )
