"""Each deciding article at and around its thresholds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fund import rules
from fund.choices import ApprovalLevel as L

D = Decimal


@pytest.mark.parametrize(("amount", "tier"), [
    ("0.00", L.MANAGER), ("0.01", L.COUNTY), ("29999.99", L.COUNTY), ("30000.00", L.CITY), ("30000.01", L.CITY),
    ("99999.99", L.CITY), ("100000.00", L.PROVINCE), ("100000.01", L.PROVINCE), ("120000.00", L.PROVINCE),
    ("299999.99", L.PROVINCE), ("300000.00", L.JOINT_MEETING), ("300000.01", L.JOINT_MEETING),
])
def test_post_day7_amount_decides_the_approval_tier(amount, tier):
    result = rules.approval_tier(kind="treatment", post_day7_amount=D(amount))
    assert result.passed
    assert result.figures["tier"] == tier


def test_approval_tier_does_not_apply_to_funeral_advances():
    assert rules.approval_tier(kind="funeral", post_day7_amount=D("50000")).outcome == "not_applicable"


@pytest.mark.parametrize(("casualties", "deaths", "mass"), [
    (5, 0, False), (6, 0, True), (4, 3, False), (4, 4, True), (1, 1, False),
])
def test_mass_casualty_is_more_than_5_casualties_or_more_than_3_deaths(casualties, deaths, mass):
    assert rules.is_mass_casualty(casualties=casualties, deaths=deaths) is mass
    assert rules.mass_casualty(casualties=casualties, deaths=deaths).figures["mass_casualty"] is mass


def _eligibility(**kw):
    facts = {"kind": "treatment", "treatment_total": D("5000"), "medical_limit": D("18000"),
             "insurance_status": "insured", "hit_and_run": False, "casualties": 1, "deaths": 0} | kw
    return rules.eligibility(**facts)


@pytest.mark.parametrize(("kw", "ok"), [
    ({}, False),
    ({"treatment_total": D("18000.00")}, False),
    ({"treatment_total": D("18000.01")}, True),
    ({"insurance_status": "uninsured"}, True),
    ({"insurance_status": "not_covered"}, True),
    ({"insurance_status": "insurer_not_paid", "evaluated_on": date(2026, 4, 2),
      "insurer_period_ends_on": date(2026, 4, 1)}, True),
    ({"hit_and_run": True}, True),
    ({"casualties": 6}, True),
    ({"deaths": 4, "casualties": 4}, True),
    ({"kind": "funeral", "treatment_total": D("90000")}, False),
])
def test_eligibility_needs_one_article_21_ground(kw, ok):
    assert _eligibility(**kw).passed is ok


def test_eligibility_is_not_applicable_to_hardship():
    assert _eligibility(kind="hardship").outcome == "not_applicable"


@pytest.mark.parametrize(("total", "heavy"), [("17999.99", False), ("18000.00", False), ("18000.01", True)])
def test_heavy_injury_above_18000(total, heavy):
    result = rules.heavy_injury(kind="treatment", treatment_total=D(total))
    assert result.figures["heavy_injury"] is heavy


def test_funeral_standard_is_six_times_the_previous_year_wage():
    result = rules.funeral_standard(kind="funeral", previous_year_wage=D("7123.45"))
    assert result.figures["amount"] == D("42740.70")


def test_funeral_for_unidentified_body_is_by_receipts():
    result = rules.funeral_standard(kind="funeral", identity_unknown=True, receipts_amount=D("8800.00"))
    assert result.figures["amount"] == D("8800.00")


def test_funeral_standard_fails_without_the_wage_table():
    assert rules.funeral_standard(kind="funeral", previous_year_wage=None).failed


@pytest.mark.parametrize(("grade", "amount", "outcome", "tier"), [
    ("death", "50000.00", "passed", L.CITY), ("death", "50000.01", "passed", L.PROVINCE),
    ("grade_1_6", "49999.99", "passed", L.CITY), ("grade_7_10", "10000.00", "passed", L.CITY),
    ("grade_7_10", "10000.01", "passed", L.PROVINCE), ("death", "80000.00", "passed", L.PROVINCE),
    ("death", "80000.01", "failed", L.PROVINCE),
])
def test_hardship_caps(grade, amount, outcome, tier):
    result = rules.hardship_cap(kind="hardship", hardship_grade=grade, amount=D(amount))
    assert result.outcome == outcome
    assert result.figures["tier"] == tier


def _plus(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)


@pytest.mark.parametrize(("days", "ok"), [(0, True), (59, True), (60, True), (61, False)])
def test_treatment_window_is_60_days_from_the_accident(days, ok):
    accident = date(2026, 3, 1)  # day 60 is Thursday 30 April 2026, a working day
    result = rules.treatment_window(kind="treatment", applicant_type="relative", accident_on=accident,
                                    treatment_started_on=None, applied_on=_plus(accident, days),
                                    accident_window_ends_on=date(2026, 4, 30), treatment_window_ends_on=None)
    assert result.passed is ok


def test_hospital_window_counts_from_the_start_of_treatment():
    result = rules.treatment_window(kind="treatment", applicant_type="hospital", accident_on=date(2026, 1, 1),
                                    treatment_started_on=date(2026, 1, 5), applied_on=date(2026, 3, 6),
                                    accident_window_ends_on=date(2026, 3, 2), treatment_window_ends_on=date(2026, 3, 6))
    assert result.passed  # 60 days after 5 January, though 64 after the accident


def test_treatment_window_whose_60th_day_is_a_holiday_ends_on_the_working_day_after_it():
    result = rules.treatment_window(kind="treatment", applicant_type="relative", accident_on=date(2026, 8, 2),
                                    treatment_started_on=None, applied_on=date(2026, 10, 8),
                                    accident_window_ends_on=date(2026, 10, 8), treatment_window_ends_on=None)
    assert result.passed
    assert "顺延" in result.message and result.figures["window_ends_on"] == date(2026, 10, 8)


def test_treatment_window_that_cannot_be_counted_refuses_rather_than_guesses():
    result = rules.treatment_window(kind="treatment", applicant_type="relative", accident_on=date(2026, 8, 2),
                                    treatment_started_on=None, applied_on=date(2026, 8, 3))
    assert result.failed


@pytest.mark.parametrize(("days", "ok"), [(60, True), (61, False)])
def test_funeral_window_is_60_days_from_the_body_notice(days, ok):
    notice = date(2026, 5, 1)  # day 60 is Tuesday 30 June 2026
    result = rules.funeral_window(kind="funeral", body_notice_on=notice, applied_on=_plus(notice, days),
                                  body_notice_window_ends_on=date(2026, 6, 30))
    assert result.passed is ok


@pytest.mark.parametrize(("deaths", "outcome"), [(0, "failed"), (1, "passed")])
def test_funeral_advance_needs_a_recorded_death(deaths, outcome):
    result = rules.funeral_needs_death(kind="funeral", deaths=deaths)
    assert result.outcome == outcome


def test_death_check_does_not_apply_to_treatment():
    assert rules.funeral_needs_death(kind="treatment", deaths=0).outcome == "not_applicable"


@pytest.mark.parametrize(("today", "ok"), [
    (date(2026, 3, 31), False),  # day 29 after the accident
    (date(2026, 4, 1), False),   # day 30: the insurer still has the whole day to pay
    (date(2026, 4, 2), True),    # day 31: the 30 days ran out unpaid
])
def test_insurer_not_paid_ground_holds_only_once_the_30_days_have_run_out(today, ok):
    result = _eligibility(insurance_status="insurer_not_paid", evaluated_on=today,
                          insurer_period_ends_on=date(2026, 4, 1))
    assert result.passed is ok
    assert result.figures["insurer_period_ends_on"] == date(2026, 4, 1)


def test_insurer_not_paid_ground_without_the_period_does_not_hold():
    assert _eligibility(insurance_status="insurer_not_paid").failed


@pytest.mark.parametrize(("total", "advance"), [("18000.01", "0.01"), ("25000.00", "7000.00")])
def test_insured_treatment_advance_is_the_part_above_the_medical_limit(total, advance):
    result = _eligibility(treatment_total=D(total))
    assert result.passed
    assert result.figures["advance_amount"] == D(advance)
    assert result.figures["insurer_covers"] == D("18000.00")
    assert "超出医疗费用赔偿限额18,000.00元的部分" in result.message


def test_uninsured_treatment_advance_is_the_whole_cost():
    result = _eligibility(treatment_total=D("25000.00"), insurance_status="uninsured")
    assert result.figures["advance_amount"] == D("25000.00")
    assert result.figures["partial"] is False


def _adjust(amount, reason="按物价标准核减"):
    return rules.advance_adjustment(amount=D(amount), ceiling=D("25000.00"), computed=D("7000.00"), reason=reason)


@pytest.mark.parametrize(("amount", "reason", "ok", "fragment"), [
    ("-0.01", "核减", False, "负数"), ("0.00", "核减", False, "不予垫付"), ("0.01", "核减", True, "0.01"),
    ("25000.00", "保险公司实际赔付不足", True, "25,000.00"), ("25000.01", "核增", False, "超过申请的费用"),
    ("6000.00", " ", False, "理由"),
])
def test_reviewer_adjusts_the_advance_within_the_costs_with_a_reason(amount, reason, ok, fragment):
    result = _adjust(amount, reason)
    assert result.passed is ok
    assert fragment in result.message


@pytest.mark.parametrize(("liability", "share", "amount"), [
    ("full", "1.00", "10000.00"), ("main", "0.70", "7000.00"), ("equal", "0.50", "5000.00"),
    ("minor", "0.30", "3000.00"), ("undetermined", "0.50", "5000.00"),
])
def test_recovery_share_by_liability(liability, share, amount):
    result = rules.recovery_share(advanced=D("10000.00"), liability=liability)
    assert result.figures["share"] == D(share)
    assert result.figures["amount"] == D(amount)


def test_court_judgment_overrides_the_liability_share():
    result = rules.recovery_share(advanced=D("10000.00"), liability="minor", court_share=D("0.85"))
    assert result.figures["amount"] == D("8500.00")


def test_insured_obligor_recovery_goes_to_the_insurer_within_the_limit():
    result = rules.recovery_share(advanced=D("250000.00"), liability="main", insured=True,
                                  insurer_limit=D("200000.00"))
    assert result.figures["from_insurer"] == D("200000.00")
    assert result.figures["from_obligor"] == D("35000.00")


@pytest.mark.parametrize(("balance", "suspended"), [("2999999.99", False), ("3000000.00", True)])
def test_levy_suspended_at_three_times_last_years_spending(balance, suspended):
    result = rules.levy_suspension(balance=D(balance), previous_year_spending=D("1000000.00"))
    assert result.figures["suspended"] is suspended


def test_an_empty_fund_never_suspends_the_levy():
    assert rules.levy_suspension(balance=D("0.00"), previous_year_spending=D("0.00")).figures["suspended"] is False


@pytest.mark.parametrize(("today", "ok"), [(date(2026, 3, 1), False), (date(2026, 3, 2), True)])
def test_unsolved_hit_and_run_can_be_written_off_after_three_years(today, ok):
    result = rules.write_off_grounds(ground="hit_and_run_unsolved", recovery_attempted=True, hit_and_run=True,
                                     accident_on=date(2023, 3, 1), today=today)
    assert result.passed is ok


def test_write_off_needs_recovery_attempted_first():
    assert rules.write_off_grounds(ground="other", recovery_attempted=False, hit_and_run=False,
                                   accident_on=date(2020, 1, 1), today=date(2026, 1, 1)).failed


@pytest.mark.parametrize(("current", "nxt"), [("", L.COUNTY), (L.COUNTY, L.CITY), (L.CITY, L.PROVINCE),
                                               (L.PROVINCE, L.JOINT_MEETING)])
def test_disputes_escalate_level_by_level(current, nxt):
    assert rules.dispute_next_level(current_level=current).figures["next_level"] == nxt


def test_joint_meeting_decides_disputes_finally():
    assert rules.dispute_next_level(current_level=L.JOINT_MEETING).failed


def test_expressway_units_act_as_city_and_county_offices():
    assert rules.expressway_office(expressway=True, approval_level=L.COUNTY).passed
    assert rules.expressway_office(expressway=False, approval_level=L.COUNTY).outcome == "not_applicable"
