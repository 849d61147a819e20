"""尾矿库 (tailings facilities) under 晋政办发〔2022〕98号: the register (一库一策, 第三十六条), the effective-dated
reference data the government keeps (flood-season start, important tributaries, alarm limits per facility),
online monitoring (stations, systems, readings, alarms; 第二十六条), hidden dangers (第二十七条), 包保 officials
and their inspection ledgers (第三十四条), and public reports (第六条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from gazette.workflow.models import Case, StatefulRecord

from . import choices as ch

ORG = "orgs.Organisation"
M = {"max_digits": 9, "decimal_places": 2}     # metres, elevations
KM = {"max_digits": 8, "decimal_places": 3}    # kilometres, measured to the metre


# --- Reference data ---------------------------------------------------------------------------------------------
class ImportantTributary(models.Model):
    """重要支流 of the Yellow River (第九条: no new or 改扩建 facility within 1 km of its shoreline). The list is the
    government's, effective-dated: 98号 names none."""

    name = models.CharField(_("名称"), max_length=64)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("黄河重要支流")
        verbose_name_plural = _("黄河重要支流")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FloodSeason(models.Model):
    """汛期 start per year (第二十条 drill and 第二十四条 flood routing are due before it): data, 98号 sets no date."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    starts_on = models.DateField(_("入汛日期"))

    class Meta:
        verbose_name = _("汛期起始日期")
        verbose_name_plural = _("汛期起始日期")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.starts_on}"


# --- The register -----------------------------------------------------------------------------------------------
class Facility(Case):
    """一座尾矿库 in the 一库一策 database (第三十六条): its project data (judged by 第七条至第十四条, 第十九条,
    第二十三条 when it is reviewed), its trial run and licence (第十六条至第十八条), operation, idling, reclamation
    (第二十八条), closure and 销号 (第三十条至第三十三条). ``organisation`` is the operator (生产经营单位);
    ``supervisor`` the emergency-management department that supervises it (分类分级)."""

    REFERENCE_PREFIX = "TAIL"

    state = FSMField(_("状态"), default=ch.FacilityState.PLANNED, choices=ch.FacilityState.choices, protected=True,
                     max_length=40, db_index=True)
    name = models.CharField(_("尾矿库名称"), max_length=128)
    supervisor = models.ForeignKey(ORG, verbose_name=_("监管部门"), on_delete=models.PROTECT, related_name="+")
    project_kind = models.CharField(_("项目类型"), max_length=16, choices=ch.ProjectKind.choices,
                                    default=ch.ProjectKind.NEW)
    grade = models.PositiveSmallIntegerField(_("等别"))
    flat_type = models.BooleanField(_("平地型尾矿库"), default=False)
    total_dam_height = models.DecimalField(_("总坝高（米）"), **M)
    starter_dam_crest_elevation = models.DecimalField(_("初期坝坝顶标高（米）"), **M)
    final_design_elevation = models.DecimalField(_("设计最终堆积标高（米）"), **M)
    current_elevation = models.DecimalField(_("当前堆积标高（米）"), **M)
    rise_rate = models.DecimalField(_("堆积坝上升速率（米/年）"), default=0, **M)
    single_raise_height = models.DecimalField(_("一次加高高度（米）"), null=True, blank=True, **M)
    outer_slope_ratio = models.DecimalField(_("堆积坝平均外坡比（水平÷垂直）"), max_digits=6, decimal_places=2)
    discharge_method = models.CharField(_("排尾方式"), max_length=16, choices=ch.DischargeMethod.choices)
    dam_method = models.CharField(_("筑坝方式"), max_length=16, choices=ch.DamMethod.choices)
    matching_mine = models.CharField(_("配套矿山"), max_length=128, blank=True)
    design_life_years = models.PositiveSmallIntegerField(_("设计服务年限（年）"))
    # Downstream, measured along the tailings flow path (第七条第一项, 第四十条 头顶库).
    residents_within_1km_of_starter_toe = models.BooleanField(_("初期坝坡脚下游1公里内有居民或重要设施"),
                                                              default=False)
    dense_places_within_3km = models.BooleanField(_("坝脚下游3公里内有人员密集场所"), default=False)
    major_roads_within_3km = models.BooleanField(_("坝脚下游3公里内有二级及以上公路、铁路"), default=False)
    inundation_overlaps_other_dam = models.BooleanField(_("淹没区与上游其他企业尾矿库坝体重叠"), default=False)
    in_banned_area = models.BooleanField(_("位于法律法规和国务院规定禁止建设尾矿库的区域"), default=False)
    yellow_river_distance_km = models.DecimalField(_("距黄河干流岸线距离（公里）"), **KM)
    tributary = models.ForeignKey(ImportantTributary, verbose_name=_("最近的重要支流"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    tributary_distance_km = models.DecimalField(_("距重要支流岸线距离（公里）"), null=True, blank=True, **KM)
    geotechnical_survey = models.BooleanField(_("已进行岩土工程勘察"), default=False)
    detailed_survey = models.BooleanField(_("已进行工程详细勘察"), default=False)
    pile_dam_survey = models.BooleanField(_("已对尾矿堆积坝进行岩土工程勘察"), default=False)
    survey_qualification = models.CharField(_("勘察单位资质"), max_length=16, choices=ch.SurveyQualification.choices,
                                            default=ch.SurveyQualification.NONE)
    design_qualification = models.CharField(_("设计单位资质"), max_length=16, choices=ch.DesignQualification.choices,
                                            default=ch.DesignQualification.NONE)
    construction_qualification = models.CharField(_("施工单位资质"), max_length=16,
                                                  choices=ch.ConstructionQualification.choices,
                                                  default=ch.ConstructionQualification.NONE)
    supervision_qualification = models.CharField(_("监理单位资质"), max_length=16,
                                                 choices=ch.SupervisionQualification.choices,
                                                 default=ch.SupervisionQualification.NONE)
    evaluator_qualified = models.BooleanField(_("安全评价单位具有金属非金属矿山采选业评价资质"), default=False)
    evaluator_has_engineer = models.BooleanField(_("评价人员中有土木、安全、水利工程专业安全评价师"), default=False)
    safety_managers = models.PositiveSmallIntegerField(_("专职安全生产管理人员（人）"), default=0)
    technicians = models.PositiveSmallIntegerField(_("专业技术人员（人）"), default=0)
    special_operators = models.PositiveSmallIntegerField(_("特种作业人员（人）"), default=0)
    baobao_system_id = models.CharField(_("全国尾矿库安全包保责任动态管理系统编号"), max_length=32, blank=True)
    ownerless = models.BooleanField(_("无主尾矿库"), default=False)
    closure_party = models.CharField(_("闭库责任单位"), max_length=128, blank=True)
    # Trial run and licence (第十六条至第十八条, 第二十六条).
    trial_plan_filed_on = models.DateField(_("试运行方案报送日期"), null=True, blank=True)
    trial_start_on = models.DateField(_("试运行开始日期"), null=True, blank=True)
    trial_planned_end_on = models.DateField(_("试运行计划结束日期"), null=True, blank=True)
    trial_end_on = models.DateField(_("试运行结束日期"), null=True, blank=True)
    trial_max_discharge_elevation = models.DecimalField(_("试运行期间最高排放标高（米）"), null=True, blank=True, **M)
    trial_report_on = models.DateField(_("试运行报告日期"), null=True, blank=True)
    acceptance_evaluation_on = models.DateField(_("安全验收评价日期"), null=True, blank=True)
    licence_number = models.CharField(_("安全生产许可证编号"), max_length=64, blank=True)
    licence_issued_on = models.DateField(_("许可证颁发日期"), null=True, blank=True)
    licence_expires_on = models.DateField(_("许可证有效期至"), null=True, blank=True)
    monitoring_linked_on = models.DateField(_("在线监测联网日期"), null=True, blank=True)
    idle_since = models.DateField(_("停用日期"), null=True, blank=True)
    # Reclamation (第二十八条).
    reclamation_design_approved_on = models.DateField(_("回采安全设施设计批准日期"), null=True, blank=True)
    reclamation_period_end = models.DateField(_("设计回采期截止日期"), null=True, blank=True)
    # Closure and 销号 (第三十条至第三十三条).
    closure_design_approved_on = models.DateField(_("闭库安全设施设计批准日期"), null=True, blank=True)
    closure_trigger = models.CharField(_("闭库情形"), max_length=20, choices=ch.ClosureTrigger.choices, blank=True)
    closure_trigger_on = models.DateField(_("闭库情形发生日期"), null=True, blank=True)
    closure_extension_months = models.PositiveSmallIntegerField(_("已延期（月）"), default=0)
    closure_extension_consent = models.CharField(_("延期同意文件"), max_length=200, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    post_closure_supervisor = models.CharField(_("日常监管部门（县级以上人民政府确定）"), max_length=128, blank=True)
    land_reclamation_record = models.TextField(_("土地复垦情况（自然资源部门）"), blank=True)

    class Meta:
        verbose_name = _("尾矿库")
        verbose_name_plural = _("尾矿库")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["supervisor", "state"]), models.Index(fields=["organisation", "state"])]
        constraints = [
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=5), name="tailings_grade_1_5"),
            models.CheckConstraint(condition=Q(closure_extension_months__lte=6), name="tailings_extension_6m"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.reference}）"

    def get_absolute_url(self) -> str:
        return reverse("tailings:facility_detail", args=[self.pk])

    @property
    def grade_label(self) -> str:
        return "一二三四五"[self.grade - 1] + "等" if 1 <= self.grade <= 5 else str(self.grade)


class AlarmLimit(models.Model):
    """An alarm level of one monitored quantity of one facility, from its design (第二十六条 with 《尾矿库在线安全
    监测系统工程技术规范》): effective-dated data. ``clear_margin`` is the hysteresis: an alarm clears only once the
    value is back inside the lowest level's threshold by at least this much."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="limits")
    quantity = models.CharField(_("监测项目"), max_length=20, choices=ch.Quantity.choices)
    level = models.CharField(_("报警级别"), max_length=8, choices=ch.AlarmLevel.choices)
    direction = models.CharField(_("方向"), max_length=8, choices=ch.Direction.choices)
    threshold = models.FloatField(_("限值"))
    clear_margin = models.FloatField(_("解除回差"), default=0)
    escalate_hours = models.PositiveSmallIntegerField(_("未确认上报时限（小时）"), default=2)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("报警限值")
        verbose_name_plural = _("报警限值")
        ordering = ["facility", "quantity", "threshold"]

    def __str__(self) -> str:
        return f"{self.get_quantity_display()} {self.get_level_display()} {self.threshold}"


class Station(models.Model):
    """一个监测点 of a facility's online monitoring system, measuring one quantity in its unit."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="stations")
    code = models.CharField(_("测点编号"), max_length=32)
    quantity = models.CharField(_("监测项目"), max_length=20, choices=ch.Quantity.choices)
    unit = models.CharField(_("单位"), max_length=8)
    stale_minutes = models.PositiveIntegerField(_("中断报警时限（分钟）"), default=30)
    last_reading_at = models.DateTimeField(_("最近数据时间"), null=True, blank=True)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("监测点")
        verbose_name_plural = _("监测点")
        ordering = ["facility", "code"]
        constraints = [models.UniqueConstraint(fields=["facility", "code"], name="tailings_station_code")]

    def __str__(self) -> str:
        return self.code


class MonitoringSystem(models.Model):
    """An operator's online monitoring system, pushing readings with its own token (only the SHA-256 of the
    token is stored). It may push only for its operator's facilities."""

    name = models.CharField(_("系统名称"), max_length=128)
    operator = models.ForeignKey(ORG, verbose_name=_("生产经营单位"), on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("令牌前缀"), max_length=8, editable=False)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("在线监测系统")
        verbose_name_plural = _("在线监测系统")

    def __str__(self) -> str:
        return self.name


class Reading(models.Model):
    """One sensor reading. Written in bulk by the ingest service only; (station, measured_at) is unique, so a
    repeated reading is refused as a duplicate rather than stored twice."""

    facility_id: int
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+", db_index=False)
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+", db_index=False)
    value = models.FloatField(_("数值"))
    measured_at = models.DateTimeField(_("测量时间"))
    received_at = models.DateTimeField(_("接收时间"))

    class Meta:
        verbose_name = _("监测数据")
        verbose_name_plural = _("监测数据")
        constraints = [models.UniqueConstraint(fields=["station", "measured_at"], name="tailings_reading_once")]

    def __str__(self) -> str:
        return f"{self.station_id} {self.measured_at} {self.value}"


class Alarm(StatefulRecord):
    """A monitoring alarm (超限 or 测点中断). At most one open alarm per station and kind: a condition that persists
    updates it (level, value); it clears when the readings recover past the hysteresis, or the station reports
    again. Work for the supervising department, escalated to its superior when not acknowledged in time."""

    reference = models.CharField(_("编号"), max_length=32, unique=True)
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="alarms")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="alarms")
    kind = models.CharField(_("类型"), max_length=8, choices=ch.AlarmKind.choices)
    quantity = models.CharField(_("监测项目"), max_length=20, choices=ch.Quantity.choices)
    level = models.CharField(_("报警级别"), max_length=8, choices=ch.AlarmLevel.choices)
    peak_level = models.CharField(_("最高级别"), max_length=8, choices=ch.AlarmLevel.choices)
    threshold = models.FloatField(_("限值"), null=True, blank=True)
    value = models.FloatField(_("最新数值"), null=True, blank=True)
    value_at = models.DateTimeField(_("最新数值时间"), null=True, blank=True)
    escalate_hours = models.PositiveSmallIntegerField(_("未确认上报时限（小时）"), default=2)
    state = FSMField(_("状态"), max_length=16, choices=ch.AlarmState.choices, default=ch.AlarmState.OPEN,
                     protected=True)
    opened_at = models.DateTimeField(_("报警时间"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+")
    cleared_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测报警")
        verbose_name_plural = _("监测报警")
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["station", "kind"], condition=~Q(state="cleared"),
                                               name="tailings_one_open_alarm")]
        indexes = [models.Index(fields=["facility", "state"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.get_kind_display()} {self.station_id}"

    @property
    def organisation(self):
        return self.facility.supervisor

    def get_absolute_url(self) -> str:
        return reverse("tailings:alarm_detail", args=[self.pk])


class HiddenDanger(StatefulRecord):
    """一项隐患 (第二十七条 排查治理档案; 第三十五条, 第三十六条 督查检查): registered, ordered with a deadline by the
    department (整改通知书), rectified by the operator, verified by the department."""

    reference = models.CharField(_("编号"), max_length=32, unique=True)
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="dangers")
    source = models.CharField(_("来源"), max_length=16, choices=ch.DangerSource.choices)
    description = models.TextField(_("隐患描述"))
    found_on = models.DateField(_("发现日期"))
    inspection = models.ForeignKey("Inspection", verbose_name=_("包保检查"), on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="dangers")
    state = FSMField(_("状态"), max_length=16, choices=ch.DangerState.choices, default=ch.DangerState.REGISTERED,
                     protected=True)
    ordered_by = models.ForeignKey(ORG, verbose_name=_("责令整改部门"), on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    ordered_on = models.DateField(_("责令整改日期"), null=True, blank=True)
    deadline_on = models.DateField(_("整改期限"), null=True, blank=True)
    requirements = models.TextField(_("整改要求"), blank=True)
    rectification_note = models.TextField(_("整改情况"), blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    verification_note = models.TextField(_("核查意见"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-found_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.description[:30]}"

    @property
    def organisation(self):
        return self.facility.supervisor

    def get_absolute_url(self) -> str:
        return reverse("tailings:danger_detail", args=[self.pk])


class BaobaoOfficial(models.Model):
    """包保责任人 of a facility and the list of their responsibilities (第三十四条 包保责任清单)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(_("姓名"), max_length=64)
    position = models.CharField(_("职务"), max_length=128)
    level = models.CharField(_("包保层级"), max_length=12, choices=ch.OfficialLevel.choices)
    responsibilities = models.TextField(_("包保责任清单与措施"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("系统账号"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="+")
    effective_from = models.DateField(_("起始日期"))
    effective_to = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("包保责任人")
        verbose_name_plural = _("包保责任人")
        ordering = ["facility", "level", "name"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.name}"


class Inspection(models.Model):
    """包保工作台账: one supervision inspection of a facility by its 包保 official (第三十四条)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="inspections")
    official = models.ForeignKey(BaobaoOfficial, verbose_name=_("包保责任人"), on_delete=models.PROTECT,
                                 related_name="inspections")
    inspected_on = models.DateField(_("检查日期"))
    findings = models.TextField(_("检查情况"))
    measures = models.TextField(_("解决问题和措施"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("包保检查台账")
        verbose_name_plural = _("包保检查台账")
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.inspected_on}"


class PublicReport(StatefulRecord):
    """A report of a safety violation by anyone, without an account (第六条): verified and handled by the county
    emergency-management department, or referred to the department it belongs to."""

    reference = models.CharField(_("回执编号"), max_length=32, unique=True)
    region = models.ForeignKey("orgs.Region", verbose_name=_("所在县（市、区）"), on_delete=models.PROTECT,
                               related_name="+")
    organisation = models.ForeignKey(ORG, verbose_name=_("受理部门"), on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, verbose_name=_("涉及尾矿库"), on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="reports")
    facility_text = models.CharField(_("尾矿库或单位名称"), max_length=200)
    content = models.TextField(_("违法违规行为"))
    contact = models.CharField(_("联系方式（可不填）"), max_length=64, blank=True)
    state = FSMField(_("状态"), max_length=16, choices=ch.ReportState.choices, default=ch.ReportState.RECEIVED,
                     protected=True)
    result = models.TextField(_("核查处理结果"), blank=True)
    referred_to = models.CharField(_("移送部门"), max_length=128, blank=True)
    received_at = models.DateTimeField(_("受理时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("尾矿库违法违规举报")
        verbose_name_plural = _("尾矿库违法违规举报")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("tailings:report_detail", args=[self.pk])
