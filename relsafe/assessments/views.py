"""Assessment pages. Thin: parse input, call one selector or service, render.

Only people who carry families (parent support workers, social workers, team managers) reach these
pages; which families they may open is decided by ``get_family`` inside the selectors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from relsafe.access.decorators import role_required
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.roles import CASEWORK_ROLES
from relsafe.assessments import selectors, services
from relsafe.assessments.charts import VOICE_STYLES, scale_chart_svg
from relsafe.assessments.forms import SafetyMappingForm, ScreeningForm
from relsafe.assessments.models import VOICES, SafetyMapping, Screening, default_review_date
from relsafe.assessments.screening_rules import INDICATOR_LABELS, PROTECTIVE_LABELS
from relsafe.assessments.validators import danger_statement_warnings
from relsafe.core.editing import ConflictPage, ConflictRow, EditPage, shown_value
from relsafe.drafts.selectors import draft_for_form
from relsafe.language.forms import age_of


def chart_for(points: list[Any], *, chart_id: str, name: str) -> Any:
    return scale_chart_svg(points, chart_id=chart_id, title=f"Safety scale over time for {name}")


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def overview(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
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
def mapping_new(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = selectors.get_family_for_assessment(
        user=request.user, family_pk=family_pk, request=request
    )
    initial = selectors.mapping_starting_point(family, request.GET.get("young_person"))

    def save(form: SafetyMappingForm) -> SafetyMapping:
        return services.record_mapping(
            actor=request.user,
            family=family,
            young_person=form.cleaned_data["young_person"],
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="assessments/mapping_form.html",
        form=lambda data, _: SafetyMappingForm(data, family=family, initial=initial),
        save=save,
        success_url=lambda mapping: reverse(
            "assessments:mapping", kwargs={"family_pk": family.pk, "pk": mapping.pk}
        ),
        success_message="Strengths and worries mapping saved",
        after_save=lambda mapping: _warn_about_danger_statements(request, mapping),
        context={"family": family},
        drafts=draft_for_form(user=request.user, request=request, family=family, changed_at=None),
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def mapping_detail(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
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


@login_required
@role_required(CASEWORK_ROLES)
def mapping_edit(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
    mapping = selectors.get_mapping(user=request.user, family_pk=family_pk, pk=pk, request=request)
    family = mapping.family
    child_age = age_of(mapping.young_person)

    def save(form: SafetyMappingForm) -> SafetyMapping:
        return services.update_mapping(
            actor=request.user,
            mapping=mapping,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="assessments/mapping_form.html",
        form=lambda data, saved: SafetyMappingForm(
            data, family=family, instance=saved, version=saved.version, child_age=child_age
        ),
        record=mapping,
        save=save,
        success_url=reverse("assessments:mapping", kwargs={"family_pk": family.pk, "pk": pk}),
        success_message="Strengths and worries mapping updated",
        after_save=lambda saved: _warn_about_danger_statements(request, saved),
        context={"family": family, "mapping": mapping},
        drafts=draft_for_form(
            user=request.user, request=request, family=family, changed_at=mapping.updated_at
        ),
        conflict=ConflictPage(
            title="Change a strengths and worries mapping",
            fields_template="assessments/_mapping_fields.html",
            form_width="full",
        ),
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def screening_new(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    family = selectors.get_family_for_assessment(
        user=request.user, family_pk=family_pk, request=request
    )
    young_person_pk = request.GET.get("young_person", "")
    initial: dict[str, Any] = {
        "screened_on": timezone.localdate(),
        "review_on": default_review_date(),
    }
    if young_person_pk.isdigit():
        initial["young_person"] = int(young_person_pk)

    def save(form: ScreeningForm) -> Screening:
        return services.record_screening(
            actor=request.user,
            family=family,
            young_person=form.cleaned_data["young_person"],
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="assessments/screening_form.html",
        form=lambda data, _: ScreeningForm(data, family=family, initial=initial),
        save=save,
        success_url=lambda screening: reverse(
            "assessments:screening", kwargs={"family_pk": family.pk, "pk": screening.pk}
        ),
        success_message="Screening saved",
        context={"family": family},
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def screening_detail(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
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


def _screening_rows(saved: Screening, mine: dict[str, Any]) -> list[ConflictRow]:
    """The checklist is many boxes and notes: compare it as the two lists of what was ticked."""

    def listed(items: dict[str, str], labels: dict[str, str]) -> str:
        return "; ".join(f"{labels[c]}{': ' + n if n else ''}" for c, n in items.items()) or "None"

    levels = dict(Screening.Level.choices)
    return [
        ConflictRow(
            "Date of the screening",
            shown_value(saved.screened_on),
            shown_value(mine["screened_on"]),
        ),
        ConflictRow(
            "Indicators",
            listed(saved.indicators, INDICATOR_LABELS),
            listed(mine["indicators"], INDICATOR_LABELS),
        ),
        ConflictRow(
            "Protective factors",
            listed(saved.protective_factors, PROTECTIVE_LABELS),
            listed(mine["protective_factors"], PROTECTIVE_LABELS),
        ),
        ConflictRow("Level", saved.get_level_display(), str(levels.get(mine["level"], ""))),
        ConflictRow("Why", saved.rationale, mine["rationale"]),
        ConflictRow("Review date", shown_value(saved.review_on), shown_value(mine["review_on"])),
    ]


@login_required
@role_required(CASEWORK_ROLES)
def screening_edit(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
    screening = selectors.get_screening(
        user=request.user, family_pk=family_pk, pk=pk, request=request
    )
    family = screening.family
    child_age = age_of(screening.young_person)

    def save(form: ScreeningForm) -> Screening:
        return services.update_screening(
            actor=request.user,
            screening=screening,
            expected_version=form.cleaned_data["version"],
            values=form.values(),
            request=request,
        )

    return EditPage(
        template="assessments/screening_form.html",
        form=lambda data, saved: ScreeningForm(
            data, family=family, instance=saved, version=saved.version, child_age=child_age
        ),
        record=screening,
        save=save,
        success_url=reverse("assessments:screening", kwargs={"family_pk": family.pk, "pk": pk}),
        success_message="Screening updated",
        context={"family": family, "screening": screening},
        conflict=ConflictPage(
            title="Change the screening",
            fields_template="assessments/_screening_fields.html",
            rows=lambda form, saved: _screening_rows(saved, form.values()),
        ),
    ).respond(request)
