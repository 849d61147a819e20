"""The fund's statutory clocks as data (read by the workflow and the services alike)."""

from __future__ import annotations

from gazette.workflow.definitions import Breach, DeadlineSpec

REVIEW = DeadlineSpec(kind="review", label="审核期限", rule_id="FUND-A29", amount=3, unit="workdays",
                      on_breach=Breach.ESCALATE)
PAYMENT = DeadlineSpec(kind="payment", label="划拨期限", rule_id="FUND-A29", amount=2, unit="workdays",
                       on_breach=Breach.ESCALATE)
MASS_48H = DeadlineSpec(kind="mass_48h", label="群死群伤48小时应急时限", rule_id="FUND-A20", amount=48, unit="hours",
                        on_breach=Breach.ESCALATE)

# 第二十九条第二款: the manager collects missing materials from the applicant and the hospital; the article sets no
# period, so the manager names one when asking (``request_documents``' input, default 5 working days). The clock
# runs for whoever is asked (the hospital that applied) and notifies on breach.
SUPPLY_DEFAULT_WORKDAYS = 5
SUPPLY = DeadlineSpec(kind="documents", label="补正材料期限", rule_id="FUND-A29",
                      amount=lambda case: getattr(case, "supply_workdays", SUPPLY_DEFAULT_WORKDAYS), unit="workdays",
                      on_breach=Breach.NOTIFY, responsible=lambda case: case.hospital or case.organisation)
