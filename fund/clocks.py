"""The fund's statutory clocks as data (read by the workflow and the services alike)."""

from __future__ import annotations

from gazette.workflow.definitions import Breach, DeadlineSpec

REVIEW = DeadlineSpec(kind="review", label="审核期限", rule_id="FUND-A29", amount=3, unit="workdays",
                      on_breach=Breach.ESCALATE)
PAYMENT = DeadlineSpec(kind="payment", label="划拨期限", rule_id="FUND-A29", amount=2, unit="workdays",
                       on_breach=Breach.ESCALATE)
MASS_48H = DeadlineSpec(kind="mass_48h", label="群死群伤48小时应急时限", rule_id="FUND-A20", amount=48, unit="hours",
                        on_breach=Breach.ESCALATE)
