"""Erasing one person inside a kept case (UK GDPR Art. 17): where a name appears in a family's
records, and anonymising it in place.

Three kinds of place are searched: the family's people records (carers), the relationships map
(ties on each child's map, with their history), and free text in every record kind the search
knows (``core.search``: contacts, chronology events, plans, actions, referrals, assessments),
found through the search index within the family and then confirmed word for word. A people
record or a map entry becomes "Person removed at their request, <date>" (its contact details
blanked); in free text each mention becomes "[person removed at their request]". The case and
everything else in it stay; audit entries are never touched (they hold ids, not names)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.apps import apps
from django.db.models import F, Model, QuerySet
from django.utils import timezone

from relsafe.cases.models import Family
from relsafe.core import search
from relsafe.relationships.models import Connection, ConnectionHistory

IN_TEXT = "[person removed at their request]"


def placeholder(day: dt.date) -> str:
    return f"Person removed at their request, {day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Place:
    """One record that names the person: what it is (for the page), and which fields."""

    label: str
    model: str  # "app_label.model_name"
    pk: int
    fields: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "fields": list(self.fields)}


def names_of(person_name: str, other_names: str) -> list[str]:
    """The names to look for, longest first (so a full name is replaced before its parts)."""
    names = [person_name, *other_names.split(",")]
    cleaned = {" ".join(n.split()) for n in names if len(n.strip()) >= 2}
    return sorted(cleaned, key=lambda n: (-len(n), n))


def pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Whole words, any case, any run of spaces between the parts of a name."""
    parts = [r"\s+".join(re.escape(w) for w in name.split()) for name in names]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _text_fields(model: type[Model]) -> list[str]:
    """The free-text fields of a model a person writes in (not choices, not the search column)."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField")
        and not f.choices
        and f.attname != "search_text"
        and f.editable
    ]


def _family_rows(kind: search.SearchKind, family: Family) -> QuerySet[Any] | None:
    names = {f.name for f in kind.model._meta.get_fields()}
    for field, path in (
        ("family", "family"),
        ("plan", "plan__family"),
        ("young_person", "young_person__family"),
    ):
        if field in names:
            return kind.model._default_manager.filter(**{path: family})
    return None


def _people_places(family: Family, match: re.Pattern[str]) -> list[Place]:
    places = []
    for carer in family.carers.order_by("pk"):
        hits = tuple(f for f in ("full_name", "relationship") if match.search(getattr(carer, f)))
        if hits:
            places.append(Place("People record (parent or carer)", "cases.carer", carer.pk, hits))
    return places


def _map_places(family: Family, match: re.Pattern[str]) -> list[Place]:
    places = []
    ties = Connection.objects.filter(young_person__family=family).select_related("young_person")
    for tie in ties.order_by("young_person_id", "pk"):
        hits = tuple(f for f in _text_fields(Connection) if match.search(getattr(tie, f) or ""))
        if hits:
            label = f"Relationships map of {tie.young_person.first_name}: {tie.get_kind_display()}"
            places.append(Place(label, "relationships.connection", tie.pk, hits))
    return places


def _text_places(family: Family, names: list[str], match: re.Pattern[str]) -> list[Place]:
    """Free text, through the search index within the family, confirmed word for word."""
    places = []
    for kind in search.kinds():
        rows = _family_rows(kind, family)
        if rows is None:
            continue
        candidates: set[int] = set()
        for name in names:
            candidates |= set(search.matching_in(kind, rows, name, limit=1000))
        fields = _text_fields(kind.model)
        for row in kind.model._default_manager.filter(pk__in=candidates).order_by("pk"):
            hits = tuple(f for f in fields if match.search(str(getattr(row, f) or "")))
            if hits:
                places.append(Place(kind.hit_label, kind.model._meta.label_lower, row.pk, hits))
    return places


def find(family: Family, names: list[str]) -> list[Place]:
    """Every record of this family that names the person, in the order the page lists them."""
    if not names:
        return []
    match = pattern(names)
    return [
        *_people_places(family, match),
        *_map_places(family, match),
        *_text_places(family, names, match),
    ]


def _replace(value: Any, match: re.Pattern[str]) -> Any:
    """Every string in a value (text, or a history snapshot's JSON) with the name taken out."""
    if isinstance(value, str):
        return match.sub(IN_TEXT, value)
    if isinstance(value, list):
        return [_replace(v, match) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, match) for k, v in value.items()}
    return value


# The fields that *are* the person (a people record, a tie on the map): replaced whole, with the
# details that would identify them blanked.
WHOLE = {
    "cases.carer": ({"full_name"}, {"phone": "", "email": ""}),
    "relationships.connection": ({"name"}, {"known_as": ""}),
}


def _values(row: Model, place: Place, match: re.Pattern[str], day: dt.date) -> dict[str, Any]:
    whole, blanks = WHOLE.get(place.model, (set(), {}))
    values: dict[str, Any] = {}
    for field in place.fields:
        if field in whole:
            values[field] = placeholder(day)
        else:
            values[field] = match.sub(IN_TEXT, getattr(row, field) or "")
    if whole & set(place.fields):
        values.update(blanks)  # the details that would identify them, with the name
    if hasattr(row, "search_text"):
        text = match.sub(IN_TEXT, row.search_text)
        for field in whole & set(place.fields):
            text = text.replace(getattr(row, field), placeholder(day))
        values["search_text"] = text
    if hasattr(row, "version"):
        values["version"] = F("version") + 1
    return values


def _history(tie: Connection, place: Place, match: re.Pattern[str], day: dt.date) -> None:
    """A map entry's history holds snapshots of the entry: the person goes from those too."""
    for entry in ConnectionHistory.objects.filter(connection=tie):
        snapshot = _replace(entry.snapshot, match)
        if isinstance(snapshot, dict) and "name" in place.fields:
            snapshot["name"] = placeholder(day)
            snapshot["known_as"] = ""
        ConnectionHistory.objects.filter(pk=entry.pk).update(snapshot=snapshot)


def anonymise(places: list[Place], names: list[str], day: dt.date | None = None) -> int:
    """Take the person out of each place; returns how many records changed. The caller holds
    the transaction and writes the audit entries."""
    day = day or timezone.localdate()
    match = pattern(names)
    changed = 0
    for place in places:
        model = apps.get_model(place.model)
        row = model._default_manager.filter(pk=place.pk).first()
        if row is None:
            continue
        model._default_manager.filter(pk=place.pk).update(**_values(row, place, match, day))
        if isinstance(row, Connection):
            _history(row, place, match, day)
        changed += 1
    return changed


def initials(name: str) -> str:
    """What the request keeps of the person once they are erased."""
    return " ".join(f"{w[0].upper()}." for w in name.split() if w) or "?"
