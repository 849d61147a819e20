"""Work items: one row per open piece of work, kept by the engine.

``work_sync(obj)`` rewrites the rows of one object from what it is waiting for now: the :class:`Work` its
workflow declares for its state (responsible organisation, the clock that sets the due time) and every open clock
owed by another organisation. An object without a workflow (a report, a duty owed to the fund) has one row per
open clock. The engine calls it in the transaction of every creation and transition; the deadline services call it
when a clock starts, stops, pauses or resumes outside a transition, and move the copied due times on a recount.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch

from gazette.deadlines.choices import OPEN_STATUSES
from gazette.deadlines.models import Deadline

from .models import WorkItem

# Set on an object while the engine performs a transition on it: the clocks it starts and stops do not each
# rewrite the work items; the engine does it once at the end.
DEFER_ATTR = "_work_sync_deferred"


def _content_type(obj: Any) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def _url(obj: Any) -> str:
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    except NoReverseMatch:  # an object without a page of its own still gets its work item (the inbox shows "#")
        return ""


def work_sync(obj: Any, *, clocks: Iterable[Deadline] | None = None, new: bool = False) -> list[WorkItem]:
    """Make the object's work items what it waits for now (inside the caller's transaction).

    ``clocks``: the object's open clocks when the caller has them (a case just created); ``new``: the object was
    inserted in this transaction, so it has no rows to delete."""
    if getattr(obj, DEFER_ATTR, False):
        return []
    ct = _content_type(obj)
    if clocks is None:
        clocks = list(Deadline.objects.filter(content_type=ct, object_id=obj.pk, status__in=OPEN_STATUSES)
                      .only("id", "organisation_id", "kind", "due_at", "warn_at", "title", "label", "reference",
                            "rule_id")
                      .order_by("due_at"))
    else:
        clocks = sorted((d for d in clocks if d.status in OPEN_STATUSES), key=lambda d: d.due_at)
    app = ct.app_label
    reference = str(getattr(obj, "reference", "") or obj.pk)[:48]
    url = _url(obj)
    wf = getattr(type(obj), "WORKFLOW", None)
    state = getattr(obj, wf.field) if wf is not None else ""
    rows: list[WorkItem] = []
    covered: set[int] = set()
    if wf is not None:
        work = wf.work_for(state)
        if work is not None:
            org = work.responsible(obj) if work.responsible else getattr(obj, "organisation", None)
            if org is not None:
                mine = [d for d in clocks if (not work.clock or d.kind == work.clock)]
                clock = next((d for d in mine if d.organisation_id == org.pk), None) or next(iter(mine), None)
                label = work.label or wf.title or str(type(obj)._meta.verbose_name)
                rows.append(WorkItem(
                    content_type=ct, object_id=obj.pk, app=app, reference=reference, title=f"{reference} {label}",
                    state=state, organisation_id=org.pk, deadline=clock, due_at=clock.due_at if clock else None,
                    warn_at=clock.warn_at if clock else None, url=url,
                    rule_id=(clock.rule_id if clock else "") or work.rule_id))
                covered.add(org.pk)
    for d in clocks:
        if d.organisation_id in covered:
            continue
        title = d.title if d.title.startswith(reference) else f"{reference} {d.title or d.label}".strip()
        rows.append(WorkItem(
            content_type=ct, object_id=obj.pk, app=app, reference=reference, title=title[:200], state=state,
            organisation_id=d.organisation_id, deadline=d, due_at=d.due_at, warn_at=d.warn_at, url=url,
            rule_id=d.rule_id))
        covered.add(d.organisation_id)
    if not new:
        WorkItem.objects.filter(content_type=ct, object_id=obj.pk).delete()
    if rows:
        WorkItem.objects.bulk_create(rows)
    return rows


def work_clocks_moved(deadline_ids: Iterable[int]) -> int:
    """Copy the new due and warning times of recounted clocks onto their work items (one statement)."""
    ids = list(deadline_ids)
    if not ids:
        return 0
    clock = Deadline.objects.filter(pk=OuterRef("deadline_id"))
    return WorkItem.objects.filter(deadline_id__in=ids).update(
        due_at=Subquery(clock.values("due_at")[:1]), warn_at=Subquery(clock.values("warn_at")[:1]))
