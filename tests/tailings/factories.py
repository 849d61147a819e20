"""Tailings test data: a compliant project (every siting/design rule passes), the departments of 娄烦县 / 太原市 /
the province, an operator, and facilities brought to a given state through the engine."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gazette.orgs.choices import OrganisationType as T
from tests.factories import OrganisationFactory, region


def compliant_input(**overrides: Any):
    from tailings.services import FacilityInput

    values = {
        "name": "娄烦示范尾矿库", "project_kind": "new", "grade": 4, "total_dam_height": Decimal("45.00"),
        "starter_dam_crest_elevation": Decimal("1210.00"), "final_design_elevation": Decimal("1250.00"),
        "current_elevation": Decimal("1200.00"), "outer_slope_ratio": Decimal("3.50"), "discharge_method": "dry",
        "dam_method": "one_time", "design_life_years": 12, "yellow_river_distance_km": Decimal("85.000"),
        "matching_mine": "娄烦铁矿", "rise_rate": Decimal("4.00"), "geotechnical_survey": True, "detailed_survey": True,
        "survey_qualification": "grade_b", "design_qualification": "grade_a", "construction_qualification": "second",
        "supervision_qualification": "grade_b", "evaluator_qualified": True, "evaluator_has_engineer": True,
        "safety_managers": 2, "technicians": 1, "special_operators": 6}
    values.update(overrides)
    return FacilityInput(**values)


def tailings_orgs(*, county_code: str = "140123", suffix: str = "") -> dict[str, Any]:
    prov = OrganisationFactory(name=f"省应急管理厅{suffix}", type=T.EMERGENCY_MANAGEMENT, region=region("140000"),
                               document_prefix="晋应急")
    city = OrganisationFactory(name=f"太原市应急管理局{suffix}", type=T.EMERGENCY_MANAGEMENT, region=region("140100"),
                               parent=prov, document_prefix="并应急")
    county = OrganisationFactory(name=f"娄烦县应急管理局{suffix}", type=T.EMERGENCY_MANAGEMENT,
                                 region=region(county_code), parent=city, document_prefix="娄应急")
    operator = OrganisationFactory(name=f"娄烦示范矿业有限公司{suffix}", type=T.ENTERPRISE, region=region(county_code))
    return {"prov": prov, "city": city, "county": county, "operator": operator}


def facility_make(*, operator, supervisor, actor=None, **overrides):
    from tailings.services import facility_register

    return facility_register(actor=actor, operator=operator, supervisor=supervisor, region=supervisor.region
                             if supervisor.region.level == "county" else region("140123"),
                             data=compliant_input(**overrides))


def _system(name: str, **data):
    """Perform a step as the engine (the factory has no users); the guards still run."""
    from gazette.workflow.engine import transition_perform

    def step(f):
        return transition_perform(case=f, name=name, actor=None, data=data, system=True).case
    return step


def to_operating(facility):
    """Design approved, trial run (plan 3 days before, 60 days), licence: an operating facility."""
    today = timezone.localdate()
    start = today - timedelta(days=70)
    for name, data in (
        ("submit_design", {}), ("approve_design", {}),
        ("file_trial_plan", {"filed_on": start - timedelta(days=3), "start_on": start,
                             "planned_end_on": start + timedelta(days=60)}),
        ("finish_trial_run", {"end_on": start + timedelta(days=60), "max_discharge_elevation": Decimal("1205.00"),
                              "trial_report_on": start + timedelta(days=62),
                              "acceptance_evaluation_on": start + timedelta(days=65)}),
        ("grant_licence", {"licence_number": "(晋)FM安许证字〔2026〕001号", "issued_on": today,
                           "expires_on": date(today.year + 3, 1, 1)}),
    ):
        facility = _system(name, **data)(facility)
    return facility
