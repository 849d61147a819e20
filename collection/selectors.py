"""Reads for clues, monitoring and refunds. Lists are scoped through ``gazette.permissions.visible``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, Sum

from gazette.deadlines.choices import OPEN_STATUSES
from gazette.deadlines.models import Deadline
from gazette.deadlines.selectors import remaining
from gazette.permissions import visible

from . import choices as ch
from .models import Clue, FlowThresholds, ScreenWord

ZERO = Decimal("0.00")
# Every step of a measure declares the three measure rules; the one of the measure's article decides.
MEASURE_RULES = ("COLL-A36", "COLL-A38", "COLL-A40")


def measure_facts(measure, *, head_approved: bool | None = None, decider_level: str | None = None) -> dict[str, Any]:
    """Facts of the measure rules: its kind, the clue's stage, the handling lead department's level, whether the
    head has approved it and the level of the department that decided it (``head_approved`` / ``decider_level``:
    the step being taken says so, e.g. the approval itself)."""
    clue = measure.clue
    if decider_level is None:
        approver = measure.approved_by if measure.approved_by_id else None
        org = getattr(approver, "organisation", None)
        decider_level = org.region.level if org is not None and org.region_id else ""
    return {
        "decider_level": decider_level,
        "kind": measure.kind,
        "head_approved": bool(measure.approved_by_id) if head_approved is None else head_approved,
        "in_investigation": clue.state == ch.ClueState.INVESTIGATING,
        "determined_illegal": clue.state in (ch.ClueState.DISPOSING, ch.ClueState.REFUNDING),
        "lead_level": clue.organisation.region.level,
    }


def clue_list(*, user, state: str = "", source: str = "", q: str = "") -> QuerySet[Clue]:
    qs = visible(user, Clue).select_related("registering_organisation", "lead_department", "region", "organisation")
    if state:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(source=source)
    if q:
        qs = qs.filter(subject_name__icontains=q) | qs.filter(reference__icontains=q)
    return qs.order_by("-created_at")


# A clue in one of these states is finished: a new clue on the same subject is no duplicate of it.
FINISHED_STATES = ("referred", "unfounded", "not_opened", "not_illegal", "archived")


def clues_open_for_subject(*, user, subject_name: str) -> QuerySet[Clue]:
    """Open (not finished) clues visible to ``user`` on a subject of this exact name, newest first."""
    return (visible(user, Clue).filter(subject_name=(subject_name or "").strip())
            .exclude(state__in=FINISHED_STATES).order_by("-created_at"))


def evidence_with_files(clue: Clue) -> list:
    """The clue's evidence, each with ``files``: its attachments (two queries for the whole register)."""
    from gazette.documents.selectors import attachment_list

    from .choices import EVIDENCE_FILE_PREFIX

    files: dict[str, list] = {}
    for a in attachment_list(case=clue).filter(checklist_code__startswith=EVIDENCE_FILE_PREFIX):
        files.setdefault(a.checklist_code, []).append(a)
    rows = list(clue.evidence.all())
    for e in rows:
        e.files = files.get(f"{EVIDENCE_FILE_PREFIX}{e.pk}", [])
    return rows


def clue_clocks(clues: list[Clue]) -> dict[int, Any]:
    """The first open clock of each clue (one query for the whole page), with working days left."""
    if not clues:
        return {}
    ct = ContentType.objects.get_for_model(Clue)
    found: dict[int, Any] = {}
    rows = Deadline.objects.filter(content_type=ct, object_id__in=[c.pk for c in clues],
                                   status__in=OPEN_STATUSES).order_by("due_at")
    for d in rows:
        if d.object_id not in found:
            found[d.object_id] = {"label": d.label, "rule_id": d.rule_id, "left": remaining(d)}
    return found


def clue_refund_figures(clue: Clue) -> dict[str, Any]:
    """Claimed, recovered and refunded totals, the refund ratio and participants paid above their claim."""
    claimed = clue.participants.aggregate(s=Sum("claimed_amount"))["s"] or ZERO
    recovered = clue.assets.aggregate(s=Sum("amount"))["s"] or ZERO
    refunded = clue.refunds.aggregate(s=Sum("amount"))["s"] or ZERO
    over = [p.name for p in clue.participants.annotate(paid=Sum("refunds__amount")).filter(paid__gt=0)
            if p.paid > p.claimed_amount]
    ratio = (refunded / claimed).quantize(Decimal("0.0001")) if claimed else Decimal("0")
    return {"claimed_total": claimed, "recovered_total": recovered, "refunded_total": refunded,
            "refund_ratio": ratio, "over_refunded": over}


def participants_with_refunds(clue: Clue):
    return clue.participants.annotate(paid=Sum("refunds__amount")).order_by("id")


def screen_words_on(day) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(forbidden, watch) words in force on ``day``."""
    rows = ScreenWord.objects.filter(effective_from__lte=day).exclude(effective_to__lt=day)
    forbidden = tuple(w.word for w in rows if w.kind == "forbidden")
    watch = tuple(w.word for w in rows if w.kind == "watch")
    return forbidden, watch


def thresholds_on(day) -> FlowThresholds:
    row = (FlowThresholds.objects.filter(effective_from__lte=day).exclude(effective_to__lt=day)
           .order_by("-effective_from").first())
    return row or FlowThresholds(effective_from=day)
