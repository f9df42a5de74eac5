"""Records in the shared full-text search (relsafe.core.search): contacts and chronology events,
scoped to what the person may see, with safe highlighted snippets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Family
from relsafe.core.search import search
from relsafe.records import services
from relsafe.records.models import Contact
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db


def _contact(
    world: RecordsWorld,
    text: str,
    *,
    actor: User | None = None,
    family: Family | None = None,
    share_with_police: bool = False,
) -> Contact:
    return services.record_contact(
        actor=actor or world.worker,
        family=family or world.family,
        kind="home_visit",
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        discussed=text,
        share_with_police=share_with_police,
    )


def test_finds_words_with_highlighted_snippets(world: RecordsWorld) -> None:
    _contact(world, "Jayden said they told him he owed money for the phone.")
    _contact(world, "Talked about the school art show.")
    hits = search(user=world.worker, query="phone money")
    assert len(hits) == 1
    assert "<mark>phone</mark>" in hits[0].snippet_html
    assert "<mark>money</mark>" in hits[0].snippet_html
    assert hits[0].family == world.family
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).count() == 1


def test_snippets_escape_everything_but_the_marks(world: RecordsWorld) -> None:
    _contact(world, "Mum wrote &lt;b onmouseover=x&gt; on the note about the phone & car")
    hits = search(user=world.worker, query="phone")
    snippet = hits[0].snippet_html
    # SQLite shows the typed angle brackets escaped; PostgreSQL's headline drops tag-like text.
    assert "<b" not in snippet
    assert "onmouseover=x>" not in snippet
    assert "&amp;" in snippet
    assert snippet.count("<mark>") == 1


def test_search_is_scoped_to_what_the_person_may_see(world: RecordsWorld) -> None:
    _contact(world, "Grey car seen outside school", share_with_police=False)
    _contact(world, "Grey car seen again by mum", share_with_police=True)
    _contact(
        world,
        "Grey car near the other family's home",
        actor=world.other_worker,
        family=world.other_family,
    )
    assert len(search(user=world.worker, query="grey car")) == 2
    assert len(search(user=world.social_worker, query="grey car")) == 2
    police = search(user=world.police_analyst, query="grey car")
    assert [h.snippet_html.count("mum") for h in police] == [1]
    assert len(search(user=world.other_worker, query="grey car")) == 1
    assert search(user=world.parent, query="grey car") == []
    assert search(user=world.commissioner, query="grey car") == []


def test_chronology_events_are_searchable(world: RecordsWorld) -> None:
    services.add_chronology_entry(
        actor=world.worker,
        family=world.family,
        occurred_on=timezone.localdate(),
        title="Jayden scored in the cup final",
        tag="strength",
    )
    hits = search(user=world.worker, query="final")
    assert [h.kind for h in hits] == ["Chronology event"]
    assert "<mark>final</mark>" in hits[0].snippet_html


def test_edits_are_reflected_in_search(world: RecordsWorld) -> None:
    contact = _contact(world, "Talked about football training")
    services.update_contact(
        actor=world.worker,
        contact=contact,
        expected_version=1,
        changes={"discussed": "Talked about the boxing club"},
    )
    assert search(user=world.worker, query="football") == []
    assert len(search(user=world.worker, query="boxing")) == 1


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "a OR", ")(", "''", "-", "   ", "é"])
def test_odd_queries_do_not_break_search(world: RecordsWorld, query: str) -> None:
    _contact(world, "Talked about football training")
    assert search(user=world.worker, query=query) == []


def test_search_backend_matches_the_database() -> None:
    """SQLite keeps FTS5 tables in step by triggers (lost if a table is ever rebuilt by a later
    migration, so check they are there); PostgreSQL needs no tables of its own."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'records_%'"
            )
            names = {row[0] for row in cursor.fetchall()}
            assert names == {
                f"{table}_fts_{op}"
                for table in ("records_contact", "records_chronologyentry")
                for op in ("ai", "ad", "au")
            }
        else:
            assert connection.vendor == "postgresql"
            cursor.execute(
                "SELECT to_tsvector('english', 'phones') @@ websearch_to_tsquery('english', 'phone')"
            )
            assert cursor.fetchone()[0] is True
