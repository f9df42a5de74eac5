"""Language with care on the records forms: wording that blames a child is pointed out, with better
words, and the record still saves (PRODUCT.md §6)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import User
from relsafe.records.models import ChronologyEntry, Contact, MissingEpisode
from tests.factories import MissingEpisodeFactory
from tests.records.conftest import RecordsWorld

pytestmark = pytest.mark.django_db

SignedIn = Callable[[User], Client]


def _contact(world: RecordsWorld, **overrides: Any) -> dict[str, Any]:
    when = timezone.localtime() - dt.timedelta(hours=1)
    data: dict[str, Any] = {
        "kind": "home_visit",
        "occurred_on": when.date().isoformat(),
        "occurred_time": when.strftime("%H:%M"),
        "young_people": [world.young_person.pk],
        "discussed": "Jayden was putting himself at risk by going to the park late.",
        "chronology_tag": "neutral",
    }
    data.update(overrides)
    return data


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_contact_with_blaming_wording_saves_and_the_next_page_suggests_better_words(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    response = client.post(
        reverse("records:contact-create", args=[world.family.pk]), _contact(world)
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.discussed.startswith("Jayden was putting himself at risk")
    page = _text(client.get(response["Location"]))
    assert "Contact recorded." in page
    assert "Language with care" in page
    assert (
        "What was discussed: instead of “was putting himself at risk”, you could write "
        "“was at risk of being exploited”." in page
    )
    # Shown once: the warning does not follow the worker around.
    again = _text(client.get(response["Location"]))
    assert "Language with care" not in again


def test_careful_wording_saves_without_a_language_banner(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    response = client.post(
        reverse("records:contact-create", args=[world.family.pk]),
        _contact(world, discussed="Jayden was at risk of being exploited near the park."),
    )
    page = _text(client.get(response["Location"]))
    assert "Contact recorded." in page
    assert "Language with care" not in page


def test_the_childs_age_picks_the_wording_when_one_child_is_chosen(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    world.young_person.date_of_birth = timezone.localdate() - dt.timedelta(days=12 * 365 + 30)
    world.young_person.save()
    client = signed_in(world.worker)
    response = client.post(
        reverse("records:contact-create", args=[world.family.pk]),
        _contact(world, discussed="Mum worries he is sexually active."),
    )
    assert "“being raped”" in _text(client.get(response["Location"]))


def test_the_contact_form_checks_each_text_area_as_the_worker_types(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    page = _text(
        signed_in(world.worker).get(reverse("records:contact-create", args=[world.family.pk]))
    )
    check_url = reverse("language:check")
    for field in ("discussed", "young_person_voice", "parent_voice", "actions_agreed"):
        assert f'id="id_{field}-language"' in page
        assert f"from:#id_{field}" in page
    assert page.count(f'hx-post="{check_url}"') == 4
    assert 'id="id_present-language"' not in page, "short fields are checked on save only"


def test_a_form_that_comes_back_with_an_error_shows_the_suggestions_without_javascript(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = signed_in(world.worker).post(
        reverse("records:contact-create", args=[world.family.pk]),
        _contact(world, occurred_on=tomorrow),
    )
    page = _text(response)
    assert response.status_code == 200
    assert "The date of the contact must be today or in the past." in page
    assert "Language with care: 1 suggestion" in page
    assert "“was at risk of being exploited”" in page
    assert not Contact.objects.exists()


def test_changing_a_contact_checks_the_new_wording(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    client.post(
        reverse("records:contact-create", args=[world.family.pk]),
        _contact(world, discussed="A careful note."),
    )
    contact = Contact.objects.get()
    response = client.post(
        reverse("records:contact-edit", args=[contact.pk]),
        _contact(world, version=contact.version, actions_agreed="Mum is hard to reach."),
    )
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "Contact updated." in page
    assert "Actions agreed: instead of “hard to reach”" in page


def test_the_return_home_interview_warns_and_saves_using_the_childs_age(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    world.young_person.date_of_birth = timezone.localdate() - dt.timedelta(days=12 * 365 + 30)
    world.young_person.save()
    episode = MissingEpisodeFactory.create(
        family=world.family, young_person=world.young_person, recorded_by=world.worker
    )
    client = signed_in(world.worker)
    url = reverse("records:return-interview", args=[episode.pk])
    form_page = _text(client.get(url))
    assert 'id="id_push_factors-language"' in form_page
    assert '"child_age": "12"' in form_page, "the live check knows the child's age"
    offered = timezone.localtime() - dt.timedelta(minutes=30)
    response = client.post(
        url,
        {
            "offered_on": offered.date().isoformat(),
            "offered_time": offered.strftime("%H:%M"),
            "version": 0,
            "outcome": "offered",
            "where_they_were": "He absconded to a flat in town.",
            "harm": "Older men said he was sexually active.",
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.return_interview.where_they_were == "He absconded to a flat in town."
    page = _text(client.get(response["Location"]))
    assert "Where they were: instead of “absconded”, you could write “went missing”." in page
    assert "“being raped”" in page


def test_a_missing_episode_and_a_chronology_event_warn_and_save(
    world: RecordsWorld, signed_in: SignedIn
) -> None:
    client = signed_in(world.worker)
    missing = timezone.localtime() - dt.timedelta(hours=5)
    response = client.post(
        reverse("records:missing-episode-create", args=[world.family.pk]),
        {
            "young_person": world.young_person.pk,
            "reported_on": missing.date().isoformat(),
            "reported_time": missing.strftime("%H:%M"),
            "reported_by": "Precious (mum)",
            "risk_level": "high",
            "where_found": "With older boys, involved in county lines",
            "share_with_police": "on",
        },
    )
    assert response.status_code == 302
    assert MissingEpisode.objects.filter(young_person=world.young_person).exists()
    assert "instead of “involved in county lines”" in _text(client.get(response["Location"]))

    response = client.post(
        reverse("records:chronology-entry-create", args=[world.family.pk]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "title": "Police found Jayden after he absconded",
            "tag": "concern",
            "young_people": [world.young_person.pk],
        },
    )
    assert response.status_code == 302
    assert ChronologyEntry.objects.filter(title__contains="absconded").exists()
    assert "What happened: instead of “absconded”" in _text(client.get(response["Location"]))
