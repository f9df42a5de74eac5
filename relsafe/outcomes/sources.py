"""Outcomes computed from the record, never typed, and the registry other apps add theirs to.

An outcome source answers: for these families, which computed outcomes happened (by date)?
``outcomes`` registers three from the record on main:

* ``missing_episodes`` (records.MissingEpisode): missing episodes down;
* ``return_interviews`` (records.ReturnHomeInterview): return home interview done in time;
* ``safety_scale`` (assessments.SafetyMapping): safety scale up, in each voice.

Two registration points are left for the apps being built alongside this one. Justice and the
portal sit *below* outcomes in the layers contract, so they cannot import this module: the merge
that brings them in adds, to ``register_built_in`` below, a function here that reads their models or
selectors (outcomes may import every domain app) and registers it:

* ``register_court_attendance(compute)`` (justice, registered below as ``child_attended_court``,
  from ``justice.selectors.attendance_for_families``): the child's and parent's court attendance,
  as ``ComputedOutcome`` of kinds ``child_attended_court`` / ``parent_attended_court``. A worker
  may also record these by hand; an event and a computed outcome of the same kind, family, young
  person and date count once.
* ``register_parent_measures(compute)`` (the portal's check-ins, now on main and registered below
  as ``parent_check_ins``): each parent's first and latest wellbeing (the check-in's "coping"),
  understanding and confidence (``ParentMeasure``). The dashboards show their change, and
  "parent's wellbeing / understanding / confidence up" are derived from them here.

``compute(families, start, end)`` gets a queryset of families (already scoped by the caller) and
the period, runs a fixed number of queries, and returns plain data with no names or free text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from relsafe.assessments.models import SafetyMapping
from relsafe.cases.models import Family, YoungPerson
from relsafe.outcomes.models import OutcomeKind
from relsafe.portal.models import CheckIn
from relsafe.records.models import RETURN_INTERVIEW_WINDOW, MissingEpisode

# Missing episodes: the six months before the family was opened are the "before"; the time since
# is the "after", once there have been at least three months of it.
BEFORE_SUPPORT = dt.timedelta(days=182)
SETTLING_IN = dt.timedelta(days=91)
DAYS_PER_MONTH = Decimal("30.4375")
MAX_MONTHS_COUNTED = Decimal("12")

SCALE_VOICES: tuple[tuple[str, str, str], ...] = (
    ("worker", "Worker", OutcomeKind.SAFETY_SCALE_UP_WORKER),
    ("parent", "Parent or carer", OutcomeKind.SAFETY_SCALE_UP_PARENT),
    ("young_person", "Young person", OutcomeKind.SAFETY_SCALE_UP_YOUNG_PERSON),
)

PARENT_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("wellbeing", "Wellbeing (how they are coping)", OutcomeKind.PARENT_WELLBEING_UP),
    ("understanding", "Understanding of exploitation", OutcomeKind.PARENT_UNDERSTANDING_UP),
    ("confidence", "Confidence", OutcomeKind.PARENT_CONFIDENCE_UP),
)


@dataclass(frozen=True)
class ComputedOutcome:
    kind: str
    family_id: int
    young_person_id: int | None
    occurred_on: dt.date
    quantity: Decimal = Decimal("1")  # what is costed: 1 outcome, or episodes fewer
    detail: str = ""  # numbers only, for the worker's proof page (never names or notes)


@dataclass(frozen=True)
class ParentMeasure:
    """One parent's first and latest answer to one measure (wellbeing, understanding, confidence)."""

    family_id: int
    measure: str
    first_value: int
    first_on: dt.date
    latest_value: int
    latest_on: dt.date
    scale_max: int = 10


Compute = Callable[[QuerySet[Family], dt.date, dt.date], Iterable[ComputedOutcome]]
MeasuresCompute = Callable[[QuerySet[Family], dt.date, dt.date], Iterable[ParentMeasure]]


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    kinds: tuple[str, ...]
    compute: Compute


SOURCES: dict[str, Source] = {}
MEASURE_SOURCES: dict[str, MeasuresCompute] = {}

COURT_ATTENDANCE = "court_attendance"  # filled by justice
PARENT_MEASURES_SOURCE = "parent_check_ins"  # filled by portal


def register_computed_outcome(
    key: str, label: str, compute: Compute, *, kinds: Iterable[str]
) -> None:
    """Add (or replace, by key) a source of computed outcomes."""
    SOURCES[key] = Source(key=key, label=label, kinds=tuple(kinds), compute=compute)


def register_court_attendance(compute: Compute) -> None:
    """For justice: the child's and the parent's attendance at court, as computed outcomes."""
    register_computed_outcome(
        COURT_ATTENDANCE,
        "Court attendance (from the court record)",
        compute,
        kinds=(OutcomeKind.CHILD_ATTENDED_COURT, OutcomeKind.PARENT_ATTENDED_COURT),
    )


def register_parent_measures(compute: MeasuresCompute) -> None:
    """For the portal's check-ins: each parent's first and latest wellbeing, understanding and
    confidence in the period."""
    MEASURE_SOURCES[PARENT_MEASURES_SOURCE] = compute


def parent_measures(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ParentMeasure]:
    """Every registered parent measure (none until the portal's check-ins are registered)."""
    found: list[ParentMeasure] = []
    for compute in MEASURE_SOURCES.values():
        found.extend(compute(families, start, end))
    return found


def computed_outcomes(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ComputedOutcome]:
    """Every computed outcome dated in the period, from every source."""
    found: list[ComputedOutcome] = []
    for source in SOURCES.values():
        found.extend(
            o for o in source.compute(families, start, end) if start <= o.occurred_on <= end
        )
    return found


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _months(delta: dt.timedelta) -> Decimal:
    return Decimal(delta.days) / DAYS_PER_MONTH


@dataclass(frozen=True)
class MissingRates:
    """One young person's missing episodes before and since support."""

    family_id: int
    young_person_id: int
    before: int
    before_months: Decimal
    after: int
    after_months: Decimal

    @property
    def before_rate(self) -> Decimal:
        return self.before / self.before_months if self.before_months else Decimal("0")

    @property
    def after_rate(self) -> Decimal:
        return self.after / self.after_months if self.after_months else Decimal("0")


def missing_rates(families: QuerySet[Family], end: dt.date) -> list[MissingRates]:
    """For each child of these families: episodes in the six months before the family was opened,
    and episodes from the opening to ``end`` (two queries)."""
    opened = dict(families.values_list("pk", "opened_at"))
    children = YoungPerson.objects.filter(family_id__in=list(opened)).values_list("pk", "family_id")
    episodes: dict[int, list[dt.datetime]] = defaultdict(list)
    for yp_id, reported in MissingEpisode.objects.filter(family_id__in=list(opened)).values_list(
        "young_person_id", "reported_missing_at"
    ):
        episodes[yp_id].append(reported)
    end_at = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    rates = []
    for yp_id, family_id in children:
        start = opened[family_id]
        if start >= end_at:
            continue
        before = sum(1 for t in episodes[yp_id] if start - BEFORE_SUPPORT <= t < start)
        after = sum(1 for t in episodes[yp_id] if start <= t < end_at)
        rates.append(
            MissingRates(
                family_id=family_id,
                young_person_id=yp_id,
                before=before,
                before_months=_months(BEFORE_SUPPORT),
                after=after,
                after_months=_months(end_at - start),
            )
        )
    return rates


def missing_episodes_down(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ComputedOutcome]:
    """A young person who went missing before support, and less often per month since (after at
    least three months of it). Dated three months after the family was opened; the quantity is the
    episodes fewer over the time since (at most twelve months)."""
    opened = dict(families.values_list("pk", "opened_at"))
    found = []
    for rate in missing_rates(families, end):
        if rate.before == 0 or rate.after_months < _months(SETTLING_IN):
            continue
        if rate.after_rate >= rate.before_rate:
            continue
        fewer = (rate.before_rate - rate.after_rate) * min(rate.after_months, MAX_MONTHS_COUNTED)
        found.append(
            ComputedOutcome(
                kind=OutcomeKind.MISSING_EPISODES_DOWN,
                family_id=rate.family_id,
                young_person_id=rate.young_person_id,
                occurred_on=_local_date(opened[rate.family_id] + SETTLING_IN),
                quantity=fewer.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                detail=(
                    f"{rate.before} episode{'s' if rate.before != 1 else ''} in the six months "
                    f"before support ({rate.before_rate:.2f} a month); {rate.after} since "
                    f"({rate.after_rate:.2f} a month)."
                ),
            )
        )
    return found


def return_interviews_in_time(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ComputedOutcome]:
    """Each return home interview held within 72 hours of the young person's return."""
    episodes = MissingEpisode.objects.filter(
        family__in=families,
        returned_at__isnull=False,
        return_interview__done_at__isnull=False,
    ).values_list("family_id", "young_person_id", "returned_at", "return_interview__done_at")
    found = []
    for family_id, yp_id, returned, done in episodes:
        if returned is None or done is None:
            continue
        if done - returned <= RETURN_INTERVIEW_WINDOW:
            hours = int((done - returned).total_seconds() // 3600)
            found.append(
                ComputedOutcome(
                    kind=OutcomeKind.RETURN_INTERVIEW_IN_TIME,
                    family_id=family_id,
                    young_person_id=yp_id,
                    occurred_on=_local_date(done),
                    detail=f"Held {hours} hours after the return.",
                )
            )
    return found


@dataclass(frozen=True)
class ScaleChange:
    family_id: int
    young_person_id: int
    voice: str
    first: int
    first_on: dt.date
    latest: int
    latest_on: dt.date

    @property
    def change(self) -> int:
        return self.latest - self.first


def scale_changes(families: QuerySet[Family], end: dt.date) -> list[ScaleChange]:
    """For each young person and voice with at least two scales by ``end``: the first and the
    latest (one query)."""
    rows = (
        SafetyMapping.objects.filter(family__in=families, mapped_on__lte=end)
        .order_by("young_person_id", "mapped_on", "pk")
        .values_list(
            "family_id",
            "young_person_id",
            "mapped_on",
            *(f"{voice}_scale" for voice, _, _ in SCALE_VOICES),
        )
    )
    series: dict[tuple[int, int, str], list[tuple[dt.date, int]]] = defaultdict(list)
    for family_id, yp_id, mapped_on, *scales in rows:
        for (voice, _, _), value in zip(SCALE_VOICES, scales, strict=True):
            if value is not None:
                series[(family_id, yp_id, voice)].append((mapped_on, value))
    changes = []
    for (family_id, yp_id, voice), points in series.items():
        if len(points) < 2:
            continue
        (first_on, first), (latest_on, latest) = points[0], points[-1]
        changes.append(ScaleChange(family_id, yp_id, voice, first, first_on, latest, latest_on))
    return changes


def safety_scale_up(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ComputedOutcome]:
    """The safety scale higher at the latest mapping than at the first, in each voice."""
    kinds = {voice: kind for voice, _, kind in SCALE_VOICES}
    return [
        ComputedOutcome(
            kind=kinds[c.voice],
            family_id=c.family_id,
            young_person_id=c.young_person_id,
            occurred_on=c.latest_on,
            detail=f"From {c.first} on {c.first_on:%-d %b %Y} to {c.latest} on {c.latest_on:%-d %b %Y}.",
        )
        for c in scale_changes(families, end)
        if c.change > 0
    ]


def parent_measures_up(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ComputedOutcome]:
    """From the registered parent measures: the latest answer higher than the first."""
    kinds = {measure: kind for measure, _, kind in PARENT_MEASURES}
    return [
        ComputedOutcome(
            kind=kinds[m.measure],
            family_id=m.family_id,
            young_person_id=None,
            occurred_on=m.latest_on,
            detail=f"From {m.first_value} to {m.latest_value} out of {m.scale_max}.",
        )
        for m in parent_measures(families, start, end)
        if m.measure in kinds and m.latest_value > m.first_value
    ]


# The portal's check-in scales (1 to 5) and the measure each one is here.
CHECK_IN_MEASURES = (
    ("coping", "wellbeing"),
    ("understanding", "understanding"),
    ("confidence", "confidence"),
)


def parent_check_ins(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ParentMeasure]:
    """From the portal's check-ins (one query): each parent's first and latest answer up to
    ``end``, for each measure, when they have checked in at least twice."""
    end_at = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    rows = (
        CheckIn.objects.filter(family__in=families, recorded_at__lt=end_at)
        .order_by("family_id", "person_id", "recorded_at", "pk")
        .values_list("family_id", "person_id", "recorded_at", *(f for f, _ in CHECK_IN_MEASURES))
    )
    answers: dict[tuple[int, int], list[tuple[dt.date, tuple[int, ...]]]] = defaultdict(list)
    for family_id, person_id, recorded_at, *values in rows:
        answers[(family_id, person_id)].append((_local_date(recorded_at), tuple(values)))
    measures = []
    for (family_id, _), points in answers.items():
        if len(points) < 2:
            continue
        (first_on, first), (latest_on, latest) = points[0], points[-1]
        for n, (_, measure) in enumerate(CHECK_IN_MEASURES):
            measures.append(
                ParentMeasure(family_id, measure, first[n], first_on, latest[n], latest_on, 5)
            )
    return measures


def child_attended_court(
    families: QuerySet[Family], start: dt.date, end: dt.date
) -> list[ComputedOutcome]:
    """Each supported witness's attendance at a hearing, from the court record (justice): one
    outcome per child and hearing day they attended."""
    from relsafe.justice.selectors import attendance_for_families

    seen: set[tuple[int, int, dt.date]] = set()
    found = []
    for event in attendance_for_families(families, start, end):
        key = (event.family_id, event.young_person_id, event.on)
        if not event.attended or key in seen:
            continue
        seen.add(key)
        found.append(
            ComputedOutcome(
                kind=OutcomeKind.CHILD_ATTENDED_COURT,
                family_id=event.family_id,
                young_person_id=event.young_person_id,
                occurred_on=event.on,
                detail=f"hearing {event.hearing_kind}",
            )
        )
    return found


def register_built_in() -> None:
    """The sources the record on main supports (called from ``OutcomesConfig.ready``)."""
    register_court_attendance(child_attended_court)
    register_computed_outcome(
        "missing_episodes",
        "Missing episodes (from the record)",
        missing_episodes_down,
        kinds=(OutcomeKind.MISSING_EPISODES_DOWN,),
    )
    register_computed_outcome(
        "return_interviews",
        "Return home interviews (from the record)",
        return_interviews_in_time,
        kinds=(OutcomeKind.RETURN_INTERVIEW_IN_TIME,),
    )
    register_computed_outcome(
        "safety_scale",
        "Safety scale (from the strengths and worries mappings)",
        safety_scale_up,
        kinds=tuple(kind for _, _, kind in SCALE_VOICES),
    )
    register_computed_outcome(
        "parent_measures",
        "Parent's measures (from the portal check-ins)",
        parent_measures_up,
        kinds=tuple(kind for _, _, kind in PARENT_MEASURES),
    )
    register_parent_measures(parent_check_ins)
