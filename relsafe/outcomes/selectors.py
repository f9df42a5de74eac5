"""Reads for outcomes: a family's proof (for the people working with it), and the figures for
managers and commissioners (aggregates only, small numbers suppressed, no names).

The figures are built as plain data (``build_figures``), the same for the dashboard, the exports and
a published report, which keeps them exactly as they were.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.accounts.models import Organisation, Team, User
from relsafe.assessments.charts import ScalePoint
from relsafe.assessments.models import SafetyMapping
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import Allocation, Family
from relsafe.cases.selectors import get_family
from relsafe.outcomes import costs, sources
from relsafe.outcomes.models import OutcomeEvent, OutcomeKind, PublishedReport
from relsafe.outcomes.suppression import Cell, single, suppress_line, suppress_rows
from relsafe.outcomes.tables import tables_at
from relsafe.records.models import RETURN_INTERVIEW_WINDOW, MissingEpisode

ALL_KINDS: list[tuple[str, str]] = list(OutcomeKind.choices)
# The outcomes-by-type table leaves out return home interviews: they have their own table (on time,
# late, not held), and one count in two tables could give a hidden cell away.
TABLE_KINDS: list[tuple[str, str]] = [
    (kind, label) for kind, label in ALL_KINDS if kind != OutcomeKind.RETURN_INTERVIEW_IN_TIME
]


# --- What happened: recorded and computed outcomes ----------------------------------------------


@dataclass(frozen=True)
class OutcomeItem:
    """One outcome, recorded or computed, in the same shape."""

    kind: str
    label: str
    family_id: int
    young_person_id: int | None
    occurred_on: dt.date
    quantity: Decimal
    computed: bool
    detail: str = ""
    event: OutcomeEvent | None = None


def outcomes_in(families: QuerySet[Family], start: dt.date, end: dt.date) -> list[OutcomeItem]:
    """Every outcome dated in the period for these families; a computed outcome that repeats a
    recorded one (same kind, family, young person and date) counts once."""
    labels = dict(ALL_KINDS)
    items = [
        OutcomeItem(
            kind=e.kind,
            label=labels[e.kind],
            family_id=e.family_id,
            young_person_id=e.young_person_id,
            occurred_on=e.occurred_on,
            quantity=Decimal("1"),
            computed=False,
            event=e,
        )
        for e in OutcomeEvent.objects.filter(
            family__in=families, occurred_on__gte=start, occurred_on__lte=end
        ).select_related("young_person", "recorded_by")
    ]
    seen = {(i.kind, i.family_id, i.young_person_id, i.occurred_on) for i in items}
    for o in sources.computed_outcomes(families, start, end):
        key = (o.kind, o.family_id, o.young_person_id, o.occurred_on)
        if key in seen:
            continue
        seen.add(key)
        items.append(
            OutcomeItem(
                kind=o.kind,
                label=labels.get(o.kind, o.kind),
                family_id=o.family_id,
                young_person_id=o.young_person_id,
                occurred_on=o.occurred_on,
                quantity=o.quantity,
                computed=True,
                detail=o.detail,
            )
        )
    items.sort(key=lambda i: (i.occurred_on, i.kind), reverse=True)
    return items


def quantities(items: Iterable[OutcomeItem]) -> dict[str, Decimal]:
    """What is costed per kind: the number of outcomes, or for missing episodes the episodes
    fewer."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        totals[item.kind] += item.quantity
    return dict(totals)


# --- One family's proof ------------------------------------------------------------------------

SCALE_LABELS = {voice: label for voice, label, _ in sources.SCALE_VOICES}


def family_proof(
    *, user: User, family_pk: int, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Everything on a family's proof page: its outcomes since it was opened, the safety scale in
    every voice for each young person, the parent's measures, and the avoided-cost estimate with
    its reasoning. For the people working with the family (404 for anyone else)."""
    family = get_family(user=user, pk=family_pk, request=request)
    policy.require(user, Action.VIEW_PROOF, family=family, request=request)
    families = Family.objects.filter(pk=family.pk)
    start = timezone.localtime(family.opened_at).date()
    end = timezone.localdate()
    items = outcomes_in(families, start, end)
    young_people = {yp.pk: yp for yp in family.young_people.all()}
    mappings = list(SafetyMapping.objects.filter(family=family).order_by("mapped_on", "pk"))
    scales = []
    for yp in young_people.values():
        points = [
            ScalePoint(date=m.mapped_on, scales={v: m.scales()[v] for v in SCALE_LABELS})
            for m in mappings
            if m.young_person_id == yp.pk
        ]
        if points:
            scales.append({"young_person": yp, "points": points})
    tables = tables_at()
    estimate = costs.estimate(quantities(items), tables) if tables else None
    return {
        "family": family,
        "rows": [
            {
                "item": i,
                "young_person": young_people.get(i.young_person_id or 0),
                # A family has a handful of recorded outcomes: one check each.
                "can_change": i.event is not None
                and policy.can(user, Action.CHANGE_OUTCOME, family=family, record=i.event),
            }
            for i in items
        ],
        "scales": scales,
        "measures": sources.parent_measures(families, start, end),
        "measure_labels": {m: label for m, label, _ in sources.PARENT_MEASURES},
        "measures_available": bool(sources.MEASURE_SOURCES),
        "estimate": estimate,
        "tables": tables,
        "can_record": policy.can(user, Action.RECORD_OUTCOME, family=family),
    }


def get_family_for_outcome(
    *, user: User, family_pk: int, request: HttpRequest | None = None
) -> Family:
    """The family, for the page that records an outcome (404 for anyone without a route)."""
    return get_family(user=user, pk=family_pk, request=request)


def get_outcome(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> OutcomeEvent:
    """One recorded outcome of a family the person may open (404 otherwise)."""
    family = get_family(user=user, pk=family_pk, request=request)
    event = (
        OutcomeEvent.objects.filter(family=family, pk=pk)
        .select_related("family", "young_person", "recorded_by")
        .first()
    )
    if event is None:
        raise policy.not_found(
            user,
            Action.CHANGE_OUTCOME,
            object_type="outcomes.outcomeevent",
            object_id=pk,
            family=family,
            request=request,
        )
    return event


# --- Figures for managers and commissioners ------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    organisation: Organisation | None = None
    team: Team | None = None

    def describe(self) -> dict[str, str]:
        return {
            "period_start": self.start.isoformat(),
            "period_end": self.end.isoformat(),
            "period": f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}",
            "organisation": self.organisation.name if self.organisation else "All organisations",
            "team": self.team.name if self.team else "All teams",
        }


def default_period() -> tuple[dt.date, dt.date]:
    """The last twelve months, to today."""
    today = timezone.localdate()
    return today.replace(year=today.year - 1) + dt.timedelta(days=1), today


def scope_choices(user: User) -> dict[str, Any]:
    """The organisations and teams this person may filter by."""
    if policy.can(user, Action.VIEW_ALL_FIGURES):
        organisations = Organisation.objects.all()
    elif user.organisation_id is not None and policy.can(user, Action.VIEW_OUTCOME_FIGURES):
        organisations = Organisation.objects.filter(pk=user.organisation_id)
    else:
        organisations = Organisation.objects.none()
    teams = Team.objects.filter(organisation__in=organisations).select_related("organisation")
    return {"organisations": list(organisations), "teams": list(teams)}


def resolve_filters(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    organisation_id: int | None,
    team_id: int | None,
    request: HttpRequest | None = None,
) -> Filters:
    """The scope asked for, as far as this person may see it: a team manager always their own
    organisation; an organisation or team they may not see is a 404."""
    choices = scope_choices(user)
    organisations = {o.pk: o for o in choices["organisations"]}
    teams = {t.pk: t for t in choices["teams"]}
    if organisation_id is None and not policy.can(user, Action.VIEW_ALL_FIGURES):
        organisation_id = user.organisation_id
    organisation = organisations.get(organisation_id) if organisation_id else None
    if organisation_id and organisation is None:
        raise policy.not_found(
            user,
            Action.VIEW_OUTCOME_FIGURES,
            object_type="accounts.organisation",
            object_id=organisation_id,
            request=request,
        )
    team = teams.get(team_id) if team_id else None
    if team_id and (team is None or (organisation and team.organisation_id != organisation.pk)):
        raise policy.not_found(
            user,
            Action.VIEW_OUTCOME_FIGURES,
            object_type="accounts.team",
            object_id=team_id,
            request=request,
        )
    if organisation is not None:
        policy.require(user, Action.VIEW_OUTCOME_FIGURES, record=organisation, request=request)
    else:
        policy.require(user, Action.VIEW_ALL_FIGURES, request=request)
    return Filters(start=start, end=end, organisation=organisation, team=team)


def cohort(filters: Filters) -> QuerySet[Family]:
    """The families supported at any time in the period, in the scope."""
    start_at = timezone.make_aware(dt.datetime.combine(filters.start, dt.time()))
    end_at = timezone.make_aware(dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time()))
    families = Family.objects.filter(opened_at__lt=end_at).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start_at)
    )
    if filters.organisation is not None:
        families = families.filter(lead_organisation=filters.organisation)
    if filters.team is not None:
        families = families.filter(
            pk__in=Allocation.objects.filter(worker__team=filters.team, started_at__lt=end_at)
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start_at))
            .values("family_id")
        )
    return families


def quarters(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """Calendar quarters overlapping the period, clipped to it."""
    out = []
    q_start = dt.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while q_start <= end:
        month = q_start.month + 3
        next_start = dt.date(q_start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        q_end = next_start - dt.timedelta(days=1)
        label = f"{q_start:%b} to {q_end:%b %Y}"
        out.append((max(q_start, start), min(q_end, end), label))
        q_start = next_start
    return out


def _cells(table_cells: list[Cell]) -> list[dict[str, object]]:
    return [c.as_dict() for c in table_cells]


def _mean(values: list[int]) -> str:
    return f"{Decimal(sum(values)) / len(values):.1f}" if values else ""


def _money(value: Decimal) -> str:
    return f"£{value:,.0f}"


def build_figures(filters: Filters) -> dict[str, Any]:
    """Every aggregate table, suppressed, as plain data (no names, dates of birth, references or
    free text). Access is decided before this is called (``resolve_filters``)."""
    families = cohort(filters)
    end_at = timezone.make_aware(dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time()))
    family_rows = list(families.values_list("pk", "closed_at"))
    closed = sum(1 for _, closed_at in family_rows if closed_at is not None and closed_at < end_at)
    cohort_table = suppress_line([len(family_rows) - closed, closed])

    # Outcomes by kind and quarter.
    items = outcomes_in(families, filters.start, filters.end)
    buckets = quarters(filters.start, filters.end)
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for item in items:
        for index, (q_start, q_end, _) in enumerate(buckets):
            if q_start <= item.occurred_on <= q_end:
                counts[item.kind][index] += 1
    outcome_table = suppress_rows(
        [[counts[kind][i] for i in range(len(buckets))] for kind, _ in TABLE_KINDS]
    )
    by_kind = {kind: outcome_table.row_totals[n] for n, (kind, _) in enumerate(TABLE_KINDS)}

    # Missing episodes per child per month, before and since support.
    rates = sources.missing_rates(families, filters.end)
    children = single(len(rates))
    before = single(sum(r.before for r in rates))
    after = single(sum(r.after for r in rates))
    before_months = sum((r.before_months for r in rates), Decimal("0"))
    after_months = sum((r.after_months for r in rates), Decimal("0"))
    missing = {
        "children": children.as_dict(),
        "before": before.as_dict(),
        "after": after.as_dict(),
        "before_rate": (
            f"{Decimal(before.value) / before_months:.2f}"
            if before.shown and children.shown and before_months
            else None
        ),
        "after_rate": (
            f"{Decimal(after.value) / after_months:.2f}"
            if after.shown and children.shown and after_months
            else None
        ),
    }

    # Return home interviews for returns in the period.
    start_at = timezone.make_aware(dt.datetime.combine(filters.start, dt.time()))
    on_time = late = not_done = 0
    for returned, done in MissingEpisode.objects.filter(
        family__in=families, returned_at__gte=start_at, returned_at__lt=end_at
    ).values_list("returned_at", "return_interview__done_at"):
        if done is None or returned is None:
            not_done += 1
        elif done - returned <= RETURN_INTERVIEW_WINDOW:
            on_time += 1
        else:
            late += 1
    rhi = suppress_line([on_time, late, not_done])
    rhi_percent = (
        f"{Decimal(on_time * 100) / rhi.total.value:.0f}%"
        if rhi.rows[0][0].shown and rhi.total.shown and rhi.total.value
        else None
    )

    # Safety scale change per voice.
    # Only the number of young people and the means: how many went up is in the outcomes table.
    changes = sources.scale_changes(families, filters.end)
    scale = []
    for voice, label, _ in sources.SCALE_VOICES:
        mine = [c for c in changes if c.voice == voice]
        people = single(len(mine))
        shown = people.shown
        scale.append(
            {
                "voice": voice,
                "label": label,
                "children": people.as_dict(),
                "first": _mean([c.first for c in mine]) if shown else None,
                "latest": _mean([c.latest for c in mine]) if shown else None,
                "change": _mean([c.change for c in mine]) if shown else None,
            }
        )

    # Parent measures (from the portal's check-ins, once registered).
    measures = sources.parent_measures(families, filters.start, filters.end)
    parent = []
    for measure, label, _ in sources.PARENT_MEASURES:
        mine_m = [m for m in measures if m.measure == measure]
        parents = single(len(mine_m))
        shown = parents.shown
        parent.append(
            {
                "measure": measure,
                "label": label,
                "parents": parents.as_dict(),
                "first": _mean([m.first_value for m in mine_m]) if shown else None,
                "latest": _mean([m.latest_value for m in mine_m]) if shown else None,
                "change": _mean([m.latest_value - m.first_value for m in mine_m])
                if shown
                else None,
            }
        )

    tables = tables_at()
    cost_figures = _cost_figures(items, by_kind, tables) if tables else None
    return {
        "scope": filters.describe(),
        "table_version": tables.version if tables else None,
        "built_at": timezone.now().isoformat(),
        "cohort": {
            "open": cohort_table.rows[0][0].as_dict(),
            "closed": cohort_table.rows[0][1].as_dict(),
            "total": cohort_table.total.as_dict(),
        },
        "outcomes": {
            "columns": [label for _, _, label in buckets],
            "rows": [
                {
                    "kind": kind,
                    "label": label,
                    "cells": _cells(outcome_table.rows[n]),
                    "total": outcome_table.row_totals[n].as_dict(),
                }
                for n, (kind, label) in enumerate(TABLE_KINDS)
            ],
            "total": outcome_table.total.as_dict(),
        },
        "court": {
            "child": by_kind[OutcomeKind.CHILD_ATTENDED_COURT].as_dict(),
            "parent": by_kind[OutcomeKind.PARENT_ATTENDED_COURT].as_dict(),
        },
        "missing": missing,
        "return_interviews": {
            "on_time": rhi.rows[0][0].as_dict(),
            "late": rhi.rows[0][1].as_dict(),
            "not_done": rhi.rows[0][2].as_dict(),
            "total": rhi.total.as_dict(),
            "percent_on_time": rhi_percent,
        },
        "scale": scale,
        "parent_measures": parent,
        "parent_measures_available": bool(sources.MEASURE_SOURCES),
        "costs": cost_figures,
    }


def _cost_figures(
    items: list[OutcomeItem], by_kind: dict[str, Cell], tables: costs.Tables
) -> dict[str, Any]:
    """The avoided-cost range. A kind whose count is hidden is left out of the lines *and* the
    totals: its cost would give its count away."""
    estimate = costs.estimate(quantities(items), tables)
    lines = []
    shown_lines = []
    left_out = 0
    for line in estimate.lines:
        count = by_kind.get(line.kind) or single(int(line.count))
        entry: dict[str, Any] = {
            "kind": line.kind,
            "label": line.label,
            "count": count.as_dict(),
            "cashable": line.cashable,
            "reasons": line.reasons,
            "unit_cost": line.unit_cost.item,
            "per_outcome": _money(line.per_outcome),
        }
        if count.shown:
            entry.update(
                {
                    "quantity": f"{line.count.normalize():f}",
                    "low": _money(line.low),
                    "central": _money(line.central),
                    "high": _money(line.high),
                }
            )
            shown_lines.append(line)
        else:
            left_out += 1
        lines.append(entry)
    totals: dict[str, dict[str, str]] = {}
    for name, flag in (("cashable", True), ("non_cashable", False), ("all", None)):
        totals[name] = {
            which: _money(
                costs.whole_pounds(
                    sum(
                        (
                            getattr(line, which)
                            for line in shown_lines
                            if flag is None or line.cashable == flag
                        ),
                        Decimal("0"),
                    )
                )
            )
            for which in ("low", "central", "high")
        }
    return {
        "base_year": estimate.base_year,
        "lines": lines,
        "totals": totals,
        "left_out": left_out > 0,
        "tables": costs.tables_as_dict(tables),
    }


def figures_for(
    *, user: User, filters: Filters, request: HttpRequest | None = None, export: str = ""
) -> dict[str, Any]:
    """The figures for the dashboard or an export, audited as a read of aggregates."""
    figures = build_figures(filters)
    record(
        action=AuditAction.EXPORT if export else AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="outcomes.figures",
        object_id="",
        detail={**filters.describe(), **({"format": export} if export else {})},
    )
    return figures


# --- Published reports -------------------------------------------------------------------------


def reports_for(user: User) -> list[PublishedReport]:
    """The published reports this person may read: a commissioner every one, a manager their own
    organisation's."""
    if not policy.can(user, Action.VIEW_REPORT):
        return []
    reports = PublishedReport.objects.select_related(
        "organisation", "team", "table_version", "published_by"
    )
    return [r for r in reports if policy.can(user, Action.VIEW_REPORT, record=r)]


def get_report(
    *, user: User, pk: int, request: HttpRequest | None = None, export: str = ""
) -> PublishedReport:
    report = (
        PublishedReport.objects.select_related("organisation", "team", "table_version")
        .filter(pk=pk)
        .first()
    )
    if report is None or not policy.can(user, Action.VIEW_REPORT, record=report):
        raise policy.not_found(
            user,
            Action.VIEW_REPORT,
            object_type="outcomes.publishedreport",
            object_id=pk,
            request=request,
        )
    record(
        action=AuditAction.EXPORT if export else AuditAction.VIEW,
        actor=user,
        request=request,
        obj=report,
        detail={"format": export} if export else {},
    )
    return report
