"""The start page: one URL for everyone, a frame per kind of role (``core/start_<frame>.html``: the
title and the greeting) and the panels other apps register for that role.

An app adds a panel from its ``AppConfig.ready``::

    from relsafe.core.start_page import register_start_panel

    register_start_panel(
        key="return_interviews",
        roles=CASEWORK_ROLES,
        order=20,
        template="records/_deadlines.html",
        data=lambda page: {"deadlines": selectors.upcoming_deadlines(page.user)},
    )

``data`` runs in the view, before anything renders, and reads through the app's own selectors
(scoped to ``page.user`` and audited there); returning None leaves the panel out. Orders in use:
10 messages (access), 15 new messages from families (portal), 20 return home interviews
(records), 25 team workload (cases), 30 the caseload or shared families or service figures or the
parent's support (cases) or a young person's space (portal), 35 a parent's messages (portal) or
outcome figures (outcomes) and court cases waiting long or the family's court journey (justice)
or what others did on the person's families (cases),
40 plan actions and referral decisions (plans), 45 screening reviews overdue (assessments), 50 the
parent's plan (plans), 60 a parent's check-in (portal) and court support figures (justice), 70
reading for you (resources), 85 a
family member's optional second step (portal), 90 administration (accounts), 95 cost tables
(outcomes).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from relsafe.accounts.people import signed_in_user
from relsafe.accounts.roles import Role
from relsafe.core.panels import PageContext, PanelData, PanelRegistry, PanelSpec

StartPage = PageContext

start_panels: PanelRegistry[StartPage] = PanelRegistry("start page")

# Which frame each role's start page uses; the panels inside come from the registry.
FRAMES: dict[str, str] = {
    Role.PARENT_SUPPORT_WORKER: "worker",
    Role.SOCIAL_WORKER: "worker",
    Role.TEAM_MANAGER: "manager",
    Role.POLICE_ANALYST: "police",
    Role.COMMISSIONER: "commissioner",
    Role.ADMINISTRATOR: "administrator",
    Role.PARENT: "parent",
    Role.YOUNG_PERSON: "young_person",
}


def register_start_panel(
    *,
    key: str,
    roles: Iterable[str],
    order: int,
    template: str,
    data: PanelData[StartPage],
) -> PanelSpec[StartPage]:
    """Add (or replace, by key) a panel on the start page of each of ``roles``."""
    return start_panels.register(
        key=key, order=order, template=template, data=data, roles=frozenset(roles)
    )


def start_page(*, request: HttpRequest) -> dict[str, Any]:
    """The frame for this person's role and its panels, each computed now."""
    page = StartPage(request=request, user=signed_in_user(request))
    role = getattr(request.user, "role", "")
    return {
        "template": f"core/start_{FRAMES.get(role, 'young_person')}.html",
        "panels": start_panels.build(page),
    }
