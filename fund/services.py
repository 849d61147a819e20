"""Writes of the fund app. Every decision is taken by a cited rule (rules.py) and stored with its trace."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gazette.audit.masking import id_number_is_valid, mask_text
from gazette.audit.services import audit_record
from gazette.deadlines.services import deadline_start, deadlines_close
from gazette.documents.files import file_type_check
from gazette.documents.models import Attachment
from gazette.documents.services import attachment_add
from gazette.notifications.models import NotificationKind
from gazette.notifications.services import notification_send
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation
from gazette.orgs.selectors import ORGANISATIONS, organisation_get, region_get
from gazette.refdata import ReferenceData
from gazette.rules.services import rules_evaluate
from gazette.workflow.actions import action_perform
from gazette.workflow.definitions import Breach, DeadlineSpec
from gazette.workflow.engine import case_create, record_create, transition_perform
from gazette.workflow.exceptions import TransitionConflict

from . import rules
from .checklist import CHECKLIST, application_missing_items, items_for, required_items
from .choices import (
    APPLICANTS_BY_KIND,
    ApplicantType,
    ApplicationKind,
    ApplicationState,
    ApprovalLevel,
    Direction,
    HardshipGrade,
    InsuranceStatus,
    LedgerKind,
    ObligationKind,
    ObligationState,
    ReportKind,
    ReportState,
)
from .clocks import MASS_48H, REVIEW
from .models import (
    Application,
    AverageWage,
    CompensationCustody,
    CompulsoryInsuranceLimit,
    ExpresswayUnit,
    FundObligation,
    FundReport,
    LedgerEntry,
    Recovery,
    ServiceHotline,
    TrusteeCollection,
    WriteOff,
)

ZERO = Decimal("0.00")
ABSURD_AMOUNT = Decimal("10000000.00")  # no single advance comes near 10 million yuan
CREATE_RULES = ("FUND-A53-MASS", "FUND-A21", "FUND-A22", "FUND-A22-FUNERAL", "FUND-A23", "FUND-A25",
                "FUND-A25-DEATH", "FUND-A27", "FUND-A53-HEAVY", "FUND-A20", "FUND-A51")
# Rules that read the approval level, which the other create rules decide (FUND-A22, FUND-A27): evaluated second.
LEVEL_RULES = ("FUND-A51",)

ASSIST_NOTICE = DeadlineSpec(kind="assist_notice", label="送达协助追偿通知书", rule_id="FUND-A32", amount=7,
                             unit="workdays", on_breach=Breach.ESCALATE)
TRUSTEE_HANDOVER = DeadlineSpec(kind="trustee_handover", label="12个月未全额追偿移交追偿受托人", rule_id="FUND-A31",
                                amount=12, unit="months", on_breach=Breach.NOTIFY, warn_workdays=10)
TRUSTEE_DEPOSIT = DeadlineSpec(kind="trustee_deposit", label="追回款3日内缴入专户", rule_id="FUND-A38", amount=3,
                               unit="days", on_breach=Breach.ESCALATE)
QUARTERLY_REPORT = DeadlineSpec(kind="quarterly_report", label="季度财务会计报告", rule_id="FUND-A42", amount=15,
                                unit="workdays", on_breach=Breach.ESCALATE, warn_workdays=3)


# --- reference data ---------------------------------------------------------------------------------------------
# Statutory amounts and the fund manager change a few times a year; every submission reads them, so each process
# keeps a copy that follows changes (gazette/refdata.py).
def _load_limits() -> list[CompulsoryInsuranceLimit]:
    return list(CompulsoryInsuranceLimit.objects.order_by("-effective_from"))


def _load_wages() -> dict[int, Decimal]:
    return dict(AverageWage.objects.values_list("year", "monthly_amount"))


def _load_manager() -> Organisation | None:
    return Organisation.objects.filter(type=OrganisationType.FUND_MANAGER, is_active=True).order_by("id").first()


def _load_hotlines() -> list[ServiceHotline]:
    return list(ServiceHotline.objects.order_by("-effective_from"))


HOTLINES = ReferenceData("fund.hotlines", _load_hotlines, watch=("fund.ServiceHotline",))
INSURANCE_LIMITS = ReferenceData("fund.insurance_limits", _load_limits, watch=("fund.CompulsoryInsuranceLimit",))
AVERAGE_WAGES = ReferenceData("fund.average_wages", _load_wages, watch=("fund.AverageWage",))
FUND_MANAGER = ReferenceData("fund.manager", _load_manager, watch=("orgs.Organisation",))



def medical_limit_on(day: date) -> Decimal:
    """The 交强险 medical-expense limit in force on ``day``."""
    row = next((r for r in INSURANCE_LIMITS.get() if r.effective_from <= day), None)
    if row is None:
        raise ValidationError({"accident_at": [
            "尚未录入事故发生时施行的交强险责任限额，请管理员在后台补录（第二十一条）。"]})
    return row.medical_limit


def hotline_on(day: date) -> ServiceHotline | None:
    """The 24-hour hotline in force on ``day`` (第十九条第二款), or ``None`` when none is entered."""
    row = next((r for r in HOTLINES.get() if r.effective_from <= day), None)
    return copy.copy(row) if row is not None else None


def previous_year_wage(day: date) -> Decimal | None:
    return AVERAGE_WAGES.get().get(day.year - 1)


def fund_manager() -> Organisation:
    org = FUND_MANAGER.get()
    if org is None:
        raise ValidationError({"non_field_errors": ["未配置救助基金管理人单位，请联系管理员。"]})
    return copy.copy(org)


def approver_for(case: Application, *, level: str) -> Organisation | None:
    """The organisation that approves at ``level`` for the accident's region (第二十二条, 第二十七条, 第五十一条)."""
    if level == ApprovalLevel.MANAGER:
        return case.organisation
    if level == ApprovalLevel.JOINT_MEETING:
        return Organisation.objects.filter(type=OrganisationType.FUND_JOINT_MEETING, is_active=True).first()
    if level == ApprovalLevel.PROVINCE:
        return Organisation.objects.filter(type=OrganisationType.FUND_OFFICE, region__level="province",
                                           is_active=True).first()
    codes = case.region.ancestors_and_self()
    code = codes[2] if level == ApprovalLevel.COUNTY and len(codes) > 2 else codes[1] if len(codes) > 1 else None
    if code is None:
        return None
    if case.expressway:
        unit = ExpresswayUnit.objects.filter(acts_as=level, region_id__in=codes).select_related("organisation")
        unit = unit.order_by("-region__path").first()
        if unit is not None:
            return unit.organisation
    return Organisation.objects.filter(type=OrganisationType.FUND_OFFICE, region_id=code, is_active=True).first()


# --- facts and checklist ----------------------------------------------------------------------------------------
def missing_documents(case: Application) -> list[str]:
    """Labels of the checklist items the application still lacks (from the documents engine, one query)."""
    return [str(i.label) for i in application_missing_items(case)]


INSURER_PAYMENT_DAYS = 30  # 第二十一条第三项: "在交通事故发生之日起30日内未支付"


def period_last_day(start: date | None, days: int) -> date | None:
    """The last day of a period of ``days`` days from ``start`` as the 民法典 counts it (第二百零一条、第二百零三条:
    the start day is not counted; a last day that is a public holiday or rest day rolls to the next working day),
    on the loaded working-day calendar. ``None`` when there is no start or the calendar cannot count it."""
    from gazette.workcalendar.periods import TZ, CalendarError, period_end

    if start is None:
        return None
    try:
        return period_end(start, days, "days").end.astimezone(TZ).date()
    except CalendarError:
        return None


def application_facts(case: Application) -> dict[str, Any]:
    """The facts the rules read, from the case as it is now."""
    accident_on = timezone.localtime(case.accident_at).date()
    applied_on = timezone.localtime(case.created_at).date() if case.created_at else timezone.localdate()
    treatment_started_on = (timezone.localtime(case.treatment_started_at).date()
                            if case.treatment_started_at else None)
    window = rules.APPLICATION_WINDOW_DAYS
    return {
        "evaluated_on": timezone.localdate(),
        "insurer_period_ends_on": period_last_day(accident_on, INSURER_PAYMENT_DAYS),
        "accident_window_ends_on": period_last_day(accident_on, window),
        "treatment_window_ends_on": period_last_day(treatment_started_on, window),
        "body_notice_window_ends_on": period_last_day(case.body_notice_on, window),
        "kind": case.kind, "applicant_type": case.applicant_type, "state": case.state,
        "treatment_total": case.treatment_total, "post_day7_amount": case.post7_amount,
        "medical_limit": medical_limit_on(accident_on), "insurance_status": case.insurance_status,
        "hit_and_run": case.hit_and_run, "casualties": case.casualties, "deaths": case.deaths,
        "expressway": case.expressway, "approval_level": case.approval_level,
        "previous_year_wage": previous_year_wage(accident_on), "identity_unknown": case.victim_identity_unknown,
        "receipts_amount": case.funeral_receipts_amount, "hardship_grade": case.hardship_grade,
        "amount": case.hardship_amount or ZERO, "accident_on": accident_on, "applied_on": applied_on,
        "treatment_started_on": treatment_started_on,
        "body_notice_on": case.body_notice_on, "missing_documents": missing_documents(case),
        "current_level": case.dispute_level or "",
    }


# --- submission -------------------------------------------------------------------------------------------------
def _decimal(data: dict, name: str, label: str, errors: dict, *, required: bool = False) -> Decimal | None:
    raw = data.get(name)
    if raw in (None, ""):
        if required:
            errors.setdefault(name, []).append(f"请填写{label}。")
        return None
    try:
        value = Decimal(str(raw)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors.setdefault(name, []).append(f"{label}须为金额（元，最多两位小数）。")
        return None
    if value < 0:
        errors.setdefault(name, []).append(f"{label}不能为负数。")
    elif value > ABSURD_AMOUNT:
        errors.setdefault(name, []).append(f"{label}超过1000万元，请核对金额。")
    return value


def _as_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _org(pk: Any, *, type_: str) -> Organisation | None:
    if pk in (None, ""):
        return None
    if isinstance(pk, Organisation):
        return pk if pk.type == type_ else None
    try:
        return Organisation.objects.filter(pk=int(pk), type=type_, is_active=True).first()
    except (TypeError, ValueError):
        return None


def police_unit_for(pk: Any, *, region: Any, expressway: bool, errors: dict[str, list[str]]) -> Organisation | None:
    """The police unit handling the accident (第三十二条: the 协助追偿通知书 and the notices are sent to it by name).
    A unit given must be an active 公安机关交通管理部门; none given: the one of the accident's county, else its city
    (for an expressway accident, the expressway unit acting for that area, 第五十一条). Several at the nearest
    level: none is guessed, the clerk names it."""
    if pk not in (None, ""):
        unit = organisation_get(pk if isinstance(pk, int) else int(pk) if str(pk).isdigit() else None)
        if unit is None or unit.type != OrganisationType.TRAFFIC_POLICE or not unit.is_active:
            errors["police_unit"] = [
                "请选择有效的处理事故的公安机关交通管理部门（第三十二条：协助追偿通知书向其送达）。"]
            return None
        return unit
    if region is None:
        return None
    units = [o for o in ORGANISATIONS.get().values() if o.type == OrganisationType.TRAFFIC_POLICE and o.is_active]
    for code in reversed(region.ancestors_and_self()):
        nearest = [u for u in units if u.region_id == code]
        if len(nearest) > 1:  # e.g. a city's 支队 and the expressway 大队 acting for the city (第五十一条)
            expressway_ids = set(ExpresswayUnit.objects.filter(organisation__in=nearest)
                                 .values_list("organisation_id", flat=True))
            nearest = [u for u in nearest if (u.pk in expressway_ids) == bool(expressway)]
        if nearest:
            return organisation_get(nearest[0].pk) if len(nearest) == 1 else None
    return None


def application_submit(*, actor: Any, data: dict[str, Any]) -> Application:
    """Register an application after validating it against the regulation; nothing is saved when anything is wrong.

    ``data`` holds plain values (as parsed by a form or serializer). A hospital user applies for its own
    organisation. Raises ``ValidationError`` with Chinese messages naming the field and the rule.
    """
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in ApplicationKind.values:
        errors["kind"] = ["请选择申请类型（抢救治疗费垫付、丧葬费垫付或一次性经济困难补助）。"]
        raise ValidationError(errors)
    applicant_type = data.get("applicant_type")
    actor_org = getattr(actor, "organisation", None)
    if actor_org is not None and actor_org.type == OrganisationType.HOSPITAL:
        applicant_type = ApplicantType.HOSPITAL
    if applicant_type not in APPLICANTS_BY_KIND[kind]:
        errors["applicant_type"] = [
            f"该申请人不能申请{ApplicationKind(kind).label}（第二十三条、第二十五条、第二十七条）。"]
    if not (data.get("applicant_name") or "").strip():
        if applicant_type == ApplicantType.HOSPITAL and actor_org is not None:
            data = {**data, "applicant_name": actor_org.name}
        else:
            errors["applicant_name"] = ["请填写申请人。"]
    accident_at = _as_datetime(data.get("accident_at"))
    now = timezone.now()
    if accident_at is None:
        errors["accident_at"] = ["请填写事故发生时间（格式：2026-11-02T08:30）。"]
    elif accident_at > now:
        errors["accident_at"] = ["事故发生时间不能晚于当前时间。"]
    region = region_get(data.get("region"))
    if region is None or region.level not in ("county", "city"):
        errors["region"] = ["请选择事故发生地的县（市、区）。"]
    if not (data.get("accident_place") or "").strip():
        errors["accident_place"] = ["请填写事故地点。"]
    insurance_status = data.get("insurance_status")
    if insurance_status not in InsuranceStatus.values:
        errors["insurance_status"] = ["请选择肇事车辆交强险情况（第二十一条）。"]
    try:
        casualties = int(data.get("casualties") or 1)
        deaths = int(data.get("deaths") or 0)
        if casualties < 1 or deaths < 0 or deaths > casualties or casualties > 1000:
            raise ValueError
    except (TypeError, ValueError):
        errors["casualties"] = ["伤亡人数、死亡人数须为合理的非负整数，死亡人数不超过伤亡总数（第五十三条）。"]
        casualties, deaths = 1, 0
    identity_unknown = bool(data.get("victim_identity_unknown"))
    victim_id = (data.get("victim_id_number") or "").strip().upper()
    if not identity_unknown:
        if not (data.get("victim_name") or "").strip():
            errors["victim_name"] = ["请填写受害人姓名，或勾选“受害人身份无法确认”。"]
        if not id_number_is_valid(victim_id):
            errors["victim_id_number"] = ["受害人身份证号不符合GB 11643校验规则，请核对（第二十三条第四项）。"]
    elif victim_id and not id_number_is_valid(victim_id):
        errors["victim_id_number"] = ["受害人身份证号不符合GB 11643校验规则，请核对。"]

    fields: dict[str, Any] = {}
    hospital = None
    if kind == ApplicationKind.TREATMENT:
        hospital = actor_org if applicant_type == ApplicantType.HOSPITAL else _org(
            data.get("hospital"), type_=OrganisationType.HOSPITAL)
        if hospital is None or hospital.type != OrganisationType.HOSPITAL:
            errors["hospital"] = ["请选择实施抢救的医疗机构。"]
        first7 = _decimal(data, "first7_amount", "7日内抢救治疗费用", errors, required=True) or ZERO
        post7 = _decimal(data, "post7_amount", "7日后抢救治疗费用", errors) or ZERO
        if first7 + post7 <= 0 and "first7_amount" not in errors:
            errors["first7_amount"] = ["抢救治疗费用合计须大于0（第二十三条：7日内和7日后费用分别核算）。"]
        if post7 > 0 and not (data.get("post7_reasons") or "").strip():
            errors["post7_reasons"] = ["垫付7日后的抢救治疗费用，须由医疗机构书面说明理由（第二十二条）。"]
        started = _as_datetime(data.get("treatment_started_at"))
        if applicant_type == ApplicantType.HOSPITAL and started is None:
            errors["treatment_started_at"] = ["医疗机构申请须填写开始抢救时间（第二十三条第二项）。"]
        if started and accident_at and started < accident_at:
            errors["treatment_started_at"] = ["开始抢救时间不能早于事故发生时间。"]
        fields.update(first7_amount=first7, post7_amount=post7, post7_reasons=data.get("post7_reasons") or "",
                      treatment_started_at=started, police_notice_no=data.get("police_notice_no") or "")
    elif kind == ApplicationKind.FUNERAL:
        body_on = _as_date(data.get("body_notice_on"))
        if body_on is None:
            errors["body_notice_on"] = ["请填写收到《尸体处理通知书》的日期（第二十五条）。"]
        receipts = _decimal(data, "funeral_receipts_amount", "凭据金额", errors, required=identity_unknown)
        fields.update(body_notice_on=body_on, funeral_receipts_amount=receipts)
    else:
        grade = data.get("hardship_grade")
        if grade not in HardshipGrade.values:
            errors["hardship_grade"] = ["请选择死亡或伤残等级（第二十七条）。"]
        amount = _decimal(data, "hardship_amount", "申请补助金额", errors, required=True)
        if amount is not None and amount <= 0 and "hardship_amount" not in errors:
            errors["hardship_amount"] = ["申请补助金额须大于0。"]
        fields.update(hardship_grade=grade or "", hardship_amount=amount)
    police_unit = police_unit_for(data.get("police_unit"), region=region,
                                  expressway=bool(data.get("expressway")), errors=errors)
    bank_account = (data.get("bank_account") or "").replace(" ", "")
    if bank_account and not (bank_account.isdigit() and 8 <= len(bank_account) <= 32):
        errors["bank_account"] = ["收款账号须为8至32位数字。"]
    if errors:
        raise ValidationError(errors)

    manager = fund_manager()
    accident_on = timezone.localtime(accident_at).date()
    draft = Application(
        kind=kind, applicant_type=applicant_type, applicant_name=data.get("applicant_name", "").strip(),
        applicant_phone=data.get("applicant_phone") or "", accident_at=accident_at,
        accident_place=data["accident_place"].strip(), expressway=bool(data.get("expressway")),
        hit_and_run=bool(data.get("hit_and_run")), insurance_status=insurance_status, casualties=casualties,
        deaths=deaths, victim_name=(data.get("victim_name") or "").strip(), victim_id_number=victim_id,
        victim_identity_unknown=identity_unknown, hospital=hospital,
        bank_account_name=data.get("bank_account_name") or "", bank_account=bank_account,
        police_unit=police_unit,
        region=region, organisation=manager, **fields,
    )
    facts = application_facts(draft)
    trace = rules_evaluate([r for r in CREATE_RULES if r not in LEVEL_RULES], facts, on=accident_on)
    for rule_id, field in (("FUND-A23", "accident_at" if applicant_type != ApplicantType.HOSPITAL
                            else "treatment_started_at"), ("FUND-A25", "body_notice_on"),
                           ("FUND-A22-FUNERAL", "accident_at"), ("FUND-A25-DEATH", "deaths")):
        entry = trace.get(rule_id)
        if entry and entry["outcome"] == "failed":
            errors[field] = [f"{entry['message']}（{rule_id}，{entry['article']}）。"]
    if errors:
        raise ValidationError(errors)

    level = _approval_level(draft, trace)
    draft.approval_level = level
    facts["approval_level"] = level
    trace.extend(rules_evaluate(LEVEL_RULES, facts, on=accident_on))
    draft.heavy_injury = bool((trace.get("FUND-A53-HEAVY") or {}).get("figures", {}).get("heavy_injury"))
    draft.mass_casualty = rules.is_mass_casualty(casualties=casualties, deaths=deaths)
    draft.advance_amount = _advance_amount(draft, trace)
    starts = (REVIEW, MASS_48H) if (draft.mass_casualty and kind != ApplicationKind.HARDSHIP) else (REVIEW,)
    model_fields = {f.name: getattr(draft, f.name) for f in Application._meta.concrete_fields
                    if f.name not in {"id", "reference", "region", "organisation", "state", "reference_date",
                                      "rule_trace", "version", "created_at", "updated_at"}}
    model_fields["submitted_by"] = actor if getattr(actor, "is_authenticated", False) else None
    model_fields["approver_organisation"] = approver_for(draft, level=level) if level != ApprovalLevel.MANAGER else None
    # The rules were evaluated on these facts above (to report their failures before anything is written); the
    # stored trace is that evaluation.
    return case_create(model=Application, actor=actor, reference_date=accident_on, region=region,
                       organisation=manager, fields=model_fields, trace=trace, start_deadlines=starts, comment="")


def _approval_level(case: Application, trace) -> str:
    if case.kind == ApplicationKind.TREATMENT:
        return trace.get("FUND-A22")["figures"].get("tier", ApprovalLevel.MANAGER)
    if case.kind == ApplicationKind.HARDSHIP:
        return trace.get("FUND-A27")["figures"].get("tier", ApprovalLevel.CITY)
    return ApprovalLevel.MANAGER


def _advance_amount(case: Application, trace) -> Decimal:
    if case.kind == ApplicationKind.TREATMENT:
        # 第二十一条 "部分或者全部": FUND-A21 puts the amount in its figures; when none of its grounds holds (yet),
        # the same computation, so the 核定金额 shown is what an approval would pay.
        figures = (trace.get("FUND-A21") or {}).get("figures", {})
        if "advance_amount" in figures:
            return Decimal(str(figures["advance_amount"]))
        return rules.treatment_advance(treatment_total=case.treatment_total,
                                       medical_limit=medical_limit_on(timezone.localtime(case.accident_at).date()),
                                       insurance_status=case.insurance_status)
    if case.kind == ApplicationKind.FUNERAL:
        return Decimal(trace.get("FUND-A22-FUNERAL")["figures"].get("amount", "0"))
    return case.hardship_amount or ZERO


ADJUSTABLE_STATES = ("under_review", "collecting")  # while the manager reviews (第二十九条), before any approval


def _advance_ceiling(application: Application) -> Decimal:
    """The costs claimed: what an advance can never exceed."""
    if application.kind == ApplicationKind.TREATMENT:
        return application.treatment_total
    if application.kind == ApplicationKind.FUNERAL:
        entry = next((e for e in application.rule_trace or [] if e.get("rule") == "FUND-A22-FUNERAL"), None)
        standard = (entry or {}).get("figures", {}).get("amount")
        return Decimal(str(standard)) if standard is not None else application.advance_amount
    return application.hardship_amount or ZERO


def application_advance_adjust(*, application: Application, actor: Any, amount: Decimal, reason: str
                               ) -> Application:
    """The reviewer sets the 核定金额 after checking the costs (第二十九条第一款第三项), with a reason.

    The decision is evaluated as FUND-A29-AMOUNT and kept in the case's rule trace next to the FUND-A21 entry that
    computed the amount; it is audited. Refused (ValidationError, Chinese) when negative, nil, above the costs
    claimed or without a reason; PermissionDenied for anyone but the manager's clerks; TransitionConflict when the
    case is no longer under review.
    """
    from django.core.exceptions import PermissionDenied

    from gazette.permissions import user_can

    if not user_can(actor, "adjust_advance", application):
        raise PermissionDenied("您无权调整核定金额。")
    if not isinstance(amount, Decimal):
        raise ValidationError({"amount": ["核定金额须为金额（元，最多两位小数）。"]})
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state not in ADJUSTABLE_STATES:
            raise TransitionConflict("只有审核中或材料收集中的申请可以调整核定金额。", current_state=locked.state)
        computed = locked.advance_amount
        trace = rules_evaluate(["FUND-A29-AMOUNT"], {
            "amount": amount.quantize(Decimal("0.01")), "ceiling": _advance_ceiling(locked), "computed": computed,
            "reason": mask_text(reason or "")}, on=locked.reference_date)  # the trace is shown and kept: masked
        if not trace.ok:
            entry = trace.failures[0]
            field = "reason" if not (reason or "").strip() else "amount"
            raise ValidationError({field: [f"{entry['message']}（FUND-A29-AMOUNT，{entry['article']}）。"]})
        locked.advance_amount = amount.quantize(Decimal("0.01"))
        kept = [e for e in locked.rule_trace or [] if e.get("rule") != "FUND-A29-AMOUNT"]
        locked.rule_trace = kept + list(trace)
        locked.version += 1
        locked.save(update_fields=["advance_amount", "rule_trace", "version", "updated_at"])
        audit_record(action="fund.advance_adjust", actor=actor, obj=locked,
                     summary=f"{locked.reference} 核定金额 {computed} -> {locked.advance_amount}",
                     data={"from": str(computed), "to": str(locked.advance_amount),
                           "reason": mask_text(reason.strip())})
    application.advance_amount, application.rule_trace, application.version = (
        locked.advance_amount, locked.rule_trace, locked.version)
    return locked


# --- documents --------------------------------------------------------------------------------------------------
UPLOAD_STATES = ("received", "under_review", "collecting")


def application_attachment_add(*, application: Application, actor: Any, code: str, upload: Any) -> Attachment:
    """Attach a supporting document against an item of the application's checklist (第二十三条, 第二十五条,
    第二十八条). The documents engine checks permission, type by content, size, stores the checksum and audits."""
    items = {i.code: i for i in items_for(application)}
    if code not in items:
        raise ValidationError({"code": ["该材料不在本申请的材料清单内（第二十三条、第二十五条、第二十八条）。"]})
    if upload is None:
        raise ValidationError({"file": ["请选择要上传的文件。"]})
    if application.state not in UPLOAD_STATES and code != "accident_determination":
        raise TransitionConflict("当前状态不能再补充材料。", current_state=application.state)
    collecting = application.state == ApplicationState.COLLECTING
    was_missing = {i.code for i in application_missing_items(application)} if collecting else set()
    attachment = attachment_add(case=application, uploaded_file=upload, checklist_code=code, actor=actor,
                                is_personal_data=True, accepts=items[code].accepts)
    if collecting and code in was_missing and not application_missing_items(application):
        _supplied_notify(application, actor=actor)
    if code == "accident_determination":
        deadlines_close(case=application, kinds=("determination",), met=True)  # 第三十五条: received
    return attachment


def _supplied_notify(application: Application, *, actor: Any) -> None:
    """第二十九条第二款: the materials asked for are all in; the manager's clerks are told, to confirm 材料已齐全 (which
    starts the 2-working-day payment clock)."""
    who = getattr(getattr(actor, "organisation", None), "name", "") or "申请人"
    notification_send(kind=NotificationKind.INFO, title=f"{application.reference} 补正材料已齐全",
                      body=f"{who}已补齐所需材料，请核对后办理“材料已齐全”（第二十九条）。",
                      url=application.get_absolute_url(), reference=application.reference,
                      organisation=application.organisation)


def application_submit_with_documents(*, actor: Any, data: dict[str, Any],
                                      documents: dict[str, list[Any]]) -> Application:
    """Register an application with the documents sent with it (the hospital's portal form), all or nothing: every
    file is checked first (an item of this application's checklist, its type by content, its size), the form's
    errors and the files' errors are answered together, and nothing is saved unless everything is right. File
    errors are keyed by the document code (``{"cost_list": ["清单.pdf：…"]}``)."""
    try:
        post7 = Decimal(str(data.get("post7_amount") or 0))
    except (InvalidOperation, ValueError):
        post7 = ZERO
    items = {i.code: i for i in required_items(kind=data.get("kind") or "", applicant_type=data.get(
        "applicant_type") or ApplicantType.HOSPITAL, has_post7=post7 > 0)} if data.get("kind") in CHECKLIST else {}
    file_errors: dict[str, list[str]] = {}
    for code, uploads in documents.items():
        for upload in uploads:
            if code not in items:
                file_errors.setdefault(code, []).append(
                    f"{upload.name}：该材料不在本申请的材料清单内（第二十二条、第二十三条）。")
                continue
            try:
                file_type_check(upload, accepts=items[code].accepts)
            except ValidationError as exc:
                file_errors.setdefault(code, []).extend(f"{upload.name}：{m}" for m in exc.messages)
    with transaction.atomic():
        try:
            application = application_submit(actor=actor, data=data)
        except ValidationError as exc:
            raise ValidationError({**exc.message_dict, **file_errors}) from exc
        if file_errors:
            raise ValidationError(file_errors)
        for code, uploads in documents.items():
            for upload in uploads:
                application_attachment_add(application=application, actor=actor, code=code, upload=upload)
    return application


def victim_id_reveal(*, application: Application, actor: Any) -> str:
    """Show the full victim ID number to an authorised user; every reveal is audited."""
    audit_record(action="fund.reveal_id", actor=actor, obj=application,
                 summary=f"{application.reference} victim ID revealed")
    return application.victim_id_number


# --- transition effects (called by workflow.apply inside the transition's transaction) ---------------------------
def apply_request_documents(case: Application, *, data: dict) -> None:
    wanted = data.get("documents") or []
    if isinstance(wanted, str):
        wanted = [wanted]
    if not isinstance(wanted, list) or not all(isinstance(code, str) for code in wanted):
        raise ValidationError({"documents": ["请以材料代码列表指明需补正的材料，如 [\"cost_list\"]。"]})
    labels = missing_documents(case)
    if wanted:
        from .choices import DocumentCode

        labels = [str(DocumentCode(c).label) for c in wanted if c in DocumentCode.values] or labels
    case.requested_documents = labels


def apply_dispute(case: Application, *, escalate: bool) -> None:
    result = rules.dispute_next_level(current_level=case.dispute_level if escalate else "")
    level = result.figures["next_level"]
    case.dispute_level = level
    case.dispute_organisation = approver_for(case, level=level)


def apply_transfer(case: Application, *, data: dict) -> None:
    hospital = data.get("hospital")
    if not isinstance(hospital, Organisation) or hospital.type != OrganisationType.HOSPITAL:
        raise ValidationError({"hospital": ["请选择转入的医疗机构（第二十四条）。"]})
    case.hospital = hospital
    if data.get("police_notice_no"):
        case.police_notice_no = data["police_notice_no"]


def apply_payment(case: Application, *, actor: Any, voucher_no: str = "", paid_on: date | None = None) -> None:
    """划拨 (第二十九条): the one payment of the application, booked with its payment voucher number and date."""
    kind = {ApplicationKind.TREATMENT: LedgerKind.ADVANCE_TREATMENT, ApplicationKind.FUNERAL:
            LedgerKind.ADVANCE_FUNERAL, ApplicationKind.HARDSHIP: LedgerKind.HARDSHIP_PAYMENT}[case.kind]
    now = timezone.now()
    ledger_payment_record(application=case, kind=kind, actor=actor, at=now, voucher_no=voucher_no, paid_on=paid_on)
    case.paid_at = now
    if case.kind != ApplicationKind.HARDSHIP:
        recovery_open(application=case, at=now, actor=actor)


# --- ledger -----------------------------------------------------------------------------------------------------
def ledger_payment_record(*, application: Application, kind: str, actor: Any, at: datetime, voucher_no: str = "",
                          paid_on: date | None = None) -> LedgerEntry:
    """Record the one payment of an application; a second attempt is refused by the unique constraint."""
    if application.advance_amount <= 0:
        raise ValidationError({"advance_amount": ["核定金额须大于0。"]})
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(
                kind=kind, direction=Direction.OUT, amount=application.advance_amount,
                occurred_on=paid_on or timezone.localtime(at).date(), application=application,
                source_ref=(voucher_no or application.reference)[:64],
                note=f"{application.get_kind_display()} {application.reference}",
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError as exc:
        raise TransitionConflict("该申请已划拨，不能重复支付。", current_state=application.state) from exc


def ledger_inflow_record(*, actor: Any, kind: str, amount: Decimal, occurred_on: date, source_ref: str = "",
                         note: str = "", recovery: Recovery | None = None) -> LedgerEntry:
    """Record money coming into the fund (第十三条)."""
    from .choices import INFLOW_KINDS

    if kind not in INFLOW_KINDS:
        raise ValidationError({"kind": ["请选择资金来源（第十三条）。"]})
    if kind == LedgerKind.RECOVERY and recovery is None:
        raise ValidationError({"kind": ["追偿资金须在对应的追偿事项中登记还款（第三十八条），不能直接记入台账。"]})
    if amount is None or amount <= 0 or amount > ABSURD_AMOUNT * 100:
        raise ValidationError({"amount": ["金额须为正数。"]})
    return LedgerEntry.objects.create(kind=kind, direction=Direction.IN, amount=amount, occurred_on=occurred_on,
                                      source_ref=source_ref, note=note, recovery=recovery,
                                      created_by=actor if getattr(actor, "is_authenticated", False) else None)


# --- recovery and write-off: what the steps of fund/recovery/workflow.py do inside their transitions -------------
def joint_meeting() -> Organisation | None:
    """The provincial joint meeting (联席会议), which decides write-offs (第四十条)."""
    return Organisation.objects.filter(type=OrganisationType.FUND_JOINT_MEETING, is_active=True).order_by("id").first()


def recovery_open(*, application: Application, at: datetime, actor: Any = None) -> Recovery:
    """Open the recovery of a paid advance with its clocks (第三十二条 7 working days, 第三十一条 12 months); once per
    application."""
    existing = Recovery.objects.filter(application=application).first()
    if existing is not None:
        return existing
    return record_create(
        model=Recovery, actor=actor, label="开始追偿", start_deadlines=(ASSIST_NOTICE, TRUSTEE_HANDOVER),
        fields={"application": application, "reference": f"{application.reference}-R",
                "organisation": application.organisation, "advanced": application.advance_amount, "paid_at": at})


def recovery_determine_apply(recovery: Recovery, *, obligor_name: str, liability: str, insured: bool = False,
                             insurer: Organisation | None = None, court_share: Decimal | None = None) -> None:
    """Name the obligor from the accident determination and fix the amount to recover (第三十一条)."""
    limit = None
    if insured:
        # 第三十一条 "在交强险责任限额内": the limit that answers for what was advanced — the medical-expense limit for
        # treatment costs, the death/disability limit for funeral costs — not the sum of all three limits.
        row = CompulsoryInsuranceLimit.objects.filter(
            effective_from__lte=timezone.localtime(recovery.application.accident_at).date()
        ).order_by("-effective_from").first()
        if row is not None:
            app = recovery.application
            if app.kind == ApplicationKind.FUNERAL:
                limit = row.death_disability_limit
            else:
                # An insurer that already paid under 交强险 (the fund advanced only the part above the limit,
                # FUND-A21) answers only for what is left of its medical-expense limit.
                a21 = next((e for e in app.rule_trace or [] if e.get("rule") == "FUND-A21"), None)
                paid = Decimal(str((a21 or {}).get("figures", {}).get("insurer_covers") or "0"))
                limit = max(row.medical_limit - paid, ZERO)
    trace = rules_evaluate(["FUND-A31"], {"advanced": recovery.advanced, "liability": liability, "insured": insured,
                                          "insurer_limit": limit, "court_share": court_share},
                           on=recovery.application.reference_date)
    recovery.obligor_name, recovery.liability, recovery.insured = obligor_name, liability, insured
    recovery.insurer, recovery.court_share = insurer, court_share
    recovery.amount_due = Decimal(trace[0]["figures"]["amount"])
    recovery.rule_trace = list(trace)


def repayment_check(recovery: Recovery, *, amount: Decimal) -> None:
    """A repayment is refused before the amount owed is fixed, and above what is still owed (第三十一条, 第三十八条):
    money the fund is not owed is never booked as its income."""
    if recovery.amount_due <= 0:
        raise ValidationError({"amount": ["请先认定偿还义务人和应追偿金额（第三十一条），再登记还款。"]})
    if amount > recovery.outstanding:
        raise ValidationError({"amount": [
            f"还款金额{amount:,.2f}元超过尚欠金额{recovery.outstanding:,.2f}元，不能登记；多付部分应退还付款人。"]})


def recovery_repayment_apply(recovery: Recovery, *, actor: Any, amount: Decimal, source_ref: str = "") -> None:
    """Money repaid by the obligor, the insurer or through the trustee (第三十八条): booked as fund income; the
    recovery is settled when fully repaid (its clocks close; the settlement certificate follows after commit)."""
    ledger_inflow_record(actor=actor, kind=LedgerKind.RECOVERY, amount=amount, occurred_on=timezone.localdate(),
                         source_ref=source_ref or recovery.reference, note=f"追偿 {recovery.reference}",
                         recovery=recovery)
    recovery.amount_recovered += amount
    if recovery.amount_due > 0 and recovery.amount_recovered >= recovery.amount_due:
        recovery.settled_at = timezone.now()
        recovery.settlement_no = f"{recovery.reference}-JQ"
        deadlines_close(case=recovery, kinds=("*",), met=True)


def trustee_collection_record(*, recovery: Recovery, actor: Any, amount: Decimal,
                              collected_at: datetime | None = None) -> TrusteeCollection:
    """The trustee recovered ``amount``: it must be deposited into the fund account within 3 days (第三十八条)."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": ["追回金额须为正数。"]})
    collected_at = collected_at or timezone.now()
    n = recovery.collections.count() + 1
    collection = TrusteeCollection.objects.create(recovery=recovery, reference=f"{recovery.reference}-{n:02d}",
                                                  organisation=recovery.organisation, amount=amount,
                                                  collected_at=collected_at)
    deadline_start(case=collection, spec=TRUSTEE_DEPOSIT, start=collected_at, title=f"{recovery.reference} 追回款缴存")
    return collection


def trustee_deposit_apply(recovery: Recovery, *, collection: TrusteeCollection, actor: Any) -> None:
    """The trustee deposited a collection into the fund account: claimed once (a second deposit of the same
    collection is a conflict), its 3-day clock closes, and it counts as a repayment."""
    claimed = TrusteeCollection.objects.filter(pk=collection.pk, deposited_at__isnull=True).update(
        deposited_at=timezone.now())
    if not claimed:
        raise TransitionConflict("该追回款已缴入专户。", current_state=recovery.state)
    deadlines_close(case=collection, kinds=("trustee_deposit",), met=True)
    recovery_repayment_apply(recovery, actor=actor, amount=collection.amount, source_ref=collection.reference)


def write_off_open(*, recovery: Recovery, actor: Any, ground: str, explanation: str = "",
                   no_assets_certified: bool = False) -> WriteOff:
    """The write-off application put to the joint meeting (第四十条), inside the recovery's step."""
    return record_create(model=WriteOff, actor=actor, label="提请核销", trace=[e for e in recovery.rule_trace
                                                                                if e.get("rule") == "FUND-A40"],
                         fields={"recovery": recovery, "ground": ground, "explanation": explanation,
                                 "no_assets_certified": no_assets_certified,
                                 "submitted_by": actor if getattr(actor, "is_authenticated", False) else None})


def write_off_decide_apply(recovery: Recovery, *, write_off: WriteOff, approve: bool, actor: Any) -> None:
    """The joint meeting's decision (第四十条), inside the recovery's step: the application is approved or rejected
    through the engine (its history names the deciding user); an approved write-off ends the recovery's clocks."""
    transition_perform(case=write_off, name="approve" if approve else "reject", actor=actor, system=True)
    if approve:
        deadlines_close(case=recovery, kinds=("*",), met=False)


def custody_applications(application: Application) -> QuerySet[Application]:
    """The treatment and funeral applications of the same deceased victim (第二十六条), ``application`` included.

    Matching: a victim whose identity is known is matched by the ID number (the 受害人身份证明 of 第二十三条,
    第二十五条) — every treatment and funeral application carrying it, whatever the accident record says. A victim
    whose identity could not be confirmed has no number: the applications of the same accident (same accident time,
    county and place, as the police notices give them) that are also marked identity unknown are matched, but only
    when that accident has a single casualty; with several casualties an unnamed treatment application could be
    another victim's, so only the application itself is taken (the clerk records the others by hand).
    """
    kinds = (ApplicationKind.TREATMENT, ApplicationKind.FUNERAL)
    same = Application.objects.filter(kind__in=kinds)
    if not application.victim_identity_unknown and application.victim_id_number:
        return same.filter(victim_id_number=application.victim_id_number)
    if application.casualties == 1:
        return same.filter(victim_identity_unknown=True, accident_at=application.accident_at,
                           region_id=application.region_id, accident_place=application.accident_place)
    return Application.objects.filter(pk=application.pk)


def custody_record(*, application: Application, actor: Any, compensation_amount: Decimal, receipt_no: str
                   ) -> CompensationCustody:
    """Hold the compensation of an unidentified deceased or one with unknown heirs, after deducting the advances
    of treatment and funeral costs paid for that victim (第二十六条), and issue a receipt.

    Deducted: every treatment and funeral advance paid for the victim (``custody_applications``), less what was
    already recovered on it, so no advance is taken back twice. A hardship subsidy (第二十七条) is a grant, not an
    advance: it is not deducted.
    """
    if not (application.victim_identity_unknown or application.kind == ApplicationKind.FUNERAL):
        raise ValidationError({"application": ["仅对身份无法确认或继承人不明的死亡人员代为保管赔偿款（第二十六条）。"]})
    if compensation_amount is None or compensation_amount <= 0:
        raise ValidationError({"compensation_amount": ["赔偿款金额须为正数。"]})
    advances = LedgerEntry.objects.filter(
        direction=Direction.OUT, kind__in=(LedgerKind.ADVANCE_TREATMENT, LedgerKind.ADVANCE_FUNERAL),
        application__in=custody_applications(application)).select_related("application__recovery")
    deducted = ZERO
    for entry in advances:
        recovery = getattr(entry.application, "recovery", None)
        deducted += max(entry.amount - (recovery.amount_recovered if recovery else ZERO), ZERO)
    held = max(compensation_amount - deducted, ZERO)
    custody = CompensationCustody.objects.create(
        application=application, compensation_amount=compensation_amount,
        deducted_advances=min(deducted, compensation_amount), held_amount=held, receipt_no=receipt_no,
        received_at=timezone.now())
    audit_record(action="fund.custody_record", actor=actor, obj=application,
                 summary=f"{application.reference} 代为保管 {held}（扣除垫付 {custody.deducted_advances}）")
    return custody


# --- reports ----------------------------------------------------------------------------------------------------
def report_schedule_quarterly(*, year: int, quarter: int) -> FundReport:
    """Quarterly financial report due 15 working days after the quarter ends (第四十二条)."""
    manager = fund_manager()
    period = f"{year}Q{quarter}"
    report, created = _record_once(FundReport, lookup={"kind": ReportKind.QUARTERLY, "period": period},
                                   fields={"reference": f"FUND-RPT-{period}", "organisation": manager})
    if created:
        end_month = quarter * 3
        end = date(year + (1 if end_month == 12 else 0), 1 if end_month == 12 else end_month + 1, 1)
        start = timezone.make_aware(datetime.combine(end, datetime.min.time())) - timedelta(seconds=1)
        deadline_start(case=report, spec=QUARTERLY_REPORT, start=start, title=f"{period} 季度财务会计报告")
    return report


ANNUAL_DUE = (
    # (kind, month, day, rule, label): 第四十二条 by 1 February; 第四十四条 by 1 March and 15 March.
    (ReportKind.ANNUAL, 2, 1, "FUND-A42", "年度工作报告和财务会计报告"),
    (ReportKind.FINANCE_ANNUAL, 3, 1, "FUND-A44", "省财政厅向省政府报告上一年度情况"),
    (ReportKind.PUBLICATION, 3, 15, "FUND-A44", "向社会公布上一年度救助基金情况"),
)


def report_schedule_annual(*, year: int) -> list[FundReport]:
    """The reports on ``year - 1`` due in ``year`` (第四十二条, 第四十四条), each with its clock.

    A fixed date ("每年2月1日前") is counted as a day period from 31 December, so a due date falling on a rest day
    rolls to the next working day as the calendar's period rules do; noted here because the regulation names a
    date, not a period.
    """
    manager = fund_manager()
    finance = Organisation.objects.filter(type=OrganisationType.FINANCE, region__level="province").first() or manager
    start_day = date(year - 1, 12, 31)
    start = timezone.make_aware(datetime.combine(start_day, datetime.max.time()))
    reports = []
    for kind, month, day, rule_id, label in ANNUAL_DUE:
        org = finance if kind == ReportKind.FINANCE_ANNUAL else manager
        period = str(year - 1)
        report, created = _record_once(FundReport, lookup={"kind": kind, "period": period},
                                       fields={"reference": f"FUND-RPT-{period}-{kind}", "organisation": org})
        if created:
            spec = DeadlineSpec(kind=f"report_{kind}", label=label, rule_id=rule_id,
                                amount=(date(year, month, day) - start_day).days, unit="days",
                                on_breach=Breach.ESCALATE, warn_workdays=5)
            deadline_start(case=report, spec=spec, start=start, title=f"{period} {label}")
        reports.append(report)
    return reports


def reports_schedule_due(*, today: date | None = None) -> int:
    """Make sure the current reports exist with their clocks (run daily; idempotent)."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3
    report_schedule_quarterly(year=today.year if quarter else today.year - 1, quarter=quarter or 4)
    report_schedule_annual(year=today.year)
    return FundReport.objects.filter(state=ReportState.DUE).count()


def report_submit(*, report: FundReport, actor: Any) -> FundReport:
    """Submit a report (第四十二条, 第四十四条) through the engine (fund/reports/workflow.py); a report already
    submitted is returned as it is (a repeated submission changes nothing)."""
    report.refresh_from_db()
    if report.state == ReportState.SUBMITTED:
        return report
    return action_perform(obj=report, name="submit", actor=actor).case


# --- duties owed to the fund (第十五条, 第十六条, 第四十五条) and the police's determination (第三十五条) ------------
def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.max.time()))


def _quarter_end(year: int, quarter: int) -> date:
    return date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)


LEVY_TRANSFER = DeadlineSpec(kind="levy_transfer", label="交强险提取资金季度转入专户", rule_id="FUND-A15", amount=10,
                             unit="workdays", on_breach=Breach.NOTIFY, warn_workdays=3,
                             responsible=lambda o: o.organisation)
FINES_TRANSFER = DeadlineSpec(kind="fines_transfer", label="未投保罚款季度划转专户", rule_id="FUND-A16", amount=10,
                              unit="workdays", on_breach=Breach.NOTIFY, warn_workdays=3,
                              responsible=lambda o: o.organisation)
DETERMINATION = DeadlineSpec(kind="determination", label="抄送道路交通事故认定书", rule_id="FUND-A35", amount=7,
                             unit="workdays", on_breach=Breach.NOTIFY,
                             responsible=lambda a: a.police_unit or a.organisation)


_OBLIGATION_CODES = {ObligationKind.LEVY_RATIO: "LR", ObligationKind.LEVY_TRANSFER: "LT",
                     ObligationKind.FINES_TRANSFER: "FT"}


def _record_once(model: type, *, lookup: dict[str, Any], fields: dict[str, Any]) -> tuple[Any, bool]:
    """The record of ``lookup`` (a report per kind and period, a duty per kind, period and body), created through
    the engine the first time (history, audit, work items) — once even when two schedulers run together: the unique
    constraint decides and the loser reads the winner's row."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return record_create(model=model, actor=None, label="登记", fields={**lookup, **fields}), True
    except IntegrityError:
        return model.objects.get(**lookup), False


def _obligation(*, kind: str, period: str, organisation: Organisation, spec: DeadlineSpec, start: datetime,
                title: str) -> FundObligation:
    obligation, created = _record_once(
        FundObligation, lookup={"kind": kind, "period": period, "organisation": organisation},
        # Deadline references are at most 32 characters: FUND-OB-2026Q3-LT-17.
        fields={"reference": f"FUND-OB-{period}-{_OBLIGATION_CODES[kind]}-{organisation.pk}"})
    if created:
        deadline_start(case=obligation, spec=spec, start=start, title=title, organisation=organisation)
    return obligation


def obligations_schedule_quarter(*, year: int, quarter: int) -> list[FundObligation]:
    """After a quarter ends: every active insurer transfers its levy (第十五条) and provincial finance the fines
    (第十六条), each within 10 working days. Idempotent (one row per kind, period and body).

    第十五条第二款: in a year whose levy is suspended (the balance at the end of the previous year at least 3 times
    that year's spending, FUND-A15) nothing is taken from the premiums, so no insurer owes a transfer and none can
    be warned (第四十五条). Each levy transfer scheduled carries the FUND-A15 outcome that let it be scheduled.
    """
    from .selectors import levy_suspension_check

    period = f"{year}Q{quarter}"
    start = _end_of(_quarter_end(year, quarter))
    levy = levy_suspension_check(year=year)
    rows = []
    if not levy["figures"].get("suspended"):
        for insurer in Organisation.objects.filter(type=OrganisationType.INSURER, is_active=True).order_by("id"):
            obligation = _obligation(kind=ObligationKind.LEVY_TRANSFER, period=period, organisation=insurer,
                                     spec=LEVY_TRANSFER, start=start,
                                     title=f"{period} {insurer.short_name or insurer.name} 交强险提取资金转入")
            if not obligation.rule_trace:
                FundObligation.objects.filter(pk=obligation.pk, rule_trace=[]).update(rule_trace=[levy])
                obligation.rule_trace = [levy]
            rows.append(obligation)
    finance = Organisation.objects.filter(type=OrganisationType.FINANCE, region__level="province").first()
    if finance is not None:
        rows.append(_obligation(kind=ObligationKind.FINES_TRANSFER, period=period, organisation=finance,
                                spec=FINES_TRANSFER, start=start, title=f"{period} 未投保交强险罚款划转"))
    return rows


def obligation_schedule_levy_ratio(*, year: int) -> FundObligation | None:
    """第十五条: the year's levy ratio is fixed by 15 May (counted as days from 31 December, like the annual
    reports, so a rest day rolls to the next working day)."""
    finance = Organisation.objects.filter(type=OrganisationType.FINANCE, region__level="province").first()
    if finance is None:
        return None
    start_day = date(year - 1, 12, 31)
    spec = DeadlineSpec(kind="levy_ratio", label="确定当年交强险提取比例", rule_id="FUND-A15",
                        amount=(date(year, 5, 15) - start_day).days, unit="days", on_breach=Breach.NOTIFY,
                        warn_workdays=10)
    return _obligation(kind=ObligationKind.LEVY_RATIO, period=str(year), organisation=finance, spec=spec,
                       start=_end_of(start_day), title=f"{year}年交强险提取比例")


def obligations_schedule_due(*, today: date | None = None) -> int:
    """Make sure the current obligations exist with their clocks (run by beat; safe to run any number of times)."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3
    obligations_schedule_quarter(year=today.year if quarter else today.year - 1, quarter=quarter or 4)
    obligation_schedule_levy_ratio(year=today.year)
    return FundObligation.objects.filter(state=ObligationState.DUE).count()


def obligation_fulfil(*, obligation: FundObligation, actor: Any, amount: Decimal | None = None) -> FundObligation:
    """The duty is done (ratio fixed, transfer received in full): its clock stops as met (fund/reports/workflow.py).
    Recording it again changes nothing; without an actor (an import from the bank statement) the system records it."""
    obligation.refresh_from_db()
    if obligation.state == ObligationState.FULFILLED:
        return obligation
    return transition_perform(case=obligation, name="fulfil", actor=actor, data={"amount": amount},
                              system=actor is None).case


def insurer_reminder_record(*, obligation: FundObligation, actor: Any) -> FundObligation:
    """山西银保监局 reminded the insurer to transfer in full (第四十五条); the 3-working-day grace starts."""
    if obligation.kind != ObligationKind.LEVY_TRANSFER:
        raise ValidationError({"obligation": ["只有保险公司的转入义务可以催缴（第四十五条）。"]})
    obligation.refresh_from_db()
    if obligation.reminded_at is not None or obligation.state != ObligationState.DUE:
        return obligation
    return transition_perform(case=obligation, name="remind", actor=actor, system=actor is None).case


def insurer_warnings_issue(*, today: date | None = None) -> list[int]:
    """Warn and publicly name every insurer still short more than 3 working days after the reminder (FUND-A45).
    Each warning is claimed with a conditional update, so a second run (or a retried task) warns nobody twice."""
    from gazette.notices.services import notice_publish
    from gazette.workcalendar.periods import working_days_between

    today = today or timezone.localdate()
    warned = []
    pending = FundObligation.objects.filter(kind=ObligationKind.LEVY_TRANSFER, fulfilled_at__isnull=True,
                                            reminded_at__isnull=False, warned_at__isnull=True)
    for obligation in pending.select_related("organisation"):
        reminded_on = timezone.localtime(obligation.reminded_at).date()
        trace = rules_evaluate(["FUND-A45"], {
            "reminded_on": reminded_on, "today": today, "transferred_in_full": False,
            "working_days_since_reminder": working_days_between(reminded_on, today)}, on=today)
        if not trace[0]["figures"].get("warn"):
            continue
        with transaction.atomic():
            try:  # the engine locks the row and checks it is not warned yet: another run's warning wins
                transition_perform(case=obligation, name="warn", actor=None, system=True, data={"trace": list(trace)},
                                   comment="催缴后超过3个工作日仍未足额上缴（FUND-A45）")
            except TransitionConflict:
                continue
            insurer = obligation.organisation
            notice_publish(
                case=obligation, title=f"关于对{insurer.name}未足额上缴救助基金给予警告的公告",
                content=(f"{insurer.name}未按规定将{obligation.period}交强险提取资金足额转入山西省道路交通事故社会救助基金"
                         f"特设专户，经催缴超过3个工作日仍未足额上缴。根据《山西省道路交通事故社会救助基金管理办法》"
                         f"第四十五条的规定，给予警告并予以公告。"),
                places=["山西银保监局门户网站", "山西省财政厅门户网站"], amount=5, unit="workdays",
                rule_id="FUND-A45", actor=None, min_places=1, organisation=fund_manager(),
            )
            audit_record(action="fund.insurer_warning", actor=None, obj=obligation,
                         summary=f"{obligation.reference} FUND-A45")
        warned.append(obligation.pk)
    return warned


def determination_made_record(*, application: Application, actor: Any, made_on: date) -> Application:
    """The police made the 事故认定书 on ``made_on``: they must send it to the manager within 7 working days
    (第三十五条). The clock stops when the document is uploaded against the checklist item."""
    if made_on > timezone.localdate():
        raise ValidationError({"made_on": ["作出日期不能晚于今天。"]})
    Application.objects.filter(pk=application.pk).update(determination_made_on=made_on)
    application.determination_made_on = made_on
    deadline_start(case=application, spec=DETERMINATION, start=_end_of(made_on),
                   title=f"{application.reference} 抄送事故认定书")
    return application
