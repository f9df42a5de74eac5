"""Recording with fewer steps (issue 16, item 10): the person recording is among the staff who were
there, the family's only child (or the child the link names) is chosen, and a file chosen while
writing the note is kept with it in the same step, or neither is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.records.models import Attachment, Contact
from relsafe.records.selectors import contact_defaults
from tests import sample_files
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]


def test_the_worker_and_the_child_named_in_the_link_start_chosen(world: RecordsWorld) -> None:
    defaults = contact_defaults(
        user=world.worker, family=world.family, young_person_pk=str(world.sibling.pk)
    )
    assert defaults == {"staff_present": [world.worker.pk], "young_people": [world.sibling.pk]}


def test_the_only_child_still_in_the_household_is_chosen(world: RecordsWorld) -> None:
    assert "young_people" not in contact_defaults(
        user=world.worker, family=world.family, young_person_pk=None
    )
    type(world.sibling).objects.filter(pk=world.sibling.pk).update(
        left_on=timezone.localdate() - dt.timedelta(days=1)
    )
    defaults = contact_defaults(user=world.worker, family=world.family, young_person_pk="x")
    assert defaults["young_people"] == [world.young_person.pk]


def test_someone_not_on_the_team_is_not_chosen_as_present(world: RecordsWorld) -> None:
    assert "staff_present" not in contact_defaults(
        user=world.manager, family=world.family, young_person_pk=None
    )


def _post(world: RecordsWorld, upload: SimpleUploadedFile) -> dict[str, Any]:
    now = timezone.localtime() - dt.timedelta(hours=1)
    return {
        "kind": "home_visit",
        "occurred_on": now.date().isoformat(),
        "occurred_time": now.strftime("%H:%M"),
        "young_people": [world.young_person.pk],
        "discussed": "Went through the safety plan with Precious.",
        "chronology_tag": "neutral",
        "attachment": upload,
    }


def test_a_file_chosen_while_writing_is_kept_with_the_contact(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    upload = SimpleUploadedFile("plan.pdf", sample_files.pdf_bytes(), "application/pdf")
    url = reverse("records:contact-create", args=[world.family.pk])
    response = signed_in(world.worker).post(url, _post(world, upload))
    assert response.status_code == 302
    contact = Contact.objects.get(discussed__contains="safety plan")
    assert [a.original_name for a in contact.attachments.all()] == ["plan.pdf"]


def test_a_refused_file_keeps_neither_and_says_why_by_the_field(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    upload = SimpleUploadedFile("plan.pdf", b"not a pdf at all", "application/pdf")
    url = reverse("records:contact-create", args=[world.family.pk])
    response = signed_in(world.worker).post(url, _post(world, upload))
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"]
    assert not Contact.objects.filter(discussed__contains="safety plan").exists()
    assert not Attachment.objects.exists()
