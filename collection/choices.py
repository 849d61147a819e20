from django.db import models
from django.utils.translation import gettext_lazy as _


class ClueSource(models.TextChoices):
    """线索来源, COLL-A28 (and A21 for internet platforms, A18/A22 for monitoring)."""

    PUBLIC_REPORT = "public_report", _("单位或个人举报")
    SUPERIOR_ASSIGNMENT = "superior_assignment", _("上级牵头部门交办")
    REGULATOR_MONITORING = "regulator_monitoring", _("行业主管或监管部门监测发现")
    FINANCIAL_INSTITUTION = "financial_institution", _("金融机构监测报告")
    GRASSROOTS = "grassroots", _("村（居）民委员会等基层组织报告")
    INTERNET_PLATFORM = "internet_platform", _("互联网信息服务提供者报告")
    MONITORING_HIT = "monitoring_hit", _("监测预警命中")


class SubjectKind(models.TextChoices):
    UNIT = "unit", _("单位")
    INDIVIDUAL = "individual", _("个人")


class FundraisingType(models.TextChoices):
    """The five forms of COLL-A31 that justify a disposal application."""

    ENTITY = "entity", _("（一）设立互联网企业、投资咨询类企业、交易场所、合作社、资金互助组织等吸收资金")
    FINANCIAL_NAME = "financial_name", _("（二）以股权、债权、基金、保险、资产管理、虚拟货币、融资租赁等名义吸收资金")
    PROMISED_RETURN = "promised_return", _("（三）在销售商品、提供服务、投资项目中承诺回报吸收资金")
    PUBLIC_PROMOTION = "public_promotion", _("（四）通过大众传播媒介等公开传播吸收资金信息")
    OTHER = "other", _("（五）其他涉嫌非法集资的行为")


class ClueState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    VERIFYING = "verifying", _("初核中")
    REFERRED = "referred", _("已告知转报")
    UNFOUNDED = "unfounded", _("初核不属实，已办结")
    DISPOSAL_APPLIED = "disposal_applied", _("已申请处置，待决定")
    DISPUTE = "dispute", _("管辖争议，待上级确定")
    NOT_OPENED = "not_opened", _("决定不启动处置")
    INVESTIGATING = "investigating", _("调查认定中")
    REPORTED = "reported", _("调查报告已提交")
    NOT_ILLEGAL = "not_illegal", _("认定不构成非法集资")
    DISPOSING = "disposing", _("处置中")
    REFUNDING = "refunding", _("清退中")
    CRIMINAL_REFERRED = "criminal_referred", _("已移送公安机关")
    ARCHIVED = "archived", _("已立卷归档")


class Determination(models.TextChoices):
    ILLEGAL = "illegal", _("构成非法集资")
    NOT_ILLEGAL = "not_illegal", _("不构成非法集资")


class RewardDecision(models.TextChoices):
    PENDING = "pending", _("未决定")
    GRANTED = "granted", _("给予奖励")
    NOT_GRANTED = "not_granted", _("不予奖励")


class MeasureKind(models.TextChoices):
    """Investigation measures (COLL-A36, A38) and disposal measures (COLL-A40)."""

    SITE_ENTRY = "site_entry", _("进入场所调查取证（第三十六条第一项）")
    QUESTIONING = "questioning", _("询问有关单位和个人（第三十六条第二项）")
    DOCUMENT_SEAL = "document_seal", _("查阅、复制、封存文件资料（第三十六条第三项）")
    ACCOUNT_QUERY = "account_query", _("查询有关账户（第三十六条第四项）")
    SUSPENSION_ORDER = "suspension_order", _("要求暂停集资行为（第三十八条）")
    REGISTRATION_FREEZE = "registration_freeze", _("通知暂停办理设立、变更、注销登记（第三十八条）")
    STOP_ORDER = "stop_order", _("责令停止有关非法活动（第四十条第一项）")
    SEAL_SEIZE = "seal_seize", _("查封经营场所，查封、扣押资产（第四十条第二项）")
    ASSET_SALE = "asset_sale", _("责令追回、变价出售资产用于清退（第四十条第三项）")
    EXIT_RESTRICTION = "exit_restriction", _("限制出境（第四十条第四项）")
    LICENCE_REVOCATION = "licence_revocation", _("移送吊销营业执照（第四十三条）")
    WEBSITE_CLOSURE = "website_closure", _("移送关闭网站、移动应用（第四十三条）")


HEAD_APPROVAL_MEASURES = {MeasureKind.ACCOUNT_QUERY, MeasureKind.SEAL_SEIZE, MeasureKind.ASSET_SALE}
INVESTIGATION_MEASURES = {
    MeasureKind.SITE_ENTRY, MeasureKind.QUESTIONING, MeasureKind.DOCUMENT_SEAL, MeasureKind.ACCOUNT_QUERY,
    MeasureKind.SUSPENSION_ORDER, MeasureKind.REGISTRATION_FREEZE,
}
# 调查取证 in person (第三十六条第一至三项): the team of two with credentials shown and recorded (第三十五条) must
# exist before such a measure is recorded as executed. The account query (四) is made to a bank, not a party.
EVIDENCE_COLLECTION_MEASURES = {MeasureKind.SITE_ENTRY, MeasureKind.QUESTIONING, MeasureKind.DOCUMENT_SEAL}
DISPOSAL_MEASURES = {
    MeasureKind.STOP_ORDER, MeasureKind.SEAL_SEIZE, MeasureKind.ASSET_SALE, MeasureKind.EXIT_RESTRICTION,
    MeasureKind.LICENCE_REVOCATION, MeasureKind.WEBSITE_CLOSURE,
}


class MeasureStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("待主要负责人批准")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")
    EXECUTED = "executed", _("已执行")


class EvidenceKind(models.TextChoices):
    """COLL-A37 evidence types."""

    DOCUMENTARY = "documentary", _("书证")
    PHYSICAL = "physical", _("物证")
    AUDIOVISUAL = "audiovisual", _("视听资料")
    WITNESS = "witness", _("证人证言")
    STATEMENT = "statement", _("当事人陈述")
    SITE_RECORD = "site_record", _("现场笔录")
    ELECTRONIC = "electronic", _("电子数据")


class AssetSource(models.TextChoices):
    """清退资金来源, COLL-A42 (一)–(六)."""

    BALANCE = "balance", _("（一）非法集资资金余额")
    PROCEEDS = "proceeds", _("（二）资金收益或转换的其他资产及其收益")
    INSIDER_GAINS = "insider_gains", _("（三）股东、实际控制人、董监高等获得的经济利益")
    HIDDEN = "hidden", _("（四）隐匿、转移的资金或资产")
    FEES = "fees", _("（五）广告费、代言费、代理费、佣金、提成等")
    OTHER = "other", _("（六）其他可以作为清退资金的资产")


class UploadKind(models.TextChoices):
    REGISTRATIONS = "registrations", _("市场主体登记名单（第十九条名称与经营范围筛查）")
    TRANSACTIONS = "transactions", _("账户交易流水（第二十二条可疑资金监测）")


class UploadStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("处理失败")


class FlowPattern(models.TextChoices):
    """The five suspicious fund-flow patterns of COLL-A22 (一)–(五)."""

    SCATTER_GATHER = "p1", _("（一）短期内分散转入后集中转出")
    BATCH_INTEREST = "p2", _("（二）批量转出，具有支付利息特征")
    DORMANT_SURGE = "p3", _("（三）平常资金流量小的账户突然大量收付")
    FREQUENT_REMITTANCE = "p4", _("（四）频繁收取与经营无关的汇款或自然人频繁收款")
    PASS_THROUGH = "p5", _("（五）个人小额账户大额资金快进快出")


class ScreenHitKind(models.TextChoices):
    FORBIDDEN = "forbidden", _("禁用字样（第十九条第一款）")
    WATCH = "watch", _("重点关注字样（第十九条第二款）")


class ReportStatus(models.TextChoices):
    DUE = "due", _("待报送")
    SUBMITTED = "submitted", _("已报送")


class SupervisionKind(models.TextChoices):
    WARNING_TALK = "warning_talk", _("警示约谈")
    RECTIFICATION = "rectification", _("责令整改")


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    DONE = "done", _("已完成")


class AlertAudience(models.TextChoices):
    REGIONS = "regions", _("向涉及地区和有关部门发送（第二十六条第一款）")
    PUBLIC = "public", _("向社会发布（第二十六条第二款）")


# An evidence file is an attachment of its clue whose checklist code names the evidence: "evidence-<id>" (第三十七条).
EVIDENCE_FILE_PREFIX = "evidence-"
