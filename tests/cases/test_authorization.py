"""Every service that changes a family's case refuses a forbidden actor by itself, whatever called
it: ``NotAllowed``, one ``access_denied`` audit entry, and nothing written (issue 8, item 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import Organisation
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases import services
from relsafe.cases.models import (
    Family,
    FamilyStatusChange,
    OrganisationShare,
    SafeContactDecision,
    StrengthEntry,
)
from tests.factories import (
    FORBIDDEN_WRITERS,
    CaseScene,
    OrganisationFactory,
    OrganisationShareFactory,
    StrengthEntryFactory,
    case_scene,
)
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


@pytest.mark.parametrize("who", ["police", "parent", "commissioner", "administrator"])
def test_only_caseworkers_open_a_family_case(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    before = Family.objects.count()
    child = services.NewChild(
        first_name="Nadia",
        last_name="Bello",
        date_of_birth=timezone.localdate() - dt.timedelta(days=13 * 365),
    )
    with refused(actor, "open_family"):
        services.create_family(actor=actor, name="Nadia's family", child=child)
    assert Family.objects.count() == before


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_status_is_changed_only_by_caseworkers_on_the_family(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    family = scene.family
    with refused(actor, "change_case", family=family):
        services.change_status(
            actor=actor,
            family=family,
            to_status=Family.Status.CLOSED,
            reason="",
            expected_version=family.version,
        )
    family.refresh_from_db()
    assert family.status == Family.Status.ACTIVE
    assert not FamilyStatusChange.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_sharing_is_decided_only_by_caseworkers_on_the_family(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    before = OrganisationShare.objects.count()
    with refused(actor, "share", family=scene.family):
        services.share_family(
            actor=actor,
            family=scene.family,
            organisation=cast(Organisation, OrganisationFactory()),
            basis=OrganisationShare.Basis.CONSENT,
            notes="",
        )
    assert OrganisationShare.objects.count() == before


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_a_share_is_stopped_only_by_caseworkers_on_the_family(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    share = scene.family.shares.get()
    with refused(actor, "share", family=scene.family):
        services.revoke_share(actor=actor, share=share)
    share.refresh_from_db()
    assert share.revoked_at is None


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_strengths_are_added_only_by_caseworkers_on_the_family(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    with refused(actor, "change_case", family=scene.family):
        services.add_strength(
            actor=actor, young_person=scene.young_person, kind="strength", text="Kind to others"
        )
    assert not StrengthEntry.objects.exists()


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_strengths_are_changed_only_by_caseworkers_on_the_family(
    scene: CaseScene, who: str
) -> None:
    actor = scene.person(who)
    entry: Any = StrengthEntryFactory(young_person=scene.young_person, recorded_by=scene.worker)
    with refused(actor, "change_case", family=scene.family):
        services.update_strength(
            actor=actor,
            entry=entry,
            kind=entry.kind,
            text="Rewritten",
            in_own_words=False,
            expected_version=entry.version,
        )
    entry.refresh_from_db()
    assert entry.text == "Good at football"


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_a_profile_is_changed_only_by_caseworkers_on_the_family(scene: CaseScene, who: str) -> None:
    actor = scene.person(who)
    child = scene.young_person
    name = child.first_name
    with refused(actor, "change_case", family=scene.family):
        services.update_profile(
            actor=actor,
            young_person=child,
            changes={"first_name": "Changed"},
            expected_version=child.version,
        )
    child.refresh_from_db()
    assert child.first_name == name


@pytest.mark.parametrize("who", FORBIDDEN_WRITERS)
def test_a_safe_contact_decision_is_made_only_by_caseworkers_on_the_family(
    scene: CaseScene, who: str
) -> None:
    actor = scene.person(who)
    carer = scene.family.carers.get()
    with refused(actor, "change_case", family=scene.family):
        services.record_safe_contact(actor=actor, person=carer, notify_by="none")
    assert not SafeContactDecision.objects.exists()


def test_a_strength_under_another_child_is_a_404_and_audited(
    scene: CaseScene, signed_in: Any
) -> None:
    elsewhere: Any = StrengthEntryFactory()
    client = signed_in(scene.worker)
    url = reverse("cases:strength-edit", args=[scene.young_person.pk, elsewhere.pk])
    assert client.get(url).status_code == 404
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("cases.strengthentry", str(elsewhere.pk))
    assert (entry.actor_id, entry.family_id) == (scene.worker.pk, scene.family.pk)


def test_a_share_of_another_family_is_a_404_and_audited(scene: CaseScene, signed_in: Any) -> None:
    elsewhere: Any = OrganisationShareFactory()
    client = signed_in(scene.worker)
    url = reverse("cases:family-share-revoke", args=[scene.family.pk, elsewhere.pk])
    assert client.post(url).status_code == 404
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("cases.organisationshare", str(elsewhere.pk))
    assert entry.detail == {"attempted": "share"}
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None


def test_the_family_page_offers_changes_only_to_those_who_may_make_them(
    scene: CaseScene, signed_in: Any
) -> None:
    url = reverse("cases:family", args=[scene.family.pk])
    worker_page = signed_in(scene.worker).get(url).content.decode()
    police_page = signed_in(scene.police).get(url).content.decode()
    manager_page = signed_in(scene.manager).get(url).content.decode()
    for text in ("Change status", "Share with another organisation", "Stop sharing"):
        assert text in worker_page
        assert text not in police_page
    log_link = reverse("audit:family-access", args=[scene.family.pk])
    assert log_link in manager_page
    assert log_link not in worker_page
    assert log_link not in police_page
