"""Demo data for `make run`: emergency-management departments of four cities and seven counties, operators,
facilities of every grade and state, stations with limits, a week of 5-minute readings (some crossing limits, so
alarms are open), hidden dangers with running clocks, a closure with its extension. Idempotent: by name."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from gazette.accounts import roles
from gazette.orgs.choices import OrganisationType as T
from gazette.orgs.demo import DemoUser, organisations_by_key, users_create
from gazette.orgs.models import Organisation, Region

DEMO_TOKEN = "demo-tailings-monitor-token-2026"

CITIES = (("140900", "忻州市应急管理局", "忻应急"), ("141100", "吕梁市应急管理局", "吕应急"),
          ("140800", "运城市应急管理局", "运应急"))
COUNTIES = (("140123", "娄烦县应急管理局", "140100", "娄应急"), ("140923", "代县应急管理局", "140900", "代应急"),
            ("140924", "繁峙县应急管理局", "140900", "繁应急"), ("141127", "岚县应急管理局", "141100", "岚应急"),
            ("141129", "中阳县应急管理局", "141100", "中应急"), ("140827", "垣曲县应急管理局", "140800", "垣应急"),
            ("140829", "平陆县应急管理局", "140800", "平应急"))
OPERATORS = (("娄烦示范矿业有限公司", "140123"), ("代县金山选矿有限公司", "140923"), ("繁峙宏达矿业有限公司", "140924"),
             ("岚县铁鑫矿业有限公司", "141127"), ("中阳钢铁选矿有限公司", "141129"), ("垣曲中条有色金属有限公司",
                 "140827"),
             ("平陆黄河矿业有限公司", "140829"))

USERS = (
    DemoUser("tail_operator", "刘安全（娄烦示范矿业）", "tail_op_140123", (roles.CLERK.code,)),
    DemoUser("tail_county", "郭监管（娄烦县应急管理局）", "tail_em_140123", (roles.CLERK.code, roles.APPROVER.code)),
    DemoUser("tail_city", "韩科长（太原市应急管理局）", "emergency_ty", (roles.APPROVER.code,)),
    DemoUser("tail_province", "马处长（省应急管理厅）", "emergency_prov", (roles.APPROVER.code, roles.HEAD.code)),
    DemoUser("tail_pinglu", "杜监管（平陆县应急管理局）", "tail_em_140829", (roles.CLERK.code, roles.APPROVER.code)),
)

# name, operator county, grade, target state, overrides
FACILITIES = (
    ("娄烦尖山铁矿一号尾矿库", "140123", 3, "operating", {"project_kind": "existing", "current_elevation": "1235"}),
    ("娄烦示范新建尾矿库", "140123", 4, "trial_run", {}),
    ("代县金山尾矿库", "140923", 2, "operating", {"project_kind": "existing"}),
    ("繁峙宏达二号尾矿库", "140924", 5, "idle", {"project_kind": "existing"}),
    ("岚县铁鑫尾矿库", "141127", 1, "closing", {"project_kind": "existing", "current_elevation": "1250"}),
    ("中阳钢铁老尾矿库", "141129", 4, "closed", {"project_kind": "existing"}),
    ("垣曲中条铜矿尾矿库", "140827", 3, "design_review", {}),
    ("垣曲中条新建尾矿库", "140827", 5, "under_construction", {}),
    ("平陆黄河沿岸尾矿库（拟建）", "140829", 4, "design_review", {"yellow_river_distance_km": "2.900"}),
    ("代县金山新建尾矿库", "140923", 4, "awaiting_licence", {}),
)


def _orgs() -> dict[str, Organisation]:
    base = organisations_by_key()
    out = dict(base)
    prov = base.get("emergency_prov")
    parents = {"140100": base.get("emergency_ty")}
    for code, name, prefix in CITIES:
        org, _ = Organisation.objects.update_or_create(name=name, defaults={
            "type": T.EMERGENCY_MANAGEMENT, "region": Region.objects.get(code=code), "parent": prov,
            "document_prefix": prefix, "short_name": name.replace("应急管理局", "应急局")})
        parents[code] = org
    for code, name, city, prefix in COUNTIES:
        org, _ = Organisation.objects.update_or_create(name=name, defaults={
            "type": T.EMERGENCY_MANAGEMENT, "region": Region.objects.get(code=code), "parent": parents[city],
            "document_prefix": prefix, "short_name": name.replace("应急管理局", "应急局")})
        out[f"tail_em_{code}"] = org
    for name, code in OPERATORS:
        org, _ = Organisation.objects.update_or_create(name=name, defaults={
            "type": T.ENTERPRISE, "region": Region.objects.get(code=code), "short_name": name[:8]})
        out[f"tail_op_{code}"] = org
    return out


def _step(facility, name, actor, **data):
    from gazette.workflow.actions import action_perform

    action_perform(obj=facility, name=name, actor=actor, data=data)
    facility.refresh_from_db()


def _to(facility, state, *, operator, department) -> None:
    """Bring a facility to ``state`` through its workflow, acting as the demo users."""
    today = timezone.localdate()
    target = state if state in ("planned", "design_review", "under_construction", "trial_run",
                                "awaiting_licence") else "operating"
    start = today - timedelta(days=50)
    steps = (
        lambda: _step(facility, "submit_design", operator),
        lambda: _step(facility, "approve_design", department),
        lambda: _step(facility, "file_trial_plan", operator, filed_on=start - timedelta(days=3), start_on=start,
                      planned_end_on=start + timedelta(days=120)),
        lambda: _step(facility, "finish_trial_run", operator, end_on=start + timedelta(days=45),
                      max_discharge_elevation=facility.starter_dam_crest_elevation - 2, trial_report_on=today,
                      acceptance_evaluation_on=today),
        lambda: _step(facility, "grant_licence", department,
                      licence_number=f"（晋）FM安许证字〔{today.year}〕{facility.pk:03d}号",
                      issued_on=today - timedelta(days=20), expires_on=today.replace(year=today.year + 3)),
    )
    for step in steps:
        if facility.state == target:
            break
        step()
    if state == "idle":
        _step(facility, "suspend", operator, idle_since=today - timedelta(days=200))
    if state in ("closing", "closed"):
        _step(facility, "start_closure", operator, trigger="final_elevation", trigger_on=today - timedelta(days=300))
    if state == "closing":
        _step(facility, "extend_closure", department, months=4, consent_document="岚应急函〔2026〕12号")
    if state == "closed":
        _step(facility, "close_out", department, closed_on=today - timedelta(days=10))
        _step(facility, "name_supervisor", department, post_closure_supervisor="中阳县自然资源局")


def _monitoring(facility, operator_org) -> None:
    """Stations, limits, a monitoring system and a week of 5-minute readings; the phreatic line dips below its
    red limit at the end, so an alarm is open."""
    from tailings.api.authentication import monitoring_system_create, token_hash
    from tailings.models import AlarmLimit, MonitoringSystem, Station
    from tailings.monitoring import readings_ingest
    from tailings.simulator import series

    if facility.stations.exists():
        return
    today = timezone.localdate()
    stations = [Station.objects.create(facility=facility, code=code, quantity=q, unit=u, stale_minutes=60)
                for code, q, u in (("JR-01", "phreatic_depth", "m"), ("WY-01", "displacement", "mm"),
                                   ("GT-01", "dry_beach", "m"))]
    for q, direction, levels in (("phreatic_depth", "below", (("yellow", 6.0), ("orange", 5.0), ("red", 4.0))),
                                 ("displacement", "above", (("yellow", 20), ("orange", 30), ("red", 40))),
                                 ("dry_beach", "below", (("yellow", 80), ("red", 70)))):
        for level, threshold in levels:
            AlarmLimit.objects.create(facility=facility, quantity=q, level=level, direction=direction,
                                      threshold=threshold, clear_margin=0.3 if q == "phreatic_depth" else 1,
                                      escalate_hours=2, effective_from=today - timedelta(days=365))
    system = MonitoringSystem.objects.filter(token_hash=token_hash(DEMO_TOKEN)).first()
    if system is None:
        system, _ = monitoring_system_create(name=f"{operator_org.short_name or operator_org.name}在线监测系统",
                                             operator=operator_org, token=DEMO_TOKEN)
    elif system.operator_id != operator_org.pk:
        system, _ = monitoring_system_create(name=f"{operator_org.name}在线监测系统", operator=operator_org)
    readings = list(series(facility=facility, stations=stations, hours=24 * 7, step_minutes=5, cross_at_end=True))
    for i in range(0, len(readings), 500):
        readings_ingest(system=system, readings=readings[i:i + 500])


def _input(name: str, grade: int, overrides: dict):
    from tailings.services import FacilityInput

    values = {
        "name": name, "project_kind": "new", "grade": grade,
        "total_dam_height": Decimal("45.00") if grade > 3 else Decimal("95"),
        "starter_dam_crest_elevation": Decimal("1210.00"), "final_design_elevation": Decimal("1250.00"),
        "current_elevation": Decimal("1215.00"), "outer_slope_ratio": Decimal("3.50"), "discharge_method": "dry",
        "dam_method": "one_time" if grade > 3 else "upstream", "design_life_years": 12,
        "yellow_river_distance_km": Decimal("85.000"), "matching_mine": f"{name[:2]}铁矿", "rise_rate": Decimal("3.00"),
        "geotechnical_survey": True, "detailed_survey": True, "survey_qualification": "grade_a",
        "design_qualification": "grade_a", "construction_qualification": "first",
        "supervision_qualification": "grade_a",
        "evaluator_qualified": True, "evaluator_has_engineer": True, "safety_managers": 4, "technicians": 2,
        "special_operators": 10, "baobao_system_id": f"14{grade}{len(name):04d}"}
    for key, value in overrides.items():
        values[key] = Decimal(value) if key.endswith(("_km", "elevation")) else value
    return FacilityInput(**values)


def load(stdout=None) -> list[tuple[str, str, str, str]]:
    from django.contrib.auth import get_user_model

    from tailings.models import Facility
    from tailings.services import facility_register
    from tailings.supervision import danger_register, official_add, public_report_submit

    base = organisations_by_key()
    if "emergency_prov" not in base:
        return []
    orgs = _orgs()
    rows = users_create(USERS, orgs)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[u.username for u in USERS])}
    operator_user = users["tail_operator"]
    county_user = users["tail_county"]
    # Each operator's and department's demo users act for them (one pair of people per county for the demo).
    for name, county, grade, state, overrides in FACILITIES:
        if Facility.objects.filter(name=name).exists():
            continue
        operator = orgs[f"tail_op_{county}"]
        department = orgs[f"tail_em_{county}"]
        op_user = operator_user if county == "140123" else _demo_staff(operator, "clerk")
        dept_user = county_user if county == "140123" else (
            users["tail_pinglu"] if county == "140829" else _demo_staff(department, "approver"))
        facility = facility_register(actor=op_user, operator=operator, supervisor=department,
                                     region=Region.objects.get(code=county), data=_input(name, grade, overrides))
        if state != "planned":
            _to(facility, state, operator=op_user, department=dept_user)
        if facility.state == "operating":
            _monitoring(facility, operator)
            official_add(facility=facility, actor=dept_user, name="王县长", position=f"{department.region.name}副县长",
                         level="county", responsibilities="每季度至少督导检查一次；汛前检查调洪演算和应急演练",
                         effective_from=timezone.localdate() - timedelta(days=300))
            danger = danger_register(facility=facility, actor=dept_user, source="inspection",
                                     description="排洪井井壁局部裂缝，渗水浑浊", found_on=timezone.localdate())
            from gazette.workflow.actions import action_perform

            action_perform(obj=danger, name="order", actor=dept_user, data={
                "deadline_on": timezone.localdate() + timedelta(days=15), "requirements": "对裂缝注浆封堵并加密观测"})
    if not Facility.objects.filter(reports__isnull=False).exists():
        public_report_submit(region=Region.objects.get(code="140123"), facility_text="娄烦尖山铁矿一号尾矿库",
                             content="夜间向库外沟谷排放尾砂")
    if stdout is not None:
        stdout.write(f"tailings: 演示尾矿库已就绪；监测系统令牌 {DEMO_TOKEN}（manage.py tailings_simulate 推送数据）")
    return rows


def _demo_staff(org, role):
    """A login-less staff account of a demo organisation, acting for it in the demo's history."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(username=f"tail_{role}_{org.pk}", defaults={
        "full_name": f"{org.short_name or org.name}{'经办人' if role == 'clerk' else '审批人'}", "organisation": org})
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
