"""The shared full-text search (relsafe.core.search) over every kind of record: contacts,
chronology events, plans, plan actions, referrals, strengths-and-worries mappings and screenings.

Records are made through each app's services, as workers make them, so these tests also show the
services keep ``search_text`` (and on SQLite the FTS5 tables) in step. Run on SQLite and on
PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relsafe.assessments import services as assessment_services
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Allocation, Family
from relsafe.core import search as core_search
from relsafe.core.migration_operations import gin_index_name
from relsafe.core.search import SearchHit, search
from relsafe.plans import services as plan_services
from relsafe.plans.models import Plan
from relsafe.records import services as record_services
from tests.factories import (
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    SafetyMappingFactory,
    ScreeningFactory,
)
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db

ALL_KINDS = {"contact", "event", "plan", "action", "referral", "mapping", "screening"}


def _everything(
    world: Any,
    word: str,
    *,
    actor: Any = None,
    family: Family | None = None,
    texts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One record of every kind on the family, each with ``word`` in its text (or ``texts[kind]``)."""
    actor = actor or world.worker
    family = family or world.family
    young_person = family.young_people.first()
    assert young_person is not None
    texts = texts or {}
    today = timezone.localdate()

    def text(kind: str, default: str) -> str:
        return texts.get(kind, default)

    made: dict[str, Any] = {}
    made["contact"] = record_services.record_contact(
        actor=actor,
        family=family,
        kind="home_visit",
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        discussed=text("contact", f"Talked about the {word} club after school."),
    )
    made["event"] = record_services.add_chronology_entry(
        actor=actor,
        family=family,
        occurred_on=today - dt.timedelta(days=1),
        title=text("event", f"Joined the {word} club"),
        tag="strength",
    )
    plan = plan_services.start_plan(actor=actor, family=family)
    made["plan"] = plan_services.update_plan(
        actor=actor,
        plan=plan,
        expected_version=plan.version,
        values={
            "summary": text("plan", f"Everyone works towards the {word} club place."),
            "review_on": None,
            "shared_with_family": False,
            "shared_with": "",
        },
    )
    made["action"] = plan_services.add_action(
        actor=actor,
        plan=made["plan"],
        values={
            "description": text("action", f"Take Jayden to the {word} club on Tuesdays."),
            "owner_type": "agency",
            "owner_name": "Youth service",
            "due_on": today + dt.timedelta(days=7),
            "status": "not_started",
        },
    )
    made["referral"] = plan_services.record_referral(
        actor=actor,
        family=family,
        young_person=young_person,
        kind="mace",
        values={
            "submitted_on": today - dt.timedelta(days=20),
            "outcome": text("referral", f"The {word} car added to the disruption plan."),
        },
    )
    made["mapping"] = assessment_services.record_mapping(
        actor=actor,
        family=family,
        young_person=young_person,
        values={
            "mapped_on": today - dt.timedelta(days=10),
            "danger_statements": text("mapping", f"Adults near the {word} shop."),
            "existing_strengths": "Loves drawing.",
            "worker_scale": 5,
        },
    )
    made["screening"] = assessment_services.record_screening(
        actor=actor,
        family=family,
        young_person=young_person,
        values={
            "screened_on": today - dt.timedelta(days=30),
            "review_on": today + dt.timedelta(days=60),
            "level": "medium",
            "rationale": text("screening", f"Seen at the {word} shop with older men."),
            "indicators": {"missing_episodes": "Twice this month"},
        },
    )
    return made


def _kinds(hits: list[SearchHit]) -> set[str]:
    return {h.kind_key for h in hits}


def test_every_app_registered_its_kinds() -> None:
    assert {k.key for k in core_search.kinds()} == ALL_KINDS


def test_every_kind_is_found_with_a_link_the_worker_can_open(
    world: RecordsWorld, signed_in: Any
) -> None:
    _everything(world, "kestrel")
    hits = search(user=world.worker, query="kestrel")
    assert _kinds(hits) == ALL_KINDS
    assert all("<mark>kestrel</mark>" in h.snippet_html for h in hits)
    assert {h.family for h in hits} == {world.family}
    client = signed_in(world.worker)
    for hit in hits:
        assert client.get(hit.url.split("#")[0]).status_code == 200, hit


def test_hits_are_newest_first_and_the_kind_filter_narrows(world: RecordsWorld) -> None:
    _everything(world, "kestrel")
    hits = search(user=world.worker, query="kestrel")
    assert [h.when for h in hits] == sorted((h.when for h in hits), reverse=True)
    order = [h.kind_key for h in hits]
    # Plan and action changed just now, the contact was three hours ago, the event yesterday,
    # then the mapping, the referral and the screening (10, 20 and 30 days ago).
    assert order[2:] == ["contact", "event", "mapping", "referral", "screening"]
    only = search(user=world.worker, query="kestrel", kinds_wanted=["screening", "plan"])
    assert _kinds(only) == {"screening", "plan"}


def test_when_there_are_more_matches_than_fit_the_newest_are_shown(world: RecordsWorld) -> None:
    for days in (9, 1, 5, 3):
        record_services.record_contact(
            actor=world.worker,
            family=world.family,
            kind="phone_call",
            occurred_at=timezone.now() - dt.timedelta(days=days),
            discussed=f"Talked about the kestrel club, {days} days ago.",
        )
    hits = search(user=world.worker, query="kestrel", limit=2)
    assert [h.snippet_html.count(f"{d} days") for h, d in zip(hits, (1, 3), strict=True)] == [1, 1]


def test_one_audit_entry_per_search_without_the_words(world: RecordsWorld) -> None:
    _everything(world, "kestrel")
    before = AuditEvent.objects.filter(action=AuditAction.SEARCH).count()
    search(user=world.worker, query="kestrel")
    events = AuditEvent.objects.filter(action=AuditAction.SEARCH)
    assert events.count() == before + 1
    event = events.latest("pk")
    assert event.detail["results"] == 7
    assert "kestrel" not in str(event.detail)


def test_a_worker_never_sees_hits_from_a_family_they_may_not_see(world: RecordsWorld) -> None:
    _everything(world, "kestrel")
    _everything(world, "kestrel", actor=world.other_worker, family=world.other_family)
    mine = search(user=world.worker, query="kestrel")
    assert {h.family for h in mine} == {world.family}
    assert _kinds(mine) == ALL_KINDS
    theirs = search(user=world.other_worker, query="kestrel")
    assert {h.family for h in theirs} == {world.other_family}
    # The worker's manager sees the team's family; a manager of another team sees the other's.
    assert {h.family for h in search(user=world.manager, query="kestrel")} == {world.family}
    assert {h.family for h in search(user=world.other_manager, query="kestrel")} == {
        world.other_family
    }
    # Ending the allocation takes effect on the next search.
    Allocation.objects.filter(family=world.family, worker=world.worker).update(
        ended_at=timezone.now()
    )
    assert search(user=world.worker, query="kestrel") == []


def test_police_see_only_what_was_shared_with_them(world: RecordsWorld) -> None:
    _everything(world, "kestrel")
    record_services.record_contact(
        actor=world.worker,
        family=world.family,
        kind="phone_call",
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        discussed="Mum saw the kestrel car again.",
        share_with_police=True,
    )
    police = search(user=world.police_analyst, query="kestrel")
    assert [(h.kind_key, "car" in h.snippet_html) for h in police] == [("contact", True)]
    # The council social worker on the team sees everything, the shared contact included.
    assert len(search(user=world.social_worker, query="kestrel")) == 8


@pytest.mark.parametrize("who", ["parent", "young_person_user", "commissioner", "administrator"])
def test_people_outside_casework_find_nothing(world: RecordsWorld, who: str) -> None:
    _everything(world, "kestrel")
    assert search(user=world.person(who), query="kestrel") == []


def _only_our_marks(snippet: str) -> bool:
    bare = snippet.replace("<mark>", "").replace("</mark>", "")
    return (
        "<" not in bare and ">" not in bare and snippet.count("<mark>") == snippet.count("</mark>")
    )


def test_snippets_escape_what_was_typed_in_every_kind(world: RecordsWorld) -> None:
    nasty = "<script>alert('x')</script> <img src=x onerror=alert(1)> kestrel & co"
    # Contacts and events keep only safe formatting tags; plans and assessments are plain text.
    _everything(world, "kestrel", texts={k: nasty for k in ALL_KINDS - {"event"}})
    hits = search(user=world.worker, query="kestrel")
    assert _kinds(hits) == ALL_KINDS
    for hit in hits:
        assert _only_our_marks(hit.snippet_html), hit
        assert hit.snippet_html.count("<mark>") == 1, hit


def test_typed_control_characters_cannot_forge_a_highlight(world: RecordsWorld) -> None:
    forged = f"{core_search.MARK_START}forged{core_search.MARK_END} notes about the kestrel"
    _everything(world, "kestrel", texts={"plan": forged, "mapping": forged})
    for hit in search(user=world.worker, query="kestrel", kinds_wanted=["plan", "mapping"]):
        assert "<mark>forged" not in hit.snippet_html
        assert hit.snippet_html.count("<mark>") == 1


def test_edits_are_reflected_in_search(world: RecordsWorld) -> None:
    made = _everything(world, "falcon")
    plan_services.update_plan(
        actor=world.worker,
        plan=made["plan"],
        expected_version=made["plan"].version,
        values={"summary": "Heron club place", "shared_with_family": False},
    )
    plan_services.update_action(
        actor=world.worker,
        action=made["action"],
        expected_version=made["action"].version,
        values={
            "description": "Heron club on Tuesdays",
            "owner_type": "agency",
            "owner_name": "Youth service",
        },
    )
    plan_services.update_referral(
        actor=world.worker,
        referral=made["referral"],
        expected_version=made["referral"].version,
        values={"outcome": "Heron car on the map"},
    )
    assessment_services.update_mapping(
        actor=world.worker,
        mapping=made["mapping"],
        expected_version=made["mapping"].version,
        values={"danger_statements": "Adults near the heron shop", "worker_scale": 6},
    )
    screening = made["screening"]
    assessment_services.update_screening(
        actor=world.worker,
        screening=screening,
        expected_version=screening.version,
        values={
            "screened_on": screening.screened_on,
            "review_on": screening.review_on,
            "level": "medium",
            "rationale": "Seen at the heron shop",
            "indicators": {},
        },
    )
    changed = {"plan", "action", "referral", "mapping", "screening"}
    assert _kinds(search(user=world.worker, query="falcon")) == ALL_KINDS - changed
    assert _kinds(search(user=world.worker, query="heron")) == changed


def test_the_data_migrations_fill_existing_rows_and_can_be_undone(world: RecordsWorld) -> None:
    """Rows written before ``search_text`` existed (made here by factories, which skip the
    services) become searchable when the migration fills them, and not after it is reversed."""
    plan = PlanFactory.create(family=world.family, summary="Osprey club place")
    PlanActionFactory.create(plan=plan, description="Osprey club on Tuesdays")
    ReferralFactory.create(
        family=world.family, young_person=world.young_person, outcome="Osprey car noted"
    )
    SafetyMappingFactory.create(
        young_person=world.young_person, danger_statements="Adults near the osprey shop"
    )
    ScreeningFactory.create(young_person=world.young_person, rationale="Seen at the osprey shop")
    assert search(user=world.worker, query="osprey") == []
    operations = [
        op
        for module in (
            "relsafe.plans.migrations.0006_fill_search_text",
            "relsafe.assessments.migrations.0004_fill_search_text",
        )
        for op in importlib.import_module(module).Migration.operations
    ]
    schema_editor = SimpleNamespace(connection=connection)
    for op in operations:
        op.code(apps, schema_editor)
    found = {"plan", "action", "referral", "mapping", "screening"}
    assert _kinds(search(user=world.worker, query="osprey")) == found
    for op in operations:
        op.reverse_code(apps, schema_editor)
    assert search(user=world.worker, query="osprey") == []


SEARCHABLE_TABLES = [
    "records_contact",
    "records_chronologyentry",
    "plans_plan",
    "plans_planaction",
    "plans_referral",
    "assessments_safetymapping",
    "assessments_screening",
]


def test_every_searchable_table_has_its_index() -> None:
    """SQLite: the FTS5 triggers (lost if a later migration rebuilds a table). PostgreSQL: the GIN
    expression index, and the search query uses it."""
    assert sorted(k.model._meta.db_table for k in core_search.kinds()) == sorted(SEARCHABLE_TABLES)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
            assert names >= {
                f"{table}_fts_{op}" for table in SEARCHABLE_TABLES for op in ("ai", "ad", "au")
            }
            return
        assert connection.vendor == "postgresql"
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_search_gin'")
        assert {row[0] for row in cursor.fetchall()} >= {
            gin_index_name(t) for t in SEARCHABLE_TABLES
        }
        cursor.execute("SET LOCAL enable_seqscan = off")
        for kind in core_search.kinds():
            plan = core_search.postgres_matching(
                kind.model._default_manager.all(), "phone"
            ).explain()
            assert gin_index_name(kind.model._meta.db_table) in plan, plan


# FTS5 and tsquery syntax, quotes, operators, unicode and control characters.
ODD_PIECES = [
    '"', "'", "*", "^", ":", "(", ")", "-", "+", "NEAR(", "NEAR/2", "AND", "OR", "NOT", "&", "|",
    "!", "<->", "\\", "%", "_", "\x00", "\x02", "\x03", "\n", " ", "é", "ß", "中文", "🙂", "ﷺ",
    "kestrel", "club", "col:", "{", "}", "[", "]",
]  # fmt: skip
odd_queries = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(ODD_PIECES), max_size=12).map("".join),
    st.lists(st.sampled_from(ODD_PIECES), max_size=6).map(" ".join),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=odd_queries)
def test_any_query_string_never_errors(world: RecordsWorld, query: str) -> None:
    if not Plan.objects.filter(family=world.family).exists():
        _everything(world, "kestrel")
    hits = search(user=world.worker, query=query)
    assert all(h.family == world.family for h in hits)
    assert all(_only_our_marks(h.snippet_html) for h in hits)


def test_the_search_page_filters_by_kind_and_keeps_what_was_typed(
    world: RecordsWorld, signed_in: Any
) -> None:
    _everything(world, "kestrel")
    client = signed_in(world.worker)
    everything = client.post(reverse("records:search"), {"q": "kestrel"}).content.decode()
    assert "7 results" in everything
    page = client.post(reverse("records:search"), {"q": "kestrel", "kind": "mapping"})
    html = page.content.decode()
    assert "1 result" in html
    assert "Strengths and worries for Jayden" in html
    assert "<mark>kestrel</mark>" in html
    assert 'value="kestrel"' in html
    assert '<option value="mapping" selected>' in html


def test_the_search_page_refuses_an_unknown_kind(world: RecordsWorld, signed_in: Any) -> None:
    page = signed_in(world.worker).post(reverse("records:search"), {"q": "x", "kind": "secrets"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()
