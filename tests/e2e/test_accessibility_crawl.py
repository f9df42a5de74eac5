"""Each staff role's main pages with axe at 1280 and at 320 px (issue 16, item 8), with the checks
axe does not make: every ``aria-describedby`` and error-summary link names an element in the page,
and nothing is wider than a 320 px screen.

Bounded so that it runs in a few minutes: as each role, the start page, the pages its menu and
start page link to (at most ``PAGES_PER_ROLE``), and Jayden's family page where the role may open
it; for the administrator, the Django admin's index, a list and a change form as well. Downloads,
sign-out and the quick exit are not followed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from relsafe.accounts.models import User
from relsafe.core.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES_PER_ROLE = 8
STAFF = {
    "sam": "sam@parents-together.example",
    "leah": "leah@northbridge-council.example",
    "dana": "dana@parents-together.example",
    "priya": "priya@northbridge-police.example",
    "hannah": "hannah@northbridge-council.example",
    "robin": "robin@parents-together.example",
}
NOT_FOLLOWED = ("/exit/", "/account/sign-out/", "/export", ".csv", ".pdf", "/download", "/files/")
REFERENCES = """() => {
    const problems = [];
    const exists = (id) => document.getElementById(id) !== null;
    for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
        for (const attr of ['aria-describedby', 'aria-labelledby']) {
            for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
                if (!exists(id)) problems.push(`${attr}="${id}" on <${el.tagName.toLowerCase()}>`);
            }
        }
    }
    for (const a of document.querySelectorAll('.govuk-error-summary a[href^="#"]')) {
        if (!exists(a.getAttribute('href').slice(1))) problems.push(`summary link ${a.href}`);
    }
    return problems;
}"""
LINKS = """() => [...document.querySelectorAll('main a[href], header nav a[href]')]
    .map((a) => a.getAttribute('href'))"""


def _check(page: Any, problems: list[str]) -> None:
    """axe and our own checks at 1280 px, then at 320 px; problems are collected, not raised,
    so one run lists every page's."""
    for width, height in ((1280, 900), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        where = f"{urlsplit(page.url).path} at {width}px"
        try:
            assert_accessible(page)
        except AssertionError as failed:
            problems.append(f"{where}: {failed}")
        problems.extend(f"{where}: {p} names nothing" for p in page.evaluate(REFERENCES))
        if width == 320:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > 320:
                problems.append(f"{where}: the page is {scroll}px wide")
    page.set_viewport_size({"width": 1280, "height": 900})


def _followable(href: str | None) -> str | None:
    if not href or href.startswith(("#", "mailto:", "tel:", "http")):
        return None
    path = urlsplit(href).path
    if not path.startswith("/") or any(part in path for part in NOT_FOLLOWED):
        return None
    return path


def _admin_pages() -> list[str]:
    """The Django admin an administrator uses: the index, and for people, teams and
    organisations the list, the add form and a change form; sessions and role changes."""
    robin = User.objects.select_related("organisation").get(email=STAFF["robin"])
    organisation = robin.organisation
    assert organisation is not None
    team = organisation.teams.first()
    assert team is not None
    pages = ["/admin/"]
    for model, pk in (("user", robin.pk), ("team", team.pk), ("organisation", organisation.pk)):
        pages += [f"/admin/accounts/{model}/", f"/admin/accounts/{model}/{pk}/change/"]
    return [
        *pages,
        "/admin/accounts/user/add/",
        "/admin/accounts/team/add/",
        "/admin/accounts/usersession/",
        "/admin/accounts/rolechangerequest/",
    ]


def _pages_for(page: Any, key: str, family_pk: int) -> list[str]:
    found: list[str] = []
    for href in page.evaluate(LINKS):
        path = _followable(href)
        if path and path not in found and path != "/":
            found.append(path)
    found = found[:PAGES_PER_ROLE]
    if key in ("sam", "leah", "dana", "priya"):
        found.append(f"/families/{family_pk}/")
    if key == "robin":
        found += _admin_pages()
    return list(dict.fromkeys(found))


def test_each_staff_roles_main_pages_pass_axe_at_1280_and_320(
    browser: Any, live_server: Any, demo_world: Any
) -> None:
    family_pk = demo_world.families["jayden"].pk
    problems: list[str] = []
    visited = 0
    for key, email in STAFF.items():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            sign_in(page, email, DEMO_PASSWORD)
            _check(page, problems)
            visited += 1
            for path in _pages_for(page, key, family_pk):
                response = page.goto(path)
                if response is None or response.status != 200:
                    problems.append(f"{path} as {key}: status {response and response.status}")
                    continue
                _check(page, problems)
                visited += 1
        finally:
            page.goto("about:blank")
            context.close()
    print(f"accessibility crawl: {visited} pages, each at 1280 and 320 px")  # noqa: T201
    assert visited >= 25
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
