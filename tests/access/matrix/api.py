"""Matrix rows for the API app (issue 14).

The token pages (``api:tokens``, ``api:token-create``, ``api:token-revoke``), the docs page and
the schema are web pages for signed-in staff and are tested here like every page.

The ``/api/v1/`` URLs take a personal access token and nothing else (no session, so no CSRF
surface): the matrix's session clients send no token and get 401 on every one of them, which is
what these rows check. What each role gets *with a token* (and that a token from another team gets
404 on every endpoint) is tested in ``tests/api/test_access.py``, which builds the same kinds of
people and sends each one's token to every endpoint.
"""

from __future__ import annotations

from typing import Any


def rows() -> dict[str, Any]:
    from tests.access.test_url_matrix import (
        FORBIDDEN,
        NOT_ALLOWED,
        NOT_FOUND,
        OK,
        Expect,
        Row,
        each,
        outcomes,
        redirect,
    )

    staff = (
        "psw_allocated",
        "psw_not_allocated",
        "social_worker_allocated",
        "police_with_share",
        "police_without_share",
        "manager_same_team",
        "manager_other_team",
        "manager_break_glass",
        "commissioner",
        "administrator",
    )
    staff_page = outcomes(FORBIDDEN, each(OK, *staff))
    unauthorised = Expect(401)
    token_only = outcomes(unauthorised, anonymous=unauthorised)
    token_urls: dict[str, dict[str, str]] = {
        "api:families": {},
        "api:family": {"family_pk": "family"},
        "api:family-young-people": {"family_pk": "family"},
        "api:young-person": {"pk": "young_person"},
        "api:family-contacts": {"family_pk": "family"},
        "api:contact": {"pk": "contact"},
        "api:family-chronology": {"family_pk": "family"},
        "api:family-missing-episodes": {"family_pk": "family"},
        "api:missing-episode": {"pk": "episode"},
        "api:family-plan": {"family_pk": "family"},
        "api:family-plan-actions": {"family_pk": "family"},
        "api:plan-action": {"family_pk": "family", "pk": "action"},
        "api:family-referrals": {"family_pk": "family"},
        "api:referral": {"family_pk": "family", "pk": "referral"},
        # Partnership intelligence (objects from tests/access/matrix/intelligence.py's world).
        "api:family-intelligence": {"family_pk": "family"},
        "api:intelligence-submission": {"pk": "intel_sent"},
        "api:intelligence-submission-send": {"pk": "intel_draft"},
        "api:received": {},
        "api:received-detail": {"pk": "intel_sent"},
        "api:received-acknowledge": {"pk": "intel_sent"},
        "api:received-outcome": {"pk": "intel_sent"},
        "api:people": {},
        "api:person": {"pk": "intel_person"},
    }
    table: dict[str, Any] = {
        name: Row(get=token_only, post=token_only, kwargs=kwargs)
        for name, kwargs in token_urls.items()
    }
    table.update(
        {
            "api:not-found": Row(get=outcomes(NOT_FOUND, anonymous=NOT_FOUND)),
            # No API documentation for the public (SECURITY.md item 27): 404 when not signed in.
            "api:schema": Row(
                get=outcomes(FORBIDDEN, each(OK, *staff), anonymous=NOT_FOUND),
                post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *staff), anonymous=NOT_FOUND),
            ),
            "api:docs": Row(
                get=outcomes(FORBIDDEN, each(OK, *staff), anonymous=NOT_FOUND),
                post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *staff), anonymous=NOT_FOUND),
            ),
            "api:tokens": Row(get=staff_page, post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *staff))),
            "api:token-create": Row(
                step_up=True,
                get=staff_page,
                post=staff_page,  # staff: the page that shows the new token once
                data={"name": "Matrix sync", "scope": "read", "days": "30"},
            ),
            "api:token-revoke": Row(
                kwargs={"pk": "api_token"},
                get=outcomes(FORBIDDEN, each(NOT_ALLOWED, *staff)),
                post=outcomes(
                    FORBIDDEN, each(NOT_FOUND, *staff), psw_allocated=redirect("/api/tokens/")
                ),
            ),
        }
    )
    return table


def world(people: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    from relsafe.api.services import create_token

    made = create_token(actor=people["psw_allocated"], name="Matrix", scope="read", days=30)
    return {"api_token": made.token}
