"""The statutory clocks of the clue workflow and of rectification orders as data (read by the workflows and the
services alike)."""

from __future__ import annotations

from gazette.workflow.definitions import Breach, DeadlineSpec

VERIFICATION = DeadlineSpec(
    kind="verification", label="初核期限", rule_id="COLL-A30", amount=10, unit="workdays", on_breach=Breach.ESCALATE,
    warn_workdays=2,
)
DECISION = DeadlineSpec(
    kind="open_decision", label="启动处置决定期限", rule_id="COLL-A34", amount=10, unit="workdays",
    on_breach=Breach.ESCALATE, warn_workdays=2, responsible=lambda case: case.lead_department,
)
DISPUTE = DeadlineSpec(
    kind="dispute", label="管辖争议确定期限", rule_id="COLL-A33", amount=10, unit="workdays",
    on_breach=Breach.ESCALATE, responsible=lambda case: case.dispute_arbiter,
)
# 第二十七条: a rectification order runs for the days it states.
RECTIFICATION = DeadlineSpec(
    kind="rectification", label="整改期限", rule_id="COLL-A27", amount=lambda action: action.days, unit="days",
    on_breach=Breach.NOTIFY,
)
