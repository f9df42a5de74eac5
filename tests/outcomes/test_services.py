"""Recording outcomes, changing the cost tables (versioned and audited) and publishing reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.outcomes import services
from relsafe.outcomes.models import (
    Counterfactual,
    OutcomeEvent,
    OutcomeKind,
    PublishedReport,
    TableVersion,
    UnitCost,
)
from relsafe.outcomes.selectors import Filters
from relsafe.outcomes.tables import tables_at
from tests.factories import CaseScene, UserFactory, case_scene
from tests.outcomes.factories import OutcomeEventFactory, seeded_tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    s = case_scene()
    s.family.opened_at = timezone.now() - dt.timedelta(days=100)
    s.family.save()
    return s


def _record(scene: CaseScene, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "actor": scene.worker,
        "family": scene.family,
        "kind": OutcomeKind.SECURE_PLACEMENT_AVOIDED,
        "occurred_on": timezone.localdate() - dt.timedelta(days=5),
        "rationale": "The panel no longer considers a secure order: he is safer at home.",
        "young_person": scene.young_person,
    }
    values.update(overrides)
    return services.record_outcome(**values)


def test_a_worker_records_an_outcome_with_date_person_and_reasons(scene: CaseScene) -> None:
    event = _record(scene)
    assert event.kind == OutcomeKind.SECURE_PLACEMENT_AVOIDED
    assert event.young_person == scene.young_person
    assert event.recorded_by_organisation_id == scene.worker.organisation_id
    entry = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="outcomes.outcomeevent"
    )
    assert entry.get().family_id == scene.family.pk


def test_an_outcome_dated_before_the_family_was_opened_is_refused(scene: CaseScene) -> None:
    opened = timezone.localtime(scene.family.opened_at).date()
    with pytest.raises(ValidationError) as error:
        _record(scene, occurred_on=opened - dt.timedelta(days=1))
    assert error.value.message_dict["occurred_on"] == [
        f"The date of the outcome must be on or after {opened:%-d %B %Y}, when the family was opened"
    ]


def test_an_outcome_in_the_future_is_refused(scene: CaseScene) -> None:
    with pytest.raises(ValidationError, match="today or in the past"):
        _record(scene, occurred_on=timezone.localdate() + dt.timedelta(days=1))


def test_computed_outcomes_cannot_be_typed(scene: CaseScene) -> None:
    with pytest.raises(ValidationError, match="worked out from the record"):
        _record(scene, kind=OutcomeKind.SAFETY_SCALE_UP_PARENT)


def test_the_young_person_must_be_in_the_family(scene: CaseScene) -> None:
    other = case_scene()
    with pytest.raises(ValidationError, match="young person in this family"):
        _record(scene, young_person=other.young_person)


def test_an_outcome_is_changed_with_optimistic_locking(scene: CaseScene) -> None:
    from relsafe.core.concurrency import EditConflict

    event = _record(scene)
    changed = services.update_outcome(
        actor=scene.worker,
        event=event,
        expected_version=1,
        kind=OutcomeKind.FAMILY_STAYED_TOGETHER,
        occurred_on=event.occurred_on,
        rationale="They stayed together.",
        young_person=None,
    )
    assert (changed.kind, changed.version) == (OutcomeKind.FAMILY_STAYED_TOGETHER, 2)
    with pytest.raises(EditConflict):
        services.update_outcome(
            actor=scene.worker,
            event=event,
            expected_version=1,
            kind=OutcomeKind.STEPPED_DOWN,
            occurred_on=event.occurred_on,
            rationale="Stale.",
        )


# --- the cost tables ---------------------------------------------------------------------------


@pytest.fixture
def admin(scene: CaseScene) -> Any:
    seeded_tables()
    return scene.administrator


def _cost(admin: Any, **overrides: Any) -> UnitCost:
    values: dict[str, Any] = {
        "actor": admin,
        "key": "secure_childrens_home",
        "item": "Secure children's home place",
        "amount": "220000",
        "unit": "year",
        "price_year": 2023,
        "source": "A newer source, 2024",
        "source_url": "https://example.org/source",
        "citation": "A newer source (2024): £220,000 a year.",
        "cashable": True,
        "reason": "Newer figure published",
    }
    values.update(overrides)
    return services.change_unit_cost(**values)


def test_changing_a_unit_cost_adds_a_version_and_keeps_the_old_row(admin: Any) -> None:
    before = tables_at()
    assert before is not None
    cost = _cost(admin)
    assert cost.table_version.number == 2
    old = UnitCost.objects.get(key="secure_childrens_home", table_version__number=1)
    assert old.retired_in is not None
    assert old.retired_in.number == 2
    assert tables_at(1).unit_costs["secure_childrens_home"].amount == Decimal("210000")  # type: ignore[union-attr]
    assert tables_at().unit_costs["secure_childrens_home"].amount == Decimal("220000")  # type: ignore[union-attr]
    entry = AuditEvent.objects.filter(action=AuditAction.ADMIN_CHANGE, actor_id=admin.pk).get()
    assert entry.detail["was"] == "210000.00"
    assert entry.detail["table_version"] == 2


def test_a_negative_cost_is_refused(admin: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _cost(admin, amount="-5")
    assert error.value.message_dict["amount"] == ["The amount cannot be negative"]
    assert TableVersion.objects.count() == 1


def test_a_price_year_with_no_index_is_refused(admin: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _cost(admin, price_year=2031)
    assert "There is no uprating index for 2031" in error.value.message_dict["price_year"][0]


def test_adding_the_year_to_the_index_first_lets_the_cost_in(admin: Any) -> None:
    services.change_index_year(
        actor=admin, year=2031, index="120.5", source="HM Treasury GDP deflators, 2031"
    )
    cost = _cost(admin, price_year=2031)
    assert cost.price_year == 2031
    assert tables_at().base_year == 2031  # type: ignore[union-attr]


def _assumption(admin: Any, **overrides: Any) -> Counterfactual:
    values: dict[str, Any] = {
        "actor": admin,
        "kind": OutcomeKind.SECURE_PLACEMENT_AVOIDED,
        "unit_cost_key": "secure_childrens_home",
        "quantity": "0.25",
        "quantity_reason": "three months.",
        "low": "0.2",
        "central": "0.4",
        "high": "0.6",
        "source": "local assumption",
    }
    values.update(overrides)
    return services.change_assumption(**values)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("low", "-0.1", "The low probability must be between 0 and 1"),
        ("high", "1.5", "The high probability must be between 0 and 1"),
        ("central", "half", "The central probability must be a number"),
    ],
)
def test_probabilities_outside_0_to_1_are_refused(
    admin: Any, field: str, value: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        _assumption(admin, **{field: value})
    assert error.value.message_dict[field] == [message]


def test_probabilities_must_go_up_from_low_to_high(admin: Any) -> None:
    with pytest.raises(ValidationError, match="go up from low to central to high"):
        _assumption(admin, low="0.5", central="0.4")


def test_a_probability_changes_as_a_new_version(admin: Any) -> None:
    row = _assumption(admin)
    assert row.table_version.number == 2
    assert tables_at().assumptions["secure_placement_avoided"].central == Decimal("0.4")  # type: ignore[union-attr]
    assert tables_at(1).assumptions["secure_placement_avoided"].central == Decimal("0.3")  # type: ignore[union-attr]


def test_an_index_of_zero_is_refused(admin: Any) -> None:
    with pytest.raises(ValidationError, match="more than 0"):
        services.change_index_year(actor=admin, year=2025, index="0", source="x")


def test_seeding_twice_changes_nothing() -> None:
    assert services.seed_cost_tables() is not None
    assert services.seed_cost_tables() is None
    assert TableVersion.objects.count() == 1
    assert UnitCost.objects.count() == 8


# --- publishing --------------------------------------------------------------------------------


def test_a_published_report_keeps_its_figures_after_the_tables_change(
    scene: CaseScene, admin: Any
) -> None:
    # Zeros are "fewer than 5" too, so beside them the 5 and then the 6 are hidden as well (the
    # total, 18, would otherwise pin them down); the 7 secure placements avoided stay shown.
    for kind, n in (
        (OutcomeKind.SECURE_PLACEMENT_AVOIDED, 7),
        (OutcomeKind.FAMILY_STAYED_TOGETHER, 6),
        (OutcomeKind.STEPPED_DOWN, 5),
    ):
        OutcomeEventFactory.create_batch(
            n, family=scene.family, kind=kind, recorded_by=scene.worker
        )
    start = timezone.localdate() - dt.timedelta(days=365)
    filters = Filters(start=start, end=timezone.localdate())
    report = services.publish_report(actor=scene.commissioner, title="Year one", filters=filters)
    published = report.figures["costs"]["totals"]["all"]["central"]
    # 7 x £258,912.44 (£210,000 in 2019 -> 2024) x 0.5 years x 0.3 = £271,858.06; the hidden
    # kinds are left out of the totals.
    assert published == "£271,858"
    assert report.table_version.number == 1
    _cost(admin, amount="420000")
    _assumption(admin, central="0.5", high="0.9")
    report.refresh_from_db()
    assert report.figures["costs"]["totals"]["all"]["central"] == published
    assert report.table_version.number == 1
    again = services.publish_report(actor=scene.commissioner, title="Again", filters=filters)
    assert again.table_version.number == 3
    assert again.figures["costs"]["totals"]["all"]["central"] != published
    assert PublishedReport.objects.count() == 2


def test_a_report_needs_a_title(scene: CaseScene, admin: Any) -> None:
    filters = Filters(start=timezone.localdate() - dt.timedelta(days=30), end=timezone.localdate())
    with pytest.raises(ValidationError, match="Enter a title"):
        services.publish_report(actor=scene.commissioner, title="  ", filters=filters)


def test_a_manager_publishes_for_their_own_organisation_only(scene: CaseScene, admin: Any) -> None:
    from relsafe.access.policy import NotAllowed

    filters = Filters(start=timezone.localdate() - dt.timedelta(days=30), end=timezone.localdate())
    with pytest.raises(NotAllowed):
        services.publish_report(actor=scene.manager, title="All", filters=filters)
    mine = Filters(start=filters.start, end=filters.end, organisation=scene.manager.organisation)
    report = services.publish_report(actor=scene.manager, title="Ours", filters=mine)
    assert report.organisation == scene.manager.organisation
    other: Any = UserFactory(role=Role.TEAM_MANAGER)
    theirs = Filters(start=filters.start, end=filters.end, organisation=other.organisation)
    with pytest.raises(NotAllowed):
        services.publish_report(actor=scene.manager, title="Theirs", filters=theirs)


def test_the_command_loads_the_tables_once() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_cost_tables", stdout=out)
    call_command("seed_cost_tables", stdout=out)
    assert "Loaded version 1" in out.getvalue()
    assert "already loaded" in out.getvalue()
    assert TableVersion.objects.count() == 1


def test_someone_with_no_organisation_cannot_record_an_outcome(scene: CaseScene) -> None:
    """Every outcome is kept for the organisation that recorded it: a person with none is
    refused (and the refusal audited), never left to a row the database throws out."""
    scene.worker.organisation = None
    with pytest.raises(PermissionDenied):
        _record(scene)
    assert not OutcomeEvent.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


def test_the_organisation_an_outcome_is_kept_for_is_asked_for_clearly() -> None:
    """Below the policy, the service itself refuses someone with no organisation in plain words."""
    with pytest.raises(ValidationError, match="Only someone in an organisation"):
        services._organisation_id(User(role=Role.COMMISSIONER, organisation=None))
