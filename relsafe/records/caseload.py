"""The return home interview's 72-hour clock as a caseload deadline (registered in ``ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Subquery, Value
from django.db.models.functions import TruncDate

from relsafe.access.sections import Section
from relsafe.cases.next_due import DueContext, register_next_due
from relsafe.records.models import RETURN_INTERVIEW_WINDOW, MissingEpisode
from relsafe.records.selectors import interview_outstanding, record_scope


def interview_due_at(ctx: DueContext) -> Any:
    """When the earliest outstanding return home interview in the family is due: 72 hours from the
    young person's return, counting only the episodes this person may see (``record_scope``)."""
    scope = record_scope(ctx.user, Section.MISSING_EPISODES)
    if scope is None:
        return Value(None, output_field=DateTimeField())
    earliest_return = (
        MissingEpisode.objects.filter(
            scope, interview_outstanding(), family=OuterRef("pk"), returned_at__isnull=False
        )
        .order_by("returned_at")
        .values("returned_at")[:1]
    )
    return ExpressionWrapper(
        Subquery(earliest_return, output_field=DateTimeField()) + RETURN_INTERVIEW_WINDOW,
        output_field=DateTimeField(),
    )


def interview_due_on(ctx: DueContext) -> Any:
    """The same moment as a local date, so it sorts with the date-only deadlines."""
    return TruncDate(interview_due_at(ctx))


def register() -> None:
    register_next_due(
        key="return_home_interview",
        label="Return home interview due",
        due_on=interview_due_on,
        due_at=interview_due_at,
    )
