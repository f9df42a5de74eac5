"""search_text for full-text search (relsafe.core.search), filled for existing rows."""


from django.db import migrations, models

from relsafe.assessments.search import mapping_search_text, screening_search_text
from relsafe.core.search import fill_search_text


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
        # Existing rows get their words (reversible: emptied again going back).
        fill_search_text("assessments.SafetyMapping", mapping_search_text),
        fill_search_text("assessments.Screening", screening_search_text),
    ]
