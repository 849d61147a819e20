"""Reads: a case's clocks, a user's open clocks (inbox), and the overdue list per organisation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.permissions import jurisdiction_q
from gazette.workcalendar.periods import working_days_between

from .choices import OPEN_STATUSES, DeadlineStatus
from .models import Deadline


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
    if d.status == DeadlineStatus.BREACHED and d.done_late_at is not None:
        days = working_days_between(due_day, timezone.localtime(d.done_late_at).date())
        return Remaining(-days, "normal", _("逾期%(n)s个工作日后办结") % {"n": days} if days else _("逾期当日办结"))
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


def deadline_list_overdue(*, user) -> QuerySet[Deadline]:
    """Breached (and not since done) or overdue-running deadlines of every organisation within the user's
    jurisdiction."""
    now = timezone.now()
    from django.db.models import Q

    return (
        Deadline.objects.filter(jurisdiction_q(user, region_field="organisation__region"))
        .filter(Q(status=DeadlineStatus.BREACHED, done_late_at=None)
                | Q(status=DeadlineStatus.RUNNING, due_at__lte=now))
        .select_related("organisation", "escalated_to")
        .order_by("organisation__name", "due_at")
    )
