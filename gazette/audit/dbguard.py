"""Migration helpers for tables the database itself protects, and for PostgreSQL-only SQL."""

from __future__ import annotations

from django.db import migrations


def postgresql_only(create_sql: str, drop_sql: str) -> migrations.RunPython:
    """A migration operation running ``create_sql`` forwards and ``drop_sql`` backwards on PostgreSQL only
    (SQLite, used by the embedded local run, has no such triggers)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create_sql, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop_sql, params=None)

    return migrations.RunPython(forwards, backwards)


def refuse_changes(table: str, *, trigger: str, word: str) -> migrations.RunPython:
    """Make PostgreSQL refuse UPDATE and DELETE on ``table`` (``word`` names why: "append-only", "immutable").

    TRUNCATE is left to the table owner (test databases are flushed with it); the production application role
    does not own the tables.
    """
    function = f"{table}_refuse_change"
    create = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} is {word}: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS {trigger} ON {table};
CREATE TRIGGER {trigger}
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
"""
    drop = f"""
DROP TRIGGER IF EXISTS {trigger} ON {table};
DROP FUNCTION IF EXISTS {function}();
"""
    return postgresql_only(create, drop)
