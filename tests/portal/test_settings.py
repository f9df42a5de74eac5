"""EXIT_THIS_PAGE_URL must be a full address on another site, or start-up stops and says so."""

from __future__ import annotations

import pytest

from relsafe.settings.env import ConfigError, env_url

DEFAULT = "https://www.bbc.co.uk/weather"


def test_the_default_is_bbc_weather(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXIT_THIS_PAGE_URL", raising=False)
    assert env_url("EXIT_THIS_PAGE_URL", DEFAULT) == DEFAULT


def test_another_neutral_site_can_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXIT_THIS_PAGE_URL", " https://www.metoffice.gov.uk/ ")
    assert env_url("EXIT_THIS_PAGE_URL", DEFAULT) == "https://www.metoffice.gov.uk/"


@pytest.mark.parametrize(
    "value", ["www.bbc.co.uk/weather", "/account/", "javascript:alert(1)", "https://", "ftp://x.y/"]
)
def test_anything_but_a_full_web_address_stops_start_up(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("EXIT_THIS_PAGE_URL", value)
    with pytest.raises(ConfigError) as raised:
        env_url("EXIT_THIS_PAGE_URL", DEFAULT)
    assert raised.value.variable == "EXIT_THIS_PAGE_URL"
    assert "https://" in str(raised.value)
