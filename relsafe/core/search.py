"""Full-text search across every kind of record a person may see, with highlighted snippets.

Each app says what it makes searchable by registering a ``SearchKind`` from its ``AppConfig.ready``
(records: contacts and chronology events; plans: plans, actions and referrals; assessments:
strengths-and-worries mappings and screenings), so this module never imports those apps.

Every searchable model has a plain ``search_text`` column that its services fill (see
``search_document``). On SQLite an FTS5 external-content table ``<table>_fts`` is kept in step by
triggers; on PostgreSQL a GIN index on ``to_tsvector('english', search_text)`` serves the same
expression the query uses (``EnglishVector``). Both are made by migrations with the operations in
``relsafe.core.migration_operations``. Scope always comes from the kind's own selector, which starts from
``relsafe.access``; the FTS table is only asked which of those rows match.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchVectorField,
)
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Func, Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction
from relsafe.audit.services import record

# Highlight marks used inside snippets before escaping. ``search_document`` strips control
# characters, so they never occur in stored text and cannot be forged by what a worker types.
MARK_START = "\x02"
MARK_END = "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12


# ---------------------------------------------------------------------------------------------
# What apps register
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Described:
    """How one matching record is shown: what it is, whose it is, when, and where to open it."""

    title: str
    family: Any
    when: dt.datetime
    url: str


@dataclass(frozen=True)
class SearchKind:
    key: str  # in the URL's kind filter, e.g. "contact"
    label: str  # in the filter, plural: "Contacts"
    hit_label: str  # on each hit: "Contact"
    model: type[Model]
    visible: Callable[[Any], QuerySet[Any]]  # the rows this person may see (access first)
    describe: Callable[[Any], Described]
    newest: str  # the model's date field: each kind yields its newest matches first
    related: tuple[str, ...] = ("family",)  # select_related for describe
    order: int = 100  # place in the filter

    @property
    def fts_table(self) -> str:
        return f"{self.model._meta.db_table}_fts"


_REGISTRY: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> None:
    """Called from an app's ``ready``; registering the same key again replaces it (autoreload)."""
    _REGISTRY[kind.key] = kind


def kinds() -> list[SearchKind]:
    return sorted(_REGISTRY.values(), key=lambda k: (k.order, k.key))


def kind_choices() -> list[tuple[str, str]]:
    return [(k.key, k.label) for k in kinds()]


def local_midday(day: dt.date) -> dt.datetime:
    """A date-only record placed at midday local time, so it sorts among timed records."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def with_search_text(
    obj: Any, values: dict[str, Any], build: Callable[[Any], str]
) -> dict[str, Any]:
    """The values to save plus the ``search_text`` of the record as it will be after saving."""
    after = copy.copy(obj)
    for name, value in values.items():
        setattr(after, name, value)
    return {**values, "search_text": build(after)}


def search_document(*parts: str | None) -> str:
    """The ``search_text`` of a record: its words, one part per line, without control characters
    (so our highlight marks can never come from stored text)."""
    cleaned = (_CONTROL.sub(" ", p).strip() for p in parts if p)
    return "\n".join(p for p in cleaned if p)


def fill_missing_search_text(model: type[Model], build: Callable[[Any], str]) -> int:
    """Give rows with no ``search_text`` theirs (demo data is made without the services).
    Idempotent; returns how many rows changed."""
    changed = []
    for obj in model._default_manager.filter(search_text=""):
        text = build(obj)
        if text:
            obj.search_text = text  # type: ignore[attr-defined]
            changed.append(obj)
    model._default_manager.bulk_update(changed, ["search_text"], batch_size=500)
    return len(changed)


# ---------------------------------------------------------------------------------------------
# Running a search
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_key: str
    title: str
    family: Any
    when: dt.datetime
    snippet_html: str
    url: str


def safe_snippet(raw: str) -> str:
    """Escape everything, then turn only our own highlight marks into <mark>."""
    escaped = html.escape(raw or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def clean_query(query: str) -> str:
    """What a person typed, trimmed, without control characters (PostgreSQL refuses NUL)."""
    return _CONTROL.sub(" ", query or "").strip()[:MAX_QUERY_LENGTH]


def fts5_query(query: str) -> str:
    """User text as a safe FTS5 query: each word quoted (so FTS5 syntax is never parsed) with a
    prefix match, all words required."""
    words = re.findall(r"\w+", query)[:MAX_WORDS]
    return " ".join(f'"{w}"*' for w in words)


class EnglishVector(Func):
    """``to_tsvector('english', search_text)``, written exactly as the GIN indexes are built so the
    planner can use them (Django's SearchVector adds a COALESCE that no index matches)."""

    function = "to_tsvector"
    template = "%(function)s('english'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def _search_sqlite(
    kind: SearchKind, ids_sql: str, ids_params: tuple[Any, ...], query: str, limit: int
) -> list[tuple[int, str]]:
    """FTS5 drives (CROSS JOIN fixes the order): handing the visible ids to the virtual table as
    ``rowid IN (...)`` makes SQLite re-run the match per id, 400 times slower at 3,000 contacts."""
    match = fts5_query(query)
    if not match:
        return []
    table, source = kind.fts_table, kind.model._meta.db_table
    newest = kind.model._meta.get_field(kind.newest).column  # type: ignore[union-attr]
    sql = (
        f"SELECT f.rowid, snippet({table}, 0, %s, %s, '…', 16) FROM {table} f "  # noqa: S608
        f"CROSS JOIN {source} r ON r.id = f.rowid "
        f"WHERE {table} MATCH %s AND r.id IN ({ids_sql}) "
        f"ORDER BY r.{newest} DESC, r.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [MARK_START, MARK_END, match, *ids_params, limit])
        return [(int(row[0]), str(row[1])) for row in cursor.fetchall()]


def _postgres_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config="english")


def postgres_matching(qs: QuerySet[Any], query: str) -> QuerySet[Any]:
    """The rows of ``qs`` whose words match, filtered on the indexed expression (PostgreSQL)."""
    return qs.alias(document=EnglishVector("search_text")).filter(document=_postgres_query(query))


def _search_postgres(
    kind: SearchKind, qs: QuerySet[Any], query: str, limit: int
) -> list[tuple[int, str]]:
    """The newest matches through the GIN index, then headlines for those rows only
    (ts_headline re-reads the text, so it must not run over every match)."""
    ids = list(
        postgres_matching(qs, query)
        .order_by(f"-{kind.newest}", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    rows = (
        kind.model._default_manager.filter(pk__in=ids)
        .annotate(
            snippet=SearchHeadline(
                "search_text",
                _postgres_query(query),
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=10,
            )
        )
        .values_list("pk", "snippet")
    )
    return [(int(pk), str(snippet)) for pk, snippet in rows]


def matches(kind: SearchKind, user: User, query: str, limit: int) -> dict[int, str]:
    """Primary keys of this kind's newest visible rows that match, each with its raw snippet."""
    return matching_in(kind, kind.visible(user), query, limit)


def matching_in(kind: SearchKind, qs: QuerySet[Any], query: str, limit: int) -> dict[int, str]:
    """The rows of ``qs`` (rows of this kind, scoped by the caller) that match, newest first, with
    raw snippets: for work that is scoped another way than by a person's caseload (governance's
    erasure finds a name within one family's records). Not audited: the caller audits."""
    query = clean_query(query)
    if not query:
        return {}
    if connection.vendor == "postgresql":
        return dict(_search_postgres(kind, qs, query, limit))
    try:
        ids_sql, ids_params = qs.values("pk").query.sql_with_params()
    except EmptyResultSet:
        return {}
    return dict(_search_sqlite(kind, ids_sql, ids_params, query, limit))


def search(
    *,
    user: User,
    query: str,
    kinds_wanted: Iterable[str] = (),
    request: HttpRequest | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Records of every registered kind (or only ``kinds_wanted``) that this person may see and
    that match the words: the newest ``limit`` of them, newest first. One audit entry per search, with the number of results and
    the kinds searched, never the words."""
    query = clean_query(query)
    if not query:
        return []
    wanted = set(kinds_wanted)
    chosen = [k for k in kinds() if not wanted or k.key in wanted]
    hits: list[SearchHit] = []
    for kind in chosen:
        found = matches(kind, user, query, limit)
        if not found:
            continue
        objects = kind.model._default_manager.filter(pk__in=found).select_related(*kind.related)
        for obj in objects:
            described = kind.describe(obj)
            hits.append(
                SearchHit(
                    kind=kind.hit_label,
                    kind_key=kind.key,
                    title=described.title,
                    family=described.family,
                    when=described.when,
                    snippet_html=safe_snippet(found[obj.pk]),
                    url=described.url,
                )
            )
    hits.sort(key=lambda h: (h.when, h.kind_key), reverse=True)
    hits = hits[:limit]
    record(
        action=AuditAction.SEARCH,
        actor=user,
        request=request,
        object_type="core.search",
        detail={"results": len(hits), "kinds": sorted(k.key for k in chosen)},
    )
    return hits
