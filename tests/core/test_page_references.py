"""What axe does not catch (issue 16, item 8): every ``aria-describedby`` (and ``aria-labelledby``)
names elements that are in the page, every link in an error summary goes to an element that is
in the page (for a group of radios or checkboxes, its first input: GOV.UK's error summary moves the
focus there), and every table's scroll box can be reached by keyboard and has a name (axe sees it
only when the table is wider than the screen; use ``{% scroll_region %}``).

Walks the URL-by-role matrix's world (``tests/access/test_url_matrix.py``) as each kind of person:
every page the matrix says they may GET, and every form on those pages posted back empty (so the
error summaries appear). Each POST is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from tests.access.test_url_matrix import (
    MATRIX,
    OK,
    build_world,
    client_for,
    request_rolled_back,
)

pytestmark = pytest.mark.django_db

# One person per kind of work (and anonymous, for the public pages and sign-in).
WALKERS = (
    "anonymous",
    "psw_allocated",
    "social_worker_allocated",
    "police_with_share",
    "manager_same_team",
    "commissioner",
    "administrator",
    "parent_own_family",
    "young_person",
)
# Posting these back, even empty, changes the client's own session (not rolled back).
NOT_POSTED = {"accounts:sign-out", "accounts:end-other-sessions", "accounts:sign-in"}
REFERENCE_ATTRIBUTES = ("aria-describedby", "aria-labelledby")


@dataclass
class References(HTMLParser):
    """The ids in a page, the ids its ARIA attributes name, and its error summaries' targets."""

    ids: set[str] = field(default_factory=set)
    named: list[tuple[str, str, str]] = field(default_factory=list)  # (attribute, id, tag)
    summary_links: list[str] = field(default_factory=list)
    scroll_boxes: list[dict[str, str]] = field(default_factory=list)
    tables_outside_a_box: int = 0
    _box_depths: list[int] = field(default_factory=list)
    _summary_depth: int = 0
    _depth: int = 0

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "table" and not self._box_depths:
            self.tables_outside_a_box += 1
        for attribute in REFERENCE_ATTRIBUTES:
            for name in values.get(attribute, "").split():
                self.named.append((attribute, name, tag))
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        self._depth += 1
        if "rs-table-wrap" in values.get("class", "").split():
            self.scroll_boxes.append(values)
            self._box_depths.append(self._depth)
        if "govuk-error-summary" in values.get("class", "").split() and not self._summary_depth:
            self._summary_depth = self._depth
        if self._summary_depth and tag == "a" and values.get("href", "").startswith("#"):
            self.summary_links.append(values["href"][1:])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        if self._summary_depth and self._depth == self._summary_depth:
            self._summary_depth = 0
        if self._box_depths and self._depth == self._box_depths[-1]:
            self._box_depths.pop()
        self._depth -= 1


def problems_in(html: str) -> list[str]:
    """What in this page points at nothing."""
    page = References()
    page.feed(html)
    page.close()
    found = [
        f'{attribute}="{name}" on <{tag}> names no element'
        for attribute, name, tag in page.named
        if name not in page.ids
    ]
    found += [
        f'error summary link "#{target}" goes to no element'
        for target in page.summary_links
        if target not in page.ids
    ]
    found += [
        f"a table's scroll box a keyboard cannot reach or that has no name: {box}"
        for box in page.scroll_boxes
        if box.get("tabindex") != "0"
        or box.get("role") != "region"
        or not (box.get("aria-label") or box.get("aria-labelledby"))
    ]
    if page.tables_outside_a_box:
        found.append(
            f"{page.tables_outside_a_box} table(s) outside a scroll box (wider than 320 px?)"
        )
    return found


def test_the_checker_finds_what_it_must() -> None:
    page = (
        '<div class="govuk-error-summary"><ul><li><a href="#id_kind">Choose</a></li>'
        '<li><a href="#id_name">Name</a></li></ul></div>'
        '<input id="id_name" aria-describedby="id_name-hint id_name-error">'
        '<p id="id_name-error">Enter a name</p><a href="#nowhere">not in a summary</a>'
        '<div class="rs-table-wrap"><table></table></div>'
        '<div class="rs-table-wrap" role="region" aria-label="Actions" tabindex="0"></div>'
        "<table></table>"
    )
    assert problems_in(page) == [
        'aria-describedby="id_name-hint" on <input> names no element',
        'error summary link "#id_kind" goes to no element',
        "a table's scroll box a keyboard cannot reach or that has no name: "
        "{'class': 'rs-table-wrap'}",
        "1 table(s) outside a scroll box (wider than 320 px?)",
    ]


def _is_page(response: Any) -> bool:
    return not response.streaming and "text/html" in response.get("Content-Type", "")


def _self_posting(html: str) -> bool:
    return '<form method="post" novalidate' in html or '<form method="post">' in html


@pytest.mark.parametrize("walker", WALKERS)
def test_every_reference_in_every_page_exists(walker: str) -> None:
    world = build_world()
    values = world.values()
    client = client_for(world.people[walker])
    problems: list[str] = []
    pages = 0
    for name, row in sorted(MATRIX.items()):
        if row.get.get(walker) != OK:
            continue
        url = reverse(name, kwargs={k: values[v] for k, v in row.kwargs.items()})
        response = request_rolled_back(client, "get", url, {})
        if not _is_page(response):
            continue  # a download
        html = response.content.decode()
        responses: list[tuple[str, Any]] = [("GET", html)]
        if name not in NOT_POSTED and _self_posting(html):
            posted = request_rolled_back(client, "post", url, {})
            if posted.status_code in (200, 400, 409) and _is_page(posted):
                responses.append(("POST", posted.content.decode()))
        for method, body in responses:
            pages += 1
            problems += [f"{method} {url} ({name}): {p}" for p in problems_in(body)]
    assert pages, f"{walker} reached no page"
    assert not problems, f"as {walker}:\n  " + "\n  ".join(sorted(set(problems)))
