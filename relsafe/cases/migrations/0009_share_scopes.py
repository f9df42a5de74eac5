"""A share names what it covers (issue 14, item 5). Shares made before this covered the whole
profile; they are narrowed to the minimal sections (identity basics, records marked for police),
and the worker widens them on the share's page if the partner needs more: deny by default."""

from django.db import migrations, models

MINIMAL = ["identity", "marked_records"]


def narrow_existing_shares(apps, schema_editor):
    OrganisationShare = apps.get_model("cases", "OrganisationShare")
    OrganisationShare.objects.all().update(scopes=MINIMAL)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_encrypt_safe_contact_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisationshare",
            name="scopes",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(narrow_existing_shares, migrations.RunPython.noop),
    ]
