"""What an audit entry means, in words: "Morgan Reid opened the family page", "Leah Patel recorded
a contact", not "Viewed (cases.family)".

The trail stores ``object_type`` as a model label (``records.contact``) so that it outlives the
apps that wrote it. Each app names its own kinds of record here from its ``AppConfig.ready``::

    from relsafe.audit.describe import register_record_kind

    register_record_kind(
        object_type="records.contact",
        noun="a contact",
        added="recorded a contact",
    )

A kind registered with ``case_record=True`` (the default) is part of a family's case: when
someone adds, changes or shares one, the family has changed for everyone else on it. That is what
"Changed since you looked" on the caseload and the start page's "What others did on your
families" count (``relsafe.cases.changes``), so a new kind of record joins them by registering
here, without ``cases`` importing it. Unregistered kinds still read sensibly ("changed a record").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from relsafe.audit.models import AuditAction

# The actions that change a case record, as opposed to reading it.
CHANGE_ACTIONS: frozenset[str] = frozenset(
    {AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.SHARE}
)


@dataclass(frozen=True)
class RecordKind:
    """One kind of record, in the words a worker uses. Each phrase is what a person did, written
    to follow their name: "Leah Patel" + "recorded a contact"."""

    object_type: str
    noun: str
    case_record: bool = True
    added: str = ""
    changed: str = ""
    viewed: str = ""
    removed: str = ""
    shared: str = ""
    exported: str = ""

    def phrase(self, action: str) -> str:
        own: dict[str, str] = {
            AuditAction.CREATE.value: self.added,
            AuditAction.UPDATE.value: self.changed,
            AuditAction.VIEW.value: self.viewed,
            AuditAction.DELETE.value: self.removed,
            AuditAction.SHARE.value: self.shared,
            AuditAction.EXPORT.value: self.exported,
        }
        if own.get(action):
            return own[action]
        verb = _VERBS.get(action)
        if verb is None:
            return (
                str(AuditAction(action).label).lower() if action in AuditAction.values else action
            )
        return f"{verb} {self.noun}"


_VERBS: dict[str, str] = {
    AuditAction.CREATE: "added",
    AuditAction.UPDATE: "changed",
    AuditAction.VIEW: "looked at",
    AuditAction.DELETE: "deleted",
    AuditAction.SHARE: "shared",
    AuditAction.EXPORT: "exported",
    AuditAction.SEARCH: "searched",
    AuditAction.ACCESS_DENIED: "was refused access to",
}

# Actions that are about the person, not about a record: said the same way whatever the object.
_PERSONAL: dict[str, str] = {
    AuditAction.SIGN_IN: "signed in",
    AuditAction.SIGN_IN_FAILED: "failed to sign in",
    AuditAction.SIGN_OUT: "signed out",
    AuditAction.LOCKED_OUT: "was locked out",
    AuditAction.MFA_ENROLLED: "set up an authenticator",
    AuditAction.MFA_FAILED: "entered a wrong authenticator code",
    AuditAction.REAUTHENTICATED: "confirmed who they are",
    AuditAction.SESSION_ENDED: "was signed out",
    AuditAction.BREAK_GLASS_START: "started emergency access",
    AuditAction.BREAK_GLASS_END: "ended emergency access",
    AuditAction.BREAK_GLASS_REVIEW: "reviewed someone's emergency access",
    AuditAction.ALLOCATION: "changed the team around the family",
    AuditAction.PERMISSION_CHANGE: "changed someone's role",
    AuditAction.ADMIN_CHANGE: "made an administration change",
}

RECORD_KINDS: dict[str, RecordKind] = {}


def _register_builtin() -> None:
    """The kinds the lowest layer itself writes about (pages, the trail, people's accounts)."""
    for object_type, noun, viewed, exported in (
        ("url", "a page", "opened a page", ""),
        ("core.search", "the search", "searched", ""),
        ("audit.auditevent", "the audit trail", "read the audit trail", "exported the audit trail"),
        ("accounts.user", "a person's account", "looked at a person's account", ""),
        ("accounts.usersession", "a signed-in session", "", ""),
        ("accounts.securitykey", "a security key", "", ""),
    ):
        RECORD_KINDS[object_type] = RecordKind(
            object_type=object_type,
            noun=noun,
            case_record=False,
            viewed=viewed,
            exported=exported,
        )


def register_record_kind(
    *,
    object_type: str,
    noun: str,
    case_record: bool = True,
    added: str = "",
    changed: str = "",
    viewed: str = "",
    removed: str = "",
    shared: str = "",
    exported: str = "",
) -> RecordKind:
    """Name a kind of record (or replace its name, by ``object_type``)."""
    kind = RecordKind(
        object_type=object_type,
        noun=noun,
        case_record=case_record,
        added=added,
        changed=changed,
        viewed=viewed,
        removed=removed,
        shared=shared,
        exported=exported,
    )
    RECORD_KINDS[object_type] = kind
    return kind


def case_record_types() -> list[str]:
    """The object types whose changes change a family's case (see the module docstring)."""
    return sorted(t for t, kind in RECORD_KINDS.items() if kind.case_record)


def kind_of(object_type: str) -> RecordKind:
    return RECORD_KINDS.get(object_type) or RecordKind(object_type=object_type, noun="a record")


def what_they_did(action: str, object_type: str) -> str:
    """The phrase that follows a person's name: "opened the family page", "recorded a contact"."""
    if action in _PERSONAL:
        return _PERSONAL[action]
    if not object_type:
        return _VERBS.get(action, action)
    return kind_of(object_type).phrase(action)


def describe(event: Any, *, actor_name: str = "") -> str:
    """One sentence for an audit entry: who, then what they did. ``actor_name`` defaults to the
    entry's annotated ``actor_name`` (see ``audit.selectors``), then its email, then "Someone"."""
    who = (
        actor_name
        or getattr(event, "actor_name", "")
        or getattr(event, "actor_email", "")
        or "Someone"
    )
    return f"{who} {what_they_did(str(event.action), str(event.object_type or ''))}"


_register_builtin()


def register_record_kinds(kinds: Iterable[dict[str, Any]]) -> None:
    """Several at once, for an app's ``AppConfig.ready``."""
    for kind in kinds:
        register_record_kind(**kind)
