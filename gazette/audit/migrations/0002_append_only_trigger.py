"""On PostgreSQL the database itself refuses UPDATE and DELETE of audit rows."""

from django.db import migrations

from gazette.audit.dbguard import refuse_changes


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [refuse_changes("audit_auditevent", trigger="audit_auditevent_append_only", word="append-only")]
