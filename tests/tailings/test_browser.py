"""Issue 17 done-when in the browser: an operator registers a project 2.9 km from the Yellow River and sees the
TAIL-A9 refusal cite 第九条, registers a compliant one and submits it, and the county department approves it; the
county department sees a red alarm in 我的待办, acknowledges it, and sees it clear when the readings recover."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tailings.api.authentication import monitoring_system_create
from tailings.models import Alarm, AlarmLimit, Facility, Station
from tailings.monitoring import readings_ingest
from tests.tailings.factories import to_operating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLIANT = {
    "name": "娄烦浏览器新建尾矿库", "grade": "4", "total_dam_height": "45", "starter_dam_crest_elevation": "1210",
    "final_design_elevation": "1250", "current_elevation": "1200", "outer_slope_ratio": "3.5",
    "design_life_years": "12", "matching_mine": "娄烦铁矿", "rise_rate": "4", "safety_managers": "2",
    "technicians": "1", "special_operators": "6",
}
SELECTS = {"project_kind": "new", "discharge_method": "dry", "dam_method": "one_time",
           "survey_qualification": "grade_b", "design_qualification": "grade_a",
           "construction_qualification": "second", "supervision_qualification": "grade_b", "county": "140123"}
CHECKS = ("geotechnical_survey", "detailed_survey", "evaluator_qualified", "evaluator_has_engineer")


def _register(page, live_server, orgs, *, name, km, grade="4"):
    page.goto(f"{live_server.url}/tailings/facilities/new/")
    for field, value in {**COMPLIANT, "name": name, "yellow_river_distance_km": km, "grade": grade}.items():
        page.fill(f"#id_{field}", value)
    for field, value in SELECTS.items():
        page.select_option(f"#id_{field}", value)
    page.select_option("#id_supervisor", str(orgs["county"].pk))
    for field in CHECKS:
        page.check(f"#id_{field}")
    page.click("#facility-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_operator_project_review_and_department_approval(page, live_server, browser_login, users, orgs):
    browser_login(users["operator"])
    _register(page, live_server, orgs, name="娄烦黄河边尾矿库", km="2.9")
    assert page.is_visible("#review-blocked")
    row = page.inner_text("#rule-TAIL-A9")
    assert "第九条" in row and "不符合" in row and "3公里范围内" in row
    # bad input: grade 6 is refused naming the field and article, nothing saved
    _register(page, live_server, orgs, name="坏等别尾矿库", km="50", grade="6")
    assert "等别" in page.inner_text("#error-grade") and "第十四条" in page.inner_text("#error-grade")
    assert not Facility.objects.filter(name="坏等别尾矿库").exists()
    _register(page, live_server, orgs, name="娄烦合规尾矿库", km="12.5")
    assert page.is_visible("#review-ok")
    facility = Facility.objects.get(name="娄烦合规尾矿库")
    page.goto(f"{live_server.url}{facility.get_absolute_url()}")
    page.click("button[data-action=submit_design]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#facility-state") == "安全设施设计审查中"

    page.context.clear_cookies()
    browser_login(users["county_approver"])
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/inbox/")
    assert facility.reference in page.content()
    blocked = Facility.objects.get(name="娄烦黄河边尾矿库")
    page.goto(f"{live_server.url}{facility.get_absolute_url()}")
    page.click("button[data-action=approve_design]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#facility-state") == "建设中"
    assert blocked.state == "planned"


def test_department_sees_red_alarm_acknowledges_and_it_clears(page, live_server, browser_login, users, orgs):
    from tests.tailings.factories import facility_make

    facility = to_operating(facility_make(operator=orgs["operator"], supervisor=orgs["county"]))
    Station.objects.create(facility=facility, code="JR-01", quantity="phreatic_depth", unit="m")
    AlarmLimit.objects.create(facility=facility, quantity="phreatic_depth", level="red", direction="below",
                              threshold=4.0, clear_margin=0.3, escalate_hours=1, effective_from=timezone.localdate())
    system, _token = monitoring_system_create(name="浏览器测试监测系统", operator=orgs["operator"])

    def push(value, minutes_ago):
        at = (timezone.now() - timedelta(minutes=minutes_ago)).isoformat()
        return readings_ingest(system=system, readings=[{
            "facility": facility.reference, "station": "JR-01", "quantity": "phreatic_depth", "value": value,
            "unit": "m", "measured_at": at}])

    push(7.5, 30)
    push(3.7, 10)   # the phreatic line rises above its limit (depth below 4.0 m)
    alarm = Alarm.objects.get()
    browser_login(users["county_clerk"])
    page.goto(f"{live_server.url}/inbox/")
    assert alarm.reference in page.content() and "待确认监测报警" in page.content()
    page.goto(f"{live_server.url}{facility.get_absolute_url()}")
    assert page.locator("svg.chart .alarm-mark").count() == 1
    assert page.locator("svg.chart .limit").count() == 1
    page.goto(f"{live_server.url}{alarm.get_absolute_url()}")
    assert "红色" in page.inner_text("h1")
    page.click("button[data-action=acknowledge]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#alarm-state") == "已确认，处置中"
    push(4.2, 5)    # inside the limit but not past the 0.3 m hysteresis: still active
    page.reload()
    assert page.inner_text("#alarm-state") == "已确认，处置中"
    push(7.2, 1)
    page.reload()
    assert page.inner_text("#alarm-state") == "已解除"
