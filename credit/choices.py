"""Every TextChoices of the credit app, states included (models import only this module)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    """CRED-A2: the four kinds of real-estate enterprise, each with its own score sheet (附件1–4)."""

    DEVELOPER = "developer", _("房地产开发企业")
    PROPERTY_SERVICE = "property_service", _("物业服务企业")
    APPRAISAL = "appraisal", _("房地产估价机构")
    BROKERAGE = "brokerage", _("房地产经纪机构")


class RecordPolarity(models.TextChoices):
    GOOD = "good", _("良好信用信息")
    BAD = "bad", _("不良信用信息")


class RecordCategory(models.TextChoices):
    """CRED-A7 (good) and CRED-A8 / A13 (bad) kinds of record."""

    AWARD = "award", _("县级以上政府部门或行业协会表彰、奖励（第七条第一项）")
    CONTRIBUTION = "contribution", _("上年度社会贡献、示范引领（第七条第二项）")
    PENALTY = "penalty", _("受到行政处罚的违法违规行为（第八条）")
    SERIOUS_BREACH = "serious_breach", _("严重破坏市场公平竞争秩序和社会正常秩序（第十三条第一项）")
    DISHONEST_LIST = "dishonest_list", _("纳入“信用中国”“信用山西”失信惩戒对象（第十三条第一项）")
    REFUSED_DUTY = "refused_duty", _("拒不履行法定义务严重影响公信力（第十三条第一项）")
    OTHER_VIOLATION = "other_violation", _("其他违规行为（第十三条第一项）")
    FALSE_DATA = "false_data", _("瞒报或提供虚假信息（第十三条第二项）")


GOOD_CATEGORIES = (RecordCategory.AWARD, RecordCategory.CONTRIBUTION)
VETO_CATEGORIES = (RecordCategory.SERIOUS_BREACH, RecordCategory.DISHONEST_LIST, RecordCategory.REFUSED_DUTY,
                   RecordCategory.OTHER_VIOLATION, RecordCategory.FALSE_DATA)


class Grade(models.TextChoices):
    """CRED-A11 grades."""

    A = "A", _("A级（优秀）")
    B = "B", _("B级（良好）")
    C = "C", _("C级（合格）")
    D = "D", _("D级（不合格）")


class RatingState(models.TextChoices):
    DRAFT = "draft", _("待报送")
    SUBMITTED = "submitted", _("县级核实中")
    AWAITING_COMPLETION = "awaiting_completion", _("待企业补齐资料")
    VERIFIED = "verified", _("市级评分中")
    PROVINCE_REVIEW = "province_review", _("省级审核中")
    READY = "ready", _("待公示")
    NOTICED = "noticed", _("公示中")
    RERATED = "rerated", _("异议后已重新评定")
    FINAL = "final", _("已最终评定")


class StarState(models.TextChoices):
    SUBMITTED = "submitted", _("县级初评中")
    CITY_REVIEW = "city_review", _("市级评价中")
    PROVINCE_REVIEW = "province_review", _("省级五星评价中")
    DECIDED = "decided", _("已核定，待公示")
    NOTICED = "noticed", _("公示中")
    AWARDED = "awarded", _("已颁发铭牌")
    NO_STAR = "no_star", _("不设星级")
    REVOKED = "revoked", _("已取消星级")


class RevocationGround(models.TextChoices):
    """STAR-A13 (一)–(六)."""

    INCIDENT = "incident", _("（一）发生经认定由企业承担责任的治安、疫情、火灾等事件、事故")
    PETITION = "petition", _("（二）发生群体性上访事件且企业承担部分责任")
    REPRIMAND = "reprimand", _("（三）检查中被处以通报批评及以上行政处罚")
    MISSED_CYCLE = "missed_cycle", _("（四）企业未参加上一轮信用评价")
    CONTRACT_ENDED = "contract_ended", _("（五）项目物业服务合同终止")
    OTHER = "other", _("（六）其他应当取消星级的情况")
