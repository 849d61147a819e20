"""Reads of the engine's work items: the inbox of every app from one table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone

from gazette.deadlines.selectors import remaining
from gazette.ui.inbox import InboxEntry

from .models import WorkItem, state_label

INBOX_LIMIT = 200  # work items shown in one inbox page
INBOX_FIELDS = ("id", "content_type_id", "app", "title", "state", "due_at", "warn_at", "rule_id", "url",
                "deadline__id", "deadline__status", "deadline__due_at", "deadline__warn_at", "deadline__amount",
                "deadline__consumed", "deadline__label")
URGENCIES = ("overdue", "soon", "normal")


def _mine(user: Any) -> Q:
    org_id = getattr(user, "organisation_id", None)
    q = Q(user_id=user.pk)
    return q | Q(organisation_id=org_id, user__isnull=True) if org_id else q


def work_items_for(user: Any, *, app: str = "", urgency: str = "") -> QuerySet[WorkItem]:
    """The open work of the user and their organisation, soonest due first (undated last), one query; ``app`` and
    ``urgency`` (overdue / soon / normal) filter."""
    if not getattr(user, "is_authenticated", False):
        return WorkItem.objects.none()
    now = timezone.now()
    # The clock's explanation and recounts (JSON documents) are not read: the inbox shows its name and time left.
    qs = (WorkItem.objects.filter(_mine(user)).select_related("deadline").annotate(urgency=_urgency(now))
          .only(*INBOX_FIELDS))
    if app:
        qs = qs.filter(app=app)
    if urgency in URGENCIES:
        qs = qs.filter(urgency=urgency)
    return qs.order_by("due_at", "id")


def _urgency(now) -> Case:
    return Case(When(due_at__lte=now, then=Value("overdue")), When(warn_at__lte=now, then=Value("soon")),
                default=Value("normal"), output_field=CharField())


def work_counts(user: Any) -> dict[str, Any]:
    """Counts of the user's open work by app and by urgency, for the inbox's filters and the dashboard: from the
    rows the inbox just read when they were all of them (``work_inbox``), else one query."""
    if not getattr(user, "is_authenticated", False):
        return {"apps": [], "urgency": dict.fromkeys(URGENCIES, 0), "total": 0}
    known = getattr(user, "_work_counts", None)
    if known is not None:
        return known
    rows = (WorkItem.objects.filter(_mine(user)).annotate(urgency=_urgency(timezone.now()))
            .values("app", "urgency").annotate(n=Count("id")).order_by())
    return _counts({(row["app"], row["urgency"]): row["n"] for row in rows})


def _counts(groups: dict[tuple[str, str], int]) -> dict[str, Any]:
    by_app: dict[str, int] = {}
    by_urgency = dict.fromkeys(URGENCIES, 0)
    for (app_label, urgency), n in groups.items():
        by_app[app_label] = by_app.get(app_label, 0) + n
        by_urgency[urgency] += n
    labels = {a.label: str(a.verbose_name) for a in apps.get_app_configs()}
    return {"apps": [{"app": a, "label": labels.get(a, a), "n": n} for a, n in sorted(by_app.items())],
            "urgency": by_urgency, "total": sum(by_app.values())}


def work_inbox(user: Any, *, app: str = "", urgency: str = "") -> Iterable[InboxEntry]:
    """Inbox entries from the work items: what is expected, the state, the due time and working days left."""
    labels = {a.label: str(a.verbose_name) for a in apps.get_app_configs()}
    today = timezone.localdate()
    entries = []
    items = list(work_items_for(user, app=app, urgency=urgency)[:INBOX_LIMIT])
    if not (app or urgency) and len(items) < INBOX_LIMIT:
        # Every open item is on this page: the counts come from these rows, not from a second query.
        groups: dict[tuple[str, str], int] = {}
        for i in items:
            groups[(i.app, i.urgency)] = groups.get((i.app, i.urgency), 0) + 1
        user._work_counts = _counts(groups)
    for item in items:
        d = item.deadline
        left = remaining(d, today=today) if d is not None and d.is_open else None
        model = ContentType.objects.get_for_id(item.content_type_id).model_class() if item.state else None
        field = model.WORKFLOW.field if model is not None and hasattr(model, "WORKFLOW") else "state"
        entries.append(InboxEntry(
            title=item.title, url=item.url or "#", kind=labels.get(item.app, item.app),
            state=state_label(model, item.state, field) if model is not None else "",
            due_at=item.due_at, workdays_left=left.workdays if left else None,
            urgency=left.urgency if left else item.urgency, rule_id=item.rule_id, note=left.text if left else "",
            clock=d.label if d is not None else "",
        ))
    return entries
