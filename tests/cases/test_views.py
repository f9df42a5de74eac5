"""Family case pages as a worker meets them: scoped, fast at any size, and forgiving of mistakes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relsafe.accounts.models import Organisation, User
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.cases.models import Family, OrganisationShare, StrengthEntry, YoungPerson
from tests import factories
from tests.conftest import identity_confirmed
from tests.factories import allocated_family

# factory_boy factories are typed as returning themselves; treat them as the model.
AllocationFactory: Any = factories.AllocationFactory
TeamFactory: Any = factories.TeamFactory
UserFactory: Any = factories.UserFactory
YoungPersonFactory: Any = factories.YoungPersonFactory

pytestmark = pytest.mark.django_db
SignedIn = Callable[[User], Client]


def _families(worker: User, count: int) -> None:
    for i in range(count):
        family = allocated_family(worker, name=f"Family {i:03d}")
        YoungPersonFactory(family=family)
        AllocationFactory(family=family, worker=UserFactory(), role_on_case="Social worker")


@pytest.mark.parametrize("role", [Role.PARENT_SUPPORT_WORKER, Role.TEAM_MANAGER])
def test_caseload_runs_the_same_queries_for_5_and_60_families(
    signed_in: SignedIn, django_assert_max_num_queries: Any, role: str
) -> None:
    worker = UserFactory(role=role, team=TeamFactory())
    client = signed_in(worker)
    _families(worker, 5)
    client.get(reverse("cases:caseload"))  # warm the session
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("cases:caseload"))
    assert response.context["page"].paginator.count == 5
    _families(worker, 55)
    with django_assert_max_num_queries(len(five)):
        response = client.get(reverse("cases:caseload") + "?page=2&sort=name")
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 25
    assert b"Family 025" in response.content


def test_caseload_shows_lead_worker_due_date_overdue_and_changes(signed_in: SignedIn) -> None:
    worker = UserFactory(full_name="Sam Okoro")
    allocated_family(
        worker, name="Overdue family", review_due=timezone.localdate() - dt.timedelta(days=1)
    )
    html = signed_in(worker).get(reverse("cases:caseload")).content.decode()
    assert "Overdue family" in html
    assert "Sam Okoro" in html
    assert "Overdue</strong>" in html
    assert "Not opened yet" in html


def test_caseload_filters_show_as_selected(signed_in: SignedIn) -> None:
    worker = UserFactory()
    allocated_family(worker, name="Referred", status="referral")
    allocated_family(worker, name="Working", status="active")
    response = signed_in(worker).get(reverse("cases:caseload") + "?status=referral")
    html = response.content.decode()
    assert "Referred" in html
    assert "Working" not in html
    assert "Selected filters" in html
    assert "Clear filters" in html


def test_managers_see_team_workload_on_the_caseload(signed_in: SignedIn, demo_world: Any) -> None:
    html = signed_in(demo_world.people["dana"]).get(reverse("cases:caseload")).content.decode()
    assert "Your team\u2019s families" in html
    assert "Workload" in html
    assert "Tom Brennan" in html
    assert "Sam Okoro" in html
    assert "Ruby" not in html  # the South team's family


def test_family_page_shows_the_whole_case(signed_in: SignedIn, demo_world: Any) -> None:
    family = demo_world.families["jayden"]
    html = signed_in(demo_world.people["sam"]).get(f"/families/{family.pk}/").content.decode()
    for text in (
        "Jayden Mensah",
        "Amara Mensah",
        "Precious Mensah",
        "Leah Patel",
        "Northbridge Police",
        "Safeguarding of children (DPA 2018 Sch. 1 para. 18)",
        "Status history",
        "Stop sharing",
    ):
        assert text in html, text


def test_police_read_but_cannot_change(signed_in: SignedIn, demo_world: Any) -> None:
    priya = signed_in(demo_world.people["priya"])
    family = demo_world.families["jayden"]
    page = priya.get(f"/families/{family.pk}/")
    assert page.status_code == 200
    assert b"Stop sharing" not in page.content
    assert priya.get(reverse("cases:family-status", args=[family.pk])).status_code == 403
    jayden = demo_world.young_people["jayden"]
    assert priya.get(reverse("cases:young-person", args=[jayden.pk])).status_code == 200
    assert priya.get(reverse("cases:strength-add", args=[jayden.pk])).status_code == 403


def test_page_titles_name_no_child(signed_in: SignedIn, demo_world: Any) -> None:
    """Titles end up in browser history, tab bars and shared screens, so they carry the family
    reference, never a child's name."""
    import re

    jayden = demo_world.young_people["jayden"]
    sam = signed_in(demo_world.people["sam"])
    for name in ("cases:young-person", "cases:young-person-edit"):
        html = sam.get(reverse(name, args=[jayden.pk])).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None
        assert "Jayden" not in title.group(1)
        assert "Mensah" not in title.group(1)
        assert jayden.family.reference in title.group(1)


def test_profile_leads_with_strengths_then_trusted_adults_then_concerns(
    signed_in: SignedIn, demo_world: Any
) -> None:
    jayden = demo_world.young_people["jayden"]
    response = signed_in(demo_world.people["sam"]).get(
        reverse("cases:young-person", args=[jayden.pk])
    )
    html = response.content.decode()
    strengths = html.index("Strengths and what matters to Jayden")
    trusted = html.index('id="trusted-adults"')
    about = html.index("About Jayden")
    concerns = html.index("What we are worried about")
    assert strengths < trusted < about < concerns
    assert "Plays football" in html
    assert "sister Amara" in html
    assert "drawing" in html
    assert "“I want to design trainers one day, my own brand.”" in html
    assert "Jayden, in their own words" in html
    # The relationship map's panel names his trusted adult in that place.
    assert "Kwame Mensah" in html[trusted:about]


def test_adding_a_strength_in_their_own_words(signed_in: SignedIn, demo_world: Any) -> None:
    jayden = demo_world.young_people["jayden"]
    client = signed_in(demo_world.people["sam"])
    url = reverse("cases:strength-add", args=[jayden.pk])
    empty = client.post(url, {"kind": "proud_of", "text": "", "in_own_words": "on"})
    assert "Enter what you want to record" in empty.content.decode()
    response = client.post(
        url, {"kind": "proud_of", "text": "I scored the winner", "in_own_words": "on"}, follow=True
    )
    assert "“I scored the winner”" in response.content.decode()
    entry = StrengthEntry.objects.get(text="I scored the winner")
    assert entry.in_own_words
    assert entry.recorded_by == demo_world.people["sam"]
    edit = reverse("cases:strength-edit", args=[jayden.pk, entry.pk])
    client.post(edit, {"kind": "proud_of", "text": "I scored the winning goal", "version": 1})
    entry.refresh_from_db()
    assert entry.text == "I scored the winning goal"
    assert not entry.in_own_words


def _profile_data(child: YoungPerson, **changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "preferred_name": child.preferred_name,
        "aliases": child.aliases,
        "date_of_birth": f"{child.date_of_birth.day}/{child.date_of_birth.month}/{child.date_of_birth.year}",
        "identity": child.identity,
        "culture": child.culture,
        "language": child.language,
        "communication_needs": child.communication_needs,
        "health": child.health,
        "education": child.education,
        "concerns": child.concerns,
        "version": child.version,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_of_birth": "1/1/2999"}, "date_of_birth", "must be today or in the past"),
        ({"date_of_birth": "1/1/1984"}, "date_of_birth", "aged 25 or under"),
        ({"date_of_birth": "31/2/2012"}, "date_of_birth", "Enter a real date"),
        ({"first_name": ""}, "first_name", "Enter their first name"),
        ({"last_name": " "}, "last_name", "Enter their last name"),
    ],
)
def test_profile_validation_explains_by_the_field_and_keeps_what_was_typed(
    signed_in: SignedIn, changes: dict[str, str], field: str, message: str
) -> None:
    worker = UserFactory()
    child = allocated_family(worker).young_people.get()
    data = _profile_data(child, language="Tigrinya and English", **changes)
    response = signed_in(worker).post(reverse("cases:young-person-edit", args=[child.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html
    assert 'value="Tigrinya and English"' in html
    if field == "date_of_birth":
        # What was typed is back in the date input's three boxes.
        for typed in changes["date_of_birth"].split("/"):
            assert f'value="{typed}"' in html
    child.refresh_from_db()
    assert child.version == 1


def test_a_second_concurrent_save_gets_a_conflict_page_with_both_versions(
    signed_in: SignedIn,
) -> None:
    worker, colleague = UserFactory(), UserFactory()
    family = allocated_family(worker)
    AllocationFactory(family=family, worker=colleague)
    child = family.young_people.get()
    url = reverse("cases:young-person-edit", args=[child.pk])
    first = signed_in(colleague).post(url, _profile_data(child, language="Arabic"))
    assert first.status_code == 302
    client = signed_in(worker)
    second = client.post(url, _profile_data(child, language="Farsi"))  # opened at version 1
    assert second.status_code == 409
    html = second.content.decode()
    assert "Your version" in html
    assert "The saved version" in html
    assert "Farsi" in html
    assert "Arabic" in html
    child.refresh_from_db()
    assert child.language == "Arabic"
    # "Apply my version": the page posts the person's values with the saved version number.
    again = client.post(url, _profile_data(child, language="Farsi"))
    assert again.status_code == 302
    child.refresh_from_db()
    assert child.language == "Farsi"
    assert child.version == 3


def test_two_people_changing_one_strength_get_a_conflict_not_an_overwrite(
    signed_in: SignedIn,
) -> None:
    worker, colleague = UserFactory(), UserFactory()
    family = allocated_family(worker)
    AllocationFactory(family=family, worker=colleague)
    child = family.young_people.get()
    entry: Any = factories.StrengthEntryFactory(young_person=child, text="Good at football")
    url = reverse("cases:strength-edit", args=[child.pk, entry.pk])

    def data(text: str, version: int) -> dict[str, Any]:
        return {"kind": "strength", "text": text, "version": version}

    assert signed_in(colleague).post(url, data("Captain of his team", 1)).status_code == 302
    client = signed_in(worker)
    second = client.post(url, data("Good at football and drawing", 1))  # opened at version 1
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else changed this entry while you were writing" in html
    assert "Captain of his team" in html
    assert "Good at football and drawing" in html
    entry.refresh_from_db()
    assert entry.text == "Captain of his team"
    # Saving again from the conflict page (it carries the saved version) is a deliberate choice.
    assert 'name="version" value="2"' in html
    assert client.post(url, data("Good at football and drawing", 2)).status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Good at football and drawing"
    assert entry.version == 3


def test_find_posts_so_names_stay_out_of_urls(signed_in: SignedIn, demo_world: Any) -> None:
    client = signed_in(demo_world.people["sam"])
    assert client.get(reverse("cases:find") + "?q=Jayden").context["results"] == []
    response = client.post(reverse("cases:find"), {"q": "jaydn mensha"})
    html = response.content.decode()
    assert "Jayden&#x27;s family (Mensah)" in html
    assert "Name is close" in html


def _check(client: Client, first: str, last: str, dob: dt.date) -> Any:
    return client.post(
        reverse("cases:family-create"),
        {
            "step": "check",
            "first_name": first,
            "last_name": last,
            "date_of_birth": f"{dob.day}/{dob.month}/{dob.year}",
        },
    )


def test_search_before_create_then_open_a_family(signed_in: SignedIn, demo_world: Any) -> None:
    client = signed_in(demo_world.people["sam"])
    dob = timezone.localdate() - dt.timedelta(days=12 * 365)
    bad = client.post(
        reverse("cases:family-create"),
        {"step": "check", "first_name": "Nadia", "last_name": "", "date_of_birth": "1/1/3000"},
    )
    html = bad.content.decode()
    assert "Enter the child&#x27;s last name" in html or "Enter the child's last name" in html
    assert "must be today or in the past" in html
    assert 'value="Nadia"' in html
    checked = _check(client, "Nadia", "Bello", dob)
    assert 'id="no-match"' in checked.content.decode()
    created = client.post(
        reverse("cases:family-create"),
        {
            "step": "create",
            "duplicates_found": "0",
            "first_name": "Nadia",
            "last_name": "Bello",
            "date_of_birth": f"{dob.day}/{dob.month}/{dob.year}",
            "family_name": "Nadia's family (Bello)",
            "carer_name": "Funke Bello",
            "carer_relationship": "mum",
            "review_due": "",
        },
    )
    family = Family.objects.get(name="Nadia's family (Bello)")
    assert created.status_code == 302
    assert created["Location"] == f"/families/{family.pk}/"
    assert family.reference == "RS-0025"
    assert family.status == "referral"


def test_duplicate_warning_hides_other_teams_details(signed_in: SignedIn, demo_world: Any) -> None:
    dob = demo_world.young_people["jayden"].date_of_birth
    alex = signed_in(demo_world.people["alex"])
    html = _check(alex, "Jaden", "Mensah", dob).content.decode()
    assert "A possible match exists in another team or organisation" in html
    assert "RS-0001" not in html
    assert "Precious" not in html
    data = {
        "step": "create",
        "duplicates_found": "1",
        "first_name": "Jaden",
        "last_name": "Mensah",
        "date_of_birth": f"{dob.day}/{dob.month}/{dob.year}",
        "family_name": "Jaden's family",
    }
    refused = alex.post(reverse("cases:family-create"), data)
    assert "Confirm this is a different child" in refused.content.decode()
    sam_html = _check(signed_in(demo_world.people["sam"]), "Jaden", "Mensah", dob).content.decode()
    assert 'id="visible-matches"' in sam_html
    assert "RS-0001" in sam_html


def test_status_change_from_the_family_page(signed_in: SignedIn) -> None:
    worker = UserFactory()
    family = allocated_family(worker, status="active")
    client = signed_in(worker)
    url = reverse("cases:family-status", args=[family.pk])
    client.post(url, {"to_status": "closed", "reason": "Goals met", "version": 1})
    family.refresh_from_db()
    assert family.status == "closed"
    missing_reason = client.post(url, {"to_status": "active", "reason": "", "version": 2})
    assert "Give the reason for reopening the case" in missing_reason.content.decode()
    stale = client.post(url, {"to_status": "active", "reason": "Missing again", "version": 1})
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else changed this case" in html
    # What is saved now beside what they chose, and their reason kept for a second try.
    versions = html[html.index('id="conflict"') : html.index("</table>")]
    assert re.search(r"Case status.*?Closed</td>\s*<td[^>]*>Active</td>", versions, re.S)
    assert "Missing again" in versions
    assert 'name="version" value="2"' in html
    family.refresh_from_db()
    assert family.status == "closed"
    page = client.get(f"/families/{family.pk}/").content.decode()
    assert "Goals met" in page


def test_sharing_asks_the_worker_to_confirm_who_they_are(
    signed_in: SignedIn, demo_world: Any
) -> None:
    family = demo_world.families["ruby"]
    client = signed_in(demo_world.people["alex"])
    url = reverse("cases:family-share", args=[family.pk])
    assert client.get(url)["Location"].startswith(reverse("accounts:confirm-identity"))
    identity_confirmed(client)
    # A force this family is not shared with yet (the demo shares Ruby's with Northbridge Police).
    police: Any = factories.OrganisationFactory(
        kind=Organisation.Kind.POLICE, name="Westmoor Police"
    )
    missing = client.post(url, {"organisation": police.pk, "basis": "safeguarding", "notes": ""})
    assert "Explain why the case is shared without consent" in missing.content.decode()
    client.post(url, {"organisation": police.pk, "basis": "consent", "notes": "Joanne agreed"})
    share = OrganisationShare.objects.get(family=family, organisation=police)
    assert share.decided_by == demo_world.people["alex"]
    assert share.basis == "consent"
    assert AuditEvent.objects.filter(action=AuditAction.SHARE, family_id=family.pk).exists()
    revoke = reverse("cases:family-share-revoke", args=[family.pk, share.pk])
    assert client.get(revoke).status_code == 405
    client.post(revoke)
    share.refresh_from_db()
    assert share.revoked_at is not None


def _family_with_every_deadline(worker: User, n: int) -> Family:
    """A family with one of each kind of deadline, so the query count covers every source."""
    today = timezone.localdate()
    family = allocated_family(worker, name=f"Busy {n:03d}", review_due=today + dt.timedelta(days=9))
    child = family.young_people.get()
    plan = factories.PlanFactory(family=family, created_by=worker, review_on=today)
    factories.PlanActionFactory(plan=plan, due_on=today + dt.timedelta(days=n % 7 - 3))
    factories.ScreeningFactory(young_person=child, recorded_by=worker)
    factories.ReferralFactory(young_person=child, recorded_by=worker)
    factories.MissingEpisodeFactory(family=family, young_person=child, recorded_by=worker)
    return family


@pytest.mark.parametrize("role", [Role.PARENT_SUPPORT_WORKER, Role.TEAM_MANAGER])
def test_caseload_deadlines_cost_the_same_queries_for_5_and_40_families(
    signed_in: SignedIn, django_assert_max_num_queries: Any, role: str
) -> None:
    worker = UserFactory(
        role=role, team=TeamFactory(), organisation=factories.OrganisationFactory()
    )
    client = signed_in(worker)
    for n in range(5):
        _family_with_every_deadline(worker, n)
    client.get(reverse("cases:caseload"))  # warm the session
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("cases:caseload") + "?overdue=1")
        client.get(reverse("core:start"))
    for n in range(5, 40):
        _family_with_every_deadline(worker, n)
    with django_assert_max_num_queries(len(five)):
        caseload = client.get(reverse("cases:caseload") + "?overdue=1")
        start = client.get(reverse("core:start"))
    assert caseload.context["page"].paginator.count == 18  # n % 7 in (0, 1, 2): action overdue
    assert b"Plan action due" in caseload.content
    assert b"Overdue</strong>" in caseload.content
    assert b"Next due" in start.content


def test_caseload_names_the_return_home_interview_with_its_time(signed_in: SignedIn) -> None:
    worker = UserFactory(organisation=factories.OrganisationFactory())
    family = allocated_family(worker, name="Missing last night")
    returned = timezone.now() - dt.timedelta(hours=2)
    factories.MissingEpisodeFactory(
        family=family,
        young_person=family.young_people.get(),
        recorded_by=worker,
        reported_missing_at=returned - dt.timedelta(hours=6),
        returned_at=returned,
    )
    due = timezone.localtime(returned + dt.timedelta(hours=72))
    html = signed_in(worker).get(reverse("cases:caseload")).content.decode()
    assert "Return home interview due" in html
    assert f"{due:%H:%M}</time>" in html
    assert "Overdue</strong>" not in html


def test_worker_and_manager_start_pages_show_next_due_police_do_not(
    signed_in: SignedIn, demo_world: Any
) -> None:
    sam = signed_in(demo_world.people["sam"]).get(reverse("core:start")).content.decode()
    assert "Next due" in sam
    assert "Return home interview due" in sam
    assert "Overdue</strong>" in sam
    dana = signed_in(demo_world.people["dana"]).get(reverse("core:start")).content.decode()
    assert "Next due" in dana
    assert "Overdue</strong>" in dana
    police = UserFactory(role=Role.POLICE_ANALYST, organisation=factories.OrganisationFactory())
    assert "Next due" not in signed_in(police).get(reverse("core:start")).content.decode()


def test_managers_start_page_counts_each_workers_overdue_families_and_links_to_them(
    signed_in: SignedIn, demo_world: Any
) -> None:
    tom = demo_world.people["tom"]
    response = signed_in(demo_world.people["dana"]).get(reverse("core:start"))
    rows = {row["worker"]: row for row in response.context["workload"]}
    assert rows[tom]["overdue_cases"] == 2  # the demo's two overdue families for Tom
    html = response.content.decode()
    caseload = reverse("cases:caseload")
    assert f'href="{caseload}?worker={tom.pk}&amp;overdue=1"' in html
    assert '2<span class="govuk-visually-hidden"> of Tom Brennan\'s families' in html
    # The link leads to exactly those two families.
    filtered = signed_in(demo_world.people["dana"]).get(
        caseload, {"worker": tom.pk, "overdue": "1"}
    )
    assert filtered.context["page"].paginator.count == 2


def test_family_page_names_each_childs_trusted_adult_at_a_glance(
    signed_in: SignedIn, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    html = signed_in(demo_world.people["sam"]).get(f"/families/{family.pk}/").content.decode()
    children = html.split(">Children and young people</h2>", 1)[1]
    jayden_item = children.split("Jayden Mensah</a>", 1)[1].split("</li>", 1)[0]
    assert "Trusted adult: Kwame Mensah (known as “Uncle Kwame”), uncle" in jayden_item
    amara_item = children.split("Amara Mensah</a>", 1)[1].split("</li>", 1)[0]
    assert "Trusted adult: Marek Quinn, neighbour" in amara_item


def test_share_notes_typed_after_the_confirmation_ran_out_are_kept(
    signed_in: SignedIn, demo_world: Any
) -> None:
    family = demo_world.families["jayden"]
    client = signed_in(demo_world.people["sam"])
    url = reverse("cases:family-share", args=[family.pk])
    notes = "Precious agreed on the phone today that the council can see the plan."
    asked = client.post(url, {"organisation": "", "basis": "consent", "notes": notes})
    assert asked["Location"].startswith(reverse("accounts:confirm-identity"))
    page = identity_confirmed(client).get(url).content.decode()
    assert notes in page
    assert "What you typed is below" in page


def test_past_the_duplicate_check_limit_the_page_says_so_and_the_family_still_opens(
    signed_in: SignedIn, demo_world: Any, settings: Any
) -> None:
    settings.DUPLICATE_CHECKS_PER_HOUR = 2
    dob = demo_world.young_people["jayden"].date_of_birth
    alex = signed_in(demo_world.people["alex"])
    for _ in range(2):
        assert 'id="hidden-match"' in _check(alex, "Jaden", "Mensah", dob).content.decode()
    html = _check(alex, "Jaden", "Mensah", dob).content.decode()
    assert 'id="check-limited"' in html
    assert "You have checked for 2 or more children in the last hour" in html
    assert "Records in other teams and organisations were not checked" in html
    assert 'id="hidden-match"' not in html
    assert "No existing record matches" not in html
    assert "No family you work with matches this child" in html
    created = alex.post(
        reverse("cases:family-create"),
        {
            "step": "create",
            "duplicates_found": "0",
            "first_name": "Jaden",
            "last_name": "Mensah",
            "date_of_birth": f"{dob.day}/{dob.month}/{dob.year}",
            "family_name": "Jaden's family",
            "carer_name": "",
            "carer_relationship": "",
            "review_due": "",
        },
    )
    assert created.status_code == 302
    assert Family.objects.filter(name="Jaden's family").exists()


def test_the_managers_start_page_shows_unusual_duplicate_checks(
    signed_in: SignedIn, demo_world: Any, settings: Any
) -> None:
    settings.DUPLICATE_CHECKS_PER_HOUR = 1
    dob = demo_world.young_people["jayden"].date_of_birth
    alex = signed_in(demo_world.people["alex"])
    _check(alex, "Jaden", "Mensah", dob)
    _check(alex, "Jaden", "Mensah", dob)
    morgan = signed_in(demo_world.people["morgan"]).get(reverse("core:start")).content.decode()
    assert 'id="duplicate-check-use"' in morgan
    assert "Alex Morgan" in morgan
    dana = signed_in(demo_world.people["dana"]).get(reverse("core:start")).content.decode()
    assert 'id="duplicate-check-use"' not in dana
