"""``access.policy.can`` / ``require``: who may do what, role by role and object by object.

Expected values are written out from the requirement (PRODUCT.md §2 "Who uses it" and §8
"Need-to-know"), not read from ``policy.RULES``: a change to the rules must change these tables too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from relsafe.access import policy
from relsafe.access.policy import Action, NotAllowed, atomic_action, can, require
from relsafe.accounts.roles import Role
from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import record
from tests.factories import (
    AllocationFactory,
    BreakGlassGrantFactory,
    CaseScene,
    ContactFactory,
    FamilyMemberFactory,
    NotificationFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    case_scene,
)

pytestmark = pytest.mark.django_db

A = Action

# --- the kind of work each role does (no family given) --------------------------------------------
#
# §2: parent support workers, social workers and team managers carry families (records, plans,
# assessments, the relationship map, sharing, opening a case); police see what is shared with them
# (records marked for police, the network map) and write nothing on a family's case; team managers
# alone allocate, use break-glass and review it (§8); commissioners see no personal data;
# administrators manage people and review the audit trail; parents see their own family's shared
# items; young people have nothing yet.
CASEWORK: set[str] = {Role.PARENT_SUPPORT_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
EXPECTED_KIND_OF_WORK: dict[Action, set[str]] = {
    A.VIEW_FAMILY: {*CASEWORK, Role.POLICE_ANALYST, Role.PARENT, Role.COMMISSIONER}
    | {Role.ADMINISTRATOR, Role.YOUNG_PERSON},  # every role may ask; the route decides
    A.OPEN_FAMILY: CASEWORK,
    A.CHANGE_CASE: CASEWORK,
    A.SHARE: CASEWORK,
    A.RECORD: CASEWORK,
    A.CHANGE_RECORD: CASEWORK,
    A.VIEW_RECORDS: {*CASEWORK, Role.POLICE_ANALYST},
    A.EDIT_MAP: CASEWORK,
    A.VIEW_MAP: {*CASEWORK, Role.POLICE_ANALYST},
    A.ASSESS: CASEWORK,
    A.VIEW_ASSESSMENTS: CASEWORK,
    A.MANAGE_PLAN: CASEWORK,
    A.VIEW_PLAN: CASEWORK,
    A.VIEW_SHARED_PLAN: {Role.PARENT},
    A.ALLOCATE: {Role.TEAM_MANAGER},
    A.BREAK_GLASS: {Role.TEAM_MANAGER},
    A.END_BREAK_GLASS: {Role.TEAM_MANAGER},
    A.REVIEW_BREAK_GLASS: {Role.TEAM_MANAGER},
    A.VIEW_ACCESS_LOG: {Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    A.KEEP_DRAFT: CASEWORK,
    A.DISCARD_DRAFT: CASEWORK,
    A.READ_MESSAGE: {str(r) for r in Role},
    # evidence (issue 9): the parent's own log, with their workers; police only acknowledge what
    # partnership intelligence passed to them (PRODUCT.md §4)
    A.RECORD_EVIDENCE: {*CASEWORK, Role.PARENT},
    A.VIEW_EVIDENCE: {*CASEWORK, Role.PARENT},
    A.EXPORT_EVIDENCE: {*CASEWORK, Role.PARENT},
    A.REVIEW_EVIDENCE: CASEWORK,
    A.SHARE_EVIDENCE_WITH_POLICE: CASEWORK,
    A.ACKNOWLEDGE_EVIDENCE: {Role.POLICE_ANALYST},
    A.VIEW_HOUSEHOLD: CASEWORK,  # how to reach the family: those who work with them (§8)
    # portal (issue 9): workers invite, message, open a young person's space and see check-ins;
    # parents message their worker, check in and mark their own plan actions done; young people
    # use their own space.
    A.INVITE_TO_PORTAL: CASEWORK,
    A.MESSAGE_FAMILY: CASEWORK,
    A.MESSAGE_WORKER: {Role.PARENT},
    A.CHECK_IN: {Role.PARENT},
    A.VIEW_CHECK_INS: {*CASEWORK, Role.PARENT},
    A.SWITCH_SPACE: CASEWORK,
    A.USE_SPACE: {Role.YOUNG_PERSON},
    A.MARK_OWN_ACTION_DONE: {Role.PARENT},
    A.ARRANGE_APPOINTMENT: CASEWORK,
    A.SEE_APPOINTMENTS: {Role.PARENT},
    A.MESSAGE_OWN_WORKER: {Role.YOUNG_PERSON},
    # intelligence (issue 10, PRODUCT.md §2 and §4): caseworkers send, police analysts receive.
    A.SEND_INTELLIGENCE: CASEWORK,
    A.VIEW_SENT_INTELLIGENCE: CASEWORK,
    A.RECEIVE_INTELLIGENCE: {Role.POLICE_ANALYST},
    A.HANDLE_INTELLIGENCE: {Role.POLICE_ANALYST},
    A.ANALYSE_INTELLIGENCE: {Role.POLICE_ANALYST},
    # outcomes (issue 12): workers record outcomes and see their families' proof; managers and
    # commissioners see figures only (a commissioner across organisations); administrators keep
    # the cost tables.
    A.RECORD_OUTCOME: CASEWORK,
    A.CHANGE_OUTCOME: CASEWORK,
    A.VIEW_PROOF: CASEWORK,
    A.VIEW_OUTCOME_FIGURES: {Role.TEAM_MANAGER, Role.COMMISSIONER},
    A.VIEW_ALL_FIGURES: {Role.COMMISSIONER},
    A.PUBLISH_REPORT: {Role.TEAM_MANAGER, Role.COMMISSIONER},
    A.VIEW_REPORT: {Role.TEAM_MANAGER, Role.COMMISSIONER},
    A.VIEW_COST_TABLES: {Role.TEAM_MANAGER, Role.COMMISSIONER, Role.ADMINISTRATOR},
    A.EDIT_COST_TABLES: {Role.ADMINISTRATOR},
    # resources (issue 9): everyone reads the library (which articles: the record's audience);
    # team managers write it.
    A.READ_RESOURCES: {str(r) for r in Role},
    A.EDIT_RESOURCES: {Role.TEAM_MANAGER},
    # --- justice (issue 11): police see a criminal justice case shared with their force; family
    # members see their own court journey; team managers and commissioners see figures only.
    A.VIEW_JUSTICE: {*CASEWORK, Role.POLICE_ANALYST},
    A.MANAGE_JUSTICE: CASEWORK,
    A.VIEW_COURT_JOURNEY: {Role.PARENT, Role.YOUNG_PERSON},
    A.USE_CALENDAR_FEED: {*CASEWORK, Role.POLICE_ANALYST, Role.PARENT, Role.YOUNG_PERSON},
    A.VIEW_JUSTICE_REPORT: {Role.TEAM_MANAGER, Role.COMMISSIONER},
    # governance (issue 14): the organisation answers subject access requests (administrators and
    # team managers; a second one signs off); administrators keep retention and the agreements.
    A.MANAGE_SUBJECT_ACCESS: {Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    A.SIGN_OFF_SUBJECT_ACCESS: {Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    A.MANAGE_RETENTION: {Role.ADMINISTRATOR},
    A.VIEW_SHARING_AGREEMENTS: {Role.TEAM_MANAGER, Role.ADMINISTRATOR},
    A.MANAGE_SHARING_AGREEMENTS: {Role.ADMINISTRATOR},
}


def _person(role: str) -> Any:
    if role in (Role.PARENT, Role.YOUNG_PERSON):
        return FamilyMemberFactory(role=role)
    return UserFactory(role=role)


def test_every_action_is_in_the_expected_table() -> None:
    assert set(EXPECTED_KIND_OF_WORK) == set(Action)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_does_only_its_kind_of_work(role: str) -> None:
    person = _person(role)
    allowed = {action for action in Action if can(person, action)}
    assert allowed == {a for a, roles in EXPECTED_KIND_OF_WORK.items() if role in roles}


def test_nobody_signed_out_or_deactivated_may_do_anything() -> None:
    manager: Any = UserFactory(role=Role.TEAM_MANAGER, is_active=False)
    for action in Action:
        assert not can(AnonymousUser(), action)
        assert not can(None, action)
        assert not can(manager, action)


# --- on one family: the routes decide (§8 need-to-know) -------------------------------------------

WRITES = (A.CHANGE_CASE, A.SHARE, A.RECORD, A.EDIT_MAP, A.ASSESS, A.MANAGE_PLAN, A.KEEP_DRAFT)
READS = (A.VIEW_FAMILY, A.VIEW_RECORDS, A.VIEW_MAP, A.VIEW_ASSESSMENTS, A.VIEW_PLAN)
ON_A_FAMILY = (*WRITES, *READS, A.ALLOCATE, A.VIEW_ACCESS_LOG, A.VIEW_SHARED_PLAN)

EXPECTED_ON_THE_FAMILY: dict[str, set[Action]] = {
    # "a worker sees the cases allocated to them"
    "worker": {*WRITES, *READS},
    # "managers see their team" (and allocate, and see who has viewed the record)
    "manager": {*WRITES, *READS, A.ALLOCATE, A.VIEW_ACCESS_LOG},
    # "police see what was shared with them": read-only, and not plans or assessments
    "police": {A.VIEW_FAMILY, A.VIEW_RECORDS, A.VIEW_MAP},
    # not allocated: nothing, however senior
    "other_team_worker": set(),
    "other_team_manager": set(),
    # "parents see their own family's shared items only"
    "parent": {A.VIEW_FAMILY, A.VIEW_SHARED_PLAN},
    # "no personal data"
    "commissioner": set(),
    # audit review, by reference: never the case itself
    "administrator": {A.VIEW_ACCESS_LOG},
}


@pytest.fixture
def scene() -> CaseScene:
    return case_scene()


@pytest.mark.parametrize("who", sorted(EXPECTED_ON_THE_FAMILY))
def test_what_each_person_may_do_on_the_family(scene: CaseScene, who: str) -> None:
    person = scene.person(who)
    allowed = {a for a in ON_A_FAMILY if can(person, a, family=scene.family)}
    assert allowed == EXPECTED_ON_THE_FAMILY[who]


def test_ending_the_allocation_or_the_share_takes_the_rights_away_at_once(
    scene: CaseScene,
) -> None:
    assert can(scene.worker, A.RECORD, family=scene.family)
    assert can(scene.police, A.VIEW_RECORDS, family=scene.family)
    scene.family.allocations.update(ended_at=timezone.now())
    scene.family.shares.update(revoked_at=timezone.now())
    assert not can(scene.worker, A.RECORD, family=scene.family)
    assert not can(scene.manager, A.ALLOCATE, family=scene.family)
    assert not can(scene.police, A.VIEW_RECORDS, family=scene.family)


def test_a_duty_manager_with_break_glass_acts_on_the_family_until_it_ends(
    scene: CaseScene,
) -> None:
    duty = scene.other_team_manager
    assert can(duty, A.BREAK_GLASS, family=scene.family)  # a family of their organisation
    assert not can(duty, A.RECORD, family=scene.family)
    grant: Any = BreakGlassGrantFactory(user=duty, family=scene.family)
    assert can(duty, A.RECORD, family=scene.family)
    grant.ended_at = timezone.now()
    grant.save()
    assert not can(duty, A.RECORD, family=scene.family)


def test_break_glass_reaches_only_families_of_the_managers_organisation(scene: CaseScene) -> None:
    stranger: Any = UserFactory(role=Role.TEAM_MANAGER)
    assert not can(stranger, A.BREAK_GLASS, family=scene.family)
    assert not can(scene.worker, A.BREAK_GLASS, family=scene.family)


# --- on one record ------------------------------------------------------------------------------


def test_a_record_is_changed_only_by_the_organisation_that_wrote_it(scene: CaseScene) -> None:
    council_worker: Any = UserFactory(
        role=Role.SOCIAL_WORKER, team=TeamFactory(organisation=OrganisationFactory())
    )
    AllocationFactory(family=scene.family, worker=council_worker)
    contact: Any = ContactFactory(family=scene.family, recorded_by=scene.worker)
    assert can(scene.worker, A.CHANGE_RECORD, record=contact)
    assert can(scene.manager, A.CHANGE_RECORD, record=contact)  # same organisation
    assert can(council_worker, A.RECORD, family=scene.family)
    assert not can(council_worker, A.CHANGE_RECORD, record=contact)
    assert not can(scene.police, A.CHANGE_RECORD, record=contact)
    assert not can(scene.other_team_worker, A.CHANGE_RECORD, record=contact)  # no route


def test_break_glass_is_ended_by_its_holder_or_a_reviewer_and_reviewed_by_another(
    scene: CaseScene,
) -> None:
    grant: Any = BreakGlassGrantFactory(user=scene.other_team_manager, family=scene.family)
    elsewhere: Any = UserFactory(role=Role.TEAM_MANAGER)
    assert can(scene.other_team_manager, A.END_BREAK_GLASS, record=grant)
    assert not can(scene.other_team_manager, A.REVIEW_BREAK_GLASS, record=grant)
    assert can(scene.manager, A.REVIEW_BREAK_GLASS, record=grant)
    assert can(scene.manager, A.END_BREAK_GLASS, record=grant)
    assert not can(elsewhere, A.REVIEW_BREAK_GLASS, record=grant)
    assert not can(elsewhere, A.END_BREAK_GLASS, record=grant)
    assert not can(scene.worker, A.REVIEW_BREAK_GLASS, record=grant)


def test_messages_are_their_recipients_own(scene: CaseScene) -> None:
    message: Any = NotificationFactory(recipient=scene.worker)
    assert can(scene.worker, A.READ_MESSAGE, record=message)
    assert not can(scene.manager, A.READ_MESSAGE, record=message)


# --- require: the refusal, audited in one shape ----------------------------------------------------


def test_require_audits_the_refusal_with_who_what_where_and_why(scene: CaseScene) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    with pytest.raises(NotAllowed) as refused:
        require(scene.police, A.RECORD, family=scene.family, request=request)
    assert refused.value.action == A.RECORD
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.actor_id, entry.actor_role) == (scene.police.pk, Role.POLICE_ANALYST)
    assert (entry.object_type, entry.object_id) == ("cases.family", str(scene.family.pk))
    assert entry.family_id == scene.family.pk
    assert entry.ip_address == "192.0.2.7"
    assert entry.detail == {"attempted": "record"}
    assert entry.reason == str(refused.value)


def test_require_names_the_record_and_its_family(scene: CaseScene) -> None:
    contact: Any = ContactFactory(family=scene.family, recorded_by=scene.worker)
    with pytest.raises(NotAllowed):
        require(scene.other_team_worker, A.CHANGE_RECORD, record=contact)
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("records.contact", str(contact.pk))
    assert entry.family_id == scene.family.pk


def test_an_allowed_action_writes_nothing(scene: CaseScene) -> None:
    require(scene.worker, A.RECORD, family=scene.family)
    assert not AuditEvent.objects.exists()


def test_a_refusal_inside_an_atomic_action_outlives_the_rollback(scene: CaseScene) -> None:
    @atomic_action
    def change_then_check(actor: Any) -> None:
        record(action=AuditAction.UPDATE, actor=actor, obj=scene.family)
        require(actor, A.CHANGE_CASE, family=scene.family)

    with pytest.raises(NotAllowed):
        change_then_check(scene.police)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == [AuditAction.ACCESS_DENIED]  # the change went; the refusal stayed


def test_nested_atomic_actions_keep_exactly_one_refusal(scene: CaseScene) -> None:
    @atomic_action
    def inner(actor: Any) -> None:
        require(actor, A.MANAGE_PLAN, family=scene.family)

    @atomic_action
    def outer(actor: Any) -> None:
        record(action=AuditAction.UPDATE, actor=actor, obj=scene.family)
        inner(actor)

    with pytest.raises(NotAllowed):
        outer(scene.parent)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [AuditAction.ACCESS_DENIED]


def test_plain_atomic_would_lose_the_refusal(scene: CaseScene) -> None:
    """Why services use ``atomic_action``: under ``transaction.atomic`` the entry is rolled back."""
    with pytest.raises(NotAllowed), transaction.atomic():
        require(scene.police, A.CHANGE_CASE, family=scene.family)
    assert not AuditEvent.objects.exists()


def test_not_found_audits_and_gives_a_404(scene: CaseScene) -> None:
    from django.http import Http404

    error = policy.not_found(
        scene.worker,
        A.VIEW_PLAN,
        object_type="plans.planaction",
        object_id=999,
        family=scene.family,
    )
    assert isinstance(error, Http404)
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id, entry.family_id) == (
        "plans.planaction",
        "999",
        scene.family.pk,
    )
    assert entry.detail == {"attempted": "view_plan"}


def test_families_for_an_action_is_empty_for_the_wrong_kind_of_work(scene: CaseScene) -> None:
    assert list(policy.families_for(scene.worker, A.VIEW_PLAN)) == [scene.family]
    assert list(policy.families_for(scene.police, A.VIEW_RECORDS)) == [scene.family]
    assert not policy.families_for(scene.police, A.VIEW_PLAN).exists()
    assert list(policy.families_for(scene.parent, A.VIEW_SHARED_PLAN)) == [scene.family]
    assert not policy.families_for(scene.parent, A.VIEW_PLAN).exists()


# --- templates ask with {% may %} ------------------------------------------------------------------


def _render_may(user: Any, action: str, target: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template(
        "{% load access_tags %}{% may action target as ok %}{% if ok %}yes{% else %}no{% endif %}"
    )
    return template.render(Context({"request": request, "action": action, "target": target}))


def test_templates_ask_the_policy_about_a_family_or_a_record(scene: CaseScene) -> None:
    contact: Any = ContactFactory(family=scene.family, recorded_by=scene.worker)
    assert _render_may(scene.manager, "view_access_log", scene.family) == "yes"
    assert _render_may(scene.worker, "view_access_log", scene.family) == "no"
    assert _render_may(scene.worker, "change_record", contact) == "yes"
    assert _render_may(scene.police, "change_record", contact) == "no"
    assert _render_may(AnonymousUser(), "record", scene.family) == "no"


def test_a_misspelt_action_in_a_template_fails_loudly(scene: CaseScene) -> None:
    with pytest.raises(ValueError, match="'recrod' is not a valid Action"):
        _render_may(scene.worker, "recrod", scene.family)


def test_a_lapsed_grant_gives_nothing_even_before_it_is_closed(scene: CaseScene) -> None:
    started = timezone.now() - dt.timedelta(hours=6)
    BreakGlassGrantFactory(
        user=scene.other_team_manager,
        family=scene.family,
        started_at=started,
        expires_at=started + dt.timedelta(hours=4),
    )
    assert not can(scene.other_team_manager, A.RECORD, family=scene.family)
