"""The Django admin with relsafe's accessibility fixes (issue 16, item 8): its own stylesheet for
target sizes and underlined links, and a label on each box of a split date and time."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.admin.widgets import AdminSplitDateTime
from django.urls import reverse

from relsafe.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_box_of_a_split_date_and_time_has_its_own_label() -> None:
    html = AdminSplitDateTime().render("when", None, attrs={"id": "id_when"})
    for box in ("id_when_0", "id_when_1"):
        assert re.search(rf'<label for="{box}">[^<]+</label>', html), html
        assert f'id="{box}"' in html


def test_admin_pages_load_relsafes_admin_stylesheet(signed_in: Any) -> None:
    from django.contrib.auth.models import Group

    from relsafe.accounts.services import sync_role_groups

    sync_role_groups()
    administrator: Any = UserFactory.create(
        role=Role.ADMINISTRATOR, team=None, organisation=OrganisationFactory.create(), is_staff=True
    )
    administrator.groups.set([Group.objects.get(name=Role.ADMINISTRATOR.label)])
    page = signed_in(administrator).get(reverse("admin:index"))
    assert page.status_code == 200
    assert "accounts/admin.css" in page.content.decode()
