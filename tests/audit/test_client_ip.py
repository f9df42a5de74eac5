"""Where a request came from, for the audit trail and django-axes alike (``client_ip``): with no
proxies of our own the connection's address, whatever X-Forwarded-For says; behind n proxies the
address the first of them was reached from, never anything the client wrote to the left of it."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from relsafe.audit.models import AuditAction, AuditEvent
from relsafe.audit.services import client_ip, record

CLIENT = "198.51.100.20"
PROXY = "10.0.0.5"
LOAD_BALANCER = "10.0.1.9"


def a_request(remote: str, forwarded: str | None = None) -> Any:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_axes_asks_the_same_function() -> None:
    assert settings.AXES_CLIENT_IP_CALLABLE == "relsafe.audit.services.client_ip"
    assert settings.TRUSTED_PROXY_COUNT == 0


def test_with_no_proxies_a_forged_forwarded_header_is_ignored() -> None:
    assert client_ip(a_request(CLIENT, "1.2.3.4")) == CLIENT
    assert client_ip(a_request(CLIENT, "1.2.3.4, 5.6.7.8")) == CLIENT
    assert client_ip(a_request(CLIENT)) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_right_most_untrusted_address_is_the_client() -> None:
    # The proxy appends the address it was reached from; REMOTE_ADDR is the proxy itself.
    assert client_ip(a_request(PROXY, CLIENT)) == CLIENT
    # Whatever the client wrote first stays to the left of what the proxy appended.
    assert client_ip(a_request(PROXY, f"1.2.3.4, {CLIENT}")) == CLIENT
    assert client_ip(a_request(PROXY, f"not-an-address, 9.9.9.9 ,{CLIENT}")) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_both_are_skipped() -> None:
    assert client_ip(a_request(LOAD_BALANCER, f"1.2.3.4, {CLIENT}, {PROXY}")) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_request_that_bypassed_the_proxy_gives_its_own_address() -> None:
    assert client_ip(a_request(CLIENT)) == CLIENT
    assert client_ip(a_request(CLIENT, "")) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_ports_and_brackets_that_proxies_add_are_dropped() -> None:
    assert client_ip(a_request(PROXY, f"{CLIENT}:51234")) == CLIENT
    assert client_ip(a_request(PROXY, "[2001:db8::7]:443")) == "2001:db8::7"
    assert client_ip(a_request(PROXY, "2001:db8::7")) == "2001:db8::7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_junk_where_the_client_should_be_falls_back_to_the_connection() -> None:
    assert client_ip(a_request(PROXY, "unknown")) == PROXY


def test_no_request_no_address() -> None:
    assert client_ip(None) is None


ipv4 = st.ip_addresses(v=4).map(str)
anything = st.one_of(ipv4, st.ip_addresses(v=6).map(str), st.text(max_size=20))


@given(
    forged=st.lists(anything.map(lambda s: s.replace(",", "")), max_size=4),
    client=ipv4,
    proxies=st.lists(ipv4, min_size=1, max_size=4),
)
def test_nothing_the_client_writes_changes_the_answer(
    forged: list[str], client: str, proxies: list[str]
) -> None:
    """Each proxy appends the address it was reached from; the last one is REMOTE_ADDR."""
    hops = [*forged, client, *proxies[:-1]]
    request = a_request(proxies[-1], ", ".join(hops))
    with override_settings(TRUSTED_PROXY_COUNT=len(proxies)):
        assert client_ip(request) == str(ipaddress.ip_address(client))


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_audit_entries_carry_the_client_not_the_proxy() -> None:
    record(action=AuditAction.SIGN_IN_FAILED, request=a_request(PROXY, f"1.2.3.4, {CLIENT}"))
    assert AuditEvent.objects.get().ip_address == CLIENT
