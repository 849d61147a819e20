"""Models of the fund app: applications (cases on the engine; their uploads and issued documents live in
gazette.documents), reference tables, the fund ledger,
recovery and write-off records, reports, and API idempotency keys."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from gazette.audit.masking import mask_bank_account, mask_id_number
from gazette.workflow.models import Case, StatefulRecord

from .choices import (
    ApplicantType,
    ApplicationKind,
    ApplicationState,
    ApprovalLevel,
    Direction,
    HardshipGrade,
    InsuranceStatus,
    LedgerKind,
    Liability,
    ObligationKind,
    ObligationState,
    RecoveryState,
    ReportKind,
    ReportState,
    WriteOffGround,
    WriteOffState,
)

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class Application(Case):
    """One application to the fund: a treatment-cost advance, a funeral-cost advance or a one-time hardship
    subsidy. ``region`` is the accident county; ``organisation`` is the fund manager that handles it."""

    REFERENCE_PREFIX = "FUND"

    state = FSMField(_("状态"), default=ApplicationState.RECEIVED, choices=ApplicationState.choices, protected=True,
                     max_length=40, db_index=True)
    kind = models.CharField(_("申请类型"), max_length=16, choices=ApplicationKind.choices)
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人"), max_length=128)
    applicant_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    # Accident facts
    accident_at = models.DateTimeField(_("事故发生时间"))
    accident_place = models.CharField(_("事故地点"), max_length=200)
    expressway = models.BooleanField(_("高速公路事故"), default=False)
    hit_and_run = models.BooleanField(_("肇事逃逸"), default=False)
    insurance_status = models.CharField(_("肇事车辆交强险情况"), max_length=20, choices=InsuranceStatus.choices)
    casualties = models.PositiveIntegerField(_("伤亡人数"), default=1)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0)
    police_unit = models.ForeignKey("orgs.Organisation", verbose_name=_("处理事故的公安交管部门"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    police_notice_no = models.CharField(_("垫付通知书编号"), max_length=64, blank=True)
    # 第三十五条: the police send the 事故认定书 within 7 working days of making it; the clock starts from this date.
    determination_made_on = models.DateField(_("事故认定书作出日期"), null=True, blank=True)
    # Victim
    victim_name = models.CharField(_("受害人姓名"), max_length=64, blank=True)
    victim_id_number = models.CharField(_("受害人身份证号"), max_length=18, blank=True)
    victim_identity_unknown = models.BooleanField(_("受害人身份无法确认"), default=False)
    # Treatment
    # Indexed by (hospital, state) (Meta.indexes): a second index on the column alone would only slow writes.
    hospital = models.ForeignKey("orgs.Organisation", verbose_name=_("医疗机构"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="fund_applications", db_index=False)
    treatment_started_at = models.DateTimeField(_("开始抢救时间"), null=True, blank=True)
    first7_amount = models.DecimalField(_("7日内抢救治疗费用"), default=ZERO, validators=[MinValueValidator(ZERO)],
                                        **MONEY)
    post7_amount = models.DecimalField(_("7日后抢救治疗费用"), default=ZERO, validators=[MinValueValidator(ZERO)],
                                       **MONEY)
    post7_reasons = models.TextField(_("7日后费用书面说明"), blank=True)
    # Funeral
    body_notice_on = models.DateField(_("收到尸体处理通知书日期"), null=True, blank=True)
    funeral_receipts_amount = models.DecimalField(_("凭据金额（无主遗体）"), null=True, blank=True, **MONEY)
    # Hardship
    hardship_grade = models.CharField(_("死亡或伤残等级"), max_length=16, choices=HardshipGrade.choices, blank=True)
    hardship_amount = models.DecimalField(_("申请补助金额"), null=True, blank=True, **MONEY)
    # Payment
    bank_account_name = models.CharField(_("收款户名"), max_length=128, blank=True)
    bank_account = models.CharField(_("收款账号"), max_length=32, blank=True)
    advance_amount = models.DecimalField(_("核定金额"), default=ZERO, **MONEY)
    # Decisions (written by services from rule outcomes)
    approval_level = models.CharField(_("审批层级"), max_length=16, choices=ApprovalLevel.choices,
                                      default=ApprovalLevel.MANAGER)
    approver_organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("审批单位"), null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+",
                                              db_index=False)  # indexed with created_at (Meta.indexes)
    heavy_injury = models.BooleanField(_("重伤员"), default=False)
    mass_casualty = models.BooleanField(_("群死群伤事故"), default=False)
    requested_documents = models.JSONField(_("管理人收集中的材料"), default=list, blank=True)
    dispute_level = models.CharField(_("争议协调层级"), max_length=16, choices=ApprovalLevel.choices, blank=True)
    dispute_organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("争议协调单位"), null=True,
                                             blank=True, on_delete=models.PROTECT, related_name="+",
                                             db_index=False)  # indexed with created_at (Meta.indexes)
    guarantee_issued_at = models.DateTimeField(_("垫付担保时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予垫付理由"), blank=True)
    approval_opinion = models.CharField(_("审批意见"), max_length=500, blank=True)
    paid_at = models.DateTimeField(_("划拨时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("救助基金申请")
        verbose_name_plural = _("救助基金申请")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["hospital", "state"]), models.Index(fields=["kind", "state"]),
                   # Newest first: the list of the fund manager and the provincial offices (see migration 0003).
                   models.Index(fields=["created_at"], name="fund_application_created"),
                   # Newest first within one branch of an office's scope (migration 0006, selectors.application_page).
                   models.Index(fields=["region", "created_at", "id"], name="fund_app_region_created"),
                   models.Index(fields=["approver_organisation", "created_at", "id"], name="fund_app_approver_created"),
                   models.Index(fields=["dispute_organisation", "created_at", "id"], name="fund_app_dispute_created"),
                   # The approvers' inbox: small work-queue indexes of the cases waiting on an office (migration 0007).
                   models.Index(fields=["approver_organisation", "created_at"], name="fund_app_awaiting",
                                condition=models.Q(state="awaiting_approval")),
                   models.Index(fields=["dispute_organisation", "created_at"], name="fund_app_disputed",
                                condition=models.Q(state="disputed"))]

    def get_absolute_url(self) -> str:
        return reverse("fund:application_detail", args=[self.pk])

    @property
    def treatment_total(self) -> Decimal:
        return (self.first7_amount or ZERO) + (self.post7_amount or ZERO)

    @property
    def accident_address(self) -> str:
        """The accident county's full name and the place typed, printed once: a place typed with its province,
        city or county in front ("太原市小店区长风街") does not repeat them."""
        names = self.region.names() if self.region_id else []
        place = (self.accident_place or "").strip()
        for name in names:
            if place.startswith(name):
                place = place[len(name):]
        region = "".join(names)
        return f"{region}{place}"

    @property
    def victim_id_masked(self) -> str:
        return mask_id_number(self.victim_id_number)

    @property
    def bank_account_masked(self) -> str:
        return mask_bank_account(self.bank_account)


class AverageWage(models.Model):
    """山西省在岗职工月平均工资 by year (the funeral standard is 6 × the previous year's figure, 第二十二条)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    monthly_amount = models.DecimalField(_("月平均工资（元）"), **MONEY)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("在岗职工月平均工资")
        verbose_name_plural = _("在岗职工月平均工资")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.monthly_amount}"


class CompulsoryInsuranceLimit(models.Model):
    """交强险责任限额 in force from a date (第二十一条第一项, 第三十一条)."""

    effective_from = models.DateField(_("施行日期"), unique=True)
    medical_limit = models.DecimalField(_("医疗费用赔偿限额"), **MONEY)
    death_disability_limit = models.DecimalField(_("死亡伤残赔偿限额"), **MONEY)
    property_limit = models.DecimalField(_("财产损失赔偿限额"), **MONEY)

    class Meta:
        verbose_name = _("交强险责任限额")
        verbose_name_plural = _("交强险责任限额")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.medical_limit}/{self.death_disability_limit}"

    @property
    def total_limit(self) -> Decimal:
        return self.medical_limit + self.death_disability_limit + self.property_limit


class ServiceHotline(models.Model):
    """The fund manager's 24-hour hotline (热线电话，24小时值班, 第十九条第二款), published under 第四十一条第二项;
    in force from a date, so a change of number is entered ahead of time."""

    number = models.CharField(_("热线电话"), max_length=32)
    effective_from = models.DateField(_("启用日期"), unique=True)
    note = models.CharField(_("说明"), max_length=100, blank=True,
                            help_text=_("公开页面在号码后显示，如“演示数据”。"))

    class Meta:
        verbose_name = _("24小时服务热线")
        verbose_name_plural = _("24小时服务热线")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.number}"


class ExpresswayUnit(models.Model):
    """An expressway police 支队/大队 acting as a city/county joint-meeting office for expressway accidents
    within a region (第五十一条)."""

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("高速交警单位"), on_delete=models.PROTECT,
                                     related_name="+")
    acts_as = models.CharField(_("履行职责"), max_length=16, choices=[
        (ApprovalLevel.COUNTY, ApprovalLevel.COUNTY.label), (ApprovalLevel.CITY, ApprovalLevel.CITY.label)])
    region = models.ForeignKey("orgs.Region", verbose_name=_("管辖区划"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("高速交警履职单位")
        verbose_name_plural = _("高速交警履职单位")
        constraints = [models.UniqueConstraint(fields=["acts_as", "region"], name="fund_expressway_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_acts_as_display()})"


class LedgerEntry(models.Model):
    """One inflow or outflow of the fund (第十三条, 第十四条). Amounts are positive; ``direction`` says which way.
    A payment is tied to its application and can exist only once per application."""

    kind = models.CharField(_("类别"), max_length=20, choices=LedgerKind.choices)
    direction = models.CharField(_("方向"), max_length=3, choices=Direction.choices)
    amount = models.DecimalField(_("金额"), **MONEY)
    occurred_on = models.DateField(_("发生日期"))
    application = models.ForeignKey(Application, verbose_name=_("申请"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="ledger_entries")
    recovery = models.ForeignKey("fund.Recovery", verbose_name=_("追偿"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="ledger_entries")
    source_ref = models.CharField(_("凭证号"), max_length=64, blank=True)
    note = models.CharField(_("摘要"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("基金台账")
        verbose_name_plural = _("基金台账")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_ledger_amount_positive"),
            models.UniqueConstraint(fields=["application"], condition=Q(direction="out"),
                                    name="fund_ledger_one_payment_per_application"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()} {self.amount}"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount if self.direction == Direction.IN else -self.amount


class Recovery(StatefulRecord):
    """追偿: recovering an advance from the obligor named in the accident determination (第三十一条至第三十八条).
    A record on the engine (fund/recovery/workflow.py): every step is a declared action with history."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="recovery")
    reference = models.CharField(_("编号"), max_length=40, unique=True)
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("承办单位"), on_delete=models.PROTECT,
                                     related_name="+")
    state = FSMField(_("状态"), max_length=20, choices=RecoveryState.choices, default=RecoveryState.OPEN,
                     protected=True)
    advanced = models.DecimalField(_("垫付金额"), **MONEY)
    paid_at = models.DateTimeField(_("垫付时间"))
    obligor_name = models.CharField(_("偿还义务人"), max_length=128, blank=True)
    liability = models.CharField(_("事故责任"), max_length=16, choices=Liability.choices, blank=True)
    insured = models.BooleanField(_("偿还义务人已投保交强险"), default=False)
    insurer = models.ForeignKey("orgs.Organisation", verbose_name=_("承保保险公司"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    court_share = models.DecimalField(_("生效判决追偿比例"), max_digits=4, decimal_places=2, null=True, blank=True)
    amount_due = models.DecimalField(_("应追偿金额"), default=ZERO, **MONEY)
    amount_recovered = models.DecimalField(_("已追回金额"), default=ZERO, **MONEY)
    assist_notice_sent_at = models.DateTimeField(_("协助追偿通知书送达时间"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("移交追偿受托人时间"), null=True, blank=True)
    settled_at = models.DateTimeField(_("结清时间"), null=True, blank=True)
    settlement_no = models.CharField(_("结清凭证号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("垫付款追偿")
        verbose_name_plural = _("垫付款追偿")
        ordering = ["-paid_at"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("fund:recovery_detail", args=[self.pk])

    @property
    def outstanding(self) -> Decimal:
        return max(self.amount_due - self.amount_recovered, ZERO)


class TrusteeCollection(models.Model):
    """An amount the recovery trustee collected; it must reach the fund account within 3 days (第三十八条)."""

    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="collections")
    reference = models.CharField(_("编号"), max_length=48, unique=True)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("追回金额"), **MONEY)
    collected_at = models.DateTimeField(_("追回时间"))
    deposited_at = models.DateTimeField(_("缴入专户时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("受托人追回款")
        verbose_name_plural = _("受托人追回款")

    def __str__(self) -> str:
        return self.reference


class WriteOff(StatefulRecord):
    """核销申请 to the joint meeting on the grounds of 第四十条; decided through its recovery's step."""

    recovery = models.ForeignKey(Recovery, on_delete=models.PROTECT, related_name="write_offs")
    ground = models.CharField(_("核销情形"), max_length=32, choices=WriteOffGround.choices)
    explanation = models.TextField(_("说明"), blank=True)
    no_assets_certified = models.BooleanField(_("已依法认定无财产可供追偿"), default=False)
    state = FSMField(_("状态"), max_length=16, choices=WriteOffState.choices, default=WriteOffState.SUBMITTED,
                     protected=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("核销申请")
        verbose_name_plural = _("核销申请")

    def __str__(self) -> str:
        return f"{self.recovery.reference} {self.get_ground_display()}"

    @property
    def reference(self) -> str:
        return f"{self.recovery.reference}-HX{self.pk or ''}"

    @property
    def organisation(self):
        return self.recovery.organisation

    def get_absolute_url(self) -> str:
        return self.recovery.get_absolute_url()


class CompensationCustody(models.Model):
    """代为保管 compensation of an unidentified deceased or one whose heirs are unknown (第二十六条)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="custodies")
    compensation_amount = models.DecimalField(_("所得赔偿款"), **MONEY)
    deducted_advances = models.DecimalField(_("扣除的垫付费用"), **MONEY)
    held_amount = models.DecimalField(_("代为保管金额"), **MONEY)
    receipt_no = models.CharField(_("收款凭证号"), max_length=64, unique=True)
    received_at = models.DateTimeField(_("收款时间"))
    released_at = models.DateTimeField(_("依法处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("代为保管赔偿款")
        verbose_name_plural = _("代为保管赔偿款")

    def __str__(self) -> str:
        return self.receipt_no


class FundReport(StatefulRecord):
    """A report due by a statutory date (第四十二条, 第四十四条): a record on the engine (due → submitted) whose
    clock lives in the deadline engine."""

    reference = models.CharField(_("编号"), max_length=40, unique=True)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("报告"), max_length=20, choices=ReportKind.choices)
    period = models.CharField(_("报告期"), max_length=16)
    state = FSMField(_("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DUE, protected=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告")
        verbose_name_plural = _("报告")
        constraints = [models.UniqueConstraint(fields=["kind", "period"], name="fund_report_unique")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("fund:ledger")

    def actions_url(self) -> str:
        return reverse("fund:ledger") + f"reports/{self.pk}/"


class FundObligation(StatefulRecord):
    """A duty owed to the fund by another body with a statutory due date: the levy ratio by 15 May and each
    insurer's quarterly transfer within 10 working days (第十五条), the fines transfer within 10 working days after the
    quarter (第十六条). Its clock lives in the deadline engine; an insurer still short 3 working days after the
    reminder is warned and publicly named (第四十五条)."""

    kind = models.CharField(_("事项"), max_length=20, choices=ObligationKind.choices)
    period = models.CharField(_("期间"), max_length=16)
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("义务单位"), on_delete=models.PROTECT,
                                     related_name="+")
    reference = models.CharField(_("编号"), max_length=60, unique=True)
    state = FSMField(_("状态"), max_length=16, choices=ObligationState.choices, default=ObligationState.DUE,
                     protected=True)
    fulfilled_at = models.DateTimeField(_("履行时间"), null=True, blank=True)
    amount = models.DecimalField(_("到账金额"), null=True, blank=True, **MONEY)
    reminded_at = models.DateTimeField(_("催缴时间"), null=True, blank=True)
    warned_at = models.DateTimeField(_("警告公告时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("救助基金缴存义务")
        verbose_name_plural = _("救助基金缴存义务")
        ordering = ["-period", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "period", "organisation"],
                                               name="fund_obligation_unique")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("fund:ledger")

    def actions_url(self) -> str:
        return reverse("fund:ledger") + f"obligations/{self.pk}/"
