"""The safety rule of issue 10: a child's real name never appears in any police-side page,
export or response. Every intelligence page and export each demo force's analyst can reach is
fetched and searched for the demo children's names (and their parents')."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from relsafe.accounts.models import User
from relsafe.accounts.roles import Role
from relsafe.cases.models import Carer, YoungPerson
from relsafe.intelligence import linking
from relsafe.intelligence.models import Mention, Submission
from tests.conftest import identity_confirmed

pytestmark = pytest.mark.django_db

ANALYSTS = (
    "priya@northbridge-police.example",
    "kwame@eastmere-police.example",
    "ellen@southvale-police.example",
)


def _names() -> re.Pattern[str]:
    """Children's full names, first and preferred names and aliases, and carers' full names;
    a first name that is also a member of staff's (the analyst Priya) is searched in full only."""
    staff_first = {u.full_name.split()[0] for u in User.objects.exclude(role__in=[Role.PARENT])}
    names: set[str] = set()
    for yp in YoungPerson.objects.all():
        names.add(f"{yp.first_name} {yp.last_name}")
        for single in (yp.first_name, yp.preferred_name, *yp.alias_list):
            if single and single not in staff_first:
                names.add(single)
    names |= {c.full_name for c in Carer.objects.all()}
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names)) + r")\b")


def _text(response: Any) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return response.content.decode()


def test_no_police_side_response_names_a_demo_child(
    demo_world: Any, signed_in: Callable[[Any], Client]
) -> None:
    linking.forget_index()
    names = _names()
    assert names.search("Jayden Mensah went out")
    assert names.search("Kai said")
    checked = 0
    found: list[str] = []
    for email in ANALYSTS:
        analyst = User.objects.get(email=email)
        client = identity_confirmed(signed_in(analyst))
        mine = Submission.objects.filter(force=analyst.organisation, sent_at__isnull=False)
        people = set(
            Mention.objects.filter(submission__in=mine).values_list("person_id", flat=True)
        )
        urls = [
            reverse("intelligence:queue"),
            *(f"{reverse('intelligence:queue')}?status={s}" for s in ("new", "acknowledged")),
            reverse("intelligence:network"),
            reverse("intelligence:network-mace"),
            reverse("intelligence:network-entities"),
            reverse("intelligence:network-links"),
            reverse("intelligence:relink"),
            *(reverse("intelligence:person", args=[pk]) for pk in people),
        ]
        for submission in mine:
            urls += [
                reverse("intelligence:received", args=[submission.pk]),
                reverse("intelligence:outcome", args=[submission.pk]),
                *(
                    reverse("intelligence:received-export", args=[submission.pk, fmt])
                    for fmt in ("csv", "json")
                ),
            ]
        first: Any = mine.first()
        urls.append(reverse("intelligence:received-export", args=[first.pk, "pdf"]))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = _text(response)
            checked += 1
            found += [f"{email} {url}: {m.group(0)}" for m in names.finditer(text)]
    assert checked > 150
    assert found == []


def test_the_demo_has_sixty_submissions_across_three_forces_and_ghost_is_shared(
    demo_world: Any,
) -> None:
    sent = Submission.objects.filter(sent_at__isnull=False)
    assert sent.count() >= 60
    assert sent.values("force").distinct().count() == 3
    assert sent.values("family").distinct().count() == 24
    priya = User.objects.get(email=ANALYSTS[0])
    ghost = Mention.objects.filter(
        nickname="Ghost", submission__force=priya.organisation
    ).values_list("person_id", "submission__family__reference")
    assert len({p for p, _ in ghost}) == 1
    assert {f for _, f in ghost} == {"RS-0003", "RS-0012"}


def test_no_police_side_api_response_names_a_demo_child(demo_world: Any) -> None:
    """The same rule for the REST API (issue 14): every police-side intelligence response a demo
    analyst's token can fetch, searched for the demo children's and carers' names."""
    from tests.api.factories import api_client

    linking.forget_index()
    names = _names()
    checked = 0
    found: list[str] = []
    for email in ANALYSTS:
        analyst = User.objects.get(email=email)
        client = api_client(analyst, scope="read")
        received = client.get("/api/v1/intelligence/received/", {"page_size": 200}).json()
        people = client.get("/api/v1/intelligence/people/", {"page_size": 200}).json()
        assert received["count"] > 0
        assert people["count"] > 0
        urls = [
            "/api/v1/intelligence/received/?page_size=200",
            "/api/v1/intelligence/people/?page_size=200",
            *(f"/api/v1/intelligence/received/{r['id']}/" for r in received["results"]),
            *(f"/api/v1/intelligence/people/{p['id']}/" for p in people["results"]),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            checked += 1
            found += [
                f"{email} {url}: {m.group(0)}" for m in names.finditer(response.content.decode())
            ]
    assert checked > 60
    assert found == []
