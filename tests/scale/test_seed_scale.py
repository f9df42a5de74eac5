"""seed_scale: generated families in bulk, a valid audit chain, and never on real data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from relsafe.audit.services import verify_chain
from relsafe.cases.models import Allocation, Family, YoungPerson
from relsafe.cases.next_due import computed_next_due, stored_next_due
from relsafe.records.models import Contact
from relsafe.records.services import contact_search_text
from relsafe.scale.generate import REFERENCE_PREFIX, Sizes, seed
from tests.factories import ContactFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def test_families_come_with_children_workers_records_and_a_chain_that_verifies() -> None:
    counts = seed(Sizes(families=12, contacts_per_family=5, batch=5))
    assert counts["families"] == Family.objects.count() == 12
    assert all(f.reference.startswith(REFERENCE_PREFIX) for f in Family.objects.all())
    assert YoungPerson.objects.count() == counts["young_people"] >= 12
    assert Contact.objects.count() == counts["contacts"]
    # Every contact names one of its own family's children and is findable by its words.
    for contact in Contact.objects.prefetch_related("young_people")[:20]:
        (child,) = contact.young_people.all()
        assert child.family_id == contact.family_id
        assert contact.search_text == contact_search_text(contact)
    # Every family has exactly one lead worker, from the family's lead organisation.
    leads = Allocation.objects.filter(is_lead=True).select_related("worker", "family")
    assert leads.count() == 12
    assert all(a.worker.organisation_id == a.family.lead_organisation_id for a in leads)
    assert verify_chain().ok


def test_the_stored_next_due_is_filled_as_the_caseload_computes_it() -> None:
    seed(Sizes(families=25, contacts_per_family=1, missing_per_family=2, batch=10))
    families = Family.objects.all()
    assert stored_next_due(families) == computed_next_due(families)
    keys = set(families.values_list("next_due_key", flat=True))
    assert keys == {"family_review", "return_home_interview"}


def test_rows_written_in_bulk_leave_room_for_the_next_contact() -> None:
    seed(Sizes(families=2, contacts_per_family=3))
    family = Family.objects.first()
    assert family is not None
    lead = Allocation.objects.get(family=family, is_lead=True).worker
    contact: Any = ContactFactory(family=family, recorded_by=lead)
    assert contact.pk > max(Contact.objects.exclude(pk=contact.pk).values_list("pk", flat=True))


def test_a_second_run_adds_more_with_new_references() -> None:
    seed(Sizes(families=3, contacts_per_family=1))
    seed(Sizes(families=4, contacts_per_family=1), seed=7)
    references = list(Family.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 7
    assert verify_chain().ok


def test_it_refuses_a_database_with_families_it_did_not_make() -> None:
    FamilyFactory()
    err = io.StringIO()
    with pytest.raises(CommandError, match="did not make"):
        call_command("seed_scale", "--families", "2", stderr=err)
    assert Family.objects.count() == 1


@pytest.mark.parametrize(
    ("families", "teams", "organisations"),
    [(1, 1, 2), (500, 3, 2), (5_000, 25, 5), (50_000, 250, 50)],
)
def test_staff_grow_with_the_families_so_a_caseload_stays_a_caseload(
    families: int, teams: int, organisations: int
) -> None:
    sizes = Sizes(families=families)
    assert (sizes.team_count(), sizes.organisation_count()) == (teams, organisations)
    # About 25 families led per worker at every size (8 workers a team).
    assert families / (teams * sizes.workers_per_team) <= sizes.families_per_worker


def test_every_generated_organisation_has_a_team_with_a_manager() -> None:
    from relsafe.accounts.models import Organisation, User
    from relsafe.accounts.roles import Role

    seed(Sizes(families=30, contacts_per_family=1, families_per_worker=2))
    generated = Organisation.objects.filter(name__startswith="Scale ").exclude(kind="police")
    assert generated.count() == 2
    for org in generated:
        assert User.objects.filter(organisation=org, role=Role.TEAM_MANAGER).exists()
    assert (
        User.objects.filter(role=Role.TEAM_MANAGER, team__organisation__in=generated).count() == 2
    )


def test_reports_to_the_police_go_through_the_real_services_and_link() -> None:
    from relsafe.intelligence.models import Mention, PersonOfConcern, Submission

    counts = seed(Sizes(families=40, contacts_per_family=1, intelligence_every=1))
    sent = Submission.objects.exclude(status=Submission.Status.DRAFT)
    assert counts["intelligence_reports"] == sent.count() > 0
    # Every report carries its frozen police copy, which never names a child.
    for submission in sent:
        assert submission.police_copy
        for child in submission.family.young_people.all():
            assert f"{child.first_name} {child.last_name}" not in str(submission.police_copy)
    # People of concern are linked across families: fewer people than mentions.
    assert Mention.objects.count() >= sent.count()
    assert 0 < PersonOfConcern.objects.count() < Mention.objects.count()
    assert verify_chain().ok
