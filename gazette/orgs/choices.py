from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    TOWNSHIP = "township", _("乡镇（街道）")


class OrganisationType(models.TextChoices):
    """Kinds of organisation the five regulations name. Levels come from the organisation's region."""

    FUND_JOINT_MEETING = "fund_joint_meeting", _("道路交通事故社会救助基金联席会议")
    FUND_OFFICE = "fund_office", _("救助基金联席会议办公室")
    FUND_MANAGER = "fund_manager", _("救助基金管理人")
    RECOVERY_TRUSTEE = "recovery_trustee", _("追偿受托人")
    HOSPITAL = "hospital", _("医疗机构")
    TRAFFIC_POLICE = "traffic_police", _("公安机关交通管理部门")
    FUNERAL_SERVICE = "funeral_service", _("殡葬服务机构")
    CIVIL_AFFAIRS = "civil_affairs", _("民政部门")
    INSURER = "insurer", _("保险公司")
    FINANCE = "finance", _("财政部门")
    FUNDRAISING_LEAD = "fundraising_lead", _("处置非法集资牵头部门")
    FUNDRAISING_MEMBER = "fundraising_member", _("处置非法集资工作机制成员单位")
    SECTOR_REGULATOR = "sector_regulator", _("行业主管（监管）部门")
    EMERGENCY_MANAGEMENT = "emergency_management", _("应急管理部门")
    STREET_OFFICE = "street_office", _("街道办事处（乡镇人民政府）")
    RESIDENTS_COMMITTEE = "residents_committee", _("居（村）民委员会")
    HOUSING_DEPARTMENT = "housing_department", _("住房和城乡建设部门")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")
