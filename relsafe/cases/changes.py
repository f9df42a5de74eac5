"""What others changed on a person's families since they last looked.

Every service that adds, changes or shares a case record writes an audit entry with the family's
id in the same transaction (ARCHITECTURE.md), so the trail already knows, for every app, who
changed which family when. Which kinds of entry count as a change to the case is the registry
``relsafe.audit.describe`` (``register_record_kind(case_record=True)``), filled by each app from
its ``AppConfig.ready``: a contact, a missing episode, an assessment, the plan, a referral, the
relationship map, the family's own details. Drafts, messages and reads do not count; neither does
anything the person did themselves.

"Since they last looked" is ``FamilyView.viewed_at`` (set when the family page is opened). A
family never opened counts changes from the last ``UNSEEN_FAMILY_DAYS`` only, so a worker newly
allocated to an old case is not shown its whole history as news.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateTimeField, Exists, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.audit.describe import CHANGE_ACTIONS, case_record_types, what_they_did
from relsafe.audit.models import AuditEvent
from relsafe.cases.models import Family, FamilyView

UNSEEN_FAMILY_DAYS = 14
FEED_LENGTH = 8


def _changes_by_others(user: User) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        action__in=CHANGE_ACTIONS, object_type__in=case_record_types()
    ).exclude(actor_id=user.pk)


def _last_viewed(user: User, family_ref: Any) -> Subquery:
    return Subquery(
        FamilyView.objects.filter(user_id=user.pk, family_id=family_ref).values("viewed_at")[:1],
        output_field=DateTimeField(),
    )


def _since(last_viewed: Any, now: dt.datetime) -> Coalesce:
    floor = Value(now - dt.timedelta(days=UNSEEN_FAMILY_DAYS), output_field=DateTimeField())
    return Coalesce(last_viewed, floor, output_field=DateTimeField())


def annotate_changed_by_others(families: QuerySet[Family], user: User) -> QuerySet[Family]:
    """``changed_by_others``: someone else changed a record of the family since this person last
    opened it (one subquery; the caseload's rows are already limited to what they may see)."""
    now = timezone.now()
    since = _since(_last_viewed(user, OuterRef(OuterRef("pk"))), now)
    return families.annotate(
        changed_by_others=Exists(
            _changes_by_others(user).filter(family_id=OuterRef("pk"), occurred_at__gt=since)
        )
    )


@dataclass(frozen=True)
class Change:
    """One line of the start page's feed."""

    when: dt.datetime
    who: str
    what: str
    family_id: int
    family_name: str

    @property
    def sentence(self) -> str:
        return f"{self.who} {self.what}"

    @property
    def url(self) -> str:
        return reverse("cases:family", args=[self.family_id])


def recent_changes(*, user: User, limit: int = FEED_LENGTH) -> list[Change]:
    """The newest changes others made on the families this person may open, since they last
    opened each one; newest first. Scoped by ``visible_families`` (need-to-know), and only for
    people who work on families: a police analyst's shared families are not their caseload."""
    if not policy.can(user, policy.Action.VIEW_RECORDS) or user.role == Role.POLICE_ANALYST:
        return []
    now = timezone.now()
    events = (
        _changes_by_others(user)
        .filter(family_id__in=policy.visible_families(user).values("pk"))
        .annotate(since=_since(_last_viewed(user, OuterRef("family_id")), now))
        .filter(occurred_at__gt=F("since"))
        .annotate(
            actor_name=Subquery(
                User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1]
            ),
            family_name=Subquery(
                Family.objects.filter(pk=OuterRef("family_id")).values("name")[:1]
            ),
        )
        .order_by("-occurred_at", "-id")[: limit * 4]
    )
    changes: list[Change] = []
    seen: set[tuple[int, str, str, str]] = set()
    for event in events:
        who = event.actor_name or "Someone"
        what = what_they_did(event.action, event.object_type)
        # One line for a burst of the same change (a contact saved, then its note corrected).
        key = (int(event.family_id or 0), who, what, f"{event.occurred_at:%Y%m%d%H}")
        if key in seen:
            continue
        seen.add(key)
        changes.append(
            Change(
                when=event.occurred_at,
                who=who,
                what=what,
                family_id=int(event.family_id or 0),
                family_name=event.family_name or "",
            )
        )
        if len(changes) == limit:
            break
    return changes
