"""Input and output serializers of the fund API. Input serializers check shapes only; the service decides."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.api.serializers import RejectUnknownFieldsMixin
from gazette.workflow.api import CaseEngineFieldsMixin

from ..choices import ApplicantType, ApplicationKind, DocumentCode, HardshipGrade, InsuranceStatus
from ..models import Application, ApplicationDocument
from ..presenters import application_checklist, application_missing

MONEY = {"max_digits": 12, "decimal_places": 2, "required": False, "allow_null": True}


class ApplicationInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices, label=_("申请类型"))
    applicant_type = serializers.ChoiceField(choices=ApplicantType.choices, required=False, label=_("申请人类型"))
    applicant_name = serializers.CharField(max_length=128, required=False, allow_blank=True, label=_("申请人"))
    applicant_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    accident_at = serializers.DateTimeField(label=_("事故发生时间"))
    accident_place = serializers.CharField(max_length=200, label=_("事故地点"))
    region = serializers.CharField(max_length=12, label=_("事故发生地区划代码"))
    expressway = serializers.BooleanField(required=False, default=False)
    hit_and_run = serializers.BooleanField(required=False, default=False)
    insurance_status = serializers.ChoiceField(choices=InsuranceStatus.choices, label=_("交强险情况"))
    casualties = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1000)
    deaths = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1000)
    police_notice_no = serializers.CharField(max_length=64, required=False, allow_blank=True)
    victim_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    victim_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    victim_identity_unknown = serializers.BooleanField(required=False, default=False)
    hospital = serializers.IntegerField(required=False, allow_null=True)
    treatment_started_at = serializers.DateTimeField(required=False, allow_null=True)
    first7_amount = serializers.DecimalField(label=_("7日内抢救治疗费用"), **MONEY)
    post7_amount = serializers.DecimalField(label=_("7日后抢救治疗费用"), **MONEY)
    post7_reasons = serializers.CharField(required=False, allow_blank=True)
    body_notice_on = serializers.DateField(required=False, allow_null=True)
    funeral_receipts_amount = serializers.DecimalField(**MONEY)
    hardship_grade = serializers.ChoiceField(choices=HardshipGrade.choices, required=False, allow_blank=True)
    hardship_amount = serializers.DecimalField(**MONEY)
    bank_account_name = serializers.CharField(max_length=128, required=False, allow_blank=True)
    bank_account = serializers.CharField(max_length=32, required=False, allow_blank=True)


class DocumentInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    code = serializers.ChoiceField(choices=DocumentCode.choices, label=_("材料"))
    file = serializers.FileField(label=_("文件"))


class DocumentOutSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_code_display")

    class Meta:
        model = ApplicationDocument
        fields = ["id", "code", "label", "original_name", "content_type", "uploaded_at"]


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    article = serializers.CharField()
    present = serializers.BooleanField()


class ApplicationOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    state_label = serializers.CharField()
    approval_level_label = serializers.CharField(source="get_approval_level_display")
    approver = serializers.SerializerMethodField()
    hospital_name = serializers.CharField(source="hospital.name", default="")
    region_name = serializers.CharField(source="region.full_name")
    victim_id_number = serializers.CharField(source="victim_id_masked")
    bank_account = serializers.CharField(source="bank_account_masked")
    missing_documents = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()
    documents = DocumentOutSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id", "reference", "kind", "kind_label", "state", "state_label", "applicant_type", "applicant_name",
            "accident_at", "accident_place", "region", "region_name", "expressway", "hit_and_run",
            "insurance_status", "casualties", "deaths", "victim_name", "victim_id_number",
            "victim_identity_unknown", "hospital", "hospital_name", "treatment_started_at", "first7_amount",
            "post7_amount", "body_notice_on", "hardship_grade", "hardship_amount", "advance_amount",
            "approval_level", "approval_level_label", "approver", "heavy_injury", "mass_casualty",
            "bank_account_name", "bank_account", "refusal_reason", "paid_at", "created_at", "missing_documents",
            "checklist", "documents", "rule_trace", "deadlines", "actions",
        ]

    def get_approver(self, obj) -> dict[str, Any] | None:
        org = obj.approver_organisation
        return {"id": org.pk, "name": org.name} if org else None

    def get_missing_documents(self, obj) -> list[str]:
        return application_missing(obj)

    def get_checklist(self, obj) -> list[dict[str, Any]]:
        return ChecklistItemSerializer(application_checklist(obj), many=True).data


class ApplicationListSerializer(serializers.ModelSerializer):
    """The list row: masked personal data only, no per-row engine queries."""

    kind_label = serializers.CharField(source="get_kind_display")
    state_label = serializers.CharField()
    victim_id_number = serializers.CharField(source="victim_id_masked")

    class Meta:
        model = Application
        fields = ["id", "reference", "kind", "kind_label", "state", "state_label", "victim_name",
                  "victim_id_number", "advance_amount", "approval_level", "heavy_injury", "created_at"]
