"""A family carried by a charity worker and shared with police (``tests.factories.case_scene``),
plus a parent of another family, for the evidence log's tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import CarerFactory, CaseScene, FamilyMemberFactory, case_scene


@pytest.fixture
def scene(db: Any) -> CaseScene:
    return case_scene()


@pytest.fixture
def other_parent(db: Any) -> Any:
    """A parent of another family: the evidence log of the scene's family is not theirs."""
    parent = FamilyMemberFactory()
    CarerFactory(portal_user=parent)
    return parent


@pytest.fixture(autouse=True)
def _signing_pair_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Each test signs with its own self-signed pair, made on first use."""
    settings.EVIDENCE_SIGNING_KEY = tmp_path / "signing-key.pem"
    settings.EVIDENCE_SIGNING_CERT = tmp_path / "signing-cert.pem"
