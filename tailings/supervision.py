"""Writes of supervision: hidden dangers (第二十七条, 第三十五条, 第三十六条), 包保 officials and their inspection
ledgers (第三十四条), public reports (第六条), and the import of an existing register from Excel (第三十六条)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gazette.audit.services import audit_record
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation, Region
from gazette.workflow.engine import record_create, reference_next

from . import choices as ch
from .models import BaobaoOfficial, Facility, HiddenDanger, ImportantTributary, Inspection, PublicReport
from .services import FacilityInput, facility_register


def _not_closed(facility: Facility) -> None:
    if facility.state == ch.FacilityState.CLOSED:
        raise ValidationError("尾矿库已闭库销号，不再登记隐患和检查（第三十三条）。")


def danger_register(*, facility: Facility, actor: Any, source: str, description: str, found_on: date,
                    inspection: Inspection | None = None) -> HiddenDanger:
    """登记隐患 (第二十七条 排查治理档案), then ordered, rectified and verified through its workflow."""
    _not_closed(facility)
    if not (description or "").strip():
        raise ValidationError({"description": ["隐患描述：必填（第二十七条 如实记录）。"]})
    if found_on > timezone.localdate():
        raise ValidationError({"found_on": ["发现日期：不能晚于今天。"]})
    with transaction.atomic():
        return record_create(model=HiddenDanger, actor=actor, fields={
            "reference": reference_next(prefix="TAILYH", year=timezone.localdate().year), "facility": facility,
            "source": source, "description": description.strip(), "found_on": found_on, "inspection": inspection,
            "registered_by": actor if getattr(actor, "pk", None) else None})


def official_add(*, facility: Facility, actor: Any, name: str, position: str, level: str, responsibilities: str,
                 effective_from: date) -> BaobaoOfficial:
    """包保责任人 and their responsibility list (第三十四条)."""
    _not_closed(facility)
    official = BaobaoOfficial.objects.create(facility=facility, name=name.strip(), position=position.strip(),
                                             level=level, responsibilities=responsibilities.strip(),
                                             effective_from=effective_from)
    audit_record(action="tailings.official_add", actor=actor, obj=facility, summary=f"{facility.reference} 包保 {name}")
    return official


def inspection_record(*, facility: Facility, actor: Any, official: BaobaoOfficial, inspected_on: date,
                      findings: str, measures: str = "") -> Inspection:
    """包保工作台账 entry (第三十四条): the official's supervision inspection of the facility."""
    _not_closed(facility)
    if official.facility_id != facility.pk:
        raise ValidationError({"official": ["包保责任人：不是该尾矿库的包保责任人（第三十四条）。"]})
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": ["检查日期：不能晚于今天。"]})
    inspection = Inspection.objects.create(facility=facility, official=official, inspected_on=inspected_on,
                                           findings=findings.strip(), measures=measures.strip(), recorded_by=actor)
    audit_record(action="tailings.inspection", actor=actor, obj=facility, summary=f"{facility.reference} 检查")
    return inspection


def _department_for(region: Region) -> Organisation | None:
    """The emergency-management department of the county, or the nearest one above it."""
    codes = [c for c in region.path.split("/") if c]
    found = {o.region_id: o for o in Organisation.objects.filter(type=OrganisationType.EMERGENCY_MANAGEMENT,
                                                                   region_id__in=codes, is_active=True)}
    return next((found[c] for c in reversed(codes) if c in found), None)


def public_report_submit(*, region: Region, facility_text: str, content: str, contact: str = "") -> PublicReport:
    """第六条: anyone reports a violation without an account; the county department (or the nearest one above)
    verifies and handles it or refers it. The receipt number is unguessable."""
    department = _department_for(region)
    if department is None:
        raise ValidationError({"county": ["所在县（市、区）：该地区暂无受理的应急管理部门。"]})
    facility = Facility.objects.filter(region=region, name=facility_text.strip()).first()
    with transaction.atomic():
        return record_create(model=PublicReport, actor=None, fields={
            "reference": f"JB{timezone.localdate():%Y%m%d}{secrets.token_hex(4).upper()}", "region": region,
            "organisation": department, "facility": facility, "facility_text": facility_text.strip(),
            "content": content.strip(), "contact": contact.strip()}, label="受理举报")


# --- Excel import of an existing register -----------------------------------------------------------------------
IMPORT_COLUMNS = {
    "尾矿库名称": "name", "生产经营单位": "operator", "所在县区划代码": "county", "等别": "grade",
        "平地型": "flat_type",
    "总坝高": "total_dam_height", "初期坝坝顶标高": "starter_dam_crest_elevation",
    "设计最终堆积标高": "final_design_elevation", "当前堆积标高": "current_elevation", "上升速率": "rise_rate",
    "平均外坡比": "outer_slope_ratio", "排尾方式": "discharge_method", "筑坝方式": "dam_method",
    "配套矿山": "matching_mine", "设计服务年限": "design_life_years", "距黄河干流岸线公里": "yellow_river_distance_km",
    "重要支流": "tributary", "距重要支流岸线公里": "tributary_distance_km", "包保系统编号": "baobao_system_id",
    "无主": "ownerless",
}
REQUIRED = ("name", "operator", "county", "grade", "total_dam_height", "starter_dam_crest_elevation",
            "final_design_elevation", "current_elevation", "outer_slope_ratio", "discharge_method", "dam_method",
            "design_life_years", "yellow_river_distance_km")
_DISCHARGE = {label: value for value, label in ch.DischargeMethod.choices} | {"干式": "dry", "湿式": "wet"}
_DAM = {str(label): value for value, label in ch.DamMethod.choices}


@dataclass
class ImportResult:
    created: list[str]
    errors: list[dict[str, Any]]


def _bool(value) -> bool:
    return str(value).strip() in ("是", "1", "true", "True", "Y", "y")


def _dec(value, label) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).strip())
    except (ArithmeticError, ValueError):
        raise ValidationError(f"{label}：“{value}”不是数字") from None


def register_import(*, actor: Any, supervisor: Organisation, content: bytes) -> ImportResult:
    """Import an existing register (每行一座尾矿库, project kind 现有). Each row is checked on its own and stored in
    its own transaction; a bad row is reported with its row number and reason and stores nothing."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(BytesIO(content), read_only=True, data_only=True).active
    except Exception:  # noqa: BLE001  (openpyxl raises many kinds for a file that is not a workbook)
        raise ValidationError("无法读取Excel文件（.xlsx）。") from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    missing = [h for h, f in IMPORT_COLUMNS.items() if f in REQUIRED and h not in header]
    if missing:
        raise ValidationError(f"缺少列：{'、'.join(missing)}")
    index = {IMPORT_COLUMNS[h]: i for i, h in enumerate(header) if h in IMPORT_COLUMNS}
    result = ImportResult(created=[], errors=[])
    tributaries = {t.name: t for t in ImportantTributary.objects.all()}
    for n, raw in enumerate(rows, start=2):
        if raw is None or all(v in (None, "") for v in raw):
            continue
        row = {f: raw[i] if i < len(raw) else None for f, i in index.items()}
        try:
            facility = _import_row(actor=actor, supervisor=supervisor, row=row, tributaries=tributaries)
        except ValidationError as exc:
            messages = []
            if hasattr(exc, "error_dict"):
                for errs in exc.message_dict.values():
                    messages.extend(errs)
            else:
                messages = exc.messages
            result.errors.append({"row": n, "name": row.get("name") or "", "errors": messages})
        else:
            result.created.append(facility.reference)
    audit_record(action="tailings.register_import", actor=actor, obj=None,
                 summary=f"register import: {len(result.created)} created, {len(result.errors)} rows refused")
    return result


def _import_row(*, actor, supervisor, row, tributaries) -> Facility:
    empty = [f for f in REQUIRED if row.get(f) in (None, "")]
    if empty:
        labels = {v: k for k, v in IMPORT_COLUMNS.items()}
        raise ValidationError(f"缺少：{'、'.join(labels[f] for f in empty)}")
    operator = Organisation.objects.filter(name=str(row["operator"]).strip(), type=OrganisationType.ENTERPRISE).first()
    if operator is None:
        raise ValidationError(f"生产经营单位：未找到企业“{row['operator']}”")
    region = Region.objects.filter(code=str(row["county"]).strip()).first()
    if region is None:
        raise ValidationError(f"所在县区划代码：“{row['county']}”不是有效的区划代码")
    try:
        grade = int(str(row["grade"]).strip())
    except ValueError:
        raise ValidationError(f"等别：“{row['grade']}”应为1至5的整数") from None
    discharge = _DISCHARGE.get(str(row["discharge_method"]).strip(), str(row["discharge_method"]).strip())
    dam = _DAM.get(str(row["dam_method"]).strip(), str(row["dam_method"]).strip())
    tributary = None
    if row.get("tributary"):
        tributary = tributaries.get(str(row["tributary"]).strip())
        if tributary is None:
            raise ValidationError(f"重要支流：“{row['tributary']}”不在重要支流名录中（第九条）")
    data = FacilityInput(
        name=str(row["name"]).strip(), project_kind=ch.ProjectKind.EXISTING, grade=grade,
        total_dam_height=_dec(row["total_dam_height"], "总坝高"),
        starter_dam_crest_elevation=_dec(row["starter_dam_crest_elevation"], "初期坝坝顶标高"),
        final_design_elevation=_dec(row["final_design_elevation"], "设计最终堆积标高"),
        current_elevation=_dec(row["current_elevation"], "当前堆积标高"),
        rise_rate=_dec(row.get("rise_rate"), "上升速率") or Decimal("0"),
        outer_slope_ratio=_dec(row["outer_slope_ratio"], "平均外坡比"), discharge_method=discharge, dam_method=dam,
        matching_mine=str(row.get("matching_mine") or "").strip(),
        design_life_years=int(_dec(row["design_life_years"], "设计服务年限")),
        yellow_river_distance_km=_dec(row["yellow_river_distance_km"], "距黄河干流岸线公里"), tributary=tributary,
        tributary_distance_km=_dec(row.get("tributary_distance_km"), "距重要支流岸线公里"),
        flat_type=_bool(row.get("flat_type")), ownerless=_bool(row.get("ownerless")),
        baobao_system_id=str(row.get("baobao_system_id") or "").strip())
    with transaction.atomic():
        return facility_register(actor=actor, operator=operator, supervisor=supervisor, region=region, data=data)
