"""Residential areas (物业管理区域) with their units (专有部分) and owners; property management committees
(物业管理委员会) from formation to dissolution with nominations, backers and members; committee meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from gazette.workflow.models import Case, StatefulRecord

from . import choices as ch

AREA = {"max_digits": 12, "decimal_places": 2}
ORG = "orgs.Organisation"


class Area(models.Model):
    """物业管理区域 (a residential area) under a street office / township government (PROP-A4)."""

    name = models.CharField(_("小区名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    street_office = models.ForeignKey(ORG, verbose_name=_("街道办事处（乡镇人民政府）"), on_delete=models.PROTECT,
                                      related_name="+")
    region = models.ForeignKey("orgs.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+")
    residents_committee = models.CharField(_("居（村）民委员会"), max_length=100, blank=True)
    is_residential = models.BooleanField(_("住宅物业"), default=True,
                                         help_text=_("第二条：其他物业项目参照执行"))
    total_area = models.DecimalField(_("建筑总面积（㎡）"), **AREA)
    delivered_area = models.DecimalField(_("已交付专有部分面积（㎡）"), default=0, **AREA)
    delivery_started = models.BooleanField(_("已开始交付"), default=False)
    assembly_conditions_met = models.BooleanField(_("具备成立业主大会条件"), default=False)
    assembly_formed = models.BooleanField(_("已成立业主大会"), default=False)
    assembly_failed_election = models.BooleanField(_("业主大会会议召开后未能选举产生业主委员会"), default=False)
    owners_committee_elected_on = models.DateField(_("业主委员会选举产生日期"), null=True, blank=True)
    service_provider = models.CharField(_("物业服务人"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("物业管理区域")
        verbose_name_plural = _("物业管理区域")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(delivered_area__lte=F("total_area")),
                                   name="property_delivered_le_total"),
            models.CheckConstraint(condition=Q(total_area__gt=0), name="property_total_area_positive"),
            models.UniqueConstraint(fields=["street_office", "name"], name="property_area_name_per_office"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("property:area_detail", args=[self.pk])

    @property
    def has_owners_committee(self) -> bool:
        return self.owners_committee_elected_on is not None


class Unit(models.Model):
    """专有部分: one unit of an area (房号 such as 1-2-301); owners are counted one per unit."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="units")
    number = models.CharField(_("房号"), max_length=32)
    exclusive_area = models.DecimalField(_("专有部分面积（㎡）"), **AREA)

    class Meta:
        verbose_name = _("专有部分")
        verbose_name_plural = _("专有部分")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["area", "number"], name="property_unit_number")]

    def __str__(self) -> str:
        return self.number


class Owner(models.Model):
    """业主 of one unit: one owner per 专有部分 (PROP-A10 counts owners, one per unit). The phone receives the
    verification code of the public objection form."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="owner")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="owners")
    name = models.CharField(_("业主姓名"), max_length=64)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    occupation = models.CharField(_("职业"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("业主")
        verbose_name_plural = _("业主")
        ordering = ["unit__number"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit.number}）"


class Committee(Case):
    """物业管理委员会 of one area: announced (PROP-A6/A7), nominated (A10), candidates fixed (A11), list posted with
    objections (A12), established, filed (A13), running (A14–A21), dissolved (A20). The reference date is the
    announcement date: the rules of 191号 in force that day apply, and a lapsed 191号 is shown as lapsed."""

    REFERENCE_PREFIX = "PROP"

    state = FSMField(_("状态"), default=ch.CommitteeState.ANNOUNCING, choices=ch.CommitteeState.choices,
                     protected=True, max_length=40, db_index=True)
    area = models.ForeignKey(Area, verbose_name=_("物业管理区域"), on_delete=models.PROTECT, related_name="committees")
    trigger = models.CharField(_("组建情形"), max_length=32, choices=ch.Trigger.choices)
    requirements = models.TextField(_("成员人选要求"))
    registration = models.TextField(_("报名方式"))
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filing_number = models.CharField(_("备案编号"), max_length=32, blank=True)
    county_department = models.ForeignKey(ORG, verbose_name=_("县级物业行政主管部门"), on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")
    dissolved_on = models.DateField(_("解散日期"), null=True, blank=True)
    dissolution_ground = models.CharField(_("解散原因"), max_length=20, choices=ch.DissolutionGround.choices,
                                          blank=True)

    class Meta:
        verbose_name = _("物业管理委员会")
        verbose_name_plural = _("物业管理委员会")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "state"])]

    def get_absolute_url(self) -> str:
        return reverse("property:committee_detail", args=[self.pk])


class Nomination(models.Model):
    """业主代表人选推荐 (PROP-A10): joint nomination by owners with the nominee's signed consent, or
    self-nomination with other owners' signatures."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(Owner, verbose_name=_("被推荐人"), on_delete=models.PROTECT, related_name="+")
    self_nominated = models.BooleanField(_("业主自荐"), default=False)
    consent_signed = models.BooleanField(_("被推荐人本人签字同意"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("业主代表推荐")
        verbose_name_plural = _("业主代表推荐")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["committee", "nominee"], name="property_nomination_once")]

    def __str__(self) -> str:
        return str(self.nominee)


class Backing(models.Model):
    """One owner's signature for one nomination. 一名业主只能推选一名业主代表: one backing per owner per
    committee, enforced by a unique index; an owner never backs himself (check constraint)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="backings")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    nominee = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(Owner, verbose_name=_("联名业主"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("联名业主")
        verbose_name_plural = _("联名业主")
        constraints = [
            models.UniqueConstraint(fields=["committee", "owner"], name="property_backing_one_rep"),
            models.CheckConstraint(condition=~Q(owner=F("nominee")), name="property_backing_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} → {self.nominee_id}"


class Member(models.Model):
    """物业管理委员会成员 (candidate, then member): kind (PROP-A8), role (A11), written pledge (A9), how the
    membership ended (A16), change filing and hand-over."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("成员类别"), max_length=20, choices=ch.MemberKind.choices)
    role = models.CharField(_("职务"), max_length=10, choices=ch.MemberRole.choices, default=ch.MemberRole.MEMBER)
    name = models.CharField(_("姓名"), max_length=64)
    occupation = models.CharField(_("职业"), max_length=64, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    is_party_member = models.BooleanField(_("中共党员"), default=False)
    owner = models.ForeignKey(Owner, verbose_name=_("业主"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="member")
    pledge_signed = models.BooleanField(_("已签署书面承诺"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=ch.MemberStatus.choices,
                              default=ch.MemberStatus.CANDIDATE)
    started_on = models.DateField(_("任职日期"), null=True, blank=True)
    ended_on = models.DateField(_("资格终止日期"), null=True, blank=True)
    end_ground = models.CharField(_("终止情形"), max_length=2, choices=ch.EndGround.choices, blank=True)
    change_filed_on = models.DateField(_("变更备案日期"), null=True, blank=True)
    handed_over_on = models.DateField(_("移交日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("物业管理委员会成员")
        verbose_name_plural = _("物业管理委员会成员")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["committee", "owner"], condition=Q(owner__isnull=False),
                                               name="property_member_owner_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_owner_rep(self) -> bool:
        return self.kind == ch.MemberKind.OWNER


class Meeting(StatefulRecord):
    """物业管理委员会会议 (PROP-A15): attendance, the decision put to it and its signatures; adopted and posted, or
    refused; ordered corrected or revoked by the street office (A21)."""

    RULE_DATE_FIELD = "held_on"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField(_("会议序号"))
    kind = models.CharField(_("会议类型"), max_length=10, choices=ch.MeetingKind.choices)
    state = FSMField(_("状态"), default=ch.MeetingState.HELD, choices=ch.MeetingState.choices, protected=True,
                     max_length=20)
    held_on = models.DateField(_("召开日期"))
    proposers = models.PositiveSmallIntegerField(_("提议召开的成员人数"), default=0)
    proposed_by_director = models.BooleanField(_("主任提议"), default=False)
    subject = models.CharField(_("议题"), max_length=200)
    decision = models.TextField(_("决定事项"))
    reserved_to_owners = models.BooleanField(_("属于需要业主共同决定的事项"), default=False)
    correction_due = models.DateField(_("改正期限"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("物业管理委员会会议")
        verbose_name_plural = _("物业管理委员会会议")
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="property_meeting_number")]

    def __str__(self) -> str:
        return f"{self.committee.area.name} 第{self.number}次会议"

    @property
    def reference(self) -> str:
        return f"{self.committee.reference}-H{self.number}"

    @property
    def organisation(self):
        return self.committee.organisation

    def get_absolute_url(self) -> str:
        return reverse("property:meeting_detail", args=[self.pk])


class Attendance(models.Model):
    """One member at one meeting: in person, by proxy (never for an owner representative) or absent; signed the
    decision or not."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")
    presence = models.CharField(_("出席情况"), max_length=10, choices=ch.Presence.choices)
    signed = models.BooleanField(_("签字同意决定"), default=False)

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="property_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.presence}"


class VerificationCode(models.Model):
    """A one-time code sent by SMS to the phone on record for a unit's owner, proving the objector owns the unit
    (public objection form). Stored hashed; five wrong tries or ten minutes end it."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey("notices.PublicNotice", on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"{self.owner_id}@{self.notice_id}"


class SmsMessage(models.Model):
    """Outbox of the SMS sender: what was sent to whom (the development and test backend stops here)."""

    phone = models.CharField(_("手机号码"), max_length=20)
    text = models.CharField(_("内容"), max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("短信发件箱")
        verbose_name_plural = _("短信发件箱")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.phone
