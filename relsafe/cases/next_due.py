"""What a family's "next thing due" is made of, and which one is next.

Each app that owns a kind of deadline registers a source from its ``AppConfig.ready`` (so ``cases``
never imports records, plans or assessments models)::

    register_next_due(
        key="plan_review",
        label="Plan review due",
        due_on=lambda ctx: Subquery(Plan.objects.filter(family=OuterRef("pk"))...),
    )

A source gives, as SQL expressions on ``Family``:

* ``due_on`` - the date its earliest outstanding item is due (NULL when nothing is), used to sort,
  filter and find the earliest across sources;
* ``due_at`` - optional, the exact moment, for deadlines that run to the hour (the 72-hour return
  home interview clock). Such a deadline is overdue once the moment has passed, not the day.

Every source is annotated as ``due_<key>`` (and ``due_at_<key>``), so the caseload can say *what*
is next without another query (``next_due_for``). The context carries the acting person so a source
can scope its records the way its own selectors do; the outer query has already limited the rows to
families the person may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Least, NullIf
from django.utils import dateformat, timezone

from relsafe.accounts.people import AnyUser

_FAR_FUTURE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class DueContext:
    """Who is looking and when: sources use it to scope records and to drop past "not before"
    dates."""

    user: AnyUser | None
    today: dt.date
    now: dt.datetime

    @classmethod
    def for_user(cls, user: AnyUser | None) -> DueContext:
        now = timezone.now()
        return cls(user=user, today=timezone.localdate(now), now=now)


ExpressionFactory = Callable[[DueContext], Any]


@dataclass(frozen=True)
class NextDueSource:
    key: str
    label: str
    due_on: ExpressionFactory
    due_at: ExpressionFactory | None = None

    @property
    def on_alias(self) -> str:
        return f"due_{self.key}"

    @property
    def at_alias(self) -> str:
        return f"due_at_{self.key}"


def _family_review(ctx: DueContext) -> Any:
    return F("review_due")


# In registration order; the family's own review date is always there.
NEXT_DUE_SOURCES: dict[str, NextDueSource] = {
    "family_review": NextDueSource("family_review", "Family review due", _family_review),
}


def register_next_due(
    *,
    key: str,
    label: str,
    due_on: ExpressionFactory,
    due_at: ExpressionFactory | None = None,
) -> None:
    """Add (or replace, by key: ``ready()`` may run more than once) a source of due dates."""
    if not key.isidentifier():
        raise ValueError(f"Next-due key must be an identifier: {key!r}")
    NEXT_DUE_SOURCES[key] = NextDueSource(key, label, due_on, due_at)


def _sources() -> list[NextDueSource]:
    """Timed sources first: on a tie for the day, the one with a clock running is the one to show."""
    sources = list(NEXT_DUE_SOURCES.values())
    return [s for s in sources if s.due_at] + [s for s in sources if not s.due_at]


def next_due_expression(ctx: DueContext | None = None) -> Any:
    """The earliest due date over every source, as one expression (used where the per-source
    annotations are not wanted). LEAST treats NULL differently on SQLite and PostgreSQL, so NULLs
    become a far-future date and back again."""
    ctx = ctx or DueContext.for_user(None)
    return _least([s.due_on(ctx) for s in _sources()])


def _least(expressions: list[Any]) -> Any:
    if len(expressions) == 1:
        return expressions[0]
    far = Value(_FAR_FUTURE, output_field=DateField())
    return NullIf(
        Least(*(Coalesce(e, far, output_field=DateField()) for e in expressions)),
        far,
        output_field=DateField(),
    )


def annotate_next_due(families: QuerySet[Any], ctx: DueContext) -> QuerySet[Any]:
    """Add ``due_<key>`` per source and ``next_due`` (the earliest date, selected), and the alias
    ``next_due_overdue`` for filtering (anything past: a date before today, or a timed deadline
    before now). All in the one query.

    Django writes an expression out again wherever an annotation refers to it, so only what must be
    selected is: sort with ``F("next_due").asc(nulls_last=True)``, which orders by the selected
    column's position, and let ``next_due_for`` work out overdue for display in Python.
    """
    sources = _sources()
    annotations: dict[str, Any] = {}
    for source in sources:
        annotations[source.on_alias] = source.due_on(ctx)
        if source.due_at is not None:
            annotations[source.at_alias] = source.due_at(ctx)
    families = families.annotate(**annotations)
    overdue = Q(next_due__lt=ctx.today)
    for source in sources:
        if source.due_at is not None:
            overdue |= Q(**{f"{source.at_alias}__lt": ctx.now})
    annotated: QuerySet[Any] = families.annotate(
        next_due=_least([F(s.on_alias) for s in sources])
    ).alias(
        next_due_overdue=Case(
            When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )
    return annotated


@dataclass(frozen=True)
class NextDue:
    """The one thing to show on a caseload row."""

    key: str
    label: str
    on: dt.date
    at: dt.datetime | None
    overdue: bool

    def when(self, today: dt.date) -> str:
        """'3 Dec', or '28 Nov, 14:00' for a deadline to the hour; the year only when not this one."""
        day_format = "j M" if self.on.year == today.year else "j M Y"
        if self.at is not None:
            return dateformat.format(timezone.localtime(self.at), f"{day_format}, H:i")
        return dateformat.format(self.on, day_format)

    @property
    def iso(self) -> str:
        return (timezone.localtime(self.at) if self.at else self.on).isoformat()


def next_due_for(family: Any, now: dt.datetime | None = None) -> NextDue | None:
    """Which source won for a family annotated by ``annotate_next_due`` (no query), and whether it
    is overdue by the same rule the "Only overdue" filter uses in SQL."""
    best: tuple[NextDueSource, dt.date, dt.datetime | None] | None = None
    for source in _sources():
        on = getattr(family, source.on_alias, None)
        if on is None or (best is not None and on >= best[1]):
            continue
        at = getattr(family, source.at_alias, None) if source.due_at else None
        best = (source, on, at)
    if best is None:
        return None
    source, on, at = best
    now = now or timezone.now()
    overdue = at < now if at is not None else on < timezone.localdate(now)
    return NextDue(source.key, source.label, on, at, overdue)
