"""Reads: a case's clocks, a user's open clocks (inbox), and the overdue list per organisation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.permissions import jurisdiction_q
from gazette.ui.inbox import InboxEntry
from gazette.workcalendar.periods import working_days_between

from .choices import OPEN_STATUSES, DeadlineStatus
from .models import Deadline

INBOX_LIMIT = 200  # open clocks shown in one user's inbox


def deadline_list_for_case(case) -> QuerySet[Deadline]:
    ct = ContentType.objects.get_for_model(case, for_concrete_model=True)
    return Deadline.objects.filter(content_type=ct, object_id=case.pk).order_by("started_at", "id")


@dataclass(frozen=True)
class Remaining:
    workdays: int
    urgency: str  # normal / soon / overdue
    text: str


def remaining(d: Deadline, *, today: date | None = None) -> Remaining:
    """Time left in working days, with an urgency colour for inboxes."""
    now = timezone.now()
    today = today or timezone.localdate()
    due_day = timezone.localtime(d.due_at).date()
    if d.status == DeadlineStatus.BREACHED or (d.status == DeadlineStatus.RUNNING and d.due_at <= now):
        days = working_days_between(due_day, today)
        return Remaining(-days, "overdue", _("已逾期%(n)s个工作日") % {"n": days} if days else _("已逾期"))
    if d.status == DeadlineStatus.PAUSED:
        return Remaining(d.amount - d.consumed, "normal", _("已暂停（剩余%(n)s）") % {"n": d.amount - d.consumed})
    days = working_days_between(today, due_day)
    if days <= 0:
        return Remaining(0, "soon", _("今日到期"))
    urgency = "soon" if days <= 1 or (d.warn_at and d.warn_at <= now) else "normal"
    return Remaining(days, urgency, _("剩余%(n)s个工作日") % {"n": days})


def deadline_list_open(*, organisation_ids: Iterable[int]) -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(organisation_id__in=list(organisation_ids), status__in=OPEN_STATUSES)
        .select_related("organisation")
        .order_by("due_at")
    )


# What the inbox shows of a clock: not its explanation (a JSON document per clock) or its organisation.
INBOX_CLOCK_FIELDS = ("id", "content_type_id", "object_id", "reference", "title", "label", "rule_id", "status",
                      "due_at", "warn_at", "amount", "consumed")


def _clock_objects(clocks: list[Deadline]) -> dict[tuple[int, int], Any]:
    """The objects the clocks run for, keyed by (content type, object id): one query per model, reading only the
    key and the state (what the inbox shows and links to), not whole cases with their rule traces."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for d in clocks:
        wanted[d.content_type_id].add(d.object_id)
    found: dict[tuple[int, int], Any] = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        columns = ["pk"] + (["state"] if any(f.name == "state" for f in model._meta.concrete_fields) else [])
        for obj in model._default_manager.filter(pk__in=ids).only(*columns):
            found[(ct_id, obj.pk)] = obj
    return found


def inbox_provider(user) -> Iterable[InboxEntry]:
    if not getattr(user, "organisation_id", None):
        return []
    entries = []
    clocks = list(Deadline.objects.filter(organisation_id=user.organisation_id, status__in=OPEN_STATUSES)
                  .order_by("due_at").only(*INBOX_CLOCK_FIELDS)[:INBOX_LIMIT])
    objects = _clock_objects(clocks)
    today = timezone.localdate()
    for d in clocks:
        left = remaining(d, today=today)
        case = objects.get((d.content_type_id, d.object_id))
        url = case.get_absolute_url() if case is not None and hasattr(case, "get_absolute_url") else "#"
        title = d.title if d.title.startswith(d.reference) else f"{d.reference} {d.title}".strip()
        entries.append(InboxEntry(
            title=title, url=url, kind=d.label, note=left.text,
            state=getattr(case, "state_label", "") if case is not None else "",
            due_at=d.due_at, workdays_left=left.workdays, urgency=left.urgency, rule_id=d.rule_id,
        ))
    return entries


def deadline_list_overdue(*, user) -> QuerySet[Deadline]:
    """Breached or overdue-running deadlines of every organisation within the user's jurisdiction."""
    now = timezone.now()
    from django.db.models import Q

    return (
        Deadline.objects.filter(jurisdiction_q(user, region_field="organisation__region"))
        .filter(Q(status=DeadlineStatus.BREACHED) | Q(status=DeadlineStatus.RUNNING, due_at__lte=now))
        .select_related("organisation", "escalated_to")
        .order_by("organisation__name", "due_at")
    )
