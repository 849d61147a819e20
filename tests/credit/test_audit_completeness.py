"""Every transition of both credit workflows writes exactly one audit row (issue 7, tests/audit_walk.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from credit.services import objection_decide, objection_submit, rating_notice, rating_start, scores_enter
from credit.star.workflow import STAR_WORKFLOW
from credit.workflow import WORKFLOW
from tests.audit_walk import AuditedWalk
from tests.credit.conftest import points_for

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_every_rating_transition_is_audited_once(make_enterprise, sheets, cycle, staff):
    walk = AuditedWalk(WORKFLOW)
    firm = make_enterprise("developer")
    with time_machine.travel(datetime(2026, 2, 12, 10, tzinfo=SH), tick=False):
        rating = rating_start(enterprise=firm, cycle=cycle, actor=firm.user)
        rating = walk(rating, "submit", firm.user, data={"declaration": "申报", "pledge": True})
        rating = walk(rating, "request_completion", staff["county"], data={"gap_items": "缺少经营业绩情况"})
        rating = walk(rating, "complete", firm.user)
        rating = walk(rating, "verify", staff["county"], data={})
        scores_enter(rating=rating, actor=staff["city"], points=points_for(sheets["developer"], Decimal("95")))
        rating = walk(rating, "initial_rating", staff["city"])
        assert rating.state == "province_review"      # an initial A goes to the province (第九条第二项)
        rating = walk(rating, "review", staff["province"])
        rating = walk(rating, "publish_notice", staff["province"])
        objection = objection_submit(rating=rating, objector="某业主", content="交付逾期")
        objection_decide(objection=objection, outcome="upheld", handling="属实", actor=staff["city"])
        scores_enter(rating=rating, actor=staff["city"], points=points_for(sheets["developer"], Decimal("89")))
        rating = walk(rating, "rerate", staff["city"], comment="依异议重新评定")
        assert rating.grade == "B"
    with time_machine.travel(datetime(2026, 4, 20, 10, tzinfo=SH), tick=False):
        notice = rating_notice(rating)
        notice.status = "closed"
        notice.save(update_fields=["status"])
        rating = walk(rating, "finalise", staff["province"])
        rating = walk(rating, "dynamic_rerate", staff["city"], data={"trigger": "新增行政处罚"})
    walk.assert_complete(rating)


def test_every_star_transition_is_audited_once(make_enterprise, depts, staff):
    from tests.record_factories import credit_star_application

    walk = AuditedWalk(STAR_WORKFLOW)
    app = credit_star_application()
    app.county_department, app.city_department = depts["county"], depts["city"]
    app.organisation = depts["county"]
    app.save(update_fields=["county_department", "city_department", "organisation"])
    app = walk(app, "county_rate", staff["county"], data={"score": Decimal("75")})
    assert app.state == "city_review"
    app = walk(app, "city_rate", staff["city"], data={"score": Decimal("90")})
    assert app.state == "province_review"
    app = walk(app, "province_decide", staff["province"], data={"five_star": True})
    assert app.stars == 5
    app = walk(app, "announce", staff["province"])
    app = walk(app, "award", staff["province"])
    assert app.valid_until is not None and app.valid_until.year == date.today().year + 2
    app = walk(app, "revoke", staff["province"], data={"ground": "contract_ended"}, comment="合同终止")
    walk.assert_complete(app)
