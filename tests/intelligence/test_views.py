"""Pages: the worker writes, checks the police copy and sends after confirming who they are; the
force sees it with "also reported in", acknowledges it, records an outcome and exports it."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.intelligence.models import Submission
from tests.conftest import identity_confirmed
from tests.intelligence.factories import Scene

pytestmark = pytest.mark.django_db

SignedIn = Callable[[Any], Client]

FORM = {
    "force": "",
    "offence": "cce",
    "occurred_on": "2026-11-30",
    "what_happened": "Precious found a note in Jayden's pocket with a phone number on it.",
    "person_1_nickname": "Ghost",
    "person_1_gender": "male",
    "person_1_phone": "07700 900461",
    "person_1_plate": "LM19 XKD",
    "person_1_colour": "grey",
    "person_1_make": "Audi",
    "place_1": "Chicken Shack takeaway",
    "place_1_postcode": "NB1 4TQ",
    "source_type": "parent",
    "source_name": "Precious",
    "source_grade": "2",
    "information_grade": "B",
    "handling": "P",
    "lawful_basis": "safeguarding",
    "lawful_basis_notes": "Asking could alert the people exploiting him.",
}


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_worker_writes_checks_and_sends_without_the_childs_name(
    world: Scene, signed_in: SignedIn
) -> None:
    client = signed_in(world.workers[0])
    family = world.families[0]
    form = client.get(reverse("intelligence:submission-create", args=[family.pk]))
    assert form.status_code == 200
    assert "Known indirectly to the source but corroborated" in form.content.decode()
    response = client.post(
        reverse("intelligence:submission-create", args=[family.pk]),
        {**FORM, "force": world.force.pk, "young_people": [world.children[0].pk]},
    )
    draft = Submission.objects.get()
    send_url = reverse("intelligence:submission-send", args=[draft.pk])
    assert response["Location"] == send_url
    # Sending is a disclosure to police: confirm it is you first.
    assert client.get(send_url)["Location"].startswith(reverse("accounts:confirm-identity"))
    identity_confirmed(client)
    preview = client.get(send_url).content.decode()
    assert "Check what the police will see" in preview
    assert "Child A, 14" in preview
    copy = preview.split('id="police-copy"')[1].split("end of the police copy")[0]
    assert "Jayden" not in copy
    assert "Precious" not in copy
    assert "Mensah" not in copy
    assert draft.police_copy == {}  # the preview is not a copy
    sent = client.post(send_url, {"version": draft.version})
    assert sent["Location"] == reverse("intelligence:submission", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Submission.Status.NEW
    assert "Jayden" not in json.dumps(draft.police_copy)
    page = client.get(sent["Location"]).content.decode()
    assert "What the police received" in page


def test_an_incomplete_form_keeps_what_was_typed(world: Scene, signed_in: SignedIn) -> None:
    client = signed_in(world.workers[0])
    url = reverse("intelligence:submission-create", args=[world.families[0].pk])
    response = client.post(url, {"what_happened": "A car outside.", "person_1_nickname": "Ghost"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Ghost" in body
    assert not Submission.objects.exists()


def test_the_force_sees_the_phone_reported_by_two_other_families(
    world: Scene, signed_in: SignedIn
) -> None:
    world.send(1)
    world.send(2)
    sent = world.send(0)
    client = signed_in(world.analyst)
    queue = client.get(reverse("intelligence:queue")).content.decode()
    assert sent.reference in queue
    assert "Child C, 14" in queue
    page = client.get(reverse("intelligence:received", args=[sent.pk])).content.decode()
    assert "Also reported in 2 other cases" in page
    ack = client.post(reverse("intelligence:acknowledge", args=[sent.pk]))
    assert ack.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Submission.Status.ACKNOWLEDGED
    outcome = client.post(
        reverse("intelligence:outcome", args=[sent.pk]),
        {"status": "linked", "feedback": "Linked to an operation."},
    )
    assert outcome.status_code == 302
    worker_page = signed_in(world.workers[0]).get(
        reverse("intelligence:submission", args=[sent.pk])
    )
    assert "Linked to an operation." in worker_page.content.decode()


def test_exports_of_a_submission_are_audited_and_carry_no_child_name(
    world: Scene, signed_in: SignedIn
) -> None:
    world.send(1)
    sent = world.send(0, what_happened="Jayden Mensah was given a phone by Ghost.")
    client = identity_confirmed(signed_in(world.analyst))
    for fmt in ("pdf", "csv", "json"):
        response = client.get(reverse("intelligence:received-export", args=[sent.pk, fmt]))
        assert response.status_code == 200, fmt
        text = _pdf_text(response.content) if fmt == "pdf" else response.content.decode()
        assert "Child B" in text, fmt
        assert "Jayden" not in text, fmt
        assert "Mensah" not in text, fmt
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(sent.pk)).count() == 3


def test_the_map_and_the_mace_pack(world: Scene, signed_in: SignedIn) -> None:
    for i in range(3):
        world.send(i)
    client = identity_confirmed(signed_in(world.analyst))
    page = client.get(reverse("intelligence:network")).content.decode()
    assert "Children connected" in page
    assert "Bridging between groups" in page
    assert "Chicken Shack takeaway, NB1 4TQ" in page
    mace = client.get(reverse("intelligence:network-mace"))
    text = _pdf_text(mace.content)
    assert "MACE pack" in text
    assert "Child C, 16" in text
    assert "2/B/P" in text
    entities = client.get(reverse("intelligence:network-entities")).content.decode()
    links = client.get(reverse("intelligence:network-links")).content.decode()
    assert "Person of concern" in entities
    assert "Child (pseudonymised)" in entities
    assert len(links.strip().splitlines()) > 3
    for name in ("Jayden", "Kai", "Mason"):
        assert name not in page + text + entities + links
    exports = AuditEvent.objects.filter(object_type="intelligence.network", action="export")
    assert exports.count() == 3


def test_confirm_and_split_from_the_person_page(world: Scene, signed_in: SignedIn) -> None:
    world.send(0)
    world.send(1)
    sent = world.sent[0]
    person: Any = sent.mentions.get().person
    client = signed_in(world.analyst)
    page = client.get(reverse("intelligence:person", args=[person.pk])).content.decode()
    assert "Reported 2 times in 2 cases" in page
    response = client.post(
        reverse("intelligence:person-confirm", args=[person.pk]),
        {"confirm-reason": "Same phone and same car."},
    )
    assert response.status_code == 302
    mention = world.sent[1].mentions.get()
    response = client.post(
        reverse("intelligence:person-split", args=[person.pk]),
        {"split-reason": "Different men.", "split-leave": [str(mention.pk)]},
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert mention.person_id != sent.mentions.get().person_id


def test_the_re_link_page_shows_progress(world: Scene, signed_in: SignedIn) -> None:
    world.send(0)
    client = signed_in(world.analyst)
    response = client.post(reverse("intelligence:relink"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Finished: 100% of reports placed" in page
    assert '<progress id="relink-bar"' in page
