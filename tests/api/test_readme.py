"""The README's curl examples work: each ``curl`` line between the ``api-curl-examples`` markers
is parsed (method, headers, body, URL) and replayed with Django's test client, with a real token
for ``$RELSAFE_TOKEN`` and the example's ids (1) swapped for the ids of a test family and contact.
The chronology example must give the family's chronology."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.api.factories import token_for
from tests.factories import ContactFactory, case_scene

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def curl_lines() -> list[str]:
    text = README.read_text()
    block = text.split("<!-- api-curl-examples", 1)[1].split("<!-- /api-curl-examples -->", 1)[0]
    return [line for line in block.splitlines() if line.startswith("curl ")]


def parse(line: str) -> dict[str, Any]:
    words = shlex.split(line)
    request: dict[str, Any] = {"method": "GET", "headers": {}, "data": None, "url": ""}
    i = 1
    while i < len(words):
        word = words[i]
        if word in {"-s", "-i"}:
            i += 1
        elif word == "-X":
            request["method"] = words[i + 1]
            i += 2
        elif word == "-H":
            name, _, value = words[i + 1].partition(":")
            request["headers"][name.strip()] = value.strip()
            i += 2
        elif word == "-d":
            request["data"] = words[i + 1]
            i += 2
        else:
            request["url"] = word
            i += 1
    return request


def test_the_readme_has_the_examples() -> None:
    lines = curl_lines()
    assert len(lines) >= 4
    assert any("/chronology/" in line for line in lines)


def test_the_readme_curl_examples_work() -> None:
    scene = case_scene()
    contact: Any = ContactFactory(family=scene.family, recorded_by=scene.worker, significant=True)
    token = token_for(scene.worker)
    client = Client()
    for line in curl_lines():
        line = line.replace("$RELSAFE_TOKEN", token)
        line = re.sub(r"/families/1/", f"/families/{scene.family.pk}/", line)
        line = re.sub(r"/contacts/1/", f"/contacts/{contact.pk}/", line)
        line = line.replace('"contact-1-v1"', f'"contact-{contact.pk}-v{contact.version}"')
        req = parse(line)
        url = urlsplit(req["url"])
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in req["headers"].items()}
        content_type = headers.pop("HTTP_CONTENT_TYPE", "application/json")
        path = url.path + (f"?{url.query}" if url.query else "")
        response = client.generic(
            req["method"], path, req["data"] or "", content_type=content_type, **headers
        )
        assert response.status_code in (200, 201), (line, response.content[:300])
        body = response.json()
        if "/chronology/" in path:
            assert body["family"] == scene.family.pk
            assert {item["kind"] for item in body["items"]} >= {"case", "contact"}
    contact.refresh_from_db()
    assert contact.actions_agreed == "Sam to ring school on Monday."
