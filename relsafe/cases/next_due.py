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

**Kept as data.** Computing every source per family at request time makes a manager's caseload
grow with the team (issue 13), so the winner is also stored on the family (``Family.next_due_on``,
``next_due_at``, ``next_due_key``, ``next_due_lapses``) as everyone working on the family sees it
(``DueContext.everyone``: all of its records). The caseload sorts and filters on those columns
(indexed) for people who see every record of the families they open; anyone who sees only part
of a family's records (police, emergency access) keeps the computed path, so nothing they may
not see moves their list.

The stored value is kept current by the writes it depends on: each app declares its models with
``watch_next_due(Model, family_of=...)`` next to its ``register_next_due`` (so ``cases`` still
imports no higher app), and every ``save``, ``delete`` and versioned update
(``core.concurrency.row_updated``) of a watched row recomputes that family (``refresh_next_due``).
A write that bypasses all three (a bare ``QuerySet.update``) calls ``refresh_next_due`` itself.
Two things change with time alone and are handled where read: a deadline to the hour becomes
overdue by its stored moment, and a passed "not before" date (``lapses=True``) is recomputed by
``refresh_lapsed_next_due`` before a caseload is listed (an indexed lookup that finds nothing on
almost every request). ``manage.py recompute_next_due`` recomputes every family, for repair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import BooleanField, Case, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Least, NullIf
from django.db.models.signals import post_delete, post_save
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
    # For the stored value: every record of the family counts, whoever recorded it.
    all_records: bool = False

    @classmethod
    def for_user(cls, user: AnyUser | None) -> DueContext:
        now = timezone.now()
        return cls(user=user, today=timezone.localdate(now), now=now)

    @classmethod
    def everyone(cls) -> DueContext:
        """What everyone working on the family sees: the context the stored value is computed in."""
        now = timezone.now()
        return cls(user=None, today=timezone.localdate(now), now=now, all_records=True)


ExpressionFactory = Callable[[DueContext], Any]


@dataclass(frozen=True)
class NextDueSource:
    key: str
    label: str
    due_on: ExpressionFactory
    due_at: ExpressionFactory | None = None
    lapses: bool = False  # a "not before" date: dropped once passed, never overdue

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
    lapses: bool = False,
) -> None:
    """Add (or replace, by key: ``ready()`` may run more than once) a source of due dates.

    ``lapses``: the date is a "not before" (dropped once passed, never overdue); the source must
    leave out passed dates itself (``ctx.today``). Registering after start-up (tests, a plugin
    loaded late) recomputes every stored next due, as what it is made of has changed."""
    if not key.isidentifier():
        raise ValueError(f"Next-due key must be an identifier: {key!r}")
    NEXT_DUE_SOURCES[key] = NextDueSource(key, label, due_on, due_at, lapses)
    if apps.ready:
        refresh_next_due(None)


FamilyOf = Callable[[Any], int | None]


def watch_next_due(model: type[models.Model], family_of: FamilyOf) -> None:
    """Recompute the stored next due of the family a row of ``model`` belongs to whenever such a
    row is saved, deleted or updated through ``core.concurrency`` (``family_of(row)`` gives the
    family's id, or None). Called by the app that registers a source, for each model it reads."""
    from relsafe.core.concurrency import row_updated

    def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # loading fixtures: rows may arrive before what they point at
            return
        family_id = family_of(instance)
        if family_id is not None:
            refresh_next_due([family_id])

    uid = f"next_due:{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    row_updated.connect(changed, sender=model, weak=False, dispatch_uid=uid)


StoredNextDue = tuple[dt.date | None, dt.datetime | None, str, bool]


def computed_next_due(families: QuerySet[Any]) -> dict[int, StoredNextDue]:
    """What the stored columns should hold for these families, computed now from every source
    (``DueContext.everyone``). Used to write them and, in tests, to check them."""
    ctx = DueContext.everyone()
    rows = annotate_next_due(families.order_by().only("pk"), ctx)
    result: dict[int, StoredNextDue] = {}
    for family in rows:
        due = next_due_for(family, ctx.now)
        if due is None:
            result[family.pk] = (None, None, "", False)
        else:
            lapses = NEXT_DUE_SOURCES[due.key].lapses if due.key in NEXT_DUE_SOURCES else False
            result[family.pk] = (due.on, due.at, due.key, lapses)
    return result


def stored_next_due(families: QuerySet[Any]) -> dict[int, StoredNextDue]:
    """What the stored columns hold, in the shape of ``computed_next_due``."""
    return {
        pk: (on, at, key, lapses)
        for pk, on, at, key, lapses in families.order_by().values_list(
            "pk", "next_due_on", "next_due_at", "next_due_key", "next_due_lapses"
        )
    }


def refresh_next_due(family_ids: list[int] | None, *, chunk: int = 2000) -> int:
    """Recompute and store the next due of these families (None: every family). Returns how many
    rows changed. Writes only rows whose value differs."""
    from relsafe.cases.models import Family

    ids = family_ids
    if ids is None:
        ids = list(Family.objects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), chunk):
        part = Family.objects.filter(pk__in=ids[start : start + chunk])
        wanted = computed_next_due(part)
        have = stored_next_due(part)
        with transaction.atomic():
            for pk, (on, at, key, lapses) in wanted.items():
                if have.get(pk) == (on, at, key, lapses):
                    continue
                Family.objects.filter(pk=pk).update(
                    next_due_on=on, next_due_at=at, next_due_key=key, next_due_lapses=lapses
                )
                changed += 1
    return changed


def refresh_lapsed_next_due(today: dt.date | None = None) -> int:
    """Move on from stored "not before" dates that have passed (indexed; usually finds none)."""
    from relsafe.cases.models import Family

    today = today or timezone.localdate()
    stale = list(
        Family.objects.filter(next_due_lapses=True, next_due_on__lt=today).values_list(
            "pk", flat=True
        )
    )
    return refresh_next_due(stale) if stale else 0


def _family_changed(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    if created or fields is None or "review_due" in fields:
        refresh_next_due([instance.pk])


def connect_family() -> None:
    """The family's own review date is a source too (called from ``CasesConfig.ready``)."""
    post_save.connect(
        _family_changed, sender="cases.Family", weak=False, dispatch_uid="next_due:family"
    )


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


def annotate_stored_next_due(families: QuerySet[Any], ctx: DueContext) -> QuerySet[Any]:
    """The stored next due as ``next_due`` (and the alias ``next_due_overdue``), the same names
    ``annotate_next_due`` gives, read from indexed columns instead of computed per family."""
    annotated: QuerySet[Any] = families.annotate(next_due=F("next_due_on")).alias(
        next_due_overdue=Case(
            When(Q(next_due_on__lt=ctx.today) | Q(next_due_at__lt=ctx.now), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return annotated


def stored_overdue(ctx: DueContext, through: str = "") -> Q:
    """The "Only overdue" filter on the stored columns, as a plain condition (index-friendly);
    ``through`` reaches the family from another model (``"allocations__family__"``)."""
    return Q(**{f"{through}next_due_on__lt": ctx.today}) | Q(
        **{f"{through}next_due_at__lt": ctx.now}
    )


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
    is overdue by the same rule the "Only overdue" filter uses in SQL. A family read without the
    per-source annotations gives its stored next due."""
    if "due_family_review" not in family.__dict__:
        return _stored_for(family, now)
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


def _stored_for(family: Any, now: dt.datetime | None) -> NextDue | None:
    on: dt.date | None = getattr(family, "next_due_on", None)
    if on is None:
        return None
    at: dt.datetime | None = family.next_due_at
    key: str = family.next_due_key
    source = NEXT_DUE_SOURCES.get(key)
    now = now or timezone.now()
    overdue = at < now if at is not None else on < timezone.localdate(now)
    return NextDue(key, source.label if source else key, on, at, overdue)
