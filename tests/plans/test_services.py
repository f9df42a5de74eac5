"""Changing plans, actions and referrals: checks, audit entries, sharing decisions and conflicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.core.concurrency import EditConflict
from relsafe.plans import services
from relsafe.plans.models import Plan, PlanAction, Referral
from tests.factories import (
    AllocationFactory,
    FamilyFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    UserFactory,
    YoungPersonFactory,
    worker_on,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _action(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "description": "Walk to school together",
        "owner_type": PlanAction.OwnerType.PARENT,
        "owner_name": "Mum",
        "owner_user": None,
        "due_on": timezone.localdate() + dt.timedelta(days=5),
        "status": PlanAction.Status.NOT_STARTED,
    }
    values.update(overrides)
    return values


def test_start_plan_once_per_family_and_audit_it() -> None:
    family = FamilyFactory.create()
    worker = worker_on(family)
    plan = services.start_plan(actor=worker, family=family)
    assert services.start_plan(actor=worker, family=family) == plan
    assert Plan.objects.count() == 1
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="plans.plan").count() == 1
    )


def test_sharing_records_who_and_when_and_unsharing_clears_it() -> None:
    plan = PlanFactory.create()
    worker = worker_on(plan.family)
    plan = services.update_plan(
        actor=worker,
        plan=plan,
        expected_version=plan.version,
        values={
            "summary": "Safe",
            "review_on": None,
            "shared_with_family": True,
            "shared_with": "Mum",
        },
    )
    assert (plan.shared_by, plan.shared_with) == (worker, "Mum")
    assert plan.shared_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.SHARE, object_id=str(plan.pk)).exists()
    plan = services.update_plan(
        actor=worker,
        plan=plan,
        expected_version=plan.version,
        values={
            "summary": "Safe",
            "review_on": None,
            "shared_with_family": False,
            "shared_with": "Mum",
        },
    )
    assert (plan.shared_at, plan.shared_by, plan.shared_with) == (None, None, "")


def test_sharing_needs_a_name() -> None:
    plan = PlanFactory.create()
    with pytest.raises(ValidationError, match="who in the family"):
        services.update_plan(
            actor=worker_on(plan.family),
            plan=plan,
            expected_version=plan.version,
            values={"shared_with_family": True, "shared_with": " "},
        )


def test_a_worker_action_goes_to_someone_in_the_team_around_the_family() -> None:
    plan = PlanFactory.create()
    worker = worker_on(plan.family)
    outsider = UserFactory.create()
    with pytest.raises(ValidationError, match="team around this family"):
        services.add_action(
            actor=worker,
            plan=plan,
            values=_action(owner_type=PlanAction.OwnerType.WORKER, owner_user=outsider),
        )
    AllocationFactory.create(family=plan.family, worker=outsider)
    action = services.add_action(
        actor=worker,
        plan=plan,
        values=_action(owner_type=PlanAction.OwnerType.WORKER, owner_user=outsider),
    )
    assert action.owner_display == outsider.full_name
    assert action.owner_name == ""  # a leftover name is not kept for a worker's action


def test_other_owners_need_a_name() -> None:
    plan = PlanFactory.create()
    with pytest.raises(ValidationError, match="name of the person or agency"):
        services.add_action(actor=worker_on(plan.family), plan=plan, values=_action(owner_name=""))


def test_done_records_the_completion_date_and_reopening_clears_it() -> None:
    action = PlanActionFactory.create()
    actor = worker_on(action.plan.family)
    action = services.update_action(
        actor=actor,
        action=action,
        expected_version=action.version,
        values=_action(status=PlanAction.Status.DONE),
    )
    assert action.completed_on == timezone.localdate()
    assert not action.is_open
    action = services.update_action(
        actor=actor,
        action=action,
        expected_version=action.version,
        values=_action(status=PlanAction.Status.IN_PROGRESS),
    )
    assert action.completed_on is None


def test_second_save_of_an_action_is_a_conflict() -> None:
    action = PlanActionFactory.create()
    version = action.version
    services.update_action(
        actor=worker_on(action.plan.family),
        action=action,
        expected_version=version,
        values=_action(description="First"),
    )
    with pytest.raises(EditConflict) as clash:
        services.update_action(
            actor=worker_on(action.plan.family),
            action=PlanAction.objects.get(pk=action.pk),
            expected_version=version,
            values=_action(description="Second"),
        )
    assert clash.value.current.description == "First"
    assert PlanAction.objects.get(pk=action.pk).description == "First"


def test_referral_dates_must_follow_each_other() -> None:
    yp = YoungPersonFactory.create()
    with pytest.raises(ValidationError) as error:
        services.record_referral(
            actor=worker_on(yp.family),
            family=yp.family,
            young_person=yp,
            kind=Referral.Kind.NRM,
            values={
                "submitted_on": TODAY,
                "reasonable_grounds_on": TODAY - dt.timedelta(days=1),
                "reasonable_grounds_outcome": Referral.Decision.AWAITED,
                "conclusive_grounds_on": None,
                "conclusive_grounds_outcome": Referral.Decision.AWAITED,
            },
        )
    assert set(error.value.message_dict) == {
        "reasonable_grounds_on",
        "reasonable_grounds_outcome",
    }
    assert Referral.objects.count() == 0


def test_a_positive_reasonable_grounds_decision_is_recorded_and_audited() -> None:
    referral = ReferralFactory.create(submitted_on=TODAY)
    referral = services.update_referral(
        actor=worker_on(referral.family),
        referral=referral,
        expected_version=referral.version,
        values={
            "submitted_on": TODAY,
            "reasonable_grounds_on": TODAY + dt.timedelta(days=3),
            "reasonable_grounds_outcome": Referral.Decision.POSITIVE,
        },
    )
    assert referral.reasonable_grounds_outcome == "positive"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(referral.pk)).exists()


def test_a_referral_for_a_child_in_another_family_is_refused() -> None:
    family = FamilyFactory.create()
    with pytest.raises(ValidationError):
        services.record_referral(
            actor=worker_on(family),
            family=family,
            young_person=YoungPersonFactory.create(),
            kind=Referral.Kind.MASH,
            values={"submitted_on": TODAY},
        )


def test_recording_and_updating_a_referral_keeps_its_next_decision_for_the_caseload() -> None:
    yp = YoungPersonFactory.create()
    worker = worker_on(yp.family)
    monday = dt.date(2026, 11, 23)
    referral = services.record_referral(
        actor=worker,
        family=yp.family,
        young_person=yp,
        kind=Referral.Kind.NRM,
        values={"submitted_on": monday},
    )
    referral.refresh_from_db()
    assert (referral.next_decision, referral.next_decision_on) == (
        "nrm_reasonable_grounds",
        dt.date(2026, 11, 30),  # five working days
    )
    referral = services.update_referral(
        actor=worker,
        referral=referral,
        expected_version=referral.version,
        values={
            "submitted_on": monday,
            "reasonable_grounds_on": monday + dt.timedelta(days=2),
            "reasonable_grounds_outcome": Referral.Decision.NEGATIVE,
        },
    )
    referral.refresh_from_db()
    assert (referral.next_decision, referral.next_decision_on) == ("", None)  # nothing awaited


def test_the_data_migration_fills_existing_referrals_as_the_services_would() -> None:
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from relsafe.plans.deadlines import next_deadline

    migration = importlib.import_module("relsafe.plans.migrations.0003_fill_referral_next_decision")
    yp = YoungPersonFactory.create()
    made = [
        ReferralFactory.create(young_person=yp, kind=Referral.Kind.NRM, submitted_on=TODAY),
        ReferralFactory.create(
            young_person=yp,
            kind=Referral.Kind.NRM,
            submitted_on=TODAY,
            reasonable_grounds_on=TODAY,
            reasonable_grounds_outcome=Referral.Decision.POSITIVE,
        ),
        ReferralFactory.create(young_person=yp, kind=Referral.Kind.MASH, submitted_on=TODAY),
        ReferralFactory.create(young_person=yp, kind=Referral.Kind.MACE, submitted_on=TODAY),
        ReferralFactory.create(
            young_person=yp, kind=Referral.Kind.MACE, submitted_on=TODAY, meeting_on=TODAY
        ),
        ReferralFactory.create(
            young_person=yp,
            kind=Referral.Kind.MACE,
            submitted_on=TODAY,
            meeting_on=TODAY,
            outcome_on=TODAY,
        ),
    ]
    (operation,) = migration.Migration.operations
    schema_editor = SimpleNamespace(connection=connection)
    operation.reverse_code(apps, schema_editor)
    assert not Referral.objects.exclude(next_decision="").exists()
    operation.code(apps, schema_editor)
    for referral in made:
        referral.refresh_from_db()
        expected = next_deadline(referral, today=TODAY)
        assert (referral.next_decision, referral.next_decision_on) == (
            (expected.key, expected.due_on) if expected else ("", None)
        )
