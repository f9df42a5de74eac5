"""A tripwire for new code: every service that acts for a person asks the policy itself.

Reads each domain app's ``services.py``: a public function that takes the acting person must call
``require`` (or ``deny``) and run under ``atomic_action`` (so the refusal's audit entry survives
the rollback), or be listed below with the reason it changes no case data. The per-app
``test_authorization.py`` files then show each refusal happening.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "relsafe"
APPS = ("cases", "plans", "assessments", "records", "relationships", "drafts", "access", "justice")
ACTOR_PARAMETERS = {"actor", "user", "allocated_by", "ended_by", "reviewer"}

# Functions that act for a person but change no case data, or run only after a checked action.
EXEMPT = {
    "cases.touch_family": "called by the checked services, after require()",
    "cases.mark_viewed": "the person's own 'last looked' time, written by selectors after access",
    "drafts.forget_draft": "deletes only the person's own draft, after the checked save",
    "access.mark_all_read": "marks only the person's own messages",
    "justice.concern_sent_as_intelligence": "an intelligence.hooks hook: runs inside "
    "intelligence.send_submission, after its require()",
}
# Private helpers that call require() for the function that calls them.
CHECKING_HELPERS = {"_family_for"}


def _functions() -> list[tuple[str, ast.FunctionDef, str]]:
    found: list[tuple[str, ast.FunctionDef, str]] = []
    for app in APPS:
        source = (ROOT / app / "services.py").read_text()
        found.extend(
            (f"{app}.{node.name}", node, source)
            for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
        )
    return found


def _acts_for_someone(node: ast.FunctionDef) -> bool:
    names = {a.arg for a in node.args.args + node.args.kwonlyargs}
    return bool(names & ACTOR_PARAMETERS)


def _calls(node: ast.FunctionDef) -> set[str]:
    called = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            func = inner.func
            if isinstance(func, ast.Name):
                called.add(func.id)
            elif isinstance(func, ast.Attribute):
                called.add(func.attr)
    return called


ACTING = [(name, node) for name, node, _ in _functions() if _acts_for_someone(node)]


def test_the_tripwire_reads_the_services() -> None:
    names = {name for name, _ in ACTING}
    assert {"plans.update_plan", "assessments.record_screening", "cases.create_family"} <= names
    assert set(EXEMPT) <= names, "an exemption names a function that no longer exists"


@pytest.mark.parametrize(("name", "node"), ACTING, ids=[name for name, _ in ACTING])
def test_each_service_acting_for_a_person_asks_the_policy(name: str, node: ast.FunctionDef) -> None:
    if name in EXEMPT:
        return
    called = _calls(node)
    assert called & {"require", "deny", *CHECKING_HELPERS}, f"{name} never calls require()"
    decorators = {ast.unparse(d) for d in node.decorator_list}
    assert "transaction.atomic" not in decorators, (
        f"{name}: use @atomic_action, or the refusal's audit entry is rolled back"
    )
