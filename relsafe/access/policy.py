"""The one place that decides who may see which family, and who may do what. Deny by default.

Two questions, answered only here:

* **Which families may this person open?** ``visible_families(user)`` ORs the routes to a family
  (allocation, team, sharing, break-glass, own family). Every selector that returns case data
  starts from it.
* **May this person do this action (on this family, this record)?** ``can(user, Action.X,
  family=..., record=...)`` for views and templates (``{% may %}`` in ``access_tags``);
  ``require(...)`` inside every service that changes case data, which audits a refusal and raises
  ``NotAllowed``. Roles (``accounts/roles.py``) say what kind of work a person does; ``RULES``
  below combines them with the routes, so no view, template or service compares roles itself.

Nothing is kept across requests: removing an allocation or ending a share takes effect on the
next request. Within one request that only reads (GET or HEAD), each answer about a route to a
family is worked out once (``PolicyPerRequest``); any change to what the routes are built from
forgets them at once, in any request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, ParamSpec, TypeGuard, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from relsafe.access.models import BreakGlassGrant
from relsafe.access.sections import (
    CONTENT_FREE_FIELDS,
    EVERY_SECTION,
    NOTHING,
    YOUNG_PERSON_FIELDS,
    Section,
    clean_scopes,
)
from relsafe.accounts.models import User
from relsafe.accounts.people import AnyUser
from relsafe.accounts.roles import BREAK_GLASS_ROLES, CASEWORK_ROLES, Role
from relsafe.audit.models import AuditEvent
from relsafe.audit.services import record_refusal
from relsafe.cases.models import Allocation, Carer, Family, OrganisationShare, YoungPerson

P = ParamSpec("P")
T = TypeVar("T")


class AccessReason(StrEnum):
    """Why a person may see a family; recorded in the audit trail with every read."""

    ALLOCATED = "allocated to the case"
    TEAM_MANAGER = "manages an allocated worker's team"
    SHARED_WITH_ORGANISATION = "shared with their organisation"
    BREAK_GLASS = "break-glass access"
    OWN_FAMILY = "their own family"


def _active(user: AnyUser | None) -> TypeGuard[User]:
    return bool(isinstance(user, User) and user.is_authenticated and user.is_active)


def _route_sources(user: User) -> list[tuple[AccessReason, QuerySet[Any]]]:
    """Each route to a family, as a query of family ids, in the order reasons are reported."""
    now = timezone.now()
    routes: list[tuple[AccessReason, QuerySet[Any]]] = []
    if user.role in (Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        routes.append(
            (
                AccessReason.ALLOCATED,
                Allocation.objects.filter(worker=user, ended_at__isnull=True),
            )
        )
    if user.role == Role.TEAM_MANAGER and user.team_id:
        routes.append(
            (
                AccessReason.TEAM_MANAGER,
                Allocation.objects.filter(
                    worker__team_id=user.team_id, worker__is_active=True, ended_at__isnull=True
                ),
            )
        )
    if user.role == Role.POLICE_ANALYST and user.organisation_id:
        routes.append(
            (
                AccessReason.SHARED_WITH_ORGANISATION,
                OrganisationShare.objects.filter(
                    organisation_id=user.organisation_id, revoked_at__isnull=True
                ),
            )
        )
    if user.role in BREAK_GLASS_ROLES:
        routes.append(
            (
                AccessReason.BREAK_GLASS,
                BreakGlassGrant.objects.filter(
                    user=user, ended_at__isnull=True, started_at__lte=now, expires_at__gt=now
                ),
            )
        )
    if user.role == Role.PARENT:
        routes.append((AccessReason.OWN_FAMILY, Carer.objects.filter(portal_user=user)))
    if user.role == Role.YOUNG_PERSON:
        routes.append((AccessReason.OWN_FAMILY, YoungPerson.objects.filter(portal_user=user)))
    return [(reason, rows.order_by().values("family_id")) for reason, rows in routes]


def _reason_filters(user: User) -> list[tuple[AccessReason, Q]]:
    """Each route to a family, as a filter on Family, in the order reasons are reported."""
    return [(reason, Q(pk__in=ids)) for reason, ids in _route_sources(user)]


def _any_of(sources: list[QuerySet[Any]]) -> Q:
    """Families reached by any of these routes: one ``IN`` over a UNION of the routes' family ids,
    which the database answers from the few ids (an index lookup each). An OR of one ``IN`` per
    route made PostgreSQL read every family to test each (5.7 ms against 0.5 ms at 50,000)."""
    if len(sources) == 1:
        return Q(pk__in=sources[0])
    return Q(pk__in=sources[0].union(*sources[1:]))


def visible_families(user: AnyUser | None) -> QuerySet[Family]:
    """Families this person may open right now; empty for anyone with no route."""
    if not _active(user):
        return Family.objects.none()
    routes = _route_sources(user)
    if not routes:
        return Family.objects.none()
    return Family.objects.filter(_any_of([ids for _, ids in routes]))


def access_reason(user: AnyUser | None, family: Family) -> AccessReason | None:
    """The first route by which this person may see this family, or None."""
    if not _active(user):
        return None
    return kept_for_request(("reason", user.pk, family.pk), lambda: _first_route(user, family))


def _first_route(user: User, family: Family) -> AccessReason | None:
    for reason, condition in _reason_filters(user):
        if Family.objects.filter(condition, pk=family.pk).exists():
            return reason
    return None


def can_view_family(user: AnyUser | None, family: Family) -> bool:
    return access_reason(user, family) is not None


def live_break_glass(user: AnyUser | None, family: Family) -> BreakGlassGrant | None:
    if not _active(user):
        return None
    now = timezone.now()
    return (
        BreakGlassGrant.objects.filter(
            user=user, family=family, ended_at__isnull=True, started_at__lte=now, expires_at__gt=now
        )
        .order_by("-started_at")
        .first()
    )


def holds_break_glass(user: AnyUser | None) -> bool:
    """Whether this person has any emergency access open right now (one indexed query)."""
    if not _active(user) or user.role not in BREAK_GLASS_ROLES:
        return False

    def any_live() -> bool:
        now = timezone.now()
        return BreakGlassGrant.objects.filter(
            user=user, ended_at__isnull=True, started_at__lte=now, expires_at__gt=now
        ).exists()

    return kept_for_request(("break_glass", user.pk), any_live)


def break_glass_candidates(user: AnyUser | None) -> QuerySet[Family]:
    """Families a duty manager may open in an emergency: led by their organisation, worked by its
    staff, or shared with it. Anything else is treated as if it did not exist."""
    if not _active(user) or not user.organisation_id:
        return Family.objects.none()
    return Family.objects.filter(pk__in=organisation_family_ids(user.organisation_id))


def organisation_family_ids(organisation_id: int) -> QuerySet[Any]:
    """The ids of the families an organisation works on: it leads, has a worker allocated, or
    was shared with (one UNION, so a test for one family is a few index lookups)."""
    led = Family.objects.filter(lead_organisation_id=organisation_id).order_by().values("pk")
    worked = (
        Allocation.objects.filter(worker__organisation_id=organisation_id, ended_at__isnull=True)
        .order_by()
        .values("family_id")
    )
    shared = (
        OrganisationShare.objects.filter(organisation_id=organisation_id, revoked_at__isnull=True)
        .order_by()
        .values("family_id")
    )
    return led.union(worked, shared)


# --- What a person may see of a family (field-level need-to-know, issue 14 item 5) -------------
#
# Opening a family is one question; which parts of it a person sees is another. People working
# with the family see every section. A police analyst, who opens it because it is shared with
# their force, sees only the sections the live share names (``access/sections.py``), plus the
# case itself (reference, status, team). Pages, exports, selectors and the API all ask here.

_WHOLE_CASE_REASONS = frozenset(
    {AccessReason.ALLOCATED, AccessReason.TEAM_MANAGER, AccessReason.BREAK_GLASS}
)

# One answer per person and family for the length of one request (``PolicyPerRequest``), so a
# page whose panels each ask costs one query, not one per panel. Outside a request (a command, a
# test calling the policy) nothing is kept; a change to a share forgets what was kept.
_memo: ContextVar[dict[tuple[int, int], frozenset[str]] | None] = ContextVar(
    "visible_sections_memo", default=None
)
# Route answers (may this person open this family; which route; emergency access now), kept only
# while a request that changes nothing it may reach is served: GET and HEAD. A save or delete of
# anything a route is built from (below) forgets them too.
_routes: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar(
    "policy_routes_memo", default=None
)
_READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


class PolicyPerRequest:
    """Middleware: keep the policy's answers for one request only (never across)."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = _memo.set({})
        routes = _routes.set({} if request.method in _READ_ONLY_METHODS else None)
        try:
            return self.get_response(request)
        finally:
            _routes.reset(routes)
            _memo.reset(token)


def forget_sections() -> None:
    """A share or a route changed: answer afresh (called by the services that change shares, and
    on every save or delete of a model a route is built from, see ``AccessConfig.ready``)."""
    kept = _memo.get()
    if kept is not None:
        kept.clear()
    routes = _routes.get()
    if routes is not None:
        routes.clear()


def kept_for_request(key: tuple[Any, ...], work_out: Callable[[], T]) -> T:
    """``work_out()``, once per key within a read-only request; every time otherwise. For answers
    built from who may see what (forgotten with the policy's own on any change to a route)."""
    kept = _routes.get()
    if kept is None:
        return work_out()
    if key not in kept:
        kept[key] = work_out()
    answer: T = kept[key]
    return answer


def _shared_sections(user: User, family_id: int) -> frozenset[str]:
    """What the live share with the person's organisation names, and the case itself."""
    if user.organisation_id is None:
        return NOTHING
    live = list(
        OrganisationShare.objects.filter(
            family_id=family_id, organisation_id=user.organisation_id, revoked_at__isnull=True
        ).values_list("scopes", flat=True)
    )
    if not live:
        return NOTHING
    return frozenset({Section.CASE.value}.union(*(clean_scopes(s) for s in live)))


def visible_sections(user: AnyUser | None, family: Family) -> frozenset[str]:
    """The sections of this family's case this person may see now (``Section`` values): every
    one for those working with the family, what the share names for a partner organisation,
    none for anyone else (a family member's own pages are the portal's)."""
    if not _active(user):
        return NOTHING
    kept = _memo.get()
    key = (user.pk, family.pk)
    if kept is not None and key in kept:
        return kept[key]
    answer = _sections_now(user, family)
    if kept is not None:
        kept[key] = answer
    return answer


def _sections_now(user: User, family: Family) -> frozenset[str]:
    """At most two queries: any route that shows the whole case, then the share's scopes."""
    routes = _route_sources(user)
    whole = [ids for reason, ids in routes if reason in _WHOLE_CASE_REASONS]
    if whole and Family.objects.filter(_any_of(whole), pk=family.pk).exists():
        return EVERY_SECTION
    if any(reason == AccessReason.SHARED_WITH_ORGANISATION for reason, _ in routes):
        return _shared_sections(user, family.pk)
    return NOTHING


def sees(user: AnyUser | None, family: Family, section: str) -> bool:
    """May this person see this section of this family's case?"""
    return section in visible_sections(user, family)


def families_showing(user: AnyUser | None, section: str) -> QuerySet[Family]:
    """The families whose ``section`` this person may see (for selectors across families, such
    as record search and the API's lists): as ``visible_families``, narrowed for a partner
    organisation to the shares that name the section."""
    if not _active(user):
        return Family.objects.none()
    combined = Q()
    any_route = False
    routes = _route_sources(user)
    whole = [ids for reason, ids in routes if reason in _WHOLE_CASE_REASONS]
    if whole:
        combined = _any_of(whole)
        any_route = True
    for reason, _ids in routes:
        if reason == AccessReason.SHARED_WITH_ORGANISATION and user.organisation_id:
            live = OrganisationShare.objects.filter(
                organisation_id=user.organisation_id, revoked_at__isnull=True
            ).values_list("family_id", "scopes")
            ids = {
                family_id
                for family_id, scopes in live
                if section == Section.CASE or section in clean_scopes(scopes)
            }
            # An empty ``pk__in`` would make every query built on this one empty (or, inside an
            # annotation's subquery, a 0 where a date belongs): match nothing the plain way.
            combined |= Q(pk__in=sorted(ids)) if ids else Q(pk__isnull=True)
            any_route = True
    if not any_route:
        return Family.objects.none()
    return Family.objects.filter(combined)


def visible_fields(
    user: AnyUser | None, family: Family, fields: dict[str, str] | None = None
) -> frozenset[str]:
    """The fields of a child's profile (or of ``fields``: name → section) this person may see:
    the content-free ones (id, family, version) and those whose section they see."""
    sections = visible_sections(user, family)
    table = YOUNG_PERSON_FIELDS if fields is None else fields
    return CONTENT_FREE_FIELDS | {name for name, section in table.items() if section in sections}


# --- What a person may do -------------------------------------------------------------------------
#
# One question for views, templates and services alike: may this person do this action (on this
# family, on this record)? A role says what kind of work someone does (accounts/roles.py); a route
# (``visible_families``) says which families they may open. ``can`` combines the two so that
# nobody else does. ``require`` is the same question inside an action: a refusal is audited in one
# shape (``audit.services.record_refusal``) and raised as ``NotAllowed``.


class Action(StrEnum):
    """Everything the policy is asked about. The value is what the audit trail records as
    ``detail["attempted"]`` on a refusal, and what templates name in ``{% may %}``."""

    VIEW_FAMILY = "view_family"
    OPEN_FAMILY = "open_family"  # open a new family case (no family yet)
    CHANGE_CASE = "change_case"  # status, a child's profile, strengths
    SHARE = "share"  # share the case with another organisation, or stop sharing
    RECORD = "record"  # contacts, missing episodes, return interviews, chronology events
    CHANGE_RECORD = "change_record"  # change a record: only the organisation that wrote it
    VIEW_RECORDS = "view_records"
    EDIT_MAP = "edit_map"
    VIEW_MAP = "view_map"
    ASSESS = "assess"  # safety mappings and screenings
    VIEW_ASSESSMENTS = "view_assessments"
    MANAGE_PLAN = "manage_plan"  # the plan, its actions, referrals
    VIEW_PLAN = "view_plan"
    VIEW_SHARED_PLAN = "view_shared_plan"  # a parent: their own family's plan, once shared
    ALLOCATE = "allocate"  # change the team around the family
    BREAK_GLASS = "break_glass"  # open a family in an emergency
    END_BREAK_GLASS = "end_break_glass"  # record: the grant
    REVIEW_BREAK_GLASS = "review_break_glass"  # record: the grant
    VIEW_ACCESS_LOG = "view_access_log"  # who has viewed or changed this family's record
    KEEP_DRAFT = "keep_draft"  # autosave a form's draft
    DISCARD_DRAFT = "discard_draft"  # record: the draft
    READ_MESSAGE = "read_message"  # record: an in-app notification

    # --- frame (issue 16): actions below this line ---
    VIEW_HOUSEHOLD = "view_household"  # addresses, phones and safe-contact rules of the household

    # --- portal (issue 9): actions below this line ---
    INVITE_TO_PORTAL = "invite_to_portal"  # invite a family member, resend or withdraw a link
    MESSAGE_FAMILY = "message_family"  # a worker: read and write the family's message thread
    MESSAGE_WORKER = "message_worker"  # a parent: their own family's message thread
    CHECK_IN = "check_in"  # a parent: how they are doing today
    VIEW_CHECK_INS = "view_check_ins"  # the trend of a family's check-ins
    SWITCH_SPACE = "switch_space"  # a worker: switch a young person's own space on or off
    USE_SPACE = "use_space"  # record: the young person; only their own space
    MARK_OWN_ACTION_DONE = "mark_own_action_done"  # record: a plan action the family owns
    ARRANGE_APPOINTMENT = "arrange_appointment"  # a worker: see, arrange, change, cancel visits
    SEE_APPOINTMENTS = "see_appointments"  # a parent: the appointments shared with them
    MESSAGE_OWN_WORKER = "message_own_worker"  # record: a young person; only their own thread

    # --- resources (issue 9): actions below this line ---
    READ_RESOURCES = "read_resources"  # record: an article of the resources library
    EDIT_RESOURCES = "edit_resources"  # write, preview, publish and unpublish articles

    # --- evidence (issue 9): actions below this line ---
    RECORD_EVIDENCE = "record_evidence"  # add an entry (or a correction) to a family's log
    VIEW_EVIDENCE = "view_evidence"  # read a family's log and its photos
    EXPORT_EVIDENCE = "export_evidence"  # the signed PDF / CSV for police and court
    REVIEW_EVIDENCE = "review_evidence"  # a worker's review; not to be shown to other agencies
    SHARE_EVIDENCE_WITH_POLICE = "share_evidence_with_police"  # record: an entry (intelligence)
    ACKNOWLEDGE_EVIDENCE = "acknowledge_evidence"  # police: a submission was received

    # --- intelligence (issue 10): actions below this line ---
    SEND_INTELLIGENCE = "send_intelligence"  # write and send information to a police force
    VIEW_SENT_INTELLIGENCE = "view_sent_intelligence"  # what a family's workers sent, and replies
    RECEIVE_INTELLIGENCE = "receive_intelligence"  # record: a submission sent to their force
    HANDLE_INTELLIGENCE = "handle_intelligence"  # record: acknowledge it, record the outcome
    ANALYSE_INTELLIGENCE = "analyse_intelligence"  # links, the network map, MACE exports, re-link

    # --- justice (issue 11): actions below this line ---
    VIEW_JUSTICE = "view_justice"  # a family's criminal justice cases (staff)
    MANAGE_JUSTICE = "manage_justice"  # record and change them
    VIEW_COURT_JOURNEY = "view_court_journey"  # a family member: their own court journey
    USE_CALENDAR_FEED = "use_calendar_feed"  # keep or rotate one's own calendar address
    VIEW_JUSTICE_REPORT = "view_justice_report"  # figures only, no names

    # --- outcomes (issue 12): actions below this line ---
    RECORD_OUTCOME = "record_outcome"  # an outcome event on a family
    CHANGE_OUTCOME = "change_outcome"  # record: the outcome event
    VIEW_PROOF = "view_proof"  # a family's outcomes, scales and avoided-cost reasoning
    VIEW_OUTCOME_FIGURES = "view_outcome_figures"  # aggregates; record: the organisation asked for
    VIEW_ALL_FIGURES = "view_all_figures"  # aggregates across every organisation
    PUBLISH_REPORT = "publish_report"  # the commissioner's report, frozen as published
    VIEW_REPORT = "view_report"  # record: the published report
    VIEW_COST_TABLES = "view_cost_tables"
    EDIT_COST_TABLES = "edit_cost_tables"  # unit costs, probabilities, the uprating index

    # --- api (issue 14): actions below this line ---

    # --- governance (issue 14): actions below this line ---
    MANAGE_SUBJECT_ACCESS = "manage_subject_access"  # log, gather, redact; record: the request
    SIGN_OFF_SUBJECT_ACCESS = "sign_off_subject_access"  # record: the request; a second person
    MANAGE_RETENTION = "manage_retention"  # legal holds, the schedule, certificates of deletion
    VIEW_SHARING_AGREEMENTS = "view_sharing_agreements"
    MANAGE_SHARING_AGREEMENTS = "manage_sharing_agreements"


class Route(StrEnum):
    """What the family must be to this person, when a family is given."""

    OPEN = "open"  # one they may open now (visible_families)
    EMERGENCY = "emergency"  # one their organisation may open by break-glass
    NONE = "none"  # no family involved, or the record's own rule decides


RecordCheck = Callable[[User, Any], bool]


def _recorded_by_their_organisation(user: User, record: Any) -> bool:
    return bool(record.recorded_by_organisation_id == user.organisation_id)


def _holds_grant(user: User, grant: Any) -> bool:
    return bool(grant.user_id == user.pk)


def _may_review_grant(user: User, grant: Any) -> bool:
    """A second person: another team manager in the holder's organisation, never the holder."""
    return bool(
        grant.user_id != user.pk
        and user.organisation_id
        and user.organisation_id == grant.user.organisation_id
    )


def _sent_to_their_force(user: Any, record: Any) -> bool:
    """A submission (or a mention in one) that was sent to the person's own force."""
    submission = getattr(record, "submission", record)
    return bool(submission.sent_at is not None and submission.force_id == user.organisation_id)


def _owner(field: str) -> RecordCheck:
    return lambda user, record: bool(getattr(record, f"{field}_id") == user.pk)


@dataclass(frozen=True)
class Rule:
    """Who may do one action: the kinds of work (roles), whether they must belong to an
    organisation, what the family must be to them, and a check on the record itself."""

    roles: frozenset[str]
    refusal: str
    route: Route = Route.OPEN
    needs_organisation: bool = False
    record_check: RecordCheck | None = None
    # Roles that need no route to the family (an administrator reviewing the audit trail).
    without_route: frozenset[str] = frozenset()


EVERY_ROLE: frozenset[str] = frozenset(Role)
_CASE_READERS = CASEWORK_ROLES | {Role.POLICE_ANALYST}

RULES: dict[Action, Rule] = {
    Action.VIEW_FAMILY: Rule(EVERY_ROLE, "You cannot open this family's case."),
    Action.OPEN_FAMILY: Rule(
        CASEWORK_ROLES,
        "Only caseworkers in an organisation can open a family case.",
        route=Route.NONE,
        needs_organisation=True,
    ),
    Action.CHANGE_CASE: Rule(CASEWORK_ROLES, "You cannot change this family's case."),
    Action.SHARE: Rule(
        CASEWORK_ROLES, "Only caseworkers working with this family can share its case."
    ),
    Action.RECORD: Rule(
        CASEWORK_ROLES,
        "Only caseworkers working with this family record on its case.",
        needs_organisation=True,
    ),
    Action.CHANGE_RECORD: Rule(
        CASEWORK_ROLES,
        "Only the organisation that wrote a record may change it.",
        needs_organisation=True,
        record_check=_recorded_by_their_organisation,
    ),
    Action.VIEW_RECORDS: Rule(
        _CASE_READERS, "You cannot see this family's records.", needs_organisation=True
    ),
    Action.EDIT_MAP: Rule(CASEWORK_ROLES, "You cannot change this young person's map."),
    Action.VIEW_MAP: Rule(_CASE_READERS, "You cannot see this young person's map."),
    Action.ASSESS: Rule(CASEWORK_ROLES, "You cannot record assessments for this family."),
    Action.VIEW_ASSESSMENTS: Rule(CASEWORK_ROLES, "You cannot see this family's assessments."),
    Action.MANAGE_PLAN: Rule(CASEWORK_ROLES, "You cannot change this family's plan."),
    Action.VIEW_PLAN: Rule(CASEWORK_ROLES, "You cannot see this family's plan."),
    Action.VIEW_SHARED_PLAN: Rule(
        frozenset({Role.PARENT}), "Only the family's own parents see the plan shared with them."
    ),
    Action.ALLOCATE: Rule(
        frozenset({Role.TEAM_MANAGER}),
        "Only a manager of the team carrying this family can allocate.",
    ),
    Action.BREAK_GLASS: Rule(
        BREAK_GLASS_ROLES,
        "No family in your organisation has that reference.",
        route=Route.EMERGENCY,
        needs_organisation=True,
    ),
    Action.END_BREAK_GLASS: Rule(
        BREAK_GLASS_ROLES,
        "Only the person who used emergency access, or its reviewer, can end it.",
        route=Route.NONE,
        record_check=lambda user, grant: (
            _holds_grant(user, grant) or _may_review_grant(user, grant)
        ),
    ),
    Action.REVIEW_BREAK_GLASS: Rule(
        frozenset({Role.TEAM_MANAGER}),
        "Only another team manager in the same organisation can review this.",
        route=Route.NONE,
        record_check=_may_review_grant,
    ),
    Action.VIEW_ACCESS_LOG: Rule(
        frozenset({Role.TEAM_MANAGER, Role.ADMINISTRATOR}),
        "You cannot see who has viewed this family's record.",
        without_route=frozenset({Role.ADMINISTRATOR}),
    ),
    Action.KEEP_DRAFT: Rule(CASEWORK_ROLES, "You are no longer working with this family."),
    Action.DISCARD_DRAFT: Rule(
        CASEWORK_ROLES, "This draft is not yours.", route=Route.NONE, record_check=_owner("owner")
    ),
    Action.READ_MESSAGE: Rule(
        EVERY_ROLE,
        "That message is not yours.",
        route=Route.NONE,
        record_check=_owner("recipient"),
    ),
    # --- frame (issue 16): rules below this line ---
    Action.VIEW_HOUSEHOLD: Rule(
        CASEWORK_ROLES, "Only caseworkers working with this family see how to reach them."
    ),
    # --- portal (issue 9): rules below this line ---
    Action.INVITE_TO_PORTAL: Rule(
        CASEWORK_ROLES, "Only caseworkers working with this family can invite its members."
    ),
    Action.MESSAGE_FAMILY: Rule(
        CASEWORK_ROLES, "Only caseworkers working with this family can read its messages."
    ),
    Action.MESSAGE_WORKER: Rule(
        frozenset({Role.PARENT}), "Only the family's own parents and carers see its messages."
    ),
    Action.CHECK_IN: Rule(frozenset({Role.PARENT}), "Only a parent or carer checks in."),
    Action.VIEW_CHECK_INS: Rule(
        CASEWORK_ROLES | {Role.PARENT}, "You cannot see this family's check-ins."
    ),
    Action.SWITCH_SPACE: Rule(
        CASEWORK_ROLES, "Only caseworkers working with this family can open a young person's space."
    ),
    Action.USE_SPACE: Rule(
        frozenset({Role.YOUNG_PERSON}),
        "This space belongs to someone else.",
        record_check=_owner("portal_user"),
    ),
    Action.MARK_OWN_ACTION_DONE: Rule(
        frozenset({Role.PARENT}),
        "Only an action for a parent or carer can be marked done by them.",
        record_check=lambda user, action: action.owner_type == "parent",
    ),
    Action.ARRANGE_APPOINTMENT: Rule(
        CASEWORK_ROLES,
        "Only caseworkers working with this family arrange its appointments.",
    ),
    Action.SEE_APPOINTMENTS: Rule(
        frozenset({Role.PARENT}), "Only the family's own parents and carers see its appointments."
    ),
    Action.MESSAGE_OWN_WORKER: Rule(
        frozenset({Role.YOUNG_PERSON}),
        "These messages belong to someone else.",
        record_check=_owner("portal_user"),
    ),
    # --- resources (issue 9): rules below this line ---
    # Every signed-in person reads the library; a parent or young person only the published
    # articles written for them (an article's family audiences are named after the family roles),
    # staff every published article, and its editors the drafts too.
    Action.READ_RESOURCES: Rule(
        EVERY_ROLE,
        "That article is not in the library for you.",
        route=Route.NONE,
        record_check=lambda user, article: (
            can(user, Action.EDIT_RESOURCES)
            or (
                article.published_at is not None
                and (
                    user.role not in (Role.PARENT, Role.YOUNG_PERSON)
                    or user.role in article.audiences
                )
            )
        ),
    ),
    Action.EDIT_RESOURCES: Rule(
        frozenset({Role.TEAM_MANAGER}),
        "Only team managers write and publish the resources library.",
        route=Route.NONE,
        needs_organisation=True,
    ),
    # --- evidence (issue 9): rules below this line ---
    # The log is the family's: their own parents and the workers with a route to the family.
    # Police never read it here; what reaches them goes through partnership intelligence.
    Action.RECORD_EVIDENCE: Rule(
        CASEWORK_ROLES | {Role.PARENT},
        "Only the family's parents and their workers can add to this log.",
    ),
    Action.VIEW_EVIDENCE: Rule(
        CASEWORK_ROLES | {Role.PARENT}, "You cannot see this family's evidence log."
    ),
    Action.EXPORT_EVIDENCE: Rule(
        CASEWORK_ROLES | {Role.PARENT}, "You cannot export this family's evidence log."
    ),
    Action.REVIEW_EVIDENCE: Rule(
        CASEWORK_ROLES,
        "Only workers with this family can review its evidence log.",
        needs_organisation=True,
    ),
    Action.SHARE_EVIDENCE_WITH_POLICE: Rule(
        CASEWORK_ROLES,
        "Only workers with this family can pass its entries to police.",
        needs_organisation=True,
    ),
    # Police acknowledge a submission they received (the submission reference is checked by the
    # service); they need no route to the family, whose name they are never given.
    Action.ACKNOWLEDGE_EVIDENCE: Rule(
        frozenset({Role.POLICE_ANALYST}),
        "Only police can acknowledge what was passed to them.",
        route=Route.NONE,
        needs_organisation=True,
    ),
    # --- intelligence (issue 10): rules below this line ---
    Action.SEND_INTELLIGENCE: Rule(
        CASEWORK_ROLES,
        "Only caseworkers working with this family can send information to the police.",
        needs_organisation=True,
    ),
    Action.VIEW_SENT_INTELLIGENCE: Rule(
        CASEWORK_ROLES, "You cannot see what was sent to the police about this family."
    ),
    # Police see a submission because it was sent to their force, not because the family is
    # shared with them now: the copy they received is theirs (and nothing else of the family).
    Action.RECEIVE_INTELLIGENCE: Rule(
        frozenset({Role.POLICE_ANALYST}),
        "That information was not sent to your force.",
        route=Route.NONE,
        needs_organisation=True,
        record_check=_sent_to_their_force,
    ),
    Action.HANDLE_INTELLIGENCE: Rule(
        frozenset({Role.POLICE_ANALYST}),
        "Only the force that received this information can act on it.",
        route=Route.NONE,
        needs_organisation=True,
        record_check=_sent_to_their_force,
    ),
    Action.ANALYSE_INTELLIGENCE: Rule(
        frozenset({Role.POLICE_ANALYST}),
        "Only police analysts link people of concern and see the network map.",
        route=Route.NONE,
        needs_organisation=True,
        record_check=_sent_to_their_force,
    ),
    # --- justice (issue 11): rules below this line ---
    Action.VIEW_JUSTICE: Rule(
        _CASE_READERS,
        "You cannot see this family's criminal justice case.",
        needs_organisation=True,
    ),
    Action.MANAGE_JUSTICE: Rule(
        CASEWORK_ROLES,
        "Only caseworkers working with this family record court support.",
        needs_organisation=True,
    ),
    Action.VIEW_COURT_JOURNEY: Rule(
        frozenset({Role.PARENT, Role.YOUNG_PERSON}),
        "Only the family's own members see their court journey.",
    ),
    Action.USE_CALENDAR_FEED: Rule(
        CASEWORK_ROLES | {Role.POLICE_ANALYST, Role.PARENT, Role.YOUNG_PERSON},
        "You have no hearings to put in a calendar.",
        route=Route.NONE,
    ),
    Action.VIEW_JUSTICE_REPORT: Rule(
        frozenset({Role.TEAM_MANAGER, Role.COMMISSIONER}),
        "Only team managers and commissioners see court support figures.",
        route=Route.NONE,
    ),
    # --- outcomes (issue 12): rules below this line ---
    Action.RECORD_OUTCOME: Rule(
        CASEWORK_ROLES,
        "Only caseworkers working with this family record its outcomes.",
        needs_organisation=True,
    ),
    Action.CHANGE_OUTCOME: Rule(
        CASEWORK_ROLES,
        "Only the organisation that recorded an outcome may change it.",
        needs_organisation=True,
        record_check=_recorded_by_their_organisation,
    ),
    Action.VIEW_PROOF: Rule(CASEWORK_ROLES, "You cannot see this family's outcomes."),
    # Figures only, with small numbers suppressed: a commissioner sees every organisation's, a team
    # manager their own organisation's (the record is the organisation asked for).
    Action.VIEW_OUTCOME_FIGURES: Rule(
        frozenset({Role.COMMISSIONER, Role.TEAM_MANAGER}),
        "You can see outcome figures for your own organisation only.",
        route=Route.NONE,
        needs_organisation=True,
        record_check=lambda user, organisation: (
            user.role == Role.COMMISSIONER or organisation.pk == user.organisation_id
        ),
    ),
    Action.VIEW_ALL_FIGURES: Rule(
        frozenset({Role.COMMISSIONER}),
        "Only commissioners see figures across organisations.",
        route=Route.NONE,
        needs_organisation=True,
    ),
    Action.PUBLISH_REPORT: Rule(
        frozenset({Role.COMMISSIONER, Role.TEAM_MANAGER}),
        "Only commissioners and team managers publish outcome reports.",
        route=Route.NONE,
        needs_organisation=True,
    ),
    Action.VIEW_REPORT: Rule(
        frozenset({Role.COMMISSIONER, Role.TEAM_MANAGER}),
        "You cannot see this report.",
        route=Route.NONE,
        needs_organisation=True,
        record_check=lambda user, report: (
            user.role == Role.COMMISSIONER or report.organisation_id == user.organisation_id
        ),
    ),
    Action.VIEW_COST_TABLES: Rule(
        frozenset({Role.COMMISSIONER, Role.TEAM_MANAGER, Role.ADMINISTRATOR}),
        "You cannot see the cost tables.",
        route=Route.NONE,
    ),
    Action.EDIT_COST_TABLES: Rule(
        frozenset({Role.ADMINISTRATOR}),
        "Only administrators change the cost tables.",
        route=Route.NONE,
        needs_organisation=True,
    ),
    # --- api (issue 14): rules below this line ---
    # --- governance (issue 14): rules below this line ---
    # Subject access is the controller's duty: administrators and team managers of the
    # organisation that holds the request, with no route to the family needed.
    Action.MANAGE_SUBJECT_ACCESS: Rule(
        frozenset({Role.ADMINISTRATOR, Role.TEAM_MANAGER}),
        "Only administrators and team managers of the organisation handle subject access requests.",
        route=Route.NONE,
        needs_organisation=True,
        record_check=lambda user, sar: sar.organisation_id == user.organisation_id,
    ),
    Action.SIGN_OFF_SUBJECT_ACCESS: Rule(
        frozenset({Role.ADMINISTRATOR, Role.TEAM_MANAGER}),
        "A second person signs off the redactions: not the person who logged or redacted it.",
        route=Route.NONE,
        needs_organisation=True,
        record_check=lambda user, sar: (
            sar.organisation_id == user.organisation_id
            and sar.logged_by_id != user.pk
            and not sar.passages.filter(redactions__marked_by=user).exists()
        ),
    ),
    Action.MANAGE_RETENTION: Rule(
        frozenset({Role.ADMINISTRATOR}),
        "Only administrators manage retention and legal holds.",
        route=Route.NONE,
        needs_organisation=True,
    ),
    Action.VIEW_SHARING_AGREEMENTS: Rule(
        frozenset({Role.ADMINISTRATOR, Role.TEAM_MANAGER}),
        "Only administrators and team managers see the register of sharing agreements.",
        route=Route.NONE,
    ),
    Action.MANAGE_SHARING_AGREEMENTS: Rule(
        frozenset({Role.ADMINISTRATOR}),
        "Only administrators record sharing agreements.",
        route=Route.NONE,
        needs_organisation=True,
    ),
}


class NotAllowed(PermissionDenied):
    """This person may not do this action (a 403 if nobody catches it). Raised by ``require`` and
    ``deny`` after the refusal has been audited; ``action`` says what was refused."""

    def __init__(self, message: str, *, action: Action, refusal: dict[str, Any] | None = None):
        super().__init__(message)
        self.action = action
        # What was written to the audit trail, to write it again if a transaction rolls it back.
        self._refusal = refusal or {}
        self._entry: tuple[int, str] | None = None

    def ensure_recorded(self) -> None:
        """Write the refusal again if the transaction it was written in was rolled back."""
        if not self._refusal:
            return
        if self._entry is not None:
            pk, entry_hash = self._entry
            if AuditEvent.objects.filter(pk=pk, entry_hash=entry_hash).exists():
                return
        entry = record_refusal(**self._refusal)
        self._entry = (entry.pk, entry.entry_hash)


def _family_of(record: Any) -> Family | None:
    """The family a record belongs to, whatever the path to it."""
    for path in ("family", "young_person", "plan", "episode", "contact"):
        related = getattr(record, path, None)
        if related is None:
            continue
        if isinstance(related, Family):
            return related
        return _family_of(related)
    return None


def _kind_of_work(user: AnyUser | None, rule: Rule) -> TypeGuard[User]:
    return bool(
        _active(user)
        and user.role in rule.roles
        and (not rule.needs_organisation or user.organisation_id)
    )


def can(
    user: AnyUser | None,
    action: Action,
    *,
    family: Family | None = None,
    record: Model | None = None,
) -> bool:
    """May this person do this action, on this family or record?

    Without a family or record it answers for the kind of work only (may this person ever record
    on a case?), which is what a menu or a page's guard needs. With a record, the record's family
    is used when no family is given. Deny by default: an unknown action or an inactive person is
    always refused.
    """
    rule = RULES.get(action)
    if rule is None or not _kind_of_work(user, rule):
        return False
    if record is not None and rule.record_check is not None and not rule.record_check(user, record):
        return False
    if rule.route == Route.NONE or user.role in rule.without_route:
        return True
    if family is None and record is not None:
        family = _family_of(record)
    if family is None:
        return record is None
    pk = family.pk
    if rule.route == Route.EMERGENCY:
        return kept_for_request(
            ("emergency", user.pk, pk),
            lambda: break_glass_candidates(user).filter(pk=pk).exists(),
        )
    return kept_for_request(
        ("open", user.pk, pk), lambda: visible_families(user).filter(pk=pk).exists()
    )


def families_for(user: AnyUser | None, action: Action) -> QuerySet[Family]:
    """The families on which this person may do this action (for selectors and lists)."""
    rule = RULES.get(action)
    if rule is None or rule.route != Route.OPEN or not _kind_of_work(user, rule):
        return Family.objects.none()
    return visible_families(user)


def deny(
    user: AnyUser | None,
    action: Action,
    *,
    family: Family | None = None,
    record: Model | None = None,
    request: HttpRequest | None = None,
    reason: str = "",
) -> NotAllowed:
    """Audit a refusal and return the ``NotAllowed`` to raise. For refusals decided outside
    ``can`` (a forged draft ticket); everything else calls ``require``."""
    message = reason or RULES[action].refusal
    target = record if record is not None else family
    if family is None and record is not None:
        family = _family_of(record)
    refusal: dict[str, Any] = {
        "actor": user,
        "attempted": action.value,
        "request": request,
        "object_type": target._meta.label_lower if target is not None else "",
        "object_id": str(target.pk) if target is not None else "",
        "family_id": family.pk if family is not None else None,
        "reason": message,
    }
    error = NotAllowed(message, action=action, refusal=refusal)
    error.ensure_recorded()
    return error


def require(
    user: AnyUser | None,
    action: Action,
    *,
    family: Family | None = None,
    record: Model | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Raise ``NotAllowed`` (after an ``access_denied`` audit entry) unless ``can`` says yes.

    Every service that changes case data calls this itself, whoever called the service. Inside a
    transaction, decorate the service with ``atomic_action`` rather than ``transaction.atomic``, so
    the refusal's audit entry survives the rollback.
    """
    if not can(user, action, family=family, record=record):
        raise deny(user, action, family=family, record=record, request=request)


def not_found(
    user: AnyUser | None,
    action: Action,
    *,
    object_type: str,
    object_id: str | int,
    family: Family | None = None,
    request: HttpRequest | None = None,
    reason: str = "",
) -> Http404:
    """Audit a refusal and return the ``Http404`` to raise: for selectors, where an object the
    person may not see (or an id under the wrong family) must look as if it did not exist."""
    record_refusal(
        actor=user,
        attempted=action.value,
        request=request,
        object_type=object_type,
        object_id=object_id,
        family_id=family.pk if family is not None else None,
        reason=reason or "not found among what this person may see",
    )
    return Http404("Not found")


def atomic_action(func: Callable[P, T]) -> Callable[P, T]:
    """``transaction.atomic`` for a service that calls ``require``: the change and its audit entry
    commit together, and a refusal raised inside is still audited after the rollback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except NotAllowed as refused:
            refused.ensure_recorded()
            raise

    return wrapper
