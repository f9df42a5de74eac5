"""The encrypted field type and its keys (relsafe.core.crypto): values go in and come out as they
were, the database holds only tokens, lookups that cannot work are refused, and production refuses
to start without real keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error
from hypothesis import given
from hypothesis import strategies as st

from relsafe.core import checks, crypto
from relsafe.core.crypto import EncryptedLookupRefused
from relsafe.evidence.models import EntryPerson, EvidenceEntry

ROOT = Path(__file__).resolve().parents[2]


def test_the_settings_key_is_the_labelled_development_key() -> None:
    assert [crypto.development_key()] == settings.FIELD_ENCRYPTION_KEYS
    assert "NOT SECRET" in crypto.DEVELOPMENT_KEY_LABEL
    assert settings.FIELD_ENCRYPTION_DEVELOPMENT_LABEL == crypto.DEVELOPMENT_KEY_LABEL


@given(st.text())
def test_any_text_round_trips(value: str) -> None:
    token = crypto.encrypt_text(value)
    assert crypto.decrypt_text(token) == value
    if value:
        assert token != value
        assert token is not None
        assert token.startswith(crypto.TOKEN_PREFIX)


@given(st.text(min_size=1))
def test_a_token_made_under_an_older_key_still_reads_and_rotates(value: str) -> None:
    old, new = crypto.development_key(), Fernet.generate_key().decode()
    token = crypto.encrypt_text(value)
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    try:
        assert not crypto.is_under_newest_key(token)
        rotated = crypto.rotate_token(token)
        assert crypto.is_under_newest_key(rotated)
        assert crypto.decrypt_text(rotated) == value
        settings.FIELD_ENCRYPTION_KEYS = [new]
        assert crypto.decrypt_text(rotated) == value
        with pytest.raises(crypto.CannotDecrypt):
            crypto.decrypt_text(token)
    finally:
        settings.FIELD_ENCRYPTION_KEYS = [old]


@given(
    st.dictionaries(
        st.text(),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(),
            lambda children: st.lists(children) | st.dictionaries(st.text(), children),
            max_leaves=20,
        ),
    )
)
def test_a_json_document_round_trips(document: Any) -> None:
    field = crypto.EncryptedJSONField()
    stored = field.get_db_prep_value(document, connection=None)
    assert stored.startswith(crypto.TOKEN_PREFIX)
    assert field.from_db_value(stored, None, None) == document


def test_none_and_empty_are_kept_as_they_are() -> None:
    assert crypto.encrypt_text(None) is None
    assert crypto.encrypt_text("") == ""
    assert crypto.decrypt_text(None) is None
    assert crypto.decrypt_text("") == ""


@pytest.mark.parametrize(
    "query",
    [
        {"what_happened": "A grey Audi"},
        {"what_happened__icontains": "Audi"},
        {"place__startswith": "Chicken"},
        {"source_note__in": ["x"]},
        {"people__nickname__iexact": "ghost"},
    ],
)
def test_a_lookup_on_an_encrypted_field_is_refused(db: Any, query: dict[str, Any]) -> None:
    with pytest.raises(EncryptedLookupRefused, match="encrypted at rest"):
        list(EvidenceEntry.objects.filter(**query))


def test_emptiness_and_null_can_still_be_asked(db: Any) -> None:
    assert not EvidenceEntry.objects.filter(place="").exists()
    assert not EntryPerson.objects.filter(name__isnull=True).exists()


def test_bad_keys_are_named() -> None:
    with pytest.raises(crypto.EncryptionNotConfigured, match="key 2 is not a Fernet key"):
        crypto.parse_keys([crypto.development_key(), "not-a-key"])
    assert crypto.parse_keys(f" {crypto.development_key()} , ") == [crypto.development_key()]


def test_the_deploy_check_refuses_no_key_a_bad_key_and_the_development_key(
    settings: Any,
) -> None:
    settings.FIELD_ENCRYPTION_KEYS = []
    (missing,) = checks.field_encryption_keys()
    assert isinstance(missing, Error)
    assert missing.id == "relsafe.E010"
    settings.FIELD_ENCRYPTION_KEYS = ["nonsense"]
    assert [m.id for m in checks.field_encryption_keys()] == ["relsafe.E010"]
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key(), crypto.development_key()]
    assert [m.id for m in checks.field_encryption_keys()] == ["relsafe.E011"]
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    assert checks.field_encryption_keys() == []


def _production_check(keys: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"FIELD_ENCRYPTION_KEYS", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="relsafe.settings.production",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="relsafe.example.org",
        PYTHONPATH=str(ROOT),
    )
    if keys is not None:
        env["FIELD_ENCRYPTION_KEYS"] = keys
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_real_keys() -> None:
    missing = _production_check(None)
    assert missing.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: is not set" in missing.stderr
    bad = _production_check("not-a-key")
    assert "not a Fernet key" in bad.stderr
    public = _production_check(f"{crypto.generate_key()},{crypto.development_key()}")
    assert "public development key" in public.stderr
    assert _production_check(crypto.generate_key()).returncode == 0
