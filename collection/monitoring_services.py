"""Monitoring writes: create an upload and queue its task on commit; turn a hit into a clue in one click."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from . import choices as ch
from .models import Clue, MonitoringHit, MonitoringUpload
from .selectors import clues_open_for_subject
from .services import ClueInput, clue_register
from .tasks import monitoring_upload_process


def _file_type_check(name: str, file) -> None:
    """Refuse at once a file that is not a CSV or XLSX by name and by its first bytes (the worker would only fail
    later): ValidationError on ``file`` with a Chinese message naming the file."""
    lower = name.lower()
    if not lower.endswith((".csv", ".xlsx")):
        raise ValidationError({"file": [f"文件类型不正确：只支持CSV或XLSX文件，“{name}”不是。"]})
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    if lower.endswith(".xlsx") and not head.startswith(b"PK\x03\x04"):
        raise ValidationError({"file": [f"“{name}”不是有效的XLSX文件，请在Excel中另存为.xlsx或.csv后重新上传。"]})
    if lower.endswith(".csv") and (b"\x00" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"))):
        raise ValidationError({"file": [f"“{name}”不是文本格式的CSV文件，请另存为CSV（UTF-8或GBK编码）后重新上传。"]})


def upload_create(*, actor: Any, kind: str, file) -> MonitoringUpload:
    """Store the file and queue processing after commit (the request never parses it; it only checks the type)."""
    name = getattr(file, "name", "upload.csv")
    _file_type_check(name, file)
    upload = MonitoringUpload.objects.create(kind=kind, file=file, original_name=name[:200],
                                             organisation=actor.organisation, uploaded_by=actor)
    transaction.on_commit(lambda: monitoring_upload_process.delay(upload.pk))
    return upload


class OpenClueExistsError(Exception):
    """The hit's subject already has an open clue: turning the hit into another needs the clerk's confirmation."""

    def __init__(self, clues: list[Clue]):
        self.clues = clues
        refs = "、".join(c.reference for c in clues)
        super().__init__(f"该主体已有在办线索{refs}，请先核对；确需另立线索的，请勾选确认后再转为线索。")


def hit_to_clue(*, hit: MonitoringHit, actor: Any, confirm_duplicate: bool = False) -> Clue:
    """转为线索: a clue from a monitoring hit, its explanation and evidence rows as the description (idempotent).

    A hit on a personal account (个人) becomes a clue on an individual, whose jurisdiction is the residence
    (第三十三条); the monitoring unit's region stands for it until verification finds the residence. When the
    subject already has an open clue visible to ``actor``, nothing is written and ``OpenClueExistsError`` names it,
    unless ``confirm_duplicate`` says the clerk checked it and wants a separate clue."""
    locked = MonitoringHit.objects.select_for_update().get(pk=hit.pk)
    if locked.clue_id:
        return locked.clue
    if not confirm_duplicate:
        existing = list(clues_open_for_subject(user=actor, subject_name=locked.subject_name)[:5])
        if existing:
            raise OpenClueExistsError(existing)
    rows = "\n".join(f"第{r.get('row')}行 {r.get('at', '')} {r.get('direction', '')} {r.get('amount', '')} "
                     f"{r.get('counterparty', '')}".strip() for r in locked.rows[:20])
    description = f"监测命中（{locked.rule_id}）：{locked.message}\n证据行：\n{rows}"
    individual = locked.figures.get("holder_kind") == "individual"
    clue = clue_register(actor=actor, organisation=actor.organisation, data=ClueInput(
        source=ch.ClueSource.MONITORING_HIT, subject_name=locked.subject_name, description=description,
        subject_kind=ch.SubjectKind.INDIVIDUAL if individual else ch.SubjectKind.UNIT,
        subject_region=actor.organisation.region))
    locked.clue = clue
    locked.save(update_fields=["clue"])
    return clue
