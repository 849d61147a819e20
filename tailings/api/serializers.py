"""Separate input and output serializers."""

from __future__ import annotations

from rest_framework import serializers

from gazette.api.serializers import RejectUnknownFieldsMixin
from gazette.orgs.choices import OrganisationType, RegionLevel
from gazette.orgs.models import Organisation, Region
from gazette.workflow.api import CaseEngineFieldsMixin

from .. import choices as ch
from ..models import Alarm, Facility, HiddenDanger, ImportantTributary, PublicReport


class FacilityOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = Facility
        fields = ["id", "reference", "name", "state", "state_label", "project_kind", "grade", "organisation",
                  "supervisor", "region", "flat_type", "total_dam_height", "starter_dam_crest_elevation",
                  "final_design_elevation", "current_elevation", "rise_rate", "outer_slope_ratio",
                  "discharge_method", "dam_method", "matching_mine", "design_life_years",
                  "yellow_river_distance_km", "tributary", "tributary_distance_km", "licence_number",
                  "licence_expires_on", "monitoring_linked_on", "trial_start_on", "trial_end_on",
                  "closure_trigger", "closure_trigger_on", "closure_extension_months", "closed_on", "ownerless",
                  "created_at", "rule_trace", "deadlines", "actions"]


class FacilityInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A facility project: numbers are parsed here; grade, slope and elevations are judged by the service."""

    name = serializers.CharField(max_length=128)
    project_kind = serializers.ChoiceField(choices=ch.ProjectKind.choices)
    county = serializers.PrimaryKeyRelatedField(queryset=Region.objects.filter(level=RegionLevel.COUNTY))
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type=OrganisationType.EMERGENCY_MANAGEMENT))
    grade = serializers.IntegerField()
    flat_type = serializers.BooleanField(required=False, default=False)
    total_dam_height = serializers.DecimalField(max_digits=9, decimal_places=2)
    starter_dam_crest_elevation = serializers.DecimalField(max_digits=9, decimal_places=2)
    final_design_elevation = serializers.DecimalField(max_digits=9, decimal_places=2)
    current_elevation = serializers.DecimalField(max_digits=9, decimal_places=2)
    rise_rate = serializers.DecimalField(max_digits=9, decimal_places=2, required=False, default=0)
    single_raise_height = serializers.DecimalField(max_digits=9, decimal_places=2, required=False, allow_null=True)
    outer_slope_ratio = serializers.DecimalField(max_digits=6, decimal_places=2)
    discharge_method = serializers.ChoiceField(choices=ch.DischargeMethod.choices)
    dam_method = serializers.ChoiceField(choices=ch.DamMethod.choices)
    matching_mine = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")
    design_life_years = serializers.IntegerField(min_value=1, max_value=200)
    yellow_river_distance_km = serializers.DecimalField(max_digits=8, decimal_places=3)
    tributary = serializers.PrimaryKeyRelatedField(queryset=ImportantTributary.objects.all(), required=False,
                                                   allow_null=True, default=None)
    tributary_distance_km = serializers.DecimalField(max_digits=8, decimal_places=3, required=False,
                                                     allow_null=True, default=None)
    residents_within_1km_of_starter_toe = serializers.BooleanField(required=False, default=False)
    dense_places_within_3km = serializers.BooleanField(required=False, default=False)
    major_roads_within_3km = serializers.BooleanField(required=False, default=False)
    inundation_overlaps_other_dam = serializers.BooleanField(required=False, default=False)
    in_banned_area = serializers.BooleanField(required=False, default=False)
    geotechnical_survey = serializers.BooleanField(required=False, default=False)
    detailed_survey = serializers.BooleanField(required=False, default=False)
    pile_dam_survey = serializers.BooleanField(required=False, default=False)
    survey_qualification = serializers.ChoiceField(choices=ch.SurveyQualification.choices, required=False,
                                                   default="none")
    design_qualification = serializers.ChoiceField(choices=ch.DesignQualification.choices, required=False,
                                                   default="none")
    construction_qualification = serializers.ChoiceField(choices=ch.ConstructionQualification.choices,
                                                         required=False, default="none")
    supervision_qualification = serializers.ChoiceField(choices=ch.SupervisionQualification.choices,
                                                        required=False, default="none")
    evaluator_qualified = serializers.BooleanField(required=False, default=False)
    evaluator_has_engineer = serializers.BooleanField(required=False, default=False)
    safety_managers = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)
    technicians = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)
    special_operators = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)


class AlarmOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)
    station_code = serializers.CharField(source="station.code", read_only=True)

    class Meta:
        model = Alarm
        fields = ["id", "reference", "facility", "station", "station_code", "kind", "quantity", "level",
                  "peak_level", "threshold", "value", "value_at", "state", "state_label", "opened_at",
                  "acknowledged_at", "cleared_at", "rule_trace", "deadlines", "actions"]


class DangerOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = HiddenDanger
        fields = ["id", "reference", "facility", "source", "description", "found_on", "state", "state_label",
                  "ordered_by", "ordered_on", "deadline_on", "requirements", "rectification_note", "rectified_on",
                  "verification_note", "rule_trace", "deadlines", "actions"]


class PublicReportOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = PublicReport
        fields = ["id", "reference", "region", "organisation", "facility", "facility_text", "content", "state",
                  "state_label", "result", "referred_to", "received_at", "rule_trace", "deadlines", "actions"]


class ReadingInSerializer(serializers.Serializer):
    """One reading (documentation of the batch's items; each is judged by the ingest service, not here)."""

    facility = serializers.CharField(help_text="尾矿库编号，如 TAIL-2025-000123")
    station = serializers.CharField(help_text="测点编号")
    quantity = serializers.ChoiceField(choices=ch.Quantity.choices)
    value = serializers.FloatField()
    unit = serializers.CharField(help_text="m / mm / L/s（与测点一致，不做换算）")
    measured_at = serializers.DateTimeField(help_text="ISO 8601，带时区")


class ReadingsBatchSerializer(serializers.Serializer):
    readings = ReadingInSerializer(many=True)


class RefusalSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    field = serializers.CharField()
    reason = serializers.CharField()


class IngestResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    refused = RefusalSerializer(many=True)
    alarms_opened = serializers.IntegerField()
    alarms_updated = serializers.IntegerField()
    alarms_cleared = serializers.IntegerField()
