"""An intimidation concern passed on as partnership intelligence in one step, and suspects linked to
the people named in the family's own reports to the police (issue 11, "What to build" 1 and 3).

The services are called directly as every kind of person; the pages are fetched as the worker and
as the police. Nothing reaches the police before the worker has sent the draft from intelligence's
own "check what the police will see" page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relsafe.access.policy import NotAllowed
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.intelligence import linking
from relsafe.intelligence import services as intelligence_services
from relsafe.intelligence.forms import SubmissionForm
from relsafe.intelligence.models import Mention, Submission
from relsafe.intelligence.services import PersonDetails
from relsafe.justice import selectors, services
from relsafe.justice.models import CaseChild, IntimidationConcern, Suspect
from tests.conftest import identity_confirmed
from tests.factories import (
    FORBIDDEN_WRITERS,
    AllocationFactory,
    CaseScene,
    FamilyMemberFactory,
    OrganisationFactory,
    OrganisationShareFactory,
    UserFactory,
    YoungPersonFactory,
    case_scene,
)
from tests.intelligence.factories import GHOST_PHONE, details
from tests.justice.factories import charge, days_ago, new_case

pytestmark = pytest.mark.django_db

SignedIn = Callable[[Any], Client]
WHAT_HAPPENED = (
    "A man in a grey Audi filmed the front door and said the trial had better not go ahead."
)


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    linking.forget_index()
    yield
    linking.forget_index()


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


def _force(scene: CaseScene) -> Any:
    return scene.police.organisation


def _sent_report(scene: CaseScene, **overrides: Any) -> Submission:
    """Journey 3: the worker sent what the parent saw, naming Ghost with his phone and car."""
    overrides.setdefault(
        "people",
        [
            PersonDetails(
                nickname="Ghost",
                name="Tyrone",
                gender="male",
                age_estimate="about 25",
                description="Gave Jayden a phone.",
                phone=GHOST_PHONE,
                plate="NB61 GHO",
                colour="grey",
                make="Audi A3",
            )
        ],
    )
    draft = intelligence_services.create_submission(
        actor=scene.worker,
        family=scene.family,
        details=details(_force(scene), young_people=[scene.young_person], **overrides),
    )
    return intelligence_services.send_submission(
        actor=scene.worker, submission=draft, expected_version=1
    )


def _ghost(report: Submission) -> Mention:
    return Mention.objects.get(submission=report, nickname="Ghost")


@pytest.fixture
def case(scene: CaseScene) -> Any:
    case = new_case(family=scene.family, recorded_by=scene.worker, offences=["trafficking", "cce"])
    services.add_child(
        actor=scene.worker,
        case=case,
        young_person=scene.young_person,
        part=CaseChild.Part.VICTIM_AND_WITNESS,
    )
    return charge(case, scene.worker, days_ago_=30)


@pytest.fixture
def concern(scene: CaseScene, case: Any) -> IntimidationConcern:
    witness = case.children.get(young_person=scene.young_person).witness
    return services.record_intimidation(
        actor=scene.worker, witness=witness, noticed_on=days_ago(3), what_happened=WHAT_HAPPENED
    )


def _graded(scene: CaseScene, concern: IntimidationConcern, **choices: str) -> Any:
    """What the worker submits: the filled-in form, with the grading and basis they choose."""
    forces = intelligence_services.forces_for(scene.family)
    initial = selectors.intelligence_start(concern, forces=forces)
    data = {k: v for k, v in initial.items() if k != "young_people"}
    data["young_people"] = initial["young_people"]
    data |= {
        "source_grade": "1",
        "information_grade": "A",
        "handling": "P",
        "lawful_basis": Submission.LawfulBasis.SAFEGUARDING,
        **choices,
    }
    form = SubmissionForm(data, family=scene.family, forces=forces)
    assert form.is_valid(), form.errors
    return form.details()


# --- The form filled in from the concern ---------------------------------------------------------


def test_the_form_starts_from_the_concern_and_the_cases_suspects(
    scene: CaseScene, case: Any, concern: IntimidationConcern
) -> None:
    report = _sent_report(scene)
    services.add_suspect(
        actor=scene.worker, case=case, known_as="Ghost", intelligence_person=_ghost(report)
    )
    services.add_suspect(actor=scene.worker, case=case, known_as="Tall Man")
    initial = selectors.intelligence_start(
        concern, forces=intelligence_services.forces_for(scene.family)
    )
    assert initial["what_happened"] == WHAT_HAPPENED
    assert initial["occurred_on"] == days_ago(3)
    assert initial["source_type"] == Submission.SourceType.WORKER
    assert initial["young_people"] == [scene.young_person.pk]
    assert initial["force"] == _force(scene).pk
    # Trafficking has no kind of harm in intelligence: the first offence that has one is used.
    assert initial["offence"] == "cce"
    # The linked suspect carries the worker's own words from the report, not what he did then.
    assert initial["person_1_nickname"] == "Ghost"
    assert initial["person_1_name"] == "Tyrone"
    assert initial["person_1_phone"] == GHOST_PHONE
    assert (initial["person_1_plate"], initial["person_1_colour"]) == ("NB61 GHO", "grey")
    assert "person_1_description" not in initial
    # A suspect not in any report goes in by the name the team uses.
    assert initial["person_2_nickname"] == "Tall Man"
    assert "person_2_phone" not in initial
    # The worker chooses the grading and the lawful basis; nothing is chosen for them.
    for choice in ("source_grade", "information_grade", "handling", "lawful_basis"):
        assert choice not in initial


def test_at_most_three_suspects_and_no_force_chosen_when_there_are_two(
    scene: CaseScene, case: Any, concern: IntimidationConcern
) -> None:
    for name in ("One", "Two", "Three", "Four"):
        services.add_suspect(actor=scene.worker, case=case, known_as=name)
    other = OrganisationFactory(kind="police")
    OrganisationShareFactory(family=scene.family, organisation=other, decided_by=scene.worker)
    initial = selectors.intelligence_start(
        concern, forces=intelligence_services.forces_for(scene.family)
    )
    assert "force" not in initial
    assert [initial.get(f"person_{i}_nickname") for i in (1, 2, 3, 4)] == [
        "One",
        "Two",
        "Three",
        None,
    ]
    case.offences = ["trafficking"]
    case.save()
    concern.refresh_from_db()
    assert selectors.intelligence_start(concern, forces=[])["offence"] == "other"


# --- Passing it on: a draft, then the send records the reference ---------------------------------


def test_passing_a_concern_on_makes_a_draft_and_the_send_records_it(
    scene: CaseScene, concern: IntimidationConcern
) -> None:
    draft = services.pass_concern_to_police(
        actor=scene.worker, concern=concern, details=_graded(scene, concern)
    )
    concern.refresh_from_db()
    # Nothing has reached the police: a draft with no police copy, and the concern says nothing.
    assert draft.is_draft
    assert draft.sent_at is None
    assert draft.police_copy == {}
    assert concern.intelligence_submission_id == draft.pk
    assert concern.intelligence_reference == ""
    assert concern.told_police_on is None
    assert draft.source_type == Submission.SourceType.WORKER
    assert draft.grading == "1/A/P"
    assert list(draft.young_people.all()) == [scene.young_person]
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE,
        object_type="justice.intimidationconcern",
        object_id=str(concern.pk),
        detail__intelligence_draft=draft.reference,
    ).exists()

    sent = intelligence_services.send_submission(
        actor=scene.worker, submission=draft, expected_version=draft.version
    )
    concern.refresh_from_db()
    assert concern.intelligence_reference == sent.reference
    assert concern.told_police_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE,
        object_type="justice.intimidationconcern",
        detail__intelligence_reference=sent.reference,
    ).exists()
    # The police copy is intelligence's own: the child is a pseudonym there.
    assert scene.young_person.first_name not in str(sent.police_copy)


def test_an_earlier_day_police_were_told_is_kept(
    scene: CaseScene, concern: IntimidationConcern
) -> None:
    IntimidationConcern.objects.filter(pk=concern.pk).update(told_police_on=days_ago(2))
    draft = services.pass_concern_to_police(
        actor=scene.worker, concern=concern, details=_graded(scene, concern)
    )
    intelligence_services.send_submission(actor=scene.worker, submission=draft, expected_version=1)
    concern.refresh_from_db()
    assert concern.told_police_on == days_ago(2)
    assert concern.intelligence_reference == draft.reference


def test_a_concern_is_passed_on_once(scene: CaseScene, concern: IntimidationConcern) -> None:
    graded = _graded(scene, concern)
    draft = services.pass_concern_to_police(actor=scene.worker, concern=concern, details=graded)
    with pytest.raises(ValidationError, match="already being written up"):
        services.pass_concern_to_police(actor=scene.worker, concern=concern, details=graded)
    intelligence_services.send_submission(actor=scene.worker, submission=draft, expected_version=1)
    with pytest.raises(ValidationError, match="already passed on"):
        services.pass_concern_to_police(actor=scene.worker, concern=concern, details=graded)
    assert Submission.objects.count() == 1


def test_bad_intelligence_is_refused_and_the_concern_is_left_as_it_was(
    scene: CaseScene, concern: IntimidationConcern
) -> None:
    other_child = YoungPersonFactory()
    graded = _graded(scene, concern)
    graded.young_people = [other_child]
    with pytest.raises(ValidationError) as refused:
        services.pass_concern_to_police(actor=scene.worker, concern=concern, details=graded)
    assert "young_people" in refused.value.message_dict
    concern.refresh_from_db()
    assert concern.intelligence_submission_id is None
    assert not Submission.objects.exists()


def test_a_submission_not_started_from_a_concern_changes_no_concern(
    scene: CaseScene, concern: IntimidationConcern
) -> None:
    _sent_report(scene)
    concern.refresh_from_db()
    assert (concern.intelligence_reference, concern.told_police_on) == ("", None)


@pytest.mark.parametrize("who", ["worker", "manager"])
def test_the_familys_caseworkers_may_pass_a_concern_on(
    scene: CaseScene, concern: IntimidationConcern, who: str
) -> None:
    draft = services.pass_concern_to_police(
        actor=scene.person(who), concern=concern, details=_graded(scene, concern)
    )
    assert draft.created_by == scene.person(who)


@pytest.mark.parametrize("who", [*FORBIDDEN_WRITERS, "other_team_manager"])
def test_everyone_else_is_refused_and_it_is_audited(
    scene: CaseScene, concern: IntimidationConcern, who: str
) -> None:
    person = scene.person(who)
    graded = _graded(scene, concern)
    with pytest.raises(NotAllowed):
        services.pass_concern_to_police(actor=person, concern=concern, details=graded)
    assert not Submission.objects.exists()
    concern.refresh_from_db()
    assert concern.intelligence_submission_id is None
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=person.pk).exists()


def test_an_allocated_social_worker_may_and_the_young_person_may_not(
    scene: CaseScene, concern: IntimidationConcern
) -> None:
    """The two roles the scene does not carry: a council social worker allocated to the family,
    and the witness themselves on the portal."""
    social_worker: Any = UserFactory(role=Role.SOCIAL_WORKER)
    AllocationFactory(family=scene.family, worker=social_worker)
    young: Any = FamilyMemberFactory(role=Role.YOUNG_PERSON)
    scene.young_person.portal_user = young
    scene.young_person.save(update_fields=["portal_user"])
    graded = _graded(scene, concern)
    with pytest.raises(NotAllowed):
        services.pass_concern_to_police(actor=young, concern=concern, details=graded)
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=young.pk).exists()
    draft = services.pass_concern_to_police(actor=social_worker, concern=concern, details=graded)
    assert draft.created_by == social_worker


# --- Suspects linked to the family's own reports -------------------------------------------------


def test_a_suspect_links_to_a_person_in_the_familys_sent_report(
    scene: CaseScene, case: Any
) -> None:
    report = _sent_report(scene)
    choices = selectors.people_of_concern_choices(user=scene.worker, family=scene.family)
    assert [(m.pk, label.split(" in ")[0]) for m, label in choices] == [
        (_ghost(report).pk, "“Ghost” (Tyrone)")
    ]
    assert report.reference in choices[0][1]
    suspect = services.add_suspect(actor=scene.worker, case=case, known_as="Ghost")
    suspect = services.update_suspect(
        actor=scene.worker, suspect=suspect, known_as="Ghost", intelligence_person=_ghost(report)
    )
    assert Suspect.objects.get(pk=suspect.pk).intelligence_person == _ghost(report)
    # The police see it as their own person of concern; the worker as their own report.
    police_view = selectors.suspect_views(user=scene.police, case=case)[0]
    assert police_view.police_person_id == _ghost(report).person_id is not None
    assert police_view.report is None
    worker_view = selectors.suspect_views(user=scene.worker, case=case)[0]
    assert worker_view.report == report
    assert worker_view.police_person_id is None


def test_another_familys_person_or_an_unseen_report_cannot_be_linked(
    scene: CaseScene, case: Any
) -> None:
    other = case_scene()
    elsewhere = _ghost(_sent_report(other))
    assert selectors.people_of_concern_choices(user=scene.worker, family=scene.family) == []
    with pytest.raises(ValidationError) as refused:
        services.add_suspect(
            actor=scene.worker, case=case, known_as="Ghost", intelligence_person=elsewhere
        )
    assert "intelligence_person" in refused.value.message_dict
    assert not Suspect.objects.filter(case=case).exists()
    # Another force's analyst gets no link to a person of concern their force does not hold.
    foreign_police = other.police
    assert selectors.people_of_concern_choices(user=scene.police, family=scene.family) == []
    report = _sent_report(scene)
    services.add_suspect(
        actor=scene.worker, case=case, known_as="Ghost", intelligence_person=_ghost(report)
    )
    assert selectors.suspect_views(user=foreign_police, case=case)[0].police_person_id is None


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_only_caseworkers_link_a_suspect(scene: CaseScene, case: Any, who: str) -> None:
    report = _sent_report(scene)
    suspect = services.add_suspect(actor=scene.worker, case=case, known_as="Ghost")
    person = scene.person(who)
    with pytest.raises(NotAllowed):
        services.update_suspect(
            actor=person, suspect=suspect, known_as="Ghost", intelligence_person=_ghost(report)
        )
    assert Suspect.objects.get(pk=suspect.pk).intelligence_person is None
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=person.pk).exists()


# --- The pages -----------------------------------------------------------------------------------


def test_one_button_to_the_filled_in_form_then_the_police_copy(
    scene: CaseScene, concern: IntimidationConcern, signed_in: SignedIn
) -> None:
    client = signed_in(scene.worker)
    witness_url = reverse("justice:witness", args=[concern.witness_id])
    page = client.get(witness_url).content.decode()
    start = reverse("justice:concern-to-police", args=[concern.pk])
    assert "Pass to police as intelligence" in page
    assert start in page

    form = client.get(start).content.decode()
    assert "Filled in from the intimidation concern" in form
    assert "filmed the front door" in form
    assert witness_url in form  # the back link returns to the witness

    data = {
        "force": str(_force(scene).pk),
        "young_people": str(scene.young_person.pk),
        "offence": "cce",
        "occurred_on": days_ago(3).isoformat(),
        "what_happened": WHAT_HAPPENED,
        "source_type": "worker",
        "source_grade": "2",
        "information_grade": "A",
        "handling": "P",
        "lawful_basis": "safeguarding",
    }
    # The grading left out: the page comes back with what was typed and nothing is saved.
    missing = client.post(start, {k: v for k, v in data.items() if k != "source_grade"})
    assert missing.status_code == 200
    assert "filmed the front door" in missing.content.decode()
    assert not Submission.objects.exists()

    saved = client.post(start, data)
    draft = Submission.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == reverse("intelligence:submission-send", args=[draft.pk])
    # Pressing the button again carries on with the same draft.
    assert client.get(start)["Location"] == reverse("intelligence:submission-edit", args=[draft.pk])
    page = client.get(witness_url).content.decode()
    assert f"carry on with {draft.reference}" in page
    assert "Pass to police as intelligence" not in page

    # Intelligence's own page: the police copy, then "Send" after confirming it is you.
    identity_confirmed(client)
    assert "what the police will see" in client.get(saved["Location"]).content.decode().lower()
    client.post(saved["Location"], {"version": str(draft.version)})
    draft.refresh_from_db()
    assert not draft.is_draft
    page = client.get(witness_url).content.decode()
    assert "Passed on as intelligence (" in page
    assert draft.reference in page
    assert "New" in page
    assert f"Police told {timezone.localdate():%-d %b %Y}" in page
    intelligence_services.acknowledge(actor=scene.police, submission=draft)
    assert "Acknowledged" in client.get(witness_url).content.decode()
    assert client.get(start)["Location"] == witness_url


def test_the_police_see_the_day_they_were_told_never_which_report(
    scene: CaseScene, concern: IntimidationConcern, signed_in: SignedIn
) -> None:
    draft = services.pass_concern_to_police(
        actor=scene.worker, concern=concern, details=_graded(scene, concern)
    )
    intelligence_services.send_submission(actor=scene.worker, submission=draft, expected_version=1)
    page = signed_in(scene.police).get(reverse("justice:witness", args=[concern.witness_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Police told" in text
    assert draft.reference not in text
    assert "Pass to police as intelligence" not in text
    assert (
        signed_in(scene.police)
        .get(reverse("justice:concern-to-police", args=[concern.pk]))
        .status_code
        == 403
    )


def test_the_case_page_links_each_side_to_its_own_view_of_the_suspect(
    scene: CaseScene, case: Any, signed_in: SignedIn
) -> None:
    report = _sent_report(scene)
    services.add_suspect(
        actor=scene.worker, case=case, known_as="Ghost", intelligence_person=_ghost(report)
    )
    url = reverse("justice:case", args=[case.pk])
    worker_page = signed_in(scene.worker).get(url).content.decode()
    assert reverse("intelligence:submission", args=[report.pk]) in worker_page
    person_url = reverse("intelligence:person", args=[_ghost(report).person_id])
    assert person_url not in worker_page
    police_page = signed_in(scene.police).get(url).content.decode()
    assert person_url in police_page
    assert report.reference not in police_page
    assert signed_in(scene.police).get(person_url).status_code == 200


def test_the_suspect_page_offers_only_this_familys_people(
    scene: CaseScene, case: Any, signed_in: SignedIn
) -> None:
    report = _sent_report(scene)
    other_report = _sent_report(case_scene())
    suspect = services.add_suspect(actor=scene.worker, case=case, known_as="Ghost")
    client = signed_in(scene.worker)
    url = reverse("justice:suspect-edit", args=[suspect.pk])
    page = client.get(url).content.decode()
    assert report.reference in page
    assert other_report.reference not in page
    forged = client.post(
        url, {"known_as": "Ghost", "intelligence_person": str(_ghost(other_report).pk)}
    )
    assert forged.status_code == 200
    assert "Select a valid choice" in forged.content.decode()
    assert Suspect.objects.get(pk=suspect.pk).intelligence_person is None
    saved = client.post(url, {"known_as": "Ghost", "intelligence_person": str(_ghost(report).pk)})
    assert saved.status_code == 302
    assert Suspect.objects.get(pk=suspect.pk).intelligence_person == _ghost(report)


def test_reading_a_concern_for_intelligence_is_audited(
    scene: CaseScene, concern: IntimidationConcern
) -> None:
    selectors.get_concern(user=scene.worker, pk=concern.pk)
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        object_type="justice.intimidationconcern",
        object_id=str(concern.pk),
    ).exists()
