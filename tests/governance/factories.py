"""Factories for governance tests (the shared ones come from tests.factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.governance import services
from relsafe.governance.models import SubjectAccessRequest
from tests.factories import (
    CarerFactory,
    ContactFactory,
    FamilyFactory,
    TeamFactory,
    UserFactory,
)


def handlers() -> tuple[Any, Any, Any]:
    """An administrator and a team manager of one organisation, and a family it holds."""
    team: Any = TeamFactory()
    admin: Any = UserFactory(role=Role.ADMINISTRATOR, team=None, organisation=team.organisation)
    manager: Any = UserFactory(role=Role.TEAM_MANAGER, team=team)
    family: Any = FamilyFactory(lead_organisation=team.organisation)
    return admin, manager, family


def logged_request(
    actor: Any, family: Any, *, discussed: str = "Mum said she was worried."
) -> SubjectAccessRequest:
    carer: Any = CarerFactory(family=family, full_name="Precious Mensah")
    ContactFactory(family=family, discussed=discussed)
    return services.log_subject_access_request(
        actor=actor,
        family=family,
        subject_label=f"carer:{carer.pk}",
        requester="Precious Mensah, for herself",
        received_on=timezone.localdate() - dt.timedelta(days=2),
    )
