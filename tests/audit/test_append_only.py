from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from gazette.audit.masking import id_number_is_valid, mask_id_number, mask_text
from gazette.audit.models import AuditEvent
from gazette.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_database_refuses_update_and_delete_of_audit_rows(clerk):
    event = audit_record(action="test.event", actor=clerk, summary="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "x"


def test_tests_run_on_postgresql():
    """`make test` must exercise PostgreSQL; the SQLite fallback is only for machines without it."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"


def test_audit_summary_masks_id_numbers(clerk):
    event = audit_record(action="test.event", actor=clerk, summary="viewed 11010519491231002X for case")
    assert "11010519491231002X" not in event.summary
    assert "110105********002X" in event.summary


def test_gb11643_checksum():
    assert id_number_is_valid("11010519491231002X")
    assert not id_number_is_valid("110105194912310021")
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_text("电话13912345678") == "电话139****5678"
