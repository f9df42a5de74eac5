"""The police copy of a submission: what a force will see, built from the worker's copy.

Source protection (PRODUCT.md §4): the children are pseudonymised as the force knows them
("Child A, 14"); the names of the family's children and carers, and the source's own name, are
taken out of every piece of free text; the source is described by type only unless a recorded
decision says the force may know who it is. A child's name never reaches a police copy, whatever
is decided (issue 10's safety rule). The worker sees this copy before confirming, and the copy
saved at that moment is the one the force reads, never rebuilt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from relsafe.cases.models import Carer, YoungPerson
from relsafe.intelligence.models import Entity, Submission

FAMILY_NAME = "[family name withheld]"
PARENT = "[parent's name withheld]"
SOURCE = "[source's name withheld]"


def age_on(young_person: YoungPerson, day: dt.date) -> int:
    born = young_person.date_of_birth
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def child_label(pseudonym: str, young_person: YoungPerson, day: dt.date) -> str:
    return f"{pseudonym}, {age_on(young_person, day)}"


class Redactor:
    """Replaces whole words naming the family's people, longest first, ignoring case."""

    def __init__(self, replacements: Mapping[str, str]) -> None:
        terms = sorted((t for t in replacements if len(t.strip()) >= 2), key=len, reverse=True)
        self._map = {t.casefold(): replacements[t] for t in terms}
        self._pattern = (
            re.compile(
                r"(?<![\w])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w])",
                re.IGNORECASE,
            )
            if terms
            else None
        )

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text or ""
        return self._pattern.sub(lambda m: self._map[m.group(1).casefold()], text)


def redactor_for(
    *,
    children: Iterable[tuple[YoungPerson, str]],
    family_children: Iterable[YoungPerson],
    carers: Iterable[Carer],
    source_name: str,
    disclose_source: bool,
) -> Redactor:
    """Every name of the family's children (the ones the submission is about get their
    pseudonym; the others a plain "a child"), their surnames, and the carers' and source's names
    unless the source may be disclosed."""
    labels = {yp.pk: label for yp, label in children}
    replacements: dict[str, str] = {}
    for yp in family_children:
        label = labels.get(yp.pk, "[a child]")
        for name in (
            f"{yp.first_name} {yp.last_name}",
            f"{yp.preferred_name} {yp.last_name}" if yp.preferred_name else "",
            yp.first_name,
            yp.preferred_name,
            *yp.alias_list,
        ):
            if name:
                replacements[name] = label
        replacements.setdefault(yp.last_name, FAMILY_NAME)
    if not disclose_source:
        for carer in carers:
            replacements[carer.full_name] = PARENT
            for part in carer.full_name.split():
                replacements.setdefault(part, PARENT)
        if source_name.strip():
            replacements[source_name.strip()] = SOURCE
    return Redactor(replacements)


def police_copy(
    *,
    submission: Submission,
    entities: Iterable[Entity],
    children: list[tuple[YoungPerson, str]],
    family_children: Iterable[YoungPerson],
    carers: Iterable[Carer],
    sent_at: dt.datetime,
    sent_by: Any,
) -> dict[str, Any]:
    """The whole police copy as plain data (JSON): every page and export on the police side is
    drawn from this and from the pseudonyms, never from the worker's copy."""
    day = submission.occurred_on
    labelled = [(yp, child_label(label, yp, day)) for yp, label in children]
    redact = redactor_for(
        children=children,  # in free text a child is "Child A"; the age is in the list
        family_children=family_children,
        carers=carers,
        source_name=submission.source_name,
        disclose_source=submission.disclose_source,
    )
    entities = list(entities)
    people: list[dict[str, Any]] = []
    by_person: dict[int, dict[str, Any]] = {}
    loose: dict[str, list[dict[str, Any]]] = {"phones": [], "vehicles": [], "handles": []}
    places: list[dict[str, Any]] = []
    times: list[str] = []
    for e in entities:
        if e.kind == Entity.Kind.PERSON:
            person = {
                "entity": e.pk,
                "name": redact(e.name),
                "nickname": redact(e.nickname),
                "age_estimate": e.age_estimate,
                "gender": e.gender,
                "description": redact(e.description),
                "phones": [],
                "vehicles": [],
                "handles": [],
            }
            people.append(person)
            by_person[e.pk] = person
    for e in entities:
        item: dict[str, Any]
        if e.kind == Entity.Kind.PHONE:
            item, group = {"entity": e.pk, "number": e.value}, "phones"
        elif e.kind == Entity.Kind.VEHICLE:
            item = {"entity": e.pk, "plate": e.value, "colour": e.colour, "make": e.make}
            group = "vehicles"
        elif e.kind == Entity.Kind.HANDLE:
            item, group = {"entity": e.pk, "handle": e.value}, "handles"
        elif e.kind == Entity.Kind.PLACE:
            places.append({"entity": e.pk, "place": redact(e.value), "postcode": e.postcode})
            continue
        elif e.kind == Entity.Kind.TIME:
            times.append(redact(e.value))
            continue
        else:
            continue
        owner = by_person.get(e.person_id) if e.person_id else None
        (owner[group] if owner is not None else loose[group]).append(item)
    source = submission.get_source_type_display()
    return {
        "reference": submission.reference,
        "sent_at": sent_at.isoformat(),
        "sent_by": f"{sent_by.full_name}, {sent_by.organisation.name}",
        "source": source,
        "source_identity": (
            submission.source_name if submission.disclose_source else "withheld (source protected)"
        ),
        "source_disclosure_reason": submission.disclose_source_reason
        if submission.disclose_source
        else "",
        "grading": {
            "source": submission.source_grade,
            "information": submission.information_grade,
            "handling": submission.handling,
            "code": submission.grading,
            "source_label": submission.get_source_grade_display(),
            "information_label": submission.get_information_grade_display(),
            "handling_label": submission.get_handling_display(),
            "handling_conditions": redact(submission.handling_conditions),
        },
        "lawful_basis": submission.get_lawful_basis_display(),
        "lawful_basis_notes": redact(submission.lawful_basis_notes),
        "basis_decided_by": submission.basis_decided_by.full_name,
        "offence": submission.get_offence_display(),
        "offence_code": submission.offence,
        "occurred_on": submission.occurred_on.isoformat(),
        "children": [label for _, label in labelled],
        "what_happened": redact(submission.what_happened),
        "people": people,
        **loose,
        "places": places,
        "times": times,
    }


def copy_text(copy: Mapping[str, Any]) -> str:
    """Every string in a police copy, joined: what tests search for names that must not be there."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, Mapping):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(copy)
    return "\n".join(parts)
