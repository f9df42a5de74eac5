"""Migrations stay safe on a large PostgreSQL and keep their meaning (docs/ARCHITECTURE.md,
"Migrations"): no RunPython code reaches live app code, backfills run in batches in migrations of
their own, and an index added to a table that already holds data is built concurrently."""

from __future__ import annotations

import ast
import inspect
import types
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from relsafe.core import migration_operations
from relsafe.core.migration_operations import backfill
from relsafe.plans.models import Plan
from tests.factories import PlanFactory

FROZEN_MODULE = migration_operations.__name__

# Tables an index may still be added to in an ordinary (locking) migration, each with why it stays
# small. Everything else that already holds data gets AddIndexConcurrently.
SMALL_TABLES = {
    # A handful of NRM, MASH and MACE referrals per family: an index builds in milliseconds.
    ("plans", "referral"),
}


def _relsafe_migrations() -> Iterator[tuple[str, Any]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for migration in loader.disk_migrations.values():
        module = type(migration).__module__
        if module.startswith("relsafe."):
            yield module, migration


def _operations(migration: Any) -> Iterator[Any]:
    for operation in migration.operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from operation.database_operations
        else:
            yield operation


def _is_migration_code(module: str) -> bool:
    return module == FROZEN_MODULE or ".migrations." in module


def _reachable(function: types.FunctionType) -> Iterator[Any]:
    """Every object the function's code can name: the globals its code (and the code of functions
    nested in it) looks up, and what its closure holds."""
    names: set[str] = set()
    codes = [function.__code__]
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(const for const in code.co_consts if isinstance(const, types.CodeType))
    for name in names:
        if name in function.__globals__:
            yield function.__globals__[name]
    for cell in function.__closure__ or ():
        yield cell.cell_contents


def _live_code_reached(function: Any) -> set[str]:
    """The live relsafe code (not a migration, not the frozen operations module) a RunPython
    function can reach, following functions of migration code as far as they go."""
    found: set[str] = set()
    pending, seen = [function], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        module = getattr(current, "__module__", None) or ""
        if not _is_migration_code(module):
            found.add(f"{module}.{getattr(current, '__qualname__', current)}")
            continue
        for obj in _reachable(current):
            name = (
                obj.__name__
                if isinstance(obj, types.ModuleType)
                else getattr(obj, "__module__", "")
            )
            if not isinstance(name, str) or not name.startswith("relsafe."):
                continue
            if isinstance(obj, types.FunctionType) and _is_migration_code(name):
                pending.append(obj)
            elif not _is_migration_code(name):
                found.add(f"{name}.{getattr(obj, '__qualname__', '')}".rstrip("."))
    return found


def test_run_python_code_reaches_no_live_app_code() -> None:
    """A migration must do later what it did when written: RunPython code comes from the
    migration file and the frozen ``core.migration_operations``, never from models, services or
    search builders that change with the app."""
    problems = {}
    for module, migration in _relsafe_migrations():
        for operation in _operations(migration):
            if not isinstance(operation, migrations.RunPython):
                continue
            for function in (operation.code, operation.reverse_code):
                if function is not None and (live := _live_code_reached(function)):
                    problems[module] = sorted(live)
    assert problems == {}


def test_the_checker_notices_live_code_in_a_run_python_function() -> None:
    from relsafe.plans.search import plan_search_text

    def fill(model: Any, row: Any) -> bool:
        return bool(plan_search_text(row))

    fill.__module__ = "relsafe.plans.migrations.9999_example"
    assert _live_code_reached(fill) == {"relsafe.plans.search.plan_search_text"}
    assert _live_code_reached(backfill("plans", "Plan", fields=[], fill=fill).code) == {
        "relsafe.plans.search.plan_search_text"
    }


def test_backfills_run_in_batches_in_migrations_of_their_own() -> None:
    """A backfill shares no migration with schema changes (whose locks it would hold for its
    whole run) and the migration is non-atomic, so each batch commits."""
    backfills = 0
    for module, migration in _relsafe_migrations():
        operations = list(_operations(migration))
        if not any(getattr(op, "batched_backfill", False) for op in operations):
            continue
        backfills += 1
        assert migration.atomic is False, module
        assert all(isinstance(op, migrations.RunPython) for op in operations), module
    assert backfills >= 3  # plans 0003 and 0006, assessments 0004


def test_indexes_on_tables_that_hold_data_are_built_concurrently() -> None:
    for module, migration in _relsafe_migrations():
        operations = list(_operations(migration))
        created = {op.name_lower for op in operations if isinstance(op, migrations.CreateModel)}
        for operation in operations:
            concurrent = isinstance(operation, AddIndexConcurrently) or getattr(
                operation, "builds_index_concurrently", False
            )
            if concurrent:
                assert migration.atomic is False, module
            elif isinstance(operation, migrations.AddIndex):
                model = (migration.app_label, operation.model_name_lower)
                assert operation.model_name_lower in created or model in SMALL_TABLES, (
                    f"{module}: {operation.describe()} locks writes to a table that may be "
                    "large: use relsafe.core.migration_operations.AddIndexConcurrently in a "
                    "non-atomic migration"
                )


def test_the_frozen_operations_import_only_django_and_the_standard_library() -> None:
    tree = ast.parse(inspect.getsource(migration_operations))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert not {name for name in imported if name and name.startswith("relsafe")}


@pytest.mark.django_db
def test_a_backfill_visits_each_matching_row_once_a_batch_at_a_time() -> None:
    plans = PlanFactory.create_batch(5, summary="Safe at home")
    PlanFactory.create(summary="Already done", search_text="kept")
    visits: list[int] = []

    def fill(model: Any, plan: Any) -> bool:
        visits.append(plan.pk)
        plan.search_text = f"filled {plan.pk}"
        return plan.pk != plans[2].pk  # a row the fill leaves alone is not written

    operation = backfill(
        "plans", "Plan", fields=["search_text"], fill=fill, where={"search_text": ""}, batch_size=2
    )
    schema_editor: Any = SimpleNamespace(connection=connection)
    operation.code(apps, schema_editor)  # type: ignore[arg-type]

    assert visits == sorted(plan.pk for plan in plans)
    texts = dict(Plan.objects.values_list("pk", "search_text"))
    assert texts[plans[0].pk] == f"filled {plans[0].pk}"
    assert texts[plans[2].pk] == ""
    assert sorted(texts.values()).count("kept") == 1
