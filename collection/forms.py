"""Forms parse input only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gazette.documents.files import max_upload_bytes
from gazette.documents.forms import MultipleFileField
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation, Region

from . import choices as ch


def _regions():
    return Region.objects.filter(code__startswith="14", level__in=("city", "county")).order_by("code")


class PublicReportForm(forms.Form):
    subject_name = forms.CharField(label=_("涉嫌非法集资的单位或个人名称"), max_length=200, required=False)
    subject_kind = forms.ChoiceField(label=_("主体类型"), choices=ch.SubjectKind.choices)
    # Not required here: the service names every missing field of a report at once (a required form field would
    # stop the report before the service sees the others).
    subject_region = forms.ModelChoiceField(label=_("所在地（登记地或住所地）"), queryset=_regions(), required=False)
    subject_address = forms.CharField(label=_("地址"), max_length=200, required=False)
    description = forms.CharField(label=_("线索内容"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    reporter_name = forms.CharField(label=_("您的姓名（选填，严格保密）"), max_length=100, required=False)
    reporter_phone = forms.CharField(label=_("联系电话（选填，严格保密）"), max_length=32, required=False)
    evidence_files = MultipleFileField(label=_("证据材料（选填）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "evidence_files" in self.fields:
            self.fields["evidence_files"].help_text = _(
                "宣传单、合同、收据、聊天记录截图等，PDF、JPG、PNG格式，最多5个，每个不超过%(mb)sMB。") % {
                "mb": max_upload_bytes() // (1024 * 1024)}


class ClueForm(PublicReportForm):
    subject_region = forms.ModelChoiceField(label=_("所在地（登记地或住所地）"), queryset=_regions())
    source = forms.ChoiceField(label=_("线索来源"), choices=ch.ClueSource.choices)
    amount_involved = forms.DecimalField(label=_("涉及金额（元）"), max_digits=16, decimal_places=2, required=False)
    reporter_id_number = forms.CharField(label=_("举报人证件号"), max_length=32, required=False)

    field_order = ["source", "subject_name", "subject_kind", "subject_region"]


def _leads():
    return Organisation.objects.filter(type=OrganisationType.FUNDRAISING_LEAD).order_by("region_id")


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    credential_number = forms.CharField(label=_("行政执法证件号"), max_length=32, required=False)
    organisation = forms.CharField(label=_("所在单位"), max_length=128, required=False)
    has_interest = forms.BooleanField(label=_("与涉嫌主体有直接利害关系"), required=False)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("证据种类"), choices=ch.EvidenceKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    obtained_on = forms.DateField(label=_("取得日期"), widget=forms.DateInput(attrs={"type": "date"}))
    obtained_from = forms.CharField(label=_("来源"), max_length=200, required=False)
    verified = forms.BooleanField(label=_("经查证属实"), required=False)
    file = forms.FileField(label=_("证据文件（选填：PDF、JPG、PNG或OFD）"), required=False)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("措施"), choices=ch.MeasureKind.choices)
    target = forms.CharField(label=_("对象"), max_length=200)
    reason = forms.CharField(label=_("事由"), max_length=500)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ch.UploadKind.choices)
    file = forms.FileField(label=_("文件（CSV或XLSX）"))


class ParticipantsImportForm(forms.Form):
    file = forms.FileField(label=_("参与人名单（CSV或XLSX：姓名、身份证号、电话、申报金额）"))


class AssetForm(forms.Form):
    source = forms.ChoiceField(label=_("来源（第四十二条）"), choices=ch.AssetSource.choices)
    description = forms.CharField(label=_("说明"), max_length=200)
    amount = forms.CharField(label=_("金额（元）"), max_length=20)
    recovered_on = forms.DateField(label=_("追回日期"), widget=forms.DateInput(attrs={"type": "date"}))
