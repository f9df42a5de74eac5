"""Outcomes pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from relsafe.access.decorators import role_required
from relsafe.access.policy import Action, can, require
from relsafe.accounts.people import AuthenticatedRequest
from relsafe.accounts.reauth import require_recent_auth
from relsafe.accounts.roles import CASEWORK_ROLES, Role
from relsafe.assessments.charts import scale_chart_svg
from relsafe.core.editing import ConflictPage, EditPage
from relsafe.core.exports import csv_download
from relsafe.core.forms import apply_validation_error
from relsafe.outcomes import exports, selectors, services, tables
from relsafe.outcomes.charts import figure_charts
from relsafe.outcomes.costs import MissingIndex, uprate
from relsafe.outcomes.forms import (
    AssumptionForm,
    FiguresFilterForm,
    IndexYearForm,
    OutcomeForm,
    PublishForm,
    UnitCostForm,
)
from relsafe.outcomes.models import (
    Counterfactual,
    OutcomeEvent,
    OutcomeKind,
    PublishedReport,
    UnitCost,
    UpratingIndex,
)
from relsafe.outcomes.sources import SCALE_VOICES

FIGURE_ROLES = {Role.COMMISSIONER, Role.TEAM_MANAGER}
TABLE_ROLES = {Role.COMMISSIONER, Role.TEAM_MANAGER, Role.ADMINISTRATOR}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- A family's proof and its recorded outcomes -------------------------------------------------


@login_required
@role_required(CASEWORK_ROLES)
@require_safe
def family_proof(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    proof = selectors.family_proof(user=request.user, family_pk=family_pk, request=request)
    voices = [(voice, label) for voice, label, _ in SCALE_VOICES]
    for person in proof["scales"]:
        person["chart"] = scale_chart_svg(
            person["points"],
            chart_id=f"scale-{person['young_person'].pk}",
            title=f"Safety scale over time for {person['young_person'].short_name}",
        )
        person["voices"] = voices
    return render(request, "outcomes/proof.html", proof)


@login_required
@role_required(CASEWORK_ROLES)
def outcome_create(request: AuthenticatedRequest, family_pk: int) -> HttpResponse:
    proof_family = selectors.get_family_for_outcome(
        user=request.user, family_pk=family_pk, request=request
    )

    def save(form: OutcomeForm) -> OutcomeEvent:
        return services.record_outcome(
            actor=request.user, family=proof_family, request=request, **form.service_values()
        )

    return EditPage(
        template="outcomes/outcome_form.html",
        form=lambda data, _: OutcomeForm(data, family=proof_family),
        save=save,
        success_url=reverse("outcomes:family", args=[proof_family.pk]),
        success_message="Outcome recorded.",
        context={"family": proof_family, "heading": "Record an outcome"},
    ).respond(request)


@login_required
@role_required(CASEWORK_ROLES)
def outcome_edit(request: AuthenticatedRequest, family_pk: int, pk: int) -> HttpResponse:
    event = selectors.get_outcome(user=request.user, family_pk=family_pk, pk=pk, request=request)
    require(request.user, Action.CHANGE_OUTCOME, record=event, request=request)

    def save(form: OutcomeForm) -> OutcomeEvent:
        return services.update_outcome(
            actor=request.user,
            event=event,
            expected_version=form.cleaned_data.get("version") or 0,
            request=request,
            **form.service_values(),
        )

    return EditPage(
        template="outcomes/outcome_form.html",
        form=lambda data, saved: OutcomeForm(
            data, family=event.family, initial=OutcomeForm.initial_from(saved)
        ),
        record=event,
        save=save,
        success_url=reverse("outcomes:family", args=[event.family_id]),
        success_message="Outcome changed.",
        context={"family": event.family, "heading": "Change an outcome", "event": event},
        conflict=ConflictPage(title="Change an outcome"),
    ).respond(request)


# --- Figures for managers and commissioners ------------------------------------------------------


def _filters(request: AuthenticatedRequest) -> tuple[FiguresFilterForm, selectors.Filters]:
    """The scope from the query string (the last twelve months by default), checked by the
    selector: an organisation or team the person may not see is a 404."""
    choices = selectors.scope_choices(request.user)
    start, end = selectors.default_period()
    data = request.GET.copy()
    data.setdefault("start", start.isoformat())
    data.setdefault("end", end.isoformat())
    form = FiguresFilterForm(
        data,
        organisations=choices["organisations"],
        teams=choices["teams"],
        all_allowed=can(request.user, Action.VIEW_ALL_FIGURES),
    )
    organisation_id = team_id = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        organisation_id = form.cleaned_data.get("organisation")
        team_id = form.cleaned_data.get("team")
    elif "organisation" in form.errors or "team" in form.errors:
        raise Http404("Not found")
    filters = selectors.resolve_filters(
        user=request.user,
        start=start,
        end=end,
        organisation_id=organisation_id,
        team_id=team_id,
        request=request,
    )
    return form, filters


def _figures_context(figures: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {"figures": figures, "charts": figure_charts(figures, prefix=prefix)}


@login_required
@role_required(FIGURE_ROLES)
@require_safe
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    form, filters = _filters(request)
    figures = selectors.figures_for(user=request.user, filters=filters, request=request)
    return render(
        request,
        "outcomes/dashboard.html",
        {
            **_figures_context(figures, "live"),
            "form": form,
            "query": request.GET.urlencode(),
            "can_publish": can(request.user, Action.PUBLISH_REPORT),
        },
    )


def _filename(filters: selectors.Filters, suffix: str) -> str:
    return f"outcomes-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{suffix}"


@login_required
@role_required(FIGURE_ROLES)
@require_safe
@require_recent_auth
def figures_csv(request: AuthenticatedRequest) -> HttpResponse:
    _, filters = _filters(request)
    figures = selectors.figures_for(
        user=request.user, filters=filters, request=request, export="csv"
    )
    return csv_download(
        filename=_filename(filters, "csv"), header=exports.HEADER, rows=exports.figure_rows(figures)
    )


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@role_required(FIGURE_ROLES)
@require_safe
@require_recent_auth
def figures_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    _, filters = _filters(request)
    figures = selectors.figures_for(
        user=request.user, filters=filters, request=request, export="xlsx"
    )
    return _attachment(exports.xlsx_bytes(figures), XLSX, _filename(filters, "xlsx"))


@login_required
@role_required(FIGURE_ROLES)
def publish(request: AuthenticatedRequest) -> HttpResponse:
    _, filters = _filters(request)
    require(request.user, Action.PUBLISH_REPORT, request=request)
    scope = filters.describe()
    form = PublishForm(
        request.POST or None,
        initial={"title": f"Outcomes and avoided costs, {scope['period']}"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.publish_report(
                actor=request.user,
                title=form.cleaned_data["title"],
                filters=filters,
                request=request,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("outcomes:report", pk=report.pk)
    return render(
        request,
        "outcomes/publish.html",
        {"form": form, "scope": scope, "query": request.GET.urlencode()},
    )


@login_required
@role_required(FIGURE_ROLES)
@require_safe
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "outcomes/reports.html", {"reports": selectors.reports_for(request.user)}
    )


@login_required
@role_required(FIGURE_ROLES)
@require_safe
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk, request=request)
    return render(
        request,
        "outcomes/report.html",
        {"report": report, **_figures_context(report.figures, "report")},
    )


def _report_filename(report: PublishedReport, suffix: str) -> str:
    return f"outcomes-report-{report.pk}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{suffix}"


@login_required
@role_required(FIGURE_ROLES)
@require_safe
@require_recent_auth
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk, request=request, export="pdf")
    pdf = exports.pdf_bytes(title=report.title, figures=report.figures, published=report)
    return _attachment(pdf, "application/pdf", _report_filename(report, "pdf"))


@login_required
@role_required(FIGURE_ROLES)
@require_safe
@require_recent_auth
def report_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk, request=request, export="csv")
    return csv_download(
        filename=_report_filename(report, "csv"),
        header=exports.HEADER,
        rows=exports.figure_rows(report.figures),
    )


@login_required
@role_required(FIGURE_ROLES)
@require_safe
@require_recent_auth
def report_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(user=request.user, pk=pk, request=request, export="xlsx")
    return _attachment(exports.xlsx_bytes(report.figures), XLSX, _report_filename(report, "xlsx"))


# --- The cost tables -----------------------------------------------------------------------------


@login_required
@role_required(TABLE_ROLES)
@require_safe
def cost_tables(request: AuthenticatedRequest) -> HttpResponse:
    current = tables.tables_at()
    unit_costs = list(UnitCost.objects.filter(retired_in__isnull=True).order_by("item"))
    for cost in unit_costs:
        # Every figure in today's prices (the latest year of the index) beside its own year's.
        try:
            cost.uprated = (  # type: ignore[attr-defined]
                uprate(
                    cost.amount,
                    from_year=cost.price_year,
                    to_year=current.base_year,
                    index=current.index,
                )
                if current
                else None
            )
        except MissingIndex:
            cost.uprated = None  # type: ignore[attr-defined]
    return render(
        request,
        "outcomes/tables.html",
        {
            "tables": current,
            "unit_costs": unit_costs,
            "assumptions": sorted(
                Counterfactual.objects.filter(retired_in__isnull=True),
                key=lambda a: list(OutcomeKind.values).index(a.kind),
            ),
            "index": UpratingIndex.objects.filter(retired_in__isnull=True).order_by("year"),
            "history": tables.history(),
            "can_edit": can(request.user, Action.EDIT_COST_TABLES),
            "avoidable_without": [
                (k, label)
                for k, label in OutcomeKind.choices
                if not Counterfactual.objects.filter(kind=k, retired_in__isnull=True).exists()
            ],
        },
    )


def _table_form_page(
    request: AuthenticatedRequest,
    *,
    form: Any,
    save: Any,
    template: str,
    context: dict[str, Any],
    message: str,
) -> HttpResponse:
    """The cost tables' forms: a change is a new version, so there is no edit conflict to lose;
    bad input comes back on the form with the service's words."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, message)
            return redirect("outcomes:tables")
    return render(request, template, {"form": form, **context})


@login_required
@role_required({Role.ADMINISTRATOR})
def unit_cost_edit(request: AuthenticatedRequest, key: str = "") -> HttpResponse:
    require(request.user, Action.EDIT_COST_TABLES, request=request)
    current = UnitCost.objects.filter(key=key, retired_in__isnull=True).first() if key else None
    if key and current is None:
        raise Http404("Not found")
    initial = {}
    if current is not None:
        initial = {
            "key": current.key,
            "item": current.item,
            "amount": f"{current.amount:f}",
            "unit": current.unit,
            "price_year": current.price_year,
            "source": current.source,
            "source_url": current.source_url,
            "citation": current.citation,
            "cashable": "yes" if current.cashable else "no",
        }
    form = UnitCostForm(request.POST or None, initial=initial)
    if current is not None:
        form.fields["key"].disabled = True

    def save(data: dict[str, Any]) -> UnitCost:
        return services.change_unit_cost(
            actor=request.user,
            key=current.key if current else data["key"],
            item=data["item"],
            amount=data["amount"],
            unit=data["unit"],
            price_year=data["price_year"],
            source=data["source"],
            source_url=data["source_url"],
            citation=data["citation"],
            cashable=data["cashable"],
            reason=data["reason"],
            request=request,
        )

    return _table_form_page(
        request,
        form=form,
        save=save,
        template="outcomes/table_form.html",
        context={"heading": "Change a unit cost" if current else "Add a unit cost"},
        message="Unit cost saved as a new version of the tables.",
    )


@login_required
@role_required({Role.ADMINISTRATOR})
def assumption_edit(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    require(request.user, Action.EDIT_COST_TABLES, request=request)
    if kind not in OutcomeKind.values:
        raise Http404("Not found")
    current = Counterfactual.objects.filter(kind=kind, retired_in__isnull=True).first()
    initial = {}
    if current is not None:
        initial = {
            "unit_cost_key": current.unit_cost_key,
            "quantity": f"{current.quantity.normalize():f}",
            "quantity_reason": current.quantity_reason,
            "low": f"{current.probability_low:f}",
            "central": f"{current.probability_central:f}",
            "high": f"{current.probability_high:f}",
            "source": current.source,
            "source_url": current.source_url,
        }
    form = AssumptionForm(
        request.POST or None,
        initial=initial,
        unit_costs=list(UnitCost.objects.filter(retired_in__isnull=True).order_by("item")),
    )

    def save(data: dict[str, Any]) -> Counterfactual:
        return services.change_assumption(
            actor=request.user,
            kind=kind,
            unit_cost_key=data["unit_cost_key"],
            quantity=data["quantity"],
            quantity_reason=data["quantity_reason"],
            low=data["low"],
            central=data["central"],
            high=data["high"],
            source=data["source"],
            source_url=data["source_url"],
            reason=data["reason"],
            request=request,
        )

    return _table_form_page(
        request,
        form=form,
        save=save,
        template="outcomes/table_form.html",
        context={"heading": f"Probability: {OutcomeKind(kind).label}"},
        message="Probability saved as a new version of the tables.",
    )


@login_required
@role_required({Role.ADMINISTRATOR})
def index_edit(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Action.EDIT_COST_TABLES, request=request)
    latest = UpratingIndex.objects.filter(retired_in__isnull=True).order_by("-year").first()
    form = IndexYearForm(
        request.POST or None,
        initial={
            "year": (latest.year + 1) if latest else timezone.localdate().year,
            "source": latest.source if latest else "",
            "source_url": latest.source_url if latest else "",
        },
    )

    def save(data: dict[str, Any]) -> UpratingIndex:
        return services.change_index_year(
            actor=request.user,
            year=data["year"],
            index=data["index"],
            source=data["source"],
            source_url=data["source_url"],
            reason=data["reason"],
            request=request,
        )

    return _table_form_page(
        request,
        form=form,
        save=save,
        template="outcomes/table_form.html",
        context={"heading": "Add or change a year of the uprating index"},
        message="Uprating index saved as a new version of the tables.",
    )
