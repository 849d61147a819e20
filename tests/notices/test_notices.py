from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from gazette.deadlines.services import deadlines_sweep
from gazette.notices.models import NoticeStatus, ObjectionOutcome
from gazette.notices.services import notice_publish, objection_handle, objection_receive
from gazette.workflow.engine import transition_perform
from tests.workflow_app.workflow import S

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(make_permit, county_clerk, county_approver):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=SH), tick=False):
        permit = make_permit()
        transition_perform(case=permit, name="submit", actor=county_clerk)
        transition_perform(case=permit, name="approve", actor=county_approver)
        transition_perform(case=permit, name="publicise", actor=county_clerk)
    return permit


def _publish(permit, clerk, **kwargs):
    return notice_publish(
        case=permit, title="组建情况公示", content="拟组建物业管理委员会成员名单……",
        places=["小区东门公告栏", "3号楼大堂"],
        amount=5, unit="workdays", rule_id="TEST-A1", actor=clerk, min_places=2, on_close_transition="finalise",
        **kwargs,
    )


def test_notice_needs_the_minimum_number_of_places(approved, county_clerk):
    with pytest.raises(ValidationError) as info:
        notice_publish(case=approved, title="公示", content="x", places=["东门"], amount=7, unit="days",
                       rule_id="TEST-A1", actor=county_clerk, min_places=2)
    assert "places" in info.value.message_dict


def test_notice_closes_and_moves_the_case_when_no_objection(approved, county_clerk):
    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=SH), tick=False):
        notice = _publish(approved, county_clerk)
    assert timezone.localtime(notice.ends_at).date().isoformat() == "2026-11-09"
    with time_machine.travel(datetime(2026, 11, 10, 0, 1, tzinfo=SH), tick=False):
        deadlines_sweep()
    notice.refresh_from_db()
    approved.refresh_from_db()
    assert notice.status == NoticeStatus.CLOSED
    assert approved.state == S.FINAL


def test_pending_objection_holds_the_case(approved, county_clerk):
    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=SH), tick=False):
        notice = _publish(approved, county_clerk)
        objection_receive(notice=notice, objector="业主李四", content="候选人不是本小区业主")
    with time_machine.travel(datetime(2026, 11, 10, 0, 1, tzinfo=SH), tick=False):
        deadlines_sweep()
    approved.refresh_from_db()
    assert approved.state == S.PUBLICISED


def test_rejected_objection_does_not_hold_the_case(approved, county_clerk):
    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=SH), tick=False):
        notice = _publish(approved, county_clerk)
        objection = objection_receive(notice=notice, objector="业主李四", content="有异议")
        objection_handle(objection=objection, outcome=ObjectionOutcome.REJECTED, handling="经核查不成立",
                         actor=county_clerk)
    with time_machine.travel(datetime(2026, 11, 10, 0, 1, tzinfo=SH), tick=False):
        deadlines_sweep()
    approved.refresh_from_db()
    assert approved.state == S.FINAL


def test_objection_after_the_window_is_refused(approved, county_clerk):
    with time_machine.travel(datetime(2026, 11, 2, 10, 0, tzinfo=SH), tick=False):
        notice = _publish(approved, county_clerk)
    with pytest.raises(ValidationError) as info:
        objection_receive(notice=notice, objector="业主", content="迟到的异议",
                          received_at=datetime(2026, 11, 10, 9, 0, tzinfo=SH))
    assert "received_at" in info.value.message_dict
