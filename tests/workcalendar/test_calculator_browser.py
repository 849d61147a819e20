"""The deadline calculator driven through a real Chromium."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_computes_a_deadline_across_national_day(browser_login, clerk, live_server):
    page = browser_login(clerk)
    with page.expect_navigation():
        page.click("nav.mainnav >> text=期限计算器")
    page.fill("#id_start_date", "2024-09-30")
    page.fill("#id_amount", "3")
    page.select_option("#id_unit", "workdays")
    with page.expect_navigation():
        page.click("form.formgrid button[type=submit]")
    assert page.locator("h1").inner_text() == "期限计算器"
    assert "至2024年10月10日24时届满" in page.locator("#period-summary").inner_text()
    rows = page.locator("#explanation tbody tr")
    assert rows.count() == 11
    assert "起算日不计入" in rows.nth(0).inner_text()
    assert page.locator(".badge.provisional").count() == 0
