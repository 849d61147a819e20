"""The audit hash chain: sealed at commit in one chain, verified by `manage.py audit_verify`."""

from __future__ import annotations

import threading
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.utils import DatabaseError

from gazette.audit.chain import GENESIS, audit_chain_verify
from gazette.audit.models import AuditEvent
from gazette.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the chain is sealed by PostgreSQL"),
]


def _raw(sql: str, params=None) -> None:
    """Tamper as a table owner would: with the append-only trigger switched off for the statement."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute(sql, params or [])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


def test_rows_are_chained_in_commit_order_and_verify(capsys):
    for n in range(5):
        audit_record(action="test.event", summary=f"row {n}")
    rows = list(AuditEvent.objects.order_by("chain_seq"))
    assert [r.chain_seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in pairwise(rows))
    call_command("audit_verify")
    assert "audit chain OK: 5 rows" in capsys.readouterr().out


def test_rows_of_a_rolled_back_transaction_never_join_the_chain():
    audit_record(action="test.kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="test.lost")
        raise RuntimeError
    audit_record(action="test.kept")
    assert list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True)) == [1, 2]
    assert audit_chain_verify().ok


def test_concurrent_writers_form_one_chain():
    barrier = threading.Barrier(8)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    audit_record(action="test.concurrent", summary=f"{n}-{i}a")
                    audit_record(action="test.concurrent", summary=f"{n}-{i}b")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = audit_chain_verify()
    assert report.ok, str(report)
    assert report.rows == 160 == AuditEvent.objects.count()


def test_a_changed_row_is_reported_with_its_id():
    events = [audit_record(action="test.event", summary=f"row {n}") for n in range(4)]
    _raw("UPDATE audit_auditevent SET summary = 'innocent' WHERE id = %s", [events[2].pk])
    report = audit_chain_verify()
    assert not report.ok and report.broken_id == events[2].pk and "changed" in report.reason
    with pytest.raises(CommandError, match=f"id={events[2].pk}") as info:
        call_command("audit_verify")
    assert info.value.returncode == 1


def test_a_deleted_row_is_reported():
    events = [audit_record(action="test.event", summary=f"row {n}") for n in range(4)]
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    report = audit_chain_verify()
    assert not report.ok and report.broken_id == events[2].pk and "missing" in report.reason


def test_a_forged_row_inserted_behind_the_triggers_back_is_reported():
    audit_record(action="test.event")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_seal")
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_name, action, object_type, object_id, summary, data, ip, "
            "chain_seq, prev_hash, hash) SELECT now(), 'intruder', 'auth.login', '', '', '', '{}', '', "
            "chain_seq + 1, hash, repeat('f', 64) FROM audit_auditevent ORDER BY chain_seq DESC LIMIT 1"
        )
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_seal")
    report = audit_chain_verify()
    assert not report.ok and report.broken_seq == 2 and "changed" in report.reason


def test_a_truncated_tail_is_caught_by_the_recorded_anchor():
    events = [audit_record(action="test.event") for _ in range(3)]
    head = audit_chain_verify()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    assert audit_chain_verify().ok  # without an anchor, a cut tail looks like a shorter chain
    with pytest.raises(CommandError, match="before the recorded anchor"):
        call_command("audit_verify", anchor=f"{head.head_seq}:{head.head_hash}")


def test_sealed_rows_still_refuse_update_and_delete():
    event = audit_record(action="test.event")
    for sql in ("UPDATE audit_auditevent SET hash = 'x' WHERE id = %s",
                "UPDATE audit_auditevent SET chain_seq = NULL WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [event.pk])
    # Even the sealing switch does not open an already sealed row.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
        c.execute("SELECT set_config('gazette.audit_sealing', 'on', true)")
        c.execute("UPDATE audit_auditevent SET summary = 'x' WHERE id = %s", [event.pk])
