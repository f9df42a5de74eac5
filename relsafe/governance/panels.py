"""The administrator's start panel: sharing agreements past their review date, and subject
access requests due within a week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from relsafe.accounts.roles import Role
from relsafe.core.start_page import StartPage, register_start_panel
from relsafe.governance import selectors
from relsafe.governance.models import SubjectAccessRequest


def governance_panel(page: StartPage) -> Mapping[str, Any] | None:
    overdue = selectors.overdue_agreements(user=page.user)
    due_soon = list(
        selectors.subject_access_requests(user=page.user)
        .exclude(status=SubjectAccessRequest.Status.DISCLOSED)
        .filter(due_on__lte=timezone.localdate() + dt.timedelta(days=7))
    )
    if not overdue and not due_soon:
        return None
    return {"overdue_agreements": overdue, "requests_due": due_soon}


def register() -> None:
    register_start_panel(
        key="governance",
        roles={Role.ADMINISTRATOR},
        order=92,
        template="governance/_start_panel.html",
        data=governance_panel,
    )
