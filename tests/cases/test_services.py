"""Changes to family cases: each is checked, audited in the same transaction, and visible to others."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from relsafe.access import policy
from relsafe.accounts.models import Organisation
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases import services
from relsafe.cases.models import Family, FamilyView, OrganisationShare, StrengthEntry
from relsafe.core.concurrency import EditConflict
from tests import factories
from tests.factories import allocated_family

# factory_boy factories are typed as returning themselves; treat them as the model.
OrganisationFactory: Any = factories.OrganisationFactory
UserFactory: Any = factories.UserFactory
YoungPersonFactory: Any = factories.YoungPersonFactory

pytestmark = pytest.mark.django_db


def _child(**kwargs: Any) -> services.NewChild:
    defaults: dict[str, Any] = {
        "first_name": "Nadia",
        "last_name": "Bello",
        "date_of_birth": timezone.localdate() - dt.timedelta(days=13 * 365),
    }
    return services.NewChild(**{**defaults, **kwargs})


def test_opening_a_family_makes_the_worker_lead_and_records_the_referral() -> None:
    worker = UserFactory()
    family = services.create_family(actor=worker, name="Nadia's family (Bello)", child=_child())
    assert family.reference.startswith("RS-")
    assert family.status == Family.Status.REFERRAL
    assert policy.can_view_family(worker, family)
    allocation = family.allocations.get()
    assert allocation.worker == worker
    assert allocation.is_lead
    assert family.status_changes.get().to_status == Family.Status.REFERRAL
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, family_id=family.pk).count() == 2


def test_references_count_up() -> None:
    worker = UserFactory()
    first = services.create_family(actor=worker, name="A", child=_child())
    second = services.create_family(actor=worker, name="B", child=_child(first_name="Ola"))
    assert int(second.reference[3:]) == int(first.reference[3:]) + 1


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (dt.timedelta(days=-3), "must be today or in the past"),
        (dt.timedelta(days=40 * 365), "aged 25 or under"),
    ],
)
def test_impossible_children_are_refused(born: dt.timedelta, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.create_family(
            actor=UserFactory(),
            name="X",
            child=_child(date_of_birth=timezone.localdate() - born),
        )
    assert not Family.objects.exists()


def test_police_cannot_open_families() -> None:
    with pytest.raises(PermissionDenied):
        services.create_family(
            actor=UserFactory(role=Role.POLICE_ANALYST), name="X", child=_child()
        )


def test_lifecycle_moves_and_reopening_needs_a_reason() -> None:
    worker = UserFactory()
    family = allocated_family(worker, status=Family.Status.ACTIVE)
    family = services.change_status(
        actor=worker, family=family, to_status="step_down", reason="", expected_version=1
    )
    family = services.change_status(
        actor=worker, family=family, to_status="closed", reason="", expected_version=2
    )
    assert family.closed_at is not None
    with pytest.raises(ValidationError, match="reason for reopening"):
        services.change_status(
            actor=worker, family=family, to_status="active", reason=" ", expected_version=3
        )
    family = services.change_status(
        actor=worker,
        family=family,
        to_status="active",
        reason="Missing again",
        expected_version=3,
    )
    assert family.status == "active"
    assert family.closed_at is None
    latest = family.status_changes.first()
    assert latest is not None
    assert latest.is_reopening
    assert latest.reason == "Missing again"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, family_id=family.pk).count() == 3


def test_a_case_cannot_jump_stages() -> None:
    worker = UserFactory()
    family = allocated_family(worker, status=Family.Status.REFERRAL)
    with pytest.raises(ValidationError, match="cannot move"):
        services.change_status(
            actor=worker, family=family, to_status="step_down", reason="", expected_version=1
        )


def test_a_stale_status_form_is_a_conflict_not_an_overwrite() -> None:
    worker = UserFactory()
    family = allocated_family(worker, status=Family.Status.ACTIVE)
    services.change_status(
        actor=worker, family=family, to_status="closed", reason="", expected_version=1
    )
    with pytest.raises(EditConflict) as conflict:
        services.change_status(
            actor=worker, family=family, to_status="step_down", reason="", expected_version=1
        )
    assert conflict.value.current.status == "closed"


def test_sharing_with_police_records_the_basis_and_gives_access_until_revoked() -> None:
    worker = UserFactory()
    family = allocated_family(worker)
    police = OrganisationFactory(kind=Organisation.Kind.POLICE)
    analyst = UserFactory(role=Role.POLICE_ANALYST, team=None, organisation=police)
    assert not policy.can_view_family(analyst, family)
    with pytest.raises(ValidationError, match="without consent"):
        services.share_family(
            actor=worker, family=family, organisation=police, basis="safeguarding", notes=""
        )
    share = services.share_family(
        actor=worker,
        family=family,
        organisation=police,
        basis="safeguarding",
        notes="Asking would alert the adults exploiting him",
    )
    assert share.decided_by == worker
    assert policy.can_view_family(analyst, family)
    event = AuditEvent.objects.get(action=AuditAction.SHARE)
    assert event.family_id == family.pk
    assert "para. 18" in event.reason
    with pytest.raises(ValidationError, match="already shared"):
        services.share_family(
            actor=worker, family=family, organisation=police, basis="consent", notes=""
        )
    services.revoke_share(actor=worker, share=share)
    assert not policy.can_view_family(analyst, family)
    assert OrganisationShare.objects.get().revoked_at is not None


def test_a_worker_from_another_team_cannot_change_the_case() -> None:
    family = allocated_family(UserFactory())
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.add_strength(
            actor=outsider, young_person=family.young_people.get(), kind="strength", text="x"
        )


def test_adding_a_strength_in_their_own_words_is_audited_without_the_words() -> None:
    worker = UserFactory()
    child = allocated_family(worker).young_people.get()
    entry = services.add_strength(
        actor=worker,
        young_person=child,
        kind=StrengthEntry.Kind.ASPIRATION,
        text="I want to be a designer",
        in_own_words=True,
    )
    assert entry.in_own_words
    assert entry.recorded_by == worker
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="cases.strengthentry")
    assert event.family_id == child.family_id
    assert "designer" not in str(event.detail)


def test_changes_mark_the_family_changed_for_others_but_not_for_the_author() -> None:
    worker, colleague = UserFactory(), UserFactory()
    family = allocated_family(worker)
    before = timezone.now() - dt.timedelta(hours=1)
    FamilyView.objects.create(user=colleague, family=family, viewed_at=before)
    services.add_strength(
        actor=worker, young_person=family.young_people.get(), kind="strength", text="Kind"
    )
    family.refresh_from_db()
    assert family.updated_at > FamilyView.objects.get(user=colleague).viewed_at
    assert FamilyView.objects.get(user=worker).viewed_at == family.updated_at


def test_profile_edits_use_optimistic_locking() -> None:
    worker = UserFactory()
    child = allocated_family(worker).young_people.get()
    services.update_profile(
        actor=worker, young_person=child, changes={"language": "Arabic"}, expected_version=1
    )
    child.refresh_from_db()
    assert child.version == 2
    assert child.language == "Arabic"
    with pytest.raises(EditConflict) as conflict:
        services.update_profile(
            actor=worker, young_person=child, changes={"language": "Farsi"}, expected_version=1
        )
    assert conflict.value.current.language == "Arabic"
    child.refresh_from_db()
    assert child.language == "Arabic"
    assert AuditEvent.objects.get(action=AuditAction.UPDATE).detail == {"fields": ["language"]}


def test_profile_edit_refuses_a_future_date_of_birth() -> None:
    worker = UserFactory()
    child = YoungPersonFactory(family=allocated_family(worker))
    with pytest.raises(ValidationError):
        services.update_profile(
            actor=worker,
            young_person=child,
            changes={"date_of_birth": timezone.localdate() + dt.timedelta(days=1)},
            expected_version=1,
        )
