"""Page forms: they parse input only; the services decide (and name the article when they refuse)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gazette.notices.models import ObjectionOutcome
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation, Region

from . import choices as ch


class RecordForm(forms.Form):
    category = forms.ChoiceField(label=_("具体情形"), choices=ch.RecordCategory.choices)
    title = forms.CharField(label=_("事项"), max_length=200)
    occurred_on = forms.DateField(label=_("发生日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("信息来源（决定或文件）"), max_length=200, required=False)
    points = forms.DecimalField(label=_("分值"), max_digits=7, decimal_places=2, required=False)
    evidence = forms.FileField(label=_("证明材料"), required=False)


class RepairForm(forms.Form):
    repair_basis = forms.CharField(label=_("信用修复承诺、整改、培训的核实情况（第二十一条）"), widget=forms.Textarea)


class ObjectionForm(forms.Form):
    objector = forms.CharField(label=_("异议人"), max_length=100)
    contact = forms.CharField(label=_("联系方式"), max_length=64, required=False)
    content = forms.CharField(label=_("异议内容"), widget=forms.Textarea)


class ObjectionDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("查证核实结论"), choices=[(ObjectionOutcome.UPHELD, _("异议成立")),
                                                                 (ObjectionOutcome.REJECTED, _("异议不成立"))])
    handling = forms.CharField(label=_("查证核实情况"), widget=forms.Textarea)


class StarApplyForm(forms.Form):
    project_name = forms.CharField(label=_("住宅物业服务项目"), max_length=200)
    project_region = forms.ModelChoiceField(label=_("项目所在县（市、区）"),
                                            queryset=Region.objects.filter(level="county", code__startswith="14"))
    street_office = forms.ModelChoiceField(
        label=_("同意申报的街道办事处（乡镇人民政府）"), required=False,
        queryset=Organisation.objects.filter(type=OrganisationType.STREET_OFFICE))
    street_consent_on = forms.DateField(label=_("街道办事处同意日期"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    service_since = forms.DateField(label=_("合同约定服务起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    filed_with_county = forms.BooleanField(label=_("已向县级主管部门备案"), required=False)
    occupancy_percent = forms.DecimalField(label=_("入住率（%）"), max_digits=5, decimal_places=2, min_value=0,
                                           max_value=100)
    delivered_on = forms.DateField(label=_("交付使用日期"), widget=forms.DateInput(attrs={"type": "date"}))
    liability_accident_last_year = forms.BooleanField(label=_("上一年度发生由企业承担责任的安全责任事故"),
                                                      required=False)
