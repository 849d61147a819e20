"""Prevention services: quarterly risk-screening reports (COLL-A23), warning talks and rectification orders
(COLL-A27) and risk alerts (COLL-A26). Reports and orders are created through the engine (``record_create``) and
move only through their workflows (``collection.prevention.workflow``); the functions here are thin."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gazette.deadlines.services import deadline_start
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation
from gazette.rules.services import rules_evaluate
from gazette.workflow.actions import action_perform
from gazette.workflow.definitions import Breach, DeadlineSpec
from gazette.workflow.engine import record_create, reference_next

from .. import choices as ch
from ..clocks import RECTIFICATION
from ..models import RiskAlert, RiskReport, SupervisionAction
from ..services import lead_department_for_region

REPORTING_TYPES = (OrganisationType.SECTOR_REGULATOR, OrganisationType.FUNDRAISING_MEMBER)


def quarter_bounds(day: date) -> tuple[int, int, date, date]:
    q = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * q - 2, 1)
    end = date(day.year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    from datetime import timedelta

    return day.year, q, start, end - timedelta(days=1)


def _quarter_spec(start: date, end: date) -> DeadlineSpec:
    """Due at the quarter's last day (第二十三条 每季度末), counted in calendar days from the quarter's start."""
    return DeadlineSpec(kind="risk_report", label="季度风险排查处置情况报告", rule_id="COLL-A23",
                        amount=(end - start).days, unit="days", on_breach=Breach.ESCALATE, warn_workdays=5)


def risk_reports_ensure(*, on: date) -> int:
    """Create the quarter's report rows for every sector regulator and member unit (by the system: history
    "登记", work item, audit row), each with its clock running from the quarter's first day."""
    year, quarter, start, end = quarter_bounds(on)
    made = 0
    for org in Organisation.objects.filter(type__in=REPORTING_TYPES, is_active=True).select_related("region"):
        if RiskReport.objects.filter(organisation=org, year=year, quarter=quarter).exists():
            continue
        try:
            with transaction.atomic():
                report = record_create(model=RiskReport, actor=None, fields={
                    "organisation": org, "lead_department": lead_department_for_region(org.region), "year": year,
                    "quarter": quarter, "reference": f"RPT-{year}Q{quarter}-{org.pk:05d}"})
                # The period is the quarter, not "from now": the clock starts at the quarter's first day.
                deadline_start(case=report, spec=_quarter_spec(start, end),
                               start=timezone.make_aware(datetime.combine(start, time.min)),
                               title=str(report), new_case=True)
        except IntegrityError:
            continue  # another run made it
        made += 1
    return made


def risk_report_submit(*, report: RiskReport, actor: Any, content: str):
    """Submit the quarter's report to the lead department of the same level (the workflow's ``submit``: COLL-A23
    checks the content; the clock closes as met)."""
    return action_perform(obj=report, name="submit", actor=actor, data={"content": content}).case


def supervision_issue(*, actor: Any, kind: str, target_name: str, content: str, days: int = 0) -> SupervisionAction:
    """A warning talk or a rectification order (COLL-A27); a rectification order runs a deadline of ``days``."""
    org = actor.organisation
    trace = rules_evaluate(("COLL-A27",), {"issuer_type": org.type, "kind": kind, "days": int(days or 0)},
                           on=timezone.localdate())
    if not trace.ok:
        raise ValidationError(trace.messages()[0])
    if not (target_name or "").strip() or not (content or "").strip():
        raise ValidationError("请填写对象和内容。")
    with transaction.atomic():
        return record_create(model=SupervisionAction, actor=actor, trace=trace, fields={
            "kind": kind, "organisation": org, "target_name": target_name.strip(), "content": content.strip(),
            "days": int(days or 0), "reference": reference_next(prefix="COLLZG", year=timezone.localdate().year)},
            start_deadlines=(RECTIFICATION,) if kind == ch.SupervisionKind.RECTIFICATION else ())


def supervision_complete(*, action: SupervisionAction, actor: Any, comment: str = "") -> SupervisionAction:
    """整改完成 (the workflow's ``complete``): the rectification clock closes as met."""
    return action_perform(obj=action, name="complete", actor=actor, comment=comment).case


def risk_alert_publish(*, actor: Any, audience: str, title: str, content: str, regions=()) -> RiskAlert:
    """Publish a risk alert (COLL-A26)."""
    org = actor.organisation
    trace = rules_evaluate(("COLL-A26",), {"audience": audience, "issuer_level": org.region.level,
                                           "issuer_is_lead": org.type == OrganisationType.FUNDRAISING_LEAD},
                           on=timezone.localdate())
    if not trace.ok:
        raise ValidationError(trace.messages()[0])
    alert = RiskAlert.objects.create(organisation=org, audience=audience, title=title, content=content)
    if regions:
        alert.regions.set(regions)
    if audience == ch.AlertAudience.REGIONS:
        from gazette.notifications.models import NotificationKind
        from gazette.notifications.services import notification_send

        for lead in Organisation.objects.filter(type=OrganisationType.FUNDRAISING_LEAD, region__in=list(regions)):
            notification_send(kind=NotificationKind.INFO, title=f"风险提示：{title}", body=content,
                              organisation=lead, url="", reference="")
    return alert
