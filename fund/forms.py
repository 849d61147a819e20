"""Forms parse input only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gazette.documents.forms import MultipleFileField
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation, Region
from gazette.ui.html import CachedSelect

from .checklist import required_items
from .choices import INFLOW_KINDS, ApplicantType, ApplicationKind, DocumentCode, InsuranceStatus, LedgerKind
from .workflow import S

DOCUMENT_FIELD_PREFIX = "doc_"
DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TreatmentRequestForm(forms.Form):
    """A hospital's treatment-cost advance request (第二十三条第二项)."""

    accident_at = forms.DateTimeField(label=_("事故发生时间"), widget=DT)
    accident_place = forms.CharField(label=_("事故地点"), max_length=200)
    region = forms.ChoiceField(label=_("事故发生地"))
    insurance_status = forms.ChoiceField(label=_("肇事车辆交强险情况"), choices=InsuranceStatus.choices)
    hit_and_run = forms.BooleanField(label=_("肇事逃逸"), required=False)
    expressway = forms.BooleanField(label=_("高速公路事故"), required=False)
    casualties = forms.IntegerField(label=_("伤亡人数"), initial=1, min_value=1)
    deaths = forms.IntegerField(label=_("死亡人数"), initial=0, min_value=0)
    police_notice_no = forms.CharField(label=_("垫付通知书编号"), required=False)
    police_unit = forms.ChoiceField(label=_("处理事故的公安交管部门"), required=False,
                                    help_text=_("不选则按事故发生地确定；协助追偿通知书向其送达（第三十二条）。"))
    victim_name = forms.CharField(label=_("受害人姓名"), required=False)
    victim_id_number = forms.CharField(label=_("受害人身份证号"), required=False, max_length=18)
    victim_identity_unknown = forms.BooleanField(label=_("受害人身份无法确认"), required=False)
    treatment_started_at = forms.DateTimeField(label=_("开始抢救时间"), widget=DT)
    first7_amount = forms.DecimalField(label=_("7日内抢救治疗费用（元）"), max_digits=12, decimal_places=2)
    post7_amount = forms.DecimalField(label=_("7日后抢救治疗费用（元）"), max_digits=12, decimal_places=2,
                                      required=False, initial=0)
    post7_reasons = forms.CharField(label=_("7日后费用书面说明"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    bank_account_name = forms.CharField(label=_("收款户名"), required=False)
    bank_account = forms.CharField(label=_("收款账号"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            (r.code, r.full_name) for r in Region.objects.filter(level="county").select_related("parent__parent")
        ]
        # The documents of this kind of application (第二十三条, 第二十二条), several files each, sent with it.
        for item in required_items(kind=ApplicationKind.TREATMENT, applicant_type=ApplicantType.HOSPITAL,
                                   has_post7=True):
            self.fields[f"{DOCUMENT_FIELD_PREFIX}{item.code}"] = MultipleFileField(
                label=format_lazy("{}（{}）", DocumentCode(item.code).label, item.help), required=False,
                accepts=item.accepts,
                help_text=_("仅申请7日后费用时提交。") if item.code == DocumentCode.POST7_REASONS else "")
        self.fields["police_unit"].choices = [("", _("按事故发生地确定")), *(
            (str(o.pk), o.name) for o in Organisation.objects.filter(
                type=OrganisationType.TRAFFIC_POLICE, is_active=True).order_by("region_id", "name"))]


def documents_of(form: forms.Form) -> dict[str, list]:
    """The files of a form's document fields by document code (``doc_cost_list`` → ``cost_list``)."""
    return {name[len(DOCUMENT_FIELD_PREFIX):]: files for name, files in form.cleaned_data.items()
            if name.startswith(DOCUMENT_FIELD_PREFIX) and files}


class DocumentForm(forms.Form):
    code = forms.ChoiceField(label=_("材料"), choices=DocumentCode.choices)
    file = forms.FileField(label=_("文件"))


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *S.choices],
                              widget=CachedSelect)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *ApplicationKind.choices],
                             widget=CachedSelect)
    q = forms.CharField(label=_("编号、姓名或机构"), required=False)


class InflowForm(forms.Form):
    # 追偿资金 is booked by the recovery's repayment (第三十八条), so the ledger reconciles it against the recovery.
    kind = forms.ChoiceField(label=_("资金来源"), choices=[(k, v) for k, v in LedgerKind.choices
                                                         if k in INFLOW_KINDS and k != LedgerKind.RECOVERY])
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=0.01)
    occurred_on = forms.DateField(label=_("到账日期"), widget=forms.DateInput(attrs={"type": "date"}))
    source_ref = forms.CharField(label=_("凭证号"), required=False)
    note = forms.CharField(label=_("摘要"), required=False)


class AdvanceAdjustForm(forms.Form):
    """The reviewer's 核定金额 with the reason (第二十九条第一款第三项); the limits are the service's."""

    amount = forms.DecimalField(label=_("核定金额（元）"), max_digits=12, decimal_places=2)
    reason = forms.CharField(label=_("调整理由"), max_length=500)
