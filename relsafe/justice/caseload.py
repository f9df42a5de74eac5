"""The court support review as a caseload deadline (registered in ``ready``): after the verdict,
support goes on until the worker decides, and its next review is due like any other."""

from __future__ import annotations

from typing import Any

from django.db.models import DateField, OuterRef, Subquery

from relsafe.cases.next_due import DueContext, register_next_due, watch_next_due
from relsafe.justice.models import CriminalJusticeCase


def support_review_due_on(ctx: DueContext) -> Any:
    """The earliest support review date over the family's cases whose support has not ended."""
    earliest = (
        CriminalJusticeCase.objects.filter(family=OuterRef("pk"), support_review_on__isnull=False)
        .exclude(support=CriminalJusticeCase.Support.ENDED)
        .order_by("support_review_on")
        .values("support_review_on")[:1]
    )
    return Subquery(earliest, output_field=DateField())


def register() -> None:
    register_next_due(
        key="court_support_review",
        label="Court support review due",
        due_on=support_review_due_on,
    )
    watch_next_due(CriminalJusticeCase, family_of=lambda case: case.family_id)
