"""The 98号 rules, each at and around its thresholds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tailings import rules


def _a9(km, **kw):
    return rules.prohibited_project(project_kind=kw.pop("project_kind", "new"), yellow_river_distance_km=Decimal(km),
                                    **kw)


@pytest.mark.parametrize(("km", "banned"), [("2.900", True), ("2.999", True), ("3.000", True), ("3.001", False),
                                            ("12.5", False)])
def test_a9_yellow_river_main_stream_within_3km_is_banned_bound_included(km, banned):
    result = _a9(km)
    assert result.failed is banned
    if banned:
        assert "黄河干流岸线" in result.message and "3公里范围内" in result.message


@pytest.mark.parametrize(("km", "banned"), [("0.999", True), ("1.000", True), ("1.001", False)])
def test_a9_important_tributary_within_1km(km, banned):
    result = _a9("50", tributary_name="汾河", tributary_distance_km=Decimal(km))
    assert result.failed is banned
    if banned:
        assert "汾河" in result.message


@pytest.mark.parametrize(("height", "banned"), [("199.99", False), ("200.00", False), ("200.01", True)])
def test_a9_total_dam_height_over_200m(height, banned):
    assert _a9("50", total_dam_height=Decimal(height)).failed is banned


def test_a9_head_top_facility_and_existing_facility_not_applicable():
    assert _a9("50", residents_within_1km_of_starter_toe=True).failed
    assert "头顶库" in _a9("50", residents_within_1km_of_starter_toe=True).message
    assert _a9("1", project_kind="existing").outcome == "not_applicable"
    assert _a9("2.9", project_kind="expansion").failed


def test_a7_flat_type_is_exempt_from_the_whole_first_clause_only():
    assert rules.banned_site(project_kind="new", dense_places_within_3km=True).failed
    assert rules.banned_site(project_kind="new", major_roads_within_3km=True).failed
    assert rules.banned_site(project_kind="new", flat_type=True, dense_places_within_3km=True,
                             major_roads_within_3km=True).passed
    assert rules.banned_site(project_kind="new", flat_type=True, inundation_overlaps_other_dam=True).failed
    assert rules.banned_site(project_kind="expansion", in_banned_area=True).failed


def test_a8_new_needs_dry_discharge_one_time_dam_for_grade_4_5_and_5_years_expansion_needs_a_mine():
    ok = {"project_kind": "new", "grade": 4, "discharge_method": "dry", "dam_method": "one_time",
        "design_life_years": 5,
              "matching_mine": "某铁矿"}
    assert rules.new_facility_design(**ok).passed
    assert rules.new_facility_design(**{**ok, "design_life_years": 4}).failed
    assert rules.new_facility_design(**{**ok, "discharge_method": "wet"}).failed
    assert rules.new_facility_design(**{**ok, "dam_method": "upstream"}).failed
    assert rules.new_facility_design(**{**ok, "grade": 3, "dam_method": "upstream"}).passed
    # 改扩建: only the matching mine
    assert rules.new_facility_design(project_kind="expansion", grade=4, discharge_method="wet",
                                     dam_method="upstream", design_life_years=1, matching_mine="某铁矿").passed
    assert rules.new_facility_design(project_kind="expansion", grade=4, matching_mine="").failed


@pytest.mark.parametrize(("raise_m", "ok"), [("49.99", True), ("50.00", True), ("50.01", False)])
def test_a12_expansion_single_raise_at_most_50m(raise_m, ok):
    result = rules.surveys_and_raise(project_kind="expansion", geotechnical_survey=True, detailed_survey=True,
                                     pile_dam_survey=True, single_raise_height=Decimal(raise_m))
    assert result.passed is ok


def test_a12_surveys_and_pile_dam_survey_for_expansion():
    assert rules.surveys_and_raise(project_kind="new", geotechnical_survey=True, detailed_survey=True).passed
    assert rules.surveys_and_raise(project_kind="new", geotechnical_survey=True).failed
    assert rules.surveys_and_raise(project_kind="expansion", geotechnical_survey=True, detailed_survey=True).failed


@pytest.mark.parametrize(("grade", "survey", "construction", "ok"), [
    (3, "grade_a", "first", True), (3, "grade_b", "first", False), (3, "grade_a", "second", False),
    (4, "grade_b", "second", True), (4, "grade_b", "third", False), (5, "none", "second", False),
])
def test_a14_qualifications_by_grade(grade, survey, construction, ok):
    result = rules.contractors_qualified(project_kind="new", grade=grade, survey_qualification=survey,
                                         design_qualification="grade_a", construction_qualification=construction,
                                         supervision_qualification="grade_a")
    assert result.passed is ok


@pytest.mark.parametrize(("grade", "staff", "ok"), [
    (3, (4, 2, 10), True), (3, (3, 2, 10), False), (3, (4, 1, 10), False), (3, (4, 2, 9), False),
    (4, (2, 1, 6), True), (5, (1, 1, 6), False), (5, (2, 1, 5), False), (1, (2, 1, 6), False),
])
def test_a19_staffing_grade_1_3_vs_4_5(grade, staff, ok):
    m, t, s = staff
    assert rules.staffing(grade=grade, safety_managers=m, technicians=t, special_operators=s).passed is ok


@pytest.mark.parametrize(("ratio", "ok"), [("2.99", False), ("3.00", True), ("3.01", True)])
def test_a23_average_outer_slope_horizontal_over_vertical_at_least_3(ratio, ok):
    assert rules.outer_slope(outer_slope_ratio=Decimal(ratio)).passed is ok


@pytest.mark.parametrize(("days_before", "ok", "warning"), [(0, False, False), (-1, False, False), (1, True, False),
                                                           (3, True, False), (7, True, False), (8, True, True)])
def test_a16_plan_filed_in_the_7_days_before_the_start(days_before, ok, warning):
    start = date(2026, 3, 10)
    result = rules.trial_plan_filed(filed_on=date.fromordinal(start.toordinal() - days_before), start_on=start)
    assert result.passed is ok
    assert bool(result.figures.get("warning")) is warning


@pytest.mark.parametrize(("end", "ok"), [
    (date(2026, 1, 30), False),   # 29 days
    (date(2026, 1, 31), True),    # 30 days
    (date(2026, 7, 1), True),     # exactly 6 months
    (date(2026, 7, 2), False),    # 6 months and a day
])
def test_a16_trial_run_30_days_to_6_months(end, ok):
    assert rules.trial_length(start_on=date(2026, 1, 1), end_on=end).passed is ok


def test_a16_six_months_from_31_august_ends_on_the_last_day_of_february():
    assert rules.trial_length(start_on=date(2026, 8, 31), end_on=date(2027, 2, 28)).passed
    assert rules.trial_length(start_on=date(2026, 8, 31), end_on=date(2027, 3, 1)).failed


@pytest.mark.parametrize(("top", "ok"), [("1209.99", True), ("1210.00", True), ("1210.01", False)])
def test_a16_discharge_not_above_the_starter_dam_crest(top, ok):
    assert rules.trial_discharge(max_discharge_elevation=Decimal(top),
                                 starter_dam_crest_elevation=Decimal("1210.00")).passed is ok


def test_a18_no_operation_without_a_valid_licence():
    on = date(2026, 6, 1)
    assert rules.licence_valid(licence_number="", licence_expires_on=None, on=on).failed
    assert rules.licence_valid(licence_number="X", licence_expires_on=date(2026, 5, 31), on=on).failed
    assert rules.licence_valid(licence_number="X", licence_expires_on=date(2026, 6, 1), on=on).passed


@pytest.mark.parametrize(("already", "months", "ok"), [(0, 6, True), (0, 7, False), (6, 1, False), (3, 3, True),
                                                      (5, 1, True), (0, 0, False)])
def test_a30_extensions_total_at_most_6_months(already, months, ok):
    result = rules.closure_extension(months=months, already_months=already, consent_document="娄应急函〔2026〕3号",
                                     consenter_is_local=True)
    assert result.passed is ok


def test_a30_extension_needs_the_local_departments_consent():
    assert rules.closure_extension(months=1, consent_document="", consenter_is_local=True).failed
    assert rules.closure_extension(months=1, consent_document="函", consenter_is_local=False).failed


def test_a30_closure_year_runs_from_the_trigger_and_not_before_2023():
    result = rules.closure_trigger(trigger="final_elevation", trigger_on=date(2026, 3, 1))
    assert result.figures["due"] == date(2027, 3, 1)
    early = rules.closure_trigger(trigger="discharge_ceased", trigger_on=date(2021, 5, 1))
    assert early.figures["starts"] == date(2023, 1, 1) and early.figures["due"] == date(2024, 1, 1)


def test_a30_idle_trigger_only_after_three_full_years():
    idle = date(2022, 3, 1)
    assert rules.closure_trigger(trigger="idle_3_years", trigger_on=date(2025, 3, 1), idle_since=idle).failed
    assert rules.closure_trigger(trigger="idle_3_years", trigger_on=date(2025, 3, 2), idle_since=idle).passed


def test_a28_partial_reclamation_design_refused():
    assert rules.reclamation_design(design_approved_on=date(2026, 1, 1), full_reclamation=False,
                                    period_end=date(2028, 1, 1)).failed
    assert rules.reclamation_design(design_approved_on=None, full_reclamation=True, period_end=date(2028, 1, 1)).failed
    assert rules.reclamation_design(design_approved_on=date(2026, 1, 1), full_reclamation=True,
                                    period_end=date(2028, 1, 1)).passed


def test_a15_major_change_needs_the_original_approver():
    assert rules.design_change(changed_items=("dam_height",), designer_document="变更设计").failed
    assert rules.design_change(changed_items=("dam_height",), designer_document="变更设计",
                               approval_document="晋应急审〔2026〕1号").passed
    assert rules.design_change(changed_items=("local",), designer_document="变更设计").passed


def test_a26_link_within_two_months_of_the_licence():
    assert rules.monitoring_link(licence_issued_on=date(2026, 1, 31), linked_on=date(2026, 3, 31)).passed
    assert rules.monitoring_link(licence_issued_on=date(2026, 1, 31), linked_on=date(2026, 4, 1)).failed


def test_a20_drill_before_the_flood_season():
    season = date(2026, 6, 1)
    assert rules.drill_before_flood_season(held_on=date(2026, 5, 31), flood_season_starts=season).passed
    assert rules.drill_before_flood_season(held_on=date(2026, 6, 1), flood_season_starts=season).failed
