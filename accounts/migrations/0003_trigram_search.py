"""Trigram indexes so the directories' name search (icontains) uses an index on PostgreSQL.

Django's icontains compiles to UPPER(column::text) LIKE UPPER(%s); these GIN indexes cover
exactly that expression. Other databases are left alone.
"""

from django.db import migrations

COLUMNS = ("username", "first_name", "last_name")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS user_{column}_trgm ON accounts_user '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS user_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_directory_order")]

    operations = [migrations.RunPython(forwards, backwards)]
