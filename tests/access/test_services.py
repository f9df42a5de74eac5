"""Break-glass, its review, notifications and allocation, through the services every caller uses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from relsafe.access import policy, services
from relsafe.access.models import BreakGlassGrant, Notification
from relsafe.accounts.models import Organisation
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from tests.factories import (
    AllocationFactory,
    BreakGlassGrantFactory,
    FamilyFactory,
    OrganisationShareFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> dict[str, Any]:
    """One charity with two teams; the family is carried by the north team."""
    north: Any = TeamFactory()
    south: Any = TeamFactory(organisation=north.organisation)
    worker: Any = UserFactory(team=north, email="worker@example.org")
    north_manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=north, email="north@example.org")
    south_manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=south, email="south@example.org")
    family: Any = FamilyFactory(lead_organisation=north.organisation, reference="RS-0101")
    allocation: Any = AllocationFactory(family=family, worker=worker)
    return {
        "north": north,
        "south": south,
        "worker": worker,
        "north_manager": north_manager,
        "south_manager": south_manager,
        "family": family,
        "allocation": allocation,
    }


def _start(s: dict[str, Any], **overrides: Any) -> BreakGlassGrant:
    kwargs = {
        "user": s["south_manager"],
        "family": s["family"],
        "reason_code": BreakGlassGrant.ReasonCode.MISSING,
        "reason_text": "Child missing, allocated worker off shift.",
    }
    kwargs.update(overrides)
    return services.start_break_glass(**kwargs)


def test_break_glass_opens_the_family_for_the_configured_hours(
    scene: dict[str, Any], settings: Any
) -> None:
    settings.BREAK_GLASS_HOURS = 2
    manager, family = scene["south_manager"], scene["family"]
    assert not policy.can_view_family(manager, family)
    grant = _start(scene)
    assert policy.can_view_family(manager, family)
    assert grant.expires_at - grant.started_at == dt.timedelta(hours=2)
    start = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS_START)
    assert start.actor_id == manager.pk
    assert start.family_id == family.pk
    assert "Child missing" in start.reason


def test_break_glass_tells_workers_and_their_managers_in_app_and_by_plain_email(
    scene: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _start(scene)
    recipients = set(Notification.objects.values_list("recipient__email", flat=True))
    assert recipients == {"worker@example.org", "north@example.org"}
    note = Notification.objects.first()
    assert note is not None
    assert scene["family"].reference in note.message
    assert sorted(m.to[0] for m in mail.outbox) == ["north@example.org", "worker@example.org"]
    for message in mail.outbox:
        assert message.body == "There is a new message in relsafe — sign in to read it."
        whole = f"{message.subject} {message.body}"
        assert scene["family"].reference not in whole
        assert scene["south_manager"].full_name not in whole


def test_no_email_when_the_grant_is_rolled_back(
    scene: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _start(scene)
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize(
    "role",
    [Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.POLICE_ANALYST, Role.COMMISSIONER],
)
def test_only_break_glass_roles_may_start_it(scene: dict[str, Any], role: str) -> None:
    person: Any = UserFactory(role=role, team=scene["south"])
    with pytest.raises(policy.NotAllowed):
        _start(scene, user=person)
    assert not BreakGlassGrant.objects.exists()
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED, actor_id=person.pk)
    assert refusal.detail == {"attempted": "break_glass"}


def test_a_reason_is_required(scene: dict[str, Any]) -> None:
    with pytest.raises(services.BreakGlassError):
        _start(scene, reason_text="   ")
    with pytest.raises(services.BreakGlassError):
        _start(scene, reason_code="because")


def test_families_of_other_organisations_are_out_of_reach(scene: dict[str, Any]) -> None:
    elsewhere: Any = FamilyFactory()
    with pytest.raises(policy.NotAllowed, match="No family in your organisation"):
        _start(scene, family=elsewhere)
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_DENIED, family_id=elsewhere.pk
    ).exists()


def test_families_shared_with_the_organisation_are_in_reach(scene: dict[str, Any]) -> None:
    elsewhere: Any = FamilyFactory()
    OrganisationShareFactory(family=elsewhere, organisation=scene["north"].organisation)
    grant = _start(scene, family=elsewhere)
    assert grant.is_live()


def test_no_grant_when_the_manager_can_already_see_the_family(scene: dict[str, Any]) -> None:
    with pytest.raises(services.BreakGlassError, match="already open"):
        _start(scene, user=scene["north_manager"])


def test_asking_again_while_live_returns_the_same_grant(scene: dict[str, Any]) -> None:
    first = _start(scene)
    assert _start(scene) == first
    assert BreakGlassGrant.objects.count() == 1


def test_ending_stops_access_and_is_audited(scene: dict[str, Any]) -> None:
    grant = _start(scene)
    services.end_break_glass(grant=grant, ended_by=scene["south_manager"])
    assert not policy.can_view_family(scene["south_manager"], scene["family"])
    end = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS_END)
    assert end.object_id == str(grant.pk)
    assert end.family_id == scene["family"].pk


def test_lapsed_grants_get_an_end_entry(scene: dict[str, Any]) -> None:
    started = timezone.now() - dt.timedelta(hours=6)
    grant: Any = BreakGlassGrantFactory(
        user=scene["south_manager"],
        family=scene["family"],
        started_at=started,
        expires_at=started + dt.timedelta(hours=4),
    )
    assert services.end_lapsed_grants() == 1
    grant.refresh_from_db()
    assert grant.ended_at == grant.expires_at
    assert AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS_END).count() == 1
    assert services.end_lapsed_grants() == 0


def test_another_manager_in_the_organisation_reviews(scene: dict[str, Any]) -> None:
    grant = _start(scene)
    services.end_break_glass(grant=grant, ended_by=scene["south_manager"])
    reviewed = services.review_break_glass(
        grant=grant, reviewer=scene["north_manager"], outcome="justified", notes=""
    )
    assert reviewed.reviewed_by == scene["north_manager"]
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS_REVIEW)
    assert event.detail["outcome"] == "justified"
    assert event.detail["overdue"] is False


def test_nobody_reviews_their_own_break_glass(scene: dict[str, Any]) -> None:
    grant = _start(scene)
    with pytest.raises(policy.NotAllowed):
        services.review_break_glass(
            grant=grant, reviewer=scene["south_manager"], outcome="justified", notes=""
        )
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_managers_of_another_organisation_cannot_review(scene: dict[str, Any]) -> None:
    grant = _start(scene)
    outsider: Any = UserFactory(role=Role.TEAM_MANAGER)
    worker = scene["worker"]
    for person in (outsider, worker):
        with pytest.raises(policy.NotAllowed):
            services.review_break_glass(grant=grant, reviewer=person, outcome="justified", notes="")
    assert not AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS_REVIEW).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 2


def test_not_justified_needs_notes_and_ends_a_live_grant(scene: dict[str, Any]) -> None:
    grant = _start(scene)
    with pytest.raises(services.ReviewError):
        services.review_break_glass(
            grant=grant, reviewer=scene["north_manager"], outcome="not_justified", notes=" "
        )
    services.review_break_glass(
        grant=grant,
        reviewer=scene["north_manager"],
        outcome="not_justified",
        notes="No emergency; should have waited for the morning.",
    )
    assert not policy.can_view_family(scene["south_manager"], scene["family"])
    end = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS_END)
    assert end.reason == "ended by reviewer"


def test_a_review_cannot_be_changed_afterwards(scene: dict[str, Any]) -> None:
    grant = _start(scene)
    services.review_break_glass(
        grant=grant, reviewer=scene["north_manager"], outcome="justified", notes=""
    )
    with pytest.raises(services.ReviewError, match="already"):
        services.review_break_glass(
            grant=grant, reviewer=scene["north_manager"], outcome="not_justified", notes="x"
        )


def test_late_reviews_are_recorded_as_overdue(scene: dict[str, Any], settings: Any) -> None:
    settings.BREAK_GLASS_REVIEW_DAYS = 5
    started = timezone.now() - dt.timedelta(days=6)
    grant: Any = BreakGlassGrantFactory(
        user=scene["south_manager"],
        family=scene["family"],
        started_at=started,
        expires_at=started + dt.timedelta(hours=4),
        ended_at=started + dt.timedelta(hours=1),
    )
    services.review_break_glass(
        grant=grant, reviewer=scene["north_manager"], outcome="justified", notes=""
    )
    assert AuditEvent.objects.get(action=AuditAction.BREAK_GLASS_REVIEW).detail["overdue"] is True


# --- allocation ----------------------------------------------------------------------------------


def test_manager_adds_a_worker_from_their_organisation(scene: dict[str, Any]) -> None:
    newcomer: Any = UserFactory(team=scene["south"])
    assert not policy.can_view_family(newcomer, scene["family"])
    allocation = services.allocate_worker(
        family=scene["family"],
        worker=newcomer,
        role_on_case="Parent support worker",
        allocated_by=scene["north_manager"],
    )
    assert policy.can_view_family(newcomer, scene["family"])
    assert allocation.allocated_by == scene["north_manager"]
    event = AuditEvent.objects.get(action=AuditAction.ALLOCATION)
    assert event.detail == {"worker_id": newcomer.pk, "change": "added", "is_lead": False}


def test_workers_from_a_sharing_organisation_can_be_added(scene: dict[str, Any]) -> None:
    council: Any = TeamFactory(organisation__kind=Organisation.Kind.COUNCIL)
    social_worker: Any = UserFactory(role=Role.SOCIAL_WORKER, team=council)
    with pytest.raises(services.AllocationError):
        services.allocate_worker(
            family=scene["family"],
            worker=social_worker,
            role_on_case="Social worker",
            allocated_by=scene["north_manager"],
        )
    OrganisationShareFactory(family=scene["family"], organisation=council.organisation)
    services.allocate_worker(
        family=scene["family"],
        worker=social_worker,
        role_on_case="Social worker",
        allocated_by=scene["north_manager"],
    )
    assert policy.can_view_family(social_worker, scene["family"])


def test_managers_of_other_teams_cannot_allocate(scene: dict[str, Any]) -> None:
    newcomer: Any = UserFactory(team=scene["south"])
    for person in (scene["south_manager"], scene["worker"]):
        with pytest.raises(policy.NotAllowed):
            services.allocate_worker(
                family=scene["family"],
                worker=newcomer,
                role_on_case="Parent support worker",
                allocated_by=person,
            )
    assert not AuditEvent.objects.filter(action=AuditAction.ALLOCATION).exists()


def test_a_worker_already_on_the_team_or_not_a_caseworker_cannot_be_added(
    scene: dict[str, Any],
) -> None:
    commissioner: Any = UserFactory(role=Role.COMMISSIONER, team=scene["north"])
    for person in (scene["worker"], commissioner):
        with pytest.raises(services.AllocationError):
            services.allocate_worker(
                family=scene["family"],
                worker=person,
                role_on_case="x",
                allocated_by=scene["north_manager"],
            )


def test_ending_an_allocation_revokes_access_and_is_audited(scene: dict[str, Any]) -> None:
    allocation = scene["allocation"]
    # A second worker keeps the family with the north team, so its manager can still allocate.
    AllocationFactory(family=scene["family"], worker=UserFactory(team=scene["north"]))
    services.end_allocation(
        allocation=allocation, ended_by=scene["north_manager"], on=timezone.localdate()
    )
    assert not policy.can_view_family(scene["worker"], scene["family"])
    event = AuditEvent.objects.get(action=AuditAction.ALLOCATION)
    assert event.detail["change"] == "ended"
    with pytest.raises(services.AllocationError, match="already ended"):
        services.end_allocation(
            allocation=allocation, ended_by=scene["north_manager"], on=timezone.localdate()
        )


def test_an_allocation_can_end_on_an_earlier_day_but_not_a_future_one(
    scene: dict[str, Any],
) -> None:
    allocation = scene["allocation"]
    allocation.started_at = timezone.now() - dt.timedelta(days=30)
    allocation.save()
    with pytest.raises(services.AllocationError, match="future"):
        services.end_allocation(
            allocation=allocation,
            ended_by=scene["north_manager"],
            on=timezone.localdate() + dt.timedelta(days=1),
        )
    with pytest.raises(services.AllocationError, match="on or after"):
        services.end_allocation(
            allocation=allocation,
            ended_by=scene["north_manager"],
            on=timezone.localdate() - dt.timedelta(days=31),
        )
    day = timezone.localdate() - dt.timedelta(days=3)
    ended = services.end_allocation(allocation=allocation, ended_by=scene["north_manager"], on=day)
    assert ended.ended_at is not None
    assert timezone.localtime(ended.ended_at).date() == day


def test_notifications_are_marked_read_only_by_their_recipient(scene: dict[str, Any]) -> None:
    (note,) = services.notify(recipients=[scene["worker"]], message="Hello", link="/")
    with pytest.raises(PermissionDenied):
        services.mark_read(notification=note, user=scene["north_manager"])
    services.mark_read(notification=note, user=scene["worker"])
    note.refresh_from_db()
    assert note.read_at is not None
