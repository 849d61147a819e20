"""Writes of the register: registering a facility project (一库一策, 第三十六条) with its data checked field by field
and its siting/design rules evaluated (第七条至第十四条, 第十九条, 第二十三条), editing the register (never after
销号, 第三十三条), recording the dam's elevation (which starts the closure clock at the final elevation, 第三十条),
the facts the workflow's guards read, and the yearly duties before the flood season (第二十条, 第二十四条).

Every state change goes through the engine (``case_create`` / ``action_perform``)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gazette.deadlines.services import deadline_start
from gazette.rules.services import RuleTrace, rules_evaluate
from gazette.workflow.actions import action_perform
from gazette.workflow.engine import case_create

from . import choices as ch
from .clocks import before_flood_season
from .models import Facility, FloodSeason, ImportantTributary
from .rules import SITING_RULES, add_months

S = ch.FacilityState


@dataclass
class FacilityInput:
    """A facility's register data, typed (parsed once by the form, the API serializer or the Excel import)."""

    name: str
    project_kind: str
    grade: int
    total_dam_height: Decimal
    starter_dam_crest_elevation: Decimal
    final_design_elevation: Decimal
    current_elevation: Decimal
    outer_slope_ratio: Decimal
    discharge_method: str
    dam_method: str
    design_life_years: int
    yellow_river_distance_km: Decimal
    matching_mine: str = ""
    flat_type: bool = False
    rise_rate: Decimal = Decimal("0")
    single_raise_height: Decimal | None = None
    residents_within_1km_of_starter_toe: bool = False
    dense_places_within_3km: bool = False
    major_roads_within_3km: bool = False
    inundation_overlaps_other_dam: bool = False
    in_banned_area: bool = False
    tributary: ImportantTributary | None = None
    tributary_distance_km: Decimal | None = None
    geotechnical_survey: bool = False
    detailed_survey: bool = False
    pile_dam_survey: bool = False
    survey_qualification: str = "none"
    design_qualification: str = "none"
    construction_qualification: str = "none"
    supervision_qualification: str = "none"
    evaluator_qualified: bool = False
    evaluator_has_engineer: bool = False
    safety_managers: int = 0
    technicians: int = 0
    special_operators: int = 0
    baobao_system_id: str = ""
    ownerless: bool = False
    closure_party: str = ""


FIELD_NAMES = tuple(f.name for f in fields(FacilityInput))


def facility_input_errors(data: FacilityInput) -> dict[str, list[str]]:
    """Bad input, each message naming the field and the article (nothing is saved when any is found)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not (data.name or "").strip():
        add("name", "尾矿库名称：必填。")
    if data.grade is None or not 1 <= int(data.grade) <= 5:
        add("grade", f"等别：应为1至5（一等至五等），填写的是{data.grade}（第十四条、第十九条按等别适用）。")
    slope = data.outer_slope_ratio
    if slope is None or slope <= 0:
        add("outer_slope_ratio", "堆积坝平均外坡比：请按“水平距离÷垂直高度”填写正数，1:3填3.0（第二十三条）。")
    elif slope < 1:
        add("outer_slope_ratio", f"堆积坝平均外坡比：{slope}像是按“垂直÷水平”填写的；请按“水平距离÷垂直高度”填写，"
                                 f"1:3填3.0，不得小于3.0（第二十三条）。")
    if data.current_elevation is not None and data.final_design_elevation is not None:
        if data.current_elevation > data.final_design_elevation:
            add("current_elevation", f"当前堆积标高：{data.current_elevation}米高于设计最终堆积标高"
                                     f"{data.final_design_elevation}米（第二十三条 不得擅自加高坝体）。")
        crest = data.starter_dam_crest_elevation
        if crest is not None and crest > data.final_design_elevation:
            add("starter_dam_crest_elevation", "初期坝坝顶标高：不能高于设计最终堆积标高（第十六条）。")
    for name, article in (("total_dam_height", "第九条"), ("yellow_river_distance_km", "第九条"),
                          ("tributary_distance_km", "第九条"), ("single_raise_height", "第十二条"),
                          ("rise_rate", "第三十一条")):
        value = getattr(data, name)
        if value is not None and value < 0:
            add(name, f"{Facility._meta.get_field(name).verbose_name}：不能为负数（{article}）。")
    if data.tributary is not None and data.tributary_distance_km is None:
        add("tributary_distance_km", "距重要支流岸线距离：选择了重要支流时必填（第九条）。")
    if data.project_kind not in ch.ProjectKind.values:
        add("project_kind", "项目类型：应为新建、改扩建或现有尾矿库。")
    if data.discharge_method not in ch.DischargeMethod.values:
        add("discharge_method", "排尾方式：无效的选项（第八条）。")
    if data.dam_method not in ch.DamMethod.values:
        add("dam_method", "筑坝方式：无效的选项（第八条）。")
    if data.design_life_years is None or int(data.design_life_years) < 1:
        add("design_life_years", "设计服务年限：至少1年（第八条）。")
    return errors


def facility_facts(facility: Facility, *, on: date | None = None) -> dict[str, Any]:
    """Facts of the register that the rules read (the siting/design rules, the licence, 销号)."""
    on = on or timezone.localdate()
    tributary = facility.tributary if facility.tributary_id else None
    facts = {name: getattr(facility, name) for name in FIELD_NAMES if name != "tributary"}
    facts.update({
        "tributary_name": tributary.name if tributary else "",
        "state": facility.state, "on": on,
        "licence_number": facility.licence_number, "licence_expires_on": facility.licence_expires_on,
        "licence_issued_on": facility.licence_issued_on, "idle_since": facility.idle_since,
        "trial_end_on": facility.trial_end_on, "trial_report_on": facility.trial_report_on,
        "acceptance_evaluation_on": facility.acceptance_evaluation_on,
        "projected_final_on": projected_final_on(facility, on=on),
        "already_months": facility.closure_extension_months,
    })
    return facts


def projected_final_on(facility: Facility, *, on: date | None = None) -> date | None:
    """The day the dam reaches its final design elevation at its rise rate (第三十一条), or None."""
    on = on or timezone.localdate()
    rate = Decimal(str(facility.rise_rate or 0))
    if rate <= 0:
        return None
    left = Decimal(str(facility.final_design_elevation)) - Decimal(str(facility.current_elevation))
    if left <= 0:
        return on
    months = int((left / rate * 12).to_integral_value())
    return add_months(on, months)


def facility_review(facility: Facility) -> RuleTrace:
    """项目审查: every siting and design rule with its article and outcome (the approval is blocked on a failure)."""
    return rules_evaluate(SITING_RULES, facility_facts(facility), on=facility.reference_date)


def facility_register(*, actor: Any, operator: Any, supervisor: Any, region: Any, data: FacilityInput) -> Facility:
    """Register a facility project (or an existing facility) in the 一库一策 database. Bad input is refused field by
    field (ValidationError naming the field and article); the siting/design rules are evaluated and stored with
    the facility, and judged again when the department approves the design."""
    errors = facility_input_errors(data)
    if errors:
        raise ValidationError(errors)
    values = {name: getattr(data, name) for name in FIELD_NAMES}
    values["name"] = values["name"].strip()
    probe = Facility(**values, state=S.PLANNED, reference_date=timezone.localdate())
    trace = rules_evaluate(SITING_RULES, facility_facts(probe), on=timezone.localdate())
    with transaction.atomic():
        return case_create(model=Facility, actor=actor, reference_date=timezone.localdate(), region=region,
                           organisation=operator, trace=trace, fields={**values, "supervisor": supervisor})


EDITABLE = tuple(n for n in FIELD_NAMES if n not in ("project_kind",))


def facility_update(*, facility: Facility, actor: Any, changes: dict[str, Any]) -> Facility:
    """Edit the register. Refused after 销号 (第三十三条): only the daily supervisor and the land-reclamation record
    are added then, through their own actions."""
    with transaction.atomic():
        locked = Facility.objects.select_for_update().get(pk=facility.pk)
        closed = rules_evaluate(("TAIL-A33",), {"state": locked.state}, on=timezone.localdate())
        if not closed.ok:
            raise ValidationError({"__all__": [f"{closed.failures[0]['message']}（第三十三条）"]})
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValidationError({name: ["该项不能修改。"] for name in sorted(unknown)})
        data = FacilityInput(**{n: getattr(locked, n) for n in FIELD_NAMES} | changes)
        errors = facility_input_errors(data)
        if errors:
            raise ValidationError(errors)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
    from gazette.audit.services import audit_record

    audit_record(action="tailings.facility_update", actor=actor, obj=locked,
                 summary=f"{locked.reference} updated: {', '.join(sorted(changes))}")
    facility.refresh_from_db()
    return facility


def facility_elevation_record(*, facility: Facility, actor: Any, elevation: Decimal, on: date | None = None):
    """Record the dam's current elevation (第二十三条: never above the final design elevation). Reaching the final
    design elevation is a 第三十条 trigger: the closure clock starts that day."""
    on = on or timezone.localdate()
    facility = facility_update(facility=facility, actor=actor, changes={"current_elevation": elevation})
    if elevation >= facility.final_design_elevation and facility.state in (S.OPERATING, S.IDLE):
        action_perform(obj=facility, name="start_closure", actor=actor,
                       data={"trigger": ch.ClosureTrigger.FINAL_ELEVATION, "trigger_on": on})
        facility.refresh_from_db()
    return facility


def parse_decimal(value: Any, *, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}：“{value}”不是数字。") from None


def flood_season_on(year: int) -> date | None:
    row = FloodSeason.objects.filter(year=year).first()
    return row.starts_on if row else None


def annual_duties_ensure(*, on: date | None = None) -> int:
    """Start this year's drill (第二十条) and flood-routing (第二十四条) clocks for every facility in operation, due
    before the flood-season start in the reference data. Idempotent: one clock per facility, kind and year."""
    from django.contrib.contenttypes.models import ContentType

    from gazette.deadlines.models import Deadline

    on = on or timezone.localdate()
    season = flood_season_on(on.year)
    if season is None or on >= season:
        return 0
    start = timezone.make_aware(datetime.combine(date(on.year, 1, 1), time.min))
    ct = ContentType.objects.get_for_model(Facility)
    made = 0
    for facility in Facility.objects.filter(state__in=(S.OPERATING, S.IDLE)).select_related("organisation"):
        for kind in ("drill", "flood_routing"):
            if Deadline.objects.filter(content_type=ct, object_id=facility.pk, kind=kind,
                                       started_at__gte=start).exists():
                continue
            deadline_start(case=facility, spec=before_flood_season(kind, starts=start.date(), flood_season=season),
                           start=start, title=f"{facility.name} {on.year}年")
            made += 1
    return made
