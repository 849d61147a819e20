"""Separate input and output serializers. Grades and scores are output only: nothing in the API takes a grade or
a star (they follow from the sheet, the records and the rules)."""

from __future__ import annotations

from rest_framework import serializers

from gazette.api.serializers import RejectUnknownFieldsMixin
from gazette.orgs.models import Organisation, Region
from gazette.workflow.api import CaseEngineFieldsMixin

from .. import choices as ch
from ..models import CreditCycle, CreditRecord, Enterprise, Rating, StarApplication
from ..rules import grade_effects


class RatingOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.organisation.name", read_only=True)
    year = serializers.IntegerField(source="cycle.year", read_only=True)

    class Meta:
        model = Rating
        fields = ["id", "reference", "enterprise", "enterprise_name", "kind", "year", "state", "state_label", "sheet",
                  "declaration", "pledge", "submitted_at", "gap_items", "gap_notice_at", "street_opinion",
                  "objective", "good", "bad", "score", "grade", "initial_grade", "veto", "inactive", "final_at",
                  "rule_trace", "deadlines", "actions"]


class RatingInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    cycle = serializers.PrimaryKeyRelatedField(queryset=CreditCycle.objects.all(), label="评价年度")
    declaration = serializers.CharField(required=False, allow_blank=True, label="信用评价申报表内容")
    pledge = serializers.BooleanField(required=False, label="已提交企业承诺书")


class ScoresInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    points = serializers.DictField(child=serializers.DecimalField(max_digits=7, decimal_places=2),
                                   label="各指标得分（指标编号: 分值）", allow_empty=False)


class ScoresOutSerializer(serializers.Serializer):
    saved = serializers.IntegerField()


class EnterpriseOutSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name", read_only=True)
    effects = serializers.SerializerMethodField()
    grade = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = ["id", "name", "kind", "credit_code", "registration_region", "legal_representative",
                  "qualification", "last_activity_on", "grade", "effects"]

    def _standing(self, obj):
        standing = self.context.get("standing", {})
        return standing.get(obj.pk)

    def get_grade(self, obj) -> dict | None:
        rating = self._standing(obj)
        return None if rating is None else {"grade": rating[0], "year": rating[1], "score": str(rating[2])}

    def get_effects(self, obj) -> dict | None:
        """第十六条–第十九条: what the standing grade means for escrow, inspections, tenders and awards."""
        rating = self._standing(obj)
        return None if rating is None else grade_effects(kind=obj.kind, grade=rating[0])


class RecordInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    category = serializers.ChoiceField(choices=ch.RecordCategory.choices, label="具体情形")
    title = serializers.CharField(max_length=200, label="事项")
    occurred_on = serializers.DateField(required=False, allow_null=True, label="发生日期")
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, label="信息来源")
    points = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True, label="分值")
    evidence = serializers.FileField(required=False, allow_null=True, label="证明材料")


class RecordOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditRecord
        fields = ["id", "enterprise", "polarity", "category", "title", "occurred_on", "source", "points", "veto",
                  "entered_by_organisation", "repaired_on", "created_at"]


class GradeOutSerializer(serializers.Serializer):
    enterprise = serializers.CharField(source="enterprise__organisation__name")
    credit_code = serializers.CharField(source="enterprise__credit_code")
    kind = serializers.CharField()
    year = serializers.IntegerField(source="cycle__year")
    grade = serializers.CharField()


class StarOutSerializer(CaseEngineFieldsMixin, serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = StarApplication
        fields = ["id", "reference", "enterprise", "project_name", "state", "state_label", "last_grade",
                  "county_score", "city_score", "stars", "awarded_on", "valid_until", "revocation_ground",
                  "rule_trace", "deadlines", "actions"]


class StarInSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    project_name = serializers.CharField(max_length=200, label="住宅物业服务项目")
    project_region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.filter(level="county"),
                                                        label="项目所在县（市、区）")
    street_office = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(type="street_office"), required=False, allow_null=True,
        label="同意申报的街道办事处")
    street_consent_on = serializers.DateField(required=False, allow_null=True, label="街道办事处同意日期")
    service_since = serializers.DateField(label="合同约定服务起始日期")
    filed_with_county = serializers.BooleanField(label="已向县级主管部门备案")
    occupancy_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100,
                                                 label="入住率（%）")
    delivered_on = serializers.DateField(label="交付使用日期")
    liability_accident_last_year = serializers.BooleanField(required=False, default=False,
                                                            label="上一年度发生由企业承担责任的安全责任事故")
