"""GIN expression indexes on ``to_tsvector('english', search_text)`` for PostgreSQL, the expression
the search query uses, so matching reads the index instead of parsing every row. SQLite has its
FTS5 tables (0002) and skips this.

Non-atomic, so the indexes are built CONCURRENTLY: contacts are the largest case table, and a
plain CREATE INDEX would stop every worker saving a contact until it finished (the same indexes as
before; only the locking differs)."""

from django.db import migrations

from relsafe.core.migration_operations import postgres_gin_operation


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("records", "0002_full_text_search")]

    operations = [postgres_gin_operation("records_contact", "records_chronologyentry")]
