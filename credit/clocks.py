"""The statutory clocks of the yearly cycle (CRED-A9) as data, read by the workflow and the services alike. Each
counts Chinese working days on the engine's calendar (holidays skipped, make-up working days counted) and explains
its counting on the rating's page; a breach escalates to the responsible department's superior."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from gazette.workflow.definitions import Breach, DeadlineSpec


def verification_start(rating) -> datetime:
    """第九条（一）: the county's 7 working days run from the close of the submission window, or from a late
    submission."""
    close = timezone.make_aware(datetime.combine(rating.cycle.submission_closes, time(18, 0)))
    return max(close, timezone.now())


VERIFICATION = DeadlineSpec(
    kind="verification", label="县级核实期限", rule_id="CRED-A9-1", amount=7, unit="workdays",
    on_breach=Breach.ESCALATE, warn_workdays=2,
    responsible=lambda rating: rating.county_department,
)
COMPLETION = DeadlineSpec(
    kind="completion", label="企业补齐资料期限", rule_id="CRED-A9-1", amount=3, unit="workdays",
    on_breach=Breach.ESCALATE, warn_workdays=1, responsible=lambda rating: rating.enterprise.organisation,
)
SCORING = DeadlineSpec(
    kind="scoring", label="市级评分期限", rule_id="CRED-A9-2", amount=10, unit="workdays", on_breach=Breach.ESCALATE,
    warn_workdays=2, responsible=lambda rating: rating.city_department,
)
PROVINCE_REVIEW = DeadlineSpec(
    kind="province_review", label="省级审核期限", rule_id="CRED-A9-2", amount=10, unit="workdays",
    on_breach=Breach.ESCALATE, warn_workdays=2, responsible=lambda rating: rating.province_department,
)
NOTICE_WORKDAYS = 5   # 第九条（三）公示期不少于5个工作日; 159号第九条 公示期为5个工作日
