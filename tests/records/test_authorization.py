"""Every records service refuses a forbidden actor by itself: ``NotAllowed``, one
``access_denied`` entry, nothing written (files included). A record is changed only by the
organisation that wrote it, even by someone allocated to the family from another organisation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.records import services
from relsafe.records.models import (
    Attachment,
    ChronologyEntry,
    Contact,
    MissingEpisode,
    ReturnHomeInterview,
)
from tests.factories import (
    FORBIDDEN_WRITERS,
    AllocationFactory,
    CaseScene,
    ContactFactory,
    MissingEpisodeFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    case_scene,
)
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


@pytest.fixture
def council_worker(scene: CaseScene) -> Any:
    """Allocated to the family from another organisation: may record, may not change the
    charity's records."""
    worker: Any = UserFactory(
        role=Role.SOCIAL_WORKER, team=TeamFactory(organisation=OrganisationFactory())
    )
    AllocationFactory(family=scene.family, worker=worker)
    return worker


def _contact(scene: CaseScene) -> Any:
    return ContactFactory(family=scene.family, recorded_by=scene.worker, discussed="As written")


def _episode(scene: CaseScene, **kwargs: Any) -> Any:
    return MissingEpisodeFactory(
        family=scene.family, young_person=scene.young_person, recorded_by=scene.worker, **kwargs
    )


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_recording_a_contact(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "record", family=scene.family):
        services.record_contact(
            actor=actor,
            family=scene.family,
            kind=Contact.Kind.HOME_VISIT,
            occurred_at=timezone.now(),
            discussed="A visit that never was",
        )
    assert not Contact.objects.exists()


@pytest.mark.parametrize("who", [*FORBIDDEN_WRITERS, "council_worker"])
def test_changing_a_contact(scene: CaseScene, council_worker: Any, who: str) -> None:
    actor = council_worker if who == "council_worker" else scene.person(who)
    contact = _contact(scene)
    with refused(actor, "change_record", family=scene.family):
        services.update_contact(
            actor=actor, contact=contact, expected_version=1, changes={"discussed": "Rewritten"}
        )
    contact.refresh_from_db()
    assert (contact.discussed, contact.version) == ("As written", 1)


@pytest.mark.parametrize("who", [*FORBIDDEN_WRITERS, "council_worker"])
def test_adding_a_file(scene: CaseScene, council_worker: Any, who: str) -> None:
    actor = council_worker if who == "council_worker" else scene.person(who)
    contact = _contact(scene)
    with refused(actor, "change_record", family=scene.family):
        services.add_attachment(actor=actor, contact=contact, name="a.pdf", data=b"%PDF-1.4 x")
    assert not Attachment.objects.exists()
    folder = Path(settings.MEDIA_ROOT) / "attachments"
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_recording_a_missing_episode(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "record", family=scene.family):
        services.record_missing_episode(
            actor=actor,
            family=scene.family,
            young_person=scene.young_person,
            reported_missing_at=timezone.now() - dt.timedelta(hours=2),
            reported_by="Mum",
            risk_level=MissingEpisode.Risk.MEDIUM,
        )
    assert not MissingEpisode.objects.exists()


@pytest.mark.parametrize("who", [*FORBIDDEN_WRITERS, "council_worker"])
def test_recording_a_return(scene: CaseScene, council_worker: Any, who: str) -> None:
    actor = council_worker if who == "council_worker" else scene.person(who)
    episode = _episode(scene, returned_at=None)
    with refused(actor, "change_record", family=scene.family):
        services.record_return(
            actor=actor,
            episode=episode,
            expected_version=episode.version,
            returned_at=timezone.now(),
        )
    episode.refresh_from_db()
    assert episode.returned_at is None


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_recording_a_return_home_interview(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    episode = _episode(scene)
    with refused(actor, "record", family=scene.family):
        services.record_return_interview(
            actor=actor,
            episode=episode,
            offered_at=timezone.now(),
            expected_version=0,
        )
    assert not ReturnHomeInterview.objects.exists()


def test_a_partner_organisation_on_the_team_records_the_interview(
    scene: CaseScene, council_worker: Any
) -> None:
    """The interview is recorded by whoever did it, not only the organisation that logged the
    episode: recording (not changing) is what the rule asks of them."""
    episode = _episode(scene)
    services.record_return_interview(
        actor=council_worker, episode=episode, offered_at=timezone.now(), expected_version=0
    )
    assert ReturnHomeInterview.objects.filter(episode=episode).exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_adding_a_chronology_event(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "record", family=scene.family):
        services.add_chronology_entry(
            actor=actor,
            family=scene.family,
            occurred_on=timezone.localdate(),
            title="Scored in the cup final",
            tag="strength",
        )
    assert not ChronologyEntry.objects.exists()


def test_the_edit_page_refuses_another_organisation_and_audits_it(
    scene: CaseScene, council_worker: Any, signed_in: Any
) -> None:
    contact = _contact(scene)
    response = signed_in(council_worker).get(reverse("records:contact-edit", args=[contact.pk]))
    assert response.status_code == 403
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("records.contact", str(contact.pk))
    assert entry.detail == {"attempted": "change_record"}
