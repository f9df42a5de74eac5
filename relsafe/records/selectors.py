"""Reads of contacts, missing episodes, return home interviews and the chronology.

Everything starts from ``access.policy.visible_families(user)``. On top of that, a record is merged
into another organisation's view only as far as sharing allows:

* a person always sees what their own organisation recorded;
* caseworkers also see what partner organisations recorded on a family their organisation works
  on (the lead organisation, an organisation with a worker allocated, or one the case is shared with);
* police see, of other organisations' records, only those marked to share with police.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action
from relsafe.access.sections import Section
from relsafe.accounts.models import User
from relsafe.accounts.people import AnyUser
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.events import CHRONOLOGY_SOURCES
from relsafe.cases.models import Allocation, Family, OrganisationShare
from relsafe.cases.selectors import case_referrals, get_family
from relsafe.records.models import (
    RETURN_INTERVIEW_WINDOW,
    Attachment,
    ChronologyEntry,
    Contact,
    MissingEpisode,
    Tag,
)
from relsafe.records.services import plain_text

_Record = TypeVar("_Record", bound=Model)

# ---------------------------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------------------------


def _is_police(user: User) -> bool:
    return bool(user.role == Role.POLICE_ANALYST)


def _partner_families(organisation_id: int) -> QuerySet[Family]:
    """Families an organisation works on: it leads, has a worker allocated, or was shared."""
    return Family.objects.filter(pk__in=policy.organisation_family_ids(organisation_id))


# Which section of the case (access/sections.py) each kind of record belongs to: a partner
# organisation sees a kind only on families whose share covers its section.
SECTION_OF: dict[type[Any], str] = {
    Contact: Section.MARKED_RECORDS,
    ChronologyEntry: Section.MARKED_RECORDS,
    MissingEpisode: Section.MISSING_EPISODES,
}


def record_scope(user: AnyUser | None, section: str = Section.MARKED_RECORDS) -> Q | None:
    """A filter for any record with ``family``, ``recorded_by_organisation`` and
    ``share_with_police``, on the families whose ``section`` the person sees; None when the
    person sees no records at all."""
    if not isinstance(user, User) or not policy.can(user, Action.VIEW_RECORDS):
        return None
    org = user.organisation_id
    if org is None:  # VIEW_RECORDS asks for an organisation
        return None
    own = Q(recorded_by_organisation_id=org)
    if _is_police(user):
        # Police see other organisations' records only when marked to share with police.
        return Q(family__in=policy.families_showing(user, section)) & (
            own | Q(share_with_police=True)
        )
    split = policy.kept_for_request(
        ("record_scope", user.pk, section), lambda: _families_split(user, org, section)
    )
    if split is None:
        return Q(family__in=policy.families_showing(user, section)) & (
            own | Q(family__in=_partner_families(org))
        )
    worked_on, others = split
    return _family_in(worked_on) | (_family_in(others) & own)


# Up to this many families, a person's records are found from a list of family ids (an index
# scan per family) rather than by testing every record against organisation-wide subqueries.
_LISTED_FAMILIES = 2000


def _families_split(user: User, org: int, section: str) -> tuple[list[int], list[int]] | None:
    """The families whose ``section`` this person sees, split into those their organisation works
    on (every record) and the rest (their own organisation's records only); None for more than
    ``_LISTED_FAMILIES`` (the caller keeps the subqueries)."""
    seen = list(
        policy.families_showing(user, section).values_list("pk", flat=True)[: _LISTED_FAMILIES + 1]
    )
    if len(seen) > _LISTED_FAMILIES:
        return None
    # The rule of ``policy.organisation_family_ids``, tested family by family (indexed lookups)
    # instead of building the organisation's whole list; tests/records/test_scope_paths.py
    # checks that both ways give the same records.
    worked_on = set(
        Family.objects.filter(pk__in=seen)
        .filter(
            Q(lead_organisation_id=org)
            | Exists(
                Allocation.objects.filter(
                    family_id=OuterRef("pk"), worker__organisation_id=org, ended_at__isnull=True
                )
            )
            | Exists(
                OrganisationShare.objects.filter(
                    family_id=OuterRef("pk"), organisation_id=org, revoked_at__isnull=True
                )
            )
        )
        .values_list("pk", flat=True)
    )
    return sorted(worked_on), sorted(set(seen) - worked_on)


def _family_in(ids: list[int]) -> Q:
    # An empty ``__in`` would empty an OR around it, or turn a subquery's date into 0: match
    # nothing the plain way (every record has a family).
    return Q(family_id__in=ids) if ids else Q(family__isnull=True)


def family_scope(
    user: User,
    family: Family,
    section: str = Section.MARKED_RECORDS,
    sections: frozenset[str] | None = None,
) -> Q | None:
    """The same rule as ``record_scope`` for one family the person has already opened (through
    ``get_family``): decided once here, so per-family pages filter with a simple condition.
    ``sections``: ``policy.visible_sections`` if the caller already asked."""
    org = user.organisation_id
    if org is None or not policy.can(user, Action.VIEW_RECORDS):
        return None
    if sections is None:
        sections = policy.visible_sections(user, family)
    if section not in sections:
        return None
    own = Q(family=family, recorded_by_organisation_id=org)
    if _is_police(user):
        return own | Q(family=family, share_with_police=True)
    if _partner_families(org).filter(pk=family.pk).exists():
        return Q(family=family)
    return own


def _for_family(
    model: type[_Record], user: User, family: Family, sections: frozenset[str] | None = None
) -> QuerySet[_Record]:
    scope = family_scope(user, family, SECTION_OF[model], sections)
    if scope is None:
        return model._default_manager.none()
    return model._default_manager.filter(scope)


def visible_contacts(user: User) -> QuerySet[Contact]:
    scope = record_scope(user)
    if scope is None:
        return Contact.objects.none()
    return Contact.objects.filter(scope)


def visible_missing_episodes(user: User) -> QuerySet[MissingEpisode]:
    scope = record_scope(user, Section.MISSING_EPISODES)
    if scope is None:
        return MissingEpisode.objects.none()
    return MissingEpisode.objects.filter(scope)


def visible_chronology_entries(user: User) -> QuerySet[ChronologyEntry]:
    scope = record_scope(user)
    if scope is None:
        return ChronologyEntry.objects.none()
    return ChronologyEntry.objects.filter(scope)


def _audited_view(user: User, obj: Any, request: HttpRequest | None) -> None:
    reason = policy.access_reason(user, obj.family)
    record(
        action=AuditAction.VIEW,
        actor=user,
        request=request,
        obj=obj,
        family_id=obj.family_id,
        reason=reason.value if reason else "",
    )


def _denied(user: User, object_type: str, pk: int, request: HttpRequest | None) -> Http404:
    return policy.not_found(
        user, Action.VIEW_RECORDS, object_type=object_type, object_id=pk, request=request
    )


def get_contact(*, user: User, pk: int, request: HttpRequest | None = None) -> Contact:
    """One contact the person may see (404 otherwise); the read is audited with its reason."""
    contact = (
        visible_contacts(user)
        .select_related("family", "recorded_by", "recorded_by_organisation")
        .prefetch_related("young_people", "staff_present", "attachments")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise _denied(user, "records.contact", pk, request)
    _audited_view(user, contact, request)
    return contact


def get_missing_episode(
    *, user: User, pk: int, request: HttpRequest | None = None
) -> MissingEpisode:
    episode = (
        visible_missing_episodes(user)
        .select_related("family", "young_person", "recorded_by", "return_interview")
        .filter(pk=pk)
        .first()
    )
    if episode is None:
        raise _denied(user, "records.missingepisode", pk, request)
    _audited_view(user, episode, request)
    return episode


def get_attachment_for_download(
    *, user: User, pk: int, request: HttpRequest | None = None
) -> Attachment:
    """An attachment on a contact the person may see; every download is audited (EXPORT)."""
    attachment = (
        Attachment.objects.filter(contact__in=visible_contacts(user))
        .select_related("contact")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise _denied(user, "records.attachment", pk, request)
    reason = policy.access_reason(user, attachment.contact.family)
    record(
        action=AuditAction.EXPORT,
        actor=user,
        request=request,
        obj=attachment,
        family_id=attachment.contact.family_id,
        reason=reason.value if reason else "",
        detail={"download": "attachment", "file_type": attachment.file_type},
    )
    return attachment


# ---------------------------------------------------------------------------------------------
# The 72-hour return-interview clock
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewClock:
    status: str  # still_missing | due | overdue | done_on_time | done_late | declined
    label: str
    due_at: dt.datetime | None
    tag_class: str

    @property
    def needs_action(self) -> bool:
        return self.status in ("due", "overdue")


def interview_clock(episode: MissingEpisode, now: dt.datetime | None = None) -> InterviewClock:
    """Where the return home interview stands against its 72 hours from the young person's return."""
    now = now or timezone.now()
    due = episode.interview_due_at
    if due is None:
        return InterviewClock("still_missing", "Still missing", None, "govuk-tag--red")
    interview = getattr(episode, "return_interview", None)
    if interview is not None and interview.done_at is not None:
        if interview.done_at <= due:
            return InterviewClock("done_on_time", "Done within 72 hours", due, "govuk-tag--green")
        return InterviewClock("done_late", "Done late", due, "govuk-tag--orange")
    if interview is not None and interview.declined:
        return InterviewClock("declined", "Offered and declined", due, "govuk-tag--grey")
    if now > due:
        return InterviewClock("overdue", "Overdue", due, "govuk-tag--red")
    return InterviewClock("due", "Due", due, "govuk-tag--yellow")


def interview_outstanding() -> Q:
    """No return home interview yet, or one offered but neither done nor declined."""
    return Q(return_interview__isnull=True) | Q(
        return_interview__done_at__isnull=True, return_interview__declined=False
    )


def overdue_return_interviews(user: User) -> QuerySet[MissingEpisode]:
    """Returned more than 72 hours ago with no interview done or declined, for the caseload flag."""
    cutoff = timezone.now() - RETURN_INTERVIEW_WINDOW
    return (
        visible_missing_episodes(user)
        .filter(interview_outstanding(), returned_at__isnull=False, returned_at__lt=cutoff)
        .select_related("family", "young_person", "return_interview")
        .order_by("returned_at", "pk")
    )


@dataclass(frozen=True)
class Deadline:
    episode: MissingEpisode
    clock: InterviewClock


def upcoming_deadlines(user: User, limit: int = 20) -> list[Deadline]:
    """Return home interviews still to do, most urgent first (overdue ones lead)."""
    now = timezone.now()
    episodes = (
        visible_missing_episodes(user)
        .filter(interview_outstanding(), returned_at__isnull=False)
        .select_related("family", "young_person", "return_interview")
        .order_by("returned_at", "pk")[:limit]
    )
    return [Deadline(e, interview_clock(e, now)) for e in episodes]


def families_with_overdue_interviews(user: User) -> set[int]:
    """Family ids to flag on a caseload list, in one query."""
    return set(overdue_return_interviews(user).values_list("family_id", flat=True))


@dataclass
class FamilyRecords:
    contacts: list[Contact]
    episodes: list[tuple[MissingEpisode, InterviewClock]]
    contact_count: int
    can_record: bool


def family_records(*, user: User, family: Family) -> FamilyRecords:
    """What the family page shows of the records, for a family already opened with get_family."""
    if not policy.can_view_family(user, family):
        raise policy.not_found(
            user, Action.VIEW_FAMILY, object_type="cases.family", object_id=family.pk
        )
    sections = policy.visible_sections(user, family)
    contacts_qs = _for_family(Contact, user, family, sections)
    contacts = list(contacts_qs.select_related("recorded_by").prefetch_related("young_people")[:5])
    now = timezone.now()
    episodes = [
        (e, interview_clock(e, now))
        for e in _for_family(MissingEpisode, user, family, sections).select_related(
            "young_person", "return_interview"
        )[:10]
    ]
    return FamilyRecords(
        contacts=contacts,
        episodes=episodes,
        contact_count=contacts_qs.count(),
        can_record=policy.can(user, Action.RECORD, family=family),
    )


def contact_defaults(*, user: User, family: Family, young_person_pk: str | None) -> dict[str, Any]:
    """What a new contact starts with: the person recording among the staff who were there (when
    they are on the team around the family), and the child it is about: the one named in the
    link, else the family's only child in the household."""
    from relsafe.cases.selectors import in_household_on

    defaults: dict[str, Any] = {}
    if Allocation.objects.filter(family=family, worker=user, ended_at__isnull=True).exists():
        defaults["staff_present"] = [user.pk]
    children = list(
        family.young_people.filter(in_household_on(timezone.localdate())).values_list(
            "pk", flat=True
        )
    )
    chosen = int(young_person_pk) if young_person_pk and young_person_pk.isdigit() else None
    if chosen in children:
        defaults["young_people"] = [chosen]
    elif len(children) == 1:
        defaults["young_people"] = children
    return defaults


def family_contacts(
    *, user: User, pk: int, request: HttpRequest | None = None
) -> tuple[Family, QuerySet[Contact]]:
    family = get_family(user=user, pk=pk, request=request)
    contacts = (
        _for_family(Contact, user, family)
        .select_related("recorded_by")
        .prefetch_related("young_people")
    )
    return family, contacts


# ---------------------------------------------------------------------------------------------
# Chronology
# ---------------------------------------------------------------------------------------------

KIND_CHOICES = [
    ("case", "Case opened"),
    ("referral", "How the case arrived"),
    ("missing", "Missing episodes"),
    ("interview", "Return home interviews"),
    ("contact", "Significant contacts"),
    ("event", "Events added by workers"),
]
KIND_LABELS = dict(KIND_CHOICES)


def kind_choices() -> list[tuple[str, str]]:
    """This app's kinds, then the kinds other apps add (``cases.events``)."""
    return KIND_CHOICES + [(s.key, s.label) for s in CHRONOLOGY_SOURCES.values()]


@dataclass(frozen=True)
class ChronologyFilters:
    kinds: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    young_person_id: int | None = None

    def as_detail(self) -> dict[str, Any]:
        return {
            "kinds": sorted(self.kinds),
            "tags": sorted(self.tags),
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "young_person": self.young_person_id,
        }


@dataclass
class ChronologyItem:
    """One significant event. ``date_only`` events (a screening, an event a worker added) have no
    time of day: they are shown and exported as a date. ``sections`` are headed parts of the
    details ("What pulled them away"), kept apart in every format."""

    when: dt.datetime
    kind: str
    tag: str
    title: str
    body: str  # sanitised HTML
    organisation: str
    young_people: list[str] = field(default_factory=list)
    young_person_ids: set[int] = field(default_factory=set)
    url: str = ""
    date_only: bool = False
    recorded_by: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, sanitised HTML)

    @property
    def kind_label(self) -> str:
        return dict(kind_choices()).get(self.kind, self.kind)

    @property
    def tag_label(self) -> str:
        return Tag(self.tag).label

    @property
    def body_text(self) -> str:
        """The details as plain text: the body, then each section as "Heading: text", with a
        blank line between parts so a spreadsheet cell or a reader keeps them apart."""
        parts = [plain_text(self.body)] if self.body else []
        parts += [f"{heading}: {plain_text(text)}" for heading, text in self.sections]
        return "\n\n".join(p for p in parts if p)

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.when).date()

    @property
    def time_text(self) -> str:
        """ "03:00", or "" for a date-only event."""
        return "" if self.date_only else f"{timezone.localtime(self.when):%H:%M}"

    @property
    def recorded_by_text(self) -> str:
        """ "Sam Okafor, Parents Together", or the organisation alone when no name is known."""
        if self.recorded_by and self.organisation:
            return f"{self.recorded_by}, {self.organisation}"
        return self.recorded_by or self.organisation


def _local_datetime(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _when_text(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _finder(episode: MissingEpisode) -> str:
    """Who found them, as the words after "found by"; "" when they came back by themselves or
    nobody was recorded. A short detail is a name ("his mum, Precious"); a longer one is a note,
    said on its own by ``return_sentence``."""
    detail = episode.found_by_detail.strip()
    short = bool(detail) and len(detail.split()) <= 5 and not detail.endswith(".")
    found_by = episode.found_by
    if found_by == MissingEpisode.FoundBy.RETURNED_THEMSELVES:
        return ""
    if found_by == MissingEpisode.FoundBy.POLICE:
        return f"the police ({detail})" if short else "the police"
    if found_by == MissingEpisode.FoundBy.PARENT_OR_CARER:
        return detail if short else "a parent or carer"
    if found_by == MissingEpisode.FoundBy.OTHER:
        return detail if short else "someone else"
    return detail if short else ""


def return_sentence(episode: MissingEpisode) -> str:
    """How a missing episode ended, in one or two plain sentences for the chronology and its
    exports: "Came back at 03:00 on 5 November 2026, found by his mum, Precious, at Northbridge
    railway station." Each way of coming back reads as a sentence (tests cover every one)."""
    if episode.returned_at is None:
        return "Not back yet."
    sentence = f"Came back at {_when_text(episode.returned_at)}"
    where = episode.where_found.strip().rstrip(".")
    finder = _finder(episode)
    if episode.found_by == MissingEpisode.FoundBy.RETURNED_THEMSELVES:
        sentence += ", by themselves"
        if where:
            sentence += f". Where they were: {where}"
    elif finder:
        sentence += f", found by {finder}"
        if where:
            # "found by his mum, Precious, at the station": an aside in the name closes first.
            sentence += f"{',' if ',' in finder else ''} at {where}"
    elif where:
        sentence += f". Found at {where}"
    sentence += "."
    detail = episode.found_by_detail.strip()
    if detail and detail not in finder:
        sentence += f" {detail[0].upper()}{detail[1:]}{'' if detail.endswith('.') else '.'}"
    return sentence


def missing_sentence(episode: MissingEpisode) -> str:
    """Who reported the young person missing, the risk level and the police reference."""
    parts = [f"Reported missing at {_when_text(episode.reported_missing_at)}"]
    if episode.reported_by.strip():
        parts[0] += f" by {episode.reported_by.strip()}"
    parts[0] += "."
    parts.append(f"Risk level: {episode.get_risk_level_display().lower()}.")
    if episode.police_reference:
        parts.append(f"Police reference {episode.police_reference}.")
    return " ".join(parts)


def _episode_items(episode: MissingEpisode) -> list[ChronologyItem]:
    yp = episode.young_person
    body = f"<p>{html.escape(missing_sentence(episode))}</p>"
    if episode.returned_at:
        body += f"<p>{html.escape(return_sentence(episode))}</p>"
    items = [
        ChronologyItem(
            when=episode.reported_missing_at,
            kind="missing",
            tag=Tag.CONCERN,
            title=f"{yp.display_name} went missing",
            body=body,
            organisation=episode.recorded_by_organisation.name,
            young_people=[yp.display_name],
            young_person_ids={yp.pk},
            url=reverse("records:missing-episode", args=[episode.pk]),
            recorded_by=episode.recorded_by.full_name,
        )
    ]
    interview = getattr(episode, "return_interview", None)
    if interview is not None and (interview.done_at or interview.declined or interview.offered_at):
        if interview.done_at:
            title = f"Return home interview with {yp.display_name}"
            when = interview.done_at
        elif interview.declined:
            title = f"{yp.display_name} was offered a return home interview and said no"
            when = interview.offered_at or interview.recorded_at
        else:
            title = f"Return home interview offered to {yp.display_name}"
            when = interview.offered_at or interview.recorded_at
        sections = []
        if interview.pull_factors:
            sections.append(("What pulled them away", interview.pull_factors))
        if interview.what_would_help:
            sections.append(("What would help", interview.what_would_help))
        items.append(
            ChronologyItem(
                when=when,
                kind="interview",
                tag=Tag.NEUTRAL,
                title=title,
                body="",
                organisation=episode.recorded_by_organisation.name,
                young_people=[yp.display_name],
                young_person_ids={yp.pk},
                url=reverse("records:missing-episode", args=[episode.pk]),
                recorded_by=_name(getattr(interview, "recorded_by", None)),
                sections=sections,
            )
        )
    return items


def _referral_items(user: User, family: Family) -> list[ChronologyItem]:
    """How the case arrived (``cases.CaseReferral``): the first entry, with the decision."""
    items = []
    for referral in case_referrals(user=user, family=family):
        decision = referral.get_decision_display()
        if referral.decided_by is not None and referral.decided_on is not None:
            decision += f" ({referral.decided_by.full_name}, {referral.decided_on:%-d %B %Y})"
        items.append(
            ChronologyItem(
                when=_local_datetime(referral.received_on),
                kind="referral",
                tag=Tag.CONCERN,
                title=f"Referral from {referral.referrer_agency}",
                body=(
                    f"<p>{html.escape(referral.concerns)}</p>"
                    f"<p>Decision: {html.escape(decision)}</p>"
                ),
                organisation=family.lead_organisation.name,
                url=reverse("cases:referrals", args=[family.pk]),
            )
        )
    return items


def _name(person: Any) -> str:
    return str(getattr(person, "full_name", "") or "")


def _registered_items(user: User, family: Family) -> list[ChronologyItem]:
    """Significant events other apps add (``cases.events``): screenings, mappings, referral
    decisions, plan reviews. Each source decides what this person may see of its records."""
    names = {yp.pk: yp.display_name for yp in family.young_people.all()}
    return [
        ChronologyItem(
            when=_local_datetime(event.date),
            kind=source.key,
            tag=event.kind if event.kind in Tag.values else Tag.NEUTRAL,
            title=event.title,
            body=f"<p>{html.escape(event.details)}</p>" if event.details else "",
            organisation="",
            young_people=[names[i] for i in sorted(event.young_person_ids) if i in names],
            young_person_ids=set(event.young_person_ids),
            date_only=True,
            recorded_by=event.recorded_by,
        )
        for source in CHRONOLOGY_SOURCES.values()
        for event in source.events(user, family)
    ]


def _build_chronology(user: User, family: Family) -> list[ChronologyItem]:
    items: list[ChronologyItem] = [
        ChronologyItem(
            when=family.opened_at,
            kind="case",
            tag=Tag.NEUTRAL,
            title="Case opened",
            body=f"<p>{html.escape(family.lead_organisation.name)} opened the case.</p>",
            organisation=family.lead_organisation.name,
        )
    ]
    # A partner organisation sees what is marked for it; a referral, and the events other apps
    # add (screenings, plan reviews), are casework only.
    sections = policy.visible_sections(user, family)
    casework = Section.CASEWORK in sections
    if casework:
        items.extend(_referral_items(user, family))
    for contact in (
        _for_family(Contact, user, family, sections)
        .filter(significant=True)
        .select_related("recorded_by_organisation", "recorded_by")
        .prefetch_related("young_people")
    ):
        people = list(contact.young_people.all())
        items.append(
            ChronologyItem(
                when=contact.occurred_at,
                kind="contact",
                tag=contact.chronology_tag,
                title=contact.get_kind_display(),
                body=contact.discussed,
                organisation=contact.recorded_by_organisation.name,
                young_people=[p.display_name for p in people],
                young_person_ids={p.pk for p in people},
                url=reverse("records:contact", args=[contact.pk]),
                recorded_by=contact.recorded_by.full_name,
            )
        )
    for episode in _for_family(MissingEpisode, user, family, sections).select_related(
        "young_person",
        "recorded_by",
        "recorded_by_organisation",
        "return_interview",
        "return_interview__recorded_by",
    ):
        items.extend(_episode_items(episode))
    for entry in (
        _for_family(ChronologyEntry, user, family, sections)
        .select_related("recorded_by_organisation", "recorded_by")
        .prefetch_related("young_people")
    ):
        people = list(entry.young_people.all())
        items.append(
            ChronologyItem(
                when=_local_datetime(entry.occurred_on),
                kind="event",
                tag=entry.tag,
                title=entry.title,
                body=entry.details,
                organisation=entry.recorded_by_organisation.name,
                young_people=[p.display_name for p in people],
                young_person_ids={p.pk for p in people},
                date_only=True,
                recorded_by=entry.recorded_by.full_name,
            )
        )
    if casework:
        items.extend(_registered_items(user, family))
    items.sort(key=lambda i: i.when, reverse=True)
    return items


def _apply_filters(items: list[ChronologyItem], filters: ChronologyFilters) -> list[ChronologyItem]:
    def keep(item: ChronologyItem) -> bool:
        day = timezone.localtime(item.when).date()
        if filters.kinds and item.kind not in filters.kinds:
            return False
        if filters.tags and item.tag not in filters.tags:
            return False
        if filters.date_from and day < filters.date_from:
            return False
        if filters.date_to and day > filters.date_to:
            return False
        # Whole-family events (no young person named) stay in each young person's view.
        return not (
            filters.young_person_id
            and item.young_person_ids
            and filters.young_person_id not in item.young_person_ids
        )

    return [i for i in items if keep(i)]


def family_chronology(
    *,
    user: User,
    pk: int,
    filters: ChronologyFilters | None = None,
    request: HttpRequest | None = None,
) -> tuple[Family, list[ChronologyItem]]:
    """The family's chronology as this person may see it, newest first. The family read is audited
    by get_family."""
    family = get_family(user=user, pk=pk, request=request)
    items = _apply_filters(_build_chronology(user, family), filters or ChronologyFilters())
    return family, items


def chronology_for_export(
    *,
    user: User,
    pk: int,
    filters: ChronologyFilters | None,
    export_format: str,
    request: HttpRequest | None = None,
) -> tuple[Family, list[ChronologyItem]]:
    """The same chronology, with the export itself written to the audit trail."""
    filters = filters or ChronologyFilters()
    family, items = family_chronology(user=user, pk=pk, filters=filters, request=request)
    record(
        action=AuditAction.EXPORT,
        actor=user,
        request=request,
        obj=family,
        reason="chronology export",
        detail={"format": export_format, "entries": len(items), "filters": filters.as_detail()},
    )
    return family, items
