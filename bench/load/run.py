"""Load test: gunicorn with production settings on 127.0.0.1, generated data, locust headless.

Run: .venv/bin/python -m bench.load.run [--families 50000] [--users 60] [--seconds 60]
     (``make load``; DATABASE_URL names a PostgreSQL server: a throwaway database is made on it
     and dropped afterwards; without DATABASE_URL a throwaway SQLite file is used)

It seeds ``--families`` with ``seed_scale``, starts gunicorn (GUNICORN_WORKERS/THREADS as in
production), runs ``bench/load/locustfile.py`` for ``--seconds`` with ``--users`` simulated people,
prints locust's summary and requests per second, error count and p95, and stops everything. It stops
by itself. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

from bench.pages import _throwaway_database

ROOT = Path(__file__).resolve().parents[2]
PORT = 8001


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True)  # noqa: S603


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310  # our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=5,
        help="people signing in per second while the load ramps up (each sign-in checks an "
        "Argon2 hash, about 0.1 s of a core; the figures are counted from when everyone is in)",
    )
    parser.add_argument("--seconds", type=int, default=120, help="the whole run, ramp included")
    parser.add_argument(
        "--restart-postgres-after",
        type=float,
        metavar="SECONDS",
        help="restart the PostgreSQL server this many seconds into the load (a fault drill; "
        "RELSAFE_PG_RESTART_COMMAND, default 'pg_ctlcluster 15 main restart'), then report when "
        "errors stopped and whether any acknowledged save was lost",
    )
    parser.add_argument(
        "--database",
        help="use this database as it is (seeded by an earlier run, or seeded now if it holds no "
        "families) and keep it afterwards, to run the load again without seeding again",
    )
    args = parser.parse_args()
    if args.database:
        url, drop = args.database, lambda: None
    else:
        url, drop = _throwaway_database(args.families)
    work = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "relsafe.settings.production",
        "SECRET_KEY": "load-test-only-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        # A throwaway key for a throwaway database (relsafe.core.crypto).
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SERVE_PROD_LOCAL_HTTP": "true",
        # Generated staff sign in with an authenticator app, not a security key.
        "STAFF_REQUIRE_SECURITY_KEY": "false",
        "RELSAFE_FILES_DIR": str(work / "files"),
        "AUDIT_ANCHOR_FILE": str(work / "anchors.jsonl"),
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_ACCESS_LOG": str(work / "access.log"),
        # Many simulated people share one address; the sign-in lock is per email and address.
        "AXES_FAILURE_LIMIT": "50",
    }
    server = None
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        if not (args.database and _has_families(env)):
            started = time.perf_counter()
            _manage(env, "seed_scale", "--families", str(args.families))
            print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        people = work / "people.json"
        seeded = subprocess.run(  # noqa: S603
            [sys.executable, "-c", _PEOPLE_SCRIPT],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        people.write_text(seeded.stdout)
        server = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"],
            env=env,
            cwd=ROOT,
            stderr=(work / "gunicorn.log").open("w"),
        )
        _wait_until_up(f"http://127.0.0.1:{PORT}/account/sign-in/")
        saved = work / "saved.txt"
        drill = (
            _RestartDrill(args.restart_postgres_after, env) if args.restart_postgres_after else None
        )
        began = time.time()
        if drill:
            drill.start()
        subprocess.run(  # noqa: S603
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                str(ROOT / "bench" / "load" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.seconds}s",
                "--csv",
                str(work / "load"),
                "--only-summary",
                # Count from when everyone has signed in: the steady working day, not the
                # morning's sign-ins (bench/sign_in_timing.py measures those).
                "--reset-stats",
            ],
            env={**env, "RELSAFE_LOAD_PEOPLE": str(people), "RELSAFE_LOAD_SAVED": str(saved)},
            cwd=ROOT,
            check=False,
        )
        _summary(work / "load_stats.csv", args)
        _check_saves(env, saved)
        if drill:
            drill.join()
            drill.report(work / "load_stats_history.csv", began)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop()


class _RestartDrill(threading.Thread):
    """Restart PostgreSQL part way through the load, and time how long it was away."""

    def __init__(self, after: float, env: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.after, self.env = after, env
        self.command = os.environ.get("RELSAFE_PG_RESTART_COMMAND", "pg_ctlcluster 15 main restart")
        self.down_at = self.up_at = 0.0

    def run(self) -> None:
        time.sleep(self.after)
        self.down_at = time.time()
        subprocess.run(shlex.split(self.command), check=True)  # noqa: S603
        import psycopg

        while True:
            try:
                with psycopg.connect(self.env["DATABASE_URL"], connect_timeout=1):
                    break
            except psycopg.OperationalError:
                time.sleep(0.1)
        self.up_at = time.time()

    def report(self, history: Path, began: float) -> None:
        """When requests failed, from locust's per-second history of cumulative failures."""
        failing: list[float] = []
        last_failures = 0
        for row in csv.DictReader(history.open()):
            if row["Name"] != "Aggregated":
                continue
            failures = int(row["Total Failure Count"])
            if failures > last_failures:
                failing.append(float(row["Timestamp"]))
            last_failures = failures
        after_up = [t - self.up_at for t in failing if t >= self.down_at]
        result = {
            "restart_began_s": round(self.down_at - began, 1),
            "postgres_away_s": round(self.up_at - self.down_at, 1),
            "seconds_with_new_failures": len(after_up),
            "last_failure_after_postgres_back_s": round(max(after_up), 1) if after_up else None,
        }
        print("restart drill:", json.dumps(result))


def _check_saves(env: dict[str, str], saved: Path) -> None:
    """Every contact the server said it saved is in the database (no acknowledged write lost)."""
    ids = saved.read_text().split() if saved.exists() else []
    found = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _FOUND_SCRIPT, *ids],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    print(
        "acknowledged saves:",
        json.dumps({"acknowledged": len(ids), "in_database": int(found.stdout)}),
    )


_FOUND_SCRIPT = """
import sys, django
django.setup()
from relsafe.records.models import Contact
ids = [int(i) for i in sys.argv[1:]]
print(Contact.objects.filter(pk__in=ids).count() if ids else 0)
"""


def _has_families(env: dict[str, str]) -> bool:
    counted = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _COUNT_SCRIPT], env=env, cwd=ROOT, check=True, capture_output=True
    )
    return int(counted.stdout) > 0


_COUNT_SCRIPT = """
import django
django.setup()
from relsafe.cases.models import Family
print(Family.objects.count())
"""

_PEOPLE_SCRIPT = """
import json, django
django.setup()
from relsafe.scale.generate import people_for_load
print(json.dumps(people_for_load()))
"""


def _summary(stats: Path, args: argparse.Namespace) -> None:
    rows = list(csv.DictReader(stats.open()))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    result = {
        "families": args.families,
        "users": args.users,
        "seconds": args.seconds,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
    }
    print("\nload summary:", json.dumps(result))


if __name__ == "__main__":
    main()
