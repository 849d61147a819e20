"""COLL-A23 quarterly reports as deadlines at quarter end, COLL-A27 warning talks / rectification orders with
deadlines, COLL-A26 risk alerts."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from collection.models import RiskReport
from collection.prevention.services import (
    risk_alert_publish,
    risk_report_submit,
    risk_reports_ensure,
    supervision_issue,
)
from gazette.deadlines.selectors import deadline_list_for_case
from gazette.notifications.models import Notification
from gazette.ui.inbox import inbox_entries
from gazette.workflow.engine import case_history
from gazette.workflow.exceptions import GuardFailed
from gazette.workflow.models import WorkItem

pytestmark = pytest.mark.django_db


def test_quarterly_reports_fall_due_at_quarter_end_and_are_made_once(orgs, users, make_user):
    regulator_user = make_user("clerk", organisation=orgs["member"])
    with time_machine.travel(date(2026, 11, 16), tick=False):
        assert risk_reports_ensure(on=date(2026, 11, 16)) == 1
        assert risk_reports_ensure(on=date(2026, 11, 16)) == 0
    report = RiskReport.objects.get()
    assert (report.year, report.quarter, report.lead_department) == (2026, 4, orgs["county"])
    clock = deadline_list_for_case(report).get()
    assert clock.rule_id == "COLL-A23" and timezone.localtime(clock.due_at).date() == date(2026, 12, 31)
    assert any(e.rule_id == "COLL-A23" for e in inbox_entries(regulator_user))
    with pytest.raises(GuardFailed, match="报告内容不能为空"):
        risk_report_submit(report=report, actor=regulator_user, content="  ")
    risk_report_submit(report=report, actor=regulator_user, content="本季度排查企业12家，发现风险线索1条")
    assert deadline_list_for_case(report).get().status == "met"
    assert [h.transition for h in case_history(report)] == ["create", "submit"]
    assert not WorkItem.objects.filter(object_id=report.pk, state="due").exists()


def test_report_page_lets_the_regulator_submit(client, orgs, make_user):
    user = make_user("clerk", organisation=orgs["member"])
    risk_reports_ensure(on=timezone.localdate())
    report = RiskReport.objects.get()
    client.force_login(user)
    page = client.get(reverse("collection:report_detail", args=[report.pk])).content.decode()
    assert f'action="/collection/reports/{report.pk}/submit/"' in page and "COLL-A23" in page
    response = client.post(reverse("collection:report_action", args=[report.pk, "submit"]),
                           {"content": "无新增风险", "expected_state": "due"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.content == "无新增风险"
    assert "无新增风险" in client.get(report.get_absolute_url()).content.decode()


def test_rectification_order_needs_a_deadline_and_runs_one(users):
    with pytest.raises(ValidationError, match="整改期限"):
        supervision_issue(actor=users["county_clerk"], kind="rectification", target_name="某公司", content="整改")
    action = supervision_issue(actor=users["county_clerk"], kind="rectification", target_name="某公司",
                               content="名称含“理财”字样，限期变更", days=15)
    clock = deadline_list_for_case(action).get()
    assert clock.rule_id == "COLL-A27" and clock.amount == 15 and clock.unit == "days"
    talk = supervision_issue(actor=users["county_clerk"], kind="warning_talk", target_name="某合作社", content="约谈")
    assert not deadline_list_for_case(talk).exists()


def test_risk_alert_to_regions_is_provincial_and_notifies_them(orgs, make_user, users):
    with pytest.raises(ValidationError, match="省地方金融监管局"):
        risk_alert_publish(actor=users["city_approver"], audience="regions", title="t", content="c")
    province = make_user("approver", organisation=orgs["prov"])
    risk_alert_publish(actor=province, audience="regions", title="虚拟货币理财风险", content="注意",
                       regions=[orgs["city"].region])
    assert Notification.objects.filter(organisation=orgs["city"], title__contains="虚拟货币").exists()


def test_public_alert_shows_on_the_public_report_page(client, users):
    risk_alert_publish(actor=users["county_approver"], audience="public", title="警惕养老投资骗局", content="…")
    assert "警惕养老投资骗局" in client.get(reverse("collection:public_report")).content.decode()
