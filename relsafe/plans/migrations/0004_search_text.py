"""search_text for full-text search (relsafe.core.search), filled for existing rows."""


from django.db import migrations, models

from relsafe.plans.search import action_search_text, plan_search_text, referral_search_text
from relsafe.core.search import fill_search_text


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
        # Existing rows get their words (reversible: emptied again going back).
        fill_search_text("plans.Plan", plan_search_text),
        fill_search_text("plans.PlanAction", action_search_text),
        fill_search_text("plans.Referral", referral_search_text),
    ]
