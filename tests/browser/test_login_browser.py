from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_through_the_real_login_page_and_sees_the_inbox(browser_login, clerk, live_server):
    page = browser_login(clerk)
    assert page.url.endswith("/inbox/")
    assert page.locator("h1").inner_text() == "我的待办"
    assert clerk.full_name in page.locator(".usermenu").inner_text()


def test_wrong_password_shows_a_chinese_error(page, live_server, clerk):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", clerk.username)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "/accounts/login/" in page.url
    assert "请输入一个正确的" in page.locator(".errorbox").inner_text()


def test_language_switch_to_english(browser_login, clerk):
    page = browser_login(clerk)
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("h1").inner_text() == "My tasks"
