"""The pages: a parent adds to their own log on one page (repeating groups without JavaScript),
bad input comes back as GOV.UK errors with everything typed kept and nothing saved, the worker
sees new entries and reviews them, and the family sees the stage without any worker note or
police detail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from relsafe.evidence import services
from relsafe.evidence.models import EvidenceEntry
from tests import sample_files
from tests.conftest import identity_confirmed
from tests.evidence.factories import gps_of, jpeg_with_gps, make_entry
from tests.factories import CaseScene

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "occurred_on": timezone.localdate().isoformat(),
        "occurred_time": "",
        "what_happened": "A grey Audi waited by the school gates.",
        "place": "",
        "postcode": "",
        "handles": "",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-0-nickname": "Ghost",
        "vehicles-TOTAL_FORMS": "1",
        "vehicles-INITIAL_FORMS": "0",
        "vehicles-0-plate": "LM19 XKD",
        "vehicles-0-colour": "Grey",
        "vehicles-0-make": "Audi",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-0-number": "07700 900461",
    }
    data.update(overrides)
    return data


def create_url(scene: CaseScene) -> str:
    return reverse("evidence:entry-create", args=[scene.family.pk])


def test_a_parent_adds_an_entry_on_one_page(scene: CaseScene, signed_in: Any) -> None:
    client = signed_in(scene.parent)
    page = client.get(create_url(scene))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Add to your log" in html
    assert "Who told you" not in html  # only for workers
    photo = SimpleUploadedFile("car.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(create_url(scene), {**form_data(), "photos": [photo]})
    assert response.status_code == 302
    entry = EvidenceEntry.objects.get()
    assert entry.vehicles.get().plate == "LM19XKD"
    assert entry.phones.get().number == "+447700900461"
    assert entry.people.get().nickname == "Ghost"
    assert entry.photos.count() == 1
    log = client.get(response["Location"]).content.decode()
    assert "We removed the location and camera details from your photos" in log
    assert "Entry 1" in log
    assert "Received" in log


def test_add_another_vehicle_keeps_what_was_typed_and_saves_nothing(
    scene: CaseScene, signed_in: Any
) -> None:
    client = signed_in(scene.parent)
    response = client.post(
        create_url(scene), form_data(add="vehicles", what_happened="", occurred_on="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="vehicles-1-plate"' in html
    assert 'value="LM19 XKD"' in html
    assert "There is a problem" not in html
    assert not EvidenceEntry.objects.exists()
    # The extra row can be filled in and sent.
    response = client.post(
        create_url(scene),
        form_data(**{"vehicles-TOTAL_FORMS": "2", "vehicles-1-plate": "KP12 ABC"}),
    )
    assert response.status_code == 302
    assert list(EvidenceEntry.objects.get().vehicles.values_list("plate", flat=True)) == [
        "LM19XKD",
        "KP12ABC",
    ]


def test_a_tampered_row_count_is_capped(scene: CaseScene, signed_in: Any) -> None:
    client = signed_in(scene.parent)
    response = client.post(create_url(scene), form_data(**{"people-TOTAL_FORMS": "100000"}))
    assert response.status_code == 302
    assert EvidenceEntry.objects.get().people.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"what_happened": "<script>alert('x')</script>"}, "must not contain code"),
        ({"vehicles-0-colour": "<b>grey</b>"}, "must not contain code"),
        ({"people-0-name": "<img src=x onerror=alert(1)>"}, "must not contain code"),
        ({"what_happened": "x" * 20_001}, "20,000 characters or fewer"),
        ({"occurred_on": "2999-01-01"}, "today or in the past"),
        ({"phones-0-number": "not a number"}, "Enter a phone number"),
        ({"postcode": "XX"}, "Enter a full UK postcode"),
        ({"vehicles-0-plate": "LM19-XKD!"}, "Enter the number plate"),
        ({"what_happened": ""}, "Enter what you saw or heard"),
    ],
)
def test_bad_input_is_a_govuk_error_with_everything_kept(
    scene: CaseScene, signed_in: Any, overrides: dict[str, str], message: str
) -> None:
    client = signed_in(scene.parent)
    response = client.post(create_url(scene), form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error:" in html
    assert "<script>alert" not in html  # shown escaped, never run
    assert 'value="LM19 XKD"' in html or overrides.get("vehicles-0-plate")
    assert not EvidenceEntry.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("note.jpg", sample_files.pdf_bytes(), "must be a PNG or JPEG file"),
        ("note.png", jpeg_with_gps(), "does not match what it contains"),
        ("huge.jpg", b"\xff\xd8\xff" + b"0" * (8 * 1024 * 1024 + 10), "smaller than 8 MB"),
    ],
)
def test_a_disguised_or_oversized_file_is_refused(
    scene: CaseScene, signed_in: Any, name: str, data: bytes, message: str
) -> None:
    client = signed_in(scene.parent)
    photo = SimpleUploadedFile(name, data)
    response = client.post(create_url(scene), {**form_data(), "photos": [photo]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvidenceEntry.objects.exists()


def test_a_worker_adds_on_the_familys_behalf(scene: CaseScene, signed_in: Any) -> None:
    client = signed_in(scene.worker)
    assert "Who told you, and how" in client.get(create_url(scene)).content.decode()
    response = client.post(create_url(scene), form_data())
    assert response.status_code == 400  # who told them is required
    response = client.post(create_url(scene), form_data(source_note="Precious, by phone"))
    assert response.status_code == 302
    entry = EvidenceEntry.objects.get()
    assert entry.by_worker
    assert "on the family" in signed_in(scene.parent).get(response["Location"]).content.decode()


def test_a_parent_of_another_family_gets_404(
    scene: CaseScene, other_parent: Any, signed_in: Any
) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    client = signed_in(other_parent)
    for url in (
        reverse("evidence:log", args=[scene.family.pk]),
        create_url(scene),
        reverse("evidence:entry", args=[entry.pk]),
        reverse("evidence:entry-correct", args=[entry.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_worker_sees_new_entries_reviews_one_and_the_family_sees_the_change(
    scene: CaseScene, signed_in: Any
) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    worker = signed_in(scene.worker)
    start = worker.get(reverse("core:start")).content.decode()
    assert "New evidence log entries" in start
    assert reverse("evidence:entry-review", args=[entry.pk]) in start
    family_page = worker.get(reverse("cases:family", args=[scene.family.pk])).content.decode()
    assert "1 waiting for review" in family_page
    review_url = reverse("evidence:entry-review", args=[entry.pk])
    response = worker.post(
        review_url,
        {"notes": "Matches the school's report of the car.", "significant": "on", "version": "1"},
    )
    assert response.status_code == 302
    assert "No new entries to review" in worker.get(reverse("core:start")).content.decode()
    parent = signed_in(scene.parent)
    seen = parent.get(reverse("evidence:entry", args=[entry.pk])).content.decode()
    assert "Reviewed by your worker" in seen
    assert "Matches the school" not in seen  # worker notes never reach the family
    assert "Worker's review" not in seen
    assert "Reviewed by your worker" in parent.get(reverse("core:start")).content.decode()


def test_the_family_never_sees_police_detail(scene: CaseScene, signed_in: Any) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    services.review_entry(
        actor=scene.worker,
        entry=entry,
        expected_version=1,
        notes="",
        significant=False,
        withheld_from_agencies=False,
    )
    services.mark_passed_to_police(
        actor=scene.worker, entries=[entry], submission_reference="OP-NIGHTJAR-42"
    )
    services.mark_police_acknowledged(
        actor=scene.police, entries=[entry], submission_reference="OP-NIGHTJAR-42"
    )
    parent = signed_in(scene.parent)
    for url in (
        reverse("evidence:entry", args=[entry.pk]),
        reverse("evidence:log", args=[scene.family.pk]),
        reverse("core:start"),
    ):
        html = parent.get(url).content.decode()
        assert "Police acknowledged" in html
        assert "OP-NIGHTJAR" not in html
        assert scene.police.full_name not in html


def test_a_stale_review_is_refused_with_a_message(scene: CaseScene, signed_in: Any) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    url = reverse("evidence:entry-review", args=[entry.pk])
    signed_in(scene.manager).post(url, {"notes": "first", "version": "1"})
    response = signed_in(scene.worker).post(url, {"notes": "second", "version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else reviewed this entry" in html
    assert "first" in html
    assert "second" in html


def test_a_correction_is_shown_linked_to_the_entry_it_corrects(
    scene: CaseScene, signed_in: Any
) -> None:
    entry = make_entry(actor=scene.parent, family=scene.family)
    client = signed_in(scene.parent)
    response = client.post(
        reverse("evidence:entry-correct", args=[entry.pk]),
        form_data(what_happened="The car was grey, not blue."),
    )
    assert response.status_code == 302
    correction = EvidenceEntry.objects.get(sequence=2)
    assert correction.corrects == entry
    original = client.get(reverse("evidence:entry", args=[entry.pk])).content.decode()
    assert "corrected by" in original
    assert reverse("evidence:entry", args=[correction.pk]) in original


def test_a_photo_is_downloaded_only_after_an_access_check(
    scene: CaseScene, other_parent: Any, signed_in: Any
) -> None:
    entry = make_entry(
        actor=scene.parent, family=scene.family, photos=[("note.jpg", jpeg_with_gps())]
    )
    url = reverse("evidence:photo", args=[entry.photos.get().pk])
    own = identity_confirmed(signed_in(scene.parent)).get(url)
    assert own.status_code == 200
    assert own["Content-Disposition"].startswith("attachment")
    served = b"".join(own.streaming_content)  # type: ignore[attr-defined]
    assert served.startswith(b"\xff\xd8")
    assert gps_of(served) == {}
    assert identity_confirmed(signed_in(other_parent)).get(url).status_code == 404
    assert identity_confirmed(signed_in(scene.police)).get(url).status_code == 403


def test_the_guide_says_the_defence_may_read_the_log(scene: CaseScene, signed_in: Any) -> None:
    html = signed_in(scene.parent).get(reverse("evidence:guide")).content.decode()
    assert "defence" in html
    assert "A worked example" in html
