"""Monitoring writes: create an upload and queue its task on commit; turn a hit into a clue in one click."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from . import choices as ch
from .models import Clue, MonitoringHit, MonitoringUpload
from .services import ClueInput, clue_register
from .tasks import monitoring_upload_process


def upload_create(*, actor: Any, kind: str, file) -> MonitoringUpload:
    """Store the file and queue processing after commit (the request never parses it)."""
    name = getattr(file, "name", "upload.csv")
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError("只支持CSV或XLSX文件。")
    upload = MonitoringUpload.objects.create(kind=kind, file=file, original_name=name[:200],
                                             organisation=actor.organisation, uploaded_by=actor)
    transaction.on_commit(lambda: monitoring_upload_process.delay(upload.pk))
    return upload


def hit_to_clue(*, hit: MonitoringHit, actor: Any) -> Clue:
    """转为线索: a clue from a monitoring hit, its explanation and evidence rows as the description (idempotent)."""
    locked = MonitoringHit.objects.select_for_update().get(pk=hit.pk)
    if locked.clue_id:
        return locked.clue
    rows = "\n".join(f"第{r.get('row')}行 {r.get('at', '')} {r.get('direction', '')} {r.get('amount', '')} "
                     f"{r.get('counterparty', '')}".strip() for r in locked.rows[:20])
    description = f"监测命中（{locked.rule_id}）：{locked.message}\n证据行：\n{rows}"
    clue = clue_register(actor=actor, organisation=actor.organisation, data=ClueInput(
        source=ch.ClueSource.MONITORING_HIT, subject_name=locked.subject_name, description=description,
        subject_kind=ch.SubjectKind.INDIVIDUAL if locked.figures.get("holder_kind") == "individual"
        else ch.SubjectKind.UNIT, subject_region=actor.organisation.region))
    locked.clue = clue
    locked.save(update_fields=["clue"])
    return clue
