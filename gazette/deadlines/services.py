"""Starting, stopping, pausing, resuming, recounting and sweeping deadlines."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.workcalendar.periods import Unit, is_working_day, period_end
from gazette.workflow.definitions import Breach, DeadlineSpec
from gazette.workflow.work import work_clocks_moved, work_sync

from .choices import OPEN_STATUSES, DeadlineStatus
from .models import Deadline

log = logging.getLogger(__name__)

BreachHandler = Callable[[Deadline], str]
_HANDLERS: dict[str, BreachHandler] = {}
# Performs a deadline's ``breach_transition`` as the system: registered by the workflow engine in its
# AppConfig.ready() (the engine starts and stops clocks, so it is imported from here only through this hook).
_TRANSITION_PERFORMER: list[Callable[[Deadline], None]] = []


def breach_transition_performer(fn: Callable[[Deadline], None]) -> Callable[[Deadline], None]:
    _TRANSITION_PERFORMER[:] = [fn]
    return fn


def breach_handler(name: str) -> Callable[[BreachHandler], BreachHandler]:
    """Register a breach handler (e.g. ``notices.close``) that a DeadlineSpec can name in ``breach_handler``.
    It runs inside the sweep's transaction and returns a short description of what it did."""

    def register(fn: BreachHandler) -> BreachHandler:
        _HANDLERS[name] = fn
        return fn

    return register


def _ct(obj: Any) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def _count(start: datetime, amount: int, unit: str):
    return period_end(start, amount, unit)


def _warn_at(due_at: datetime, started_at: datetime, unit: str, warn_workdays: int) -> datetime | None:
    """Soon-due warning: ``warn_workdays`` working days before the end (at 00:00 of that working day), or with
    a quarter of an hours-period left."""
    if unit == Unit.HOURS:
        return due_at - (due_at - started_at) / 4
    if warn_workdays <= 0:
        return None
    due_day = timezone.localtime(due_at).date()
    day = due_day
    back = warn_workdays - 1
    while back > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            back -= 1
    warn = timezone.make_aware(datetime.combine(day, time.min))
    return max(warn, started_at)


def deadline_start(
    *, case: Any, spec: DeadlineSpec, actor: Any = None, start: datetime | None = None, title: str = "",
    organisation: Any = None, new_case: bool = False,
) -> Deadline:
    """Start the clock ``spec`` for ``case`` (idempotent per case and kind: an open clock is returned as is).
    ``new_case``: the case was inserted in this transaction, so it has no clock to look for."""
    ct = _ct(case)
    existing = None if new_case else Deadline.objects.filter(
        content_type=ct, object_id=case.pk, kind=spec.kind, status__in=OPEN_STATUSES
    ).first()
    if existing is not None:
        return existing
    started = start or (spec.start(case) if spec.start else timezone.now())
    amount = spec.amount_for(case)
    result = _count(started, amount, spec.unit)
    responsible = organisation or (spec.responsible(case) if spec.responsible else case.organisation)
    deadline = Deadline.objects.create(
        content_type=ct, object_id=case.pk, reference=getattr(case, "reference", str(case.pk)),
        title=title or str(case)[:200], organisation=responsible, kind=spec.kind, label=spec.label,
        rule_id=spec.rule_id, amount=amount, unit=spec.unit, started_at=started, due_at=result.end,
        warn_at=_warn_at(result.end, started, spec.unit, spec.warn_workdays), provisional=result.provisional,
        explanation=result.as_dict() | {"summary": result.summary()}, on_breach=spec.on_breach,
        breach_transition=spec.breach_transition, breach_handler=spec.breach_handler, created_by=actor,
    )
    work_sync(case)
    return deadline


def _open(case: Any, kinds: Iterable[str]):
    qs = Deadline.objects.filter(content_type=_ct(case), object_id=case.pk, status__in=OPEN_STATUSES)
    kinds = tuple(kinds)
    if "*" not in kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def deadlines_close(*, case: Any, kinds: Iterable[str], met: bool = True, at: datetime | None = None) -> int:
    """Close the case's open clocks of ``kinds`` as met (or cancelled); breached ones of those kinds are recorded as
    done late. Returns the number of open clocks closed."""
    status = DeadlineStatus.MET if met else DeadlineStatus.CANCELLED
    at = at or timezone.now()
    n = _open(case, kinds).update(status=status, closed_at=at)
    # Work done after its clock breached: the breach stays on record, the clock leaves the overdue list.
    late = Deadline.objects.filter(content_type=_ct(case), object_id=case.pk, status=DeadlineStatus.BREACHED,
                                   done_late_at=None)
    kinds = tuple(kinds)
    if "*" not in kinds:
        late = late.filter(kind__in=kinds)
    late.update(done_late_at=at)
    if n:
        work_sync(case)
    return n


def _consumed(d: Deadline, until: datetime) -> int:
    start_local, until_local = timezone.localtime(d.started_at), timezone.localtime(until)
    if d.unit == Unit.HOURS:
        return int((until - d.started_at).total_seconds() // 3600)
    if d.unit == Unit.DAYS:
        return max(0, (until_local.date() - start_local.date()).days)
    if d.unit == Unit.WORKDAYS:
        from gazette.workcalendar.periods import working_days_between

        # Whole working days elapsed before the pause day (the pause day itself is not used up).
        return max(0, working_days_between(start_local.date(), until_local.date()) - (
            1 if is_working_day(until_local.date()) else 0))
    raise ValueError(_("按月计算的期限不能暂停。"))


def deadlines_pause(*, case: Any, kinds: Iterable[str], at: datetime | None = None) -> int:
    """Stop the clock (e.g. while materials are missing); resuming recomputes the due time."""
    at = at or timezone.now()
    n = 0
    for d in _open(case, kinds).filter(status=DeadlineStatus.RUNNING).select_for_update():
        d.consumed = min(d.amount, d.consumed + _consumed(d, at))
        d.paused_at = at
        d.status = DeadlineStatus.PAUSED
        d.save(update_fields=["consumed", "paused_at", "status"])
        n += 1
    if n:
        work_sync(case)
    return n


def deadlines_resume(*, case: Any, kinds: Iterable[str], at: datetime | None = None) -> int:
    at = at or timezone.now()
    n = 0
    for d in _open(case, kinds).filter(status=DeadlineStatus.PAUSED).select_for_update():
        remaining = max(d.amount - d.consumed, 1 if d.unit != Unit.HOURS else 0)
        result = _count(at, remaining, d.unit)
        d.recounts = [*d.recounts, {
            "at": at.isoformat(), "reason": _("暂停后恢复计时，剩余%(n)s%(unit)s") % {
                "n": remaining, "unit": Unit(d.unit).label},
            "from": d.due_at.isoformat(), "to": result.end.isoformat(),
        }]
        d.started_at, d.due_at = at, result.end
        d.amount, d.consumed = remaining, 0
        d.provisional = result.provisional
        d.explanation = result.as_dict() | {"summary": result.summary()}
        d.warn_at = _warn_at(result.end, at, d.unit, 1)
        d.status, d.paused_at = DeadlineStatus.RUNNING, None
        d.save()
        n += 1
    if n:
        work_sync(case)
    return n


def deadlines_recount(*, years: set[int] | None = None, reason: str) -> int:
    """Recount open deadlines after the calendar changed (e.g. an official year was loaded). Each move is
    recorded on the row with its reason. Returns the number of deadlines whose due time moved."""
    moved_ids: list[int] = []
    qs = Deadline.objects.filter(status=DeadlineStatus.RUNNING).exclude(unit=Unit.HOURS)
    with transaction.atomic():
        for d in qs.select_for_update(skip_locked=True).iterator():
            if years and not ({d.started_at.year, d.due_at.year, d.due_at.year + 1} & set(years)):
                continue
            result = _count(d.started_at, d.amount, d.unit)
            if result.end == d.due_at and result.provisional == d.provisional:
                continue
            d.recounts = [*d.recounts, {
                "at": timezone.now().isoformat(), "reason": reason,
                "from": d.due_at.isoformat(), "to": result.end.isoformat(),
            }]
            d.due_at = result.end
            d.provisional = result.provisional
            d.explanation = result.as_dict() | {"summary": result.summary()}
            d.warn_at = _warn_at(result.end, d.started_at, d.unit, 1)
            d.save()
            moved_ids.append(d.pk)
        work_clocks_moved(moved_ids)
    return len(moved_ids)


@dataclass
class SweepResult:
    breached: int = 0
    warned: int = 0
    failed: int = 0


def deadlines_sweep(*, now: datetime | None = None, batch: int = 500) -> SweepResult:
    """Apply breach actions to running deadlines that fell due, and send soon-due warnings, each exactly once.

    Rows are claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` in batches, and the status change is committed
    together with the action's writes (notifications in bulk): two sweepers never take the same row, and a
    sweeper killed mid-batch leaves its rows, uncommitted, for the next one. Emails go out after commit.
    """
    now = now or timezone.now()
    result = SweepResult()
    while True:
        with transaction.atomic():
            rows = list(
                Deadline.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=DeadlineStatus.RUNNING, due_at__lte=now)
                .select_related("organisation", "organisation__parent")
                .order_by("due_at")[:batch]
            )
            _breach_batch(rows, now, result)
        if len(rows) < batch:
            break
    while True:
        with transaction.atomic():
            rows = list(
                Deadline.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=DeadlineStatus.RUNNING, warned_at__isnull=True, warn_at__lte=now, due_at__gt=now)
                .select_related("organisation")
                .order_by("warn_at")[:batch]
            )
            _warn_batch(rows, now)
            result.warned += len(rows)
        if len(rows) < batch:
            break
    return result


def _case_urls(rows: list[Deadline]) -> dict[int, str]:
    """The page of each row's case, fetched with one query per case type (not one per row)."""
    by_type: dict[int, list[int]] = {}
    for d in rows:
        by_type.setdefault(d.content_type_id, []).append(d.object_id)
    urls: dict[tuple[int, int], str] = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        for obj in model._base_manager.filter(pk__in=ids):
            urls[(ct_id, obj.pk)] = obj.get_absolute_url()
    return {d.pk: urls.get((d.content_type_id, d.object_id), "") for d in rows}


def _fmt(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _warn_batch(rows: list[Deadline], now: datetime) -> None:
    from gazette.notifications.models import Notification, NotificationKind
    from gazette.notifications.services import notifications_send_bulk

    if not rows:
        return
    urls = _case_urls(rows)
    notes = []
    for d in rows:
        d.warned_at = now
        notes.append(Notification(
            kind=NotificationKind.SOON_DUE, organisation=d.organisation, reference=d.reference, url=urls[d.pk],
            title=_("即将到期：%(ref)s %(label)s") % {"ref": d.reference, "label": d.label},
            body=_("%(label)s（%(rule)s）将于%(due)s届满。") % {
                "label": d.label, "rule": d.rule_id, "due": _fmt(d.due_at)},
        ))
    Deadline.objects.filter(pk__in=[d.pk for d in rows]).update(warned_at=now)
    notifications_send_bulk(notes)


def _breach_batch(rows: list[Deadline], now: datetime, result: SweepResult) -> None:
    """Breach a claimed batch: notify/escalate in bulk; automatic transitions and handlers row by row, each in
    a savepoint so one failing action is recorded on its row without losing the others."""
    from gazette.notifications.models import Notification, NotificationKind
    from gazette.notifications.services import notifications_send_bulk

    if not rows:
        return
    urls = _case_urls(rows)
    notes: list[Notification] = []
    for d in rows:
        d.status, d.breach_applied_at, d.closed_at = DeadlineStatus.BREACHED, now, now
        title = _("已逾期：%(ref)s %(label)s") % {"ref": d.reference, "label": d.label}
        body = _("%(label)s（依据%(rule)s）已于%(due)s届满，尚未办结。") % {
            "label": d.label, "rule": d.rule_id, "due": _fmt(d.due_at)}
        notes.append(Notification(kind=NotificationKind.BREACHED, organisation=d.organisation, title=title,
                                  body=body, url=urls[d.pk], reference=d.reference))
        outcome = [_("已通知%(org)s") % {"org": d.organisation.name}]
        if d.on_breach == Breach.ESCALATE:
            supervisor = d.organisation.parent
            if supervisor is not None:
                d.escalated_to = supervisor
                notes.append(Notification(
                    kind=NotificationKind.ESCALATED, organisation=supervisor, title=title, url=urls[d.pk],
                    body=body + _("（承办单位：%(org)s）") % {"org": d.organisation.name}, reference=d.reference))
                outcome.append(_("已报告上级单位%(org)s") % {"org": supervisor.name})
            else:
                outcome.append(_("承办单位无上级单位，未上报"))
        elif d.on_breach in (Breach.TRANSITION, Breach.HANDLER):
            outcome.append(_apply_action(d, result))
        d.breach_result = "；".join(outcome)
        result.breached += 1
    # Rows share their new values in a few groups (same supervisor, same outcome text): one UPDATE per group
    # instead of Django's per-row CASE expression, which costs seconds for a thousand rows.
    groups: dict[tuple[int | None, str], list[int]] = {}
    for d in rows:
        groups.setdefault((d.escalated_to_id, d.breach_result), []).append(d.pk)
    for (escalated_to_id, breach_result), pks in groups.items():
        Deadline.objects.filter(pk__in=pks).update(
            status=DeadlineStatus.BREACHED, breach_applied_at=now, closed_at=now,
            escalated_to_id=escalated_to_id, breach_result=breach_result,
        )
    notifications_send_bulk(notes)


def _apply_action(d: Deadline, result: SweepResult) -> str:
    try:
        with transaction.atomic():
            if d.on_breach == Breach.TRANSITION and d.breach_transition:
                # Mark the row first so the transition's own stop_deadlines leaves it breached.
                Deadline.objects.filter(pk=d.pk).update(status=DeadlineStatus.BREACHED)
                _TRANSITION_PERFORMER[0](d)
                return _("已自动执行「%(t)s」") % {"t": d.breach_transition}
            if d.on_breach == Breach.HANDLER and d.breach_handler:
                return _HANDLERS[d.breach_handler](d)
            return ""
    except Exception as exc:  # recorded on the row and logged with its traceback, never silently dropped
        log.exception("breach action failed for deadline %s", d.pk)
        result.failed += 1
        return _("自动处理失败：%(err)s") % {"err": str(exc)[:200]}
