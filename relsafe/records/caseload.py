"""The return home interview's 72-hour clock as a caseload deadline (registered in ``ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.db.models.functions import TruncDate

from relsafe.access.sections import Section
from relsafe.cases.next_due import DueContext, register_next_due, watch_next_due
from relsafe.records.models import RETURN_INTERVIEW_WINDOW, MissingEpisode, ReturnHomeInterview
from relsafe.records.selectors import interview_outstanding, record_scope


def interview_due_at(ctx: DueContext) -> Any:
    """When the earliest outstanding return home interview in the family is due: 72 hours from the
    young person's return, counting only the episodes this person may see (``record_scope``)."""
    scope = Q() if ctx.all_records else record_scope(ctx.user, Section.MISSING_EPISODES)
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
    # The stored next due follows every episode and interview written.
    watch_next_due(MissingEpisode, family_of=lambda episode: episode.family_id)
    watch_next_due(ReturnHomeInterview, family_of=_interview_family)


def _interview_family(interview: ReturnHomeInterview) -> int | None:
    family_id: int | None = (
        MissingEpisode.objects.filter(pk=interview.episode_id)
        .values_list("family_id", flat=True)
        .first()
    )
    return family_id
