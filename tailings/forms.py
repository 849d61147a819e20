"""Forms parse the page's input into the services' typed inputs; the rules live in services and rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gazette.orgs.choices import OrganisationType, RegionLevel
from gazette.orgs.models import Organisation, Region

from . import choices as ch
from .models import BaobaoOfficial, Facility, HiddenDanger, Inspection
from .services import FIELD_NAMES, FacilityInput


class FacilityForm(forms.ModelForm):
    """The register's fields; grade, slope and elevations are judged by the service (with the article)."""

    county = forms.ModelChoiceField(queryset=Region.objects.filter(level=RegionLevel.COUNTY, code__startswith="14"),
                                    label=_("所在县（市、区）"))
    supervisor = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(type=OrganisationType.EMERGENCY_MANAGEMENT, is_active=True),
        label=_("监管部门（应急管理部门）"))
    grade = forms.IntegerField(label=_("等别（1—5）"))
    outer_slope_ratio = forms.DecimalField(label=_("堆积坝平均外坡比（水平÷垂直，1:3填3.0）"), max_digits=6,
                                           decimal_places=2)

    class Meta:
        model = Facility
        fields = [n for n in FIELD_NAMES if n not in ("grade", "outer_slope_ratio")]

    def facility_input(self) -> FacilityInput:
        cd = self.cleaned_data
        return FacilityInput(**{n: cd.get(n) for n in FIELD_NAMES if n in cd or n in ("grade", "outer_slope_ratio")}
                             | {"grade": cd.get("grade"), "outer_slope_ratio": cd.get("outer_slope_ratio")})


class ElevationForm(forms.Form):
    elevation = forms.DecimalField(label=_("当前堆积标高（米）"), max_digits=9, decimal_places=2)
    on = forms.DateField(label=_("测量日期"), widget=forms.DateInput(attrs={"type": "date"}))


class DangerForm(forms.ModelForm):
    class Meta:
        model = HiddenDanger
        fields = ["source", "description", "found_on", "inspection"]
        widgets = {"found_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, facility=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = Inspection.objects.filter(facility=facility)
        self.fields["inspection"].required = False


class OfficialForm(forms.ModelForm):
    class Meta:
        model = BaobaoOfficial
        fields = ["name", "position", "level", "responsibilities", "effective_from"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["official", "inspected_on", "findings", "measures"]
        widgets = {"inspected_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, facility=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = BaobaoOfficial.objects.filter(facility=facility)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("尾矿库登记表（Excel）"))
    supervisor = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(type=OrganisationType.EMERGENCY_MANAGEMENT, is_active=True),
        label=_("监管部门"))


class PublicReportForm(forms.Form):
    county = forms.ModelChoiceField(queryset=Region.objects.filter(level=RegionLevel.COUNTY, code__startswith="14"),
                                    label=_("所在县（市、区）"))
    facility_text = forms.CharField(label=_("尾矿库或单位名称"), max_length=200)
    content = forms.CharField(label=_("违法违规行为"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    contact = forms.CharField(label=_("联系方式（可不填）"), max_length=64, required=False)


STATE_CHOICES = [("", _("全部状态")), *list(ch.FacilityState.choices)]
