"""Load mix for relsafe (issue 13): workers reading caseloads and families and recording contacts,
managers reviewing their team's caseload. Run by ``python -m bench.load.run`` (``make load``),
which seeds the data, starts gunicorn and writes the people file this reads
(RELSAFE_LOAD_PEOPLE). Each simulated person signs in once, as the real two-step sign-in does
(password, then an authenticator code computed from the generated device's key).

Simulated people use locust's ``FastHttpUser`` (geventhttpclient): on a two-core machine the load
generator shares the cores with the server, and the plain ``HttpUser`` (requests) spends several
times the CPU per request that this one does.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import threading
from pathlib import Path
from typing import Any

from django_otp.oath import totp
from locust import FastHttpUser, between, task

PEOPLE: dict[str, Any] = json.loads(Path(os.environ["RELSAFE_LOAD_PEOPLE"]).read_text())
_next = {kind: itertools.cycle(PEOPLE[kind]) for kind in ("workers", "managers")}
# Every save the server acknowledged, by the contact's id (RELSAFE_LOAD_SAVED): afterwards
# ``bench.load.run`` checks each is in the database, so a fault that lost one would show.
_SAVED = os.environ.get("RELSAFE_LOAD_SAVED")
_CONTACT_ID = re.compile(r"/records/contacts/(\d+)/")
_lock = threading.Lock()
_INPUT = re.compile(r"<(input|textarea)\b([^>]*)>", re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def _fields(page: str) -> list[dict[str, str]]:
    return [dict(_ATTR.findall(attrs)) for _tag, attrs in _INPUT.findall(page)]


def _csrf(page: str) -> str:
    for field in _fields(page):
        if field.get("name") == "csrfmiddlewaretoken":
            return field["value"]
    raise RuntimeError("no CSRF token on the page")


def _location(response: Any) -> str:
    return str(response.headers.get("Location") or "")


class _Person(FastHttpUser):
    abstract = True
    kind = "workers"
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        with _lock:
            self.person = next(_next[self.kind])
        page = self.client.get("/account/sign-in/", name="sign in").text or ""
        self.client.post(
            "/account/sign-in/",
            {
                "csrfmiddlewaretoken": _csrf(page),
                "email": self.person["email"],
                "password": PEOPLE["password"],
            },
            name="sign in",
        )
        page = self.client.get("/account/sign-in/code/", name="sign in: code").text or ""
        code = f"{totp(bytes.fromhex(PEOPLE['totp_key'])):06d}"
        response = self.client.post(
            "/account/sign-in/code/",
            {"csrfmiddlewaretoken": _csrf(page), "code": code},
            name="sign in: code",
            allow_redirects=False,
        )
        # Signed in: sent on to the start page (a refusal shows the form again, or sends back).
        if response.status_code != 302 or "/account/sign-in" in _location(response):
            raise RuntimeError(f"could not sign in as {self.person['email']}")

    def family(self) -> int:
        return int(random.choice(self.person["families"]))


class Worker(_Person):
    weight = 8
    kind = "workers"

    @task(3)
    def start_page(self) -> None:
        self.client.get("/", name="start page")

    @task(3)
    def caseload(self) -> None:
        self.client.get("/families/", name="caseload")

    @task(3)
    def family_page(self) -> None:
        self.client.get(f"/families/{self.family()}/", name="family page")

    @task(1)
    def contacts(self) -> None:
        self.client.get(f"/records/families/{self.family()}/contacts/", name="contact list")

    @task(1)
    def chronology(self) -> None:
        self.client.get(f"/records/families/{self.family()}/chronology/", name="chronology")

    @task(1)
    def record_contact(self) -> None:
        url = f"/records/families/{self.family()}/contacts/new/"
        page = self.client.get(url, name="record a contact: form").text or ""
        data = _contact_form(page)
        with self.client.post(
            url, data, name="record a contact: save", catch_response=True, allow_redirects=False
        ) as r:
            # Saved: sent on to the contact as recorded; the form again (200) means refused.
            saved = r.status_code == 302 and "/contacts/new/" not in _location(r)
            if not saved:
                r.failure(f"not saved (HTTP {r.status_code})")
        if saved:
            if _SAVED and (found := _CONTACT_ID.search(_location(r))):
                with _lock, open(_SAVED, "a") as acknowledged:
                    acknowledged.write(f"{found.group(1)}\n")
            self.client.get(_location(r), name="contact")


class Manager(_Person):
    weight = 2
    kind = "managers"

    @task(3)
    def team_caseload(self) -> None:
        self.client.get("/families/", name="team caseload")

    @task(2)
    def overdue(self) -> None:
        self.client.get("/families/?overdue=1", name="team caseload, overdue")

    @task(1)
    def start_page(self) -> None:
        self.client.get("/", name="start page")


def _typed_value(name: str, now: Any) -> Any:
    """What a worker types in a date or time box, whichever widget the form uses today."""
    by_suffix = {"day": now.day, "month": now.month, "year": now.year}
    for suffix, value in by_suffix.items():
        if name.endswith((f"-{suffix}", f"_{suffix}")):
            return value
    return {"occurred_on": now.strftime("%d/%m/%Y"), "occurred_time": now.strftime("%H:%M")}.get(
        name
    )


def _contact_form(page: str) -> dict[str, Any]:
    """Fill the contact form as a worker would."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    # A visit that ended a few minutes ago, in the service's time zone (a time in the future is
    # refused, as it should be).
    now = datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=5)
    data: dict[str, Any] = {}
    for field in _fields(page):
        name, kind = field.get("name", ""), field.get("type", "text")
        if kind == "hidden":
            data[name] = html.unescape(field.get("value", ""))
        elif kind == "radio":
            data.setdefault(name, "home_visit" if name == "kind" else field.get("value"))
        elif kind == "checkbox" and name == "young_people":
            data.setdefault(name, field.get("value"))
        elif name and (value := _typed_value(name, now)) is not None:
            data[name] = value
    data["discussed"] = "Home visit: talked about school and the weekend plan."
    return data
