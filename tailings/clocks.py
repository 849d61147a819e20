"""The statutory clocks of 98号 as data (read by the workflows and the services alike). Each is a deadline row
swept by Celery beat, and explains its counting (``gazette.workcalendar.periods``)."""

from __future__ import annotations

from datetime import date

from gazette.workflow.definitions import Breach, DeadlineSpec

from .rules import CLOSURE_MONTHS, TRIAL_MAX_MONTHS

# 第十六条: the trial run lasts at most 6 months from its start (the 30-day minimum is checked when it ends).
TRIAL_RUN = DeadlineSpec(
    kind="trial_run", label="试运行最长期限（6个月）", rule_id="TAIL-A16-LENGTH", amount=TRIAL_MAX_MONTHS,
    unit="months", on_breach=Breach.ESCALATE, warn_workdays=10, responsible=lambda f: f.organisation,
)
# 第二十六条: a new facility is linked to the departments' monitoring networks within 2 months of its licence.
MONITORING_LINK = DeadlineSpec(
    kind="monitoring_link", label="在线监测联网期限（取得许可证后2个月）", rule_id="TAIL-A26", amount=2, unit="months",
    on_breach=Breach.ESCALATE, warn_workdays=5, responsible=lambda f: f.organisation,
)
# 第三十条: closure and 销号 within 1 year of the trigger, plus the extensions the local department consented to.
CLOSURE = DeadlineSpec(
    kind="closure", label="闭库治理并销号期限", rule_id="TAIL-A30",
    amount=lambda f: CLOSURE_MONTHS + int(f.closure_extension_months or 0), unit="months",
    on_breach=Breach.ESCALATE, warn_workdays=20, responsible=lambda f: f.organisation,
)
# 第三十一条: the closure survey, evaluation and design are made in the 12 months before the final elevation.
CLOSURE_DESIGN = DeadlineSpec(
    kind="closure_design", label="闭库设计期限（到达设计最终标高前12个月内）", rule_id="TAIL-A31", amount=12,
    unit="months", on_breach=Breach.ESCALATE, warn_workdays=20, responsible=lambda f: f.organisation,
)
# 第二十七条 / 第三十六条: the ordering department sets the rectification deadline; overdue → its superior.
RECTIFICATION = DeadlineSpec(
    kind="rectification", label="隐患整改期限", rule_id="TAIL-A27",
    amount=lambda d: max((d.deadline_on - d.ordered_on).days, 1), unit="days", on_breach=Breach.ESCALATE,
    warn_workdays=2, responsible=lambda d: d.ordered_by or d.facility.supervisor,
)
# 第二十六条 with the facility's alarm levels: an alarm not acknowledged in time goes to the department's superior.
ALARM_ACK = DeadlineSpec(
    kind="alarm_ack", label="报警确认时限", rule_id="TAIL-A26", amount=lambda a: a.escalate_hours, unit="hours",
    on_breach=Breach.ESCALATE, responsible=lambda a: a.facility.supervisor,
)


def before_flood_season(kind: str, *, starts: date, flood_season: date) -> DeadlineSpec:
    """第二十条 (drill) / 第二十四条 (flood routing): due before the year's flood-season start (data)."""
    label, rule_id = {"drill": ("应急救援演练（汛前）", "TAIL-A20"),
                      "flood_routing": ("调洪演算（汛前）", "TAIL-A24")}[kind]
    return DeadlineSpec(kind=kind, label=label, rule_id=rule_id, amount=max((flood_season - starts).days - 1, 1),
                        unit="days", on_breach=Breach.ESCALATE, warn_workdays=10,
                        responsible=lambda f: f.organisation)
