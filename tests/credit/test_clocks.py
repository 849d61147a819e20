"""The cycle's clocks count Chinese working days (holidays skipped, make-up days counted), explain their counting,
and escalate to the responsible department's superior when breached."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from credit.services import rating_start
from gazette.deadlines.models import Deadline
from gazette.deadlines.services import deadlines_sweep
from gazette.notifications.models import Notification

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_the_gap_notice_clock_counts_the_make_up_saturday(make_enterprise, sheets, cycle, staff, act):
    firm = make_enterprise("developer")
    with time_machine.travel(datetime(2026, 2, 12, 10, tzinfo=SH), tick=False):
        rating = rating_start(enterprise=firm, cycle=cycle, actor=firm.user)
        act(rating, "submit", firm.user, declaration="申报", pledge=True)
    with time_machine.travel(datetime(2026, 2, 13, 16, tzinfo=SH), tick=False):   # Friday before the holiday
        act(rating, "request_completion", staff["county"], gap_items="缺少资质证书")
    completion = Deadline.objects.get(object_id=rating.pk, kind="completion")
    # 14 Feb (a make-up working Saturday), then the Spring Festival holiday 15–23 Feb, then 24 and 25 Feb.
    assert completion.due_at.astimezone(SH).date() == date(2026, 2, 25)
    assert "2026" in completion.explanation["summary"]
    verification = Deadline.objects.get(object_id=rating.pk, kind="verification")
    assert verification.status == "paused"


def test_a_breached_scoring_clock_escalates_to_the_province(make_enterprise, sheets, cycle, staff, act, depts):
    firm = make_enterprise("brokerage")
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SH), tick=False):
        rating = rating_start(enterprise=firm, cycle=cycle, actor=firm.user)
        act(rating, "submit", firm.user, declaration="申报", pledge=True)
        act(rating, "verify", staff["county"])
    scoring = Deadline.objects.get(object_id=rating.pk, kind="scoring")
    assert scoring.organisation == depts["city"]
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=SH), tick=False):   # 14 working days later
        deadlines_sweep()
    scoring.refresh_from_db()
    assert scoring.status == "breached"
    assert Notification.objects.filter(organisation=depts["prov"], kind="escalated",
                                       reference=rating.reference).exists()
