"""URL x role rows for outcomes (issue 12): workers see their families' proof pages and record
outcomes; team managers and commissioners see figures only (a manager their own organisation's, so
a report across every organisation is a 404 to them); administrators keep the cost tables."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        FORBIDDEN,
        MANAGERS,
        NOT_FOUND,
        OK,
        Row,
        each,
        family_work,
        get_only,
        outcomes,
        redirect,
    )

    figures = outcomes(FORBIDDEN, each(OK, "commissioner", *MANAGERS))
    report = outcomes(FORBIDDEN, each(NOT_FOUND, *MANAGERS), commissioner=OK)
    tables = outcomes(FORBIDDEN, each(OK, "commissioner", "administrator", *MANAGERS))
    admin_only = outcomes(FORBIDDEN, administrator=OK)  # empty form on POST: errors, nothing saved
    return {
        "outcomes:dashboard": Row(get=figures, post=get_only(figures)),
        "outcomes:figures-csv": Row(step_up=True, get=figures, post=get_only(figures)),
        "outcomes:figures-xlsx": Row(step_up=True, get=figures, post=get_only(figures)),
        "outcomes:reports": Row(get=figures, post=get_only(figures)),
        "outcomes:publish": Row(
            get=figures,
            post=outcomes(
                FORBIDDEN, each(redirect("/outcomes/reports/"), "commissioner", *MANAGERS)
            ),
            data={"title": "Outcomes this year"},
        ),
        "outcomes:report": Row(kwargs={"pk": "outcome_report"}, get=report, post=get_only(report)),
        "outcomes:report-pdf": Row(
            step_up=True, kwargs={"pk": "outcome_report"}, get=report, post=get_only(report)
        ),
        "outcomes:report-csv": Row(
            step_up=True, kwargs={"pk": "outcome_report"}, get=report, post=get_only(report)
        ),
        "outcomes:report-xlsx": Row(
            step_up=True, kwargs={"pk": "outcome_report"}, get=report, post=get_only(report)
        ),
        "outcomes:family": Row(
            kwargs={"family_pk": "family"}, get=family_work(), post=get_only(family_work())
        ),
        "outcomes:record": Row(
            kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
        ),
        "outcomes:edit": Row(
            # Only the organisation that recorded an outcome changes it: the council's social
            # worker is refused.
            kwargs={"family_pk": "family", "pk": "outcome_event"},
            get=family_work(social_worker_allocated=FORBIDDEN),
            post=family_work(social_worker_allocated=FORBIDDEN),
        ),
        "outcomes:tables": Row(get=tables, post=get_only(tables)),
        "outcomes:unit-cost-new": Row(get=admin_only, post=admin_only),
        "outcomes:unit-cost-edit": Row(
            kwargs={"key": "unit_cost_key"}, get=admin_only, post=admin_only
        ),
        "outcomes:assumption-edit": Row(
            kwargs={"kind": "outcome_kind"}, get=admin_only, post=admin_only
        ),
        "outcomes:index-edit": Row(get=admin_only, post=admin_only),
    }


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    import datetime as dt

    from django.utils import timezone

    from relsafe.outcomes.selectors import Filters
    from relsafe.outcomes.services import publish_report, seed_cost_tables
    from tests.outcomes.factories import OutcomeEventFactory

    seed_cost_tables()
    family = objects["family"]
    event = OutcomeEventFactory(
        family=family,
        occurred_on=timezone.localdate(),
        recorded_by=people["psw_allocated"],
    )
    today = timezone.localdate()
    report = publish_report(
        actor=people["commissioner"],
        title="Every organisation",
        filters=Filters(start=today - dt.timedelta(days=30), end=today),
    )
    return {
        "outcome_event": event,
        "outcome_report": report,
        # Slugs in URLs: the matrix reads ``pk`` of each world object.
        "unit_cost_key": SimpleNamespace(pk="secure_childrens_home"),
        "outcome_kind": SimpleNamespace(pk="secure_placement_avoided"),
    }
