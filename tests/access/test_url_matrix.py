"""The authorization matrix: every URL pattern by every kind of person (security checklist item 10).

The test walks the root URL resolver, so a new URL pattern that is not in ``MATRIX`` fails the suite
with its name, and any response that differs from the table fails it too (an unexpected 200 above
all). Objects come from a small fixture world (``build_world``) in which each subject has exactly
one relationship to the family under test.

How to add a URL
----------------
1. Add one entry to ``MATRIX`` keyed by the URL's full name (``"app:name"``), in the section for
   its app. ``Row(get=...)`` is the minimum.
2. If the pattern takes arguments, map each to an object of the world:
   ``kwargs={"pk": "family"}``. Objects available: see ``build_world`` (``family`` is the family
   under test, ``other_family``, ``allocation``, ``live_grant``, ``grant_to_review``,
   ``notification``…). Add an object there if you need one, and give it the relationship the
   subjects need.
3. Say what each subject gets with ``outcomes(default, **overrides)``: start from the commonest
   result and override the rest by subject name, or by group with ``each(OK, *MANAGERS)``.
   Anonymous people get ``SIGN_IN`` unless you override ``anonymous=``. Subjects are listed in
   ``SUBJECTS``; each is explained next to it.
4. If the URL changes anything, also give ``post=outcomes(...)`` and ``data={...}`` (values may
   use ``{family}``-style placeholders for world object pks). Each POST runs inside a savepoint
   that is rolled back, so subjects never see each other's changes.
5. If the view must ask for step-up re-authentication, set ``step_up=True``; the test checks the
   view is wrapped with ``require_recent_auth`` (subjects here have confirmed their identity, so
   the table shows the authorization outcome itself).
6. Run ``.venv/bin/pytest tests/access/test_url_matrix.py -k 'app:name'``.

Apps added after the first twelve keep their rows (and any world objects they need) in their own
module, ``tests/access/matrix/<app>.py``: see ``_load_app_rows`` and ``tests/access/matrix/__init__.py``.

Outcomes: ``OK`` (200), ``NO_CONTENT`` (204), ``SIGN_IN`` (302 to the sign-in page),
``FORBIDDEN`` (403: wrong role), ``NOT_FOUND`` (404: an object this person may not see, never a 403
that would confirm it exists), ``NOT_ALLOWED`` (405: wrong HTTP method) and ``redirect("/path")``
(302 elsewhere, e.g. after a successful POST).

The Django admin is one group with a generic rule (``test_admin_group``): anonymous people are sent
to relsafe's own sign-in (never the admin's password-only form), everyone else but the
administrator gets 403 (audited), and the administrator, signed in with MFA, gets 200 where their
role's permissions allow and 403/404 elsewhere.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from relsafe.accounts.models import Organisation, SecurityKey, UserSession
from relsafe.accounts.roles import Role
from relsafe.cases.models import OrganisationShare
from relsafe.drafts.models import Draft
from relsafe.records.services import add_attachment
from tests import sample_files
from tests.access import matrix as app_matrix
from tests.conftest import identity_confirmed, sign_in_client
from tests.factories import (
    AllocationFactory,
    BreakGlassGrantFactory,
    CarerFactory,
    ConnectionFactory,
    ContactFactory,
    FamilyFactory,
    FamilyMemberFactory,
    MissingEpisodeFactory,
    NotificationFactory,
    OrganisationFactory,
    OrganisationShareFactory,
    PlanActionFactory,
    PlanFactory,
    ReferralFactory,
    SafetyMappingFactory,
    ScreeningFactory,
    StrengthEntryFactory,
    TeamFactory,
    UserFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """The world's attachment goes to a throwaway folder, never the developer's var/files."""
    settings.MEDIA_ROOT = tmp_path / "files"


# --- outcomes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    status: int
    location: str | None = None  # for 302: the start of the Location header

    def __str__(self) -> str:
        return f"{self.status}{' → ' + self.location if self.location else ''}"


OK = Expect(200)
NO_CONTENT = Expect(204)
SIGN_IN = Expect(302, "/account/sign-in/")
FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)
BAD_REQUEST = Expect(400)


def redirect(location: str) -> Expect:
    return Expect(302, location)


# --- subjects ------------------------------------------------------------------------------------

SUBJECTS: dict[str, str] = {
    "anonymous": "not signed in",
    "psw_allocated": "parent support worker allocated to the family",
    "psw_not_allocated": "parent support worker in another team, allocated to another family",
    "social_worker_allocated": "council social worker allocated to the family",
    "police_with_share": "police analyst whose force the family is shared with",
    "police_without_share": "police analyst of another force",
    "manager_same_team": "team manager of the allocated worker's team",
    "manager_other_team": "team manager of another team in the same charity",
    "manager_break_glass": "team manager of a third team, with live break-glass on the family",
    "commissioner": "commissioner (figures only)",
    "administrator": "administrator, signed in with MFA",
    "parent_own_family": "parent of the family (portal)",
    "parent_other_family": "parent of another family (portal)",
    "young_person": "young person (portal)",
}
SIGNED_IN = tuple(s for s in SUBJECTS if s != "anonymous")
MANAGERS = ("manager_same_team", "manager_other_team", "manager_break_glass")
CASEWORKERS = ("psw_allocated", "psw_not_allocated", "social_worker_allocated", *MANAGERS)
CASE_READERS = (*CASEWORKERS, "police_with_share", "police_without_share")


def each(expect: Expect, *subjects: str) -> dict[str, Expect]:
    return dict.fromkeys(subjects, expect)


WITH_ACCESS = (
    "psw_allocated",
    "social_worker_allocated",
    "manager_same_team",
    "manager_break_glass",
)


def family_work(expect: Expect = OK, **overrides: Expect) -> dict[str, Expect]:
    """Casework on the family under test: the people with access (allocated, their manager, live
    break-glass) get ``expect``; other caseworkers 404; everyone else 403 (wrong role)."""
    return outcomes(
        FORBIDDEN, each(NOT_FOUND, *CASEWORKERS), each(expect, *WITH_ACCESS), **overrides
    )


def family_read(expect: Expect = OK, **overrides: Expect) -> dict[str, Expect]:
    """Reading what is shared: as ``family_work``, and the police force the family is shared with;
    police of another force get 404."""
    return outcomes(
        FORBIDDEN,
        each(NOT_FOUND, *CASE_READERS),
        each(expect, *WITH_ACCESS, "police_with_share"),
        **overrides,
    )


def get_only(table: dict[str, Expect]) -> dict[str, Expect]:
    """The POST table of a read-only view: whoever passes the role check is told 405 (the method
    is checked before any object is looked up); sign-in and role refusals stay as they were."""
    return {s: NOT_ALLOWED if e in (OK, NOT_FOUND) else e for s, e in table.items()}


def outcomes(
    default: Expect, *groups: dict[str, Expect], anonymous: Expect = SIGN_IN, **overrides: Expect
) -> dict[str, Expect]:
    """Every subject gets ``default``; then each group (from ``each``), then named overrides,
    later ones winning."""
    table = dict.fromkeys(SUBJECTS, default)
    table["anonymous"] = anonymous
    for group in groups:
        table.update(group)
    table.update(overrides)
    unknown = set(table) - set(SUBJECTS)
    assert not unknown, f"unknown subject(s) {unknown}; see SUBJECTS"
    return table


@dataclass(frozen=True)
class Row:
    get: dict[str, Expect]
    post: dict[str, Expect] | None = None
    kwargs: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)
    step_up: bool = False


# --- the matrix ----------------------------------------------------------------------------------

FAMILY_PAGE = "/families/{family}/"
TEAM_PAGE = "/access/families/{family}/team/"

MATRIX: dict[str, Row] = {
    # core
    "core:start": Row(get=outcomes(OK)),
    "core:accessibility": Row(get=outcomes(OK, anonymous=OK)),
    "core:privacy": Row(get=outcomes(OK, anonymous=OK)),
    "core:csp-report": Row(
        get=outcomes(NOT_ALLOWED, anonymous=NOT_ALLOWED),
        post=outcomes(NO_CONTENT, anonymous=NO_CONTENT),
    ),
    # accounts
    "accounts:sign-in": Row(
        get=outcomes(redirect("/"), anonymous=OK),
        post=outcomes(redirect("/"), anonymous=OK),
    ),
    "accounts:sign-in-code": Row(get=outcomes(SIGN_IN)),
    "accounts:mfa-setup": Row(get=outcomes(SIGN_IN)),
    "accounts:recovery-codes": Row(get=outcomes(redirect("/"))),
    "accounts:sign-out": Row(
        get=outcomes(NOT_ALLOWED, anonymous=NOT_ALLOWED), post=outcomes(SIGN_IN)
    ),
    "accounts:keepalive": Row(get=outcomes(NOT_ALLOWED), post=outcomes(NO_CONTENT)),
    "accounts:confirm-identity": Row(get=outcomes(OK)),
    "accounts:account": Row(get=outcomes(OK)),
    "accounts:end-other-sessions": Row(
        get=outcomes(NOT_ALLOWED), post=outcomes(redirect("/account/"))
    ),
    # cases
    "cases:caseload": Row(get=outcomes(FORBIDDEN, each(OK, *CASEWORKERS))),
    "cases:find": Row(get=outcomes(FORBIDDEN, each(OK, *CASEWORKERS))),
    "cases:family": Row(
        kwargs={"pk": "family"},
        get=outcomes(
            FORBIDDEN,
            each(NOT_FOUND, *CASE_READERS),
            each(
                OK,
                "psw_allocated",
                "social_worker_allocated",
                "police_with_share",
                "manager_same_team",
                "manager_break_glass",
            ),
        ),
    ),
    # access: emergency access, reviews, messages, the team around the family
    "access:break-glass": Row(
        step_up=True,
        get=outcomes(FORBIDDEN, each(OK, *MANAGERS)),
        post=outcomes(
            FORBIDDEN,
            manager_same_team=OK,  # can already see the family: told so, no grant
            manager_other_team=redirect(FAMILY_PAGE),
            manager_break_glass=redirect(FAMILY_PAGE),  # the live grant is reused
        ),
        data={"reference": "{family_reference}", "reason_code": "missing", "reason_text": "x" * 12},
    ),
    "access:end-break-glass": Row(
        kwargs={"pk": "live_grant"},
        get=outcomes(FORBIDDEN, each(NOT_ALLOWED, *MANAGERS)),
        post=outcomes(FORBIDDEN, each(NOT_FOUND, *MANAGERS), manager_break_glass=redirect("/")),
    ),
    "access:reviews": Row(get=outcomes(FORBIDDEN, each(OK, *MANAGERS))),
    "access:review": Row(
        kwargs={"pk": "grant_to_review"},
        get=outcomes(
            FORBIDDEN,
            each(OK, *MANAGERS),
            manager_break_glass=NOT_FOUND,  # their own
        ),
        post=outcomes(
            FORBIDDEN,
            each(redirect("/access/break-glass/reviews/"), *MANAGERS),
            manager_break_glass=NOT_FOUND,
        ),
        data={"outcome": "justified", "notes": "Reasonable."},
    ),
    "access:notifications": Row(get=outcomes(OK)),
    "access:notification-read": Row(
        kwargs={"pk": "notification"},
        get=outcomes(NOT_ALLOWED),
        post=outcomes(NOT_FOUND, psw_allocated=redirect("/access/notifications/")),
    ),
    "access:notifications-read-all": Row(
        get=outcomes(NOT_ALLOWED), post=outcomes(redirect("/access/notifications/"))
    ),
    "access:allocations": Row(
        kwargs={"pk": "family"},
        get=outcomes(
            FORBIDDEN,
            each(OK, *MANAGERS),
            manager_other_team=NOT_FOUND,
        ),
        post=outcomes(
            FORBIDDEN,
            each(redirect(TEAM_PAGE), *MANAGERS),
            manager_other_team=NOT_FOUND,
        ),
        data={"worker": "{newcomer}", "role_on_case": "Family support"},
    ),
    "access:end-allocation": Row(
        kwargs={"pk": "allocation"},
        get=outcomes(FORBIDDEN, each(OK, *MANAGERS), manager_other_team=NOT_FOUND),
        post=outcomes(
            FORBIDDEN,
            each(redirect(TEAM_PAGE), *MANAGERS),
            manager_other_team=NOT_FOUND,
        ),
        data={"ended_on": "{today}"},
    ),
    # audit
    "audit:events": Row(get=outcomes(FORBIDDEN, administrator=OK)),
    "audit:events-export": Row(
        step_up=True,
        get=outcomes(FORBIDDEN, administrator=OK),
        post=outcomes(FORBIDDEN, administrator=NOT_ALLOWED),
    ),
    "audit:family-access": Row(
        kwargs={"family_pk": "family"},
        # Managers see who opened their team's families (and the break-glass manager, the family
        # they opened); workers do not audit each other.
        get=outcomes(
            FORBIDDEN,
            each(OK, "manager_same_team", "manager_break_glass", "administrator"),
            manager_other_team=NOT_FOUND,
        ),
        post=outcomes(FORBIDDEN, each(NOT_ALLOWED, *MANAGERS, "administrator")),
    ),
    # accounts: each person's own sessions, authenticator and security keys
    "accounts:end-session": Row(
        kwargs={"pk": "session"},
        get=outcomes(NOT_ALLOWED),
        post=outcomes(NOT_FOUND, psw_allocated=redirect("/account/")),
    ),
    "accounts:mfa-change": Row(step_up=True, get=outcomes(OK), post=outcomes(OK)),
    "accounts:mfa-remove": Row(
        # Staff must keep a second factor; only family members may turn it off.
        step_up=True,
        get=outcomes(
            FORBIDDEN, each(OK, "parent_own_family", "parent_other_family", "young_person")
        ),
        post=outcomes(
            FORBIDDEN,
            each(redirect("/account/"), "parent_own_family", "parent_other_family", "young_person"),
        ),
    ),
    "accounts:security-key-add": Row(step_up=True, get=outcomes(OK), post=outcomes(OK)),
    "accounts:security-key-remove": Row(
        step_up=True,
        kwargs={"pk": "security_key"},
        get=outcomes(NOT_FOUND, psw_allocated=OK),
        post=outcomes(NOT_FOUND, psw_allocated=redirect("/account/")),
    ),
    # cases: families, young people, strengths, sharing
    "cases:family-create": Row(
        get=outcomes(FORBIDDEN, each(OK, *CASEWORKERS)),
        post=outcomes(FORBIDDEN, each(OK, *CASEWORKERS)),  # empty form: errors, nothing saved
    ),
    "cases:family-status": Row(kwargs={"pk": "family"}, get=family_work(), post=family_work()),
    "cases:family-share": Row(
        step_up=True, kwargs={"pk": "family"}, get=family_work(), post=family_work()
    ),
    "cases:family-share-scopes": Row(
        step_up=True,
        kwargs={"pk": "family", "share_pk": "share"},
        get=family_work(),
        post=family_work(redirect(FAMILY_PAGE)),
        data={"scopes": "identity"},
    ),
    "cases:family-share-revoke": Row(
        kwargs={"pk": "family", "share_pk": "share"},
        get=family_work(NOT_ALLOWED, psw_not_allocated=NOT_ALLOWED, manager_other_team=NOT_ALLOWED),
        post=family_work(redirect(FAMILY_PAGE)),
    ),
    "cases:young-person": Row(
        kwargs={"pk": "young_person"},
        get=family_read(),
        post=get_only(family_read()),
    ),
    "cases:young-person-edit": Row(
        kwargs={"pk": "young_person"}, get=family_work(), post=family_work()
    ),
    "cases:strength-add": Row(kwargs={"pk": "young_person"}, get=family_work(), post=family_work()),
    "cases:strength-edit": Row(
        kwargs={"pk": "young_person", "entry_pk": "strength"},
        get=family_work(),
        post=family_work(),
    ),
    # relationships: the young person's map
    # The force's share is minimal (identity basics, records marked for police): it does not
    # cover the map's people of concern, so their analyst gets 404 (tests/access/test_need_to_know).
    "relationships:map": Row(
        kwargs={"family_pk": "family", "young_person_pk": "young_person"},
        get=family_read(police_with_share=NOT_FOUND),
        post=get_only(family_read()),
    ),
    "relationships:compare": Row(
        kwargs={"family_pk": "family", "young_person_pk": "young_person"},
        get=family_read(police_with_share=NOT_FOUND),
        post=get_only(family_read()),
    ),
    "relationships:add-person": Row(
        kwargs={"family_pk": "family", "young_person_pk": "young_person"},
        get=family_work(),
        post=family_work(),
    ),
    "relationships:add-place": Row(
        kwargs={"family_pk": "family", "young_person_pk": "young_person"},
        get=family_work(),
        post=family_work(),
    ),
    "relationships:change": Row(
        kwargs={"family_pk": "family", "young_person_pk": "young_person", "pk": "connection"},
        get=family_work(),
        post=family_work(),
    ),
    "relationships:end": Row(
        kwargs={"family_pk": "family", "young_person_pk": "young_person", "pk": "connection"},
        get=family_work(),
        post=family_work(),
    ),
    # language: the wording checker is for every member of staff, never the family portal
    "language:check": Row(
        get=outcomes(
            NOT_ALLOWED, each(FORBIDDEN, "parent_own_family", "parent_other_family", "young_person")
        ),
        post=outcomes(
            OK, each(FORBIDDEN, "parent_own_family", "parent_other_family", "young_person")
        ),
        data={"text": "He was putting himself at risk."},
    ),
    "language:try": Row(
        get=outcomes(
            OK, each(FORBIDDEN, "parent_own_family", "parent_other_family", "young_person")
        ),
        post=outcomes(
            OK, each(FORBIDDEN, "parent_own_family", "parent_other_family", "young_person")
        ),
        data={"text": "He was putting himself at risk."},
    ),
    # assessments: strengths-and-worries maps and screenings (casework only; not shared with police)
    "assessments:overview": Row(
        kwargs={"family_pk": "family"}, get=family_work(), post=get_only(family_work())
    ),
    "assessments:mapping": Row(
        kwargs={"family_pk": "family", "pk": "mapping"},
        get=family_work(),
        post=get_only(family_work()),
    ),
    "assessments:mapping-new": Row(
        kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
    ),
    "assessments:mapping-edit": Row(
        kwargs={"family_pk": "family", "pk": "mapping"}, get=family_work(), post=family_work()
    ),
    "assessments:screening": Row(
        kwargs={"family_pk": "family", "pk": "screening"},
        get=family_work(),
        post=get_only(family_work()),
    ),
    "assessments:screening-new": Row(
        kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
    ),
    "assessments:screening-edit": Row(
        kwargs={"family_pk": "family", "pk": "screening"}, get=family_work(), post=family_work()
    ),
    # plans: the family's support and safety plan, actions and referrals
    "plans:plan": Row(kwargs={"family_pk": "family"}, get=family_work(), post=family_work()),
    "plans:plan-start": Row(
        kwargs={"family_pk": "family"},
        get=family_work(NOT_ALLOWED, psw_not_allocated=NOT_ALLOWED, manager_other_team=NOT_ALLOWED),
        post=family_work(redirect("/families/{family}/plan/")),
    ),
    "plans:plan-edit": Row(kwargs={"family_pk": "family"}, get=family_work(), post=family_work()),
    "plans:action-new": Row(kwargs={"family_pk": "family"}, get=family_work(), post=family_work()),
    "plans:action-edit": Row(
        kwargs={"family_pk": "family", "pk": "action"}, get=family_work(), post=family_work()
    ),
    "plans:referral-new": Row(
        # The kind of referral comes in the query string (?kind=nrm); without it, 404.
        kwargs={"family_pk": "family"},
        get=family_work(NOT_FOUND),
        post=family_work(NOT_FOUND),
    ),
    "plans:referral-edit": Row(
        kwargs={"family_pk": "family", "pk": "referral"}, get=family_work(), post=family_work()
    ),
    # records: contacts, attachments, missing episodes, chronology, search
    "records:contacts": Row(
        kwargs={"family_pk": "family"}, get=family_read(), post=get_only(family_read())
    ),
    "records:contact": Row(
        # The contact is not marked as shared with the police, so their analyst gets 404.
        kwargs={"pk": "contact"},
        get=family_read(police_with_share=NOT_FOUND),
        post=get_only(family_read(police_with_share=NOT_FOUND)),
    ),
    "records:contact-create": Row(
        kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
    ),
    "records:contact-edit": Row(
        # Only the organisation that recorded a contact changes it: the council's social worker
        # reads it but is refused the edit.
        kwargs={"pk": "contact"},
        get=family_work(social_worker_allocated=FORBIDDEN),
        post=family_work(social_worker_allocated=FORBIDDEN),
    ),
    "records:attachment-upload": Row(
        kwargs={"pk": "contact"},
        get=family_work(NOT_ALLOWED, psw_not_allocated=NOT_ALLOWED, manager_other_team=NOT_ALLOWED),
        post=family_work(BAD_REQUEST),  # no file sent: told so, nothing stored
    ),
    "records:attachment-download": Row(
        step_up=True,
        kwargs={"pk": "attachment"},
        get=family_read(police_with_share=NOT_FOUND),
        post=get_only(family_read(police_with_share=NOT_FOUND)),
    ),
    "records:missing-episode-create": Row(
        kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
    ),
    "records:missing-episode": Row(
        # The force's minimal share does not cover missing episodes.
        kwargs={"pk": "episode"},
        get=family_read(police_with_share=NOT_FOUND),
        post=get_only(family_read(police_with_share=NOT_FOUND)),
    ),
    "records:missing-episode-return": Row(
        kwargs={"pk": "episode"},
        get=family_work(social_worker_allocated=FORBIDDEN),  # recorded by the charity
        post=family_work(social_worker_allocated=FORBIDDEN),
    ),
    "records:return-interview": Row(
        kwargs={"pk": "episode"}, get=family_work(), post=family_work()
    ),
    "records:chronology": Row(
        kwargs={"family_pk": "family"}, get=family_read(), post=get_only(family_read())
    ),
    "records:chronology-entry-create": Row(
        kwargs={"family_pk": "family"}, get=family_work(), post=family_work()
    ),
    "records:chronology-pdf": Row(
        step_up=True,
        kwargs={"family_pk": "family"},
        get=family_read(),
        post=get_only(family_read()),
    ),
    "records:chronology-csv": Row(
        step_up=True,
        kwargs={"family_pk": "family"},
        get=family_read(),
        post=get_only(family_read()),
    ),
    "records:search": Row(
        get=outcomes(FORBIDDEN, each(OK, *CASE_READERS)),
        post=outcomes(FORBIDDEN, each(OK, *CASE_READERS)),
        data={"q": "visit"},
    ),
    # --- d-drafts ---
    "drafts:save": Row(
        get=outcomes(FORBIDDEN, each(NOT_ALLOWED, *CASEWORKERS)),
        # Without a ticket issued to this person by a form page they could open, nothing is kept.
        post=outcomes(FORBIDDEN, each(NOT_FOUND, *CASEWORKERS)),
        data={"draft_token": "not-a-ticket", "discussed": "Typed words"},
    ),
    "drafts:discard": Row(
        kwargs={"pk": "draft"},
        get=outcomes(FORBIDDEN, each(NOT_ALLOWED, *CASEWORKERS)),
        # Only the owner may discard (or learn of) a draft.
        post=outcomes(
            FORBIDDEN,
            each(NOT_FOUND, *CASEWORKERS),
            psw_allocated=redirect("/records/families/{family}/contacts/new/"),
        ),
    ),
    # --- exit-this-page ---
    # The quick exit ends the session of a parent or young person (or anyone not signed in) and
    # leaves for the neutral site (EXIT_THIS_PAGE_URL). Staff are never signed out by a link:
    # they stay signed in and go back to their start page. Read-only views answer GET only.
    "portal:exit": Row(
        get=outcomes(
            redirect("/"),
            each(
                redirect("https://www.bbc.co.uk/weather"),
                "parent_own_family",
                "parent_other_family",
                "young_person",
            ),
            anonymous=redirect("https://www.bbc.co.uk/weather"),
        ),
        post=outcomes(NOT_ALLOWED, anonymous=NOT_ALLOWED),
    ),
    "portal:staying-safe-online": Row(
        get=outcomes(OK, anonymous=OK), post=outcomes(NOT_ALLOWED, anonymous=NOT_ALLOWED)
    ),
    "portal:interruption": Row(
        # For parents and young people only; "Continue" remembers it and goes to the start page.
        get=outcomes(
            FORBIDDEN, each(OK, "parent_own_family", "parent_other_family", "young_person")
        ),
        post=outcomes(
            FORBIDDEN,
            each(redirect("/"), "parent_own_family", "parent_other_family", "young_person"),
        ),
    ),
}


def _load_app_rows() -> None:
    """Apps built later keep their rows beside this file, one module per app in
    ``tests/access/matrix/`` (so work on two apps never edits the same lines here). Each module
    defines ``rows() -> dict[str, Row]`` and may define ``world(people, objects) -> dict`` to add
    objects to the world; both may use everything defined in this module (imported inside them)."""
    for info in pkgutil.iter_modules(app_matrix.__path__):
        module = importlib.import_module(f"{app_matrix.__name__}.{info.name}")
        MATRIX.update(module.rows())


_load_app_rows()

# Admin URLs requested as a sample; every other admin pattern is covered by the same rule.
ADMIN_SAMPLE_SUFFIXES = ("_changelist", "_add")
ADMIN_SAMPLE_NAMES = ("index", "password_change", "password_change_done", "jsi18n")


# --- the world -----------------------------------------------------------------------------------


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]

    def values(self) -> dict[str, str]:
        values = {name: str(obj.pk) for name, obj in self.objects.items()}
        values["family_reference"] = self.objects["family"].reference
        values["today"] = timezone.localdate().isoformat()
        return values


def build_world() -> World:
    charity: Any = OrganisationFactory(name="Matrix charity")
    north: Any = TeamFactory(organisation=charity, name="North")
    south: Any = TeamFactory(organisation=charity, name="South")
    east: Any = TeamFactory(organisation=charity, name="East")
    council: Any = TeamFactory(organisation__kind=Organisation.Kind.COUNCIL, name="Adolescent")
    force: Any = TeamFactory(organisation__kind=Organisation.Kind.POLICE, name="Exploitation")
    other_force: Any = TeamFactory(organisation__kind=Organisation.Kind.POLICE, name="Other force")

    people: dict[str, Any] = {
        "anonymous": None,
        "psw_allocated": UserFactory(team=north),
        "psw_not_allocated": UserFactory(team=south),
        "social_worker_allocated": UserFactory(role=Role.SOCIAL_WORKER, team=council),
        "police_with_share": UserFactory(role=Role.POLICE_ANALYST, team=force),
        "police_without_share": UserFactory(role=Role.POLICE_ANALYST, team=other_force),
        "manager_same_team": UserFactory(role=Role.TEAM_MANAGER, team=north),
        "manager_other_team": UserFactory(role=Role.TEAM_MANAGER, team=south),
        "manager_break_glass": UserFactory(role=Role.TEAM_MANAGER, team=east),
        "commissioner": UserFactory(role=Role.COMMISSIONER, team=None, organisation=charity),
        "administrator": UserFactory(
            role=Role.ADMINISTRATOR, team=None, organisation=charity, is_staff=True
        ),
        "parent_own_family": FamilyMemberFactory(),
        "parent_other_family": FamilyMemberFactory(),
        "young_person": FamilyMemberFactory(role=Role.YOUNG_PERSON),
    }
    from relsafe.accounts.services import sync_role_groups

    sync_role_groups()
    from django.contrib.auth.models import Group

    people["administrator"].groups.set([Group.objects.get(name=Role.ADMINISTRATOR.label)])

    family: Any = FamilyFactory(lead_organisation=charity)
    other_family: Any = FamilyFactory(lead_organisation=charity)
    AllocationFactory(family=family, worker=people["psw_allocated"], is_lead=True)
    AllocationFactory(family=family, worker=people["social_worker_allocated"])
    spare: Any = AllocationFactory(family=family, worker=UserFactory(team=north))
    AllocationFactory(family=other_family, worker=people["psw_not_allocated"])
    OrganisationShareFactory(family=family, organisation=force.organisation)
    CarerFactory(family=family, portal_user=people["parent_own_family"])
    CarerFactory(family=other_family, portal_user=people["parent_other_family"])
    live_grant: Any = BreakGlassGrantFactory(user=people["manager_break_glass"], family=family)
    grant_to_review: Any = BreakGlassGrantFactory(
        user=people["manager_break_glass"], family=other_family, ended_at=timezone.now()
    )
    notification: Any = NotificationFactory(recipient=people["psw_allocated"])
    newcomer: Any = UserFactory(team=north)
    share: Any = OrganisationShare.objects.get(family=family, organisation=force.organisation)
    young_person: Any = YoungPersonFactory(family=family)
    worker = people["psw_allocated"]
    strength: Any = StrengthEntryFactory(young_person=young_person, recorded_by=worker)
    connection: Any = ConnectionFactory(young_person=young_person)
    mapping: Any = SafetyMappingFactory(young_person=young_person, recorded_by=worker)
    screening: Any = ScreeningFactory(young_person=young_person, recorded_by=worker)
    plan: Any = PlanFactory(family=family, created_by=worker)
    action: Any = PlanActionFactory(plan=plan)
    referral: Any = ReferralFactory(young_person=young_person, recorded_by=worker)
    contact: Any = ContactFactory(family=family, recorded_by=worker)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file is written on commit
        attachment: Any = add_attachment(
            actor=worker, contact=contact, name="note.pdf", data=sample_files.pdf_bytes()
        )
    episode: Any = MissingEpisodeFactory(
        family=family, young_person=young_person, recorded_by=worker
    )
    session: Any = UserSession.objects.create(user=worker, session_key="matrix-other-device-0001")
    security_key: Any = SecurityKey.objects.create(
        user=worker, name="Matrix key", credential_id="bWF0cml4", public_key=b"k", confirmed=True
    )
    draft: Any = Draft.objects.create(
        owner=worker,
        form_key=f"records:contact-create:family_pk={family.pk}",
        path=f"/records/families/{family.pk}/contacts/new/",
        family=family,
        fields={"discussed": ["Half-written note"]},
    )
    objects: dict[str, Any] = {
        "family": family,
        "other_family": other_family,
        "allocation": spare,
        "live_grant": live_grant,
        "grant_to_review": grant_to_review,
        "notification": notification,
        "newcomer": newcomer,
        "share": share,
        "young_person": young_person,
        "strength": strength,
        "connection": connection,
        "mapping": mapping,
        "screening": screening,
        "plan": plan,
        "action": action,
        "referral": referral,
        "contact": contact,
        "attachment": attachment,
        "episode": episode,
        "session": session,
        "security_key": security_key,
        "draft": draft,
    }
    for info in pkgutil.iter_modules(app_matrix.__path__):
        module = importlib.import_module(f"{app_matrix.__name__}.{info.name}")
        if hasattr(module, "world"):
            objects.update(module.world(people, objects))
    return World(people=people, objects=objects)


def client_for(person: Any) -> Client:
    """Signed in as the real two-step sign-in leaves it, with identity recently confirmed."""
    if person is None:
        return Client()
    return identity_confirmed(sign_in_client(Client(), person))


class _RollBack(Exception):
    pass


def request_rolled_back(client: Client, method: str, url: str, data: dict[str, str]) -> Any:
    """Make the request inside a savepoint and undo whatever it changed."""
    response = None
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, data)
            raise _RollBack
    except _RollBack:
        pass
    return response


def mismatch(expect: Expect, response: Any, values: dict[str, str]) -> str | None:
    location = response.get("Location", "")
    if response.status_code != expect.status:
        got = f"{response.status_code}{' → ' + location if location else ''}"
        return f"expected {expect}, got {got}"
    if expect.location is not None:
        wanted = expect.location.format(**values)
        if not location.startswith(wanted):
            return f"expected a redirect to {wanted}, got {location}"
    return None


def _url_names() -> dict[str, str]:
    """Every URL pattern under the root resolver, as {full name or route: route}."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                key = pattern.name or f"<unnamed {route}>"
                found[f"{namespace}:{key}" if namespace else key] = route

    walk(get_resolver().url_patterns, "", "")
    return found


# --- the tests -----------------------------------------------------------------------------------


def test_every_url_pattern_is_in_the_matrix() -> None:
    names = _url_names()
    unlisted = sorted(
        f"{name} (route '{route}')"
        for name, route in names.items()
        if name not in MATRIX and not name.startswith("admin:")
    )
    assert not unlisted, (
        "These URL patterns are not in the authorization matrix; add each to MATRIX in "
        "tests/access/test_url_matrix.py (see 'How to add a URL' at the top):\n  "
        + "\n  ".join(unlisted)
    )
    stale = sorted(set(MATRIX) - set(names))
    assert not stale, f"MATRIX lists URL names that no longer exist: {stale}"


def test_every_row_names_every_subject() -> None:
    for name, row in MATRIX.items():
        for method, table in (("GET", row.get), ("POST", row.post)):
            if table is not None:
                assert set(table) == set(SUBJECTS), f"{name} {method} misses a subject"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_responds_as_the_matrix_says(name: str) -> None:
    row = MATRIX[name]
    world = build_world()
    values = world.values()
    url = reverse(name, kwargs={k: values[v] for k, v in row.kwargs.items()})
    data = {k: v.format(**values) for k, v in row.data.items()}
    resolved = get_resolver().resolve(url).func
    if row.step_up:
        assert getattr(resolved, "requires_recent_auth", False), (
            f"{name} must be wrapped with require_recent_auth"
        )
    clients = {subject: client_for(world.people[subject]) for subject in SUBJECTS}
    problems = []
    for method, table in (("get", row.get), ("post", row.post)):
        if table is None:
            continue
        for subject, expect in table.items():
            response = request_rolled_back(clients[subject], method, url, data)
            problem = mismatch(expect, response, values)
            if problem:
                problems.append(f"{method.upper()} {url} as {subject}: {problem}")
    assert not problems, f"{name} does not match the matrix:\n  " + "\n  ".join(problems)


def _admin_sample() -> list[str]:
    names = [n.split(":", 1)[1] for n in _url_names() if n.startswith("admin:")]
    sample = [n for n in names if n in ADMIN_SAMPLE_NAMES or n.endswith(ADMIN_SAMPLE_SUFFIXES)]
    return sorted(sample)


def _admin_app_labels() -> list[str]:
    from django.contrib import admin

    return sorted({model._meta.app_label for model in admin.site._registry})


def _administrator_expectation(name: str, person: Any, app_label: str | None) -> Expect:
    """What the administrator role should get: its Django permissions decide, per model or app."""
    from django.contrib import admin

    if app_label is not None:
        perms = person.get_all_permissions()
        return OK if any(p.startswith(f"{app_label}.") for p in perms) else NOT_FOUND
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        if name.startswith(prefix):
            action = name.removeprefix(prefix)
            codenames = ["view", "change"] if action == "changelist" else [action]
            allowed = any(
                person.has_perm(f"{opts.app_label}.{c}_{opts.model_name}") for c in codenames
            )
            return OK if allowed else FORBIDDEN
    return OK


@pytest.mark.parametrize(
    ("name", "app_label"),
    [(n, None) for n in _admin_sample()] + [("app_list", a) for a in _admin_app_labels()],
)
def test_admin_group(name: str, app_label: str | None) -> None:
    """Anonymous people go to our own sign-in (with MFA), never the admin's password-only form;
    everyone signed in but the administrator is refused (and audited); the administrator, with MFA,
    gets what their role's permissions allow."""
    world = build_world()
    url = reverse(f"admin:{name}", kwargs={"app_label": app_label} if app_label else None)
    problems = []
    for subject in SUBJECTS:
        person = world.people[subject]
        if subject == "administrator":
            expect = _administrator_expectation(name, person, app_label)
        else:
            expect = SIGN_IN if person is None else FORBIDDEN
        response = request_rolled_back(client_for(person), "get", url, {})
        problem = mismatch(expect, response, {})
        if problem:
            problems.append(f"GET {url} as {subject}: {problem}")
    assert not problems, "\n  ".join(problems)


def test_admin_without_mfa_is_signed_out() -> None:
    """A staff session that skipped the code (e.g. through the admin's own password form) is
    ended on its next request, so the admin is reachable only with MFA."""
    world = build_world()
    client = Client()
    client.force_login(
        world.people["administrator"], backend="relsafe.accounts.backends.EmailBackend"
    )
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("accounts:sign-in"))
