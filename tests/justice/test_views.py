"""Court-support pages as people use them: bad input comes back with a clear error and nothing
saved; family members see their own journey and never the suspect; calendars parse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.justice import services
from relsafe.justice.models import CaseChild, Hearing, StageChange
from tests.factories import (
    CarerFactory,
    CaseScene,
    FamilyMemberFactory,
    YoungPersonFactory,
    case_scene,
)
from tests.justice.factories import charge, days_ago, new_case, new_hearing

pytestmark = pytest.mark.django_db

SignedIn = Callable[[Any], Client]


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


@pytest.fixture
def charged(scene: CaseScene) -> Any:
    case = new_case(family=scene.family, recorded_by=scene.worker, shared_with_family=True)
    services.add_suspect(actor=scene.worker, case=case, known_as="Ghost")
    services.add_child(
        actor=scene.worker,
        case=case,
        young_person=scene.young_person,
        part=CaseChild.Part.VICTIM_AND_WITNESS,
    )
    return charge(case, scene.worker, days_ago_=30)


def test_the_case_page_shows_stages_hearings_and_the_timeline(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    new_hearing(case=charged)
    response = signed_in(scene.worker).get(reverse("justice:case", args=[charged.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for words in ("Stages and time in each", "Charged", "Ghost", "The journey so far", "Trial"):
        assert words in text
    assert "Move to the next stage" in text


def test_police_read_the_case_but_change_nothing(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    client = signed_in(scene.police)
    response = client.get(reverse("justice:case", args=[charged.pk]))
    assert response.status_code == 200
    assert "Move to the next stage" not in response.content.decode()
    assert client.get(reverse("justice:stage", args=[charged.pk])).status_code == 403


def test_a_hearing_before_the_charge_comes_back_with_an_error(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    before = (timezone.localdate() - dt.timedelta(days=60)).isoformat()
    response = signed_in(scene.worker).post(
        reverse("justice:hearing-create", args=[charged.pk]),
        {"kind": "trial", "court": "Crown Court", "starts_on": before, "starts_time": "10:00"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "before the charge date" in response.content.decode()
    assert response.context["form"]["court"].value() == "Crown Court"
    assert not Hearing.objects.exists()


def test_a_stage_going_backwards_is_refused(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    count = StageChange.objects.count()
    response = signed_in(scene.worker).post(
        reverse("justice:stage", args=[charged.pk]),
        {"stage": "investigation", "entered_on": days_ago(1).isoformat()},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert StageChange.objects.count() == count


def test_a_parent_sees_the_journey_in_plain_words_and_never_the_suspect(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    witness = charged.children.get().witness
    services.record_measure(
        actor=scene.worker,
        witness=witness,
        measure="s24",
        status="granted",
        applied_on=days_ago(20),
        decided_on=days_ago(10),
    )
    new_hearing(case=charged)
    client = signed_in(scene.parent)
    start = client.get("/").content.decode()
    assert "Your court journey" in start
    response = client.get(reverse("justice:journey", args=[scene.family.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Live link (s24)" in text
    assert "video link" in text
    assert "Northbridge Crown Court" in text
    assert "Ghost" not in text
    assert charged.police_reference not in text


def test_a_parent_cannot_open_another_familys_journey_or_calendar(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    stranger = FamilyMemberFactory()
    CarerFactory(portal_user=stranger)
    client = signed_in(stranger)
    assert client.get(reverse("justice:journey", args=[scene.family.pk])).status_code == 404
    assert client.get(reverse("justice:family-calendar", args=[scene.family.pk])).status_code == 404
    assert (
        client.post(reverse("justice:family-calendar", args=[scene.family.pk])).status_code == 404
    )


def test_a_young_person_sees_only_cases_they_are_in(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    sister: Any = YoungPersonFactory(
        family=scene.family, portal_user=FamilyMemberFactory(role=Role.YOUNG_PERSON)
    )
    client = signed_in(sister.portal_user)
    response = client.get(reverse("justice:journey", args=[scene.family.pk]))
    assert response.status_code == 200
    assert "nothing about a court case" in response.content.decode()
    scene.young_person.portal_user = FamilyMemberFactory(role=Role.YOUNG_PERSON)
    scene.young_person.save()
    own = signed_in(scene.young_person.portal_user).get(
        reverse("justice:journey", args=[scene.family.pk])
    )
    assert "Your court case" in own.content.decode()


def _feed(client: Client, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _address(response: Any) -> str:
    url = response.context["feed_url"]
    assert url
    return str(url).split("testserver", 1)[1]


def test_the_family_calendar_says_appointment_until_they_choose_otherwise(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    new_hearing(case=charged)
    new_hearing(case=charged, shared_with_family=False, kind=Hearing.Kind.PLEA)
    client = signed_in(scene.parent)
    page = reverse("justice:family-calendar", args=[scene.family.pk])
    path = _address(client.post(page, {"action": "rotate"}))
    events = _feed(Client(), path).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Appointment"]
    assert "LOCATION" not in events[0]
    client.post(page, {"action": "detail", "shows_detail": "yes"})
    events = _feed(Client(), path).walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == "Court: Trial"
    assert str(events[0]["LOCATION"]) == "Northbridge Crown Court"


def test_the_safe_contact_decision_recorded_with_them_counts_too(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    """Their safe-contact settings: the latest of the worker-recorded decision and their own
    choice on the calendar page decides."""
    from relsafe.cases.models import Carer
    from relsafe.cases.services import record_safe_contact

    new_hearing(case=charged)
    carer = Carer.objects.get(portal_user=scene.parent)
    client = signed_in(scene.parent)
    page = reverse("justice:family-calendar", args=[scene.family.pk])
    path = _address(client.post(page, {"action": "rotate"}))

    def summary() -> str:
        return str(_feed(Client(), path).walk("VEVENT")[0]["SUMMARY"])

    record_safe_contact(
        actor=scene.worker, person=carer, notify_by="none", calendar_shows_detail=True
    )
    assert summary() == "Court: Trial"
    client.post(page, {"action": "detail", "shows_detail": "no"})
    assert summary() == "Appointment"
    client.post(page, {"action": "detail", "shows_detail": "yes"})
    record_safe_contact(
        actor=scene.worker, person=carer, notify_by="none", calendar_shows_detail=False
    )
    assert summary() == "Appointment"


def test_a_rotated_address_is_gone(scene: CaseScene, charged: Any, signed_in: SignedIn) -> None:
    client = signed_in(scene.worker)
    first = _address(client.post(reverse("justice:calendar"), {"action": "rotate"}))
    second = _address(client.post(reverse("justice:calendar"), {"action": "rotate"}))
    assert Client().get(first).status_code == 404
    new_hearing(case=charged)
    events = _feed(Client(), second).walk("VEVENT")
    assert str(events[0]["SUMMARY"]) == f"Trial ({scene.family.reference})"
    assert Client().get(reverse("justice:feed") + "?key=not-a-token").status_code == 404
    assert Client().get(reverse("justice:feed")).status_code == 404


def test_a_worker_taken_off_the_family_loses_its_hearings(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    new_hearing(case=charged)
    client = signed_in(scene.worker)
    path = _address(client.post(reverse("justice:calendar"), {"action": "rotate"}))
    assert len(_feed(Client(), path).walk("VEVENT")) == 1
    scene.family.allocations.update(ended_at=timezone.now())
    assert _feed(Client(), path).walk("VEVENT") == []


def test_figures_are_suppressed_below_five(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    response = signed_in(scene.manager).get(reverse("justice:report"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "fewer than 5" in text
    assert scene.young_person.first_name not in text


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_case_page_costs_the_same_for_a_small_and_a_large_case(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    client = signed_in(scene.worker)
    url = reverse("justice:case", args=[charged.pk])
    witness = charged.children.get().witness
    new_hearing(case=charged)
    services.record_measure(
        actor=scene.worker, witness=witness, measure="s24", status="applied", applied_on=days_ago(3)
    )
    client.get(url)  # the first request of a session saves it; measure the ones after
    small = _queries(client, url)
    for index in range(4):
        hearing = new_hearing(case=charged)
        services.record_attendance(
            actor=scene.worker,
            witness=witness,
            hearing=hearing,
            attended=bool(index % 2),
            why_not="ill",
        )
        services.add_child(
            actor=scene.worker,
            case=charged,
            young_person=cast(Any, YoungPersonFactory(family=scene.family)),
            part=CaseChild.Part.WITNESS,
        )
        services.record_support_contact(
            actor=scene.worker, case=charged, occurred_on=days_ago(index), summary="Support"
        )
    for code in ("s23", "s28", "s29"):
        services.record_measure(
            actor=scene.worker,
            witness=witness,
            measure=code,
            status="applied",
            applied_on=days_ago(3),
        )
    assert _queries(client, url) == small


def test_a_young_persons_calendar_holds_only_their_own_cases_hearings(
    scene: CaseScene, charged: Any, signed_in: SignedIn
) -> None:
    new_hearing(case=charged)
    sister: Any = YoungPersonFactory(
        family=scene.family, portal_user=FamilyMemberFactory(role=Role.YOUNG_PERSON)
    )
    client = signed_in(sister.portal_user)
    page = reverse("justice:family-calendar", args=[scene.family.pk])
    path = _address(client.post(page, {"action": "rotate"}))
    assert _feed(Client(), path).walk("VEVENT") == []
    services.add_child(actor=scene.worker, case=charged, young_person=sister, part="witness")
    assert [str(e["SUMMARY"]) for e in _feed(Client(), path).walk("VEVENT")] == ["Appointment"]
