"""Reading configuration from the environment, failing early with a message that says what to set."""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured):
    """A missing or malformed environment variable, named with a hint of what to put there."""

    def __init__(self, name: str, problem: str, hint: str) -> None:
        super().__init__(f"{name}: {problem}. {hint}")
        self.variable = name


def env_str(
    name: str, default: str | None = None, *, required: bool = False, hint: str = ""
) -> str:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if required:
            raise ConfigError(name, "is not set", hint or f"Set {name} in the environment.")
        return default or ""
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(name, f"'{raw}' is not a yes/no value", "Use true or false.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(
            name, f"'{raw}' is not a whole number", "Use digits only, e.g. 8000."
        ) from exc
    if minimum is not None and value < minimum:
        raise ConfigError(
            name, f"{value} is below the minimum {minimum}", f"Use {minimum} or more."
        )
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str) -> str:
    """An absolute http(s) address on another site: a relative or scheme-less value would send
    people somewhere inside relsafe, or nowhere, instead of away from it."""
    value = env_str(name, default)
    parts = urlsplit(value)
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise ConfigError(
            name,
            f"'{value}' is not a full web address",
            "Use an address starting https://, e.g. https://www.bbc.co.uk/weather.",
        )
    return value


def env_json_object(name: str, default: dict[str, object]) -> dict[str, object]:
    """A JSON object (e.g. a storage backend's options)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return dict(default)
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(
            name, "is not valid JSON", 'Use a JSON object, e.g. {"bucket_name": "relsafe"}.'
        ) from exc
    if not isinstance(value, dict):
        raise ConfigError(
            name, "is not a JSON object", 'Use a JSON object, e.g. {"bucket_name": "relsafe"}.'
        )
    return value
