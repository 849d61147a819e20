"""Applications through the engine: submission, bad input, every transition, the clocks and the money."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from fund.models import Application, LedgerEntry
from fund.workflow import S
from gazette.deadlines.models import Deadline
from gazette.workflow.engine import transition_perform
from gazette.workflow.exceptions import GuardFailed, TransitionConflict, TransitionNotAllowed
from gazette.workflow.models import WorkItem

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_post_day7_costs_of_120000_need_provincial_office(submit, orgs):
    app = submit(post7_amount="120000.00", post7_reasons="多发伤持续ICU治疗")
    assert app.approval_level == "province"
    assert app.approver_organisation == orgs["fund_office_prov"]
    a22 = next(e for e in app.rule_trace if e["rule"] == "FUND-A22")
    assert a22["article"] == "第二十二条"
    assert "省联席会议办公室" in a22["message"]
    assert app.heavy_injury is True
    assert app.state == S.RECEIVED


def test_first7_only_is_decided_by_the_manager(submit):
    app = submit()
    assert app.approval_level == "manager"
    assert app.approver_organisation is None
    assert app.advance_amount == Decimal("15000.00")


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("victim_id_number", "110105194912310021", "GB 11643"),
    ("first7_amount", "-1", "不能为负数"),
    ("first7_amount", "99999999999", "超过1000万元"),
    ("first7_amount", "abc", "须为金额"),
    ("kind", "lunch", "申请类型"),
    ("region", "", "县（市、区）"),
])
def test_bad_input_names_the_field_and_saves_nothing(submit, field, value, fragment):
    with pytest.raises(ValidationError) as exc:
        submit(**{field: value})
    assert any(fragment in m for msgs in exc.value.message_dict.values() for m in msgs)
    assert not Application.objects.exists()


def test_application_after_the_60_day_window_is_refused_with_the_article(submit):
    late = timezone.now() - timedelta(days=70)
    with pytest.raises(ValidationError) as exc:
        submit(accident_at=late.isoformat(), treatment_started_at=late.isoformat())
    message = exc.value.message_dict["treatment_started_at"][0]
    assert "FUND-A23" in message and "第二十三条" in message and "60日" in message
    assert not Application.objects.exists()


def test_post7_costs_need_the_hospitals_written_reasons(submit):
    with pytest.raises(ValidationError) as exc:
        submit(post7_amount="5000.00")
    assert "第二十二条" in exc.value.message_dict["post7_reasons"][0]


def test_funeral_advance_is_six_times_last_years_wage(orgs, make_user):
    from fund.services import application_submit

    relative = make_user("clerk", organisation=orgs["fund_manager"])
    app = application_submit(actor=relative, data={
        "kind": "funeral", "applicant_type": "relative", "applicant_name": "李四",
        "accident_at": (timezone.now() - timedelta(days=3)).isoformat(), "accident_place": "迎泽大街",
        "region": "140106", "insurance_status": "uninsured", "victim_name": "李某",
        "victim_id_number": "11010519491231002X", "body_notice_on": timezone.localdate().isoformat(), "deaths": 1})
    assert app.advance_amount == Decimal("43200.00")
    assert app.approval_level == "manager"


def test_hardship_needs_the_city_office(orgs, manager_clerk):
    from fund.services import application_submit

    app = application_submit(actor=manager_clerk, data={
        "kind": "hardship", "applicant_type": "relative", "applicant_name": "王五",
        "accident_at": (timezone.now() - timedelta(days=200)).isoformat(), "accident_place": "小店区",
        "region": "140105", "insurance_status": "insured", "victim_name": "王某",
        "victim_id_number": "11010519491231002X", "hardship_grade": "death", "hardship_amount": "50000.00"})
    assert app.approval_level == "city"
    assert app.approver_organisation == orgs["fund_office_ty"]


def test_review_clock_counts_working_days_across_national_day(submit):
    with time_machine.travel(datetime(2026, 9, 30, 10, 0, tzinfo=SH), tick=False):
        app = submit(accident_at="2026-09-28T08:00:00+08:00", treatment_started_at="2026-09-28T09:00:00+08:00")
    review = Deadline.objects.get(object_id=app.pk, kind="review")
    assert review.rule_id == "FUND-A29"
    # 30 Sep is the receipt day (not counted); 1–7 Oct are the National Day holiday; 8 and 9 Oct count, and
    # Saturday 10 Oct 2026 is a make-up working day, so it is the third.
    assert timezone.localtime(review.due_at).date().isoformat() == "2026-10-10"
    assert review.provisional is False
    assert "国庆" in review.explanation["summary"]


def _through_review(app, manager_clerk, complete_documents, actor_docs):
    complete_documents(app, actor_docs)
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    return app


def test_manager_cannot_approve_what_needs_the_provincial_office(submit, manager_clerk, hospital_user,
                                                                complete_documents):
    app = _through_review(submit(post7_amount="120000.00", post7_reasons="ICU"), manager_clerk,
                          complete_documents, hospital_user)
    with pytest.raises(GuardFailed) as exc:
        transition_perform(case=app, name="approve", actor=manager_clerk)
    assert "FUND-A11" in str(exc.value.message)


def test_full_flow_with_provincial_approval_and_single_payment(submit, manager_clerk, cashier, hospital_user,
                                                              province_approver, city_approver, complete_documents):
    app = _through_review(submit(post7_amount="120000.00", post7_reasons="ICU"), manager_clerk,
                          complete_documents, hospital_user)
    transition_perform(case=app, name="submit_for_approval", actor=manager_clerk)
    assert app.state == S.AWAITING_APPROVAL
    with pytest.raises(TransitionNotAllowed):
        transition_perform(case=app, name="approve", actor=city_approver)
    transition_perform(case=app, name="approve", actor=province_approver)
    assert app.state == S.APPROVED
    assert Deadline.objects.filter(object_id=app.pk, kind="payment", status="running").exists()
    transition_perform(case=app, name="pay", actor=cashier)
    with pytest.raises(TransitionConflict):
        transition_perform(case=app, name="pay", actor=cashier)
    entries = LedgerEntry.objects.filter(application=app)
    assert entries.count() == 1
    assert entries.get().amount == Decimal("135000.00")
    assert app.recovery.advanced == Decimal("135000.00")
    assert Deadline.objects.filter(object_id=app.recovery.pk, kind="assist_notice", rule_id="FUND-A32").exists()


def test_incomplete_materials_are_collected_by_the_manager(submit, manager_clerk, hospital_user,
                                                          complete_documents):
    app = submit()
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    with pytest.raises(GuardFailed):
        transition_perform(case=app, name="approve", actor=manager_clerk)
    transition_perform(case=app, name="request_documents", actor=manager_clerk, comment="缺费用清单")
    assert app.state == S.COLLECTING
    assert "抢救治疗费垫付通知书" in app.requested_documents
    with pytest.raises(GuardFailed):
        transition_perform(case=app, name="documents_complete", actor=manager_clerk)
    complete_documents(app, hospital_user)
    transition_perform(case=app, name="documents_complete", actor=manager_clerk)
    transition_perform(case=app, name="approve", actor=manager_clerk)
    assert app.state == S.APPROVED


def test_payment_clock_runs_from_the_day_collected_materials_are_complete(submit, manager_clerk, hospital_user,
                                                                         complete_documents):
    """第二十九条第二款: 相关材料齐全后，两个工作日内划拨 — the clock starts at 材料已齐全, not at approval, and
    approval keeps it; asking for documents again means the materials were not complete after all."""
    with time_machine.travel(datetime(2026, 9, 30, 10, 0, tzinfo=SH), tick=False):
        app = submit(accident_at="2026-09-28T08:00:00+08:00", treatment_started_at="2026-09-28T09:00:00+08:00")
        transition_perform(case=app, name="start_review", actor=manager_clerk)
        transition_perform(case=app, name="request_documents", actor=manager_clerk, comment="缺费用清单")
        assert not Deadline.objects.filter(object_id=app.pk, kind="payment").exists()
        complete_documents(app, hospital_user)
        transition_perform(case=app, name="documents_complete", actor=manager_clerk)
    payment = Deadline.objects.get(object_id=app.pk, kind="payment", status="running")
    assert payment.rule_id == "FUND-A29"
    # Completed on 30 Sep; 1–7 Oct are the National Day holiday; 8 and 9 Oct are the two working days.
    assert timezone.localtime(payment.due_at).date().isoformat() == "2026-10-09"
    item = WorkItem.objects.get(object_id=app.pk, content_type__model="application")
    assert item.due_at == payment.due_at and item.rule_id == "FUND-A29"
    with time_machine.travel(datetime(2026, 10, 8, 10, 0, tzinfo=SH), tick=False):
        transition_perform(case=app, name="approve", actor=manager_clerk)
    assert list(Deadline.objects.filter(object_id=app.pk, kind="payment").values_list("pk", "status")) == [
        (payment.pk, "running")]


def test_asking_again_for_documents_stops_the_payment_clock(submit, manager_clerk, hospital_user,
                                                            complete_documents):
    app = submit()
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    transition_perform(case=app, name="request_documents", actor=manager_clerk, comment="缺费用清单")
    complete_documents(app, hospital_user)
    transition_perform(case=app, name="documents_complete", actor=manager_clerk)
    transition_perform(case=app, name="request_documents", actor=manager_clerk, comment="清单金额不符")
    assert not Deadline.objects.filter(object_id=app.pk, kind="payment", status="running").exists()
    transition_perform(case=app, name="documents_complete", actor=manager_clerk)
    assert Deadline.objects.filter(object_id=app.pk, kind="payment", status="running").count() == 1


def test_police_unit_is_the_accident_countys_unless_named(submit, orgs):
    """第三十二条: the notices go to the police unit handling the accident, by name."""
    from fund.models import ExpresswayUnit

    assert submit().police_unit == orgs["police_xd"]                  # 小店区 accident: 小店大队
    # 迎泽区 has no 大队 here, and two units sit at the city: none is guessed until one is known as the expressway's.
    assert submit(region="140106").police_unit is None
    ExpresswayUnit.objects.create(acts_as="county", region_id="140100", organisation=orgs["police_expressway"])
    assert submit(region="140106").police_unit == orgs["police_ty"]
    assert submit(region="140106", expressway=True).police_unit == orgs["police_expressway"]
    assert submit(police_unit=orgs["police_ty"].pk).police_unit == orgs["police_ty"]
    with pytest.raises(ValidationError) as exc:
        submit(police_unit=orgs["hosp_1"].pk)
    assert "第三十二条" in exc.value.message_dict["police_unit"][0]


def test_accident_address_prints_the_place_once(submit):
    assert submit(accident_place="山西省太原市小店区长风街").accident_address == "山西省太原市小店区长风街"
    assert submit(accident_place="长风街").accident_address == "山西省太原市小店区长风街"


def test_refusal_needs_reasons_and_stops_the_clocks(submit, manager_clerk):
    app = submit()
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    with pytest.raises(GuardFailed):
        transition_perform(case=app, name="refuse", actor=manager_clerk)
    transition_perform(case=app, name="refuse", actor=manager_clerk, comment="不符合第二十一条",
                       data={"reason": "不符合第二十一条"})
    assert app.state == S.REFUSED
    assert not Deadline.objects.filter(object_id=app.pk, status="running").exists()


def test_hospital_cannot_take_clerk_actions(submit, hospital_user):
    app = submit()
    with pytest.raises(TransitionNotAllowed):
        transition_perform(case=app, name="start_review", actor=hospital_user)


def test_dispute_escalates_level_by_level_to_the_joint_meeting(submit, manager_clerk, county_approver,
                                                              city_approver, province_approver, joint_meeting_user,
                                                              orgs):
    app = submit()
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    transition_perform(case=app, name="dispute", actor=manager_clerk, comment="金额有分歧")
    assert app.dispute_organisation == orgs["fund_office_xd"]
    for actor, nxt in ((county_approver, "fund_office_ty"), (city_approver, "fund_office_prov"),
                       (province_approver, "fund_jm")):
        transition_perform(case=app, name="escalate", actor=actor, comment="无法解决")
        assert app.dispute_organisation == orgs[nxt]
    with pytest.raises(GuardFailed):
        transition_perform(case=app, name="escalate", actor=joint_meeting_user, comment="再上报")
    transition_perform(case=app, name="resolve", actor=joint_meeting_user, comment="按清单垫付")
    assert app.state == S.UNDER_REVIEW


def test_mass_casualty_starts_a_48_hour_guarantee_clock(submit, manager_clerk):
    app = submit(casualties=6)
    clock = Deadline.objects.get(object_id=app.pk, kind="mass_48h")
    assert clock.unit == "hours" and clock.amount == 48 and clock.rule_id == "FUND-A20"
    transition_perform(case=app, name="guarantee", actor=manager_clerk)
    clock.refresh_from_db()
    assert clock.status == "met"
    assert app.state == S.RECEIVED


def test_transfer_hands_the_case_to_the_new_hospital(submit, manager_clerk, orgs, other_hospital_user):
    from gazette.permissions import visible

    app = submit()
    transition_perform(case=app, name="transfer", actor=manager_clerk, comment="转院",
                       data={"hospital": orgs["hosp_2"], "police_notice_no": "重开-001"})
    assert app.hospital == orgs["hosp_2"]
    assert visible(other_hospital_user, Application).filter(pk=app.pk).exists()


def test_recovery_handover_deposit_and_settlement(submit, manager_clerk, cashier, hospital_user, complete_documents,
                                                  orgs, make_user):
    from fund.selectors import ledger_reconcile
    from gazette.workflow.actions import action_perform

    app = _through_review(submit(), manager_clerk, complete_documents, hospital_user)
    transition_perform(case=app, name="approve", actor=manager_clerk)
    transition_perform(case=app, name="pay", actor=cashier)
    rec = action_perform(obj=app.recovery, name="determine", actor=manager_clerk,
                         data={"obligor_name": "赵某", "liability": "main"}).case
    assert rec.amount_due == Decimal("10500.00")
    action_perform(obj=rec, name="assist_notice", actor=manager_clerk)
    rec = action_perform(obj=rec, name="hand_over", actor=manager_clerk).case
    assert rec.organisation == orgs["trustee"]
    trustee = make_user("clerk", organisation=orgs["trustee"])
    rec = action_perform(obj=rec, name="collection", actor=trustee, data={"amount": Decimal("10500.00")}).case
    col = rec.collections.get()
    assert Deadline.objects.get(object_id=col.pk, kind="trustee_deposit").unit == "days"
    action_perform(obj=rec, name="deposit", actor=trustee, data={"collection": col})
    rec.refresh_from_db()
    assert rec.state == "settled" and rec.settlement_no
    recon = ledger_reconcile()
    assert recon.ok
    assert recon.balance == Decimal("10500.00") - Decimal("15000.00")


def test_write_off_of_unsolved_hit_and_run_goes_to_the_joint_meeting(submit, manager_clerk, cashier, hospital_user,
                                                                    complete_documents, joint_meeting_user):
    from gazette.workflow.actions import action_perform
    from gazette.workflow.exceptions import GuardFailed, TransitionNotAllowed

    app = _through_review(submit(hit_and_run=True), manager_clerk, complete_documents, hospital_user)
    transition_perform(case=app, name="approve", actor=manager_clerk)
    transition_perform(case=app, name="pay", actor=cashier)
    rec = action_perform(obj=app.recovery, name="assist_notice", actor=manager_clerk).case
    with pytest.raises(GuardFailed) as exc:
        action_perform(obj=rec, name="write_off_submit", actor=manager_clerk, data={"ground": "hit_and_run_unsolved"})
    assert "3年" in exc.value.message and exc.value.trace[0]["rule"] == "FUND-A40"
    with time_machine.travel(timezone.now() + timedelta(days=3 * 366 + 1)):
        rec = action_perform(obj=rec, name="write_off_submit", actor=manager_clerk,
                             data={"ground": "hit_and_run_unsolved"}).case
    with pytest.raises(TransitionNotAllowed):
        action_perform(obj=rec, name="write_off_decide", actor=manager_clerk, data={"decision": "approve"})
    action_perform(obj=rec, name="write_off_decide", actor=joint_meeting_user, data={"decision": "approve"})
    rec.refresh_from_db()
    assert rec.state == "written_off"
    write_off = rec.write_offs.get()
    assert write_off.state == "approved" and write_off.decided_by == joint_meeting_user
    assert sorted(h.transition for h in write_off.history.all()) == ["approve", "create"]
    assert write_off.history.get(transition="approve").actor == joint_meeting_user


def test_levy_suspension_uses_last_years_spending(db):
    from datetime import date

    from fund.selectors import levy_suspension_check
    from fund.services import ledger_inflow_record

    ledger_inflow_record(actor=None, kind="levy", amount=Decimal("3000000.00"), occurred_on=date(2025, 6, 1))
    entry = levy_suspension_check(year=2026)
    assert entry["rule"] == "FUND-A15"
    assert entry["figures"]["suspended"] is True  # no spending in 2025


def test_quarterly_report_is_due_15_working_days_after_the_quarter(orgs):
    from fund.services import report_schedule_quarterly

    report = report_schedule_quarterly(year=2026, quarter=3)
    d = Deadline.objects.get(object_id=report.pk, kind="quarterly_report")
    assert d.rule_id == "FUND-A42"
    assert timezone.localtime(d.due_at).date() > datetime(2026, 10, 21).date()  # National Day pushes it out


def test_annual_reports_are_due_by_1_february_1_march_and_15_march(orgs):
    from fund.services import report_schedule_annual, reports_schedule_due

    reports = report_schedule_annual(year=2027)
    due = {r.kind: timezone.localtime(Deadline.objects.get(object_id=r.pk, kind=f"report_{r.kind}").due_at).date()
           for r in reports}
    assert due["annual"].isoformat() == "2027-02-01"  # a Monday
    assert due["finance_annual"].isoformat() == "2027-03-01"
    assert due["publication"].isoformat() == "2027-03-15"
    assert len(report_schedule_annual(year=2027)) == 3
    assert reports_schedule_due(today=datetime(2027, 1, 5).date()) >= 4


def test_the_clerk_is_told_once_when_the_hospital_has_supplied_what_was_asked(submit, manager_clerk, hospital_user,
                                                                             complete_documents, orgs):
    """Issue 12 item 14: supplying the requested documents notifies the manager's clerks (第二十九条第二款)."""
    from gazette.notifications.models import Notification

    app = submit()
    transition_perform(case=app, name="start_review", actor=manager_clerk)
    transition_perform(case=app, name="request_documents", actor=manager_clerk, comment="缺费用清单")
    complete_documents(app, hospital_user)
    notes = Notification.objects.filter(organisation=orgs["fund_manager"], reference=app.reference)
    assert [n.title for n in notes] == [f"{app.reference} 补正材料已齐全"]
    assert orgs["hosp_1"].name in notes[0].body and notes[0].url == app.get_absolute_url()
    complete_documents(app, hospital_user)  # a second copy of each: nothing new to tell
    assert notes.count() == 1
