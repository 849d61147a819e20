"""The clue's life through the engine, with the bad inputs of issue #5."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from collection.choices import ClueState as S
from collection.models import Clue, TeamMember
from collection.services import (
    ClueInput,
    clue_register,
    evidence_add,
    measure_approve,
    measure_execute,
    measure_request,
    reporter_identity,
    team_member_add,
)
from gazette.deadlines.selectors import deadline_list_for_case
from gazette.permissions import visible
from gazette.workflow.exceptions import GuardFailed, TransitionConflict, TransitionNotAllowed
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_registration_starts_the_10_working_day_verification_clock(make_clue):
    clue = make_clue()
    assert clue.reference.startswith("COLL-") and clue.state == S.REGISTERED
    clock = deadline_list_for_case(clue).get(kind="verification")
    assert clock.rule_id == "COLL-A30" and clock.amount == 10 and clock.unit == "workdays"
    assert [e["rule"] for e in clue.rule_trace] == ["COLL-A28", "COLL-A29"]


def test_clue_without_subject_is_refused_and_nothing_written(orgs, users):
    with pytest.raises(ValidationError) as info:
        clue_register(actor=users["member_clerk"], organisation=orgs["member"],
                      data=ClueInput(source="public_report", subject_name="  ", description="x"))
    assert "涉嫌非法集资的单位或个人名称" in str(info.value)
    assert Clue.objects.count() == 0


def test_reporter_identity_only_for_the_registering_unit(make_clue, users):
    clue = make_clue()
    assert reporter_identity(clue=clue, user=users["member_clerk"])["name"] == "举报人甲"
    assert reporter_identity(clue=clue, user=users["county_approver"]) is None


def test_referral_closes_the_clock_and_keeps_the_notice(make_clue, users, act):
    clue = act(make_clue(), "refer", users["member_clerk"], comment="请向大同市处非办举报",
               referred_to="大同市处非办")
    assert clue.state == S.REFERRED and clue.referral_notice == "请向大同市处非办举报"
    assert deadline_list_for_case(clue).get(kind="verification").status == "cancelled"


def test_disposal_application_goes_to_the_lead_department_of_the_subject_region(make_clue, users, act, orgs):
    clue = make_clue()
    act(clue, "verify_start", users["member_clerk"])
    clue = act(clue, "apply_disposal", users["member_clerk"], fundraising_type="entity", verification_summary="属实")
    assert clue.lead_department == orgs["county"] and clue.organisation == orgs["county"]
    clock = deadline_list_for_case(clue).get(kind="open_decision")
    assert clock.organisation == orgs["county"] and clock.rule_id == "COLL-A34"
    assert deadline_list_for_case(clue).get(kind="verification").status == "met"


def test_a_city_lead_department_that_verified_a_county_companys_clue_decides_it_itself(orgs, users, act):
    """第三十一条 本级 / 第三十四条 直接受理初核结束 (issue 12 item 16): not sent down to the county."""
    from collection.services import ClueInput, clue_register

    clue = clue_register(actor=users["city_clerk"], organisation=orgs["city"], data=ClueInput(
        source="public_report", subject_name="某某财富公司", description="承诺年化18%回报吸收资金",
        subject_region=region("140105"), reporter_name="举报人甲", reporter_phone="13800000000"))
    act(clue, "verify_start", users["city_clerk"])
    clue = act(clue, "apply_disposal", users["city_clerk"], fundraising_type="entity", verification_summary="属实")
    assert clue.lead_department == orgs["city"] and clue.organisation == orgs["city"]
    entry = next(e for e in clue.rule_trace if e["rule"] == "COLL-A31")
    assert "太原市处非办直接受理初核结束" in entry["message"]
    with pytest.raises(GuardFailed, match="COLL-A34"):
        act(clue, "open", users["county_approver"])
    assert act(clue, "open", users["city_approver"]).state == S.INVESTIGATING


def test_a_member_units_application_goes_to_the_lead_department_of_its_own_level(make_clue, users, act, orgs):
    clue = make_clue(subject_region=region("140106"))  # registered in 迎泽区, verified by 小店区's member unit
    act(clue, "verify_start", users["member_clerk"])
    clue = act(clue, "apply_disposal", users["member_clerk"], fundraising_type="entity", verification_summary="属实")
    assert clue.lead_department == orgs["county"]  # 小店区处非办, 本级; it may raise a jurisdiction dispute (A33)
    entry = next(e for e in clue.rule_trace if e["rule"] == "COLL-A31")
    assert "向本级牵头部门小店区处非办提出处置申请" in entry["message"]


def test_disposal_application_without_a31_type_is_refused(make_clue, users, act):
    clue = make_clue()
    act(clue, "verify_start", users["member_clerk"])
    with pytest.raises(GuardFailed, match="COLL-A31"):
        act(clue, "apply_disposal", users["member_clerk"], fundraising_type="", verification_summary="属实")
    clue.refresh_from_db()
    assert clue.state == S.VERIFYING and clue.lead_department is None


def test_ninth_working_day_decision_by_the_wrong_level_is_refused(make_clue, users, act):
    with time_machine.travel(date(2026, 11, 2), tick=False):  # a Monday
        clue = make_clue()
        act(clue, "verify_start", users["member_clerk"])
        act(clue, "apply_disposal", users["member_clerk"], fundraising_type="entity", verification_summary="属实")
    with time_machine.travel(date(2026, 11, 13), tick=False):  # 9th working day after the application
        with pytest.raises(GuardFailed) as info:
            act(clue, "open", users["city_approver"])
        assert "小店区处非办" in info.value.message and "COLL-A34" in info.value.message
        clue.refresh_from_db()
        assert clue.state == S.DISPOSAL_APPLIED
        clue = act(clue, "open", users["county_approver"])
    entry = next(e for e in clue.rule_trace if e["rule"] == "COLL-A34")
    assert "第9个工作日" in entry["message"]


def test_member_clerk_cannot_open(make_clue, users, act):
    clue = make_clue()
    act(clue, "verify_start", users["member_clerk"])
    act(clue, "apply_disposal", users["member_clerk"], fundraising_type="entity", verification_summary="属实")
    with pytest.raises(TransitionNotAllowed):
        act(clue, "open", users["member_clerk"])


def test_dispute_goes_to_the_common_superior(make_clue, users, act, orgs, make_user):
    clue = make_clue()
    act(clue, "verify_start", users["member_clerk"])
    act(clue, "apply_disposal", users["member_clerk"], fundraising_type="entity", verification_summary="属实")
    clue = act(clue, "escalate_dispute", users["county_approver"], comment="登记地存疑", dispute_with=orgs["other"])
    assert clue.state == S.DISPUTE and clue.dispute_arbiter == orgs["city"]
    clue = act(clue, "assign_jurisdiction", users["city_approver"], lead_department=orgs["other"])
    assert clue.state == S.DISPOSAL_APPLIED and clue.lead_department == orgs["other"]
    running = deadline_list_for_case(clue).filter(kind="open_decision", status="running").get()
    assert running.organisation == orgs["other"]


def test_investigator_with_declared_interest_is_refused(investigating, users):
    with pytest.raises(ValidationError, match="回避"):
        team_member_add(clue=investigating, actor=users["county_clerk"], name="王五", credential_number="14001",
                        has_interest=True)
    assert TeamMember.objects.count() == 0


def test_report_needs_a_team_of_two(investigating, users, act):
    team_member_add(clue=investigating, actor=users["county_clerk"], name="张三", credential_number="14001")
    with pytest.raises(GuardFailed, match="不得少于两人"):
        act(investigating, "submit_report", users["county_clerk"], report_facts="事实", report_determination="illegal",
            report_legal_basis="条例", report_proposed_penalty="罚款")


def test_account_query_without_head_approval_cannot_be_executed(investigating, users):
    m = measure_request(clue=investigating, actor=users["county_clerk"], kind="account_query", target="账户6222",
                        reason="核查资金")
    with pytest.raises(TransitionConflict, match="主要负责人批准"):
        measure_execute(measure=m, actor=users["county_clerk"])
    m.refresh_from_db()
    assert m.status == "awaiting_approval" and m.executed_at is None
    with pytest.raises(TransitionNotAllowed):
        measure_approve(measure=m, actor=users["county_clerk"])  # a clerk is not the head
    measure_approve(measure=m, actor=users["county_head"])
    assert measure_execute(measure=m, actor=users["county_clerk"]).status == "executed"


def test_exit_restriction_of_a_county_case_is_decided_by_the_city_then_goes_ahead(investigating, users, act,
                                                                                  orgs):
    """第四十条第四项 (issue 12 item 18): 经市级以上牵头部门决定 — the county asks, the city's head decides."""
    from gazette.workflow.models import WorkItem

    _finish_investigation(investigating, users, act)
    m = measure_request(clue=investigating, actor=users["county_clerk"], kind="exit_restriction", target="张某",
                        reason="防止外逃")
    assert m.status == "awaiting_approval"
    assert WorkItem.objects.get(object_id=m.pk, content_type__model="measure").organisation == orgs["city"]
    with pytest.raises(TransitionNotAllowed):
        measure_approve(measure=m, actor=users["county_head"])
    m = measure_approve(measure=m, actor=users["city_head"])
    assert m.status == "approved"
    entry = next(e for e in m.rule_trace if e["rule"] == "COLL-A40" and e["outcome"] == "passed")
    assert "经市级牵头部门决定" in entry["message"]
    assert measure_execute(measure=m, actor=users["county_clerk"]).status == "executed"


def _finish_investigation(clue, users, act):
    for name, cred in (("张三", "14001"), ("李四", "14002")):
        team_member_add(clue=clue, actor=users["county_clerk"], name=name, credential_number=cred)
    evidence_add(clue=clue, actor=users["county_clerk"], kind="documentary", title="投资合同", obtained_on=date.today(),
                 verified=True)
    act(clue, "submit_report", users["county_clerk"], report_facts="承诺回报吸收资金", report_determination="illegal",
        report_legal_basis="《防范和处置非法集资条例》第三十条", report_proposed_penalty="罚款并责令清退")
    act(clue, "start_disposal", users["county_approver"], penalty_decision="罚款50万元")
    clue.refresh_from_db()


def test_full_chain_to_archive(investigating, users, act):
    _finish_investigation(investigating, users, act)
    clue = act(investigating, "start_refunds", users["county_clerk"])
    clue = act(clue, "refer_criminal", users["county_approver"], consultation_record="公安、法院会商同意移送",
               police_unit="小店公安分局")
    clue = act(clue, "archive", users["county_clerk"])
    assert clue.state == S.ARCHIVED


def test_scope_member_sees_own_lead_sees_region_outsider_sees_nothing(make_clue, users, outsider, orgs, make_user):
    clue = make_clue()
    assert visible(users["member_clerk"], Clue).filter(pk=clue.pk).exists()
    assert visible(users["city_approver"], Clue).filter(pk=clue.pk).exists()
    assert not visible(outsider, Clue).exists()
    assert not visible(make_user("clerk", organisation=orgs["other"]), Clue).exists()


def test_police_feedback_is_recorded_after_referral(investigating, users, act):
    from collection.services import police_feedback_record

    with pytest.raises(ValidationError, match="只能在"):
        police_feedback_record(clue=investigating, actor=users["county_clerk"], feedback="已立案")
    _finish_investigation(investigating, users, act)
    clue = act(investigating, "refer_criminal", users["county_approver"], consultation_record="会商同意",
               police_unit="小店公安分局")
    assert police_feedback_record(clue=clue, actor=users["county_clerk"], feedback="已立案侦查").police_feedback


def test_after_collective_consultation_a_case_is_referred_without_the_administrative_determination(
        investigating, make_clue, users, act):
    """第三十九条第二款 / 第四十九条 (issue 12 item 19): the determination is not a prerequisite of prosecution."""
    assert investigating.state == S.INVESTIGATING  # no report, no determination yet
    clue = act(investigating, "refer_criminal", users["county_approver"], consultation_record="公安、检察会商同意移送",
               police_unit="小店公安分局")
    assert clue.state == S.CRIMINAL_REFERRED and clue.police_unit == "小店公安分局"
    applied = make_clue(subject_name="另一财富公司")
    act(applied, "verify_start", users["member_clerk"])
    act(applied, "apply_disposal", users["member_clerk"], fundraising_type="entity", verification_summary="属实")
    applied = act(applied, "refer_criminal", users["county_approver"], consultation_record="会商同意移送",
                  police_unit="小店公安分局")
    assert applied.state == S.CRIMINAL_REFERRED
    assert deadline_list_for_case(applied).get(kind="open_decision").status == "met"


def test_criminal_referral_without_consultation_is_refused(investigating, users, act):
    _finish_investigation(investigating, users, act)
    with pytest.raises(GuardFailed, match="集体会商"):
        act(investigating, "refer_criminal", users["county_approver"], consultation_record="", police_unit="分局")


def test_verification_breach_escalates_to_the_superior_lead_department(make_clue, orgs):
    from gazette.deadlines.services import deadlines_sweep
    from gazette.notifications.models import Notification

    with time_machine.travel(date(2026, 11, 2), tick=False):
        clue = make_clue()
    with time_machine.travel(date(2026, 11, 17), tick=False):  # the 11th working day after registration
        deadlines_sweep()
    clock = deadline_list_for_case(clue).get(kind="verification")
    assert clock.status == "breached" and clock.escalated_to == orgs["county"]
    assert Notification.objects.filter(organisation=orgs["county"], kind="escalated").exists()




@pytest.mark.parametrize("state", [s for s, _ in S.choices])
def test_every_step_from_a_wrong_state_is_a_conflict(state, make_clue, users):
    from gazette.workflow.engine import transition_perform
    from gazette.workflow.exceptions import TransitionConflict

    clue = make_clue()
    Clue.objects.filter(pk=clue.pk).update(state=state)
    clue.refresh_from_db()
    for t in Clue.WORKFLOW.transitions:
        if state in t.sources or t.system:
            continue
        with pytest.raises(TransitionConflict):
            transition_perform(case=clue, name=t.name, actor=users["member_clerk"], comment="意见")
    clue.refresh_from_db()
    assert clue.state == state


def test_a_clue_from_the_units_own_duties_is_registered_with_a29_passed(make_clue, orgs):
    from tests.factories import region

    clue = make_clue(source="regulator_monitoring", subject_region=region("140200"))  # 大同: outside 小店区
    assert clue.state == S.REGISTERED and clue.registering_organisation == orgs["member"]
    a29 = next(e for e in clue.rule_trace if e["rule"] == "COLL-A29")
    assert a29["outcome"] == "passed" and "履行职责" in a29["message"]


def test_a_non_public_clue_cannot_be_referred_to_another_body(make_clue, users, act):
    clue = make_clue(source="regulator_monitoring")
    with pytest.raises(GuardFailed) as info:
        act(clue, "refer", users["member_clerk"], comment="请向大同市处非办举报", referred_to="大同市处非办")
    assert "COLL-A29-1" in info.value.message
    assert [e["rule"] for e in info.value.trace if e["outcome"] == "failed"] == ["COLL-A29-1"]
    clue.refresh_from_db()
    assert clue.state == S.REGISTERED and clue.referred_to == ""
    assert deadline_list_for_case(clue).get(kind="verification").status == "running"


@pytest.mark.parametrize("kind", ["site_entry", "questioning", "document_seal"])
def test_evidence_collection_is_not_recorded_as_executed_before_a_team_of_two_with_credentials(investigating, users,
                                                                                              kind):
    m = measure_request(clue=investigating, actor=users["county_clerk"], kind=kind, target="某某财富公司经营场所",
                        reason="调查取证")
    team_member_add(clue=investigating, actor=users["county_clerk"], name="张三", credential_number="14001")
    with pytest.raises(GuardFailed, match="COLL-A35") as info:
        measure_execute(measure=m, actor=users["county_clerk"])
    assert "不得少于两人" in info.value.message and "第三十五条" in info.value.message
    m.refresh_from_db()
    assert m.status == "approved" and m.executed_at is None
    team_member_add(clue=investigating, actor=users["county_clerk"], name="李四", credential_number="14002")
    done = measure_execute(measure=m, actor=users["county_clerk"])
    outcomes = {e["rule"]: e["outcome"] for e in done.rule_trace}
    assert done.status == "executed" and outcomes["COLL-A35"] == "passed" and outcomes["COLL-A36"] == "passed"


def test_an_account_query_is_no_evidence_collection_in_person_and_needs_no_team(investigating, users):
    m = measure_request(clue=investigating, actor=users["county_clerk"], kind="account_query", target="账户6222",
                        reason="核查资金")
    measure_approve(measure=m, actor=users["county_head"])
    assert measure_execute(measure=m, actor=users["county_clerk"]).status == "executed"
