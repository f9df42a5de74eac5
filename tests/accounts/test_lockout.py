"""django-axes: a lock on (email, address) after repeated failures, which lifts after a cool-off
and never stops the real person signing in from somewhere else (ASVS 6.1.1, 6.3.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.conf import settings
from django.test import Client

from relsafe.accounts.models import User, UserSession
from relsafe.audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import enter_password, is_signed_in

ATTACKER = "203.0.113.7"
HOME = "198.51.100.20"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _fail_until_locked(email: str, address: str) -> Any:
    client = Client(REMOTE_ADDR=address)
    response = None
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = enter_password(client, email, "guessing a password here")
    return response


@time_machine.travel(START, tick=False)
def test_repeated_failures_lock_that_email_from_that_address(parent: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert (
            enter_password(
                Client(REMOTE_ADDR=ATTACKER), parent.email, "wrong guess here"
            ).status_code
            == 200
        )
    locked = enter_password(Client(REMOTE_ADDR=ATTACKER), parent.email, "wrong guess here")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    # Even the right password is refused from there while the lock lasts.
    client = Client(REMOTE_ADDR=ATTACKER)
    assert enter_password(client, parent.email).status_code == 429
    assert not is_signed_in(client)
    assert AuditEvent.objects.filter(
        action=AuditAction.LOCKED_OUT, actor_email=parent.email, ip_address=ATTACKER
    ).exists()


@time_machine.travel(START, tick=False)
def test_a_stranger_cannot_lock_the_real_person_out(parent: User) -> None:
    assert _fail_until_locked(parent.email, ATTACKER).status_code == 429
    home = Client(REMOTE_ADDR=HOME)
    response = enter_password(home, parent.email)
    assert response.status_code == 302
    assert is_signed_in(home)


def test_the_lock_lasts_until_the_cool_off_ends(parent: User) -> None:
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    with time_machine.travel(START, tick=False) as traveller:
        assert _fail_until_locked(parent.email, ATTACKER).status_code == 429
        traveller.shift(cool_off - dt.timedelta(minutes=1))
        assert enter_password(Client(REMOTE_ADDR=ATTACKER), parent.email).status_code == 429


def test_the_lock_lifts_after_the_cool_off(parent: User) -> None:
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    with time_machine.travel(START, tick=False) as traveller:
        assert _fail_until_locked(parent.email, ATTACKER).status_code == 429
        traveller.shift(cool_off + dt.timedelta(minutes=1))
        client = Client(REMOTE_ADDR=ATTACKER)
        assert enter_password(client, parent.email).status_code == 302
        assert is_signed_in(client)


@time_machine.travel(START, tick=False)
def test_the_lock_cannot_be_dodged_by_changing_the_emails_case(parent: User) -> None:
    assert _fail_until_locked(parent.email.upper(), ATTACKER).status_code == 429
    assert enter_password(Client(REMOTE_ADDR=ATTACKER), parent.email).status_code == 429


@time_machine.travel(START, tick=False)
def test_the_lock_page_is_the_same_for_unknown_emails(parent: User) -> None:
    known = _fail_until_locked(parent.email, ATTACKER)
    unknown = _fail_until_locked("no-such-person@example.org", ATTACKER)
    assert known.status_code == unknown.status_code == 429
    assert (
        known.content.decode().split("<main")[1].split("</main>")[0]
        == (unknown.content.decode().split("<main")[1].split("</main>")[0])
    )


@time_machine.travel(START, tick=False)
def test_a_successful_sign_in_clears_earlier_failures(parent: User) -> None:
    client = Client(REMOTE_ADDR=HOME)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        enter_password(client, parent.email, "almost remembered it")
    enter_password(client, parent.email)
    client.post("/account/sign-out/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert enter_password(client, parent.email, "almost remembered it").status_code == 200


PROXY = "10.0.0.5"


def _through_proxy(client_address: str, forged: str = "") -> Client:
    """A browser behind our TLS proxy: the proxy connects (REMOTE_ADDR) and appends the address
    it was reached from to whatever X-Forwarded-For the browser sent."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


@time_machine.travel(START, tick=False)
def test_with_no_trusted_proxy_a_forged_forwarded_header_cannot_dodge_the_lock(
    parent: User,
) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
        response = enter_password(client, parent.email, "guessing a password here")
    assert response.status_code == 429
    fresh_forgery = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=HOME)
    assert enter_password(fresh_forgery, parent.email).status_code == 429
    addresses = set(
        AuditEvent.objects.filter(actor_email=parent.email).values_list("ip_address", flat=True)
    )
    assert addresses == {ATTACKER}


@time_machine.travel(START, tick=False)
def test_behind_a_trusted_proxy_one_client_locking_an_email_does_not_lock_another(
    parent: User, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = enter_password(_through_proxy(ATTACKER), parent.email, "guessing a password")
    assert locked.status_code == 429
    # Writing the real person's address first changes nothing: the proxy appends the real one.
    assert enter_password(_through_proxy(ATTACKER, forged=HOME), parent.email).status_code == 429
    # The real person, through the same proxy, signs in.
    home = _through_proxy(HOME)
    assert enter_password(home, parent.email).status_code == 302
    assert is_signed_in(home)
    lock = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, actor_email=parent.email)
    assert set(lock.values_list("ip_address", flat=True)) == {ATTACKER}
    sign_in = AuditEvent.objects.get(action=AuditAction.SIGN_IN, actor_id=parent.pk)
    assert sign_in.ip_address == HOME
    assert UserSession.objects.get(user=parent).ip_address == HOME
