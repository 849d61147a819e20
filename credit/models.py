"""Enterprises and their credit records (CRED-A4–A8), score sheets as versioned data (CRED-A4, A11), the yearly
cycle's dates (CRED-A9), each enterprise's rating in a cycle (a case on the engine) with its indicator scores, and
residential projects' star applications (159号)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from gazette.workflow.models import Case

from . import choices as ch

POINTS = {"max_digits": 7, "decimal_places": 2}
ORG = "orgs.Organisation"


class Enterprise(models.Model):
    """A real-estate enterprise of one of the four kinds (CRED-A2) with its basic information (CRED-A6). Its
    organisation is the account holder of the portal; it files where it is registered (CRED-A4), a cross-city firm
    lists the other places where it has projects so their departments share what they know."""

    organisation = models.OneToOneField(ORG, verbose_name=_("企业"), on_delete=models.PROTECT,
                                        related_name="credit_enterprise")
    kind = models.CharField(_("企业类型"), max_length=20, choices=ch.EnterpriseKind.choices, db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    registration_region = models.ForeignKey("orgs.Region", verbose_name=_("注册地"), on_delete=models.PROTECT,
                                            related_name="+")
    project_regions = models.ManyToManyField("orgs.Region", verbose_name=_("项目所在地（跨市域经营）"), blank=True,
                                             related_name="+")
    legal_representative = models.CharField(_("法定代表人"), max_length=64)
    qualification = models.CharField(_("资质等级、备案信息"), max_length=200, blank=True)
    performance = models.TextField(_("经营业绩情况"), blank=True)
    key_persons = models.TextField(_("主要人员信息"), blank=True)
    related_firms = models.TextField(_("关联企业信息"), blank=True)
    last_activity_on = models.DateField(_("最近一次从事房地产市场活动日期"), null=True, blank=True,
                                        help_text=_("第十二条：两年内未从事房地产市场活动的，计60分、C级"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("房地产企业")
        verbose_name_plural = _("房地产企业")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.organisation.name

    def get_absolute_url(self) -> str:
        return reverse("credit:enterprise_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def cross_city(self) -> bool:
        """CRED-A4: a firm with projects outside its registration city."""
        city = self.registration_region.path.split("/")[1] if self.registration_region.path else ""
        return any(city and city not in r.path for r in self.project_regions.all())


class CreditRecord(models.Model):
    """A good (CRED-A7) or bad (CRED-A8) credit record, or a veto item (CRED-A13), with its date, source, evidence
    and the department that entered it. A bad record or veto item entered after a final grade triggers the dynamic
    re-rating (CRED-A14); a repaired record (CRED-A21) no longer counts."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="records")
    polarity = models.CharField(_("信息类别"), max_length=8, choices=ch.RecordPolarity.choices)
    category = models.CharField(_("具体情形"), max_length=20, choices=ch.RecordCategory.choices)
    title = models.CharField(_("事项"), max_length=200)
    occurred_on = models.DateField(_("发生日期"))
    source = models.CharField(_("信息来源（决定或文件）"), max_length=200)
    evidence = models.FileField(_("证明材料"), upload_to="credit/evidence/%Y/")
    points = models.DecimalField(_("分值"), default=Decimal("0.00"), validators=[MinValueValidator(0)], **POINTS)
    veto = models.BooleanField(_("一票否决项"), default=False)
    entered_by_organisation = models.ForeignKey(ORG, verbose_name=_("录入部门"), on_delete=models.PROTECT,
                                                related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    repaired_on = models.DateField(_("信用修复日期"), null=True, blank=True)
    repair_basis = models.TextField(_("信用修复情况"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用信息")
        verbose_name_plural = _("信用信息")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "polarity"])]
        constraints = [models.CheckConstraint(condition=models.Q(points__gte=0), name="credit_record_points_gte_0")]

    def __str__(self) -> str:
        return self.title


class ScoreSheet(models.Model):
    """One version of a kind's score sheet (信用评价评分表, 附件1–4, published "见网络版" and entered by the
    province's administrators, CRED-A4). Effective-dated; once a cycle has scored with it (``used_at``) it is never
    edited again: a correction is a new version."""

    kind = models.CharField(_("企业类型"), max_length=20, choices=ch.EnterpriseKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("名称"), max_length=200)
    effective_from = models.DateField(_("生效日期"))
    is_sample = models.BooleanField(_("演示样例（非官方评分表）"), default=False)
    notes = models.TextField(_("说明"), blank=True)
    used_at = models.DateTimeField(_("首次用于评分时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用评价评分表")
        verbose_name_plural = _("信用评价评分表")
        ordering = ["kind", "-effective_from", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="credit_sheet_kind_version")]

    def __str__(self) -> str:
        label = f"{self.get_kind_display()} v{self.version}"
        return f"{label}（{_('演示样例')}）" if self.is_sample else label


class Indicator(models.Model):
    """One indicator of a score sheet: its maximum points and how it is scored (客观信用分值)."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("评分表"), on_delete=models.CASCADE,
                              related_name="indicators")
    code = models.CharField(_("编号"), max_length=16)
    name = models.CharField(_("指标"), max_length=200)
    max_points = models.DecimalField(_("最高分"), validators=[MinValueValidator(0)], **POINTS)
    rule_text = models.TextField(_("评分规则"), blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["sheet", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="credit_indicator_sheet_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CreditCycle(models.Model):
    """The yearly rating (定期评定, CRED-A9) with its dates as data: the administrator sets the submission window
    each year ("2月中旬" may fall in the Spring Festival holiday) and the notice date that CRED-A12 counts from."""

    year = models.PositiveIntegerField(_("评价年度"), unique=True)
    notice_date = models.DateField(_("信用评价通知印发日期"))
    submission_opens = models.DateField(_("报送开始"))
    submission_closes = models.DateField(_("报送截止"))
    city_report_by = models.DateField(_("市级报送省级截止（3月中旬）"))
    notice_opens = models.DateField(_("公示开始（4月上旬）"))
    final_by = models.DateField(_("最终结果上报截止（4月底）"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信用评价年度")
        verbose_name_plural = _("信用评价年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度"


class Rating(Case):
    """One enterprise's rating in one cycle (信用评价): submitted by the firm (CRED-A9(一), A10), verified by the
    county, scored by the city, reviewed by the province for appraisal firms and initial-A firms, noticed, objected
    to and re-rated, final; re-rated between cycles on a bad record, veto item or repair (CRED-A14, A21). The score
    and grade are always computed from the sheet and the records (CRED-A11–A13), never typed."""

    REFERENCE_PREFIX = "CRED"

    state = FSMField(_("状态"), default=ch.RatingState.DRAFT, choices=ch.RatingState.choices, protected=True,
                     max_length=40, db_index=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="ratings")
    cycle = models.ForeignKey(CreditCycle, verbose_name=_("评价年度"), on_delete=models.PROTECT,
                              related_name="ratings")
    kind = models.CharField(_("企业类型"), max_length=20, choices=ch.EnterpriseKind.choices)
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("评分表"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="ratings")
    county_department = models.ForeignKey(ORG, verbose_name=_("县级主管部门"), on_delete=models.PROTECT,
                                          related_name="+")
    city_department = models.ForeignKey(ORG, verbose_name=_("市级主管部门"), on_delete=models.PROTECT,
                                        related_name="+")
    province_department = models.ForeignKey(ORG, verbose_name=_("省级主管部门"), on_delete=models.PROTECT,
                                            related_name="+")
    declaration = models.TextField(_("信用评价申报表内容"), blank=True)
    pledge = models.BooleanField(_("已提交企业承诺书"), default=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    gap_items = models.TextField(_("一次性告知补齐事项"), blank=True)
    gap_notice_at = models.DateTimeField(_("告知补齐时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("补齐时间"), null=True, blank=True)
    street_opinion = models.TextField(_("街道办事处、社区意见"), blank=True)
    verified_at = models.DateTimeField(_("核实完成时间"), null=True, blank=True)
    objective = models.DecimalField(_("客观信用分值"), null=True, blank=True, **POINTS)
    good = models.DecimalField(_("良好信用分值"), null=True, blank=True, **POINTS)
    bad = models.DecimalField(_("不良信用分值"), null=True, blank=True, **POINTS)
    score = models.DecimalField(_("信用分值"), null=True, blank=True, **POINTS)
    grade = models.CharField(_("信用等级"), max_length=1, choices=ch.Grade.choices, blank=True, db_index=True)
    initial_grade = models.CharField(_("初评等级"), max_length=1, choices=ch.Grade.choices, blank=True)
    veto = models.BooleanField(_("存在一票否决项"), default=False)
    inactive = models.BooleanField(_("两年内未从事房地产市场活动"), default=False)
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    final_at = models.DateTimeField(_("最终评定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("信用评价")
        verbose_name_plural = _("信用评价")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "cycle"], name="credit_rating_once_a_cycle")]
        indexes = [models.Index(fields=["cycle", "state"]), models.Index(fields=["state", "grade"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("credit:rating_detail", args=[self.pk])


class ScoreEntry(models.Model):
    """The city's points for one indicator of a rating's sheet (0 ≤ points ≤ the indicator's maximum)."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("得分"), validators=[MinValueValidator(0)], **POINTS)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        constraints = [models.UniqueConstraint(fields=["rating", "indicator"], name="credit_score_once"),
                       models.CheckConstraint(condition=models.Q(points__gte=0), name="credit_score_gte_0")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.points}"


class StarApplication(Case):
    """A residential project's star rating (住宅物业服务质量星级评价, 159号): eligibility (STAR-A7), the street
    office's consent and county, city and provincial scoring (A8), notice (A9), plaque, two-year validity (A10) and
    revocation (A13). The star follows from the scores and the deciding level, never typed."""

    REFERENCE_PREFIX = "STAR"

    state = FSMField(_("状态"), default=ch.StarState.SUBMITTED, choices=ch.StarState.choices, protected=True,
                     max_length=40, db_index=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("物业服务企业"), on_delete=models.PROTECT,
                                   related_name="star_applications")
    project_name = models.CharField(_("住宅物业服务项目"), max_length=200)
    county_department = models.ForeignKey(ORG, verbose_name=_("县级主管部门"), on_delete=models.PROTECT,
                                          related_name="+")
    city_department = models.ForeignKey(ORG, verbose_name=_("市级主管部门"), on_delete=models.PROTECT,
                                        related_name="+")
    street_office = models.ForeignKey(ORG, verbose_name=_("同意申报的街道办事处（乡镇人民政府）"),
                                      on_delete=models.PROTECT, related_name="+")
    street_consent_on = models.DateField(_("街道办事处同意日期"))
    service_since = models.DateField(_("合同约定服务起始日期"))
    filed_with_county = models.BooleanField(_("已向县级主管部门备案"), default=False)
    occupancy_percent = models.DecimalField(_("入住率（%）"), max_digits=5, decimal_places=2)
    delivered_on = models.DateField(_("交付使用日期"))
    liability_accident_last_year = models.BooleanField(_("上一年度发生由企业承担责任的安全责任事故"), default=False)
    last_grade = models.CharField(_("上年度信用等级"), max_length=1, blank=True)
    round_year = models.PositiveIntegerField(_("评价轮次（年度）"))
    county_score = models.DecimalField(_("县级初评分值"), null=True, blank=True, **POINTS)
    city_score = models.DecimalField(_("市级评价分值"), null=True, blank=True, **POINTS)
    stars = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    decided_by = models.ForeignKey(ORG, verbose_name=_("核定部门"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    awarded_on = models.DateField(_("颁发铭牌日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revocation_ground = models.CharField(_("取消理由"), max_length=20, choices=ch.RevocationGround.choices,
                                         blank=True)

    class Meta:
        verbose_name = _("星级评价申报")
        verbose_name_plural = _("星级评价申报")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reference} {self.project_name}"

    def get_absolute_url(self) -> str:
        return reverse("credit:star_detail", args=[self.pk])
