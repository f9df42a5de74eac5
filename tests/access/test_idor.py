"""Insecure direct object references (security checklist item 11): person A, knowing or guessing
the id of person B's object, tries to read, change, end, search for or export it. Every attempt is
a 404 (never a 403 that confirms the object exists) and changes nothing.

Exports: ``test_every_export_url_has_an_idor_case`` is the guard: a URL whose name says export,
PDF or CSV fails the suite until a case for it is added to ``EXPORT_CASES`` below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape

from relsafe.access.models import BreakGlassGrant
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Allocation
from tests.conftest import identity_confirmed
from tests.factories import (
    AllocationFactory,
    BreakGlassGrantFactory,
    CarerFactory,
    FamilyFactory,
    FamilyMemberFactory,
    NotificationFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SignedIn = Callable[[Any], Client]


def _audit_export_refused(world: dict[str, Any], client: Client) -> None:
    """The audit trail names every family; only administrators may export it."""
    response = identity_confirmed(client).get(reverse("audit:events-export"), {"format": "csv"})
    assert response.status_code == 403
    assert world["family_b"].name not in response.content.decode(errors="ignore")


def _chronology_export_refused(name: str) -> Callable[[dict[str, Any], Client], None]:
    def case(world: dict[str, Any], client: Client) -> None:
        response = identity_confirmed(client).get(reverse(name, args=[world["family_b"].pk]))
        assert response.status_code == 404
        assert world["family_b"].name not in response.content.decode(errors="ignore")

    return case


def _intelligence_export_refused(world: dict[str, Any], client: Client) -> None:
    """An analyst of force A asks for a submission sent to force B, in every format; worker A
    (no police work) is refused by role."""
    from relsafe.intelligence import linking
    from tests.conftest import sign_in_client
    from tests.intelligence.factories import scene

    linking.forget_index()
    other = scene()
    sent = other.send(0, force=other.other_force)
    analyst = identity_confirmed(sign_in_client(Client(), other.analyst))
    for fmt in ("pdf", "csv", "json"):
        url = reverse("intelligence:received-export", args=[sent.pk, fmt])
        response = analyst.get(url)
        assert response.status_code == 404
        assert sent.reference not in response.content.decode(errors="ignore")
        assert identity_confirmed(client).get(url).status_code == 403


def _evidence_export_refused(world: dict[str, Any], client: Client) -> None:
    """Another family's evidence log, asked for as a form post (the export is a POST)."""
    url = reverse("evidence:export", args=[world["family_b"].pk])
    for response in (
        identity_confirmed(client).get(url),
        identity_confirmed(client).post(url, {"export_format": "csv", "confirm": "on"}),
    ):
        assert response.status_code == 404
        assert world["family_b"].name not in response.content.decode(errors="ignore")


def _outcome_figures_refused(world: dict[str, Any], client: Client) -> None:
    """Figures are for managers and commissioners: worker A is refused by role, and manager A
    asking for another organisation's figures gets 404, as if it did not exist."""
    from tests.conftest import sign_in_client

    url = reverse("outcomes:figures-csv")
    assert identity_confirmed(client).get(url).status_code == 403
    elsewhere: Any = OrganisationFactory(name="Another charity")
    manager = identity_confirmed(sign_in_client(Client(), world["manager_a"]))
    response = manager.get(url, {"organisation": elsewhere.pk})
    assert response.status_code == 404
    assert "Another charity" not in response.content.decode(errors="ignore")


def _outcome_report_refused(name: str) -> Callable[[dict[str, Any], Client], None]:
    """A report a commissioner published for another organisation: manager A gets 404."""

    def case(world: dict[str, Any], client: Client) -> None:
        from relsafe.outcomes import selectors as outcome_selectors
        from relsafe.outcomes.services import publish_report, seed_cost_tables
        from tests.conftest import sign_in_client

        seed_cost_tables()
        elsewhere: Any = OrganisationFactory()
        commissioner: Any = UserFactory(role=Role.COMMISSIONER, team=None, organisation=elsewhere)
        start, end = outcome_selectors.default_period()
        report = publish_report(
            actor=commissioner,
            title=f"{elsewhere.name}'s year",
            filters=outcome_selectors.Filters(start=start, end=end, organisation=elsewhere),
        )
        manager = identity_confirmed(sign_in_client(Client(), world["manager_a"]))
        response = manager.get(reverse(name, args=[report.pk]))
        assert response.status_code == 404
        assert elsewhere.name not in response.content.decode(errors="ignore")
        assert identity_confirmed(client).get(reverse(name, args=[report.pk])).status_code in (
            403,
            404,
        )

    return case


# URL name -> a function(world, client_of_A) that tries to export B's data and asserts it fails.
EXPORT_CASES: dict[str, Callable[[dict[str, Any], Client], None]] = {
    "audit:events-export": _audit_export_refused,
    "records:chronology-pdf": _chronology_export_refused("records:chronology-pdf"),
    "records:chronology-csv": _chronology_export_refused("records:chronology-csv"),
    "intelligence:received-export": _intelligence_export_refused,
    "evidence:export": _evidence_export_refused,
    "outcomes:figures-csv": _outcome_figures_refused,
    "outcomes:report-csv": _outcome_report_refused("outcomes:report-csv"),
    "outcomes:report-pdf": _outcome_report_refused("outcomes:report-pdf"),
}


@pytest.fixture
def world() -> dict[str, Any]:
    """Two teams in one charity. A and B are workers, each with their own family and manager."""
    team_a = TeamFactory()
    team_b = TeamFactory(organisation=team_a.organisation)
    worker_a = UserFactory(team=team_a)
    worker_b = UserFactory(team=team_b)
    family_a = FamilyFactory(name="Family of Anna", lead_organisation=team_a.organisation)
    family_b = FamilyFactory(name="Family of Bilal", lead_organisation=team_a.organisation)
    allocation_a = AllocationFactory(family=family_a, worker=worker_a)
    allocation_b = AllocationFactory(family=family_b, worker=worker_b)
    return {
        "worker_a": worker_a,
        "worker_b": worker_b,
        "manager_a": UserFactory(role=Role.TEAM_MANAGER, team=team_a),
        "manager_b": UserFactory(role=Role.TEAM_MANAGER, team=team_b),
        "family_a": family_a,
        "family_b": family_b,
        "allocation_a": allocation_a,
        "allocation_b": allocation_b,
        "newcomer": UserFactory(team=team_a),
    }


def test_worker_a_cannot_read_bs_family(world: dict[str, Any], signed_in: SignedIn) -> None:
    client = signed_in(world["worker_a"])
    assert client.get(reverse("cases:family", args=[world["family_a"].pk])).status_code == 200
    response = client.get(reverse("cases:family", args=[world["family_b"].pk]))
    assert response.status_code == 404
    assert "Family of Bilal" not in response.content.decode()
    denied = AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor_id=world["worker_a"].pk
    ).last()
    assert denied is not None
    assert denied.object_id == str(world["family_b"].pk)


def test_worker_a_cannot_find_bs_family(world: dict[str, Any], signed_in: SignedIn) -> None:
    client = signed_in(world["worker_a"])
    found = client.post(reverse("cases:find"), {"q": "Family of"}).content.decode()
    assert "Family of Anna" in found
    assert "Family of Bilal" not in found
    assert "Family of Bilal" not in client.get(reverse("cases:caseload")).content.decode()
    assert "Family of Bilal" not in client.get(reverse("core:start")).content.decode()


def test_worker_a_cannot_change_bs_messages(world: dict[str, Any], signed_in: SignedIn) -> None:
    note: Any = NotificationFactory(recipient=world["worker_b"], message="For B only")
    client = signed_in(world["worker_a"])
    assert "For B only" not in client.get(reverse("access:notifications")).content.decode()
    response = client.post(reverse("access:notification-read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    client.post(reverse("access:notifications-read-all"))
    note.refresh_from_db()
    assert note.read_at is None, "'mark all as read' touches only the person's own messages"


def test_manager_a_cannot_read_or_change_bs_team(
    world: dict[str, Any], signed_in: SignedIn
) -> None:
    client = signed_in(world["manager_a"])
    team_b = reverse("access:allocations", args=[world["family_b"].pk])
    assert client.get(team_b).status_code == 404
    response = client.post(team_b, {"worker": world["newcomer"].pk, "role_on_case": "Support"})
    assert response.status_code == 404
    assert not Allocation.objects.filter(worker=world["newcomer"]).exists()


def test_manager_a_cannot_end_bs_allocation(world: dict[str, Any], signed_in: SignedIn) -> None:
    client = signed_in(world["manager_a"])
    url = reverse("access:end-allocation", args=[world["allocation_b"].pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"ended_on": timezone.localdate().isoformat()})
    assert response.status_code == 404
    world["allocation_b"].refresh_from_db()
    assert world["allocation_b"].ended_at is None


def test_worker_cannot_use_a_managers_pages_even_on_their_own_family(
    world: dict[str, Any], signed_in: SignedIn
) -> None:
    client = signed_in(world["worker_a"])
    assert client.get(reverse("access:allocations", args=[world["family_a"].pk])).status_code == 403
    url = reverse("access:end-allocation", args=[world["allocation_a"].pk])
    assert client.post(url, {"ended_on": timezone.localdate().isoformat()}).status_code == 403
    world["allocation_a"].refresh_from_db()
    assert world["allocation_a"].ended_at is None


def test_manager_a_cannot_end_bs_emergency_access(
    world: dict[str, Any], signed_in: SignedIn
) -> None:
    grant: Any = BreakGlassGrantFactory(user=world["manager_b"], family=world["family_a"])
    client = signed_in(world["manager_a"])
    response = client.post(reverse("access:end-break-glass", args=[grant.pk]))
    assert response.status_code == 404
    assert BreakGlassGrant.objects.get(pk=grant.pk).ended_at is None


def test_manager_cannot_review_a_grant_from_another_organisation(
    world: dict[str, Any], signed_in: SignedIn
) -> None:
    outsider_grant: Any = BreakGlassGrantFactory(family=FamilyFactory())
    client = signed_in(world["manager_a"])
    url = reverse("access:review", args=[outsider_grant.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "justified", "notes": ""}).status_code == 404
    assert BreakGlassGrant.objects.get(pk=outsider_grant.pk).reviewed_at is None


def test_parent_a_sees_only_their_own_family(world: dict[str, Any], signed_in: SignedIn) -> None:
    parent_a = FamilyMemberFactory()
    CarerFactory(family=world["family_a"], portal_user=parent_a)
    CarerFactory(
        family=world["family_b"], full_name="Bilal's dad", portal_user=FamilyMemberFactory()
    )
    client = signed_in(parent_a)
    page = client.get(reverse("core:start")).content.decode()
    # Names from Faker can hold an apostrophe, which the page escapes.
    assert escape(world["worker_a"].full_name) in page
    assert escape(world["worker_b"].full_name) not in page
    assert client.get(reverse("cases:family", args=[world["family_b"].pk])).status_code == 403


def test_every_export_url_has_an_idor_case(world: dict[str, Any], signed_in: SignedIn) -> None:
    """Exports are the easiest way to leak a whole case; each one needs an A-versus-B case here,
    and each case is run."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name and any(w in pattern.name for w in ("export", "pdf", "csv")):
                names.append(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    missing = sorted(set(names) - set(EXPORT_CASES))
    assert not missing, f"export URLs without an IDOR case in tests/access/test_idor.py: {missing}"
    for case in EXPORT_CASES.values():
        case(world, signed_in(world["worker_a"]))
