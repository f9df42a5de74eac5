"""Key pages' server time and SQL queries at two (or more) sizes of generated data.

Run: .venv/bin/python -m bench.pages --families 500 --families 50000 [--json OUT] [--requests 30]

Each size is seeded by ``seed_scale`` into its own throwaway database (a new SQLite file, or a new
PostgreSQL database on the server DATABASE_URL names, dropped afterwards), in a child process, so
sizes never share caches or connections. Pages are requested as real signed-in people through
Django's test client (sessions, middleware, templates): a worker, and a team manager for the
team's caseload. For each page and size it prints p50 and p95 of the server time over
``--requests`` requests (after one warm-up) and the number of SQL queries, then p95(largest) /
p95(smallest) per page. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def _pages(worker: Any, manager: Any, analyst: Any = None) -> list[tuple[str, Any, str]]:
    """(name, who, path) for every page measured, on the worker's busiest family; the police
    analyst's queue and network map when the data has reports to the police."""
    from django.db.models import Count
    from django.urls import reverse

    from relsafe.cases.models import Family

    family = (
        Family.objects.filter(allocations__worker=worker, allocations__ended_at__isnull=True)
        .annotate(n=Count("contacts"))
        .order_by("-n")
        .first()
    )
    assert family is not None  # a benchmark's own precondition
    child = family.young_people.order_by("pk").first()
    assert child is not None
    caseload = reverse("cases:caseload")
    surname = family.name.removesuffix(" family")
    pages = [
        ("start page", worker, reverse("core:start")),
        ("caseload, next due", worker, caseload),
        ("caseload, by name", worker, f"{caseload}?sort=name"),
        ("caseload, by reference", worker, f"{caseload}?sort=reference"),
        ("caseload, by status", worker, f"{caseload}?sort=status"),
        ("caseload, recently changed", worker, f"{caseload}?sort=changed"),
        ("caseload, overdue only", worker, f"{caseload}?overdue=1"),
        ("team caseload (manager)", manager, caseload),
        ("team caseload overdue (manager)", manager, f"{caseload}?overdue=1"),
        ("family page", worker, reverse("cases:family", args=[family.pk])),
        ("child profile", worker, reverse("cases:young-person", args=[child.pk])),
        ("relationship map", worker, reverse("relationships:map", args=[family.pk, child.pk])),
        ("chronology", worker, reverse("records:chronology", args=[family.pk])),
        ("contact list", worker, reverse("records:contacts", args=[family.pk])),
        ("find a family by name", worker, f"{reverse('cases:find')}?q={surname}"),
        ("search for a phrase", worker, f"{reverse('records:search')}?q=boxing+club"),
    ]
    if analyst is not None:
        pages += [
            ("intelligence queue (analyst)", analyst, reverse("intelligence:queue")),
            ("network map (analyst)", analyst, reverse("intelligence:network")),
        ]
    return pages


def _busiest_analyst() -> Any:
    """The analyst of the force that has received the most reports (None without any)."""
    from django.db.models import Count

    from relsafe.accounts.models import User
    from relsafe.accounts.roles import Role
    from relsafe.intelligence.models import Submission

    force = (
        Submission.objects.exclude(status=Submission.Status.DRAFT)
        .values("force_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if force is None:
        return None
    return User.objects.filter(role=Role.POLICE_ANALYST, organisation_id=force["force_id"]).first()


def measure(families: int, requests: int, out: Path) -> None:
    """In the child process: migrate, seed, sign in, request every page, write JSON rows.
    Database commits wait for the disk as in production (``bench.settings``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from relsafe.accounts.roles import Role
    from relsafe.scale.generate import Sizes, any_worker_with_families, seed
    from tests.conftest import sign_in_client

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(Sizes(families=families), progress=None)
    print(
        f"  seeded {families:,} families in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    worker = any_worker_with_families()
    assert worker is not None
    from relsafe.accounts.models import User

    manager = User.objects.get(role=Role.TEAM_MANAGER, team=worker.team)
    analyst = _busiest_analyst()
    clients = {
        person.pk: sign_in_client(Client(), person)
        for person in (worker, manager, analyst)
        if person is not None
    }
    rows = []
    for name, who, path in _pages(worker, manager, analyst):
        client = clients[who.pk]
        first = client.get(path)
        if first.status_code != 200:
            print(f"  {name}: HTTP {first.status_code} at {path}", file=sys.stderr)
        times = []
        queries = 0
        for _ in range(requests):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - began) * 1000)
            queries = len(captured.captured_queries)
        times.sort()
        rows.append(
            {
                "page": name,
                "families": families,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
                "queries": queries,
            }
        )
    out.write_text(json.dumps(rows))


def _throwaway_database(families: int) -> tuple[str, Any]:
    """A DATABASE_URL for one size, and how to drop it afterwards."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        import psycopg

        name = f"relsafe_bench_{families}_{uuid.uuid4().hex[:8]}"
        parts = urlsplit(base)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    folder = Path(tempfile.mkdtemp())
    return f"sqlite:///{folder}/bench.sqlite3", lambda: None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, action="append", help="a size (repeat it)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = sorted(set(args.families or [500, 50_000]))
    if args.child:
        measure(sizes[0], args.requests, args.child)
        return
    database = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    rows: list[dict[str, Any]] = []
    for families in sizes:
        print(f"{families:,} families on {database}:", file=sys.stderr)
        url, drop = _throwaway_database(families)
        out = Path(tempfile.mkstemp(suffix=".json")[1])
        try:
            subprocess.run(  # noqa: S603  # our own module, our own arguments
                [
                    sys.executable,
                    "-m",
                    "bench.pages",
                    "--families",
                    str(families),
                    "--requests",
                    str(args.requests),
                    "--child",
                    str(out),
                ],
                env={**os.environ, "DATABASE_URL": url},
                check=True,
            )
            rows.extend(json.loads(out.read_text()))
        finally:
            drop()
    _print_table(rows, sizes, database)
    if args.json:
        args.json.write_text(json.dumps({"database": database, "rows": rows}, indent=2))


def _print_table(rows: list[dict[str, Any]], sizes: list[int], database: str) -> None:
    by_page: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        by_page.setdefault(row["page"], {})[row["families"]] = row
    head = "".join(f" | {n:>7,}: p50  p95  queries" for n in sizes)
    print(f"\n{database}\n{'page':<34}{head} | p95 ratio")
    for page, per_size in by_page.items():
        cells = "".join(
            f" | {'':>7}  {per_size[n]['p50_ms']:5.1f} {per_size[n]['p95_ms']:5.1f} {per_size[n]['queries']:7d}"
            for n in sizes
        )
        small, large = per_size[sizes[0]]["p95_ms"], per_size[sizes[-1]]["p95_ms"]
        ratio = large / small if small else float("nan")
        print(f"{page:<34}{cells} | {ratio:5.2f}")


if __name__ == "__main__":
    main()
