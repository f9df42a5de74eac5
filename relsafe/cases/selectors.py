"""Reads of family cases. Every function takes the acting person and starts from what they may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.access.sections import Section
from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.audit import selectors as audit_selectors
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record
from relsafe.cases import search
from relsafe.cases.changes import annotate_changed_by_others
from relsafe.cases.models import (
    Allocation,
    Carer,
    CaseReferral,
    Family,
    FamilyStatusChange,
    FamilyView,
    HouseholdAddress,
    OrganisationShare,
    SafeContactDecision,
    StrengthEntry,
    YoungPerson,
)
from relsafe.cases.next_due import NEXT_DUE_SOURCES as NEXT_DUE_SOURCES
from relsafe.cases.next_due import (
    DueContext,
    annotate_next_due,
    annotate_stored_next_due,
    refresh_lapsed_next_due,
    stored_overdue,
)
from relsafe.cases.next_due import next_due_expression as next_due_expression
from relsafe.cases.next_due import next_due_for as next_due_for
from relsafe.cases.next_due import register_next_due as register_next_due
from relsafe.cases.services import mark_viewed

SMALL_NUMBER_THRESHOLD = 5  # figures below this are suppressed in cohort reports
CASELOAD_PAGE_SIZE = 25


def _open_allocations() -> Prefetch[Any]:
    return Prefetch(
        "allocations",
        queryset=Allocation.objects.filter(ended_at__isnull=True).select_related("worker"),
        to_attr="open_allocations",
    )


def caseload(*, user: User, stored: bool | None = None) -> QuerySet[Family]:
    """The families this person may see, with what a list needs, in a fixed number of queries:
    ``next_due`` (earliest due date over every registered source, see ``cases.next_due``; which one
    it is comes from ``next_due_for``; ``next_due_overdue`` to filter on), and ``last_viewed`` (when this person
    last opened it)."""
    # A share that does not cover who the children are lists the family without them.
    named = YoungPerson.objects.filter(family__in=policy.families_showing(user, Section.IDENTITY))
    families = (
        policy.visible_families(user)
        .select_related("lead_organisation")
        .prefetch_related(Prefetch("young_people", queryset=named), _open_allocations())
        .annotate(
            last_viewed=Subquery(
                FamilyView.objects.filter(user_id=user.pk, family_id=OuterRef("pk")).values(
                    "viewed_at"
                )[:1]
            ),
        )
        .order_by("name", "pk")
    )
    marked = annotate_changed_by_others(families, user)
    ctx = DueContext.for_user(user)
    if stored is None:
        stored = uses_stored_next_due(user)
    if stored:
        refresh_lapsed_next_due(ctx.today)
        return annotate_stored_next_due(marked, ctx)
    return annotate_next_due(marked, ctx)


# People who may see every record of every family they can open: allocated workers and their
# managers, whose organisation works on the family (records.selectors.record_scope). For them the
# stored next due (computed over all of a family's records) is exactly what the computed one
# would be, and their caseload sorts and filters on indexed columns.
_WHOLE_FAMILY_ROLES = (Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


def uses_stored_next_due(user: User) -> bool:
    """Whether this person's caseload reads the stored next due. Not for anyone who sees part of
    a family's records: the police (shared records only), and anyone holding emergency access
    right now (its families may not be their organisation's, so not all records are theirs)."""
    if user.role not in _WHOLE_FAMILY_ROLES or not user.organisation_id:
        return False
    if not policy.can(user, Action.VIEW_RECORDS):
        return False
    return not policy.holds_break_glass(user)


def team_caseload(*, user: User) -> QuerySet[Family]:
    return caseload(user=user)


def team_workload(*, user: User, stored: bool | None = None) -> list[dict[str, Any]]:
    """Per member of the manager's team: open families, how many they lead, and how many have
    anything overdue (any kind of deadline on the caseload, seen as the manager sees it)."""
    if not user.team_id:
        return []
    from relsafe.accounts.models import User

    ctx = DueContext.for_user(user)
    if stored is None:
        stored = uses_stored_next_due(user)
    open_allocation = Q(allocations__ended_at__isnull=True)
    if stored:
        # Through the allocation's own family (a join per team allocation), not a list of every
        # overdue family in the region, which grows with the region.
        overdue = stored_overdue(ctx, through="allocations__family__")
    else:
        overdue_families = annotate_next_due(Family.objects.all(), ctx).filter(
            next_due_overdue=True
        )
        overdue = Q(allocations__family__in=overdue_families.values("pk"))
    members = (
        User.objects.filter(team_id=user.team_id, is_active=True)
        .annotate(
            open_cases=Count("allocations", filter=open_allocation),
            lead_cases=Count("allocations", filter=open_allocation & Q(allocations__is_lead=True)),
            overdue_cases=Count(
                "allocations",
                filter=open_allocation & overdue,
            ),
        )
        .order_by("full_name")
    )
    return [
        {
            "worker": m,
            "open_cases": m.open_cases,
            "lead_cases": m.lead_cases,
            "overdue_cases": m.overdue_cases,
        }
        for m in members
    ]


def get_family(*, user: User, pk: int, request: HttpRequest | None = None) -> Family:
    """One family, or 404 for anyone without a route to it. Every successful read is audited with
    the reason the person may see it."""
    family = (
        # The stored next due where it is exact for this person (as on their caseload): building
        # the computed one's SQL costs more CPU than the page's other queries together.
        caseload(user=user)
        .prefetch_related(
            "carers",
            Prefetch(
                "shares",
                queryset=OrganisationShare.objects.select_related("organisation", "decided_by"),
            ),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("worker", "worker__organisation"),
                to_attr="all_allocations",
            ),
            Prefetch(
                "status_changes",
                queryset=FamilyStatusChange.objects.select_related("changed_by"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if family is None:
        raise policy.not_found(
            user, Action.VIEW_FAMILY, object_type="cases.family", object_id=pk, request=request
        )
    reason = policy.access_reason(user, family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=family,
        reason=reason.value if reason else "",
    )
    mark_viewed(user=user, family=family)
    return family


def own_family(*, user: User, request: HttpRequest | None = None) -> Family | None:
    """A parent's own family, for the portal start page."""
    family = caseload(user=user, stored=False).first()
    if family is not None:
        record(
            action=AuditAction.VIEW,
            actor=user,
            request=request,
            obj=family,
            reason=policy.AccessReason.OWN_FAMILY.value,
        )
    return family


START_PAGE_ROWS = 10
OPEN_STATUSES = tuple(s for s in Family.Status.values if s != Family.Status.CLOSED)


def due_soonest(*, user: User) -> dict[str, Any]:
    """The open families whose next thing is due soonest (overdue first), for the start page: what
    to do today. The whole caseload, closed families included, is one link away."""
    families = caseload_for(user=user, filters=CaseloadFilters(statuses=OPEN_STATUSES)).families
    return {"caseload": families[:START_PAGE_ROWS], "open_count": families.count()}


def cohort_figures() -> dict[str, Any]:
    """Counts only, with small numbers suppressed: commissioners see no personal data."""
    counts = dict(Family.objects.values_list("status").annotate(n=Count("pk")).order_by())
    rows = []
    for status, label in Family.Status.choices:
        n = counts.get(status, 0)
        rows.append(
            {
                "label": label,
                "count": n if n == 0 or n >= SMALL_NUMBER_THRESHOLD else None,
            }
        )
    return {"rows": rows, "threshold": SMALL_NUMBER_THRESHOLD}


# --- Caseload -------------------------------------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pk"),
    "reference": ("reference",),
    "status": ("status_order", "name", "pk"),
    "next_due": ("next_due", "name", "pk"),  # nothing due last, either way (see caseload_for)
    "changed": ("-updated_at", "pk"),
}


@dataclass(frozen=True)
class CaseloadFilters:
    statuses: tuple[str, ...] = ()
    overdue_only: bool = False
    worker_id: int | None = None
    sort: str = "next_due"
    descending: bool = False


@dataclass
class Caseload:
    families: QuerySet[Family]
    filters: CaseloadFilters
    today: dt.date
    is_manager: bool
    workload: list[dict[str, Any]] = field(default_factory=list)


def caseload_for(*, user: User, filters: CaseloadFilters) -> Caseload:
    """A worker's (or, for managers, the team's) families, filtered and sorted in the database so
    that paging stays constant in queries at any size."""
    today = timezone.localdate()
    stored = uses_stored_next_due(user)
    families = caseload(user=user, stored=stored).annotate(
        status_order=Case(
            *(When(status=s, then=Value(i)) for i, s in enumerate(Family.Status.values)),
            output_field=IntegerField(),
        ),
    )
    if filters.statuses:
        families = families.filter(status__in=filters.statuses)
    if filters.overdue_only and stored:
        families = families.filter(stored_overdue(DueContext.for_user(user)))
    elif filters.overdue_only:
        families = families.filter(next_due_overdue=True)  # type: ignore[misc]
    is_manager = user.role == Role.TEAM_MANAGER
    if filters.worker_id and is_manager:
        families = families.filter(
            allocations__worker_id=filters.worker_id, allocations__ended_at__isnull=True
        ).distinct()
    names = SORTS.get(filters.sort, SORTS["next_due"])
    ordering: list[Any] = []
    for name in names:
        field = F(name.lstrip("-"))
        descending = name.startswith("-") != filters.descending
        ordering.append(field.desc() if descending else field.asc())
    if names[0] == "next_due":
        # By position in the SELECT (no second copy of every source); nothing due sorts last
        # ascending and first descending, as "furthest away".
        due = F("next_due")
        ordering[0] = due.desc(nulls_first=True) if filters.descending else due.asc(nulls_last=True)
    families = families.order_by(*ordering)
    workload = team_workload(user=user, stored=stored) if is_manager else []
    return Caseload(families, filters, today, is_manager, workload)


# --- One child ------------------------------------------------------------------------------------


def get_young_person(*, user: User, pk: int, request: HttpRequest | None = None) -> YoungPerson:
    """A child's profile, or 404 unless the person may see their family and who the child is (a
    share that does not cover identity basics shows no child). Audited like the family."""
    young_person = (
        YoungPerson.objects.filter(
            family__in=policy.families_showing(user, Section.IDENTITY), pk=pk
        )
        .select_related("family")
        .prefetch_related(
            Prefetch("strengths", queryset=StrengthEntry.objects.select_related("recorded_by"))
        )
        .first()
    )
    if young_person is None:
        raise policy.not_found(
            user, Action.VIEW_FAMILY, object_type="cases.youngperson", object_id=pk, request=request
        )
    reason = policy.access_reason(user, young_person.family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=young_person,
        family_id=young_person.family_id,
        reason=reason.value if reason else "",
    )
    mark_viewed(user=user, family=young_person.family)
    return young_person


def get_strength_entry(
    *, user: User, young_person_pk: int, pk: int, request: HttpRequest | None = None
) -> StrengthEntry:
    young_person = get_young_person(user=user, pk=young_person_pk, request=request)
    entry = next((e for e in young_person.strengths.all() if e.pk == pk), None)
    if entry is None:
        raise policy.not_found(
            user,
            Action.VIEW_FAMILY,
            object_type="cases.strengthentry",
            object_id=pk,
            family=young_person.family,
            request=request,
        )
    entry.young_person = young_person
    return entry


def strengths_by_kind(young_person: YoungPerson) -> list[dict[str, Any]]:
    """The profile's strengths sections, in the order the page leads with, empty ones included."""
    entries = list(young_person.strengths.all())
    return [
        {"kind": kind, "label": label, "entries": [e for e in entries if e.kind == kind]}
        for kind, label in StrengthEntry.Kind.choices
    ]


# --- Find and duplicate check ---------------------------------------------------------------------


@dataclass
class FoundFamily:
    family: Family
    score: float
    reasons: list[str] = field(default_factory=list)
    children: list[YoungPerson] = field(default_factory=list)


def _candidate_tokens(yp: YoungPerson) -> list[str]:
    return search.name_tokens(yp.first_name, yp.preferred_name, yp.last_name, *yp.alias_list)


def _alias_reason(query_tokens: tuple[str, ...], yp: YoungPerson) -> str | None:
    alias_tokens = search.name_tokens(*yp.alias_list, yp.preferred_name)
    if alias_tokens and search.score_name(query_tokens, alias_tokens).score >= 95:
        names = ", ".join(filter(None, [yp.preferred_name, *yp.alias_list]))
        return f"Also known as {names}"
    return None


ChildMatch = tuple[YoungPerson, float, list[str]]


def _matching_children(parsed: search.ParsedQuery, visible: QuerySet[Family]) -> list[ChildMatch]:
    """Children in the visible families whose name (or alias) and date of birth match, scored on
    light rows; full records are loaded only for what matched."""
    if not (parsed.tokens or parsed.dates):
        return []
    young_people = YoungPerson.objects.filter(family__in=visible).only(
        "pk", "family_id", "first_name", "preferred_name", "last_name", "aliases", "date_of_birth"
    )
    if parsed.dates:
        young_people = young_people.filter(date_of_birth__in=parsed.dates)
    matched: list[ChildMatch] = []
    for yp in young_people.order_by("pk"):
        reasons: list[str] = []
        score = 100.0
        if parsed.dates:
            reasons.append(f"Date of birth {yp.date_of_birth:%d/%m/%Y}")
        if parsed.tokens:
            match = search.score_name(parsed.tokens, _candidate_tokens(yp))
            if match.score < search.NAME_MATCH_THRESHOLD:
                continue
            score = match.score
            reasons.append(_alias_reason(parsed.tokens, yp) or search.describe_name_match(match))
        matched.append((yp, score, reasons))
    return matched


def _matching_family_names(
    parsed: search.ParsedQuery, visible: QuerySet[Family], skip: set[int]
) -> dict[int, tuple[float, str]]:
    """Families whose own name matches a name-only search (not those a child already matched)."""
    if not parsed.tokens or parsed.dates:
        return {}
    matches: dict[int, tuple[float, str]] = {}
    for pk, name in visible.values_list("pk", "name").order_by("pk"):
        if pk in skip:
            continue
        family_match = search.score_name(parsed.tokens, search.name_tokens(name))
        if family_match.score >= search.NAME_MATCH_THRESHOLD:
            described = search.describe_name_match(family_match)
            matches[pk] = (family_match.score, "Family " + described[0].lower() + described[1:])
    return matches


def _found_by_name(
    matched: list[ChildMatch], family_matches: dict[int, tuple[float, str]]
) -> dict[int, FoundFamily]:
    found: dict[int, FoundFamily] = {}
    families = Family.objects.prefetch_related("young_people").in_bulk(
        {yp.family_id for yp, _, _ in matched} | set(family_matches)
    )
    for yp, score, reasons in matched:
        family = families[yp.family_id]
        entry = found.setdefault(family.pk, FoundFamily(family, score))
        entry.score = max(entry.score, score)
        entry.children.append(next(c for c in family.young_people.all() if c.pk == yp.pk))
        for reason in reasons:
            if reason not in entry.reasons:
                entry.reasons.append(reason)
    for pk, (score, reason) in family_matches.items():
        family = families[pk]
        found[pk] = FoundFamily(family, score, [reason], list(family.young_people.all()))
    return found


def find_families(
    *, user: User, query: str, request: HttpRequest | None = None, limit: int = 50
) -> list[FoundFamily]:
    """Families this person may see whose child, alias, date of birth, reference or family name
    matches, best first, each with the reason it matched. Audited as a SEARCH with the number of
    results (never the words searched, which may name a child)."""
    parsed = search.parse_query(query)
    found: dict[int, FoundFamily] = {}
    if not parsed.is_empty:
        visible = policy.visible_families(user)
        matched = _matching_children(parsed, visible)
        family_matches = _matching_family_names(
            parsed, visible, skip={yp.family_id for yp, _, _ in matched}
        )
        found = _found_by_name(matched, family_matches)
        if parsed.references:
            for family in visible.filter(reference__in=parsed.references):
                entry = found.setdefault(family.pk, FoundFamily(family, 100.0))
                entry.score = 100.0
                entry.reasons.insert(0, f"Family reference {family.reference}")
    results = sorted(found.values(), key=lambda f: (-f.score, f.family.name))[:limit]
    record(
        action=AuditAction.SEARCH,
        actor=user,
        request=request,
        object_type="cases.family",
        detail={"results": len(results)},
    )
    return results


@dataclass
class DuplicateCheck:
    """Possible existing records of the same child: the ones this person may open, and whether
    there are others they may not (said without any detail: ask a manager).

    ``limited`` is set when the person has run ``DUPLICATE_CHECKS_PER_HOUR`` checks in the last
    hour: then only families they may see were checked, and ``hidden_exists`` says nothing."""

    visible: list[FoundFamily]
    hidden_exists: bool
    limited: bool = False

    @property
    def any(self) -> bool:
        return bool(self.visible) or self.hidden_exists


DUPLICATE_SAME_DOB_THRESHOLD = 70.0
DUPLICATE_NEAR_DOB_THRESHOLD = 88.0
DUPLICATE_CHECK_REASON = "duplicate check before opening a family"
DUPLICATE_CHECK_LIMITED_REASON = (
    "duplicate check over the hourly limit: only families this person works with were checked"
)
_DUPLICATE_CHECK_REASONS = (DUPLICATE_CHECK_REASON, DUPLICATE_CHECK_LIMITED_REASON)


def _duplicate_checks(since: dt.datetime) -> QuerySet[AuditEvent]:
    """Every duplicate check since then, read from the audit trail (each check writes one entry,
    so the trail is the count and nothing else has to be kept)."""
    return AuditEvent.objects.filter(
        action=AuditAction.SEARCH,
        object_type="cases.youngperson",
        reason__in=_DUPLICATE_CHECK_REASONS,
        occurred_at__gte=since,
    )


def duplicate_checks_in_last_hour(*, user: User) -> int:
    return (
        _duplicate_checks(timezone.now() - dt.timedelta(hours=1)).filter(actor_id=user.pk).count()
    )


def possible_duplicates(
    *,
    user: User,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date,
    request: HttpRequest | None = None,
) -> DuplicateCheck:
    """Search ALL families (not only visible ones) for the same child before a new case is opened.
    Blocking: same date of birth (or day and month swapped), or a date of birth within a year and
    a surname starting with the same letter; then token-wise name scoring.

    Saying "this child is known elsewhere" is itself information, so each person may run
    ``DUPLICATE_CHECKS_PER_HOUR`` checks an hour across all records. Past that, the check still
    runs over the families they may see (nothing is revealed), the page says other records were
    not checked, the family can still be opened, and the audit entry says the limit was reached
    (managers see it: ``duplicate_check_use``)."""
    query_tokens = tuple(search.name_tokens(first_name, last_name))
    limited = duplicate_checks_in_last_hour(user=user) >= settings.DUPLICATE_CHECKS_PER_HOUR
    swapped: list[dt.date] = []
    if date_of_birth.day <= 12 and date_of_birth.day != date_of_birth.month:
        swapped.append(date_of_birth.replace(day=date_of_birth.month, month=date_of_birth.day))
    year = dt.timedelta(days=366)
    blocking = Q(date_of_birth__in=[date_of_birth, *swapped])
    initial = search.normalise(last_name)[:1]
    if initial:
        blocking |= Q(
            date_of_birth__range=(date_of_birth - year, date_of_birth + year),
            last_name__istartswith=initial,
        )
    candidates = YoungPerson.objects.filter(blocking)
    if limited:
        candidates = candidates.filter(family__in=policy.visible_families(user))
    matches: dict[int, FoundFamily] = {}
    for yp in candidates.select_related("family").order_by("pk"):
        match = search.score_name(query_tokens, _candidate_tokens(yp))
        same_dob = yp.date_of_birth == date_of_birth
        if same_dob and match.score >= DUPLICATE_SAME_DOB_THRESHOLD:
            reason = f"Same date of birth; {search.describe_name_match(match).lower()}"
        elif match.score >= DUPLICATE_NEAR_DOB_THRESHOLD:
            reason = (
                f"{search.describe_name_match(match)}; date of birth {yp.date_of_birth:%d/%m/%Y}"
            )
        else:
            continue
        entry = matches.setdefault(yp.family_id, FoundFamily(yp.family, match.score))
        entry.children.append(yp)
        entry.reasons.append(reason)
    visible_ids = set(
        policy.visible_families(user).filter(pk__in=list(matches)).values_list("pk", flat=True)
    )
    visible = sorted((m for pk, m in matches.items() if pk in visible_ids), key=lambda m: -m.score)
    hidden = len(matches) - len(visible)
    record(
        action=AuditAction.SEARCH,
        actor=user,
        request=request,
        object_type="cases.youngperson",
        reason=DUPLICATE_CHECK_LIMITED_REASON if limited else DUPLICATE_CHECK_REASON,
        detail={"results": len(visible), "limit_reached": True}
        if limited
        else {"results": len(visible), "hidden_matches": hidden},
    )
    return DuplicateCheck(visible=visible, hidden_exists=hidden > 0, limited=limited)


@dataclass(frozen=True)
class DuplicateCheckUse:
    """One person's duplicate checks over the last week, shown to their manager."""

    person: User
    checks: int
    limit_reached: int
    last_check: dt.datetime


DUPLICATE_CHECK_USE_DAYS = 7


def duplicate_check_use(
    *, user: User, request: HttpRequest | None = None
) -> list[DuplicateCheckUse]:
    """For a team manager: people in their team who reached the hourly limit on duplicate checks
    in the last week, or ran at least ``DUPLICATE_CHECKS_UNUSUAL_PER_WEEK`` of them. A check tells
    whether a named child is known anywhere, so a run of them can be someone looking for a child
    rather than opening a family. Reading it is audited (it comes from the audit trail)."""
    if user.role != Role.TEAM_MANAGER or not user.team_id:
        return []
    from relsafe.accounts.models import User

    team = User.objects.filter(team_id=user.team_id).values("pk")
    since = timezone.now() - dt.timedelta(days=DUPLICATE_CHECK_USE_DAYS)
    counts = (
        _duplicate_checks(since)
        .filter(actor_id__in=team)
        .values("actor_id")
        .annotate(
            checks=Count("id"),
            limit_reached=Count("id", filter=Q(reason=DUPLICATE_CHECK_LIMITED_REASON)),
            last_check=Max("occurred_at"),
        )
        .filter(Q(limit_reached__gt=0) | Q(checks__gte=settings.DUPLICATE_CHECKS_UNUSUAL_PER_WEEK))
    )
    rows = {row["actor_id"]: row for row in counts}
    if not rows:
        return []
    people = User.objects.in_bulk(list(rows))
    found = sorted(
        (
            DuplicateCheckUse(
                person=people[pk],
                checks=row["checks"],
                limit_reached=row["limit_reached"],
                last_check=row["last_check"],
            )
            for pk, row in rows.items()
            if pk in people
        ),
        key=lambda r: (-r.limit_reached, -r.checks, r.person.full_name),
    )
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="cases.duplicate_check_use",
        reason="unusual duplicate checks shown to a team manager",
        detail={"people": len(found)},
    )
    return found


def get_share(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> OrganisationShare:
    """One share of a family the person may open; an id under another family is a 404 (audited)."""
    family = get_family(user=user, pk=family_pk, request=request)
    share = next((s for s in family.shares.all() if s.pk == pk), None)
    if share is None:
        raise policy.not_found(
            user,
            Action.SHARE,
            object_type="cases.organisationshare",
            object_id=pk,
            family=family,
            request=request,
        )
    share.family = family
    return share


def share_choices(*, family: Family) -> QuerySet[Any]:
    """Organisations the family could be shared with: not its own, not one it is shared with now."""
    from relsafe.accounts.models import Organisation

    live = OrganisationShare.objects.filter(family=family, revoked_at__isnull=True).values(
        "organisation_id"
    )
    return Organisation.objects.exclude(pk=family.lead_organisation_id).exclude(pk__in=live)


def current_safe_contact(person: Any) -> SafeContactDecision | None:
    """The decision in force for one family member (their latest), or None: no decision means
    nothing may be sent and nobody should ring. For services that notify; not a page read."""
    field_name = "carer" if person._meta.model_name == "carer" else "young_person"
    return (
        SafeContactDecision.objects.filter(**{field_name: person})
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def safe_contacts_for_family(*, user: User, family: Family) -> dict[str, SafeContactDecision]:
    """The decision in force for each family member, keyed ``carer:<pk>`` / ``young_person:<pk>``,
    in one query. The family must already have been opened through ``get_family`` (which audits
    the read); this checks access again rather than trust the caller."""
    if not policy.can_view_family(user, family):
        raise policy.not_found(
            user, Action.VIEW_FAMILY, object_type="cases.family", object_id=family.pk
        )
    current: dict[str, SafeContactDecision] = {}
    decisions = SafeContactDecision.objects.filter(family=family).select_related("decided_by")
    for decision in decisions.order_by("-decided_at", "-pk"):
        key = (
            f"carer:{decision.carer_id}"
            if decision.carer_id
            else f"young_person:{decision.young_person_id}"
        )
        current.setdefault(key, decision)
    return current


# --- Who has viewed this family (over the audit trail) -------------------------------------------


@dataclass(frozen=True)
class FamilyAccessLog:
    """Every audit entry about one family, newest first, and how to name the family on the page."""

    family_id: int
    reference: str
    name: str
    events: QuerySet[AuditEvent]


def family_access_log(
    *, user: User, family_pk: int, request: HttpRequest | None = None
) -> FamilyAccessLog:
    """Who viewed or changed this family's record, and why.

    A team manager sees it only for a family the access policy lets them open (through
    ``get_family``, which 404s and audits). An administrator reviews the trail and sees the
    family's reference, not its name: the log is about access, not the case. The read is recorded
    against the family, so it appears in the very list it shows.
    """

    def refused() -> Exception:
        return policy.not_found(
            user,
            Action.VIEW_ACCESS_LOG,
            object_type="cases.family",
            object_id=family_pk,
            request=request,
        )

    if not policy.can(user, Action.VIEW_ACCESS_LOG):
        raise refused()
    if getattr(user, "role", None) == Role.ADMINISTRATOR:
        reference = (
            Family.objects.filter(pk=family_pk).values_list("reference", flat=True).first() or ""
        )
        if not reference and not audit_selectors.mentions_family(family_id=family_pk):
            raise refused()
        name = ""
        reason = "administrator reviewing the audit trail"
    else:
        family = get_family(user=user, pk=family_pk, request=request)
        if not policy.can(user, Action.VIEW_ACCESS_LOG, family=family):
            raise refused()
        reference, name = family.reference, family.name
        reason = "team manager reviewing who has seen a family their team works with"
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        object_type="audit.auditevent",
        object_id=f"family:{family_pk}",
        family_id=family_pk,
        reason=reason,
    )
    events = audit_selectors.family_trail(family_id=family_pk)
    return FamilyAccessLog(family_id=family_pk, reference=reference, name=name, events=events)


# --- The case header (issue 16) -------------------------------------------------------------------


@dataclass
class CaseHeader:
    """What the case header shows from ``cases`` itself: the children in the household now, the
    lead worker, this app's flags (interpreter needed, legal status) and, for those who work with
    the family, how to reach each parent or carer safely (the decision in force, or none)."""

    children: list[YoungPerson]
    lead_worker: User | None
    flags: list[Any]
    safe_reach: list[tuple[Carer, SafeContactDecision | None]]


def in_household_on(day: dt.date) -> Q:
    """Children still in the household on that day (``left_on`` unset or later)."""
    return Q(left_on__isnull=True) | Q(left_on__gt=day)


def carers_on(day: dt.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gt=day)


def case_header(*, user: User, family: Family) -> CaseHeader:
    """For a family the page has already opened through its own selector (which audited the
    read): four queries at most, whatever the family's size. Access is asked again here, for the
    kind of work only, before anything about reaching the family is read."""
    from relsafe.cases.family_page import CaseFlag

    today = timezone.localdate()
    children = list(
        YoungPerson.objects.filter(in_household_on(today), family=family).order_by(
            "date_of_birth", "pk"
        )
    )
    lead = (
        Allocation.objects.filter(family=family, ended_at__isnull=True, is_lead=True)
        .select_related("worker")
        .order_by("-started_at")
        .first()
    )
    flags: list[Any] = []
    safe_reach: list[tuple[Carer, SafeContactDecision | None]] = []
    if policy.can(user, Action.VIEW_HOUSEHOLD):
        carers = list(Carer.objects.filter(carers_on(today), family=family).order_by("pk"))
        current: dict[int, SafeContactDecision] = {}
        decisions = SafeContactDecision.objects.filter(
            family=family, carer__isnull=False
        ).select_related("decided_by")
        for decision in decisions.order_by("-decided_at", "-pk"):
            current.setdefault(decision.carer_id, decision)  # type: ignore[arg-type]
        safe_reach = [(c, current.get(c.pk)) for c in carers]
        people: list[Carer | YoungPerson] = [*carers, *children]
        needing = [p for p in people if p.interpreter_needed]
        if needing:
            names = ", ".join(
                f"{_person_name(p)}{f' ({p.preferred_language})' if p.preferred_language else ''}"
                for p in needing
            )
            flags.append(CaseFlag("Interpreter needed", names, "orange"))
    flags.extend(
        CaseFlag("Legal status", f"{c.short_name}: {c.get_legal_status_display()}", "blue")
        for c in children
        if c.legal_status
    )
    return CaseHeader(
        children=children,
        lead_worker=lead.worker if lead else None,
        flags=flags,
        safe_reach=safe_reach,
    )


def _person_name(person: Carer | YoungPerson) -> str:
    return person.full_name if isinstance(person, Carer) else person.short_name


# --- The household and the referral (issue 16) ----------------------------------------------------


@dataclass
class HouseholdMember:
    person: Carer | YoungPerson
    key: str  # "carer:<pk>" / "young_person:<pk>", as safe_contacts_for_family keys them
    addresses: list[HouseholdAddress]
    safe_contact: SafeContactDecision | None
    in_household: bool


@dataclass
class Household:
    family: Family
    carers: list[HouseholdMember]
    children: list[HouseholdMember]

    @property
    def former(self) -> list[HouseholdMember]:
        return [m for m in (*self.carers, *self.children) if not m.in_household]


def household(*, user: User, family_pk: int, request: HttpRequest | None = None) -> Household:
    """Everyone who is or was in the household, with their addresses (newest first) and the
    safe-contact decision in force, in a fixed number of queries. Only those whose work is with
    the family see how to reach them (``Action.VIEW_HOUSEHOLD``); the read is audited."""
    family = get_family(user=user, pk=family_pk, request=request)
    if not policy.can(user, Action.VIEW_HOUSEHOLD, family=family):
        raise policy.not_found(
            user,
            Action.VIEW_HOUSEHOLD,
            object_type="cases.family",
            object_id=family_pk,
            family=family,
            request=request,
        )
    today = timezone.localdate()
    addresses: dict[str, list[HouseholdAddress]] = {}
    for address in HouseholdAddress.objects.filter(family=family).order_by("-lived_from", "-pk"):
        key = (
            f"carer:{address.carer_id}"
            if address.carer_id
            else f"young_person:{address.young_person_id}"
        )
        addresses.setdefault(key, []).append(address)
    safe = safe_contacts_for_family(user=user, family=family)

    def member(person: Carer | YoungPerson, key: str, ended: dt.date | None) -> HouseholdMember:
        return HouseholdMember(
            person=person,
            key=key,
            addresses=addresses.get(key, []),
            safe_contact=safe.get(key),
            in_household=ended is None or ended > today,
        )

    carers = [
        member(c, f"carer:{c.pk}", c.ended_on)
        for c in Carer.objects.filter(family=family).order_by("ended_on", "pk")
    ]
    children = [
        member(c, f"young_person:{c.pk}", c.left_on)
        for c in YoungPerson.objects.filter(family=family).order_by("date_of_birth", "pk")
    ]
    return Household(family=family, carers=carers, children=children)


def get_carer(*, user: User, family_pk: int, pk: int, request: HttpRequest | None = None) -> Carer:
    """One parent or carer of a family the person may open, or a 404 (audited)."""
    family = get_family(user=user, pk=family_pk, request=request)
    carer = next((c for c in family.carers.all() if c.pk == pk), None)
    if carer is None:
        raise policy.not_found(
            user,
            Action.VIEW_FAMILY,
            object_type="cases.carer",
            object_id=pk,
            family=family,
            request=request,
        )
    carer.family = family
    return carer


def get_household_child(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> YoungPerson:
    """One child of a family the person may open (by the family in the URL), or a 404."""
    family = get_family(user=user, pk=family_pk, request=request)
    child = next((c for c in family.young_people.all() if c.pk == pk), None)
    if child is None:
        raise policy.not_found(
            user,
            Action.VIEW_FAMILY,
            object_type="cases.youngperson",
            object_id=pk,
            family=family,
            request=request,
        )
    child.family = family
    return child


def case_referrals(*, user: User, family: Family) -> list[CaseReferral]:
    """How the case arrived, oldest first, for a family the page already opened (and audited)."""
    if not policy.can_view_family(user, family):
        raise policy.not_found(
            user, Action.VIEW_FAMILY, object_type="cases.family", object_id=family.pk
        )
    return list(
        CaseReferral.objects.filter(family=family)
        .select_related("decided_by", "recorded_by")
        .order_by("received_on", "pk")
    )


def get_case_referral(
    *, user: User, family_pk: int, pk: int, request: HttpRequest | None = None
) -> CaseReferral:
    family = get_family(user=user, pk=family_pk, request=request)
    referral = next((r for r in case_referrals(user=user, family=family) if r.pk == pk), None)
    if referral is None:
        raise policy.not_found(
            user,
            Action.VIEW_FAMILY,
            object_type="cases.casereferral",
            object_id=pk,
            family=family,
            request=request,
        )
    referral.family = family
    return referral
