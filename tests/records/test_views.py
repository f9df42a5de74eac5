"""Records pages as people use them: recording, conflicts, files, chronology, exports, search."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.records import services
from relsafe.records.models import Contact, MissingEpisode
from tests import sample_files
from tests.conftest import identity_confirmed
from tests.factories import ChronologyEntryFactory, ContactFactory, MissingEpisodeFactory
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]


def _contact_post(world: RecordsWorld, **overrides: Any) -> dict[str, Any]:
    now = timezone.localtime() - dt.timedelta(hours=1)
    data: dict[str, Any] = {
        "kind": "home_visit",
        "occurred_on": now.date().isoformat(),
        "occurred_time": now.strftime("%H:%M"),
        "young_people": [world.young_person.pk],
        "staff_present": [world.worker.pk],
        "present": "Precious (mum)",
        "discussed": "First visit with Precious. <script>alert(1)</script>",
        "parent_voice": "I know my son.",
        "chronology_tag": "concern",
        "significant": "on",
    }
    data.update(overrides)
    return data


def test_family_page_shows_records_and_the_way_to_record(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    ContactFactory.create(family=world.family, recorded_by=world.worker, discussed="Visit")
    response = signed_in(world.worker).get(reverse("cases:family", args=[world.family.pk]))
    html = response.content.decode()
    assert "Missing episodes" in html
    assert "Record a contact" in html
    assert "Home visit" in html
    police = signed_in(world.police_analyst).get(reverse("cases:family", args=[world.family.pk]))
    assert "Record a contact" not in police.content.decode()


def test_record_a_contact(world: RecordsWorld, signed_in: SignedIn) -> None:
    client = signed_in(world.worker)
    url = reverse("records:contact-create", args=[world.family.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _contact_post(world))
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("records:contact", args=[contact.pk])
    page = client.get(response["Location"]).content.decode()
    assert "First visit with Precious." in page
    assert "<script>alert(1)</script>" not in page
    assert "I know my son." in page


def test_bad_input_keeps_what_was_typed(world: RecordsWorld, signed_in: SignedIn) -> None:
    client = signed_in(world.worker)
    url = reverse("records:contact-create", args=[world.family.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(
        url, _contact_post(world, occurred_on=tomorrow, discussed="A long careful note")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "must be today or in the past" in html
    assert "A long careful note" in html
    assert not Contact.objects.exists()


def test_concurrent_edit_shows_both_versions(world: RecordsWorld, signed_in: SignedIn) -> None:
    contact = services.record_contact(
        actor=world.worker,
        family=world.family,
        kind="home_visit",
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        discussed="Original note",
    )
    url = reverse("records:contact-edit", args=[contact.pk])
    sam, dana = signed_in(world.worker), signed_in(world.manager)
    assert 'name="version" value="1"' in sam.get(url).content.decode()
    first = dana.post(url, _contact_post(world, version=1, discussed="Dana's edit"))
    assert first.status_code == 302
    second = sam.post(url, _contact_post(world, version=1, discussed="Sam's edit"))
    html = second.content.decode()
    assert second.status_code == 409
    assert "Someone else changed this contact" in html
    assert "Dana&#x27;s edit" in html or "Dana's edit" in html
    assert "Sam&#x27;s edit" in html or "Sam's edit" in html
    assert 'name="version" value="2"' in html
    contact.refresh_from_db()
    assert contact.discussed == "Dana's edit"
    third = sam.post(url, _contact_post(world, version=2, discussed="Sam's edit"))
    assert third.status_code == 302
    contact.refresh_from_db()
    assert contact.discussed == "Sam's edit"
    assert contact.version == 3


def _streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_upload_and_download_an_attachment(
    world: RecordsWorld, signed_in: SignedIn, django_capture_on_commit_callbacks: Any
) -> None:
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    client = signed_in(world.worker)
    letter = sample_files.pdf_bytes()
    upload = io.BytesIO(letter)
    upload.name = "Letter from school.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("records:attachment-upload", args=[contact.pk]), {"file": upload}
        )
    assert response.status_code == 302
    attachment = contact.attachments.get()
    url = reverse("records:attachment-download", args=[attachment.pk])
    # A file leaving relsafe: identity first, then back to the download.
    asked = client.get(url)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("accounts:confirm-identity"))
    assert not AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="records.attachment"
    ).exists()
    download = identity_confirmed(client).get(url)
    assert download.status_code == 200
    assert download.streaming  # read from the storage in chunks, not loaded whole
    assert _streamed(download) == letter
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Letter from school.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="records.attachment"
    ).exists()
    for who in ("other_worker", "other_manager"):
        other = identity_confirmed(signed_in(world.person(who)))
        assert other.get(url).status_code == 404


def test_download_comes_from_the_configured_storage(
    world: RecordsWorld,
    signed_in: SignedIn,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    """Any Django storage backend will do: here one that keeps files in memory only."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    sheet = sample_files.xlsx_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.add_attachment(
            actor=world.worker, contact=contact, name="Budget.xlsx", data=sheet
        )
    assert not (tmp_path / "files").exists()  # nothing on disk
    client = identity_confirmed(signed_in(world.worker))
    download = client.get(reverse("records:attachment-download", args=[attachment.pk]))
    assert _streamed(download) == sheet
    assert download["Content-Type"].endswith("spreadsheetml.sheet")


def test_a_record_whose_file_is_missing_is_not_found(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    # Without the commit callbacks the row exists but the file was never written.
    attachment = services.add_attachment(
        actor=world.worker, contact=contact, name="a.pdf", data=sample_files.pdf_bytes()
    )
    client = identity_confirmed(signed_in(world.worker))
    assert (
        client.get(reverse("records:attachment-download", args=[attachment.pk])).status_code == 404
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.pdf", b"<html><script>x</script></html>", "must be a PDF, PNG, JPEG"),
        ("notes.pdf", b"%PDF-1.7\n<html><script>x</script></html>", "The PDF could not be read"),
    ],
)
def test_rejected_upload_explains_by_the_field(
    world: RecordsWorld, signed_in: SignedIn, name: str, data: bytes, message: str
) -> None:
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    upload = io.BytesIO(data)
    upload.name = name
    response = signed_in(world.worker).post(
        reverse("records:attachment-upload", args=[contact.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not contact.attachments.exists()


@pytest.mark.django_db(transaction=True)
def test_upload_when_the_storage_is_down_says_so_and_keeps_nothing(
    world: RecordsWorld, signed_in: SignedIn, settings: Any
) -> None:
    """Real commits here (no test transaction around them): the row commits, the write fails, the
    row is removed again and the person is told."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.records.test_services.BrokenStorage"},
    }
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    upload = io.BytesIO(sample_files.pdf_bytes())
    upload.name = "letter.pdf"
    response = signed_in(world.worker).post(
        reverse("records:attachment-upload", args=[contact.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert "The file could not be saved" in response.content.decode()
    assert not contact.attachments.exists()


def test_record_a_missing_episode_and_see_the_clock(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    now = timezone.localtime()
    missing = now - dt.timedelta(hours=6)
    back = now - dt.timedelta(hours=2)
    response = client.post(
        reverse("records:missing-episode-create", args=[world.family.pk]),
        {
            "young_person": world.young_person.pk,
            "reported_on": missing.date().isoformat(),
            "reported_time": missing.strftime("%H:%M"),
            "reported_by": "Precious (mum)",
            "risk_level": "high",
            "returned_on": back.date().isoformat(),
            "returned_time": back.strftime("%H:%M"),
            "where_found": "The station",
            "found_by": "parent_or_carer",
            "share_with_police": "on",
        },
    )
    episode = MissingEpisode.objects.get()
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "went missing" in detail
    assert "absconded" not in detail.lower()
    start = client.get(reverse("core:start")).content.decode()
    assert "Return home interviews" in start
    assert reverse("records:missing-episode", args=[episode.pk]) in start
    due = timezone.localtime(episode.interview_due_at)
    assert due.strftime("%-d %b %Y, %H:%M") in start


def test_return_and_interview_forms(world: RecordsWorld, signed_in: SignedIn) -> None:
    episode = MissingEpisodeFactory.create(
        family=world.family,
        young_person=world.young_person,
        recorded_by=world.worker,
        returned_at=None,
    )
    client = signed_in(world.worker)
    back = timezone.localtime() - dt.timedelta(hours=1)
    response = client.post(
        reverse("records:missing-episode-return", args=[episode.pk]),
        {
            "version": 1,
            "returned_on": back.date().isoformat(),
            "returned_time": back.strftime("%H:%M"),
            "found_by": "parent_or_carer",
            "where_found": "Station",
        },
    )
    assert response.status_code == 302
    offered = timezone.localtime() - dt.timedelta(minutes=30)
    response = client.post(
        reverse("records:return-interview", args=[episode.pk]),
        {
            "offered_on": offered.date().isoformat(),
            "offered_time": offered.strftime("%H:%M"),
            "version": 0,
            "outcome": "done",
            "done_on": "",
            "pull_factors": "Told he owed money",
        },
    )
    assert "Enter the date the interview was done" in response.content.decode()
    assert "Told he owed money" in response.content.decode()
    response = client.post(
        reverse("records:return-interview", args=[episode.pk]),
        {
            "offered_on": offered.date().isoformat(),
            "offered_time": offered.strftime("%H:%M"),
            "version": 0,
            "outcome": "done",
            "done_on": offered.date().isoformat(),
            "done_time": offered.strftime("%H:%M"),
            "pull_factors": "Told he owed money",
            "what_would_help": "His uncle picking him up",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Done within 72 hours" in page
    assert "His uncle picking him up" in page


def test_two_people_recording_one_return_get_a_conflict_not_an_overwrite(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    episode = MissingEpisodeFactory.create(
        family=world.family,
        young_person=world.young_person,
        recorded_by=world.worker,
        returned_at=None,
    )
    url = reverse("records:missing-episode-return", args=[episode.pk])
    back = timezone.localtime() - dt.timedelta(hours=1)

    def data(where_found: str, version: int) -> dict[str, Any]:
        return {
            "version": version,
            "returned_on": back.date().isoformat(),
            "returned_time": back.strftime("%H:%M"),
            "found_by": "parent_or_carer",
            "where_found": where_found,
        }

    assert signed_in(world.manager).post(url, data("At the station", 1)).status_code == 302
    client = signed_in(world.worker)
    second = client.post(url, data("At his friend's flat", 1))
    html = second.content.decode()
    assert second.status_code == 409
    assert "Someone else updated this episode while you were typing" in html
    assert "At the station" in html
    assert "At his friend&#x27;s flat" in html
    assert 'name="version" value="2"' in html
    episode.refresh_from_db()
    assert episode.where_found == "At the station"
    assert client.post(url, data("At his friend's flat", 2)).status_code == 302
    episode.refresh_from_db()
    assert episode.where_found == "At his friend's flat"


def test_chronology_page_uses_the_timeline(world: RecordsWorld, signed_in: SignedIn) -> None:
    ChronologyEntryFactory.create(
        family=world.family, recorded_by=world.worker, title="Scored in the cup final"
    )
    ContactFactory.create(
        family=world.family,
        recorded_by=world.worker,
        significant=True,
        chronology_tag="concern",
        discussed="Grey car outside school",
    )
    client = signed_in(world.worker)
    html = client.get(reverse("records:chronology", args=[world.family.pk])).content.decode()
    assert 'class="moj-timeline"' in html
    assert "Scored in the cup final" in html
    assert "rs-strength" in html
    assert "Grey car outside school" in html
    assert "rs-concern" in html
    only = client.get(
        reverse("records:chronology", args=[world.family.pk]), {"tag": "strength"}
    ).content.decode()
    assert "Grey car outside school" not in only
    assert "tag=strength" in only  # exports keep the filters


def test_add_a_chronology_event(world: RecordsWorld, signed_in: SignedIn) -> None:
    client = signed_in(world.worker)
    response = client.post(
        reverse("records:chronology-entry-create", args=[world.family.pk]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "title": "Jayden's drawing chosen for the art show",
            "tag": "strength",
            "young_people": [world.young_person.pk],
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Jayden&#x27;s drawing chosen" in html


def test_pdf_export_needs_identity_confirmed_then_is_a_pdf(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    ChronologyEntryFactory.create(family=world.family, recorded_by=world.worker, title="Cup final")
    client = signed_in(world.worker)
    url = reverse("records:chronology-pdf", args=[world.family.pk])
    first = client.get(url)
    assert first.status_code == 302
    assert reverse("accounts:confirm-identity") in first["Location"]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    response = identity_confirmed(client).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, family_id=world.family.pk).exists()


def test_csv_export_is_formula_safe(world: RecordsWorld, signed_in: SignedIn) -> None:
    ChronologyEntryFactory.create(
        family=world.family, recorded_by=world.worker, title='=HYPERLINK("http://x","click")'
    )
    client = identity_confirmed(signed_in(world.worker))
    response = client.get(reverse("records:chronology-csv", args=[world.family.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Date", "Time"]
    titles = [row[5] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x","click")' in titles
    assert all(not t.startswith(("=", "+", "-", "@")) for t in titles)


def test_export_for_a_family_you_cannot_see_is_a_404(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    client = identity_confirmed(signed_in(world.other_worker))
    for name in ("records:chronology-pdf", "records:chronology-csv"):
        assert client.get(reverse(name, args=[world.family.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_search_page_highlights_matches(world: RecordsWorld, signed_in: SignedIn) -> None:
    ContactFactory.create(
        family=world.family,
        recorded_by=world.worker,
        discussed="Mum saw the grey car again",
        search_text="Mum saw the grey car again",
    )
    html = (
        signed_in(world.worker).post(reverse("records:search"), {"q": "grey car"}).content.decode()
    )
    assert "<mark>grey</mark> <mark>car</mark>" in html
    assert "1 result" in html


def test_search_words_never_travel_in_the_url(world: RecordsWorld, signed_in: SignedIn) -> None:
    """Searched words are often names; a GET query string would put them in history and logs."""
    ContactFactory.create(
        family=world.family,
        recorded_by=world.worker,
        discussed="Mum saw the grey car again",
        search_text="Mum saw the grey car again",
    )
    client = signed_in(world.worker)
    page = client.get(reverse("records:search"), {"q": "grey car"}).content.decode()
    assert "<mark>" not in page
    assert "1 result" not in page
    assert 'method="post"' in page
    posted = client.post(reverse("records:search"), {"q": "grey car"}).content.decode()
    assert "1 result" in posted


ROLE_EXPECTATIONS = {
    "worker": (200, 200),
    "manager": (200, 200),
    "social_worker": (200, 200),
    "police_analyst": (200, 403),
    "other_worker": (404, 404),
    "other_manager": (404, 404),
    "commissioner": (403, 403),
    "administrator": (403, 403),
    "parent": (403, 403),
    "other_parent": (403, 403),
    "young_person_user": (403, 403),
}


@pytest.mark.parametrize(("who", "expected"), ROLE_EXPECTATIONS.items())
def test_who_may_open_the_chronology_and_record(
    world: RecordsWorld, signed_in: SignedIn, who: str, expected: tuple[int, int]
) -> None:
    client = signed_in(world.person(who))
    chronology = client.get(reverse("records:chronology", args=[world.family.pk]))
    record_contact = client.get(reverse("records:contact-create", args=[world.family.pk]))
    assert (chronology.status_code, record_contact.status_code) == expected


def test_anonymous_people_are_sent_to_sign_in(world: RecordsWorld) -> None:
    response = Client().get(reverse("records:chronology", args=[world.family.pk]))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_a_contact_can_be_about_several_young_people(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    url = reverse("records:contact-create", args=[world.family.pk])
    form = client.get(url).content.decode()
    assert (
        f'type="checkbox" name="young_people" id="id_young_people_0" value="{world.young_person.pk}"'
        in form
    )
    client.post(url, _contact_post(world, young_people=[world.young_person.pk, world.sibling.pk]))
    assert set(Contact.objects.get().young_people.all()) == {world.young_person, world.sibling}


def test_another_organisation_cannot_open_the_edit_page(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    contact = ContactFactory.create(family=world.family, recorded_by=world.worker)
    client = signed_in(world.social_worker)
    assert client.get(reverse("records:contact", args=[contact.pk])).status_code == 200
    assert client.get(reverse("records:contact-edit", args=[contact.pk])).status_code == 403
    page = client.get(reverse("records:contact", args=[contact.pk])).content.decode()
    assert "Change this contact" not in page


def test_two_people_recording_one_return_interview_get_a_conflict_not_an_overwrite(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    """Both opened the form before either saved (version 0): the second save is shown the first
    one's interview beside their own text, and nothing is overwritten until they choose to."""
    episode = MissingEpisodeFactory.create(
        family=world.family, young_person=world.young_person, recorded_by=world.worker
    )
    url = reverse("records:return-interview", args=[episode.pk])
    offered = timezone.localtime() - dt.timedelta(minutes=30)

    def data(what_would_help: str, version: int) -> dict[str, Any]:
        return {
            "offered_on": offered.date().isoformat(),
            "offered_time": offered.strftime("%H:%M"),
            "outcome": "offered",
            "what_would_help": what_would_help,
            "version": version,
        }

    assert signed_in(world.manager).post(url, data("Boxing on Thursdays", 0)).status_code == 302
    client = signed_in(world.worker)
    second = client.post(url, data("His uncle picking him up", 0))
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else saved this interview while you were writing" in html
    assert "Boxing on Thursdays" in html
    assert "His uncle picking him up" in html
    episode.return_interview.refresh_from_db()
    assert episode.return_interview.what_would_help == "Boxing on Thursdays"
    assert 'name="version" value="1"' in html
    assert client.post(url, data("His uncle picking him up", 1)).status_code == 302
    episode.return_interview.refresh_from_db()
    assert episode.return_interview.what_would_help == "His uncle picking him up"
    assert episode.return_interview.version == 2
