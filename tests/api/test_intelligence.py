"""Partnership intelligence through the API (issue 14): the worker's side and the police side are
the pages' two sides, through the same selectors and services; a token from another team or force
gets 404; writes need If-Match and a stale one gets 412, nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from relsafe.audit.models import AuditEvent
from relsafe.intelligence import linking
from relsafe.intelligence.models import Submission
from relsafe.intelligence.sanitise import copy_text
from relsafe.intelligence.services import PersonDetails
from tests.api.factories import api_client
from tests.intelligence.factories import Scene, scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    linking.forget_index()
    yield
    linking.forget_index()


@pytest.fixture
def world(db: Any) -> Scene:
    return scene()


def _draft_body(world: Scene, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "force": world.force.pk,
        "young_people": [world.children[0].pk],
        "source_type": "parent",
        "source_grade": "2",
        "information_grade": "B",
        "handling": "P",
        "lawful_basis": "safeguarding",
        "offence": "cce",
        "occurred_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "what_happened": "Jayden was picked up by a man called Ghost in a grey Audi.",
        "people": [{"nickname": "Ghost", "gender": "male", "phone": "07700 900461"}],
        "places": [{"place": "Chicken Shack takeaway", "postcode": "NB1 4TQ"}],
    }
    body.update(overrides)
    return body


def test_a_worker_lists_writes_and_sends_a_submission(world: Scene) -> None:
    client = api_client(world.workers[0])
    family = world.families[0]
    url = f"/api/v1/families/{family.pk}/intelligence/"
    made = client.post(url, _draft_body(world), content_type="application/json")
    assert made.status_code == 201, made.json()
    draft = made.json()
    assert draft["status"] == "draft"
    assert draft["sent_at"] is None
    assert {e["kind"] for e in draft["entities"]} == {"person", "phone", "place"}
    listed = client.get(url).json()
    assert [s["id"] for s in listed["results"]] == [draft["id"]]

    send = f"/api/v1/intelligence/submissions/{draft['id']}/send/"
    assert client.post(send).status_code == 428
    sent = client.post(send, HTTP_IF_MATCH=made["ETag"])
    assert sent.status_code == 200, sent.json()
    assert sent.json()["status"] == "new"
    # The draft's ETag is stale now: sending again is refused, not repeated.
    again = client.post(send, HTTP_IF_MATCH=made["ETag"])
    assert again.status_code == 412
    assert again.json()["error"]["code"] == "precondition_failed"


def test_a_bad_draft_is_refused_whole(world: Scene) -> None:
    client = api_client(world.workers[0])
    url = f"/api/v1/families/{world.families[0].pk}/intelligence/"
    before = Submission.objects.count()
    for body in (
        _draft_body(world, force=world.other_force.pk + 1000),
        _draft_body(world, young_people=[world.children[1].pk]),
        _draft_body(world, occurred_on="2999-01-01"),
        _draft_body(world, what_happened="   "),
        _draft_body(world, unknown="x"),
        _draft_body(world, people=[{"name": "x" * 201}]),
        _draft_body(world, places=[{"place": "a", "postcode": "not a postcode"}]),
    ):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["error"]["code"] == "invalid"
    assert Submission.objects.count() == before


def test_police_see_only_their_force_s_police_copies(world: Scene) -> None:
    mine = world.send(0)
    world.send(1)
    theirs = world.send(0, force=world.other_force)
    response = api_client(world.analyst).get("/api/v1/intelligence/received/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {r["id"] for r in rows} == {mine.pk, world.sent[1].pk}
    assert theirs.pk not in {r["id"] for r in rows}
    assert set(rows[0]) == {
        "id",
        "reference",
        "status",
        "sent_at",
        "acknowledged_at",
        "outcome_at",
        "feedback",
        "police_copy",
        "updated_at",
        "version",
    }
    text = response.content.decode()
    for child in world.children:
        assert child.first_name not in text
    for carer in world.carers:
        assert carer.full_name not in text
    assert "Child A" in copy_text(rows[0]["police_copy"])


def test_police_acknowledge_and_record_an_outcome_with_if_match(world: Scene) -> None:
    sent = world.send(0)
    client = api_client(world.analyst)
    url = f"/api/v1/intelligence/received/{sent.pk}/"
    read = client.get(url)
    assert client.post(url + "acknowledge/").status_code == 428
    acknowledged = client.post(url + "acknowledge/", HTTP_IF_MATCH=read["ETag"])
    assert acknowledged.status_code == 200
    assert acknowledged.json()["status"] == "acknowledged"
    assert acknowledged["ETag"] != read["ETag"]
    # A second analyst who read before the acknowledgement cannot overwrite what happened since.
    stale = client.post(
        url + "outcome/",
        {"status": "nfa", "feedback": "Nothing to do"},
        content_type="application/json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert stale.status_code == 412
    done = client.post(
        url + "outcome/",
        {"status": "linked", "feedback": "Linked to Operation Harbour"},
        content_type="application/json",
        HTTP_IF_MATCH=acknowledged["ETag"],
    )
    assert done.status_code == 200, done.json()
    sent.refresh_from_db()
    assert (sent.status, sent.feedback) == ("linked", "Linked to Operation Harbour")
    # The worker sees the force's feedback on their copy.
    worker_view = api_client(world.workers[0]).get(f"/api/v1/intelligence/submissions/{sent.pk}/")
    assert worker_view.json()["feedback"] == "Linked to Operation Harbour"


def test_an_outcome_must_be_a_police_status(world: Scene) -> None:
    sent = world.send(0)
    client = api_client(world.analyst)
    url = f"/api/v1/intelligence/received/{sent.pk}/"
    etag = client.get(url)["ETag"]
    for status in ("draft", "new", "acknowledged", "nonsense"):
        response = client.post(
            url + "outcome/",
            {"status": status},
            content_type="application/json",
            HTTP_IF_MATCH=etag,
        )
        assert response.status_code == 400
    assert Submission.objects.get(pk=sent.pk).status == "new"


def test_people_of_concern_as_the_force_knows_them(world: Scene) -> None:
    world.send(0)
    world.send(1)
    world.send(0, force=world.other_force, people=[PersonDetails(nickname="Blade")])
    client = api_client(world.analyst)
    listed = client.get("/api/v1/intelligence/people/").json()["results"]
    assert len(listed) == 1
    ghost = listed[0]
    assert ghost["label"] == "“Ghost”"
    assert ghost["cases"] == 2
    assert {m["phones"][0] for m in ghost["mentions"]} == {"07700 900461"}
    detail = client.get(f"/api/v1/intelligence/people/{ghost['id']}/")
    assert detail.status_code == 200
    assert detail.json()["cases"] == 2
    assert (
        api_client(world.other_analyst)
        .get(f"/api/v1/intelligence/people/{ghost['id']}/")
        .status_code
        == 404
    )
    theirs = api_client(world.other_analyst).get("/api/v1/intelligence/people/").json()
    assert [p["label"] for p in theirs["results"]] == ["“Blade”"]


def test_modified_since_and_pages(world: Scene) -> None:
    first = world.send(0)
    later = world.send(1)
    Submission.objects.filter(pk=first.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    client = api_client(world.analyst)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    rows = client.get("/api/v1/intelligence/received/", {"modified_since": since}).json()
    assert [r["id"] for r in rows["results"]] == [later.pk]
    paged = client.get("/api/v1/intelligence/received/", {"page_size": 1}).json()
    assert paged["count"] == 2
    assert len(paged["results"]) == 1
    assert paged["next"]
    bad = client.get("/api/v1/intelligence/received/", {"modified_since": "yesterday"})
    assert bad.status_code == 400


def test_each_side_is_refused_the_other(world: Scene) -> None:
    sent = world.send(0)
    worker, analyst = api_client(world.workers[0]), api_client(world.analyst)
    assert worker.get("/api/v1/intelligence/received/").status_code == 403
    assert worker.get("/api/v1/intelligence/people/").status_code == 403
    assert worker.get(f"/api/v1/intelligence/received/{sent.pk}/").status_code == 403
    assert analyst.get(f"/api/v1/families/{world.families[0].pk}/intelligence/").status_code == 403
    assert analyst.get(f"/api/v1/intelligence/submissions/{sent.pk}/").status_code == 403


def test_a_token_from_another_team_or_force_gets_404(world: Scene) -> None:
    """IDOR: the ids are real, the tokens are valid, the objects are not theirs."""
    sent = world.send(0)
    draft = Submission.objects.create(
        **{
            f.attname: getattr(sent, f.attname)
            for f in Submission._meta.concrete_fields
            if f.attname not in ("id", "reference", "sent_at", "status", "police_copy")
        },
        reference="PI-DRAFT",
    )
    person: Any = sent.mentions.get().person
    stranger, other_analyst = api_client(world.stranger), api_client(world.other_analyst)
    before = AuditEvent.objects.count()
    for url in (
        f"/api/v1/families/{world.families[0].pk}/intelligence/",
        f"/api/v1/intelligence/submissions/{sent.pk}/",
    ):
        assert stranger.get(url).status_code == 404, url
    posted = stranger.post(
        f"/api/v1/families/{world.families[0].pk}/intelligence/",
        _draft_body(world),
        content_type="application/json",
    )
    assert posted.status_code == 404
    assert (
        stranger.post(
            f"/api/v1/intelligence/submissions/{draft.pk}/send/", HTTP_IF_MATCH='"submission-1-v1"'
        ).status_code
        == 404
    )
    # Another force: the family is shared with them too, but this report went to the first force.
    for url in (
        f"/api/v1/intelligence/received/{sent.pk}/",
        f"/api/v1/intelligence/people/{person.pk}/",
    ):
        assert other_analyst.get(url).status_code == 404, url
    etag = f'"submission-{sent.pk}-v{sent.version}"'
    for url, body in (
        (f"/api/v1/intelligence/received/{sent.pk}/acknowledge/", {}),
        (f"/api/v1/intelligence/received/{sent.pk}/outcome/", {"status": "nfa"}),
    ):
        response = other_analyst.post(
            url, body, content_type="application/json", HTTP_IF_MATCH=etag
        )
        assert response.status_code == 404, url
    sent.refresh_from_db()
    assert sent.status == "new"
    assert draft.status == "draft"
    assert Submission.objects.count() == 2
    assert AuditEvent.objects.count() > before  # the refusals are audited
