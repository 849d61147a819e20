"""Clues of suspected illegal fundraising and everything gathered on them; monitoring uploads and hits; the
reference data the government keeps (forbidden words, watch list, COLL-A22 thresholds); quarterly reports,
warning talks / rectification orders and risk alerts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from gazette.orgs.choices import OrganisationType
from gazette.workflow.models import Case, StatefulRecord

from . import choices as ch

MONEY = {"max_digits": 16, "decimal_places": 2}
ORG = "orgs.Organisation"


class Clue(Case):
    """涉嫌非法集资线索: registered by a member unit (COLL-A28/29), verified (A30), handled by the competent lead
    department (A33/34) through investigation, report, disposal, refunds, criminal referral and archive."""

    REFERENCE_PREFIX = "COLL"

    state = FSMField(_("状态"), default=ch.ClueState.REGISTERED, choices=ch.ClueState.choices, protected=True,
                     max_length=40, db_index=True)
    source = models.CharField(_("线索来源"), max_length=32, choices=ch.ClueSource.choices)
    subject_name = models.CharField(_("涉嫌主体名称"), max_length=200)
    subject_kind = models.CharField(_("主体类型"), max_length=16, choices=ch.SubjectKind.choices,
                                    default=ch.SubjectKind.UNIT)
    subject_credit_code = models.CharField(_("统一社会信用代码/身份证号"), max_length=32, blank=True)
    subject_region = models.ForeignKey("orgs.Region", verbose_name=_("登记地/住所地"), on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    subject_address = models.CharField(_("地址"), max_length=200, blank=True)
    description = models.TextField(_("线索内容"))
    amount_involved = models.DecimalField(_("涉及金额（元）"), null=True, blank=True, **MONEY)
    registering_organisation = models.ForeignKey(ORG, verbose_name=_("登记单位"), on_delete=models.PROTECT,
                                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    # Reporter identity (举报人信息): confidential, shown only to the registering unit (COLL-A25).
    reporter_name = models.CharField(_("举报人姓名（单位）"), max_length=100, blank=True)
    reporter_id_number = models.CharField(_("举报人证件号"), max_length=32, blank=True)
    reporter_phone = models.CharField(_("举报人电话"), max_length=32, blank=True)
    receipt_number = models.CharField(_("回执编号"), max_length=20, unique=True, null=True, blank=True)
    reward_decision = models.CharField(_("举报奖励"), max_length=16, choices=ch.RewardDecision.choices,
                                       default=ch.RewardDecision.PENDING)
    reward_amount = models.DecimalField(_("奖励金额（元）"), default=Decimal("0.00"), **MONEY)
    reward_note = models.CharField(_("奖励说明"), max_length=500, blank=True)
    # Referral (A29(一)).
    referred_to = models.CharField(_("告知受理主体"), max_length=200, blank=True)
    referral_notice = models.TextField(_("告知内容"), blank=True)
    # Verification and application (A30/A31).
    verification_summary = models.TextField(_("初核情况"), blank=True)
    fundraising_type = models.CharField(_("涉嫌行为类型"), max_length=32, choices=ch.FundraisingType.choices,
                                        blank=True)
    lead_department = models.ForeignKey(ORG, verbose_name=_("牵头部门"), on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    applied_at = models.DateTimeField(_("申请处置时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("启动决定时间"), null=True, blank=True)
    dispute_with = models.ForeignKey(ORG, verbose_name=_("争议部门"), on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    dispute_arbiter = models.ForeignKey(ORG, verbose_name=_("共同上级牵头部门"), on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")
    # Investigation report (A39) and disposal (A44).
    report_facts = models.TextField(_("调查发现事实"), blank=True)
    report_determination = models.CharField(_("性质认定"), max_length=16, choices=ch.Determination.choices,
                                            blank=True)
    report_legal_basis = models.TextField(_("处罚依据"), blank=True)
    report_proposed_penalty = models.TextField(_("处罚建议"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    penalty_decision = models.TextField(_("行政处罚决定"), blank=True)
    # Criminal referral (A48/A49).
    consultation_record = models.TextField(_("集体会商记录"), blank=True)
    police_unit = models.CharField(_("接收公安机关"), max_length=200, blank=True)
    police_feedback = models.TextField(_("公安机关反馈"), blank=True)

    class Meta:
        verbose_name = _("非法集资线索")
        verbose_name_plural = _("非法集资线索")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["registering_organisation", "state"]),
                   models.Index(fields=["lead_department", "state"])]

    def get_absolute_url(self) -> str:
        return reverse("collection:clue_detail", args=[self.pk])


class TeamMember(models.Model):
    """调查组成员 (COLL-A35): name and enforcement credential; a member with a direct interest may not serve."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    name = models.CharField(_("姓名"), max_length=64)
    credential_number = models.CharField(_("行政执法证件号"), max_length=32)
    organisation = models.CharField(_("所在单位"), max_length=128, blank=True)
    has_interest = models.BooleanField(_("与涉嫌主体有直接利害关系"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("调查组成员")
        verbose_name_plural = _("调查组成员")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["clue", "credential_number"], name="uniq_team_credential")]

    def __str__(self) -> str:
        return self.name


class Measure(StatefulRecord):
    """调查措施 / 处置措施 (COLL-A36, A38, A40, A43) with the head's approval where the regulation needs it. Moves
    through its own workflow (``collection.measures.workflow``): requested → approved or refused → executed."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("措施"), max_length=32, choices=ch.MeasureKind.choices)
    target = models.CharField(_("对象"), max_length=200)
    reason = models.TextField(_("事由"))
    status = FSMField(_("状态"), max_length=20, choices=ch.MeasureStatus.choices, protected=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    executed_at = models.DateTimeField(_("执行时间"), null=True, blank=True)
    refusal_note = models.TextField(_("拒绝配合情况及视听资料"), blank=True)

    class Meta:
        verbose_name = _("措施")
        verbose_name_plural = _("措施")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target}"

    @property
    def reference(self) -> str:
        """The clue's reference and the measure's number: COLL-2026-000012-CS34."""
        return f"{self.clue.reference}-CS{self.pk}"

    @property
    def organisation(self):
        """The unit handling the clue (its lead department once the disposal is applied for)."""
        return self.clue.organisation

    @property
    def needs_higher_decision(self) -> bool:
        """第四十条第四项: an exit restriction in a case handled below the city level is decided by the city (or a
        higher) lead department."""
        handler = self.clue.organisation
        return self.kind == ch.MeasureKind.EXIT_RESTRICTION and (
            handler.region is None or handler.region.level not in ("city", "province"))

    @property
    def deciding_department(self):
        """Whose head decides the measure: the handling lead department, or for an exit restriction of a county
        case the nearest lead department of the city level or above (its recorded parents)."""
        handler = self.clue.organisation
        if not self.needs_higher_decision:
            return handler
        node = handler.parent
        while node is not None:
            above_county = node.region_id and node.region.level in ("city", "province")
            if node.type == OrganisationType.FUNDRAISING_LEAD and above_county:
                return node
            node = node.parent
        return None

    def get_absolute_url(self) -> str:
        """The measure's own address (its actions live under it); it shows the measure on the clue page."""
        return reverse("collection:measure_detail", args=[self.pk])


class Evidence(models.Model):
    """证据登记 (COLL-A37): only evidence verified as true counts towards the determination."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("证据种类"), max_length=20, choices=ch.EvidenceKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    obtained_from = models.CharField(_("来源"), max_length=200, blank=True)
    obtained_on = models.DateField(_("取得日期"))
    verified = models.BooleanField(_("经查证属实"), default=False)
    custodian = models.CharField(_("保管人"), max_length=64, blank=True)
    # Empty for material a public reporter attached to the report (no account; obtained_from says so).
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """集资参与人 with the amount claimed (COLL-A41)."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(_("身份证号"), max_length=18)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    claimed_amount = models.DecimalField(_("申报金额（元）"), **MONEY)

    class Meta:
        verbose_name = _("集资参与人")
        verbose_name_plural = _("集资参与人")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["clue", "id_number"], name="uniq_participant_id")]

    def __str__(self) -> str:
        return self.name


class RecoveredAsset(models.Model):
    """追回资产 by COLL-A42 source."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="assets")
    source = models.CharField(_("来源"), max_length=20, choices=ch.AssetSource.choices)
    description = models.CharField(_("说明"), max_length=200)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    recovered_on = models.DateField(_("追回日期"))

    class Meta:
        verbose_name = _("追回资产")
        verbose_name_plural = _("追回资产")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"


class RefundPayment(models.Model):
    """清退支付 to one participant, under the lead department's supervision (COLL-A41)."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="refunds")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    paid_on = models.DateField(_("支付日期"))

    class Meta:
        verbose_name = _("清退支付")
        verbose_name_plural = _("清退支付")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.amount}"


# --- Reference data -------------------------------------------------------------------------------------------
class ScreenWord(models.Model):
    """COLL-A19 words: the forbidden ones of 第一款 and the administrators' watch list of 第二款."""

    word = models.CharField(_("字样"), max_length=32)
    kind = models.CharField(_("类别"), max_length=16, choices=ch.ScreenHitKind.choices)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("名称筛查字样")
        verbose_name_plural = _("名称筛查字样")
        ordering = ["kind", "word"]

    def __str__(self) -> str:
        return self.word


class FlowThresholds(models.Model):
    """Thresholds of the five COLL-A22 patterns, effective-dated (the newest row in force on a date applies)."""

    effective_from = models.DateField(_("生效日期"), unique=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    p1_window_days = models.PositiveIntegerField(_("（一）观察天数"), default=7)
    p1_min_sources = models.PositiveIntegerField(_("（一）最少转入来源账户数"), default=20)
    p1_min_total = models.DecimalField(_("（一）最低转入总额"), default=Decimal("300000.00"), **MONEY)
    p1_min_out_ratio = models.DecimalField(_("（一）最低转出比例"), max_digits=5, decimal_places=4,
                                           default=Decimal("0.8000"))
    p1_max_targets = models.PositiveIntegerField(_("（一）最多转出去向账户数"), default=3)
    p2_min_batch_days = models.PositiveIntegerField(_("（二）最少批量转出日数"), default=3)
    p2_min_payees = models.PositiveIntegerField(_("（二）每批最少收款人数"), default=10)
    p2_min_recurring_share = models.DecimalField(_("（二）收款人重复比例"), max_digits=5, decimal_places=4,
                                                 default=Decimal("0.5000"))
    # 第二十二条第二款（二）"具有支付利息特征": a monthly payroll to the same staff is batched and recurring
    # too; its memo (代发工资) tells it apart, unless a memo also names interest or returns.
    p2_payroll_words = models.CharField(_("（二）代发工资的摘要字样"), max_length=200,
                                        default="代发工资,工资,薪酬,薪金,奖金,绩效")
    p2_interest_words = models.CharField(_("（二）支付利息的摘要字样"), max_length=200,
                                         default="利息,收益,分红,红利,返利,回报,本息")
    p2_max_payroll_share = models.DecimalField(_("（二）代发工资摘要占比上限"), max_digits=5, decimal_places=4,
                                               default=Decimal("0.5000"))
    p3_recent_days = models.PositiveIntegerField(_("（三）近期天数"), default=30)
    p3_max_baseline_monthly = models.DecimalField(_("（三）平常月均流量上限"), default=Decimal("20000.00"), **MONEY)
    p3_min_recent_total = models.DecimalField(_("（三）近期收付总额下限"), default=Decimal("1000000.00"), **MONEY)
    p4_window_days = models.PositiveIntegerField(_("（四）观察天数"), default=7)
    p4_min_person_sources = models.PositiveIntegerField(_("（四）自然人最少汇款来源数"), default=30)
    p4_min_unit_unrelated = models.PositiveIntegerField(_("（四）单位最少无关汇款笔数"), default=20)
    p4_unrelated_words = models.CharField(_("（四）与经营无关的摘要字样"), max_length=200,
                                          default="投资,理财,分红,认购,入股,利息,收益")
    p5_max_usual_amount = models.DecimalField(_("（五）平常单笔金额上限"), default=Decimal("5000.00"), **MONEY)
    p5_min_inbound = models.DecimalField(_("（五）大额转入下限"), default=Decimal("200000.00"), **MONEY)
    p5_min_pass_ratio = models.DecimalField(_("（五）转出比例下限"), max_digits=5, decimal_places=4,
                                            default=Decimal("0.9000"))
    p5_max_hours = models.PositiveIntegerField(_("（五）转出时限（小时）"), default=48)

    class Meta:
        verbose_name = _("可疑资金监测阈值")
        verbose_name_plural = _("可疑资金监测阈值")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}"


# --- Monitoring -----------------------------------------------------------------------------------------------
class MonitoringUpload(models.Model):
    """An uploaded registration list (COLL-A19) or transaction file (COLL-A22), processed by a Celery task."""

    kind = models.CharField(_("类型"), max_length=20, choices=ch.UploadKind.choices)
    file = models.FileField(_("文件"), upload_to="collection/uploads/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    organisation = models.ForeignKey(ORG, verbose_name=_("上传单位"), on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=16, choices=ch.UploadStatus.choices,
                              default=ch.UploadStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    good_rows = models.PositiveIntegerField(_("有效行数"), default=0)
    row_errors = models.JSONField(_("行错误"), default=list, blank=True)
    error_message = models.TextField(_("错误"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测数据上传")
        verbose_name_plural = _("监测数据上传")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else (
            100 if self.status == ch.UploadStatus.DONE else 0)


class MonitoringHit(models.Model):
    """One hit of a monitoring rule, explaining itself (rule, figures, thresholds, evidence rows)."""

    upload = models.ForeignKey(MonitoringUpload, on_delete=models.CASCADE, related_name="hits")
    rule_id = models.CharField(_("规则"), max_length=16)
    pattern = models.CharField(_("类型"), max_length=16)
    subject_name = models.CharField(_("主体"), max_length=200)
    account = models.CharField(_("账号"), max_length=64, blank=True)
    message = models.TextField(_("说明"))
    figures = models.JSONField(_("数据"), default=dict)
    rows = models.JSONField(_("证据行"), default=list)
    clue = models.OneToOneField(Clue, on_delete=models.SET_NULL, null=True, blank=True, related_name="hit")

    class Meta:
        verbose_name = _("监测命中")
        verbose_name_plural = _("监测命中")
        ordering = ["rule_id", "id"]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.subject_name}"


# --- Prevention -----------------------------------------------------------------------------------------------
class RiskReport(StatefulRecord):
    """风险排查处置情况报告 (COLL-A23), due from each sector regulator at each quarter end."""

    organisation = models.ForeignKey(ORG, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+")
    lead_department = models.ForeignKey(ORG, verbose_name=_("同级牵头部门"), on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    reference = models.CharField(_("编号"), max_length=32, unique=True)
    status = FSMField(_("状态"), max_length=16, choices=ch.ReportStatus.choices, default=ch.ReportStatus.DUE,
                      protected=True)
    content = models.TextField(_("排查处置情况"), blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("季度风险排查报告")
        verbose_name_plural = _("季度风险排查报告")
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "quarter"],
                                               name="uniq_risk_report_quarter")]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度风险排查报告"

    def get_absolute_url(self) -> str:
        return reverse("collection:report_detail", args=[self.pk])


class SupervisionAction(StatefulRecord):
    """警示约谈 / 责令整改 (COLL-A27), a rectification order with its deadline."""

    kind = models.CharField(_("类型"), max_length=16, choices=ch.SupervisionKind.choices)
    organisation = models.ForeignKey(ORG, verbose_name=_("作出单位"), on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("编号"), max_length=32, unique=True)
    target_name = models.CharField(_("对象"), max_length=200)
    content = models.TextField(_("内容"))
    days = models.PositiveIntegerField(_("整改期限（日）"), default=0)
    status = FSMField(_("状态"), max_length=16, choices=ch.SupervisionStatus.choices,
                      default=ch.SupervisionStatus.OPEN, protected=True)
    issued_at = models.DateTimeField(_("作出时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("警示约谈、责令整改")
        verbose_name_plural = _("警示约谈、责令整改")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_name}"

    def get_absolute_url(self) -> str:
        return reverse("collection:supervision_detail", args=[self.pk])


class RiskAlert(models.Model):
    """风险提示 (COLL-A26): to the regions concerned (province) or to the public (county and above)."""

    organisation = models.ForeignKey(ORG, verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("对象"), max_length=16, choices=ch.AlertAudience.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    regions = models.ManyToManyField("orgs.Region", verbose_name=_("涉及地区"), blank=True, related_name="+")
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("风险提示")
        verbose_name_plural = _("风险提示")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title
