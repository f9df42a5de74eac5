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

The frame every family-scoped page hangs in (any app's) is built here too: the case header (the
family, its children with ages, the lead worker, status, the flags that matter before anything
else is read, and how to reach each parent safely), the primary actions ("Record a contact") and
the sections as tabs. Apps add a tab with ``register_family_tab``, a flag with
``register_case_flag`` and a primary action with ``register_family_action``; a page joins the frame
by extending ``cases/family_base.html`` with ``family`` in its context (see ``case_frame``).

Orders in use: 5 how the case arrived (the referral), 10 children, 20 parents and carers, 25 family
portal (portal), 30 team around the family, 40 missing episodes, 42 contacts, 44 chronology
(records), 46 criminal justice (justice), 47 evidence log (evidence), 48 information sent to the
police (intelligence), 50 assessments and plan (assessments), 55 outcomes (outcomes), 60 who else
can see this case, 70 status history, 80 who has viewed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from relsafe.access import policy
from relsafe.access import selectors as access_selectors
from relsafe.access.sections import Section
from relsafe.accounts.models import User
from relsafe.accounts.people import signed_in_user
from relsafe.cases.models import Carer, Family, YoungPerson
from relsafe.core.panels import PageContext, Panel, PanelData, PanelRegistry, PanelSpec


@dataclass
class FamilyPage(PageContext):
    """The family being shown (already opened through ``get_family``) and who is looking."""

    family: Family
    # The children in the household now, once the frame has read them (for a tab's link).
    household: list[YoungPerson] = field(default_factory=list)


@dataclass
class ProfilePage(PageContext):
    """The child whose profile is shown (already opened through ``get_young_person``)."""

    young_person: YoungPerson


family_sections: PanelRegistry[FamilyPage] = PanelRegistry("family page")
child_details: PanelRegistry[FamilyPage] = PanelRegistry("family page child line")
profile_panels: PanelRegistry[ProfilePage] = PanelRegistry("young person's profile")

# The section of the case (``access.sections.Section``) each panel shows, by registry and key: a
# partner organisation sees a panel only when its share covers that section. A panel registered
# without one is casework only (deny by default).
_needs: dict[str, dict[str, str]] = {"family": {}, "child": {}, "profile": {}}


def _shown(kind: str, user: Any, family: Family) -> list[str]:
    """The keys of the panels of one registry whose section this person sees on this family."""
    visible = policy.visible_sections(user, family)
    needs = _needs[kind]
    registries: dict[str, PanelRegistry[Any]] = {
        "family": family_sections,
        "child": child_details,
        "profile": profile_panels,
    }
    registry = registries[kind]
    return [
        spec.key for spec in registry.specs() if needs.get(spec.key, Section.CASEWORK) in visible
    ]


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
    section: str = Section.CASEWORK,
) -> PanelSpec[FamilyPage]:
    """Add (or replace, by key) a section of the family page. ``url_name`` is the section's own
    page, if it has one: a URL name whose only argument is the family's pk. ``section`` is the
    part of the case it shows (what a share must cover for a partner to see it)."""
    _needs["family"][key] = section
    return family_sections.register(
        key=key,
        title=title,
        order=order,
        template=template,
        data=data,
        url_name=url_name,
        roles=roles,
    )


def register_child_detail(
    *, key: str, order: int, template: str, data: ChildData, section: str = Section.CASEWORK
) -> None:
    """Add a line under each child in the family page's list. ``data`` answers for all the
    family's children at once (one query, not one per child): ``{child_pk: context}``; a child
    left out of the answer gets no line."""
    _needs["child"][key] = section

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
    section: str = Section.CASEWORK,
) -> PanelSpec[ProfilePage]:
    """Add a panel to a child's profile, after their strengths (``section``: as for the family
    page's sections)."""
    _needs["profile"][key] = section
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
            page,
            url=lambda spec: reverse(spec.url_name, args=[family.pk]),
            only=_shown("family", user, family),
        ),
    }


def profile_page(*, request: HttpRequest, young_person: YoungPerson) -> list[Panel]:
    """The panels other apps add to a child's profile, computed now."""
    user = signed_in_user(request)
    page = ProfilePage(request=request, user=user, young_person=young_person)
    return profile_panels.build(page, only=_shown("profile", user, young_person.family))


def children_section(page: FamilyPage) -> Mapping[str, Any]:
    """Each child (prefetched by ``get_family``) with the lines other apps add under them
    (``register_child_detail``), each app's data read once for all the children."""
    details = child_details.build(page, only=_shown("child", page.user, page.family))
    rows = []
    for child in page.family.young_people.all():
        lines = [
            Panel(d.key, d.title, d.template, d.context["by_child"][child.pk])
            for d in details
            if child.pk in d.context["by_child"]
        ]
        rows.append((child, lines))
    return {"children": rows}


# --- The frame: case header, flags, primary actions and tabs (issue 16) ------------------------------


@dataclass(frozen=True)
class CaseFlag:
    """Something a worker must know before reading anything else (a return home interview due,
    the latest screening level). ``tone`` is a GOV.UK tag colour; ``href`` where to act on it."""

    label: str
    text: str
    tone: str = "grey"
    href: str = ""


@dataclass(frozen=True)
class FamilyTab:
    """A section of the family as a tab. ``url_name`` takes the family's pk, unless ``url``
    (``(FamilyPage) -> str``) builds the link (a child's map); ``match`` are URL names (or
    ``"namespace:"`` / ``"namespace:prefix"`` prefixes) of the pages that sit under this tab;
    ``action`` (an ``access.policy.Action``) or ``roles`` limit who sees it."""

    key: str
    title: str
    order: int
    url_name: str = ""
    url: Callable[[FamilyPage], str] | None = None
    match: tuple[str, ...] = ()
    action: str | None = None
    roles: frozenset[str] | None = None
    section: str = Section.CASEWORK

    def covers(self, view_name: str) -> bool:
        names = (self.url_name, *self.match) if self.url_name else self.match
        return any(
            view_name == name or (name.endswith((":", "-")) and view_name.startswith(name))
            for name in names
        )


@dataclass(frozen=True)
class FamilyAction:
    """A primary button on every family page (records: "Record a contact")."""

    key: str
    title: str
    order: int
    url_name: str
    action: str | None = None


FlagData = Callable[[FamilyPage], Iterable[CaseFlag] | None]

_tabs: dict[str, FamilyTab] = {}
_actions: dict[str, FamilyAction] = {}
_flags: dict[str, tuple[int, FlagData]] = {}


def register_family_tab(
    *,
    key: str,
    title: str,
    order: int,
    url_name: str = "",
    url: Callable[[FamilyPage], str] | None = None,
    match: Iterable[str] = (),
    action: str | None = None,
    roles: Iterable[str] | None = None,
    section: str = Section.CASEWORK,
) -> FamilyTab:
    """Add (or replace, by key) a tab of the family's sub-navigation. Orders in use: 10 overview,
    20 children, 30 relationship map, 40 contacts, 50 chronology, 60 assessments, 70 plan,
    75 appointments, 80 referrals; later areas (evidence 90, intelligence 100, court 110, outcomes 120)."""
    if not key.isidentifier():
        raise ValueError(f"A family tab key must be an identifier: {key!r}")
    if not (url_name or url):
        raise ValueError("A family tab needs a url_name or a url")
    tab = FamilyTab(
        key=key,
        title=title,
        order=order,
        url_name=url_name,
        url=url,
        match=tuple(match),
        action=action,
        roles=frozenset(roles) if roles is not None else None,
        section=section,
    )
    _tabs[key] = tab
    return tab


def unregister_family_tab(key: str) -> None:
    """For tests that register a tab of their own."""
    _tabs.pop(key, None)


def register_family_action(
    *, key: str, title: str, order: int, url_name: str, action: str | None = None
) -> FamilyAction:
    """Add a primary action to the case header: ``url_name`` takes the family's pk; ``action``
    (an ``access.policy.Action``) decides who is offered it."""
    spec = FamilyAction(key=key, title=title, order=order, url_name=url_name, action=action)
    _actions[key] = spec
    return spec


def register_case_flag(*, key: str, order: int, data: FlagData) -> None:
    """Add flags to the case header. ``data`` reads through its app's own access-scoped selectors
    in a fixed number of queries and returns ``CaseFlag``s (or None for none)."""
    if not key.isidentifier():
        raise ValueError(f"A case flag key must be an identifier: {key!r}")
    _flags[key] = (order, data)


def unregister_case_flag(key: str) -> None:
    _flags.pop(key, None)


def family_actions(*, user: User, family: Family) -> list[TabLink]:
    """The primary actions this person's kind of work is offered on a family (no query: the
    family's own access is decided by the page it leads to)."""
    return [
        TabLink(a.key, a.title, reverse(a.url_name, args=[family.pk]), False)
        for a in sorted(_actions.values(), key=lambda a: (a.order, a.key))
        if _allowed(user, a.action, None)
    ]


def family_tabs() -> list[FamilyTab]:
    return sorted(_tabs.values(), key=lambda t: (t.order, t.key))


@dataclass(frozen=True)
class TabLink:
    key: str
    title: str
    href: str
    current: bool


@dataclass(frozen=True)
class Crumb:
    text: str
    href: str


@dataclass(frozen=True)
class ChildLine:
    young_person: YoungPerson
    age: int


@dataclass(frozen=True)
class SafeReach:
    """How to reach one family member safely, from the decision in force (or that there is none)."""

    person: Carer | YoungPerson
    decision: Any  # SafeContactDecision | None


@dataclass
class CaseFrame:
    """Everything the frame shows, computed before the page renders, in a fixed number of
    queries whatever the family's size."""

    family: Family
    children: list[ChildLine]
    lead_worker: User | None
    flags: list[CaseFlag]
    safe_reach: list[SafeReach]
    actions: list[TabLink]
    tabs: list[TabLink]
    breadcrumbs: list[Crumb]
    current_tab: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _allowed(user: User, action: str | None, roles: frozenset[str] | None) -> bool:
    """For the kind of work only: the family itself was opened (and access decided) by the page."""
    if roles is not None and getattr(user, "role", None) not in roles:
        return False
    return action is None or policy.can(user, policy.Action(action))


def case_frame(
    *,
    request: HttpRequest,
    family: Family,
    current: str = "",
    caseload_href: str = "",
) -> CaseFrame:
    """The case header and tabs for a family the page has already opened (through its app's
    access-checked selector, which audited the read). ``current`` names the tab; by default it is
    the tab whose URL names cover the page's own. ``caseload_href`` is where "Families" leads,
    for those whose menu has it."""
    from relsafe.cases import selectors  # selectors build on this module's registries

    user = signed_in_user(request)
    page = FamilyPage(request=request, user=user, family=family)
    today = timezone.localdate()
    from relsafe.cases.validators import age_on

    header = selectors.case_header(user=user, family=family)
    visible = policy.visible_sections(user, family)
    page.household = list(header.children)
    children = (
        [ChildLine(c, age_on(c.date_of_birth, today)) for c in header.children]
        if Section.IDENTITY in visible
        else []
    )
    flags: list[CaseFlag] = list(header.flags)
    # Flags are for those working with the family (a return interview due, a screening level).
    for _order, data in sorted(_flags.values(), key=lambda f: f[0]):
        if Section.CASEWORK in visible:
            flags.extend(data(page) or ())
    view_name = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    tabs: list[TabLink] = []
    current_tab = current
    for tab in family_tabs():
        if not _allowed(user, tab.action, tab.roles) or tab.section not in visible:
            continue
        try:
            href = tab.url(page) if tab.url else reverse(tab.url_name, args=[family.pk])
        except NoReverseMatch:
            continue
        if not href:
            continue
        if not current_tab and view_name and tab.covers(view_name):
            current_tab = tab.key
        tabs.append(TabLink(tab.key, tab.title, href, False))
    tabs = [TabLink(t.key, t.title, t.href, t.key == current_tab) for t in tabs]
    actions = family_actions(user=user, family=family)
    crumbs = [
        Crumb("Families", caseload_href) if caseload_href else Crumb("Start", reverse("core:start"))
    ]
    overview = reverse("cases:family", args=[family.pk])
    if request.path != overview:
        crumbs.append(Crumb(family.name, overview))
        here = next((t for t in tabs if t.current), None)
        if here is not None and here.key != "overview" and request.path != here.href:
            crumbs.append(Crumb(here.title, here.href))
    return CaseFrame(
        family=family,
        children=children,
        lead_worker=header.lead_worker,
        flags=flags,
        safe_reach=[SafeReach(p, d) for p, d in header.safe_reach],
        actions=actions,
        tabs=tabs,
        breadcrumbs=crumbs,
        current_tab=current_tab,
    )
