"""Pages: the register (list, new, import, export), the facility page (register data, clocks, actions, the
monitoring chart, alarms, dangers, 包保 ledger), the project review, alarms, hidden dangers, public reports and
the public report form (no login). Views parse, call one service or selector, render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.documents.exports import export_xlsx
from gazette.documents.selectors import document_list
from gazette.permissions import get_visible_or_404, user_can
from gazette.ui.paging import page_links, page_number
from gazette.workflow.presenters import case_panel

from . import choices as ch
from . import forms as f
from . import presenters as p
from . import selectors, services, supervision
from .models import Alarm, Facility, HiddenDanger, PublicReport
from .permissions import is_department, is_operator, is_tailings_side

PUBLIC_LIMIT, PUBLIC_WINDOW = 5, 3600


def _side(request) -> None:
    if not is_tailings_side(request.user):
        raise Http404


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errs in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


# --- Public (第六条) ----------------------------------------------------------------------------------------------
def public_report(request: HttpRequest) -> HttpResponse:
    """举报尾矿库安全生产违法违规行为, without login; at most PUBLIC_LIMIT reports per address per hour."""
    form = f.PublicReportForm(request.POST or None)
    if request.method == "POST":
        key = f"tailings:public-report:{request.META.get('REMOTE_ADDR', 'unknown')}"
        cache.add(key, 0, PUBLIC_WINDOW)
        if cache.incr(key) > PUBLIC_LIMIT:
            return render(request, "tailings/public_report.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                report = supervision.public_report_submit(region=cd["county"], facility_text=cd["facility_text"],
                                                          content=cd["content"], contact=cd["contact"])
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("tailings:public_receipt", receipt=report.reference)
    return render(request, "tailings/public_report.html", {"form": form})


def public_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    report = PublicReport.objects.filter(reference=receipt).select_related("organisation").first()
    if report is None:
        raise Http404
    return render(request, "tailings/public_receipt.html", {"report": report})


# --- Register -----------------------------------------------------------------------------------------------------
@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    _side(request)
    sort = p.FACILITY_TABLE.sort_get(request.GET.get("sort"))
    search = p.FACILITY_TABLE.search_q(request.GET.get("q", ""))
    state = request.GET.get("state", "")
    page = selectors.facility_page(user=request.user, state=state, search=search, after=request.GET.get("after"),
                                   before=request.GET.get("before"), page=page_number(request), order=sort.order)
    return render(request, "tailings/facility_list.html", {
        "table": p.FACILITY_TABLE.render(query=request.GET, rows=p.facility_rows(page.rows), sort=sort),
        "page": page, **page_links(request, page), "states": f.STATE_CHOICES, "state": state,
        "q": request.GET.get("q", ""), "can_register": is_operator(request.user) or request.user.is_superuser,
        "can_import": is_department(request.user) or request.user.is_superuser})


REGISTER_COLUMNS = [
    ("编号", "reference"), ("尾矿库名称", "name"), ("生产经营单位", "organisation.name"), ("所在地", "region.name"),
    ("监管部门", "supervisor.name"), ("等别", "grade"), ("状态", lambda x: x.state_label),
    ("项目类型", lambda x: x.get_project_kind_display()), ("平地型", lambda x: "是" if x.flat_type else "否"),
    ("总坝高（米）", "total_dam_height"), ("初期坝坝顶标高（米）", "starter_dam_crest_elevation"),
    ("设计最终堆积标高（米）", "final_design_elevation"), ("当前堆积标高（米）", "current_elevation"),
    ("上升速率（米/年）", "rise_rate"), ("平均外坡比（水平÷垂直）", "outer_slope_ratio"),
    ("排尾方式", lambda x: x.get_discharge_method_display()), ("筑坝方式", lambda x: x.get_dam_method_display()),
    ("配套矿山", "matching_mine"), ("设计服务年限", "design_life_years"),
    ("距黄河干流岸线（公里）", "yellow_river_distance_km"), ("距重要支流岸线（公里）", "tributary_distance_km"),
    ("专职安全管理人员", "safety_managers"), ("专业技术人员", "technicians"), ("特种作业人员", "special_operators"),
    ("安全生产许可证", "licence_number"), ("许可证有效期至", "licence_expires_on"),
    ("在线监测联网日期", "monitoring_linked_on"), ("包保系统编号", "baobao_system_id"),
    ("无主", lambda x: "是" if x.ownerless else "否"), ("销号日期", "closed_on"),
]


@login_required
def facility_export(request: HttpRequest) -> HttpResponse:
    _side(request)
    search = p.FACILITY_TABLE.search_q(request.GET.get("q", ""))
    qs = selectors.facility_list(user=request.user, state=request.GET.get("state", ""), search=search).select_related(
        "organisation", "region", "supervisor").order_by("reference")
    return export_xlsx(filename="尾矿库登记表.xlsx", columns=REGISTER_COLUMNS, rows=qs, actor=request.user,
                       sheet_title="一库一策", audit_summary="tailings register")


@login_required
def facility_new(request: HttpRequest) -> HttpResponse:
    """An operator registers a facility project (or an existing facility)."""
    if not (is_operator(request.user) or request.user.is_superuser):
        raise Http404
    form = f.FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.facility_register(
                actor=request.user, operator=request.user.organisation, supervisor=form.cleaned_data["supervisor"],
                region=form.cleaned_data["county"], data=form.facility_input())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已登记：%(ref)s") % {"ref": facility.reference})
            return redirect("tailings:facility_review", pk=facility.pk)
    return render(request, "tailings/facility_form.html", {"form": form})


@login_required
def facility_import(request: HttpRequest) -> HttpResponse:
    if not (is_department(request.user) or request.user.is_superuser):
        raise Http404
    form = f.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = supervision.register_import(actor=request.user, supervisor=form.cleaned_data["supervisor"],
                                                 content=form.cleaned_data["file"].read())
        except ValidationError as exc:
            form.add_error("file", exc.messages)
    return render(request, "tailings/facility_import.html", {"form": form, "result": result,
                                                             "columns": list(supervision.IMPORT_COLUMNS)})


@login_required
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_visible_or_404(request.user, Facility, pk=pk)
    days = {"1": 1, "7": 7, "30": 30, "365": 365}.get(request.GET.get("days", "7"), 7)
    until = timezone.now()
    since = until - timedelta(days=days)
    related = selectors.facility_related(facility)
    series = selectors.series_downsampled(facility=facility, since=since, until=until)
    context = case_panel(facility, request.user)
    context.update(related)
    context.update({
        "facility": facility, "days": days,
        "charts": p.station_charts(stations=related["stations"], series=series, limits=related["limits"],
                                   alarms=related["alarms"], since=since, until=until),
        "documents": document_list(case=facility, latest_only=True),
        "can_edit": user_can(request.user, "edit", facility) and facility.state != ch.FacilityState.CLOSED,
        "can_supervise": user_can(request.user, "register_danger", facility)
        and facility.state != ch.FacilityState.CLOSED,
        "projected_final_on": services.projected_final_on(facility),
        "elevation_form": f.ElevationForm(initial={"on": timezone.localdate(),
                                                   "elevation": facility.current_elevation}),
        "danger_form": f.DangerForm(facility=facility, initial={"found_on": timezone.localdate()}),
        "official_form": f.OfficialForm(initial={"effective_from": timezone.localdate()}),
        "inspection_form": f.InspectionForm(facility=facility, initial={"inspected_on": timezone.localdate()}),
    })
    return render(request, "tailings/facility_detail.html", context)


@login_required
def facility_review(request: HttpRequest, pk: int) -> HttpResponse:
    """项目审查: every siting/design rule with its article, pass or fail; the approval is blocked on a failure."""
    facility = get_visible_or_404(request.user, Facility, pk=pk)
    trace = services.facility_review(facility)
    context = case_panel(facility, request.user)
    context.update({"facility": facility, "trace": list(trace), "ok": trace.ok})
    return render(request, "tailings/facility_review.html", context)


def _post_only(request):
    if request.method != "POST":
        raise Http404


@login_required
def facility_elevation(request: HttpRequest, pk: int) -> HttpResponse:
    _post_only(request)
    facility = get_visible_or_404(request.user, Facility, pk=pk)
    if not user_can(request.user, "edit", facility):
        raise Http404
    form = f.ElevationForm(request.POST)
    if form.is_valid():
        try:
            services.facility_elevation_record(facility=facility, actor=request.user,
                                               elevation=form.cleaned_data["elevation"], on=form.cleaned_data["on"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已登记堆积标高"))
    else:
        messages.error(request, _("请填写标高和日期"))
    return redirect(facility)


@login_required
def danger_new(request: HttpRequest, pk: int) -> HttpResponse:
    _post_only(request)
    facility = get_visible_or_404(request.user, Facility, pk=pk)
    if not user_can(request.user, "register_danger", facility):
        raise Http404
    form = f.DangerForm(request.POST, facility=facility)
    if form.is_valid():
        try:
            danger = supervision.danger_register(facility=facility, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            return redirect(danger)
    else:
        messages.error(request, _("提交的信息有误：") + "；".join(e for es in form.errors.values() for e in es))
    return redirect(facility)


@login_required
def official_new(request: HttpRequest, pk: int) -> HttpResponse:
    _post_only(request)
    facility = get_visible_or_404(request.user, Facility, pk=pk)
    if not (user_can(request.user, "inspect", facility) and is_department(request.user)):
        raise Http404
    form = f.OfficialForm(request.POST)
    if form.is_valid():
        try:
            supervision.official_add(facility=facility, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("提交的信息有误：") + "；".join(e for es in form.errors.values() for e in es))
    return redirect(facility)


@login_required
def inspection_new(request: HttpRequest, pk: int) -> HttpResponse:
    _post_only(request)
    facility = get_visible_or_404(request.user, Facility, pk=pk)
    if not (user_can(request.user, "inspect", facility) and is_department(request.user)):
        raise Http404
    form = f.InspectionForm(request.POST, facility=facility)
    if form.is_valid():
        try:
            supervision.inspection_record(facility=facility, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("提交的信息有误：") + "；".join(e for es in form.errors.values() for e in es))
    return redirect(facility)


# --- Alarms -------------------------------------------------------------------------------------------------------
@login_required
def alarm_list(request: HttpRequest) -> HttpResponse:
    _side(request)
    state = request.GET.get("state", "active")
    search = p.ALARM_TABLE.search_q(request.GET.get("q", ""))
    sort = p.ALARM_TABLE.sort_get(request.GET.get("sort"))
    page = selectors.alarm_page(user=request.user, state=state, search=search, after=request.GET.get("after"),
                                before=request.GET.get("before"), order=sort.order)
    return render(request, "tailings/alarm_list.html", {
        "table": p.ALARM_TABLE.render(query=request.GET, rows=p.alarm_rows(page.rows), sort=sort), "page": page,
        **page_links(request, page), "state": state, "states": [("active", _("未解除")), ("", _("全部")),
            *list(ch.AlarmState.choices)]})


ALARM_COLUMNS = [
    ("编号", "reference"), ("尾矿库", "facility.name"), ("测点", "station.code"),
    ("类型", lambda a: a.get_kind_display()), ("监测项目", lambda a: a.get_quantity_display()),
    ("级别", lambda a: a.get_level_display()), ("最高级别", lambda a: a.get_peak_level_display()),
    ("最新数值", "value"), ("限值", "threshold"), ("状态", lambda a: a.get_state_display()),
    ("报警时间", "opened_at"), ("确认时间", "acknowledged_at"), ("解除时间", "cleared_at"),
]


@login_required
def alarm_export(request: HttpRequest) -> HttpResponse:
    _side(request)
    qs = selectors.alarm_list(user=request.user, state=request.GET.get("state", "")).select_related(
        "facility", "station").order_by("-opened_at")
    return export_xlsx(filename="尾矿库监测报警.xlsx", columns=ALARM_COLUMNS, rows=qs, actor=request.user,
                       sheet_title="监测报警", audit_summary="tailings alarms")


@login_required
def alarm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alarm = get_visible_or_404(request.user, Alarm, pk=pk)
    context = case_panel(alarm, request.user)
    context["alarm"] = alarm
    return render(request, "tailings/alarm_detail.html", context)


# --- Hidden dangers -----------------------------------------------------------------------------------------------
@login_required
def danger_list(request: HttpRequest) -> HttpResponse:
    _side(request)
    state = request.GET.get("state", "")
    page = selectors.danger_page(user=request.user, state=state, after=request.GET.get("after"),
                                 before=request.GET.get("before"))
    return render(request, "tailings/danger_list.html", {
        "table": p.DANGER_TABLE.render(query=request.GET, rows=p.danger_rows(page.rows), sort=None), "page": page,
        **page_links(request, page), "state": state, "states": [("", _("全部")), *list(ch.DangerState.choices)]})


@login_required
def danger_detail(request: HttpRequest, pk: int) -> HttpResponse:
    danger = get_visible_or_404(request.user, HiddenDanger, pk=pk)
    context = case_panel(danger, request.user)
    context.update({"danger": danger, "documents": document_list(case=danger, latest_only=True)})
    return render(request, "tailings/danger_detail.html", context)


# --- Public reports (staff) ---------------------------------------------------------------------------------------
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not (is_department(request.user) or request.user.is_superuser):
        raise Http404
    page = selectors.report_page(user=request.user, after=request.GET.get("after"), before=request.GET.get("before"))
    return render(request, "tailings/report_list.html", {
        "table": p.REPORT_TABLE.render(query=request.GET, rows=p.report_rows(page.rows), sort=None), "page": page,
        **page_links(request, page)})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_visible_or_404(request.user, PublicReport, pk=pk)
    context = case_panel(report, request.user)
    context["report"] = report
    return render(request, "tailings/report_detail.html", context)
