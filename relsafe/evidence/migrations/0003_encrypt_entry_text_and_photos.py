"""Encrypt at rest what a parent wrote in their evidence log, the people it names and the photos
kept with it (relsafe.core.crypto, docs/EVIDENCE.md "Encryption at rest").

The written-once triggers of 0002 are dropped while the columns change (SQLite rebuilds a table to
alter a column, which drops its triggers anyway) and the existing rows are encrypted, then put
back in a second version that lets an UPDATE through only while a row exists in
``evidence_keyrotationpermit``: the table ``rotate_encryption_keys`` writes to inside its own
transaction, and deletes from before it commits, to re-encrypt the tokens under a new key. The
hashes are taken over the plaintext, so none changes and the chains still verify.

Photo files kept before this migration are encrypted where they lie (each replaced in one
rename); a file already encrypted is left alone, so the step can be run again.
"""

import os

import django.utils.timezone
import relsafe.core.crypto
import relsafe.core.text_limits
from django.db import migrations, models

from relsafe.core.migration_operations import FERNET_TOKEN_PREFIX, encrypt_columns_v1

TABLES = (
    "evidence_evidenceentry",
    "evidence_entryperson",
    "evidence_entryvehicle",
    "evidence_entryphone",
    "evidence_entryhandle",
    "evidence_entryphoto",
)
PERMIT_TABLE = "evidence_keyrotationpermit"
PHOTO_FOLDER = "evidence-photos"

PG_FUNCTION_V1 = """
CREATE OR REPLACE FUNCTION evidence_refuse_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is written once: UPDATE refused';
END;
$$ LANGUAGE plpgsql;
"""
PG_FUNCTION_V2 = f"""
CREATE OR REPLACE FUNCTION evidence_refuse_update() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM {PERMIT_TABLE}) THEN
    RETURN NEW;  -- rotate_encryption_keys, inside its own transaction
  END IF;
  RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is written once: UPDATE refused';
END;
$$ LANGUAGE plpgsql;
"""


def _install(vendor, version):
    if vendor == "postgresql":
        return [PG_FUNCTION_V2 if version == 2 else PG_FUNCTION_V1] + [
            f"CREATE TRIGGER {table}_written_once BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION evidence_refuse_update();"
            for table in TABLES
        ]
    if vendor == "sqlite":
        when = f"WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE}) " if version == 2 else ""
        return [
            f"CREATE TRIGGER {table}_written_once BEFORE UPDATE ON {table} {when}"
            f"BEGIN SELECT RAISE(ABORT, '{table} is written once: UPDATE refused'); END;"
            for table in TABLES
        ]
    return []


def _drop(vendor):
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_written_once ON {table};" for table in TABLES]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_written_once;" for table in TABLES]
    return []


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, _drop(schema_editor.connection.vendor))


def put_back_version_1(apps, schema_editor):
    _run(schema_editor, _drop(schema_editor.connection.vendor))
    _run(schema_editor, _install(schema_editor.connection.vendor, 1))


def install_version_2(apps, schema_editor):
    _run(schema_editor, _drop(schema_editor.connection.vendor))
    _run(schema_editor, _install(schema_editor.connection.vendor, 2))


def _photo_files(apps, schema_editor, change):
    from cryptography.fernet import Fernet, MultiFernet
    from django.conf import settings
    from django.core.files.storage import default_storage

    fernet = MultiFernet([Fernet(k.strip().encode()) for k in settings.FIELD_ENCRYPTION_KEYS])
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT stored_name FROM evidence_entryphoto ORDER BY id")
        names = [row[0] for row in cursor.fetchall()]
    for stored_name in names:
        name = f"{PHOTO_FOLDER}/{stored_name}"
        if not default_storage.exists(name):
            continue  # clean_orphan_files reports it
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        new = change(fernet, data)
        if new is None:
            continue
        path = default_storage.path(name)
        with open(f"{path}.migrating", "wb") as out:
            out.write(new)
        os.replace(f"{path}.migrating", path)


def encrypt_photo_files(apps, schema_editor):
    def change(fernet, data):
        if data.startswith(FERNET_TOKEN_PREFIX.encode()):
            return None
        return fernet.encrypt(data)

    _photo_files(apps, schema_editor, change)


def decrypt_photo_files(apps, schema_editor):
    def change(fernet, data):
        if not data.startswith(FERNET_TOKEN_PREFIX.encode()):
            return None
        return fernet.decrypt(data)

    _photo_files(apps, schema_editor, change)


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0002_written_once_triggers'),
    ]

    operations = [
        migrations.RunPython(drop_triggers, put_back_version_1),
        migrations.CreateModel(
            name='KeyRotationPermit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('reason', models.CharField(max_length=200)),
            ],
        ),
        migrations.AlterField(
            model_name='entryperson',
            name='description',
            field=relsafe.core.crypto.EncryptedCharField(blank=True, max_length=2000, verbose_name='What they look like'),
        ),
        migrations.AlterField(
            model_name='entryperson',
            name='name',
            field=relsafe.core.crypto.EncryptedCharField(blank=True, max_length=200, verbose_name='Name'),
        ),
        migrations.AlterField(
            model_name='entryperson',
            name='nickname',
            field=relsafe.core.crypto.EncryptedCharField(blank=True, max_length=200, verbose_name='Nickname or street name'),
        ),
        migrations.AlterField(
            model_name='evidenceentry',
            name='place',
            field=relsafe.core.crypto.EncryptedCharField(blank=True, max_length=300, verbose_name='Where it happened'),
        ),
        migrations.AlterField(
            model_name='evidenceentry',
            name='source_note',
            field=relsafe.core.crypto.EncryptedCharField(blank=True, help_text="Only when a worker records the entry on the family's behalf.", max_length=300, verbose_name='Who told you, and how'),
        ),
        migrations.AlterField(
            model_name='evidenceentry',
            name='what_happened',
            field=relsafe.core.crypto.EncryptedTextField(validators=[relsafe.core.text_limits.MaxCharacters(20000)], verbose_name='What you saw or heard'),
        ),
        encrypt_columns_v1("evidence_evidenceentry", "what_happened", "place", "source_note"),
        encrypt_columns_v1("evidence_entryperson", "name", "nickname", "description"),
        migrations.RunPython(install_version_2, drop_triggers),
        migrations.RunPython(encrypt_photo_files, decrypt_photo_files),
    ]
