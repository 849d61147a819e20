"""Input and output serializers of the fund API. Input serializers check shapes only; the service decides."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gazette.api.serializers import PrebuiltFieldsMixin, RejectUnknownFieldsMixin
from gazette.documents.models import Attachment
from gazette.documents.selectors import attachment_list
from gazette.workflow.api import CaseEngineFieldsMixin

from ..checklist import items_for
from ..choices import ApplicantType, ApplicationKind, DocumentCode, HardshipGrade, InsuranceStatus
from ..models import Application, FundObligation, FundReport, Recovery
from ..presenters import application_checklist, application_documents, application_missing

MONEY = {"max_digits": 12, "decimal_places": 2, "required": False, "allow_null": True}


class ApplicationInSerializer(PrebuiltFieldsMixin, RejectUnknownFieldsMixin, serializers.Serializer):
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
    police_unit = serializers.IntegerField(
        required=False, allow_null=True, label=_("处理事故的公安交管部门"),
        help_text=_("单位编号；不填则按事故发生地的县级、市级公安交管部门确定（第三十二条通知书向其送达）。"))
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
    """An uploaded file (gazette.documents attachment) with its permission-checked, audited download link."""

    code = serializers.CharField(source="checklist_code")
    label = serializers.SerializerMethodField()
    content_type = serializers.CharField(source="mime_type")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "code", "label", "original_name", "content_type", "size", "sha256", "uploaded_at", "url"]

    def get_label(self, obj) -> str:
        return str(DocumentCode(obj.checklist_code).label) if obj.checklist_code in DocumentCode.values else ""

    def get_url(self, obj) -> str:
        return reverse("documents:attachment-download", args=[obj.pk])


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    article = serializers.CharField()
    present = serializers.BooleanField()


class IssuedDocumentSerializer(serializers.Serializer):
    """An official document issued on the case (文书), e.g. 审核结果通知书 晋救基〔2026〕3号."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    version = serializers.IntegerField()
    recipients = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()


class ApplicationOutSerializer(PrebuiltFieldsMixin, CaseEngineFieldsMixin, serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    state_label = serializers.CharField()
    approval_level_label = serializers.CharField(source="get_approval_level_display")
    approver = serializers.SerializerMethodField()
    hospital_name = serializers.CharField(source="hospital.name", default="")
    police_unit_name = serializers.CharField(source="police_unit.name", default="")
    region_name = serializers.CharField(source="region.full_name")
    victim_id_number = serializers.CharField(source="victim_id_masked")
    bank_account = serializers.CharField(source="bank_account_masked")
    missing_documents = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    issued_documents = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id", "reference", "kind", "kind_label", "state", "state_label", "applicant_type", "applicant_name",
            "accident_at", "accident_place", "region", "region_name", "police_unit", "police_unit_name",
            "expressway", "hit_and_run",
            "insurance_status", "casualties", "deaths", "victim_name", "victim_id_number",
            "victim_identity_unknown", "hospital", "hospital_name", "treatment_started_at", "first7_amount",
            "post7_amount", "body_notice_on", "hardship_grade", "hardship_amount", "advance_amount",
            "approval_level", "approval_level_label", "approver", "heavy_injury", "mass_casualty",
            "bank_account_name", "bank_account", "refusal_reason", "approval_opinion", "paid_at", "created_at",
            "missing_documents",
            "checklist", "documents", "issued_documents", "rule_trace", "deadlines", "actions",
        ]

    def get_approver(self, obj) -> dict[str, Any] | None:
        org = obj.approver_organisation
        return {"id": org.pk, "name": org.name} if org else None

    def _just_created(self) -> bool:
        """The application was created by this very request (context ``just_created``): it has no attachment and
        no issued document yet, so the answer to a submission needs no query for them."""
        return bool(self.context.get("just_created"))

    def get_missing_documents(self, obj) -> list[str]:
        if self._just_created():
            return [str(i.label) for i in items_for(obj) if i.required]
        return application_missing(obj)

    def get_checklist(self, obj) -> list[dict[str, Any]]:
        if self._just_created():
            return [{"code": i.code, "label": str(i.label), "article": str(i.help), "present": False}
                    for i in items_for(obj)]
        return ChecklistItemSerializer(application_checklist(obj), many=True).data

    @extend_schema_field(DocumentOutSerializer(many=True))
    def get_documents(self, obj) -> list[dict[str, Any]]:
        if self._just_created():
            return []
        return DocumentOutSerializer(attachment_list(case=obj), many=True).data

    @extend_schema_field(IssuedDocumentSerializer(many=True))
    def get_issued_documents(self, obj) -> list[dict[str, Any]]:
        if self._just_created():
            return []
        return IssuedDocumentSerializer(application_documents(obj), many=True).data


class ApplicationListSerializer(serializers.ModelSerializer):
    """The list row: masked personal data only, no per-row queries (``missing_documents`` comes from one query for
    the page, passed in the context as ``missing``)."""

    kind_label = serializers.CharField(source="get_kind_display")
    state_label = serializers.CharField()
    victim_id_number = serializers.CharField(source="victim_id_masked")
    missing_documents = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "reference", "kind", "kind_label", "state", "state_label", "victim_name",
                  "victim_id_number", "advance_amount", "approval_level", "heavy_injury", "created_at",
                  "missing_documents"]

    def get_missing_documents(self, obj) -> list[str]:
        missing = self.context.get("missing")
        items = missing.get(obj.pk, []) if missing is not None else []
        return [str(i.label) for i in items]


class RecoveryActionInSerializer(serializers.Serializer):
    """The inputs of the recovery actions; each action reads the ones it needs (the service validates)."""

    obligor_name = serializers.CharField(max_length=128, required=False, allow_blank=True)
    liability = serializers.CharField(max_length=16, required=False, allow_blank=True)
    insured = serializers.BooleanField(required=False, default=False)
    insurer = serializers.IntegerField(required=False, allow_null=True)
    court_share = serializers.DecimalField(max_digits=4, decimal_places=2, required=False, allow_null=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    source_ref = serializers.CharField(max_length=64, required=False, allow_blank=True)
    collection = serializers.IntegerField(required=False, allow_null=True)
    ground = serializers.CharField(max_length=32, required=False, allow_blank=True)
    explanation = serializers.CharField(required=False, allow_blank=True)
    no_assets_certified = serializers.BooleanField(required=False, default=False)
    decision = serializers.ChoiceField(choices=["approve", "reject"], required=False)


class RecoveryOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")
    application = serializers.CharField(source="application.reference")
    organisation_name = serializers.CharField(source="organisation.name")
    outstanding = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    collections = serializers.SerializerMethodField()
    write_offs = serializers.SerializerMethodField()

    class Meta:
        model = Recovery
        fields = ["id", "reference", "application", "state", "state_label", "organisation", "organisation_name",
                  "advanced", "paid_at", "obligor_name", "liability", "insured", "insurer", "amount_due",
                  "amount_recovered", "outstanding", "assist_notice_sent_at", "handed_over_at", "settled_at",
                  "settlement_no", "rule_trace", "deadlines", "collections", "write_offs", "actions"]

    def get_collections(self, obj) -> list[dict[str, Any]]:
        return [{"id": c.pk, "reference": c.reference, "amount": str(c.amount), "collected_at": c.collected_at,
                 "deposited_at": c.deposited_at} for c in obj.collections.order_by("collected_at")]

    def get_write_offs(self, obj) -> list[dict[str, Any]]:
        return [{"id": w.pk, "ground": w.ground, "state": w.state, "rule_trace": w.rule_trace}
                for w in obj.write_offs.order_by("-submitted_at")]



class FundReportOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    """A statutory report (第四十二条, 第四十四条), its clock and what the caller may do with it."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = FundReport
        fields = ["id", "reference", "kind", "kind_label", "period", "state", "state_label", "organisation",
                  "submitted_at", "rule_trace", "deadlines", "actions"]


class FundObligationOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    """A duty owed to the fund (第十五条, 第十六条) and its clock; reminded and warned under 第四十五条."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = FundObligation
        fields = ["id", "reference", "kind", "kind_label", "period", "state", "state_label", "organisation", "amount",
                  "fulfilled_at", "reminded_at", "warned_at", "rule_trace", "deadlines", "actions"]
