"""The cited rules at and around their thresholds (STYLE: 59.99 / 60 / 74.99 / 75 / 89.99 / 90)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from credit import rules
from credit.rules import city_stars, county_stars, credit_outcome, grade_for, tender_bonus

D = Decimal


@pytest.mark.parametrize(("score", "grade"), [
    ("59.99", "D"), ("60.00", "C"), ("74.99", "C"), ("75.00", "B"), ("89.99", "B"), ("90.00", "A"), ("0", "D"),
    ("100", "A")])
def test_grade_bands_of_article_11(score, grade):
    assert grade_for(D(score)) == grade
    result = rules.credit_score(objective=D(score), good=D("0"), bad=D("0"))
    assert result.passed and result.figures["grade"] == grade


def test_score_is_objective_plus_good_minus_bad_without_rounding():
    result = rules.credit_score(objective=D("85.25"), good=D("5.00"), bad=D("0.26"))
    assert result.figures["score"] == D("89.99") and result.figures["grade"] == "B"


def test_unscored_indicators_and_points_above_the_maximum_fail():
    assert rules.credit_score(objective=D("50"), good=D("0"), bad=D("0"), unscored=2).failed
    assert "第十一条" in rules.credit_score(objective=D("50"), good=D("0"), bad=D("0"), over_max=["S01"]).message


def test_veto_item_is_d_whatever_the_score():
    assert credit_outcome(objective=D("93"), good=D("5"), bad=D("0"), inactive=False, veto=True) == (D("98"), "D")
    assert rules.veto_items(veto_items=["失信惩戒对象"]).figures["grade"] == "D"
    assert rules.veto_items(veto_items=[]).outcome == "not_applicable"


@pytest.mark.parametrize(("last", "inactive"), [
    (None, True), (date(2024, 2, 2), True), (date(2024, 2, 3), False), (date(2025, 12, 1), False)])
def test_two_years_without_activity_up_to_the_notice_date_is_60_and_c(last, inactive):
    result = rules.inactive_firm(last_activity_on=last, notice_date=date(2026, 2, 2))
    assert (result.outcome == "passed") is inactive
    if inactive:
        assert credit_outcome(objective=D("95"), good=D("0"), bad=D("0"), inactive=True, veto=False) == (
            D("60.00"), "C")


def test_province_reviews_appraisal_firms_and_initial_a_only():
    assert rules.province_review_route(kind="appraisal", grade="C").figures["route"] == "province"
    assert rules.province_review_route(kind="developer", grade="A").figures["route"] == "province"
    assert rules.province_review_route(kind="developer", grade="B").figures["route"] == "notice"


def test_grade_effects_of_articles_16_to_19():
    a = rules.grade_effects(kind="developer", grade="A")
    assert a["escrow_retention_change_points"] == "-5" and a["may_skip_next_cycle"]
    assert a["inspection_tier"] == "reduced"
    d = rules.grade_effects(kind="property_service", grade="D")
    assert not d["government_tenders_allowed"] and not d["early_property_tenders_allowed"] and d["key_supervision"]
    assert rules.grade_effects(kind="developer", grade="D")["escrow_retention_change_points"] == "+5"
    assert rules.grade_effects(kind="brokerage", grade="D")["transaction_funds_full_supervision"]
    assert rules.grade_effects(kind="brokerage", grade="B")["articles"] == ["第十七条"]


def test_repair_only_for_penalty_records():
    assert rules.credit_repair(category="penalty", veto=False, repair_basis="已整改并参加培训").passed
    assert rules.credit_repair(category="false_data", veto=True, repair_basis="已整改").failed


@pytest.mark.parametrize(("score", "stars"), [
    ("59.99", 0), ("60", 1), ("65.99", 1), ("66", 2), ("70.99", 2), ("71", -1)])
def test_county_star_bands(score, stars):
    assert county_stars(D(score)) == stars


@pytest.mark.parametrize(("score", "stars"), [
    ("70.99", 0), ("71", 3), ("80.99", 3), ("81", 4), ("85.99", 4), ("86", -1)])
def test_city_star_bands(score, stars):
    assert city_stars(D(score)) == stars


def test_city_score_below_71_goes_back_to_the_county_bands():
    result = rules.city_band(city_score=D("68"))
    assert result.figures == {"stars": 2, "route": "county"}


def test_star_eligibility_names_every_failed_condition_of_article_7():
    result = rules.star_eligibility(service_days=200, filed_with_county=False, last_grade="C",
                                    occupancy_percent=D("49.99"), delivered_days=729,
                                    liability_accident_last_year=True)
    assert result.failed and len(result.figures["problems"]) == 5
    ok = rules.star_eligibility(service_days=365, filed_with_county=True, last_grade="B",
                                occupancy_percent=D("50"), delivered_days=0, liability_accident_last_year=False)
    assert ok.passed


def test_star_objections_are_routed_by_level_and_tender_bonus_by_best_star():
    assert "市级" in rules.star_objection_route(stars=2).figures["reviewer"]
    assert "省住房" in rules.star_objection_route(stars=3).figures["reviewer"]
    assert [tender_bonus(s) for s in (5, 4, 3, 2, None)] == [D("1.5"), D("1"), D("0.5"), D("0"), D("0")]
