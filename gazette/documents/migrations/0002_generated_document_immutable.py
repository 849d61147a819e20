"""On PostgreSQL the database itself refuses UPDATE and DELETE of generated documents.

A stored official document is a record: a correction is a new version row that supersedes it, so no row ever
needs to change. TRUNCATE is left to the table owner, as for the audit log.
"""

from django.db import migrations

from gazette.audit.dbguard import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        refuse_changes(
            "documents_generateddocument", trigger="documents_generateddocument_immutable", word="immutable"
        )
    ]
