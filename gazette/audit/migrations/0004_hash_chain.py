"""A hash chain over the audit rows, sealed by PostgreSQL at commit.

Each row gets ``chain_seq`` (1, 2, 3 … in commit order), ``prev_hash`` (the previous row's ``hash``; 64 zeros for
the first) and ``hash`` = sha256 of ``audit_event_canonical(row)``, a canonical JSON text of the row that
includes ``chain_seq`` and ``prev_hash``. A deferred constraint trigger seals each inserted row when its
transaction commits, under a transaction-level advisory lock: the lock is held only for the commit itself, so
concurrent writers form one chain without serialising whole transactions (see docs/adr/0004-audit-chain-and-retention.md).

The append-only trigger now allows one kind of UPDATE: sealing a row not yet in the chain, changing nothing but
the chain columns, from inside the sealing function.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_event_canonical(e audit_auditevent) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'seq', e.chain_seq,
        'id', e.id,
        'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'actor_id', e.actor_id,
        'actor_name', e.actor_name,
        'action', e.action,
        'object_type', e.object_type,
        'object_id', e.object_id,
        'summary', e.summary,
        'data', e.data,
        'ip', e.ip,
        'prev_hash', e.prev_hash
    )::text
$$;

CREATE OR REPLACE FUNCTION audit_auditevent_seal(event_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    e audit_auditevent;
    head_seq bigint;
    head_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('gazette.audit.chain'));
    SELECT * INTO e FROM audit_auditevent WHERE id = event_id;
    IF NOT FOUND OR e.chain_seq IS NOT NULL THEN
        RETURN;
    END IF;
    SELECT chain_seq, hash INTO head_seq, head_hash
        FROM audit_auditevent WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
    e.chain_seq := COALESCE(head_seq, 0) + 1;
    e.prev_hash := COALESCE(head_hash, repeat('0', 64));
    e.hash := encode(sha256(convert_to(audit_event_canonical(e), 'UTF8')), 'hex');
    PERFORM set_config('gazette.audit_sealing', 'on', true);
    UPDATE audit_auditevent SET chain_seq = e.chain_seq, prev_hash = e.prev_hash, hash = e.hash
        WHERE id = event_id;
    PERFORM set_config('gazette.audit_sealing', 'off', true);
END;
$$;

CREATE OR REPLACE FUNCTION audit_auditevent_seal_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM audit_auditevent_seal(NEW.id);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('gazette.audit_sealing', true) = 'on'
       AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
       AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.object_type, NEW.object_id,
            NEW.summary, NEW.data, NEW.ip)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_id, OLD.actor_name, OLD.action, OLD.object_type, OLD.object_id,
            OLD.summary, OLD.data, OLD.ip) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_auditevent_seal ON audit_auditevent;
CREATE CONSTRAINT TRIGGER audit_auditevent_seal
    AFTER INSERT ON audit_auditevent
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_seal_trigger();

-- Rows written before the chain existed join it in id order.
SELECT audit_auditevent_seal(id) FROM (
    SELECT id FROM audit_auditevent WHERE chain_seq IS NULL ORDER BY id
) AS pending;
"""

DROP = r"""
DROP TRIGGER IF EXISTS audit_auditevent_seal ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_seal_trigger();
DROP FUNCTION IF EXISTS audit_auditevent_seal(bigint);
DROP FUNCTION IF EXISTS audit_event_canonical(audit_auditevent);
CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
