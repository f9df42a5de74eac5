"""The household and how to reach them (issue 16): people join and leave with dates and are never
deleted; phones and postcodes are checked and stored one way; a move ends the old address; only
caseworkers on the family change any of it, and only they see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases import selectors, services
from relsafe.cases.models import Carer, HouseholdAddress, YoungPerson
from tests import factories
from tests.cases import factories as cases_factories
from tests.factories import FORBIDDEN_WRITERS, CaseScene, case_scene
from tests.refusals import refused

pytestmark = pytest.mark.django_db
CarerFactory: Any = factories.CarerFactory
HouseholdAddressFactory: Any = cases_factories.HouseholdAddressFactory
SafeContactDecisionFactory: Any = cases_factories.SafeContactDecisionFactory
TODAY = timezone.localdate


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def test_a_carer_moves_in_with_a_number_stored_in_e164_and_the_change_is_audited(
    scene: CaseScene,
) -> None:
    carer = services.add_carer(
        actor=scene.worker,
        family=scene.family,
        full_name="Kofi Mensah",
        relationship="grandad",
        started_on=TODAY() - dt.timedelta(days=3),
        phone="07700 900 461",
        email="kofi@example.com",
        preferred_language="Twi",
        interpreter_needed=True,
    )
    assert carer.phone == "+447700900461"
    entry = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="cases.carer").last()
    assert entry is not None
    assert entry.family_id == scene.family.pk
    assert "0770" not in str(entry.detail)  # what changed, never the number itself


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "0770", "Enter a phone number"),
        ("email", "kofi at example", "Enter an email address"),
    ],
)
def test_contact_details_that_cannot_be_right_are_refused_by_field(
    scene: CaseScene, field: str, value: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_carer(
            actor=scene.worker,
            family=scene.family,
            full_name="Kofi Mensah",
            relationship="grandad",
            **{field: value},  # type: ignore[arg-type]
        )
    assert message in error.value.message_dict[field][0]
    assert not Carer.objects.filter(full_name="Kofi Mensah").exists()


def test_a_carer_who_leaves_is_dated_not_deleted_and_leaves_the_case_header(
    scene: CaseScene,
) -> None:
    carer = CarerFactory(family=scene.family, full_name="Darren Cole", relationship="mum's partner")
    SafeContactDecisionFactory(carer=carer, decided_by=scene.worker)
    header = selectors.case_header(user=scene.worker, family=scene.family)
    assert carer in [c for c, _ in header.safe_reach]

    services.end_carer(actor=scene.worker, carer=carer, ended_on=TODAY(), reason="Moved out")

    carer.refresh_from_db()
    assert carer.ended_on == TODAY()
    assert carer.end_reason == "Moved out"
    header = selectors.case_header(user=scene.worker, family=scene.family)
    assert carer not in [c for c, _ in header.safe_reach]
    home = selectors.household(user=scene.worker, family_pk=scene.family.pk)
    assert [m.person for m in home.former] == [carer]


def test_a_leaving_date_in_the_future_is_refused(scene: CaseScene) -> None:
    carer = CarerFactory(family=scene.family)
    with pytest.raises(ValidationError) as error:
        services.end_carer(actor=scene.worker, carer=carer, ended_on=TODAY() + dt.timedelta(days=1))
    assert "ended_on" in error.value.message_dict


def test_a_sibling_born_joins_the_household_and_a_child_who_leaves_stays_on_record(
    scene: CaseScene,
) -> None:
    baby = services.add_child(
        actor=scene.worker,
        family=scene.family,
        child=services.NewChild(first_name="Esi", last_name="Mensah", date_of_birth=TODAY()),
        joined_on=TODAY(),
    )
    assert baby.joined_on == TODAY()
    services.end_child(actor=scene.worker, young_person=scene.young_person, left_on=TODAY())
    header = selectors.case_header(user=scene.worker, family=scene.family)
    assert header.children == [baby]
    assert YoungPerson.objects.filter(pk=scene.young_person.pk).exists()


def test_a_move_ends_the_old_address_the_day_before(scene: CaseScene) -> None:
    carer = CarerFactory(family=scene.family)
    old = HouseholdAddressFactory(carer=carer, lived_from=TODAY() - dt.timedelta(days=400))
    moved = TODAY() - dt.timedelta(days=10)
    new = services.add_address(
        actor=scene.worker,
        person=carer,
        address=services.NewAddress(line_1="2 Mill Lane", postcode="ls11 5ab", lived_from=moved),
    )
    old.refresh_from_db()
    assert old.lived_until == moved - dt.timedelta(days=1)
    assert new.postcode == "LS11 5AB"
    assert new.lived_until is None


def test_an_address_without_a_real_postcode_is_refused(scene: CaseScene) -> None:
    carer = CarerFactory(family=scene.family)
    with pytest.raises(ValidationError) as error:
        services.add_address(
            actor=scene.worker,
            person=carer,
            address=services.NewAddress(line_1="2 Mill Lane", postcode="12345", lived_from=TODAY()),
        )
    assert "postcode" in error.value.message_dict
    assert not HouseholdAddress.objects.exists()


def test_updating_a_carer_after_someone_else_did_is_a_conflict(scene: CaseScene) -> None:
    from relsafe.core.concurrency import EditConflict

    carer = CarerFactory(family=scene.family)
    services.update_carer(
        actor=scene.worker, carer=carer, expected_version=1, values={"phone": "07700900123"}
    )
    with pytest.raises(EditConflict):
        services.update_carer(
            actor=scene.worker,
            carer=Carer.objects.get(pk=carer.pk),
            expected_version=1,
            values={"phone": "07700900124"},
        )
    assert Carer.objects.get(pk=carer.pk).phone == "+447700900123"


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_only_caseworkers_on_the_family_change_the_household(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    carer = CarerFactory(family=scene.family)
    with refused(actor, "change_case", family=scene.family):
        services.add_carer(actor=actor, family=scene.family, full_name="X Y", relationship="dad")
    with refused(actor, "change_case", family=scene.family):
        services.end_carer(actor=actor, carer=carer, ended_on=TODAY())
    with refused(actor, "change_case", family=scene.family):
        services.add_address(
            actor=actor,
            person=carer,
            address=services.NewAddress(line_1="1 A St", postcode="LS11 5AB", lived_from=TODAY()),
        )
    assert Carer.objects.get(pk=carer.pk).ended_on is None


def test_police_with_the_share_see_no_household_contact_details(
    scene: CaseScene, signed_in: Any
) -> None:
    SafeContactDecisionFactory(carer=CarerFactory(family=scene.family), decided_by=scene.worker)
    page = signed_in(scene.police).get(reverse("cases:family", args=[scene.family.pk]))
    assert page.status_code == 200
    assert "How to reach the family safely" not in page.content.decode()
    response = signed_in(scene.police).get(reverse("cases:household", args=[scene.family.pk]))
    assert response.status_code == 403


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=12))
def test_whatever_is_typed_as_a_phone_number_is_stored_e164_or_refused(typed: str) -> None:
    outcome: Any
    try:
        outcome = services._contact_values({"phone": typed})["phone"]
    except ValidationError as error:
        outcome = error
    if isinstance(outcome, ValidationError):
        assert "phone" in outcome.message_dict
    else:
        assert outcome == "" or outcome.startswith("+")
