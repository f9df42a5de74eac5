"""Exploitation screening review dates as caseload deadlines (registered in ``ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from relsafe.assessments.models import Screening
from relsafe.cases.next_due import DueContext, register_next_due, watch_next_due


def screening_review_on(ctx: DueContext) -> Any:
    """The earliest review date among each young person's latest screening (latest by date, then
    by entry: the same rule as ``overdue_screening_reviews``)."""
    newer = Screening.objects.filter(young_person=OuterRef("young_person")).filter(
        Q(screened_on__gt=OuterRef("screened_on"))
        | Q(screened_on=OuterRef("screened_on"), pk__gt=OuterRef("pk"))
    )
    latest = Screening.objects.filter(family=OuterRef("pk")).filter(~Exists(newer))
    return Subquery(latest.order_by("review_on").values("review_on")[:1])


def register() -> None:
    register_next_due(
        key="screening_review", label="Screening review due", due_on=screening_review_on
    )
    watch_next_due(Screening, family_of=lambda screening: screening.family_id)
