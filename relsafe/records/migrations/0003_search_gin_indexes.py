"""GIN expression indexes on ``to_tsvector('english', search_text)`` for PostgreSQL, the expression
the search query uses, so matching reads the index instead of parsing every row. SQLite has its
FTS5 tables (0002) and skips this."""

from django.db import migrations

from relsafe.core.search import postgres_gin_operation


class Migration(migrations.Migration):
    dependencies = [("records", "0002_full_text_search")]

    operations = [postgres_gin_operation("records_contact", "records_chronologyentry")]
