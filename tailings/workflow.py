"""Workflows of the tailings app as data: the facility's lifecycle (project → design review → construction →
trial run → licence → operation ⇄ idle → reclamation / closure → 销号), monitoring alarms, hidden dangers and
public reports. The engine performs every move; clocks come from ``clocks.py``, guard rules from ``rules.py``."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gazette.api.serializers import RejectUnknownFieldsMixin
from gazette.deadlines.services import deadline_start, deadlines_close
from gazette.workflow.definitions import Transition, Work, Workflow

from . import choices as ch
from .choices import AlarmState as A
from .choices import DangerState as D
from .choices import FacilityState as S
from .choices import ReportState as R
from .clocks import CLOSURE, CLOSURE_DESIGN, MONITORING_LINK, RECTIFICATION, TRIAL_RUN
from .rules import IN_FORCE, MAJOR_CHANGES, SITING_RULES, add_months
from .services import facility_facts, flood_season_on, projected_final_on
from .tasks import tailings_document


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _doc(kind: str):
    """An effect: generate document ``kind`` after commit, on a worker."""
    def effect(obj, history) -> None:
        tailings_document.delay(obj._meta.label_lower, obj.pk, kind, f"tailings-{kind}-{obj.pk}-{history.pk}",
                                history.actor_id)
    effect.__name__ = f"queue_{kind}"
    return effect


class _Input(RejectUnknownFieldsMixin, serializers.Serializer):
    pass


def _text(label, *, required: bool = True, max_length: int = 2000, help_text: str = ""):
    return serializers.CharField(label=label, required=required, allow_blank=not required, max_length=max_length,
                                 help_text=help_text)


# --- Facility ---------------------------------------------------------------------------------------------------
class DesignChangeInput(_Input):
    changed_items = serializers.ListField(
        child=serializers.ChoiceField(choices=[("site", _("库址")), ("grade", _("等别")), ("dam_height", _("坝高")),
                                               ("dam_type", _("坝型")), ("flood_discharge", _("排洪方式")),
                                               ("local", _("局部修改"))]),
        label=_("变更内容"), allow_empty=False)
    designer_document = _text(_("原设计单位变更设计文件"), max_length=200)
    approval_document = _text(_("原审批部门批准文件（重大变更必填）"), required=False, max_length=200)


class TrialPlanInput(_Input):
    filed_on = serializers.DateField(label=_("方案报送日期"))
    start_on = serializers.DateField(label=_("试运行开始日期"))
    planned_end_on = serializers.DateField(label=_("试运行计划结束日期"))


def _prepare_trial_plan(f, *, actor, data, comment) -> dict[str, Any]:
    return {"filed_on": data["filed_on"], "start_on": data["start_on"], "end_on": data["planned_end_on"]}


def _trial_plan(f, *, actor, data) -> None:
    f.trial_plan_filed_on = data["filed_on"]
    f.trial_start_on = data["start_on"]
    f.trial_planned_end_on = data["planned_end_on"]
    # The 6 months run from the trial's own start, not from the filing (第十六条).
    deadline_start(case=f, spec=TRIAL_RUN, actor=actor, start=_midnight(data["start_on"]),
                   title=f"{f.name} 试运行")


class FinishTrialInput(_Input):
    end_on = serializers.DateField(label=_("试运行结束日期"))
    max_discharge_elevation = serializers.DecimalField(max_digits=9, decimal_places=2,
                                                       label=_("试运行期间最高尾砂排放标高（米）"))
    trial_report_on = serializers.DateField(label=_("试运行报告日期"))
    acceptance_evaluation_on = serializers.DateField(label=_("安全验收评价日期"))


def _prepare_finish(f, *, actor, data, comment) -> dict[str, Any]:
    return {"start_on": f.trial_start_on, "end_on": data["end_on"], "trial_end_on": data["end_on"],
            "max_discharge_elevation": data["max_discharge_elevation"],
            "trial_report_on": data["trial_report_on"], "acceptance_evaluation_on": data["acceptance_evaluation_on"]}


def _finish(f, *, actor, data) -> None:
    f.trial_end_on = data["end_on"]
    f.trial_max_discharge_elevation = data["max_discharge_elevation"]
    f.trial_report_on = data["trial_report_on"]
    f.acceptance_evaluation_on = data["acceptance_evaluation_on"]


class LicenceInput(_Input):
    licence_number = _text(_("安全生产许可证编号"), max_length=64)
    issued_on = serializers.DateField(label=_("颁发日期"))
    expires_on = serializers.DateField(label=_("有效期至"))


def _prepare_licence(f, *, actor, data, comment) -> dict[str, Any]:
    return {"licence_number": data["licence_number"], "licence_expires_on": data["expires_on"],
            "on": data["issued_on"]}


def _licence(f, *, actor, data) -> None:
    f.licence_number = data["licence_number"].strip()
    f.licence_issued_on = data["issued_on"]
    f.licence_expires_on = data["expires_on"]
    if f.project_kind == ch.ProjectKind.NEW and f.monitoring_linked_on is None:
        deadline_start(case=f, spec=MONITORING_LINK, actor=actor, start=_midnight(data["issued_on"]),
                       title=f"{f.name} 在线监测联网")
    _closure_design_clock(f, actor=actor)


def _closure_design_clock(f, *, actor) -> None:
    """第三十一条: the closure survey, evaluation and design are due by the projected final-elevation date, in the
    12 months before it: the clock runs the 12 months before that date."""
    projected = projected_final_on(f)
    if projected is None or projected.year > 2090:  # no rise, or beyond the working calendar's range
        return
    deadline_start(case=f, spec=CLOSURE_DESIGN, actor=actor, start=_midnight(add_months(projected, -12)),
                   title=f"{f.name} 闭库设计")


def _renew(f, *, actor, data) -> None:
    f.licence_number = data["licence_number"].strip()
    f.licence_issued_on = data["issued_on"]
    f.licence_expires_on = data["expires_on"]


class LinkInput(_Input):
    linked_on = serializers.DateField(label=_("完成联网日期"))


def _link(f, *, actor, data) -> None:
    f.monitoring_linked_on = data["linked_on"]


class ClosureDesignInput(_Input):
    approved_on = serializers.DateField(label=_("闭库安全设施设计批准日期"))


def _closure_design(f, *, actor, data) -> None:
    f.closure_design_approved_on = data["approved_on"]


class IdleInput(_Input):
    idle_since = serializers.DateField(label=_("停用日期"))


def _idle(f, *, actor, data) -> None:
    f.idle_since = data["idle_since"]


def _prepare_resume(f, *, actor, data, comment) -> dict[str, Any]:
    return {"on": timezone.localdate()}


def _resume(f, *, actor, data) -> None:
    f.idle_since = None


class OperatingChangeInput(_Input):
    items = serializers.ListField(child=serializers.ChoiceField(choices=[
        ("dam_method", _("筑坝方式")), ("discharge", _("排放方式")), ("tailings_properties", _("尾矿物化特性")),
        ("dam_type_slope", _("坝型、坝外坡坡比及维护措施")), ("rise_rate_final", _("堆积坝上升速率、最终堆积标高")),
        ("axis", _("最终坝轴线的位置")), ("seepage", _("坝体防渗、排渗及反滤层的设置")),
        ("spillway", _("排洪系统的型式、布置及尺寸")), ("plugging", _("进水构筑物终止使用时的封堵措施")),
        ("foreign_waste", _("设计以外的尾矿、废料或废水进库")), ("dry_stack",
            _("干式尾矿库堆存推进方向、压实度、台阶高度及坡比")),
    ]), label=_("变更事项"), allow_empty=False)
    demonstration = _text(_("技术论证"), max_length=500)
    approval_document = _text(_("应急管理部门批准文件"), max_length=200)


class DutyInput(_Input):
    held_on = serializers.DateField(label=_("完成日期"))
    designer_qualified = serializers.BooleanField(label=_("由具有相应资质的设计单位进行（调洪演算）"), required=False,
                                                  default=False)


def _prepare_duty(f, *, actor, data, comment) -> dict[str, Any]:
    return {"held_on": data["held_on"], "designer_qualified": data.get("designer_qualified", False),
            "flood_season_starts": flood_season_on(data["held_on"].year)}


class ReclamationInput(_Input):
    design_approved_on = serializers.DateField(label=_("回采安全设施设计批准日期"))
    full_reclamation = serializers.BooleanField(label=_("设计回采期内完成所有尾矿回采"), required=False, default=False)
    period_end = serializers.DateField(label=_("设计回采期截止日期"))


def _prepare_reclamation(f, *, actor, data, comment) -> dict[str, Any]:
    return dict(data)


def _reclamation(f, *, actor, data) -> None:
    f.reclamation_design_approved_on = data["design_approved_on"]
    f.reclamation_period_end = data["period_end"]


class ClosureInput(_Input):
    trigger = serializers.ChoiceField(choices=ch.ClosureTrigger.choices, label=_("闭库情形"))
    trigger_on = serializers.DateField(label=_("情形发生日期"))


def _prepare_closure(f, *, actor, data, comment) -> dict[str, Any]:
    return {"trigger": data["trigger"], "trigger_on": data["trigger_on"]}


def _closure(f, *, actor, data) -> None:
    f.closure_trigger = data["trigger"]
    f.closure_trigger_on = data["trigger_on"]
    f.closure_extension_months = 0
    deadline_start(case=f, spec=CLOSURE, actor=actor, start=_midnight(max(data["trigger_on"], IN_FORCE)),
                   title=f"{f.name} 闭库销号")


class ExtensionInput(_Input):
    months = serializers.IntegerField(label=_("延长期限（月）"), min_value=1, max_value=12)
    consent_document = _text(_("所在地应急管理部门同意文件"), max_length=200)


def _prepare_extension(f, *, actor, data, comment) -> dict[str, Any]:
    org = getattr(actor, "organisation", None)
    local = org is not None and (org.pk == f.supervisor_id or org.region_id == f.region_id)
    return {"months": data["months"], "already_months": f.closure_extension_months,
            "consent_document": data["consent_document"], "consenter_is_local": local}


def _extend(f, *, actor, data) -> None:
    f.closure_extension_months = int(f.closure_extension_months or 0) + int(data["months"])
    f.closure_extension_consent = data["consent_document"].strip()
    # The one clock runs 12 months + every consented extension from the trigger, so it is counted again.
    deadlines_close(case=f, kinds=("closure",), met=False)
    deadline_start(case=f, spec=CLOSURE, actor=actor, start=_midnight(max(f.closure_trigger_on, IN_FORCE)),
                   title=f"{f.name} 闭库销号（已延期{f.closure_extension_months}个月）")


class CloseOutInput(_Input):
    closed_on = serializers.DateField(label=_("销号日期"))


def _close_out(f, *, actor, data) -> None:
    f.closed_on = data["closed_on"]


class SupervisorInput(_Input):
    post_closure_supervisor = _text(_("日常监管部门"), max_length=128)


def _supervisor(f, *, actor, data) -> None:
    f.post_closure_supervisor = data["post_closure_supervisor"].strip()


class LandInput(_Input):
    land_reclamation_record = _text(_("土地复垦情况"), max_length=2000)


def _land(f, *, actor, data) -> None:
    f.land_reclamation_record = data["land_reclamation_record"].strip()


def _operator(f):
    return f.organisation


def _supervisor_of(f):
    return f.supervisor


def _nobody(f):
    return None


FACILITY_WORKFLOW = Workflow(
    name="tailings.facility",
    title=_("尾矿库"),
    facts=facility_facts,
    work={
        S.PLANNED: Work(_("待提交安全设施设计审查"), responsible=_operator),
        S.DESIGN_REVIEW: Work(_("待审查安全设施设计"), responsible=_supervisor_of, rule_id="TAIL-A9"),
        S.UNDER_CONSTRUCTION: Work(_("建设中（试运行前7日内报送方案）"), responsible=_operator,
            rule_id="TAIL-A16-PLAN"),
        S.TRIAL_RUN: Work(_("试运行中（30天至6个月）"), responsible=_operator, clock="trial_run"),
        S.AWAITING_LICENCE: Work(_("待颁发安全生产许可证"), responsible=_supervisor_of, rule_id="TAIL-A18"),
        S.OPERATING: Work("", responsible=_nobody),
        S.IDLE: Work("", responsible=_nobody),
        S.RECLAIMING: Work("", responsible=_nobody),
        S.CLOSING: Work(_("闭库治理并销号"), responsible=_operator, clock="closure"),
        S.CLOSED: Work("", responsible=_nobody),
    },
    separation_of_duties=(("submit_design", "approve_design"),),
    transitions=[
        Transition("submit_design", source=S.PLANNED, target=S.DESIGN_REVIEW, label=_("提交安全设施设计审查"),
                   style="primary", help=_("报送应急管理部门审查（第五条）；审查时逐条判定第七条至第二十三条。")),
        Transition("approve_design", source=S.DESIGN_REVIEW, target=S.UNDER_CONSTRUCTION, label=_("批准安全设施设计"),
                   guards=SITING_RULES, style="primary",
                   help=_("任何一条选址、设计规则不符合即不能批准。")),
        Transition("return_design", source=S.DESIGN_REVIEW, target=S.PLANNED, label=_("退回修改"),
                   requires_comment=True),
        Transition("record_design_change", source=S.UNDER_CONSTRUCTION, target=None, label=_("登记设计变更"),
                   input=DesignChangeInput, guards=("TAIL-A15",),
                   prepare=lambda f, *, actor, data, comment: {
                       "changed_items": tuple(data["changed_items"]), "designer_document": data["designer_document"],
                       "approval_document": data.get("approval_document", "")},
                   help=_("库址、等别、坝高、坝型、排洪方式的重大变更须经原审批部门批准（第十五条）。")),
        Transition("file_trial_plan", source=S.UNDER_CONSTRUCTION, target=S.TRIAL_RUN, label=_("报送试运行方案"),
                   input=TrialPlanInput, prepare=_prepare_trial_plan, apply=_trial_plan,
                   guards=("TAIL-A16-PLAN", "TAIL-A16-LENGTH"), effects=(_doc("trial_plan_receipt"),),
                   style="primary", help=_("试运行开始前7日内报送；试运行不少于30天、不超过6个月（第十六条）。")),
        Transition("finish_trial_run", source=S.TRIAL_RUN, target=S.AWAITING_LICENCE,
            label=_("试运行结束并完成验收评价"),
                   input=FinishTrialInput, prepare=_prepare_finish, apply=_finish,
                   guards=("TAIL-A16-LENGTH", "TAIL-A16-DISCHARGE", "TAIL-A17"), stop_deadlines=("trial_run",),
                   style="primary"),
        Transition("grant_licence", source=S.AWAITING_LICENCE, target=S.OPERATING, label=_("颁发安全生产许可证"),
                   input=LicenceInput, prepare=_prepare_licence, apply=_licence, guards=("TAIL-A18",),
                   style="primary", help=_("新建尾矿库取得许可证后两个月内完成在线监测联网（第二十六条）。")),
        Transition("renew_licence", source=[S.OPERATING, S.IDLE, S.RECLAIMING], target=None, label=_("登记许可证延续"),
                   input=LicenceInput, prepare=_prepare_licence, apply=_renew, guards=("TAIL-A18",)),
        Transition("link_monitoring", source=[S.OPERATING, S.IDLE], target=None, label=_("登记在线监测联网"),
                   input=LinkInput, apply=_link, stop_deadlines=("monitoring_link",)),
        Transition("record_operating_change", source=[S.OPERATING, S.IDLE], target=None, label=_("登记运行变更"),
                   input=OperatingChangeInput, guards=("TAIL-A22",),
                   prepare=lambda f, *, actor, data, comment: {
                       "items": tuple(data["items"]), "demonstration": data["demonstration"],
                       "approval_document": data["approval_document"]}),
        Transition("report_drill", source=[S.OPERATING, S.IDLE], target=None, label=_("报送汛前应急救援演练情况"),
                   input=DutyInput, prepare=_prepare_duty, guards=("TAIL-A20",), stop_deadlines=("drill",)),
        Transition("report_flood_routing", source=[S.OPERATING, S.IDLE], target=None, label=_("报送汛前调洪演算"),
                   input=DutyInput, prepare=_prepare_duty, guards=("TAIL-A24",), stop_deadlines=("flood_routing",)),
        Transition("file_closure_design", source=[S.OPERATING, S.IDLE], target=None, label=_("报送闭库设计审查"),
                   input=ClosureDesignInput, apply=_closure_design, stop_deadlines=("closure_design",),
                   help=_("到达设计最终标高前12个月内完成闭库勘察、安全现状评价和闭库设计（第三十一条）。")),
        Transition("suspend", source=S.OPERATING, target=S.IDLE, label=_("停用"), input=IdleInput, apply=_idle),
        Transition("resume", source=S.IDLE, target=S.OPERATING, label=_("恢复运行"), prepare=_prepare_resume,
                   apply=_resume, guards=("TAIL-A18",)),
        Transition("start_reclamation", source=[S.OPERATING, S.IDLE], target=S.RECLAIMING, label=_("开始回采"),
                   input=ReclamationInput, prepare=_prepare_reclamation, apply=_reclamation, guards=("TAIL-A28",)),
        Transition("finish_reclamation", source=S.RECLAIMING, target=S.IDLE, label=_("回采完成"),
                   apply=lambda f, *, actor, data: setattr(f, "idle_since", timezone.localdate())),
        Transition("start_closure", source=[S.OPERATING, S.IDLE, S.RECLAIMING], target=S.CLOSING,
                   label=_("进入闭库治理"), input=ClosureInput, prepare=_prepare_closure, apply=_closure,
                   guards=("TAIL-A30",), cancel_deadlines=("monitoring_link", "drill", "flood_routing"),
                   help=_("第三十条：自情形发生之日起1年内完成闭库治理并销号。")),
        Transition("extend_closure", source=S.CLOSING, target=None, label=_("同意延期闭库"), input=ExtensionInput,
                   prepare=_prepare_extension, apply=_extend, guards=("TAIL-A30-EXT",),
                   effects=(_doc("closure_extension"),),
                   help=_("须经所在地应急管理部门同意，延长期限累计不超过6个月（第三十条）。")),
        Transition("close_out", source=S.CLOSING, target=S.CLOSED, label=_("闭库销号"), input=CloseOutInput,
                   apply=_close_out, stop_deadlines=("closure",), effects=(_doc("closure_notice"),), style="danger",
                   confirm=_("销号后该尾矿库不得再作为尾矿库使用，登记内容不得变更（第三十三条）。确认销号？")),
        Transition("name_supervisor", source=S.CLOSED, target=None, label=_("登记日常监管部门"),
                   input=SupervisorInput, apply=_supervisor,
                   help=_("由县级以上人民政府确定日常监管部门（第三十三条）。")),
        Transition("record_land_reclamation", source=S.CLOSED, target=None, label=_("登记土地复垦情况"),
                   input=LandInput, apply=_land, help=_("闭库销号后土地复垦由自然资源部门管理（第五条）。")),
    ],
)


# --- Alarm ------------------------------------------------------------------------------------------------------
def _acknowledged(alarm, *, actor, data) -> None:
    alarm.acknowledged_at = timezone.now()
    alarm.acknowledged_by = actor if getattr(actor, "pk", None) else None


def _cleared(alarm, *, actor, data) -> None:
    alarm.cleared_at = timezone.now()


ALARM_WORKFLOW = Workflow(
    name="tailings.alarm",
    title=_("监测报警"),
    work={A.OPEN: Work(_("待确认监测报警"), responsible=lambda a: a.facility.supervisor, clock="alarm_ack"),
          A.ACKNOWLEDGED: Work("", responsible=_nobody)},
    transitions=[
        Transition("acknowledge", source=A.OPEN, target=A.ACKNOWLEDGED, label=_("确认报警"), apply=_acknowledged,
                   stop_deadlines=("alarm_ack",), style="primary",
                   help=_("确认后报警继续跟踪，数据恢复正常后自动解除。")),
        Transition("clear", source=[A.OPEN, A.ACKNOWLEDGED], target=A.CLEARED, label=_("解除报警"), apply=_cleared,
                   cancel_deadlines=("alarm_ack",), system=True),
    ],
)


# --- Hidden danger ----------------------------------------------------------------------------------------------
class OrderInput(_Input):
    deadline_on = serializers.DateField(label=_("整改期限"))
    requirements = _text(_("整改要求"), max_length=2000)


def _prepare_order(d, *, actor, data, comment) -> dict[str, Any]:
    return {"ordered_on": timezone.localdate(), "deadline_on": data["deadline_on"]}


def _order(d, *, actor, data) -> None:
    d.ordered_by = getattr(actor, "organisation", None) or d.facility.supervisor
    d.ordered_on = timezone.localdate()
    d.deadline_on = data["deadline_on"]
    d.requirements = data["requirements"].strip()


class RectifyInput(_Input):
    rectification_note = _text(_("整改情况"), max_length=2000)
    rectified_on = serializers.DateField(label=_("整改完成日期"))


def _rectify(d, *, actor, data) -> None:
    d.rectification_note = data["rectification_note"].strip()
    d.rectified_on = data["rectified_on"]


class VerifyInput(_Input):
    verification_note = _text(_("核查意见"), max_length=2000)


def _verify(d, *, actor, data) -> None:
    d.verification_note = data["verification_note"].strip()


DANGER_WORKFLOW = Workflow(
    name="tailings.hiddendanger",
    title=_("隐患排查治理"),
    work={D.REGISTERED: Work(_("待责令整改"), responsible=lambda d: d.facility.supervisor, rule_id="TAIL-A27"),
          D.ORDERED: Work(_("待整改隐患"), responsible=lambda d: d.facility.organisation, clock="rectification"),
          D.RECTIFIED: Work(_("待核查整改"), responsible=lambda d: d.ordered_by or d.facility.supervisor,
                            rule_id="TAIL-A27")},
    transitions=[
        Transition("order", source=D.REGISTERED, target=D.ORDERED, label=_("责令整改"), input=OrderInput,
                   prepare=_prepare_order, apply=_order, guards=("TAIL-A27",), start_deadlines=(RECTIFICATION,),
                   effects=(_doc("rectification_order"),), style="primary"),
        Transition("rectify", source=D.ORDERED, target=D.RECTIFIED, label=_("报告整改完成"), input=RectifyInput,
                   apply=_rectify, stop_deadlines=("rectification",), style="primary"),
        Transition("verify", source=D.RECTIFIED, target=D.VERIFIED, label=_("核查合格"), input=VerifyInput,
                   apply=_verify, style="primary"),
        Transition("reject", source=D.RECTIFIED, target=D.ORDERED, label=_("核查不合格，继续整改"),
                   requires_comment=True, start_deadlines=(RECTIFICATION,)),
    ],
)


# --- Public report (第六条) --------------------------------------------------------------------------------------
class HandleInput(_Input):
    result = _text(_("核查处理结果"), max_length=2000)


class ReferInput(_Input):
    referred_to = _text(_("移送部门"), max_length=128)


REPORT_WORKFLOW = Workflow(
    name="tailings.publicreport",
    title=_("尾矿库违法违规举报"),
    work={R.RECEIVED: Work(_("待核查举报"), rule_id="TAIL-A6")},
    transitions=[
        Transition("handle", source=R.RECEIVED, target=R.HANDLED, label=_("核查处理"), input=HandleInput,
                   guards=("TAIL-A6",), prepare=lambda r, *, actor, data, comment: {"action": "handle", **data},
                   apply=lambda r, *, actor, data: setattr(r, "result", data["result"].strip()), style="primary"),
        Transition("refer", source=R.RECEIVED, target=R.REFERRED, label=_("移送相关部门"), input=ReferInput,
                   guards=("TAIL-A6",), prepare=lambda r, *, actor, data, comment: {"action": "refer", **data},
                   apply=lambda r, *, actor, data: setattr(r, "referred_to", data["referred_to"].strip())),
    ],
)

WORKFLOWS = (FACILITY_WORKFLOW, ALARM_WORKFLOW, DANGER_WORKFLOW, REPORT_WORKFLOW)
__all__ = ["ALARM_WORKFLOW", "DANGER_WORKFLOW", "FACILITY_WORKFLOW", "MAJOR_CHANGES", "REPORT_WORKFLOW", "WORKFLOWS"]
