"""Publishing public notices (公示), receiving and handling objections, closing at the end of the window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.audit.services import audit_record
from gazette.deadlines.services import breach_handler, deadline_start
from gazette.workcalendar.periods import period_end
from gazette.workflow.definitions import Breach, DeadlineSpec

from .models import NoticePlace, NoticeStatus, Objection, ObjectionOutcome, PublicNotice


def notice_publish(
    *,
    case: Any,
    title: str,
    content: str,
    places: Sequence[str],
    amount: int,
    unit: str,
    rule_id: str,
    actor: Any,
    starts_at: datetime | None = None,
    min_places: int = 1,
    on_close_transition: str = "",
    organisation: Any = None,
) -> PublicNotice:
    """Publish a notice for ``case``; its window end is a deadline that closes it (and, when
    ``on_close_transition`` is given and no objection is pending or upheld, moves the case on)."""
    places = [p.strip() for p in places if p and p.strip()]
    errors: dict[str, list[str]] = {}
    if len(places) < min_places:
        errors["places"] = [_("至少需要在%(n)s处张贴公示（%(rule)s）。") % {"n": min_places, "rule": rule_id}]
    if amount <= 0:
        errors["amount"] = [_("公示期必须大于0。")]
    if not title.strip():
        errors["title"] = [_("请填写公示标题。")]
    if errors:
        raise ValidationError(errors)
    start = starts_at or timezone.now()
    result = period_end(start, amount, unit)
    with transaction.atomic():
        notice = PublicNotice.objects.create(
            content_type=ContentType.objects.get_for_model(case, for_concrete_model=True), object_id=case.pk,
            reference=getattr(case, "reference", ""), organisation=organisation or case.organisation,
            title=title, content=content, rule_id=rule_id, starts_at=start, amount=amount, unit=unit,
            ends_at=result.end, provisional=result.provisional, on_close_transition=on_close_transition,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        NoticePlace.objects.bulk_create([NoticePlace(notice=notice, place=p, posted_at=start) for p in places])
        spec = DeadlineSpec(
            kind=f"notice-{notice.pk}", label=_("公示期"), rule_id=rule_id, amount=amount, unit=unit,
            on_breach=Breach.HANDLER, breach_handler="notices.close", warn_workdays=0,
        )
        deadline_start(case=notice, spec=spec, start=start, title=title, organisation=notice.organisation)
        audit_record(action="notice.publish", actor=actor, obj=notice, summary=f"{notice.reference} {title}")
    return notice


def objection_receive(
    *, notice: PublicNotice, objector: str, content: str, contact: str = "", received_at: datetime | None = None
) -> Objection:
    """Record an objection; one received after the window closed is refused with the end time."""
    received_at = received_at or timezone.now()
    if received_at < notice.starts_at or received_at > notice.ends_at or notice.status != NoticeStatus.OPEN:
        raise ValidationError({"received_at": [_("异议须在公示期内提出（%(start)s至%(end)s）。") % {
            "start": timezone.localtime(notice.starts_at).strftime("%Y-%m-%d"),
            "end": timezone.localtime(notice.ends_at).strftime("%Y-%m-%d %H:%M")}]})
    if not content.strip():
        raise ValidationError({"content": [_("请填写异议内容。")]})
    return Objection.objects.create(
        notice=notice, objector=objector, contact=contact, content=content, received_at=received_at
    )


def objection_handle(*, objection: Objection, outcome: str, handling: str, actor: Any) -> Objection:
    if outcome not in (ObjectionOutcome.UPHELD, ObjectionOutcome.REJECTED):
        raise ValidationError({"outcome": [_("请选择核查结论。")]})
    if not handling.strip():
        raise ValidationError({"handling": [_("请填写核查处理情况。")]})
    objection.outcome, objection.handling = outcome, handling
    objection.handled_by, objection.handled_at = actor, timezone.now()
    objection.save()
    return objection


@breach_handler("notices.close")
def notice_close_on_deadline(deadline) -> str:
    """The window is over: close the notice; move the case on when nothing stands in the way."""
    notice = PublicNotice.objects.select_for_update().get(pk=deadline.object_id)
    if notice.status != NoticeStatus.OPEN:
        return _("公示已结束")
    notice.status, notice.closed_at = NoticeStatus.CLOSED, timezone.now()
    notice.save(update_fields=["status", "closed_at"])
    blocking = notice.objections.exclude(outcome=ObjectionOutcome.REJECTED).count()
    if notice.on_close_transition and not blocking:
        from gazette.workflow.engine import transition_perform

        transition_perform(case=notice.case, name=notice.on_close_transition, actor=None, system=True,
                           comment=_("公示期满无异议（%(rule)s）") % {"rule": notice.rule_id})
        return _("公示期满无异议，已自动执行「%(t)s」") % {"t": notice.on_close_transition}
    if blocking:
        return _("公示期满，有%(n)s件异议未核查或成立，待人工处理") % {"n": blocking}
    return _("公示期满")
