"""Reads of the engine's work items: the inbox of every app from one table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone

from gazette.deadlines.choices import OPEN_STATUSES
from gazette.deadlines.selectors import remaining
from gazette.ui.inbox import InboxEntry

from .models import WorkItem, state_label

INBOX_LIMIT = 200  # work items shown in one inbox page
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
    qs = WorkItem.objects.filter(_mine(user)).annotate(urgency=_urgency(now))
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


@dataclass(frozen=True, slots=True)
class _Clock:
    """What ``remaining`` reads of a clock, from the inbox's one query (no model instance per row)."""

    status: str
    due_at: Any
    warn_at: Any
    amount: int
    consumed: int

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


_ROW = ("content_type_id", "app", "title", "state", "due_at", "rule_id", "url", "urgency", "deadline_id",
        "deadline__status", "deadline__due_at", "deadline__warn_at", "deadline__amount", "deadline__consumed",
        "deadline__label")


def work_inbox(user: Any, *, app: str = "", urgency: str = "") -> Iterable[InboxEntry]:
    """Inbox entries from the work items: what is expected, the state, the due time and working days left. One
    query of plain rows (at 200 rows, model instances with their clocks were a third of the page)."""
    labels = {a.label: str(a.verbose_name) for a in apps.get_app_configs()}
    today = timezone.localdate()
    rows = list(work_items_for(user, app=app, urgency=urgency).values_list(*_ROW)[:INBOX_LIMIT])
    if not (app or urgency) and len(rows) < INBOX_LIMIT:
        # Every open item is on this page: the counts come from these rows, not from a second query.
        groups: dict[tuple[str, str], int] = {}
        for row in rows:
            groups[(row[1], row[7])] = groups.get((row[1], row[7]), 0) + 1
        user._work_counts = _counts(groups)
    states: dict[tuple[int, str], str] = {}  # state labels once per model and state, in the active language
    entries = []
    for (ct_id, app_label, title, state, due_at, rule_id, url, row_urgency, deadline_id, d_status, d_due, d_warn,
         d_amount, d_consumed, d_label) in rows:
        clock = _Clock(d_status, d_due, d_warn, d_amount, d_consumed) if deadline_id else None
        left = remaining(clock, today=today) if clock is not None and clock.is_open else None
        if state and (ct_id, state) not in states:
            model = ContentType.objects.get_for_id(ct_id).model_class()
            field = model.WORKFLOW.field if model is not None and hasattr(model, "WORKFLOW") else "state"
            states[(ct_id, state)] = state_label(model, state, field) if model is not None else state
        entries.append(InboxEntry(
            title=title, url=url or "#", kind=labels.get(app_label, app_label), state=states.get((ct_id, state), ""),
            due_at=due_at, workdays_left=left.workdays if left else None,
            urgency=left.urgency if left else row_urgency, rule_id=rule_id, note=left.text if left else "",
            clock=d_label or "",
        ))
    return entries
