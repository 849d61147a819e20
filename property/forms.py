"""Page forms: they parse input into the services' typed inputs; every rule lives in rules.py / services.py."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gazette.notices.models import ObjectionOutcome

from . import choices as ch

SPLIT = re.compile(r"[\s,，、；;]+")


def split_units(text: str) -> list[str]:
    return [t for t in SPLIT.split(text or "") if t]


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


PLACES_HELP = _("每行一处：公告栏、小区出入口、单元门、电梯轿厢内、客服场所等显著位置")


class AreaForm(forms.Form):
    name = forms.CharField(label=_("小区名称"), max_length=100)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    residents_committee = forms.CharField(label=_("居（村）民委员会"), max_length=100, required=False)
    total_area = forms.DecimalField(label=_("建筑总面积（㎡）"), max_digits=12, decimal_places=2)
    delivered_area = forms.DecimalField(label=_("已交付专有部分面积（㎡）"), max_digits=12, decimal_places=2,
                                        initial=0)
    is_residential = forms.BooleanField(label=_("住宅物业"), required=False, initial=True)
    delivery_started = forms.BooleanField(label=_("已开始交付"), required=False)
    assembly_conditions_met = forms.BooleanField(label=_("具备成立业主大会条件"), required=False)
    assembly_formed = forms.BooleanField(label=_("已成立业主大会"), required=False)
    assembly_failed_election = forms.BooleanField(label=_("业主大会会议召开后未能选举产生业主委员会"), required=False)
    owners_committee_elected_on = forms.DateField(label=_("业主委员会选举产生日期（如已成立）"), required=False,
                                                  widget=forms.DateInput(attrs={"type": "date"}))
    service_provider = forms.CharField(label=_("物业服务人"), max_length=100, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("业主清册（Excel .xlsx 或 CSV：房号、专有部分面积、业主姓名、手机号码、职业）"))


class FormationForm(forms.Form):
    trigger = forms.ChoiceField(label=_("组建情形（第六条）"), choices=ch.Trigger.choices)
    announced_on = forms.DateField(label=_("公告日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    requirements = forms.CharField(label=_("成员人选要求（第七条、第九条）"), widget=forms.Textarea(attrs={"rows": 3}),
                                   initial=_("遵纪守法，热心公益事业，责任心强，具有完全民事行为能力，未被列为失信被执行人，"
                                             "依法交纳物业费用和维修资金，本人、配偶及其直系亲属与物业服务人无直接利益关系。"))
    registration = forms.CharField(label=_("报名方式、起始日期（第七条）"), widget=forms.Textarea(attrs={"rows": 2}))
    places = forms.CharField(label=_("张贴地点（第七条：两处以上）"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=PLACES_HELP)
    days = forms.IntegerField(label=_("公示天数（不少于7日）"), initial=7, min_value=1, max_value=60)


class NominationForm(forms.Form):
    nominee_unit = forms.CharField(label=_("被推荐人房号"), max_length=32)
    backer_units = forms.CharField(label=_("联名（同意）业主房号"), widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("以空格、逗号或换行分隔；被推荐人本人不计入；一名业主只能推选一名业主代表"))
    self_nominated = forms.BooleanField(label=_("业主自荐"), required=False)
    consent_signed = forms.BooleanField(label=_("被推荐人本人已签字同意"), required=False)


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("成员类别（第八条）"), choices=ch.MemberKind.choices)
    role = forms.ChoiceField(label=_("职务（第十一条）"), choices=ch.MemberRole.choices, initial=ch.MemberRole.MEMBER)
    nomination = forms.ModelChoiceField(label=_("业主代表推荐记录（第十条）"), queryset=None, required=False)
    name = forms.CharField(label=_("姓名（非业主代表）"), max_length=64, required=False)
    occupation = forms.CharField(label=_("职业"), max_length=64, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    is_party_member = forms.BooleanField(label=_("中共党员"), required=False)
    pledge_signed = forms.BooleanField(label=_("已签署书面承诺（第九条）"), required=False)

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Nomination

        qs = Nomination.objects.none() if committee is None else \
            committee.nominations.filter(member__isnull=True).select_related("nominee__unit")
        self.fields["nomination"].queryset = qs


class ObjectionAnswerForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("核查结论"), choices=[(ObjectionOutcome.REJECTED, _("异议不成立")),
                                                          (ObjectionOutcome.UPHELD, _("异议成立"))])
    handling = forms.CharField(label=_("核查情况"), widget=forms.Textarea(attrs={"rows": 2}))
    places = forms.CharField(label=_("核查结果公示地点"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=PLACES_HELP)
    member = forms.IntegerField(label=_("异议成立时撤出的成员"), required=False)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=ch.MeetingKind.choices)
    held_on = forms.DateField(label=_("召开日期"), widget=forms.DateInput(attrs={"type": "date"}))
    proposed_by_director = forms.BooleanField(label=_("临时会议：主任提议"), required=False)
    proposers = forms.IntegerField(label=_("临时会议：提议成员人数"), min_value=0, initial=0, required=False)
    subject = forms.CharField(label=_("议题"), max_length=200)
    decision = forms.CharField(label=_("决定事项"), widget=forms.Textarea(attrs={"rows": 3}))
    reserved_to_owners = forms.BooleanField(label=_("属于需要业主共同决定的事项"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[f"presence_{m.pk}"] = forms.ChoiceField(
                label=f"{m.name}（{m.get_kind_display()}）", choices=ch.Presence.choices, initial=ch.Presence.PRESENT)
            self.fields[f"signed_{m.pk}"] = forms.BooleanField(label=_("签字同意"), required=False)

    def member_rows(self):
        return [(m, self[f"presence_{m.pk}"], self[f"signed_{m.pk}"]) for m in self.members]


class CodeForm(forms.Form):
    unit_number = forms.CharField(label=_("房号"), max_length=32)


class PublicObjectionForm(forms.Form):
    unit_number = forms.CharField(label=_("房号"), max_length=32)
    code = forms.CharField(label=_("短信验证码"), max_length=6)
    content = forms.CharField(label=_("异议内容及理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class PaperObjectionForm(forms.Form):
    objector = forms.CharField(label=_("异议人（房号、姓名）"), max_length=100)
    contact = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    content = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
