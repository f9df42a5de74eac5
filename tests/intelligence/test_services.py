"""Services: a submission is sent as the worker saw it, with names taken out; the force
acknowledges and records an outcome; analysts' decisions hold through a full re-link."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.intelligence import linking, services
from relsafe.intelligence.models import (
    ChildPseudonym,
    Entity,
    LinkDecision,
    Mention,
    RelinkRun,
    Submission,
)
from relsafe.intelligence.sanitise import copy_text
from relsafe.intelligence.services import PersonDetails
from tests.intelligence.factories import GHOST_PHONE, Scene, details

pytestmark = pytest.mark.django_db


def test_a_draft_reaches_no_force_until_the_worker_sends_it(world: Scene) -> None:
    draft = services.create_submission(
        actor=world.workers[0], family=world.families[0], details=details(world.force)
    )
    assert draft.status == Submission.Status.DRAFT
    assert draft.police_copy == {}
    assert not Mention.objects.exists()
    sent = services.send_submission(actor=world.workers[0], submission=draft, expected_version=1)
    assert sent.status == Submission.Status.NEW
    assert sent.sent_at is not None
    assert sent.police_copy["grading"]["code"] == "2/B/P"
    assert AuditEvent.objects.filter(action=AuditAction.SHARE, object_id=str(sent.pk)).exists()


def test_the_police_copy_has_no_name_of_the_child_or_the_parent(world: Scene) -> None:
    sent = world.send(
        0,
        source_name="Precious Mensah",
        what_happened="Precious found a note in Jayden's pocket; JJ said Ghost gave it to him. "
        "The Mensah family are frightened.",
    )
    text = copy_text(sent.police_copy)
    for name in ("Jayden", "Mensah", "Precious"):
        assert name not in text
    assert sent.police_copy["children"] == ["Child A, 14"]
    assert "Child A, 14 said Ghost" not in text  # the alias is replaced by the pseudonym
    assert "Child A" in sent.police_copy["what_happened"]
    assert sent.police_copy["source_identity"] == "withheld (source protected)"


def test_the_source_is_named_only_with_a_recorded_decision(world: Scene) -> None:
    with pytest.raises(ValidationError):
        services.create_submission(
            actor=world.workers[0],
            family=world.families[0],
            details=details(world.force, source_name="Precious Mensah", disclose_source=True),
        )
    sent = world.send(
        0,
        source_name="Precious Mensah",
        disclose_source=True,
        disclose_source_reason="She asked to be named and understands what it means.",
    )
    assert sent.police_copy["source_identity"] == "Precious Mensah"
    assert "Jayden" not in copy_text(sent.police_copy)


def test_a_child_keeps_one_pseudonym_for_a_force(world: Scene) -> None:
    world.send(1)
    first = world.send(0)
    again = world.send(0)
    assert first.police_copy["children"][0].startswith("Child B")
    assert again.police_copy["children"][0].startswith("Child B")
    assert ChildPseudonym.objects.filter(force=world.force).count() == 2


def test_only_a_force_the_case_is_shared_with_can_receive(world: Scene) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_submission(
            actor=world.workers[1], family=world.families[1], details=details(world.other_force)
        )
    assert "force" in error.value.message_dict


def test_a_stale_preview_is_not_sent(world: Scene) -> None:
    draft = services.create_submission(
        actor=world.workers[0], family=world.families[0], details=details(world.force)
    )
    services.update_submission(
        actor=world.workers[0],
        submission=draft,
        expected_version=1,
        details=details(world.force, what_happened="Changed after the preview."),
    )
    from relsafe.core.concurrency import EditConflict

    with pytest.raises(EditConflict):
        services.send_submission(actor=world.workers[0], submission=draft, expected_version=1)
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_sent_submission_cannot_be_changed(world: Scene) -> None:
    sent = world.send(0)
    with pytest.raises(ValidationError):
        services.update_submission(
            actor=world.workers[0],
            submission=sent,
            expected_version=sent.version,
            details=details(world.force),
        )


def test_the_same_person_and_phone_are_linked_across_families(world: Scene) -> None:
    world.send(1)
    world.send(2, people=[PersonDetails(nickname="Ghost", phone="+44 7700 900461")])
    third = world.send(0)
    mentions = Mention.objects.filter(submission__in=world.sent)
    assert len({m.person_id for m in mentions}) == 1
    phone = third.entities.get(kind=Entity.Kind.PHONE)
    assert phone.key == "+447700900461"


def test_acknowledge_and_outcome_close_the_loop(world: Scene) -> None:
    sent = world.send(0)
    services.acknowledge(actor=world.analyst, submission=sent)
    assert sent.status == Submission.Status.ACKNOWLEDGED
    with pytest.raises(ValidationError):
        services.acknowledge(actor=world.analyst, submission=sent)
    services.record_outcome(
        actor=world.analyst,
        submission=sent,
        status=Submission.Status.LINKED,
        feedback="Linked to an operation.",
    )
    sent.refresh_from_db()
    assert (sent.status, sent.feedback) == (Submission.Status.LINKED, "Linked to an operation.")
    with pytest.raises(ValidationError):
        services.record_outcome(actor=world.analyst, submission=sent, status="draft")


def _people(world: Scene) -> dict[int, int | None]:
    return dict(Mention.objects.values_list("pk", "person_id"))


def test_a_split_holds_through_new_reports_and_a_full_re_link(world: Scene) -> None:
    world.send(0)
    world.send(1)
    a, b = Mention.objects.order_by("pk")
    person: Any = a.person
    assert a.person_id == b.person_id
    services.split_person(
        actor=world.analyst,
        person=person,
        stay=[a],
        leave=[b],
        reason="Different men: one is 40, the other 19.",
    )
    assert len(set(_people(world).values())) == 2
    world.send(2)  # matches both by phone and nickname
    after_new = _people(world)
    assert after_new[a.pk] != after_new[b.pk]
    linking.forget_index()
    linking.full_relink()
    relinked = _people(world)
    assert relinked[a.pk] != relinked[b.pk]
    assert LinkDecision.objects.filter(kind="different").count() == 1


def test_a_confirmed_link_holds_through_a_full_re_link(world: Scene) -> None:
    world.send(0, people=[PersonDetails(nickname="Ghost")])
    world.send(1, people=[PersonDetails(nickname="Ghosty", age_estimate="20")])
    a, b = Mention.objects.order_by("pk")
    person: Any = a.person
    assert a.person_id != b.person_id  # a nickname alone links nobody
    services.link_people(
        actor=world.analyst, person=person, mention=a, other=b, reason="Same man on CCTV."
    )
    assert len(set(_people(world).values())) == 1
    linking.forget_index()
    linking.full_relink()
    assert len(set(_people(world).values())) == 1


def test_a_full_re_link_runs_as_background_work_with_progress(world: Scene) -> None:
    world.send(0)
    world.send(1)
    run = services.start_relink(actor=world.analyst)
    run.refresh_from_db()
    assert run.status == RelinkRun.Status.DONE  # the immediate backend in tests
    assert (run.done, run.total, run.percent) == (2, 2, 100)
    assert run.people_after == 1


def test_the_phone_on_the_note_is_kept_as_written(world: Scene) -> None:
    sent = world.send(0, people=[], phones=["0770O 900461"])
    phone = sent.entities.get(kind=Entity.Kind.PHONE)
    assert phone.value == "0770O 900461"
    assert sent.police_copy["phones"][0]["number"] == "0770O 900461"
    assert GHOST_PHONE
