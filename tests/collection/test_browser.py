"""Issue #5 done-when: a public report becomes a clue, is verified, opened, investigated and disposed of in the
browser, with every clock shown in working days."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from collection.models import Clue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page, name):
    page.click(f"button[data-action={name}]")
    page.wait_for_load_state("networkidle")


def _field(name: str, action: str) -> str:
    """A field of an action's small form in the case page's action panel (declared input, gazette.workflow)."""
    return f"form[data-action={action.replace('_', '-')}] [name={name}]"


def test_public_report_to_disposal_in_the_browser(page, live_server, browser_login, users, orgs):
    cache.clear()
    page.goto(f"{live_server.url}/collection/report/")
    page.fill("#id_subject_name", "太原某某财富管理有限公司")
    page.select_option("#id_subject_region", "140105")
    page.fill("#id_description", "以养老项目名义承诺年化20%回报，向社区老人吸收资金")
    page.fill("#id_reporter_name", "李举报")
    page.click("button[type=submit]")
    receipt = page.inner_text("#receipt")
    assert page.inner_text("#state") == "已登记"
    clue = Clue.objects.get(receipt_number=receipt)

    browser_login(users["county_clerk"])
    page.goto(f"{live_server.url}/collection/clues/")
    assert "初核期限" in page.inner_text("#clues") and "个工作日" in page.inner_text("#clues")
    page.click(f"text={clue.reference}")
    assert "李举报" in page.inner_text("#reporter")
    assert "剩余" in page.inner_text("#deadlines") and "个工作日" in page.inner_text("#deadlines")
    _act(page, "verify_start")
    page.select_option(_field("fundraising_type", "apply_disposal"), "promised_return")
    page.fill(_field("verification_summary", "apply_disposal"), "经初核，线索基本属实")
    _act(page, "apply_disposal")
    assert page.inner_text("#clue-state") == "已申请处置，待决定"
    assert "启动处置决定期限" in page.inner_text("#deadlines")

    page.context.clear_cookies()
    browser_login(users["county_approver"])
    page.goto(f"{live_server.url}{clue.get_absolute_url()}")
    _act(page, "open")
    assert page.inner_text("#clue-state") == "调查认定中"

    page.context.clear_cookies()
    browser_login(users["county_clerk"])
    page.goto(f"{live_server.url}{clue.get_absolute_url()}")
    for name, cred in (("张调查", "14010001"), ("李调查", "14010002")):
        page.fill("#team-form #id_name", name)
        page.fill("#team-form #id_credential_number", cred)
        page.click("#team-form button")
        page.wait_for_load_state("networkidle")
    page.fill("#team-form #id_name", "王利害")
    page.fill("#team-form #id_credential_number", "14010003")
    page.check("#team-form #id_has_interest")
    page.click("#team-form button")
    page.wait_for_load_state("networkidle")
    assert "应当回避" in page.inner_text(".messages")
    page.select_option("#evidence-form #id_kind", "documentary")
    page.fill("#evidence-form #id_title", "投资协议书")
    page.fill("#evidence-form #id_obtained_on", "2026-11-20")
    page.check("#evidence-form #id_verified")
    page.click("#evidence-form button")
    page.wait_for_load_state("networkidle")
    page.fill(_field("report_facts", "submit_report"), "以承诺回报方式向不特定对象吸收资金")
    page.select_option(_field("report_determination", "submit_report"), "illegal")
    page.fill(_field("report_legal_basis", "submit_report"), "《防范和处置非法集资条例》第二条、第三十条")
    page.fill(_field("report_proposed_penalty", "submit_report"), "责令停止、清退并处罚款")
    _act(page, "submit_report")
    assert page.inner_text("#clue-state") == "调查报告已提交"
    page.fill(_field("penalty_decision", "start_disposal"), "罚款人民币50万元")
    _act(page, "start_disposal")
    assert page.inner_text("#clue-state") == "处置中"
    clue.refresh_from_db()
    assert clue.state == "disposing" and clue.team.count() == 2
