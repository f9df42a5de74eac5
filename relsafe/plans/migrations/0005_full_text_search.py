"""Full-text search indexes over ``search_text``: FTS5 tables kept by triggers on SQLite, GIN
expression indexes on PostgreSQL (each operation does nothing on the other database)."""

from django.db import migrations

from relsafe.core.search import postgres_gin_operation, sqlite_fts_operation

TABLES = ("plans_plan", "plans_planaction", "plans_referral")


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_search_text")]

    operations = [sqlite_fts_operation(*TABLES), postgres_gin_operation(*TABLES)]
