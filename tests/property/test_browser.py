"""Issue 13 done-when in the browser: the street office takes an area from the trigger to an established committee,
an owner objects on the public page with the SMS code, the objection is checked and answered."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from property.models import Committee, SmsMessage

from .conftest import close_notices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _field(name: str, action: str) -> str:
    return f"form[data-action={action.replace('_', '-')}] [name={name}]"


def _act(page, name):
    page.click(f"button[data-action={name}]")
    page.wait_for_load_state("networkidle")


def test_street_office_forms_a_committee_and_answers_an_owners_objection(
        page, live_server, browser_login, street_clerk, make_area, seat_candidates):
    cache.clear()
    area = make_area()
    browser_login(street_clerk)
    page.goto(f"{live_server.url}{area.get_absolute_url()}")
    page.select_option("#formation-form #id_trigger", "delivery_under_half")
    page.fill("#formation-form #id_registration", "即日起到社区居委会报名")
    page.fill("#formation-form #id_places", "小区东门公告栏")
    page.click("#formation-form button[type=submit]")
    assert "两处以上" in page.inner_text("#formation-form")           # one place: refused, nothing saved
    page.fill("#formation-form #id_places", "小区东门公告栏\n3号楼单元门")
    page.click("#formation-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    committee = Committee.objects.get(area=area)
    assert page.inner_text("#committee-state") == "组建公告公示中"
    assert "规章已失效" in page.inner_text("#regulation-lapsed")
    assert "组建成立期限" in page.inner_text("#deadlines")

    close_notices(committee)                                          # seven days later
    seat_candidates(committee)
    page.goto(f"{live_server.url}{committee.get_absolute_url()}")
    page.fill(_field("places", "fix_candidates"), "小区东门公告栏\n3号楼单元门")
    _act(page, "fix_candidates")
    assert page.inner_text("#committee-state") == "成员名单公示中"

    # An owner objects on the public page, without an account.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/property/notices/")
    page.click("text=锦绣园物业管理委员会成员名单公示")
    page.fill("#id_c-unit_number", "1-050")
    page.click("#code-form button")
    assert "139****0050" in page.inner_text("#code-sent")
    code = SmsMessage.objects.latest("sent_at").text.split("验证码")[1][:6]
    page.fill("#id_o-code", code)
    page.fill("#id_o-content", "候选人与物业服务人有直接利益关系")
    page.click("#objection-form button")
    assert "异议已收到" in page.inner_text("#objection-received")

    close_notices(committee, rule_id="PROP-A12")                       # the list posting ends, objection pending
    assert committee.state == "list_posted"
    browser_login(street_clerk)
    page.goto(f"{live_server.url}{committee.get_absolute_url()}")
    assert "待核查" in page.inner_text("#objections")
    page.fill(".answer-form [name=handling]", "经核实，该候选人与物业服务人无利益关系")
    page.fill(".answer-form [name=places]", "小区东门公告栏")
    page.click(".answer-form button")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#committee-state") == "已成立，待备案"
    assert "异议不成立" in page.inner_text("#objections")


def test_public_board_searches_and_prints_without_login(page, live_server, form_committee):
    cache.clear()
    committee = form_committee()
    page.goto(f"{live_server.url}/property/notices/")
    page.fill("input[name=q]", "拟组建")
    page.click("form[role=search] button")
    assert "关于锦绣园拟组建物业管理委员会的公告" in page.inner_text("#notices")
    page.click("text=关于锦绣园拟组建物业管理委员会的公告")
    assert "小区东门公告栏" in page.inner_text("#notice")
    response = page.request.get(f"{live_server.url}{page.get_attribute('#print-link', 'href')}")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert committee.reference not in page.content()
