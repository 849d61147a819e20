"""Each COLL rule at and around its thresholds."""

from decimal import Decimal

import pytest

from collection import rules as r


def test_a19_forbidden_word_in_name_fails_and_watch_word_passes_with_flag():
    hit = r.name_screen(name="太原某某理财咨询有限公司", scope="", forbidden_words=("理财",), watch_words=("投资",))
    assert hit.failed and hit.figures["forbidden"] == ["理财"]
    watch = r.name_screen(name="太原某某投资有限公司", scope="", forbidden_words=("理财",), watch_words=("投资",))
    assert watch.passed and watch.figures["watch"] == ["投资"]
    clean = r.name_screen(name="太原某某餐饮有限公司", scope="餐饮服务", forbidden_words=("理财",),
                          watch_words=("投资",))
    assert clean.passed and not clean.figures["watch"]


def test_a19_business_scope_is_screened_too():
    assert r.name_screen(name="某某商贸", scope="股权众筹服务", forbidden_words=("股权众筹",)).failed


P1 = {"window_days": 7, "min_sources": 20, "min_total": Decimal("300000"), "min_out_ratio": Decimal("0.8"),
      "max_targets": 3, "inbound_count": 20, "outbound_targets": 1}


@pytest.mark.parametrize(("sources", "total", "out", "hit"), [
    (19, "300000", "300000", False), (20, "299999.99", "299999.99", False), (20, "300000", "239999.99", False),
    (20, "300000", "240000", True), (21, "300000.01", "300000.01", True)])
def test_a22_1_scatter_gather_thresholds(sources, total, out, hit):
    res = r.scatter_gather(**{**P1, "inbound_sources": sources, "inbound_total": Decimal(total),
                              "outbound_total": Decimal(out)})
    assert res.failed is hit


def test_a22_2_batch_interest_needs_recurring_payees():
    base = {"min_batch_days": 3, "min_payees": 10, "min_recurring_share": Decimal("0.5")}
    assert r.batch_interest(batch_days=3, payees_per_batch=10, recurring_share=Decimal("0.5"), **base).failed
    assert not r.batch_interest(batch_days=2, payees_per_batch=10, recurring_share=Decimal("1"), **base).failed
    assert not r.batch_interest(batch_days=3, payees_per_batch=10, recurring_share=Decimal("0.49"), **base).failed


def test_a22_3_dormant_surge_at_thresholds():
    base = {"recent_days": 30, "max_baseline_monthly": Decimal("20000"), "min_recent_total": Decimal("1000000")}
    assert r.dormant_surge(baseline_monthly=Decimal("19999.99"), recent_total=Decimal("1000000"), **base).failed
    assert not r.dormant_surge(baseline_monthly=Decimal("20000"), recent_total=Decimal("5000000"), **base).failed
    assert not r.dormant_surge(baseline_monthly=Decimal("100"), recent_total=Decimal("999999.99"), **base).failed


def test_a22_4_person_and_unit_branches():
    base = {"inbound_count": 40, "window_days": 7, "min_person_count": 30, "min_unit_unrelated": 20}
    assert r.frequent_remittance(holder_kind="individual", inbound_sources=30, unrelated_count=0, **base).failed
    assert not r.frequent_remittance(holder_kind="individual", inbound_sources=29, unrelated_count=0, **base).failed
    assert r.frequent_remittance(holder_kind="unit", inbound_sources=40, unrelated_count=20, **base).failed
    assert not r.frequent_remittance(holder_kind="unit", inbound_sources=40, unrelated_count=19, **base).failed


def test_a22_5_pass_through_within_hours():
    base = {"usual_amount": Decimal("300"), "max_usual_amount": Decimal("5000"), "min_inbound": Decimal("200000"),
            "min_pass_ratio": Decimal("0.9"), "max_hours": 48}
    assert r.pass_through(inbound=Decimal("200000"), passed_on=Decimal("180000"), hours=48, **base).failed
    assert not r.pass_through(inbound=Decimal("200000"), passed_on=Decimal("179999.99"), hours=10, **base).failed
    assert not r.pass_through(inbound=Decimal("200000"), passed_on=Decimal("200000"), hours=49, **base).failed


def test_a25_reward_amount_must_match_decision():
    assert r.reward(decision="granted", amount=Decimal("0")).failed
    assert r.reward(decision="granted", amount=Decimal("500.00")).passed
    assert r.reward(decision="not_granted", amount=Decimal("1")).failed


def test_a29_outside_region_is_referred():
    assert r.intake_scope(subject_region_path="140000/140200/", unit_region_path="140000/140100/").failed
    assert r.intake_scope(subject_region_path="140000/140100/140105/", unit_region_path="140000/140100/").passed


def test_a30_never_blocks_but_records_lateness():
    assert r.verification_period(workdays_elapsed=10).figures.get("late") is None
    late = r.verification_period(workdays_elapsed=11)
    assert late.passed and late.figures["late"] is True


def test_a34_wrong_level_is_refused_with_the_competent_department_named():
    res = r.open_decision(decider_id=2, decider_name="太原市处非办", decider_level="city", competent_id=3,
                          competent_name="小店区处非办", competent_level="county", workdays_elapsed=9)
    assert res.failed and "小店区处非办" in res.message
    ok = r.open_decision(decider_id=3, decider_name="小店区处非办", decider_level="county", competent_id=3,
                         competent_name="小店区处非办", competent_level="county", workdays_elapsed=9)
    assert ok.passed and "第9个工作日" in ok.message


def test_a35_team_of_one_or_with_interest_fails():
    one = [{"name": "甲", "credential": "A1", "has_interest": False}]
    assert r.investigation_team(members=one).failed
    two = [*one, {"name": "乙", "credential": "A2", "has_interest": False}]
    assert r.investigation_team(members=two).passed
    assert r.investigation_team(members=[*two, {"name": "丙", "credential": "A3", "has_interest": True}]).failed
    assert r.investigation_team(members=[*one, {"name": "乙", "credential": "", "has_interest": False}]).failed


def test_a36_account_query_needs_head_but_document_seal_does_not():
    assert r.investigation_measure(kind="account_query", head_approved=False, in_investigation=True).failed
    assert r.investigation_measure(kind="document_seal", head_approved=False, in_investigation=True).passed


def test_a40_exit_restriction_city_level_only_and_seizure_needs_head():
    assert r.disposal_measure(kind="exit_restriction", determined_illegal=True, head_approved=True,
                              lead_level="county").failed
    assert r.disposal_measure(kind="exit_restriction", determined_illegal=True, head_approved=True,
                              lead_level="county", decider_level="county").failed
    assert r.disposal_measure(kind="exit_restriction", determined_illegal=True, head_approved=True,
                              lead_level="county", decider_level="city").passed
    assert r.disposal_measure(kind="exit_restriction", determined_illegal=True, head_approved=False,
                              lead_level="city").passed
    assert r.disposal_measure(kind="seal_seize", determined_illegal=True, head_approved=False,
                              lead_level="city").failed
    assert r.disposal_measure(kind="stop_order", determined_illegal=False, head_approved=True,
                              lead_level="city").failed


def test_a41_refunds_reconcile_against_recovered_assets():
    ok = r.refund_reconciliation(claimed_total=Decimal("1000.00"), recovered_total=Decimal("500.00"),
                                 refunded_total=Decimal("500.00"))
    assert ok.passed and ok.figures["refund_ratio"] == Decimal("0.5000")
    assert r.refund_reconciliation(claimed_total=Decimal("1000.00"), recovered_total=Decimal("500.00"),
                                   refunded_total=Decimal("500.01")).failed


def test_a39_a44_a49_a50_a42_a23_a26_a27():
    assert r.investigation_report(facts="x", evidence_count=0, determination="illegal", legal_basis="条例",
                                  proposed_penalty="罚款").failed
    assert r.investigation_report(facts="x", evidence_count=1, determination="illegal", legal_basis="条例",
                                  proposed_penalty="罚款").passed
    assert r.penalty(determination="illegal", penalty_decision="").failed
    assert r.penalty(determination="illegal", penalty_decision="", closing=True).failed
    assert r.criminal_referral(consultation_record="", police_unit="小店分局").failed
    assert r.archive(pending_measures=1).failed
    assert r.asset_source(source="nope", amount=Decimal("1")).failed
    assert r.quarterly_report(submitted_on_time=True, content="").failed
    assert r.risk_alert(audience="regions", issuer_level="city", issuer_is_lead=True).failed
    assert r.risk_alert(audience="public", issuer_level="county", issuer_is_lead=True).passed
    assert r.supervision(issuer_type="fundraising_lead", kind="rectification", days=0).failed


def test_a29_a_clue_found_in_the_units_own_duties_is_registered_even_outside_its_region():
    own = r.intake_scope(subject_region_path="140000/140200/", unit_region_path="140000/140100/",
                         source="regulator_monitoring")
    assert own.passed and own.figures["report"] is False
    assert r.intake_scope(subject_region_path="140000/140200/", unit_region_path="140000/140100/",
                          source="public_report").failed


@pytest.mark.parametrize(("source", "allowed"), [
    ("public_report", True), ("regulator_monitoring", False), ("superior_assignment", False),
    ("monitoring_hit", False), ("financial_institution", False)])
def test_a29_only_a_public_report_can_be_referred(source, allowed):
    assert r.referral_allowed(source=source).passed is allowed


A22_2 = {"batch_days": 3, "payees_per_batch": 12, "recurring_share": Decimal("1"), "min_batch_days": 3,
         "min_payees": 10, "min_recurring_share": Decimal("0.5"), "max_payroll_share": Decimal("0.5")}


@pytest.mark.parametrize(("payroll", "interest", "hit"), [
    ("1", "0", False), ("0.5", "0", False), ("0.4999", "0", True), ("1", "0.0833", True), ("0", "0", True)])
def test_a22_2_payroll_memos_without_interest_words_are_not_interest(payroll, interest, hit):
    res = r.batch_interest(**A22_2, payroll_share=Decimal(payroll), interest_share=Decimal(interest))
    assert res.failed is hit
    if not hit:
        assert "工资" in res.message
