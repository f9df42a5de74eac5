"""The panel registry pages are made of (core/panels.py): order, roles, replacing by key, leaving
out a panel with nothing to show, and building one tab's panels only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from relsafe.accounts.roles import Role
from relsafe.core.panels import PageContext, PanelRegistry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page(role: str) -> PageContext:
    user: Any = UserFactory(role=role)
    return PageContext(request=RequestFactory().get("/"), user=user)


def _registry(asked: list[str]) -> PanelRegistry[PageContext]:
    registry: PanelRegistry[PageContext] = PanelRegistry("test page")

    def data(key: str, answer: Mapping[str, Any] | None) -> Any:
        def provider(page: PageContext) -> Mapping[str, Any] | None:
            asked.append(key)
            return answer

        return provider

    registry.register(key="late", order=30, template="t.html", data=data("late", {"n": 3}))
    registry.register(key="early", order=10, template="t.html", data=data("early", {"n": 1}))
    registry.register(
        key="managers",
        order=20,
        template="t.html",
        data=data("managers", {"n": 2}),
        roles={Role.TEAM_MANAGER},
    )
    registry.register(key="empty", order=40, template="t.html", data=data("empty", None))
    return registry


def test_panels_come_in_order_for_the_roles_given_them_and_empty_ones_are_left_out() -> None:
    asked: list[str] = []
    registry = _registry(asked)
    worker = registry.build(_page(Role.SOCIAL_WORKER))
    assert [p.key for p in worker] == ["early", "late"]
    assert asked == ["early", "late", "empty"]  # the managers' panel was not computed
    manager = registry.build(_page(Role.TEAM_MANAGER))
    assert [(p.key, p.context["n"]) for p in manager] == [
        ("early", 1),
        ("managers", 2),
        ("late", 3),
    ]


def test_registering_a_key_again_replaces_it_and_only_builds_one_tab() -> None:
    asked: list[str] = []
    registry = _registry(asked)
    registry.register(key="early", order=50, template="other.html", data=lambda page: {})
    assert [s.key for s in registry.specs_for(UserFactory(role=Role.PARENT))] == [
        "late",
        "empty",
        "early",
    ]
    built = registry.build(_page(Role.TEAM_MANAGER), only={"managers"})
    assert [p.key for p in built] == ["managers"]
    assert asked == ["managers"]


def test_a_key_must_be_an_identifier() -> None:
    registry: PanelRegistry[PageContext] = PanelRegistry("test page")
    with pytest.raises(ValueError, match="identifier"):
        registry.register(key="two words", order=1, template="t.html", data=lambda page: {})


def test_once_shares_one_read_between_panels() -> None:
    page = _page(Role.PARENT)
    reads: list[str] = []

    def read(answer: str) -> str:
        reads.append(answer)
        return answer

    assert page.once("family", lambda: read("the family")) == "the family"
    assert page.once("family", lambda: read("another")) == "the family"
    assert reads == ["the family"]


def test_render_panel_shows_the_panel_with_its_own_context_which_does_not_leak() -> None:
    registry: PanelRegistry[PageContext] = PanelRegistry("test page")
    registry.register(
        key="log",
        order=1,
        title="Who has viewed it",
        template="cases/_family_access_log_link.html",
        data=lambda page: {"only_in_the_panel": "x"},
        url_name="audit:family-access",
    )
    [panel] = registry.build(_page(Role.TEAM_MANAGER), url=lambda spec: "/trail/7/")
    assert (panel.title, panel.url) == ("Who has viewed it", "/trail/7/")
    html = Template("{% load panels %}{% render_panel panel %}[{{ only_in_the_panel }}]").render(
        Context({"panel": panel})
    )
    assert 'href="/trail/7/"' in html
    assert html.endswith("[]")
