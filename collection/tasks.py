"""Celery tasks: ids in, safe to run twice (claimed with a conditional update), thin wrappers over services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gazette.audit.services import audit_record

from . import choices as ch
from .documents import clue_document_generate
from .models import Clue, Measure, MonitoringHit, MonitoringUpload
from .monitoring import (
    MAX_ROW_ERRORS,
    REG_COLUMNS,
    TXN_COLUMNS,
    FileFormatError,
    check_columns,
    detect_all,
    parse_txn,
    read_table,
    screen_registrations,
)
from .prevention.services import risk_reports_ensure
from .selectors import screen_words_on, thresholds_on

log = logging.getLogger(__name__)
PROGRESS_EVERY = 5000


@shared_task(name="collection.monitoring_upload_process")
def monitoring_upload_process(upload_id: int) -> str:
    """Process one monitoring upload; a second run of a claimed or finished upload does nothing."""
    claimed = MonitoringUpload.objects.filter(pk=upload_id, status=ch.UploadStatus.PENDING).update(
        status=ch.UploadStatus.RUNNING)
    if not claimed:
        return "skipped"
    upload = MonitoringUpload.objects.get(pk=upload_id)
    try:
        monitoring_process(upload)
    except Exception as exc:
        log.exception("monitoring upload %s failed", upload_id)
        MonitoringUpload.objects.filter(pk=upload_id).update(
            status=ch.UploadStatus.FAILED, error_message=str(exc)[:500], finished_at=timezone.now())
        return "failed"
    return "done"


def monitoring_process(upload) -> None:
    """Parse, screen or detect, then store hits and the final counts in one transaction."""
    with upload.file.open("rb") as fh:
        content = fh.read()
    day = timezone.localdate(upload.uploaded_at)
    try:
        rows = list(read_table(upload.original_name, content))
        required = TXN_COLUMNS if upload.kind == ch.UploadKind.TRANSACTIONS else REG_COLUMNS
        check_columns(rows[0] if rows else None, required)
    except FileFormatError as exc:
        MonitoringUpload.objects.filter(pk=upload.pk).update(
            status=ch.UploadStatus.FAILED, error_message=str(exc), finished_at=timezone.now())
        return
    total = len(rows)
    MonitoringUpload.objects.filter(pk=upload.pk).update(total_rows=total, processed_rows=0)
    errors: list[dict] = []
    if upload.kind == ch.UploadKind.TRANSACTIONS:
        txns = []
        for index, row in enumerate(rows):
            number = index + 2
            try:
                txns.append(parse_txn(number, row))
            except ValueError as exc:
                errors.append({"row": number, "errors": str(exc)})
            if (index + 1) % PROGRESS_EVERY == 0:
                MonitoringUpload.objects.filter(pk=upload.pk).update(processed_rows=(index + 1) * 9 // 10)
        hits = detect_all(txns, thresholds_on(day))
        good = len(txns)
    else:
        forbidden, watch = screen_words_on(day)
        hits, errors, good = screen_registrations(((i + 2, r) for i, r in enumerate(rows)), forbidden, watch)
    with transaction.atomic():
        MonitoringHit.objects.filter(upload_id=upload.pk).delete()
        MonitoringHit.objects.bulk_create([
            MonitoringHit(upload_id=upload.pk, rule_id=h.rule_id, pattern=h.pattern, subject_name=h.subject_name[:200],
                          account=h.account[:64], message=h.message, figures=h.figures, rows=h.rows)
            for h in hits])
        MonitoringUpload.objects.filter(pk=upload.pk).update(
            status=ch.UploadStatus.DONE, processed_rows=total, good_rows=good,
            row_errors=errors[:MAX_ROW_ERRORS], finished_at=timezone.now(),
            error_message=(f"另有{len(errors) - MAX_ROW_ERRORS}行错误未列出" if len(errors) > MAX_ROW_ERRORS else ""))


@shared_task(name="collection.clue_notify_reporter")
def clue_notify_reporter(clue_id: int) -> None:
    """Record that the reporter was told where to report (COLL-A29(一)); the notice shows on the receipt page."""
    clue = Clue.objects.filter(pk=clue_id).first()
    if clue is not None:
        audit_record(action="collection.referral_notice", obj=clue, summary=f"{clue.reference} → {clue.referred_to}")


@shared_task(name="collection.risk_reports_schedule")
def risk_reports_schedule() -> int:
    """Make sure this quarter's COLL-A23 reports exist, each with its quarter-end deadline (idempotent)."""
    return risk_reports_ensure(on=timezone.localdate())


@shared_task(name="collection.clue_document")
def clue_document(clue_id: int, kind: str, request_key: str, actor_id: int | None = None,
                  measure_id: int | None = None) -> int:
    """Generate one document of a clue; the request key makes a repeat return the first document."""
    clue = Clue.objects.select_related("organisation", "registering_organisation").get(pk=clue_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    measure = Measure.objects.filter(pk=measure_id).first() if measure_id else None
    return clue_document_generate(clue=clue, kind=kind, request_key=request_key, actor=actor, measure=measure).pk
