"""Generated case data at national size, written in bulk, for benchmarks and load tests.

``seed_scale`` (``manage.py seed_scale --families N``) is the entry point. Everything made here is
fictional and marked as generated: organisations are named "Scale …", family references start
``SC-`` and every person's email ends ``@scale.example``. The generator refuses a database that
holds anything else, so it can never be pointed at real cases by mistake.

Rows go in with ``bulk_create`` in batches inside one transaction per batch of families: no
services, no per-row audit. The audit trail still gets one entry per family opened (with the
hash chain computed here exactly as ``audit.services`` does), so ``verify_audit`` passes on a
generated database. Text comes from small phrase lists combined at random with a fixed seed: the
same arguments give the same data.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relsafe.accounts.models import Organisation, Team, User
from relsafe.accounts.roles import Role
from relsafe.accounts.services import sync_role_groups
from relsafe.assessments.models import SafetyMapping
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import GENESIS_HASH, compute_hash
from relsafe.cases.models import Allocation, Carer, Family, OrganisationShare, YoungPerson
from relsafe.records.models import (
    RETURN_INTERVIEW_WINDOW,
    ChronologyEntry,
    Contact,
    MissingEpisode,
)

REFERENCE_PREFIX = "SC-"
EMAIL_DOMAIN = "scale.example"
ORGANISATION_PREFIX = "Scale "
# Every generated worker and manager signs in with this password (benchmarks and load tests only).
PASSWORD = "scale-benchmark-password"  # noqa: S105  # fictional accounts on a throwaway database
# ...and one authenticator key for all of them, so a load test can pass the second step.
TOTP_KEY = "5343414c452d42454e43484d41524b2d4b4559"

FIRST_NAMES = [
    "Jayden",
    "Amira",
    "Tyler",
    "Leah",
    "Kai",
    "Ruby",
    "Mason",
    "Zara",
    "Ellis",
    "Ava",
    "Reuben",
    "Maya",
    "Tariq",
    "Isla",
    "Corey",
    "Nia",
    "Jack",
    "Freya",
    "Dylan",
    "Imani",
    "Logan",
    "Poppy",
    "Rhys",
    "Esme",
    "Jordan",
    "Halima",
    "Connor",
    "Skye",
    "Ibrahim",
    "Lacey",
    "Theo",
    "Sienna",
    "Marcus",
    "Grace",
    "Callum",
    "Aaliyah",
    "Bradley",
    "Ivy",
    "Harvey",
    "Layla",
]
LAST_NAMES = [
    "Mensah",
    "Patel",
    "Kowalski",
    "Okafor",
    "Hughes",
    "Begum",
    "Campbell",
    "Novak",
    "Doyle",
    "Ahmed",
    "Clarke",
    "Osei",
    "Murphy",
    "Nowak",
    "Reid",
    "Hussain",
    "Walsh",
    "Adeyemi",
    "Barnes",
    "Khan",
    "Fletcher",
    "Popescu",
    "Gallagher",
    "Ali",
    "Robinson",
    "Quinn",
    "Evans",
    "Mahmood",
    "Sutton",
    "Bailey",
]
RELATIONSHIPS = ("mum", "dad", "grandmother", "kinship carer", "stepdad", "aunt")
DISCUSSED = (
    "Talked with {child} about school and the boxing club; {child} was quieter than last week.",
    "Went through the safety plan with the family and agreed who {child} can call at night.",
    "{parent} shared a message an older male sent {child}; we agreed how to keep it safely.",
    "Planned the return home interview with {child} and chose a place {child} feels safe in.",
    "{child} spoke about friends from the estate and money offered for carrying packages.",
    "Reviewed the week: two late nights, one missing episode, found by {parent} at 02:00.",
    "Met with school about a reduced timetable; {child} wants to keep art and PE.",
    "{parent} is tired and worried; we talked about sleep, support and the parents' group.",
)
VOICES = (
    "I just want things to go back to normal.",
    "He listens when his uncle talks to him.",
    "She says the club is the only place she feels herself.",
    "They keep messaging me. I don't know how to stop it.",
)
TITLES = (
    "Strategy meeting held",
    "Return home interview completed",
    "School reported improved attendance",
    "Referred to the National Referral Mechanism",
    "Started at the youth club",
    "Seen with older males near the station",
)


@dataclass
class Sizes:
    """How much to make per family (averages; each family varies around them)."""

    families: int
    contacts_per_family: int = 40
    chronology_per_family: int = 6
    mappings_per_family: int = 2
    missing_per_family: int = 2
    # Staff grow with the families, as services do: a worker leads about this many families
    # (plus co-working), so a worker's caseload and a manager's team are the same size at 500
    # families as at 50,000, and what grows is the region around them.
    families_per_worker: int = 25
    # One report to the police from one in this many families shared with a force, sent through
    # the real services (``scale.intelligence``); 0 for none.
    intelligence_every: int = 50
    organisations: int | None = None  # None: as many as the teams need (at least two)
    teams_per_organisation: int = 5
    workers_per_team: int = 8
    batch: int = 1000

    def team_count(self) -> int:
        per_team = self.workers_per_team * max(1, self.families_per_worker)
        return max(1, math.ceil(self.families / per_team))

    def force_count(self) -> int:
        """Police forces: one to about 2,000 families (a county's worth), at least three."""
        return max(3, math.ceil(self.families / 2000))

    def organisation_count(self) -> int:
        if self.organisations is not None:
            return max(1, self.organisations)
        return max(2, math.ceil(self.team_count() / self.teams_per_organisation))


class NotAGeneratedDatabase(Exception):
    """The database holds families, people or organisations that this generator did not make."""


def check_database_is_generated() -> None:
    """Refuse a database holding real (or demo) data: only generated rows, or none."""
    if Family.objects.exclude(reference__startswith=REFERENCE_PREFIX).exists():
        raise NotAGeneratedDatabase(
            "This database holds families that seed_scale did not make. It only runs on an empty "
            "database or one it filled itself."
        )
    if User.objects.exclude(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        raise NotAGeneratedDatabase(
            "This database holds people that seed_scale did not make (the demo, or real accounts). "
            "Point DATABASE_URL at an empty database."
        )


class Progress:
    """A one-line progress bar on standard error: what, how many of how many, and the rate."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def advance(self, n: int) -> None:
        self.done += n
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed else 0.0
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
            f"({rate:,.0f}/s)"
        )
        self.stream.flush()

    def finish(self) -> float:
        self.stream.write("\n")
        return time.perf_counter() - self.started


@dataclass
class Staff:
    organisations: list[Organisation]
    police: list[Organisation]
    workers: list[User]  # parent support workers and social workers, by team
    managers: list[User]
    analysts: list[User]


def _staff(sizes: Sizes, rng: random.Random) -> Staff:
    """Organisations, teams, workers, managers and one analyst per force (made once)."""
    existing = list(Organisation.objects.filter(name__startswith=ORGANISATION_PREFIX))
    if existing:
        orgs = [o for o in existing if o.kind != Organisation.Kind.POLICE]
        police = [o for o in existing if o.kind == Organisation.Kind.POLICE]
        everyone = list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}"))
        return Staff(
            orgs,
            police,
            [p for p in everyone if p.role in (Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER)],
            [p for p in everyone if p.role == Role.TEAM_MANAGER],
            [p for p in everyone if p.role == Role.POLICE_ANALYST],
        )
    kinds = [Organisation.Kind.CHARITY, Organisation.Kind.COUNCIL]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"{ORGANISATION_PREFIX}{kinds[i % 2].label} {i + 1}", kind=kinds[i % 2])
        for i in range(sizes.organisation_count())
    )
    police = Organisation.objects.bulk_create(
        Organisation(
            name=f"{ORGANISATION_PREFIX}police force {i + 1}", kind=Organisation.Kind.POLICE
        )
        for i in range(sizes.force_count())
    )
    # Teams are dealt round the organisations, so every organisation has one or more.
    teams = Team.objects.bulk_create(
        Team(organisation=orgs[t % len(orgs)], name=f"Team {t // len(orgs) + 1}")
        for t in range(max(sizes.team_count(), len(orgs)))
    )
    police_teams = Team.objects.bulk_create(
        Team(organisation=org, name="Exploitation unit") for org in police
    )
    template = User(email="template@scale.example")
    template.set_password(PASSWORD)
    hashed = template.password  # one hash for everyone: hashing per person would take minutes
    people: list[User] = []
    for team in teams:
        people.append(_person(team, Role.TEAM_MANAGER, f"manager.{team.pk}", hashed))
        for w in range(sizes.workers_per_team):
            role = Role.SOCIAL_WORKER if w % 3 == 2 else Role.PARENT_SUPPORT_WORKER
            people.append(_person(team, role, f"worker.{team.pk}.{w}", hashed))
    people.extend(
        _person(team, Role.POLICE_ANALYST, f"analyst.{team.pk}", hashed) for team in police_teams
    )
    User.objects.bulk_create(people)
    sync_role_groups()
    made = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=person, name="Generated authenticator", confirmed=True, key=TOTP_KEY)
        for person in made
    )
    return _staff(sizes, rng)


def _person(team: Team, role: str, handle: str, hashed: str) -> User:
    return User(
        email=f"{handle}@{EMAIL_DOMAIN}",
        full_name=handle.replace(".", " ").title(),
        role=role,
        team=team,
        organisation=team.organisation,
        password=hashed,
    )


def _around(rng: random.Random, mean: int) -> int:
    """A count that varies around ``mean`` (0 to twice it), so families differ in size."""
    return rng.randint(0, 2 * mean) if mean else 0


def _batches(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


def seed(
    sizes: Sizes, *, seed: int = 2026, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Add ``sizes.families`` generated families (and everything per family) to the database.

    Returns how many rows of each kind were made. Refuses a database with non-generated data.
    """
    check_database_is_generated()
    rng = random.Random(seed)  # noqa: S311  # fictional data, not security
    staff = _staff(sizes, rng)
    by_org: dict[int, list[User]] = {}
    for worker in staff.workers:
        by_org.setdefault(worker.organisation_id or 0, []).append(worker)
    managers_by_team = {m.team_id: m for m in staff.managers}
    start_number = Family.objects.filter(reference__startswith=REFERENCE_PREFIX).count()
    counts = {
        "families": 0,
        "young_people": 0,
        "contacts": 0,
        "chronology": 0,
        "mappings": 0,
        "missing_episodes": 0,
        "audit_entries": 0,
    }
    now = timezone.now()
    today = timezone.localdate()
    writer = RowWriter()
    with _fast_sqlite():
        for first, last in _batches(sizes.families, sizes.batch):
            with transaction.atomic():
                made = _seed_batch(
                    range(start_number + first, start_number + last),
                    sizes,
                    rng,
                    staff,
                    by_org,
                    managers_by_team,
                    now,
                    today,
                    writer,
                )
                writer.finish(Contact)
            for key, value in made.items():
                counts[key] += value
            if progress:
                progress(last - first)
    if sizes.intelligence_every:
        from relsafe.scale.intelligence import seed_intelligence

        counts["intelligence_reports"] = seed_intelligence(
            every_n=sizes.intelligence_every, seed=seed
        )
    if not connection.in_atomic_block:
        # Fresh statistics, so the first queries plan for the size the tables now are; on
        # PostgreSQL a VACUUM too, so index-only scans need not visit the table for rows just
        # written (autovacuum would get to both, later).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return counts


@contextmanager
def _fast_sqlite() -> Iterator[None]:
    """On SQLite, while seeding: no fsync per commit and a bigger page cache (a generated
    database that a crash would spoil is simply made again). Set back afterwards."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:  # (tests run in one)
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (synchronous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size")
        (cache_size,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
        cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(synchronous)}")
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


@dataclass
class _Batch:
    """One transaction's worth of generated families and what hangs off them."""

    sizes: Sizes
    rng: random.Random
    staff: Staff
    now: dt.datetime
    today: dt.date
    families: list[Family]
    leads: list[User]
    kids_of: dict[int, list[YoungPerson]]
    parent_of: dict[int, str]
    # Per family (by position): when each missing young person came back, drawn before the
    # family is written so its stored next due (the 72-hour interview clock) goes in with it.
    returns: list[list[tuple[dt.datetime, int]]]


def _seed_batch(
    numbers: range,
    sizes: Sizes,
    rng: random.Random,
    staff: Staff,
    by_org: dict[int, list[User]],
    managers_by_team: dict[int | None, User],
    now: dt.datetime,
    today: dt.date,
    writer: RowWriter,
) -> dict[str, int]:
    families, leads, returns = _families(numbers, sizes, rng, staff, now, today)
    batch = _Batch(sizes, rng, staff, now, today, families, leads, {}, {}, returns)
    children = _household(batch, by_org, managers_by_team)
    made = _records(batch, writer)
    return {
        "families": len(families),
        "young_people": len(children),
        **made,
        "audit_entries": _audit_entries(families, leads),
    }


def _families(
    numbers: range,
    sizes: Sizes,
    rng: random.Random,
    staff: Staff,
    now: dt.datetime,
    today: dt.date,
) -> tuple[list[Family], list[User], list[list[tuple[dt.datetime, int]]]]:
    families: list[Family] = []
    leads: list[User] = []
    returns: list[list[tuple[dt.datetime, int]]] = []
    organisations = {org.pk: org for org in staff.organisations}
    for n in numbers:
        lead = rng.choice(staff.workers)
        org = organisations[lead.organisation_id or 0]
        opened = now - dt.timedelta(days=rng.randint(1, 1500))
        status = rng.choices(["active", "referral", "step_down", "closed"], [70, 10, 10, 10])[0]
        span = max(1, (now - opened).days)
        gone_back: list[tuple[dt.datetime, int]] = []
        for _ in range(_around(rng, sizes.missing_per_family)):
            gone = opened + dt.timedelta(days=rng.randint(0, span), hours=rng.randint(18, 23))
            gone_back.append((gone, rng.randint(2, 30)))
        family = Family(
            reference=f"{REFERENCE_PREFIX}{n + 1:06d}",
            name=f"{rng.choice(LAST_NAMES)} family",
            lead_organisation=org,
            status=status,
            opened_at=opened,
            closed_at=now if status == "closed" else None,
            review_due=today + dt.timedelta(days=rng.randint(-20, 90)),
            updated_at=opened,
        )
        _set_next_due(family, gone_back)
        families.append(family)
        leads.append(lead)
        returns.append(gone_back)
    Family.objects.bulk_create(families)
    if any(f.pk is None for f in families):  # backends that give no primary keys back
        by_ref = dict(
            Family.objects.filter(reference__in=[f.reference for f in families]).values_list(
                "reference", "pk"
            )
        )
        for family in families:
            family.pk = by_ref[family.reference]
    return families, leads, returns


def _set_next_due(family: Family, gone_back: list[tuple[dt.datetime, int]]) -> None:
    """The stored next due, as ``cases.next_due`` computes it for what is generated: the family
    review, or the earliest return home interview (no interview is generated, so every returned
    episode's clock runs); on the same day the clock wins, as timed sources do."""
    family.next_due_on, family.next_due_key = family.review_due, "family_review"
    if gone_back:
        returned = min(gone + dt.timedelta(hours=hours) for gone, hours in gone_back)
        due_at = returned + RETURN_INTERVIEW_WINDOW
        due_on = timezone.localtime(due_at).date()
        if family.review_due is None or due_on <= family.review_due:
            family.next_due_on, family.next_due_at = due_on, due_at
            family.next_due_key = "return_home_interview"


class RowWriter:
    """Rows straight into a table, without a model instance per row: COPY on PostgreSQL
    (psycopg's ``cursor.copy``), one ``executemany`` on SQLite. Columns not given get the value
    the model would give a new row (``model()``), prepared for the database once per table.
    Datetimes go in as naive UTC (the connection's time zone is UTC on both databases)."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self._tails: dict[tuple[type[Any], tuple[str, ...]], tuple[list[str], tuple[Any, ...]]] = {}

    def _tail(self, model: type[Any], names: tuple[str, ...]) -> tuple[list[str], tuple[Any, ...]]:
        key = (model, names)
        if key not in self._tails:
            template = model()
            given = set(names)
            columns, values = [], []
            for f in model._meta.concrete_fields:
                if f.primary_key or f.attname in given:
                    continue
                columns.append(f.column)
                values.append(f.get_db_prep_save(f.pre_save(template, add=True), connection))
            self._tails[key] = (columns, tuple(values))
        return self._tails[key]

    def write(self, model: type[Any], names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """``names``: the model's attribute names (``family_id``, or ``id`` to give keys) in the
        order each row gives them."""
        if not rows:
            return
        fields = {f.attname: f.column for f in model._meta.concrete_fields}
        tail_columns, tail = self._tail(model, names)
        columns = [fields[n] for n in names] + tail_columns
        table = model._meta.db_table
        qn = connection.ops.quote_name
        column_list = ", ".join(qn(c) for c in columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
                with raw.copy(f"COPY {qn(table)} ({column_list}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + tail)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {qn(table)} ({column_list}) VALUES ({marks})",  # noqa: S608  # names from the models
                    [row + tail for row in rows],
                )

    def next_ids(self, model: type[Any], count: int) -> int:
        """The first of ``count`` primary keys to give new rows (generated databases have one
        writer; ``finish`` moves PostgreSQL's sequence past them)."""
        latest = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (latest or 0) + 1

    def finish(self, model: type[Any]) -> None:
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the largest key written
        table = model._meta.db_table
        largest = f"SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({largest}))", [table])


def _household(
    batch: _Batch, by_org: dict[int, list[User]], managers_by_team: dict[int | None, User]
) -> list[YoungPerson]:
    rng = batch.rng
    children: list[YoungPerson] = []
    carers: list[Carer] = []
    allocations: list[Allocation] = []
    shares: list[OrganisationShare] = []
    for family, lead in zip(batch.families, batch.leads, strict=True):
        surname = family.name.removesuffix(" family")
        children.extend(
            YoungPerson(
                family=family,
                first_name=rng.choice(FIRST_NAMES),
                last_name=surname,
                date_of_birth=batch.today - dt.timedelta(days=rng.randint(11 * 365, 17 * 365)),
            )
            for _ in range(rng.choice((1, 1, 1, 2, 3)))
        )
        carer = Carer(
            family=family,
            full_name=f"{rng.choice(FIRST_NAMES)} {surname}",
            relationship=rng.choice(RELATIONSHIPS),
        )
        carers.append(carer)
        batch.parent_of[family.pk] = carer.full_name.split()[0]
        allocations.append(
            Allocation(
                family=family,
                worker=lead,
                role_on_case="lead worker",
                is_lead=True,
                started_at=family.opened_at,
                allocated_by=managers_by_team.get(lead.team_id),
            )
        )
        colleague = rng.choice(by_org[lead.organisation_id or 0])
        if rng.random() < 0.3 and colleague.pk != lead.pk:
            allocations.append(
                Allocation(
                    family=family,
                    worker=colleague,
                    role_on_case="co-worker",
                    started_at=family.opened_at,
                )
            )
        if rng.random() < 0.25:
            shares.append(
                OrganisationShare(
                    family=family,
                    organisation=rng.choice(batch.staff.police),
                    basis="safeguarding",
                    decided_by=lead,
                    decided_at=family.opened_at,
                )
            )
    YoungPerson.objects.bulk_create(children)
    Carer.objects.bulk_create(carers)
    Allocation.objects.bulk_create(allocations)
    OrganisationShare.objects.bulk_create(shares)
    if any(c.pk is None for c in children):
        pks = YoungPerson.objects.filter(family__in=batch.families).order_by("pk")
        for child, pk in zip(children, pks.values_list("pk", flat=True), strict=True):
            child.pk = pk
    for child in children:
        batch.kids_of.setdefault(child.family_id, []).append(child)
    return children


_CONTACT = (
    "id",
    "family_id",
    "kind",
    "occurred_at",
    "present",
    "discussed",
    "young_person_voice",
    "significant",
    "recorded_by_id",
    "recorded_by_organisation_id",
    "recorded_at",
    "updated_at",
    "search_text",
)
_CHRONOLOGY = (
    "family_id",
    "occurred_on",
    "title",
    "recorded_by_id",
    "recorded_by_organisation_id",
    "search_text",
)
_MAPPING = (
    "family_id",
    "young_person_id",
    "mapped_on",
    "recorded_by_id",
    "worker_scale",
    "parent_scale",
    "young_person_scale",
    "existing_strengths",
    "search_text",
)
_MISSING = (
    "family_id",
    "young_person_id",
    "reported_missing_at",
    "reported_by",
    "returned_at",
    "found_by",
    "risk_level",
    "recorded_by_id",
    "recorded_by_organisation_id",
    "recorded_at",
)
_KINDS = list(Contact.Kind.values)


def _records(batch: _Batch, writer: RowWriter) -> dict[str, int]:
    """Contacts (with the child each is about), chronology, mappings and missing episodes, as
    plain tuples: at two million contacts, a model instance per row is most of the time."""
    rng = batch.rng
    contacts: list[tuple[Any, ...]] = []
    about: list[tuple[int, int]] = []
    chronology: list[tuple[Any, ...]] = []
    mappings: list[tuple[Any, ...]] = []
    missing: list[tuple[Any, ...]] = []
    sizes = batch.sizes
    next_id = writer.next_ids(Contact, 0)
    now = batch.now.replace(tzinfo=None)
    for family, lead, gone_back in zip(batch.families, batch.leads, batch.returns, strict=True):
        kids, parent = batch.kids_of[family.pk], batch.parent_of[family.pk]
        opened = family.opened_at.replace(tzinfo=None)  # UTC
        opened_day = opened.date()
        span = max(1, (now - opened).days)
        org = _organisation_id(lead)
        for _ in range(_around(rng, sizes.contacts_per_family)):
            child = rng.choice(kids)
            when = opened + dt.timedelta(days=rng.randint(0, span), minutes=rng.randint(0, 1439))
            present = f"{child.first_name}, {parent}"
            discussed = rng.choice(DISCUSSED).format(child=child.first_name, parent=parent)
            voice = rng.choice(VOICES) if rng.random() < 0.5 else ""
            # What contact_search_text gives, without its HTML cleaning (generated text has none).
            text = f"{present}\n{discussed}\n{voice}" if voice else f"{present}\n{discussed}"
            contacts.append(
                (
                    next_id,
                    family.pk,
                    rng.choice(_KINDS),
                    when,
                    present,
                    discussed,
                    voice,
                    rng.random() < 0.1,
                    lead.pk,
                    org,
                    when,
                    when,
                    text,
                )
            )
            about.append((next_id, child.pk))
            next_id += 1
        for _ in range(_around(rng, sizes.chronology_per_family)):
            title = rng.choice(TITLES)
            day = opened_day + dt.timedelta(days=rng.randint(0, span))
            chronology.append((family.pk, day, title, lead.pk, org, title))
        for _ in range(_around(rng, sizes.mappings_per_family)):
            child = rng.choice(kids)
            strengths = f"{child.first_name} is close to {parent}."
            day = opened_day + dt.timedelta(days=rng.randint(0, span))
            mappings.append(
                (
                    family.pk,
                    child.pk,
                    day,
                    lead.pk,
                    rng.randint(1, 9),
                    rng.randint(1, 9),
                    rng.randint(1, 9),
                    strengths,
                    strengths,
                )
            )
        for gone, hours in gone_back:
            gone = gone.replace(tzinfo=None)
            missing.append(
                (
                    family.pk,
                    rng.choice(kids).pk,
                    gone,
                    parent,
                    gone + dt.timedelta(hours=hours),
                    rng.choice(_FOUND_BY),
                    rng.choice(("low", "medium", "high")),
                    lead.pk,
                    org,
                    gone,
                )
            )
    writer.write(Contact, _CONTACT, contacts)
    writer.write(Contact.young_people.through, ("contact_id", "youngperson_id"), about)
    writer.write(ChronologyEntry, _CHRONOLOGY, chronology)
    writer.write(SafetyMapping, _MAPPING, mappings)
    writer.write(MissingEpisode, _MISSING, missing)
    return {
        "contacts": len(contacts),
        "chronology": len(chronology),
        "mappings": len(mappings),
        "missing_episodes": len(missing),
    }


def _organisation_id(worker: User) -> int:
    """Every generated worker belongs to an organisation (made in ``_staff``)."""
    return worker.organisation_id or 0


_FOUND_BY = [value for value, _label in MissingEpisode._meta.get_field("found_by").choices or ()]


def _audit_entries(families: list[Family], leads: list[User]) -> int:
    """One 'create' entry per family, chained exactly as ``audit.services.record`` chains them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x52454C53])
    last = AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    previous = last or GENESIS_HASH
    events: list[AuditEvent] = []
    for family, lead in zip(families, leads, strict=True):
        event = AuditEvent(
            occurred_at=family.opened_at,
            actor_id=lead.pk,
            actor_email=lead.email,
            actor_role=lead.role,
            organisation_id=lead.organisation_id,
            action=AuditAction.CREATE,
            object_type="cases.family",
            object_id=str(family.pk),
            family_id=family.pk,
            reason="generated by seed_scale",
            detail={"generated": True},
            prev_hash=previous,
        )
        event.entry_hash = compute_hash(event)
        previous = event.entry_hash
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def any_worker_with_families() -> User | None:
    """A lead worker of generated families (for benchmarks that sign in as a worker)."""
    allocation = (
        Allocation.objects.filter(family__reference__startswith=REFERENCE_PREFIX, is_lead=True)
        .select_related("worker")
        .order_by("pk")
        .first()
    )
    return allocation.worker if allocation else None


def people_for_load(families_each: int = 50) -> dict[str, Any]:
    """Who a load test signs in as, with their password and authenticator key, and a few of each
    worker's families (``bench/load/locustfile.py`` reads this)."""
    workers = []
    leads = (
        Allocation.objects.filter(
            family__reference__startswith=REFERENCE_PREFIX, ended_at__isnull=True
        )
        .values_list("worker__email", "family_id")
        .order_by("worker__email", "family_id")
    )
    by_worker: dict[str, list[int]] = {}
    for email, family_id in leads:
        families = by_worker.setdefault(email, [])
        if len(families) < families_each:
            families.append(family_id)
    workers = [{"email": e, "families": f} for e, f in by_worker.items() if f]
    managers = [
        {"email": email, "families": []}
        for email in User.objects.filter(
            role=Role.TEAM_MANAGER, email__endswith=f"@{EMAIL_DOMAIN}"
        ).values_list("email", flat=True)
    ]
    return {"password": PASSWORD, "totp_key": TOTP_KEY, "workers": workers, "managers": managers}


def summary(counts: dict[str, Any]) -> str:
    return ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in counts.items())
