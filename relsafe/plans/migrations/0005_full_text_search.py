"""Full-text search indexes over ``search_text``: FTS5 tables kept by triggers on SQLite, GIN
expression indexes on PostgreSQL (each operation does nothing on the other database).

Non-atomic, so the GIN indexes are built CONCURRENTLY and the tables stay writable while they
build (the same indexes as before; only the locking differs)."""

from django.db import migrations

from relsafe.core.migration_operations import postgres_gin_operation, sqlite_fts_operation

TABLES = ("plans_plan", "plans_planaction", "plans_referral")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("plans", "0004_search_text")]

    operations = [sqlite_fts_operation(*TABLES), postgres_gin_operation(*TABLES)]
