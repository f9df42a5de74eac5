"""The administrator's audit trail (filter, sort, page, export) and 'who has viewed this record'."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record
from relsafe.cases.models import Family
from tests.conftest import identity_confirmed
from tests.factories import AllocationFactory, FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db

SignedIn = Callable[[Any], Client]
EVENTS = reverse("audit:events")
EXPORT = reverse("audit:events-export")


@pytest.fixture
def admin() -> Any:
    return UserFactory(role=Role.ADMINISTRATOR, email="robin@example.org", full_name="Robin Lee")


@pytest.fixture
def team() -> dict[str, Any]:
    """A manager, their worker allocated to a family, and a manager of another team."""
    manager = UserFactory(role=Role.TEAM_MANAGER, full_name="Dana Whitfield")
    worker = UserFactory(team=manager.team, full_name="Sam Okoro", email="sam@example.org")
    family = FamilyFactory(name="Jayden's family (Mensah)", reference="RS-0001")
    AllocationFactory(family=family, worker=worker)
    return {
        "manager": manager,
        "worker": worker,
        "family": family,
        "other_manager": UserFactory(role=Role.TEAM_MANAGER),
    }


def _csv(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(body, newline="")))


# --- The administrator's list ---------------------------------------------------------------


def test_administrator_sees_entries_with_role_organisation_and_both_times(
    signed_in: SignedIn, admin: User, team: dict[str, Any]
) -> None:
    with time_machine.travel(dt.datetime(2026, 6, 1, 13, 5, 3, tzinfo=dt.UTC), tick=False):
        record(
            action=AuditAction.VIEW, actor=team["worker"], obj=team["family"], reason="allocated"
        )
    html = signed_in(admin).get(EVENTS).content.decode()
    assert "sam@example.org" in html
    assert "Parent support worker" in html
    assert team["worker"].organisation.name in html
    assert "1 Jun 2026, 14:05:03 BST" in html  # UK time in summer
    assert "1 Jun 2026, 13:05:03 UTC" in html
    assert reverse("audit:family-access", args=[team["family"].pk]) in html


def test_filter_by_action_and_person_shows_what_is_selected(
    signed_in: SignedIn, admin: User, team: dict[str, Any]
) -> None:
    record(action=AuditAction.VIEW, actor=team["worker"], obj=team["family"])
    record(action=AuditAction.SIGN_IN, actor=team["worker"], obj=team["worker"])
    record(action=AuditAction.SIGN_IN, actor=team["manager"], obj=team["manager"])
    response = signed_in(admin).get(EVENTS, {"action": "sign_in", "actor": "SAM@"})
    rows = list(response.context["page"].object_list)
    assert [(e.action, e.actor_email) for e in rows] == [("sign_in", "sam@example.org")]
    html = response.content.decode()
    assert "Selected filters" in html
    assert "Remove this filter</span> Signed in" in html
    assert "Clear filters" in html


def test_filter_by_type_of_record(signed_in: SignedIn, admin: User, team: dict[str, Any]) -> None:
    record(action=AuditAction.VIEW, actor=team["worker"], obj=team["family"])
    record(action=AuditAction.SIGN_IN, actor=team["worker"], obj=team["worker"])
    response = signed_in(admin).get(EVENTS, {"object_type": "cases.family"})
    types = {e.object_type for e in response.context["page"].object_list}
    assert types == {"cases.family"}
    assert '<option value="accounts.user">' in response.content.decode()


def test_dates_are_whole_uk_days(signed_in: SignedIn, admin: User) -> None:
    # 23:30 UTC on 1 June is 00:30 on 2 June in the UK (BST).
    with time_machine.travel(dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.UTC), tick=False):
        late = record(action=AuditAction.SIGN_IN, actor_email="late@example.org")
    client = signed_in(admin)

    def ids(**params: str) -> set[int]:
        response = client.get(EVENTS, {"actor": "late@", **params})
        return {e.pk for e in response.context["page"].object_list}

    assert ids(date_from="2/6/2026", date_to="2/6/2026") == {late.pk}
    assert ids(date_to="1/6/2026") == set()
    assert ids(date_from="2026-06-02") == {late.pk}


def test_a_wrong_date_is_explained_and_what_was_typed_is_kept(
    signed_in: SignedIn, admin: User
) -> None:
    response = signed_in(admin).get(EVENTS, {"date_from": "31/2/2026", "actor": "sam"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a real &#x27;from&#x27; date" in html
    # What was typed is back in the date input's three boxes.
    for box, typed in (("day", "31"), ("month", "2"), ("year", "2026")):
        assert f'name="date_from_{box}" type="text" inputmode="numeric"' in html
        assert f'value="{typed}"' in html
    assert 'value="sam"' in html
    assert "Download these entries" not in html  # no export of a search that is not what was asked


def test_to_date_before_from_date_is_refused(signed_in: SignedIn, admin: User) -> None:
    response = signed_in(admin).get(EVENTS, {"date_from": "3/3/2026", "date_to": "1/3/2026"})
    assert "must be the same as or after" in response.content.decode()


def test_sorting_by_person(signed_in: SignedIn, admin: User) -> None:
    for email in ("c@example.org", "a@example.org", "b@example.org"):
        record(action=AuditAction.SIGN_IN_FAILED, actor_email=email)
    client = signed_in(admin)
    response = client.get(EVENTS, {"action": "sign_in_failed", "sort": "who", "order": "asc"})
    emails = [e.actor_email for e in response.context["page"].object_list]
    assert emails == ["a@example.org", "b@example.org", "c@example.org"]
    assert 'aria-sort="ascending"' in response.content.decode()
    response = client.get(EVENTS, {"action": "sign_in_failed", "sort": "who", "order": "desc"})
    assert response.context["page"].object_list[0].actor_email == "c@example.org"
    # An unknown sort falls back to newest first instead of failing.
    response = client.get(EVENTS, {"sort": "password"})
    assert response.status_code == 200


def test_the_list_is_paginated_and_pages_keep_the_filters(signed_in: SignedIn, admin: User) -> None:
    for i in range(55):
        record(action=AuditAction.SIGN_IN_FAILED, actor_email=f"p{i}@example.org")
    client = signed_in(admin)
    first = client.get(EVENTS, {"action": "sign_in_failed"})
    assert len(first.context["page"].object_list) == 50
    assert "action=sign_in_failed&amp;page=2" in first.content.decode()
    second = client.get(EVENTS, {"action": "sign_in_failed", "page": "2"})
    assert len(second.context["page"].object_list) == 5


def test_reading_the_trail_is_itself_recorded_with_the_filters(
    signed_in: SignedIn, admin: User
) -> None:
    signed_in(admin).get(EVENTS, {"action": "export"})
    entry = AuditEvent.objects.filter(actor_id=admin.pk, object_type="audit.auditevent").last()
    assert entry is not None
    assert entry.action == AuditAction.VIEW
    assert entry.detail["action"] == "export"


@pytest.mark.parametrize(
    "role",
    [
        Role.TEAM_MANAGER,
        Role.PARENT_SUPPORT_WORKER,
        Role.SOCIAL_WORKER,
        Role.POLICE_ANALYST,
        Role.COMMISSIONER,
        Role.PARENT,
        Role.YOUNG_PERSON,
    ],
)
def test_only_administrators_read_or_export_the_whole_trail(signed_in: SignedIn, role: str) -> None:
    client = signed_in(UserFactory(role=role))
    assert client.get(EVENTS).status_code == 403
    assert identity_confirmed(client).get(EXPORT).status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, object_id=EXPORT).exists()


def test_list_queries_do_not_grow_with_the_number_of_entries(
    signed_in: SignedIn, admin: User, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(admin)
    people = [UserFactory() for _ in range(5)]
    for person in people:
        record(action=AuditAction.SIGN_IN, actor=person)
    with django_assert_max_num_queries(16):
        client.get(EVENTS)
    for i in range(45):
        record(action=AuditAction.SIGN_IN, actor=people[i % 5])
    with django_assert_max_num_queries(16):
        client.get(EVENTS)


# --- Export ----------------------------------------------------------------------------------


def test_export_asks_the_administrator_to_confirm_who_they_are(
    signed_in: SignedIn, admin: User
) -> None:
    response = signed_in(admin).get(EXPORT, {"action": "sign_in"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm-identity"))
    assert "next=%2Faudit%2Fexport%2F%3Faction%3Dsign_in" in response["Location"]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_export_is_the_filtered_list_escaped_and_recorded(
    signed_in: SignedIn, admin: User, team: dict[str, Any]
) -> None:
    record(action=AuditAction.VIEW, actor=team["worker"], obj=team["family"], reason="allocated")
    record(action=AuditAction.SIGN_IN_FAILED, actor_email='=HYPERLINK("http://evil.example","x")')
    record(action=AuditAction.SIGN_IN_FAILED, actor_email="-2+3")
    client = identity_confirmed(signed_in(admin))
    response = client.get(EXPORT, {"action": "sign_in_failed", "sort": "who", "order": "asc"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="relsafe-audit-trail-')
    assert response["Cache-Control"] == "no-store"
    rows = _csv(response)
    assert [r["actor_email"] for r in rows] == [
        "'-2+3",
        '\'=HYPERLINK("http://evil.example","x")',
    ]
    assert all(r["action"] == "Sign-in failed" for r in rows)
    assert rows[0]["occurred_at_utc"].endswith("+00:00")
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.actor_id == admin.pk
    assert export.detail == {
        "filters": {"action": "sign_in_failed", "sort": "who", "order": "asc"},
        "rows": 2,
    }


def test_export_holds_exactly_the_rows_it_recorded(
    signed_in: SignedIn, admin: User, team: dict[str, Any]
) -> None:
    record(action=AuditAction.VIEW, actor=team["worker"], obj=team["family"], reason="allocated")
    client = identity_confirmed(signed_in(admin))
    rows = _csv(client.get(EXPORT))
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert len(rows) == export.detail["rows"]
    assert str(export.pk) not in {r["id"] for r in rows}
    family_rows = [r for r in rows if r["object_type"] == "cases.family"]
    assert family_rows[0]["actor_name"] == "Sam Okoro"
    assert family_rows[0]["reason"] == "allocated"
    assert family_rows[0]["family_id"] == str(team["family"].pk)


def test_export_of_a_wrong_filter_goes_back_to_the_list(signed_in: SignedIn, admin: User) -> None:
    client = identity_confirmed(signed_in(admin))
    response = client.get(EXPORT, {"date_from": "yesterday"})
    assert response.status_code == 302
    assert response["Location"].startswith(EVENTS)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# --- Who has viewed this record -----------------------------------------------------------------


def _family_access(family: Family) -> str:
    return reverse("audit:family-access", args=[family.pk])


def test_administrator_sees_everyone_who_opened_a_family_and_why(
    signed_in: SignedIn, admin: User, team: dict[str, Any]
) -> None:
    other_family: Any = FamilyFactory()
    record(action=AuditAction.VIEW, actor=team["worker"], obj=team["family"], reason="allocated")
    record(action=AuditAction.VIEW, actor=team["worker"], obj=other_family, reason="elsewhere")
    response = signed_in(admin).get(_family_access(team["family"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sam Okoro" in html
    assert "sam@example.org" in html
    assert "Parent support worker" in html
    assert team["worker"].organisation.name in html
    assert "allocated" in html
    assert "elsewhere" not in html
    assert "RS-0001" in html
    assert "Jayden" not in html  # administrators review access, not the case
    assert " UTC" in html
    assert "GMT" in html or "BST" in html


def test_team_manager_sees_it_for_their_teams_family_and_the_visit_is_recorded(
    signed_in: SignedIn, team: dict[str, Any]
) -> None:
    record(action=AuditAction.VIEW, actor=team["worker"], obj=team["family"], reason="allocated")
    response = signed_in(team["manager"]).get(_family_access(team["family"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jayden&#x27;s family (Mensah)" in html
    assert "Sam Okoro" in html
    own = AuditEvent.objects.filter(actor_id=team["manager"].pk, family_id=team["family"].pk)
    assert set(own.values_list("object_type", "action")) == {
        ("cases.family", AuditAction.VIEW),
        ("audit.auditevent", AuditAction.VIEW),
    }
    # The manager's own visit is in the list they are looking at.
    assert "team manager reviewing who has seen" in html


def test_manager_of_another_team_gets_not_found_and_is_recorded(
    signed_in: SignedIn, team: dict[str, Any]
) -> None:
    response = signed_in(team["other_manager"]).get(_family_access(team["family"]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        actor_id=team["other_manager"].pk,
        action=AuditAction.ACCESS_DENIED,
        object_id=str(team["family"].pk),
    ).exists()


def test_unknown_family_is_not_found_for_administrators(signed_in: SignedIn, admin: User) -> None:
    assert signed_in(admin).get(reverse("audit:family-access", args=[999999])).status_code == 404


def test_the_access_list_is_paginated(
    signed_in: SignedIn, admin: User, team: dict[str, Any]
) -> None:
    for _ in range(60):
        record(action=AuditAction.VIEW, actor=team["worker"], obj=team["family"], reason="r")
    client = signed_in(admin)
    first = client.get(_family_access(team["family"]))
    assert len(first.context["page"].object_list) == 50
    second = client.get(_family_access(team["family"]), {"page": 2})
    assert len(second.context["page"].object_list) == 12  # 60, and each of the two visits


def test_family_page_links_to_it_for_managers_only(
    signed_in: SignedIn, team: dict[str, Any]
) -> None:
    url = reverse("cases:family", args=[team["family"].pk])
    link = _family_access(team["family"])
    assert link in signed_in(team["manager"]).get(url).content.decode()
    assert link not in signed_in(team["worker"]).get(url).content.decode()
