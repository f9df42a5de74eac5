"""The referral as a record (issue 16): who referred, when, why in their words, what they asked
for, and the decision with who made it; on the overview and first in the chronology."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from relsafe.cases import services
from relsafe.cases.models import CaseReferral
from relsafe.core.concurrency import EditConflict
from relsafe.records.selectors import family_chronology
from tests.cases import factories as cases_factories
from tests.factories import FORBIDDEN_WRITERS, CaseScene, ContactFactory, case_scene
from tests.refusals import refused

pytestmark = pytest.mark.django_db
CaseReferralFactory: Any = cases_factories.CaseReferralFactory

VALUES = {
    "received_on": timezone.localdate() - dt.timedelta(days=3),
    "referrer_agency": "Northbridge Academy",
    "referrer_name": "Ms Helen Carter",
    "referrer_phone": "07700 900 101",
    "concerns": "Missing three times since half-term; a new phone his mum did not buy.",
    "request": "Support for his mum.",
    "decision": CaseReferral.Decision.PENDING,
}


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def test_a_decision_names_the_person_who_recorded_it_and_the_day(scene: CaseScene) -> None:
    referral = services.record_referral(actor=scene.worker, family=scene.family, values=VALUES)
    assert referral.decided_by is None
    assert referral.referrer_phone == "+447700900101"
    decided = services.update_referral(
        actor=scene.manager,
        referral=referral,
        expected_version=referral.version,
        values={**VALUES, "decision": CaseReferral.Decision.ACCEPTED},
    )
    assert decided.decided_by == scene.manager
    assert decided.decided_on == timezone.localdate()


def test_a_referral_from_the_future_or_without_concerns_is_refused_by_field(
    scene: CaseScene,
) -> None:
    with pytest.raises(ValidationError) as error:
        services.record_referral(
            actor=scene.worker,
            family=scene.family,
            values={
                **VALUES,
                "received_on": timezone.localdate() + dt.timedelta(days=1),
                "concerns": " ",
            },
        )
    assert set(error.value.message_dict) == {"received_on", "concerns"}


def test_two_people_changing_a_referral_at_once_is_a_conflict(scene: CaseScene) -> None:
    referral = CaseReferralFactory(family=scene.family, recorded_by=scene.worker)
    services.update_referral(
        actor=scene.worker, referral=referral, expected_version=1, values={"request": "A visit"}
    )
    with pytest.raises(EditConflict):
        services.update_referral(
            actor=scene.manager,
            referral=CaseReferral.objects.get(pk=referral.pk),
            expected_version=1,
            values={"request": "A call"},
        )


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_only_caseworkers_on_the_family_record_a_referral(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "change_case", family=scene.family):
        services.record_referral(actor=actor, family=scene.family, values=VALUES)
    assert not CaseReferral.objects.exists()


def test_the_referral_is_the_first_entry_of_the_chronology(scene: CaseScene) -> None:
    CaseReferralFactory(
        family=scene.family,
        received_on=timezone.localdate(scene.family.opened_at) - dt.timedelta(days=2),
        recorded_by=scene.worker,
    )
    ContactFactory(family=scene.family, recorded_by=scene.worker, significant=True)
    _, items = family_chronology(user=scene.worker, pk=scene.family.pk)
    assert items[-1].kind == "referral"  # newest first: the referral is the oldest
    assert items[-1].title == "Referral from Northbridge Academy"
    _, police_items = family_chronology(user=scene.police, pk=scene.family.pk)
    assert "referral" not in {i.kind for i in police_items}


def test_the_overview_shows_how_the_case_arrived(scene: CaseScene, signed_in: Any) -> None:
    CaseReferralFactory(family=scene.family, recorded_by=scene.worker)
    html = (
        signed_in(scene.worker)
        .get(reverse("cases:family", args=[scene.family.pk]))
        .content.decode()
    )
    assert "How the case arrived" in html
    assert "Missing three times since half-term" in html
