"""The roles people hold in relsafe, and what each role may do in general.

A role says what kind of work a person does; it never grants access to a family by itself. Which
families a person may see is decided by relationships (allocation, team, sharing, family membership)
in ``relsafe.access``.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PARENT_SUPPORT_WORKER = "parent_support_worker", "Parent support worker"
    SOCIAL_WORKER = "social_worker", "Social worker"
    POLICE_ANALYST = "police_analyst", "Police liaison or analyst"
    TEAM_MANAGER = "team_manager", "Team manager"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"


STAFF_ROLES: frozenset[str] = frozenset(
    {
        Role.PARENT_SUPPORT_WORKER,
        Role.SOCIAL_WORKER,
        Role.POLICE_ANALYST,
        Role.TEAM_MANAGER,
        Role.COMMISSIONER,
        Role.ADMINISTRATOR,
    }
)
FAMILY_ROLES: frozenset[str] = frozenset({Role.PARENT, Role.YOUNG_PERSON})

# People who carry families day to day.
CASEWORK_ROLES: frozenset[str] = frozenset(
    {Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
)
# Who may use emergency break-glass access (PRODUCT.md §8: the duty manager).
BREAK_GLASS_ROLES: frozenset[str] = frozenset({Role.TEAM_MANAGER})
# What each role opens, by route: a change to someone's work that adds a route they did not have
# (or a team they were not in, or switches them back on with either) needs a second
# administrator's approval (accounts.services.change_work). It mirrors the routes of
# access.policy (allocation, managing a team, break-glass, police shares) and adds the
# administrator's own reach (managing people and approving these very changes), so no single
# administrator can hand out access, or make a second administrator to approve it, alone.
# A parent's route to their family comes from the case (Carer.portal_user), not from the role.
ROLE_REACH: dict[str, frozenset[str]] = {
    Role.PARENT_SUPPORT_WORKER: frozenset({"allocated families"}),
    Role.SOCIAL_WORKER: frozenset({"allocated families"}),
    Role.TEAM_MANAGER: frozenset(
        {"allocated families", "their team's families", "emergency access"}
    ),
    Role.POLICE_ANALYST: frozenset({"families shared with their force"}),
    Role.COMMISSIONER: frozenset(),
    Role.ADMINISTRATOR: frozenset({"people and their access"}),
    Role.PARENT: frozenset(),
    Role.YOUNG_PERSON: frozenset(),
}

# Django permissions each role's group carries, as "app_label.codename". Object access is separate.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PARENT_SUPPORT_WORKER: ["cases.add_family", "cases.change_family", "cases.view_family"],
    Role.SOCIAL_WORKER: ["cases.add_family", "cases.change_family", "cases.view_family"],
    Role.POLICE_ANALYST: ["cases.view_family"],
    Role.TEAM_MANAGER: [
        "cases.add_family",
        "cases.change_family",
        "cases.view_family",
        "cases.add_allocation",
        "cases.change_allocation",
        "access.review_breakglassgrant",
    ],
    Role.COMMISSIONER: [],
    # Within their own organisation only (accounts.admin, accounts.selectors.manageable_people).
    # New organisations are set up by whoever runs the service, not by an organisation's
    # administrator.
    Role.ADMINISTRATOR: [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.change_organisation",
        "accounts.view_organisation",
        "accounts.add_team",
        "accounts.change_team",
        "accounts.view_team",
        "accounts.view_usersession",
        "accounts.view_rolechangerequest",
        "audit.view_auditevent",
    ],
    Role.PARENT: [],
    Role.YOUNG_PERSON: [],
}
