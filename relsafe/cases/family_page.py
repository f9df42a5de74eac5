"""The family page as sections that apps declare (so ``cases`` imports none of them).

The page is a case header (reference, name, status, the emergency-access banner) and then its
sections in order. Each section is declared once, from its app's ``AppConfig.ready``::

    from relsafe.cases.family_page import register_family_section

    register_family_section(
        key="contacts",
        title="Contacts",
        order=42,
        template="records/_family_contacts.html",
        data=contacts_section,          # (FamilyPage) -> dict for the template, or None to leave out
        url_name="records:contacts",    # the section's own page, reversed with the family's pk
        roles=None,                     # or the roles that see it
    )

``data`` runs in the view, before anything renders, through the app's own access-scoped selectors;
the family was opened (and the read audited) by ``cases.selectors.get_family``. A provider must
cost a fixed number of queries whatever the family's size (``tests/cases/test_family_page.py``
checks the whole page). Templates get the page's context (``family``, ``can_change``, ``can_share``, ``user``)
plus the section's own, and run no query.

A line under each child in "Children and young people" is declared the same way with
``register_child_detail`` (``data`` returns a context per child pk), and a panel on the child's
profile with ``register_profile_panel``.

Orders in use: 10 children, 20 parents and carers, 25 family portal (portal), 30 team around the
family, 40 missing episodes, 42 contacts, 44 chronology (records), 46 criminal justice (justice), 50
assessments and plan (assessments), 55 outcomes (outcomes), 60 who else can see this case, 70 status
history, 80 who has viewed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from relsafe.access import policy
from relsafe.access import selectors as access_selectors
from relsafe.accounts.people import signed_in_user
from relsafe.cases.models import Family, YoungPerson
from relsafe.core.panels import PageContext, Panel, PanelData, PanelRegistry, PanelSpec


@dataclass
class FamilyPage(PageContext):
    """The family being shown (already opened through ``get_family``) and who is looking."""

    family: Family


@dataclass
class ProfilePage(PageContext):
    """The child whose profile is shown (already opened through ``get_young_person``)."""

    young_person: YoungPerson


family_sections: PanelRegistry[FamilyPage] = PanelRegistry("family page")
child_details: PanelRegistry[FamilyPage] = PanelRegistry("family page child line")
profile_panels: PanelRegistry[ProfilePage] = PanelRegistry("young person's profile")

ChildData = Callable[[FamilyPage], Mapping[int, Mapping[str, Any]]]


def register_family_section(
    *,
    key: str,
    title: str,
    order: int,
    template: str,
    data: PanelData[FamilyPage],
    url_name: str = "",
    roles: Iterable[str] | None = None,
) -> PanelSpec[FamilyPage]:
    """Add (or replace, by key) a section of the family page. ``url_name`` is the section's own
    page, if it has one: a URL name whose only argument is the family's pk."""
    return family_sections.register(
        key=key,
        title=title,
        order=order,
        template=template,
        data=data,
        url_name=url_name,
        roles=roles,
    )


def register_child_detail(*, key: str, order: int, template: str, data: ChildData) -> None:
    """Add a line under each child in the family page's list. ``data`` answers for all the
    family's children at once (one query, not one per child): ``{child_pk: context}``; a child
    left out of the answer gets no line."""

    def per_child(page: FamilyPage) -> Mapping[str, Any]:
        return {"by_child": data(page)}

    child_details.register(key=key, order=order, template=template, data=per_child)


def register_profile_panel(
    *,
    key: str,
    order: int,
    template: str,
    data: PanelData[ProfilePage],
    roles: Iterable[str] | None = None,
) -> PanelSpec[ProfilePage]:
    """Add a panel to a child's profile, after their strengths."""
    return profile_panels.register(key=key, order=order, template=template, data=data, roles=roles)


# --- Building the pages ----------------------------------------------------------------------------


def family_page(*, request: HttpRequest, family: Family) -> dict[str, Any]:
    """Everything the family page shows, computed now: the emergency-access banner, then each
    section this person's role is given."""
    user = signed_in_user(request)
    page = FamilyPage(request=request, user=user, family=family)
    return {
        "family": family,
        "can_change": policy.can(user, policy.Action.CHANGE_CASE, family=family),
        "can_share": policy.can(user, policy.Action.SHARE, family=family),
        "grant": access_selectors.live_grant_for_page(user=user, family=family),
        "can_allocate": policy.can(user, policy.Action.ALLOCATE, family=family),
        "sections": family_sections.build(
            page, url=lambda spec: reverse(spec.url_name, args=[family.pk])
        ),
    }


def profile_page(*, request: HttpRequest, young_person: YoungPerson) -> list[Panel]:
    """The panels other apps add to a child's profile, computed now."""
    page = ProfilePage(request=request, user=signed_in_user(request), young_person=young_person)
    return profile_panels.build(page)


def children_section(page: FamilyPage) -> Mapping[str, Any]:
    """Each child (prefetched by ``get_family``) with the lines other apps add under them
    (``register_child_detail``), each app's data read once for all the children."""
    details = child_details.build(page)
    rows = []
    for child in page.family.young_people.all():
        lines = [
            Panel(d.key, d.title, d.template, d.context["by_child"][child.pk])
            for d in details
            if child.pk in d.context["by_child"]
        ]
        rows.append((child, lines))
    return {"children": rows}
