"""Appointments and meetings shared with the family (issue 9, item 3): a worker arranges, changes,
cancels and marks them held; a parent sees only their own family's shown ones, adds one to their
calendar (discreet by default) and asks to rearrange; the chronology and start pages show them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.events import CHRONOLOGY_SOURCES
from relsafe.cases.models import SafeContactDecision
from relsafe.core.concurrency import EditConflict
from relsafe.portal import selectors, services
from relsafe.portal.calendar import appointment_ics
from relsafe.portal.models import Appointment, Message
from tests.portal.factories import PortalScene

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]


@pytest.fixture
def scene() -> PortalScene:
    return PortalScene()


def _soon(days: int = 3, hour: int = 16) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour))
    )


def _values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "home_visit",
        "how": "in_person",
        "place": "At home",
        "who": "Sam",
        "starts_at": _soon(),
        "ends_at": None,
        "shown_to_family": True,
    }
    return values | overrides


def _arrange(scene: PortalScene, **overrides: Any) -> Appointment:
    return services.arrange_appointment(
        actor=scene.worker, family=scene.family, values=_values(**overrides)
    )


# --- services, by role ------------------------------------------------------------------------


def test_a_worker_arranges_an_appointment_audited_and_an_hour_long_by_default(
    scene: PortalScene,
) -> None:
    appointment = _arrange(scene)
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(hours=1)
    assert appointment.status == Appointment.Status.PLANNED
    entry = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="portal.appointment")
    assert entry.family_id == scene.family.pk


@pytest.mark.parametrize("who", ["parent", "child_user", "other_worker", "other_parent"])
def test_only_a_worker_with_the_family_arranges_one(scene: PortalScene, who: str) -> None:
    with pytest.raises((PermissionDenied, Http404)):
        services.arrange_appointment(
            actor=getattr(scene, who), family=scene.family, values=_values()
        )
    assert not Appointment.objects.exists()


def test_bad_details_get_every_error_and_nothing_is_saved(scene: PortalScene) -> None:
    with pytest.raises(ValidationError) as error:
        _arrange(
            scene,
            kind="other",
            place="",
            starts_at=timezone.now() - dt.timedelta(days=1),
            who="x" * 2_001,
        )
    assert set(error.value.message_dict) == {"what", "place", "day", "who"}
    with pytest.raises(ValidationError) as error:
        _arrange(scene, ends_at=_soon() - dt.timedelta(hours=1))
    assert set(error.value.message_dict) == {"ends"}
    assert not Appointment.objects.exists()


def test_a_phone_call_needs_no_place(scene: PortalScene) -> None:
    appointment = _arrange(scene, how="phone", place="")
    assert appointment.where == "By phone"


def test_a_change_from_an_old_form_is_a_conflict_never_an_overwrite(scene: PortalScene) -> None:
    appointment = _arrange(scene)
    services.change_appointment(
        actor=scene.worker, appointment=appointment, expected_version=1, values=_values(hour=1)
    )
    with pytest.raises(EditConflict):
        services.change_appointment(
            actor=scene.worker,
            appointment=appointment,
            expected_version=1,
            values=_values(place="The library"),
        )
    appointment.refresh_from_db()
    assert appointment.place == "At home"
    assert appointment.version == 2


def test_changing_or_cancelling_tells_the_parent_only_through_safe_contact(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    SafeContactDecision.objects.create(
        family=scene.family,
        carer=scene.carer,
        notify_by="email",
        email="safe@example.org",
        decided_by=scene.worker,
    )
    with django_capture_on_commit_callbacks(execute=True):
        appointment = _arrange(scene)
        services.change_appointment(
            actor=scene.worker,
            appointment=appointment,
            expected_version=1,
            values=_values(starts_at=_soon(4)),
        )
        services.cancel_appointment(actor=scene.worker, appointment=appointment, reason="Ill")
    assert len(mail.outbox) == 3
    for sent in mail.outbox:
        assert sent.body == services.FAMILY_NOTICE
        assert "visit" not in sent.subject.lower() + sent.body.lower()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_a_workers_only_appointment_tells_no_one(
    scene: PortalScene, django_capture_on_commit_callbacks: Any
) -> None:
    SafeContactDecision.objects.create(
        family=scene.family,
        carer=scene.carer,
        notify_by="email",
        email="safe@example.org",
        decided_by=scene.worker,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _arrange(scene, kind="strategy", shown_to_family=False)
    assert mail.outbox == []
    assert selectors.own_appointments(user=scene.parent) == []


def test_held_only_once_it_has_started_then_in_the_chronology(scene: PortalScene) -> None:
    appointment = _arrange(scene)
    cancelled = _arrange(scene, kind="school", starts_at=_soon(5))
    with pytest.raises(ValidationError):
        services.mark_appointment_held(actor=scene.worker, appointment=appointment)
    with time_machine.travel(appointment.starts_at + dt.timedelta(minutes=30), tick=False):
        services.mark_appointment_held(actor=scene.worker, appointment=appointment)
    services.cancel_appointment(actor=scene.worker, appointment=cancelled, reason="School closed")
    events = CHRONOLOGY_SOURCES["appointments"].events(scene.worker, scene.family)
    assert [e.title for e in events] == ["Home visit held", "School meeting cancelled"]
    assert "School closed" in events[1].details
    assert CHRONOLOGY_SOURCES["appointments"].events(scene.parent, scene.family) == []


# --- the parent's side ------------------------------------------------------------------------


def test_a_parent_sees_only_their_own_familys_shown_appointments(scene: PortalScene) -> None:
    shown = _arrange(scene)
    _arrange(scene, kind="strategy", shown_to_family=False)
    services.arrange_appointment(
        actor=scene.other_worker, family=scene.other_family, values=_values()
    )
    assert selectors.own_appointments(user=scene.parent) == [shown]
    assert selectors.own_appointments(user=scene.child_user) == []
    assert selectors.own_appointments(user=scene.worker) == []
    with pytest.raises(Http404):
        selectors.own_appointment(user=scene.other_parent, pk=shown.pk)


def test_the_calendar_file_is_discreet_by_default(scene: PortalScene) -> None:
    appointment = _arrange(scene, place="12 Acacia Road", who="Sam from the exploitation team")
    ics = appointment_ics(appointment)
    event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    assert str(event["summary"]) == "Appointment"
    assert "location" not in event
    assert "description" not in event
    text = ics.decode()
    for word in ("relsafe", "Acacia", "Sam", "exploitation", "Home visit"):
        assert word not in text
    assert event.decoded("dtstart") == appointment.starts_at


def test_the_calendar_says_more_only_when_the_parent_chose_it(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    appointment = _arrange(scene, place="12 Acacia Road")
    url = reverse("portal:appointment-calendar", args=[appointment.pk])
    response = signed_in(scene.parent).get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "no-store"
    assert b"SUMMARY:Appointment" in response.content
    SafeContactDecision.objects.create(
        family=scene.family,
        carer=scene.carer,
        notify_by="none",
        calendar_shows_detail=True,
        decided_by=scene.worker,
    )
    response = signed_in(scene.parent).get(url)
    assert b"SUMMARY:Home visit" in response.content
    assert b"LOCATION:12 Acacia Road" in response.content
    assert signed_in(scene.other_parent).get(url).status_code == 404


def test_asking_to_rearrange_is_a_message_that_names_the_appointment(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    appointment = _arrange(scene)
    client = signed_in(scene.parent)
    url = reverse("portal:appointment-rearrange", args=[appointment.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"body": ""})
    assert "Say when would suit you better" in empty.content.decode()
    response = client.post(url, {"body": "Could we make it Friday?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.appointment == appointment
    assert message.from_family
    assert "Could we make it Friday?" in message.body
    assert "home visit" in message.body
    worker_page = signed_in(scene.worker).get(
        reverse("portal:family-messages", args=[scene.family.pk])
    )
    assert "About the appointment: Home visit" in worker_page.content.decode()


def test_a_hidden_or_cancelled_appointment_cannot_be_asked_about(scene: PortalScene) -> None:
    hidden = _arrange(scene, shown_to_family=False)
    with pytest.raises(PermissionDenied):
        services.ask_to_rearrange(actor=scene.parent, appointment=hidden, body="Friday?")


# --- pages ------------------------------------------------------------------------------------


def test_the_parents_start_page_and_appointments_page_show_what_is_coming(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    _arrange(scene, who="Sam and the school nurse")
    client = signed_in(scene.parent)
    start = client.get("/").content.decode()
    assert "Appointments" in start
    assert "Home visit" in start
    page = client.get(reverse("portal:appointments")).content.decode()
    assert "govuk-summary-card" in page
    assert "Sam and the school nurse" in page
    assert "Add to calendar" in page
    assert "Ask to rearrange" in page


def test_the_worker_arranges_from_the_family_tab_and_sees_it_on_their_start_page(
    scene: PortalScene, signed_in: SignedIn
) -> None:
    client = signed_in(scene.worker)
    tab = client.get(reverse("portal:appointments-family", args=[scene.family.pk]))
    assert tab.status_code == 200
    new = reverse("portal:appointment-new", args=[scene.family.pk])
    day = timezone.localdate() + dt.timedelta(days=2)
    bad = client.post(new, {"kind": "home_visit", "how": "in_person", "place": "", "who": "Me"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Enter the date of the appointment" in text
    assert "Me</textarea>" in text
    response = client.post(
        new,
        {
            "kind": "office",
            "day_day": day.day,
            "day_month": day.month,
            "day_year": day.year,
            "starts": "10:30",
            "how": "in_person",
            "place": "Northgate family centre",
            "who": "Sam",
            "shown_to_family": "on",
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert timezone.localtime(appointment.starts_at).time() == dt.time(10, 30)
    start = client.get("/").content.decode()
    assert "Appointments today and this week" in start
    assert "Meeting at the office" in start
    family_page = client.get(reverse("cases:family", args=[scene.family.pk])).content.decode()
    assert reverse("portal:appointments-family", args=[scene.family.pk]) in family_page


def test_a_worker_of_another_family_gets_404(scene: PortalScene, signed_in: SignedIn) -> None:
    appointment = _arrange(scene)
    client = signed_in(scene.other_worker)
    assert (
        client.get(reverse("portal:appointments-family", args=[scene.family.pk])).status_code == 404
    )
    assert client.get(reverse("portal:appointment-edit", args=[appointment.pk])).status_code == 404
