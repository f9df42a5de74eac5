"""Drafts tests: a worker allocated to a family, and a way to get the ticket a form page issues."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from relsafe.accounts.models import User
from relsafe.cases.models import Family
from relsafe.drafts import keys
from tests.factories import AllocationFactory, FamilyFactory, UserFactory, YoungPersonFactory


@dataclass
class DraftsWorld:
    family: Family
    worker: User
    colleague: User
    stranger: User

    @property
    def contact_form(self) -> str:
        return reverse("records:contact-create", args=[self.family.pk])


@pytest.fixture
def world(db: Any) -> DraftsWorld:
    family = FamilyFactory.create()
    YoungPersonFactory.create(family=family, first_name="Jayden")
    worker = UserFactory.create()
    colleague = UserFactory.create(team=worker.team)
    AllocationFactory.create(family=family, worker=worker)
    AllocationFactory.create(family=family, worker=colleague)
    return DraftsWorld(
        family=family, worker=worker, colleague=colleague, stranger=UserFactory.create()
    )


def ticket(user: User, path: str, family: Family | None) -> str:
    """The ticket a form page at ``path`` issues to ``user``, as its template would."""
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return keys.issue(user=user, request=request, family_id=family.pk if family else None)


TOKEN = re.compile(r'name="draft_token" value="([^"]+)"')


def ticket_from_page(client: Client, path: str) -> str:
    page = client.get(path).content.decode()
    found = TOKEN.search(page)
    assert found, f"no draft ticket on {path}"
    return found.group(1)
