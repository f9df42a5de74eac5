"""Pages made of panels that other apps contribute: the start pages here, the family page in
``cases``. The app that owns the page keeps a ``PanelRegistry``; an app above it registers a panel
from its ``AppConfig.ready`` (so the page's app never imports it)::

    start_panels.register(
        key="my_actions",
        order=40,
        template="plans/_my_actions.html",
        data=my_actions_panel,           # (page) -> dict for the template, or None to leave it out
        roles={Role.SOCIAL_WORKER, ...},
    )

The page's view builds every panel's data before anything renders (``PanelRegistry.build``), each
through its own app's selectors, scoped to the person and audited there. Templates only show what
they are given: no template tag runs a query. ``{% render_panel panel %}`` (``core/templatetags/
panels.py``) renders one panel with the page's context plus the panel's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.http import HttpRequest

from relsafe.accounts.models import User

T = TypeVar("T")


@dataclass
class PageContext:
    """Who is looking, for panel providers. ``once`` shares a value between the panels of one page
    (computed, and audited, once per request however many panels ask for it)."""

    request: HttpRequest
    user: User
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, kw_only=True)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value


P = TypeVar("P", bound=PageContext)

# What a provider returns: the template's context, or None when it has nothing for this person.
PanelData = Callable[[P], Mapping[str, Any] | None]


@dataclass(frozen=True)
class PanelSpec(Generic[P]):
    """One registered panel. ``order`` places it among the others (lower first; the same number
    sorts by key); ``title`` and ``url_name`` name it where a page lists its sections (tabs, a
    contents list); ``roles`` limits it to those roles (None: whoever may open the page)."""

    key: str
    order: int
    template: str
    data: PanelData[P]
    title: str = ""
    url_name: str = ""
    roles: frozenset[str] | None = None


@dataclass(frozen=True)
class Panel:
    """A panel ready to render: its template and the context its provider computed."""

    key: str
    title: str
    template: str
    context: Mapping[str, Any]
    url: str = ""


class PanelRegistry(Generic[P]):
    """The panels of one kind of page, by key. Registering a key again replaces it (``ready()``
    may run more than once, in tests)."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._specs: dict[str, PanelSpec[P]] = {}

    def register(
        self,
        *,
        key: str,
        order: int,
        template: str,
        data: PanelData[P],
        title: str = "",
        url_name: str = "",
        roles: Iterable[str] | None = None,
    ) -> PanelSpec[P]:
        if not key.isidentifier():
            raise ValueError(f"A {self.page} panel key must be an identifier: {key!r}")
        spec = PanelSpec(
            key=key,
            order=order,
            template=template,
            data=data,
            title=title,
            url_name=url_name,
            roles=frozenset(roles) if roles is not None else None,
        )
        self._specs[key] = spec
        return spec

    def unregister(self, key: str) -> None:
        """For tests that register a panel of their own."""
        self._specs.pop(key, None)

    def specs(self) -> list[PanelSpec[P]]:
        """Every registered panel, in page order."""
        return sorted(self._specs.values(), key=lambda s: (s.order, s.key))

    def specs_for(self, user: Any) -> list[PanelSpec[P]]:
        """The panels this person's role is given, in page order, without computing any data
        (for a list of a page's sections: tabs, a contents list)."""
        role = getattr(user, "role", None)
        return [s for s in self.specs() if s.roles is None or role in s.roles]

    def build(
        self,
        page: P,
        *,
        url: Callable[[PanelSpec[P]], str] | None = None,
        only: Iterable[str] | None = None,
    ) -> list[Panel]:
        """Each panel this person's role is given (or just those keyed in ``only``: one tab's),
        with its data, in page order; providers that return None are left out. ``url`` turns a
        spec's ``url_name`` into a link for this page."""
        wanted = set(only) if only is not None else None
        panels = []
        for spec in self.specs_for(page.user):
            if wanted is not None and spec.key not in wanted:
                continue
            context = spec.data(page)
            if context is None:
                continue
            link = url(spec) if url is not None and spec.url_name else ""
            panels.append(Panel(spec.key, spec.title, spec.template, context, link))
        return panels
