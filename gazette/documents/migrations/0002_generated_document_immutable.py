"""On PostgreSQL the database itself refuses UPDATE and DELETE of generated documents.

A stored official document is a record: a correction is a new version row that supersedes it, so no row ever
needs to change. TRUNCATE is left to the table owner, as for the audit log.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION documents_generateddocument_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'documents_generateddocument is immutable: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS documents_generateddocument_immutable ON documents_generateddocument;
CREATE TRIGGER documents_generateddocument_immutable
    BEFORE UPDATE OR DELETE ON documents_generateddocument
    FOR EACH ROW EXECUTE FUNCTION documents_generateddocument_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS documents_generateddocument_immutable ON documents_generateddocument;
DROP FUNCTION IF EXISTS documents_generateddocument_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
