"""Choices of the tailings app (晋政办发〔2022〕98号), states included: models import only this module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityState(models.TextChoices):
    """The facility's lifecycle (A15–A18, A28, A30–A33). 销号 is terminal (第三十三条)."""

    PLANNED = "planned", _("拟建（项目登记）")
    DESIGN_REVIEW = "design_review", _("安全设施设计审查中")
    UNDER_CONSTRUCTION = "under_construction", _("建设中")
    TRIAL_RUN = "trial_run", _("试运行（方案已报送）")
    AWAITING_LICENCE = "awaiting_licence", _("验收完成，待领取安全生产许可证")
    OPERATING = "operating", _("运行")
    IDLE = "idle", _("停用")
    RECLAIMING = "reclaiming", _("回采中")
    CLOSING = "closing", _("闭库治理中")
    CLOSED = "closed", _("已闭库销号")


class ProjectKind(models.TextChoices):
    NEW = "new", _("新建")
    EXPANSION = "expansion", _("改扩建")
    EXISTING = "existing", _("现有尾矿库（录入）")


class DischargeMethod(models.TextChoices):
    DRY = "dry", _("干式排尾")
    WET = "wet", _("湿式排尾")


class DamMethod(models.TextChoices):
    ONE_TIME = "one_time", _("一次建坝")
    UPSTREAM = "upstream", _("上游式")
    CENTRELINE = "centreline", _("中线式")
    DOWNSTREAM = "downstream", _("下游式")


class ClosureTrigger(models.TextChoices):
    """The four situations of 第三十条 that start the one-year closure clock."""

    FINAL_ELEVATION = "final_elevation", _("运行到设计最终标高")
    DISCHARGE_CEASED = "discharge_ceased", _("不再进行排尾作业")
    IDLE_3_YEARS = "idle_3_years", _("停用时间超过3年")
    NO_OPERATOR = "no_operator", _("没有生产经营主体")


class Quantity(models.TextChoices):
    """The monitored items of 第二十六条 (and the freeboard of 第二十二条)."""

    PHREATIC_DEPTH = "phreatic_depth", _("浸润线埋深")
    DISPLACEMENT = "displacement", _("坝体位移")
    SEEPAGE = "seepage", _("渗流量")
    DRY_BEACH = "dry_beach", _("干滩长度")
    FREEBOARD = "freeboard", _("安全超高")
    RAINFALL = "rainfall", _("降水量")


# The unit every reading of a quantity must be given in (a reading in another unit is refused, never converted).
UNITS: dict[str, str] = {
    Quantity.PHREATIC_DEPTH: "m", Quantity.DISPLACEMENT: "mm", Quantity.SEEPAGE: "L/s",
    Quantity.DRY_BEACH: "m", Quantity.FREEBOARD: "m", Quantity.RAINFALL: "mm",
}


class Direction(models.TextChoices):
    """Which side of a limit is dangerous: a phreatic line too shallow (depth below the limit) or a displacement
    too large (above)."""

    BELOW = "below", _("低于限值报警")
    ABOVE = "above", _("高于限值报警")


class AlarmLevel(models.TextChoices):
    BLUE = "blue", _("蓝色")
    YELLOW = "yellow", _("黄色")
    ORANGE = "orange", _("橙色")
    RED = "red", _("红色")


LEVEL_RANK = {AlarmLevel.BLUE: 1, AlarmLevel.YELLOW: 2, AlarmLevel.ORANGE: 3, AlarmLevel.RED: 4}


class AlarmKind(models.TextChoices):
    LIMIT = "limit", _("超限报警")
    STALE = "stale", _("测点中断报警")


class AlarmState(models.TextChoices):
    OPEN = "open", _("待确认")
    ACKNOWLEDGED = "acknowledged", _("已确认，处置中")
    CLEARED = "cleared", _("已解除")


class DangerState(models.TextChoices):
    """隐患排查治理 (第二十七条, 第三十五条, 第三十六条)."""

    REGISTERED = "registered", _("已登记")
    ORDERED = "ordered", _("已责令整改")
    RECTIFIED = "rectified", _("已整改，待核查")
    VERIFIED = "verified", _("核查销号")


class DangerSource(models.TextChoices):
    SELF_CHECK = "self_check", _("企业自查")
    INSPECTION = "inspection", _("监督检查")
    BAOBAO = "baobao", _("包保督导检查")
    MONITORING = "monitoring", _("在线监测")
    PUBLIC_REPORT = "public_report", _("群众举报")


class ReportState(models.TextChoices):
    """第六条: a report is verified and handled, or referred to the competent department."""

    RECEIVED = "received", _("已受理，待核查")
    HANDLED = "handled", _("已核查处理")
    REFERRED = "referred", _("已移送相关部门")


class OfficialLevel(models.TextChoices):
    """包保 officials of 第三十四条 by level of government."""

    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")


class QualificationRole(models.TextChoices):
    """The units of 第十三条 / 第十四条 whose qualifications are kept on file."""

    SURVEY = "survey", _("勘察单位")
    DESIGN = "design", _("设计单位")
    EVALUATION = "evaluation", _("安全评价单位")
    CONSTRUCTION = "construction", _("施工单位")
    SUPERVISION = "supervision", _("监理单位")


class SurveyQualification(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("工程勘察综合资质")
    GRADE_A = "grade_a", _("岩土工程专业甲级和水文地质勘察专业甲级")
    GRADE_B = "grade_b", _("岩土工程专业乙级和水文地质勘察专业乙级")
    NONE = "none", _("无相应资质")


class DesignQualification(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("工程设计综合资质")
    GRADE_A = "grade_a", _("冶金/化工/非金属矿山工程专业甲级")
    GRADE_B = "grade_b", _("冶金/化工/非金属矿山工程专业乙级")
    NONE = "none", _("无相应资质")


class ConstructionQualification(models.TextChoices):
    SPECIAL = "special", _("矿山/水利水电工程施工总承包特级")
    FIRST = "first", _("矿山/水利水电工程施工总承包一级")
    SECOND = "second", _("矿山/水利水电工程施工总承包二级")
    THIRD = "third", _("矿山/水利水电工程施工总承包三级")
    NONE = "none", _("无相应资质")


class SupervisionQualification(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("工程监理综合资质")
    GRADE_A = "grade_a", _("相应专业甲级")
    GRADE_B = "grade_b", _("相应专业乙级")
    NONE = "none", _("无相应资质")
