"""search_text for full-text search (relsafe.core.search).

Existing rows are filled by 0006_fill_search_text, in batches outside this migration's
transaction: filling them here held the ALTER TABLE lock on a large table for the whole backfill,
and imported the live search builders. Moving the fill there gives the same rows the same text
(the builders are frozen in 0006 as they stood), so a database that already ran this migration in
its earlier form is in the same state as one that runs it now."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0003_fill_referral_next_decision'),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='planaction',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
    ]
