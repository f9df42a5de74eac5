"""The caseload's next-due indexes, built CONCURRENTLY on PostgreSQL so a live family table stays
writable while they build (a plain index on SQLite)."""

from django.db import migrations, models

from relsafe.core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0010_family_next_due_stored"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="family",
            index=models.Index(fields=["next_due_on", "id"], name="family_next_due_idx"),
        ),
        AddIndexConcurrently(
            model_name="family",
            index=models.Index(
                condition=models.Q(("next_due_at__isnull", False)),
                fields=["next_due_at"],
                name="family_next_due_at_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="family",
            index=models.Index(
                condition=models.Q(("next_due_lapses", True)),
                fields=["next_due_on"],
                name="family_next_due_lapses_idx",
            ),
        ),
    ]
