"""Field-level need-to-know as a reviewed list (issue 14, item 5).

For each person of the URL matrix's world (``build_world``; plus a police analyst whose share
covers every section), every page, export and API response about the family is fetched and what it
shows is recorded: the ``data-field`` markers of the pages, the relationship map's node groups,
the CSV's header and kinds of row, the API's JSON keys, and which planted values (the child's
school, health notes, an unmarked contact…) appear anywhere in the response. The result must
equal ``snapshots/fields.json``: a new field, or a field reaching a new role, fails here with a
diff, so it is a reviewed decision.

After reviewing the diff, regenerate with::

    UPDATE_FIELD_SNAPSHOT=1 .venv/bin/pytest tests/access/test_field_snapshot.py

and commit the snapshot with the change that caused it.
"""

from __future__ import annotations

import csv
import difflib
import html
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from relsafe.access.sections import SHAREABLE
from relsafe.accounts.models import Organisation
from relsafe.accounts.roles import Role
from relsafe.relationships.models import Kind
from tests.access.test_url_matrix import build_world, client_for
from tests.api.factories import TokenClient, token_for
from tests.factories import (
    ChronologyEntryFactory,
    ConnectionFactory,
    ContactFactory,
    OrganisationShareFactory,
    StrengthEntryFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "snapshots" / "fields.json"
UPDATE = os.environ.get("UPDATE_FIELD_SNAPSHOT") == "1"

# Values planted in the world, each standing for a field or a kind of record: which of them
# reach a person is part of the snapshot.
PLANTED = {
    "education": "PLANTED-SCHOOL",
    "health": "PLANTED-HEALTH",
    "identity": "PLANTED-IDENTITY",
    "concerns": "PLANTED-CONCERNS",
    "strength": "PLANTED-STRENGTH",
    "marked contact": "PLANTED-MARKED-CONTACT",
    "unmarked contact": "PLANTED-UNMARKED-CONTACT",
    "marked event": "PLANTED-MARKED-EVENT",
    "unmarked event": "PLANTED-UNMARKED-EVENT",
    "person of concern": "PLANTED-CONCERN-PERSON",
    "trusted adult": "PLANTED-TRUSTED-ADULT",
}

# What each response is, as (kind, URL name, world objects for its arguments).
PAGES: dict[str, tuple[str, str, dict[str, str]]] = {
    "page: family": ("html", "cases:family", {"pk": "family"}),
    "page: child profile": ("html", "cases:young-person", {"pk": "young_person"}),
    "page: chronology": ("html", "records:chronology", {"family_pk": "family"}),
    "page: contacts": ("html", "records:contacts", {"family_pk": "family"}),
    "page: relationship map": (
        "html",
        "relationships:map",
        {"family_pk": "family", "young_person_pk": "young_person"},
    ),
    "export: chronology csv": ("csv", "records:chronology-csv", {"family_pk": "family"}),
    "export: chronology pdf": ("pdf", "records:chronology-pdf", {"family_pk": "family"}),
    "api: family": ("api", "api:family", {"family_pk": "family"}),
    "api: young people": ("api", "api:family-young-people", {"family_pk": "family"}),
    "api: young person": ("api", "api:young-person", {"pk": "young_person"}),
    "api: contacts": ("api", "api:family-contacts", {"family_pk": "family"}),
    "api: chronology": ("api", "api:family-chronology", {"family_pk": "family"}),
}
STAFF = {r for r in Role if r not in (Role.PARENT, Role.YOUNG_PERSON)}


def _plant(world: Any) -> dict[str, Any]:
    """The planted values, and a police analyst of a third force whose share covers everything."""
    people, objects = world.people, world.objects
    family, child, worker = objects["family"], objects["young_person"], people["psw_allocated"]
    child.education = PLANTED["education"]
    child.health = PLANTED["health"]
    child.identity = PLANTED["identity"]
    child.concerns = PLANTED["concerns"]
    child.save()
    StrengthEntryFactory(young_person=child, recorded_by=worker, text=PLANTED["strength"])
    contact = objects["contact"]
    contact.discussed = PLANTED["unmarked contact"]
    contact.significant = True
    contact.save()
    marked: Any = ContactFactory(
        family=family,
        recorded_by=worker,
        discussed=PLANTED["marked contact"],
        significant=True,
        share_with_police=True,
    )
    marked.young_people.add(child)
    ChronologyEntryFactory(family=family, recorded_by=worker, title=PLANTED["unmarked event"])
    ChronologyEntryFactory(
        family=family, recorded_by=worker, title=PLANTED["marked event"], share_with_police=True
    )
    ConnectionFactory(
        young_person=child, kind=Kind.PERSON_OF_CONCERN, name=PLANTED["person of concern"]
    )
    ConnectionFactory(
        young_person=child,
        kind=Kind.TRUSTED_ADULT,
        is_trusted_adult=True,
        name=PLANTED["trusted adult"],
    )
    wide_force: Any = TeamFactory(organisation__kind=Organisation.Kind.POLICE, name="Wide")
    OrganisationShareFactory(
        family=family, organisation=wide_force.organisation, scopes=[s.value for s in SHAREABLE]
    )
    subjects = dict(people)
    subjects["police_with_every_section"] = UserFactory(role=Role.POLICE_ANALYST, team=wide_force)
    return subjects


def _text(kind: str, response: Any) -> str:
    if kind == "pdf":
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return html.unescape(response.content.decode())


def _json_keys(value: Any, prefix: str = "") -> set[str]:
    """Every key path in a JSON document, lists collapsed (``results[].first_name``)."""
    keys: set[str] = set()
    if isinstance(value, dict):
        for name, inner in value.items():
            path = f"{prefix}.{name}" if prefix else name
            keys.add(path)
            keys |= _json_keys(inner, path)
    elif isinstance(value, list):
        for inner in value:
            keys |= _json_keys(inner, f"{prefix}[]")
    return keys


def _fields(kind: str, response: Any, text: str) -> list[str]:
    if kind == "html":
        fields = set(re.findall(r'data-field="([^"]+)"', text))
        data = re.search(r'<script id="ecomap-data" type="application/json">(.*?)</script>', text)
        if data:
            for node in json.loads(data.group(1)).get("nodes", []):
                fields.add(f"map.node.{node['data']['group']}")
        return sorted(fields)
    if kind == "csv":
        rows = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if row]
        header = [f"column.{c.strip()}" for c in rows[0]] if rows else []
        kinds = {f"row.{row[2]}" for row in rows[1:] if len(row) > 2}
        return header + sorted(kinds)
    if kind == "api":
        return sorted(_json_keys(response.json()))
    return []


def _entry(kind: str, response: Any) -> dict[str, Any]:
    if response.status_code != 200:
        return {"status": response.status_code}
    text = _text(kind, response)
    return {
        "status": 200,
        "fields": _fields(kind, response, text),
        "planted": sorted(name for name, value in PLANTED.items() if value in text),
    }


def _clients(person: Any) -> tuple[Client, Client | None]:
    web = client_for(person)
    api = TokenClient(token_for(person)) if person is not None and person.role in STAFF else None
    return web, api


def observe() -> dict[str, dict[str, Any]]:
    """What each person is shown, response by response."""
    world = build_world()
    subjects = _plant(world)
    seen: dict[str, dict[str, Any]] = {name: {} for name in PAGES}
    for subject, person in subjects.items():
        web, api = _clients(person)
        for name, (kind, url_name, kwargs) in PAGES.items():
            url = reverse(url_name, kwargs={k: world.objects[v].pk for k, v in kwargs.items()})
            client = api if kind == "api" else web
            if client is None:
                seen[name][subject] = {"status": "no API token for this role"}
                continue
            seen[name][subject] = _entry(kind, client.get(url))
    return seen


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def test_every_field_each_role_is_shown_is_the_reviewed_list() -> None:
    seen = _dump(observe())
    if UPDATE:
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(seen)
    expected = SNAPSHOT.read_text() if SNAPSHOT.exists() else ""
    if seen != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                seen.splitlines(keepends=True),
                fromfile=str(SNAPSHOT.relative_to(Path.cwd())) if SNAPSHOT.exists() else "none",
                tofile="shown now",
            )
        )
        pytest.fail(
            "What some role is shown has changed (fields, or planted values reaching them).\n"
            "Review every line below: is this person meant to see it (access/sections.py)?\n"
            "If so, regenerate: UPDATE_FIELD_SNAPSHOT=1 pytest tests/access/test_field_snapshot.py"
            f"\n\n{diff}",
            pytrace=False,
        )


def test_the_snapshot_has_every_role_and_response() -> None:
    """A role or a response left out of the snapshot would let its fields through unreviewed."""
    stored = json.loads(SNAPSHOT.read_text())
    assert set(stored) == set(PAGES)
    for name in PAGES:
        assert "police_with_share" in stored[name]
        assert "police_with_every_section" in stored[name]
        assert "psw_allocated" in stored[name]
