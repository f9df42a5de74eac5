"""Changes to a young person's relationship map. Each runs in one transaction with its history row
and its audit entry, checks that the person may change this map (``access.policy.require``), and
refuses to overwrite a tie someone else changed since it was read (optimistic locking on
``Connection.version``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.access.policy import Action, atomic_action, require
from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record
from relsafe.cases.models import YoungPerson
from relsafe.core.concurrency import check_unchanged, update_if_unchanged
from relsafe.relationships.models import Connection, ConnectionHistory

ALREADY_ENDED = "This tie has already ended. Add it again if it has started again."


@dataclass(frozen=True)
class ConnectionDetails:
    """What a worker records about one tie. ``feeling`` only for places."""

    kind: str
    name: str
    quality: str
    said_by: str
    known_as: str = ""
    relationship: str = ""
    is_trusted_adult: bool = False
    feeling: str = ""
    notes: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ConnectionDetails:
        """From a form's cleaned data (extra keys such as ``version`` are ignored)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("known_as", "relationship", "feeling", "notes"):
            values[key] = values.get(key) or ""
        values["is_trusted_adult"] = bool(values.get("is_trusted_adult"))
        return cls(**values)


def _same_name(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    first, second = " ".join(a.lower().split()), " ".join(b.lower().split())
    return bool(first and second) and fuzz.token_sort_ratio(first, second) >= 90


def already_on_map(
    *, young_person: YoungPerson, name: str, known_as: str = ""
) -> Connection | None:
    """A live tie on this child's map with the same name or "known as" (word order, case and
    spacing aside), or None."""
    for connection in Connection.objects.filter(young_person=young_person, ended_at__isnull=True):
        names = (connection.name, connection.known_as)
        if any(_same_name(typed, existing) for typed in (name, known_as) for existing in names):
            return connection
    return None


def _write_history(
    connection: Connection, change: ConnectionHistory.Change, actor: User
) -> ConnectionHistory:
    return ConnectionHistory.objects.create(
        connection=connection,
        young_person_id=connection.young_person_id,
        change=change,
        version=connection.version,
        snapshot=connection.snapshot(),
        changed_by=actor,
        changed_at=connection.updated_at,
    )


def _with_people(connection: Connection) -> QuerySet[Connection]:
    return Connection.objects.select_related("young_person__family", "updated_by").filter(
        pk=connection.pk
    )


def _locked(connection: Connection) -> Connection:
    return _with_people(connection).select_for_update(of=("self",)).get()


@atomic_action
def add_connection(
    *,
    actor: User,
    young_person: YoungPerson,
    details: ConnectionDetails,
    someone_else: bool = False,
    request: HttpRequest | None = None,
) -> Connection:
    """Put a new person, group, vehicle or place on the map. Someone already on it (the same
    name or "known as", as people type them) is offered instead of added twice, unless the worker
    says this is someone else."""
    require(actor, Action.EDIT_MAP, family=young_person.family, request=request)
    if not someone_else:
        same = already_on_map(
            young_person=young_person, name=details.name, known_as=details.known_as
        )
        if same is not None:
            raise ValidationError(
                {
                    "name": f"{same.name} is already on the map. Change their tie instead, or "
                    "say this is someone else"
                },
                code="already_on_map",
            )
    now = timezone.now()
    connection = Connection(
        young_person=young_person,
        created_by=actor,
        updated_by=actor,
        created_at=now,
        updated_at=now,
        **asdict(details),
    )
    connection.full_clean()
    connection.save()
    _write_history(connection, ConnectionHistory.Change.ADDED, actor)
    record(
        action=AuditAction.CREATE,
        actor=actor,
        request=request,
        obj=connection,
        family_id=young_person.family_id,
        detail={"young_person": young_person.pk, "kind": connection.kind},
    )
    return connection


@atomic_action
def update_connection(
    *,
    actor: User,
    connection: Connection,
    expected_version: int,
    details: ConnectionDetails,
    request: HttpRequest | None = None,
) -> Connection:
    """Change a live tie. Raises ``EditConflict`` if it changed since ``expected_version``;
    saving the same values again changes nothing and writes no history."""
    current = _locked(connection)
    require(actor, Action.EDIT_MAP, record=current, request=request)
    if current.ended_at is not None:
        raise ValidationError(ALREADY_ENDED)
    wanted = asdict(details)
    check_unchanged(current, expected_version, saved=wanted)
    before = current.snapshot()
    for key, value in wanted.items():
        setattr(current, key, value)
    current.full_clean()
    changed = sorted(k for k, v in current.snapshot().items() if before.get(k) != v)
    if not changed:
        return current
    current = update_if_unchanged(
        _with_people(current),
        expected_version,
        **wanted,
        updated_at=timezone.now(),
        updated_by=actor,
    )
    _write_history(current, ConnectionHistory.Change.CHANGED, actor)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=current,
        family_id=current.young_person.family_id,
        detail={"young_person": current.young_person_id, "fields": changed},
    )
    return current


@atomic_action
def end_connection(
    *,
    actor: User,
    connection: Connection,
    expected_version: int,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Connection:
    """Take a tie off the live map. It stays in the history, so earlier maps still show it."""
    current = _locked(connection)
    require(actor, Action.EDIT_MAP, record=current, request=request)
    if current.ended_at is not None:
        raise ValidationError(ALREADY_ENDED)
    check_unchanged(current, expected_version, saved={"ended_reason": reason})
    now = timezone.now()
    current = update_if_unchanged(
        _with_people(current),
        expected_version,
        ended_at=now,
        ended_reason=reason.strip()[:300],
        updated_at=now,
        updated_by=actor,
    )
    _write_history(current, ConnectionHistory.Change.ENDED, actor)
    record(
        action=AuditAction.UPDATE,
        actor=actor,
        request=request,
        obj=current,
        family_id=current.young_person.family_id,
        detail={"young_person": current.young_person_id, "ended": True},
    )
    return current
