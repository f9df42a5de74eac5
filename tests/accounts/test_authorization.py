"""Reaching for someone else's session or security key is a 404, and is audited as a refusal in
the same shape as every other (``access_denied``, what was attempted, which object); it used to
leave no trace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from relsafe.accounts import services
from relsafe.accounts.models import SecurityKey, User, UserSession
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import a_parent, a_worker, is_signed_in
from tests.refusals import assert_one_refusal, last_audit_id

SignedIn = Callable[[User], Client]
pytestmark = pytest.mark.django_db


def test_ending_someone_elses_session_is_refused_and_audited(signed_in: SignedIn) -> None:
    me, other = a_parent(), a_parent()
    attacker, victim = signed_in(me), signed_in(other)
    victim_session = UserSession.objects.get(user=other)
    after = last_audit_id()
    response = attacker.post(reverse("accounts:end-session", args=[victim_session.pk]))
    assert response.status_code == 404
    assert_one_refusal(me, "end_session", after=after)
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("accounts.usersession", str(victim_session.pk))
    assert is_signed_in(victim)


def test_the_service_refuses_someone_elses_session_whoever_calls_it(signed_in: SignedIn) -> None:
    me, other = a_worker(), a_worker()
    signed_in(other)
    session = UserSession.objects.get(user=other)
    after = last_audit_id()
    with pytest.raises(Http404):
        services.end_session(user=me, session_id=session.pk, current_key=None, ended_by=me)
    assert_one_refusal(me, "end_session", after=after)
    assert UserSession.objects.filter(pk=session.pk).exists()


def test_removing_someone_elses_security_key_is_refused_and_audited() -> None:
    me, other = a_worker(), a_worker()
    theirs = SecurityKey.objects.create(
        user=other, name="Theirs", confirmed=True, credential_id="abc", public_key=b"k"
    )
    after = last_audit_id()
    with pytest.raises(Http404):
        services.remove_security_key(user=me, key_id=theirs.pk, removed_by=me)
    assert_one_refusal(me, "remove_security_key", after=after)
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (entry.object_type, entry.object_id) == ("accounts.securitykey", str(theirs.pk))
    assert SecurityKey.objects.filter(pk=theirs.pk).exists()
