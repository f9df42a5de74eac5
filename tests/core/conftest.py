"""The records world (one family with a team from three organisations, and people who should not
see it) is also the world for the shared search tests."""

from tests.records.conftest import world  # noqa: F401
