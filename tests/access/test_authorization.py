"""The access services (break-glass, its review, allocation, messages) refuse a forbidden actor
by themselves, with one ``access_denied`` entry and nothing changed; their pages turn someone
else's grant or message into a 404 that is audited the same way."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from relsafe.access import selectors, services
from relsafe.access.models import BreakGlassGrant, Notification
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Allocation
from tests.factories import (
    BreakGlassGrantFactory,
    CaseScene,
    NotificationFactory,
    UserFactory,
    case_scene,
)
from tests.refusals import assert_one_refusal, last_audit_id, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


@pytest.mark.parametrize("who", ["worker", "police", "commissioner", "administrator", "stranger"])
def test_starting_break_glass(scene: CaseScene, who: str) -> None:
    actor: Any = UserFactory(role=Role.TEAM_MANAGER) if who == "stranger" else scene.person(who)
    with refused(actor, "break_glass", family=scene.family):
        services.start_break_glass(
            user=actor,
            family=scene.family,
            reason_code=BreakGlassGrant.ReasonCode.MISSING,
            reason_text="Child missing tonight.",
        )
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize("who", ["worker", "stranger_manager"])
def test_ending_someone_elses_break_glass(scene: CaseScene, who: str) -> None:
    actor = UserFactory(role=Role.TEAM_MANAGER) if who == "stranger_manager" else scene.worker
    grant: Any = BreakGlassGrantFactory(user=scene.other_team_manager, family=scene.family)
    with refused(actor, "end_break_glass", family=scene.family):
        services.end_break_glass(grant=grant, ended_by=actor)
    grant.refresh_from_db()
    assert grant.ended_at is None


@pytest.mark.parametrize("who", ["holder", "stranger_manager", "worker"])
def test_reviewing_break_glass(scene: CaseScene, who: str) -> None:
    grant: Any = BreakGlassGrantFactory(user=scene.other_team_manager, family=scene.family)
    actor = {
        "holder": scene.other_team_manager,
        "stranger_manager": UserFactory(role=Role.TEAM_MANAGER),
        "worker": scene.worker,
    }[who]
    with refused(actor, "review_break_glass", family=scene.family):
        services.review_break_glass(grant=grant, reviewer=actor, outcome="justified", notes="")
    grant.refresh_from_db()
    assert grant.reviewed_at is None


@pytest.mark.parametrize("who", ["worker", "other_team_manager", "police", "administrator"])
def test_allocating(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    newcomer: Any = UserFactory(team=scene.worker.team)
    with refused(actor, "allocate", family=scene.family):
        services.allocate_worker(
            family=scene.family, worker=newcomer, role_on_case="Worker", allocated_by=actor
        )
    assert not Allocation.objects.filter(worker=newcomer).exists()


@pytest.mark.parametrize("who", ["worker", "other_team_manager", "police", "administrator"])
def test_ending_an_allocation(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    allocation = scene.family.allocations.get()
    with refused(actor, "allocate", family=scene.family):
        services.end_allocation(allocation=allocation, ended_by=actor, on=timezone.localdate())
    allocation.refresh_from_db()
    assert allocation.ended_at is None


def test_marking_someone_elses_message_read(scene: CaseScene) -> None:
    message: Any = NotificationFactory(recipient=scene.worker)
    with refused(scene.manager, "read_message"):
        services.mark_read(notification=message, user=scene.manager)
    message.refresh_from_db()
    assert message.read_at is None


def test_someone_elses_message_id_is_a_404_and_audited(scene: CaseScene, signed_in: Any) -> None:
    message: Any = NotificationFactory(recipient=scene.worker)
    client = signed_in(scene.manager)
    after = last_audit_id()
    response = client.post(reverse("access:notification-read", args=[message.pk]))
    assert response.status_code == 404
    assert_one_refusal(scene.manager, "read_message", after=after)
    assert Notification.objects.get(pk=message.pk).read_at is None


def test_ending_someone_elses_grant_by_its_id_is_a_404_and_audited(
    scene: CaseScene, signed_in: Any
) -> None:
    grant: Any = BreakGlassGrantFactory(user=scene.other_team_manager, family=scene.family)
    client = signed_in(scene.manager)
    after = last_audit_id()
    response = client.post(reverse("access:end-break-glass", args=[grant.pk]))
    assert response.status_code == 404
    assert_one_refusal(scene.manager, "end_break_glass", after=after)
    grant.refresh_from_db()
    assert grant.ended_at is None


def test_a_family_opened_for_allocation_by_someone_who_cannot_allocate_is_a_404_and_audited(
    scene: CaseScene,
) -> None:
    with pytest.raises(Http404):
        selectors.family_for_allocation(user=scene.worker, pk=scene.family.pk)
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.family_id) == (scene.worker.pk, scene.family.pk)
    assert entry.detail == {"attempted": "allocate"}
