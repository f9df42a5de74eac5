"""search_text for full-text search (relsafe.core.search).

Existing rows are filled by 0004_fill_search_text, in batches outside this migration's
transaction: filling them here held the ALTER TABLE lock on a large table for the whole backfill,
and imported the live search builders. Moving the fill there gives the same rows the same text
(the builders are frozen in 0004 as they stood), so a database that already ran this migration in
its earlier form is in the same state as one that runs it now."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='safetymapping',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='screening',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
    ]
