"""Every transition of every tailings workflow writes exactly one audit row."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gazette.workflow.actions import action_perform
from tailings.models import Station
from tailings.monitoring import _alarm_open
from tailings.supervision import danger_register, public_report_submit
from tailings.workflow import ALARM_WORKFLOW, DANGER_WORKFLOW, FACILITY_WORKFLOW, REPORT_WORKFLOW
from tests.audit_walk import AuditedWalk
from tests.factories import region

pytestmark = pytest.mark.django_db


def _act(*, case, name, actor, comment="", data=None, **kw):
    if kw.get("system"):
        from gazette.workflow.engine import transition_perform

        return transition_perform(case=case, name=name, actor=actor, comment=comment, data=data, system=True).case
    return action_perform(obj=case, name=name, actor=actor, comment=comment, data=data).case


def test_every_facility_transition_is_audited_once(make_facility, users):
    step = AuditedWalk(FACILITY_WORKFLOW, perform=_act)
    op, dept = users["operator"], users["county_approver"]
    today = timezone.localdate()
    start = today - timedelta(days=40)
    f = make_facility()
    step(f, "submit_design", op)
    step(f, "return_design", dept, comment="补充勘察报告")
    step(f, "submit_design", op)
    step(f, "approve_design", dept)
    step(f, "record_design_change", op, data={"changed_items": ["local"], "designer_document": "设计变更通知单1号"})
    step(f, "file_trial_plan", op, data={"filed_on": start - timedelta(days=1), "start_on": start,
                                         "planned_end_on": start + timedelta(days=35)})
    step(f, "finish_trial_run", op, data={"end_on": start + timedelta(days=35),
                                          "max_discharge_elevation": Decimal("1205"),
                                          "trial_report_on": today, "acceptance_evaluation_on": today})
    licence = {"licence_number": "许可1号", "issued_on": today, "expires_on": today + timedelta(days=900)}
    step(f, "grant_licence", dept, data=licence)
    step(f, "renew_licence", dept, data=licence)
    step(f, "link_monitoring", op, data={"linked_on": today})
    step(f, "record_operating_change", op, data={"items": ["spillway"], "demonstration": "专家论证意见",
                                                 "approval_document": "娄应急批〔2026〕2号"})
    step(f, "report_drill", op, data={"held_on": today.replace(month=5, day=20)})
    step(f, "report_flood_routing", op, data={"held_on": today.replace(month=5, day=20), "designer_qualified": True})
    step(f, "file_closure_design", dept, data={"approved_on": today})
    step(f, "suspend", op, data={"idle_since": today})
    step(f, "resume", op)
    step(f, "start_reclamation", dept, data={"design_approved_on": today, "full_reclamation": True,
                                             "period_end": today + timedelta(days=700)})
    step(f, "finish_reclamation", dept)
    step(f, "start_closure", op, data={"trigger": "discharge_ceased", "trigger_on": today})
    step(f, "extend_closure", dept, data={"months": 3, "consent_document": "娄应急函〔2026〕1号"})
    step(f, "close_out", dept, data={"closed_on": today})
    step(f, "name_supervisor", dept, data={"post_closure_supervisor": "娄烦县自然资源局"})
    step(f, "record_land_reclamation", dept, data={"land_reclamation_record": "已复垦"})
    step.assert_complete(f)


def test_every_alarm_danger_and_report_transition_is_audited_once(make_facility, users, orgs):
    from tests.tailings.factories import to_operating

    f = to_operating(make_facility())
    station = Station.objects.create(facility=f, code="JR-01", quantity="phreatic_depth", unit="m")
    alarm = _alarm_open(station_id=station.pk, kind="limit", level="red", value=3.0, at=timezone.now(),
                        threshold=4.0, escalate_hours=1)
    walk = AuditedWalk(ALARM_WORKFLOW, perform=_act)
    walk(alarm, "acknowledge", users["county_clerk"])
    walk(alarm, "clear", None, system=True)
    walk.assert_complete(alarm)

    danger = danger_register(facility=f, actor=users["county_clerk"], source="inspection", description="坝坡冲沟",
                             found_on=timezone.localdate())
    walk = AuditedWalk(DANGER_WORKFLOW, perform=_act)
    walk(danger, "order", users["county_approver"], data={"deadline_on": timezone.localdate() + timedelta(days=15),
                                                          "requirements": "回填冲沟并修复排水沟"})
    walk(danger, "rectify", users["operator"], data={"rectification_note": "已回填",
        "rectified_on": timezone.localdate()})
    walk(danger, "reject", users["county_approver"], comment="排水沟未修复")
    walk(danger, "rectify", users["operator"], data={"rectification_note": "已修复",
        "rectified_on": timezone.localdate()})
    walk(danger, "verify", users["county_approver"], data={"verification_note": "经现场核查合格"})
    walk.assert_complete(danger)

    walk = AuditedWalk(REPORT_WORKFLOW, perform=_act)
    handled = public_report_submit(region=region("140123"), facility_text="某尾矿库", content="坝体渗水")
    referred = public_report_submit(region=region("140123"), facility_text="某选厂", content="偷排废水")
    walk(handled, "handle", users["county_clerk"], data={"result": "经核查属实，已责令整改"})
    walk(referred, "refer", users["county_clerk"], data={"referred_to": "娄烦县生态环境局"})
    walk.assert_complete(handled, referred)
