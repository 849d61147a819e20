"""The firm, county, city and public pages in a real browser: a property firm submits, the county sends one gap
notice, the firm completes, the county verifies; the city scores 88.5 on the sample sheet (B); the final B is on the
public list."""

from __future__ import annotations

from decimal import Decimal

import pytest

from credit.models import Rating
from tests.credit.conftest import points_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page, name):
    page.click(f"button[data-action={name}]")
    page.wait_for_load_state("networkidle")


def _field(name: str, action: str) -> str:
    return f"form[data-action={action.replace('_', '-')}] [name={name}]"


def _switch(page, browser_login, user):
    page.context.clear_cookies()
    browser_login(user)


def test_firm_submits_county_notifies_gaps_once_and_verifies(page, live_server, browser_login, make_enterprise,
                                                               sheets, cycle, staff):
    from datetime import date

    from credit.models import CreditCycle

    # The portal offers the coming cycle (its window is the administrator's: 8–19 February 2027).
    CreditCycle.objects.create(year=2027, notice_date=date(2027, 2, 1), submission_opens=date(2027, 2, 8),
                               submission_closes=date(2027, 2, 19), city_report_by=date(2027, 3, 19),
                               notice_opens=date(2027, 4, 1), final_by=date(2027, 4, 30))
    firm = make_enterprise("property_service", name="浏览器测试物业有限公司")
    browser_login(firm.user)
    page.goto(f"{live_server.url}/credit/portal/")
    page.click("#start-2027")
    page.wait_for_load_state("networkidle")
    page.fill(_field("declaration", "submit"), "2025年度经营情况、资质与主要人员")
    page.check(_field("pledge", "submit"))
    _act(page, "submit")
    assert page.inner_text("#state") == "县级核实中"
    assert "县级核实期限" in page.inner_text("#deadlines") and "工作日" in page.inner_text("#deadlines")
    rating = Rating.objects.get(enterprise=firm)

    _switch(page, browser_login, staff["county"])
    page.goto(f"{live_server.url}{rating.get_absolute_url()}")
    page.fill(_field("gap_items", "request_completion"), "缺少业主满意度调查表")
    _act(page, "request_completion")
    assert page.inner_text("#state") == "待企业补齐资料"
    assert "缺少业主满意度调查表" in page.inner_text("#gap-notice")
    assert page.locator("form[data-action=request-completion]").count() == 0   # one notice only

    _switch(page, browser_login, firm.user)
    page.goto(f"{live_server.url}{rating.get_absolute_url()}")
    _act(page, "complete")
    assert page.inner_text("#state") == "县级核实中"

    _switch(page, browser_login, staff["county"])
    page.goto(f"{live_server.url}{rating.get_absolute_url()}")
    page.fill(_field("street_opinion", "verify"), "坞城街道、社区：服务规范")
    _act(page, "verify")
    assert page.inner_text("#state") == "市级评分中"


def test_city_scores_88_5_and_the_public_sees_the_final_b(page, live_server, browser_login, make_enterprise,
                                                          sheets, cycle, staff, act):
    from credit.services import rating_notice, rating_start

    firm = make_enterprise("property_service", name="公示测试物业有限公司")
    rating = rating_start(enterprise=firm, cycle=cycle, actor=firm.user)
    act(rating, "submit", firm.user, declaration="申报", pledge=True)
    act(rating, "verify", staff["county"], street_opinion="无意见")

    browser_login(staff["city"])
    page.goto(f"{live_server.url}{rating.get_absolute_url()}")
    for code, points in points_for(sheets["property_service"], Decimal("88.50")).items():
        page.fill(f"#score-form [name=points_{code}]", str(points))
    page.click("#score-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    _act(page, "initial_rating")
    assert page.inner_text("#grade") == "B" and "88.50" in page.inner_text("#score")
    assert "CRED-A11" in page.inner_text("#ruletrace")

    rating.refresh_from_db()
    act(rating, "publish_notice", staff["province"])
    notice = rating_notice(rating)
    type(notice).objects.filter(pk=notice.pk).update(status="closed")
    act(rating, "finalise", staff["province"])

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/credit/grades/")
    page.fill("#grade-search [name=q]", "公示测试")
    page.click("#grade-search button[type=submit]")
    page.wait_for_load_state("networkidle")
    table = page.inner_text("#grades")
    assert "公示测试物业有限公司" in table and "B级" in table and "2026" in table
