"""Pages: the public report form and progress lookup (no login), clerk clue list and clue page with every
step's form, and monitoring uploads with a progress bar. Views parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gazette.documents.selectors import document_list
from gazette.permissions import get_visible_or_404, user_can
from gazette.workflow.presenters import action_panel, case_panel

from . import choices as ch
from . import forms as f
from . import services
from .models import Clue, Measure, MonitoringHit, MonitoringUpload, RiskAlert, RiskReport, SupervisionAction
from .monitoring import FileFormatError, read_table
from .monitoring_services import OpenClueExistsError, upload_create
from .monitoring_services import hit_to_clue as hit_make_clue
from .permissions import can_monitor
from .prevention import services as prevention
from .selectors import clue_clocks, clue_refund_figures, evidence_with_files, participants_with_refunds
from .selectors import clue_list as select_clues

PUBLIC_LIMIT = 5          # reports per address
PUBLIC_WINDOW = 60 * 60   # per hour


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _form_invalid(request, form) -> None:
    """Tell the clerk what was wrong with a posted step form: field label and message, never a silent redirect."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
    messages.error(request, _("提交的信息有误：") + "；".join(str(p) for p in parts))


def _input(cd: dict, source: str) -> services.ClueInput:
    return services.ClueInput(
        source=source, subject_name=cd.get("subject_name", ""), description=cd.get("description", ""),
        subject_kind=cd["subject_kind"], subject_region=cd.get("subject_region"),
        subject_address=cd.get("subject_address", ""), amount_involved=cd.get("amount_involved"),
        reporter_name=cd.get("reporter_name", ""), reporter_phone=cd.get("reporter_phone", ""),
        reporter_id_number=cd.get("reporter_id_number", ""))


# --- Public ---------------------------------------------------------------------------------------------------
def public_report(request: HttpRequest) -> HttpResponse:
    """举报非法集资 without login; at most PUBLIC_LIMIT reports per address per hour (cache counter)."""
    form = f.PublicReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        key = f"collection:public-report:{_client_ip(request)}"
        cache.add(key, 0, PUBLIC_WINDOW)
        if cache.incr(key) > PUBLIC_LIMIT:
            return render(request, "collection/public_report.html", {
                "form": form, "limited": True,
                "alerts": RiskAlert.objects.filter(audience=ch.AlertAudience.PUBLIC)[:5]}, status=429)
        if form.is_valid():
            try:
                clue = services.public_report_submit(data=_input(form.cleaned_data, ch.ClueSource.PUBLIC_REPORT),
                                                     files=form.cleaned_data.get("evidence_files") or [])
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errs in exc.message_dict.items():
                        form.add_error(name if name in form.fields else None, errs)
                else:
                    form.add_error(None, exc.messages)
            else:
                return redirect("collection:public_receipt", receipt=clue.receipt_number)
    return render(request, "collection/public_report.html", {
        "form": form, "alerts": RiskAlert.objects.filter(audience=ch.AlertAudience.PUBLIC)[:5]})


def public_receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    clue = services.clue_by_receipt(receipt)
    if clue is None:
        return render(request, "collection/public_status.html", {"receipt": receipt, "missing": True}, status=404)
    return render(request, "collection/public_status.html", {"clue": clue, "receipt": receipt, "new": True})


def public_status(request: HttpRequest) -> HttpResponse:
    receipt = request.GET.get("receipt", "").strip()
    clue = services.clue_by_receipt(receipt) if receipt else None
    return render(request, "collection/public_status.html",
                  {"clue": clue, "receipt": receipt, "missing": bool(receipt) and clue is None})


# --- Clerk pages ----------------------------------------------------------------------------------------------
EXPORT_COLUMNS = [
    ("编号", "reference"), ("涉嫌主体", "subject_name"), ("来源", lambda c: c.get_source_display()),
    ("状态", lambda c: c.state_label), ("登记单位", "registering_organisation.name"),
    ("牵头部门", lambda c: c.lead_department.name if c.lead_department else ""),
    ("涉及金额（元）", "amount_involved"), ("登记时间", "created_at"),
]


@login_required
def clue_list(request: HttpRequest) -> HttpResponse:
    qs = select_clues(user=request.user, state=request.GET.get("state", ""),
                      source=request.GET.get("source", ""), q=request.GET.get("q", ""))
    if request.GET.get("export") == "xlsx":
        from gazette.documents.exports import export_xlsx

        return export_xlsx(filename="非法集资线索.xlsx", columns=EXPORT_COLUMNS, rows=qs, actor=request.user,
                           sheet_title="线索", audit_summary="非法集资线索清单")
    clues = list(qs[:200])
    clocks = clue_clocks(clues)
    rows = [{"clue": c, "clock": clocks.get(c.pk)} for c in clues]
    return render(request, "collection/clue_list.html", {
        "rows": rows, "states": ch.ClueState.choices, "sources": ch.ClueSource.choices, "filters": request.GET})


@login_required
def clue_new(request: HttpRequest) -> HttpResponse:
    form = f.ClueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clue = services.clue_register(actor=request.user, organisation=request.user.organisation,
                                          data=_input(form.cleaned_data, form.cleaned_data["source"]))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("线索已登记：%(ref)s") % {"ref": clue.reference})
            return redirect(clue)
    return render(request, "collection/clue_form.html", {"form": form})


@login_required
def clue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    clue = get_visible_or_404(request.user, Clue, pk=pk)
    context = case_panel(clue, request.user)
    handle = user_can(request.user, "edit", clue)
    # Each measure's actions are its workflow's (approve, refuse, execute), as the engine offers them to this user.
    measures = [{"m": m, "actions": action_panel(m, request.user)}
                for m in clue.measures.select_related("approved_by")]
    figures = clue_refund_figures(clue)
    context.update({
        "clue": clue, "reporter": services.reporter_identity(clue=clue, user=request.user),
        "can_reward": user_can(request.user, "reward", clue), "can_edit": handle,
        "team": clue.team.all(), "evidence": evidence_with_files(clue), "measures": measures,
        "participants": participants_with_refunds(clue), "assets": clue.assets.all(),
        "figures": figures, "refund_percent": figures["refund_ratio"] * 100,
        "documents": document_list(case=clue, latest_only=True),
        "team_form": f.TeamMemberForm(), "evidence_form": f.EvidenceForm(), "measure_form": f.MeasureForm(),
        "import_form": f.ParticipantsImportForm(), "asset_form": f.AssetForm(),
    })
    return render(request, "collection/clue_detail.html", context)


def _clue_post(request, pk, action="edit"):
    clue = get_visible_or_404(request.user, Clue, pk=pk)
    if not user_can(request.user, action, clue):
        messages.error(request, _("您无权办理该事项。"))
        return clue, False
    return clue, True


def _run(request, clue, fn, ok_message):
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, ok_message)
    return redirect(clue)


@login_required
@require_POST
def team_add(request, pk):
    clue, ok = _clue_post(request, pk)
    form = f.TeamMemberForm(request.POST)
    if not ok or not form.is_valid():
        if ok:
            _form_invalid(request, form)
        return redirect(clue)
    return _run(request, clue, lambda: services.team_member_add(clue=clue, actor=request.user, **form.cleaned_data),
                _("已加入调查组"))


@login_required
@require_POST
def evidence_add(request, pk):
    clue, ok = _clue_post(request, pk)
    form = f.EvidenceForm(request.POST, request.FILES)
    if not ok or not form.is_valid():
        if ok:
            _form_invalid(request, form)
        return redirect(clue)
    return _run(request, clue, lambda: services.evidence_add(clue=clue, actor=request.user, **form.cleaned_data),
                _("证据已登记"))


@login_required
@require_POST
def evidence_verify(request, pk):
    clue, ok = _clue_post(request, pk)
    evidence = clue.evidence.filter(pk=request.POST.get("evidence") or None).first()
    if not ok or evidence is None:
        return redirect(clue)
    return _run(request, clue, lambda: services.evidence_verify(evidence=evidence, actor=request.user),
                _("证据已查证属实"))


@login_required
@require_POST
def measure_add(request, pk):
    clue, ok = _clue_post(request, pk)
    form = f.MeasureForm(request.POST)
    if not ok or not form.is_valid():
        if ok:
            _form_invalid(request, form)
        return redirect(clue)
    return _run(request, clue, lambda: services.measure_request(clue=clue, actor=request.user, **form.cleaned_data),
                _("措施已登记"))


@login_required
def measure_detail(request, pk):
    """A measure is shown on its clue's page (its row there carries its actions and their forms)."""
    measure = get_visible_or_404(request.user, Measure, pk=pk)
    return redirect(f"{measure.clue.get_absolute_url()}#measure-{measure.pk}")


@login_required
@require_POST
def participants_import(request, pk):
    clue, ok = _clue_post(request, pk)
    upload = request.FILES.get("file")
    if not ok or upload is None:
        return redirect(clue)
    try:
        rows = list(read_table(upload.name, upload.read()))
        result = services.participants_import(clue=clue, actor=request.user, rows=rows)
    except (FileFormatError, ValidationError) as exc:
        messages.error(request, str(exc) if isinstance(exc, FileFormatError) else _errors(exc))
        return redirect(clue)
    messages.success(request, _("已导入%(n)s人") % {"n": result.created})
    for err in result.errors:
        messages.warning(request, _("第%(row)s行：%(e)s") % {"row": err["row"], "e": err["errors"]})
    return redirect(clue)


@login_required
@require_POST
def asset_add(request, pk):
    clue, ok = _clue_post(request, pk)
    form = f.AssetForm(request.POST)
    if not ok or not form.is_valid():
        if ok:
            _form_invalid(request, form)
        return redirect(clue)
    return _run(request, clue, lambda: services.asset_record(clue=clue, actor=request.user, **form.cleaned_data),
                _("追回资产已登记"))


@login_required
@require_POST
def refund_add(request, pk):
    clue, ok = _clue_post(request, pk)
    participant = clue.participants.filter(pk=request.POST.get("participant")).first()
    if not ok or participant is None:
        return redirect(clue)
    from django.utils import timezone

    return _run(request, clue, lambda: services.refund_record(
        clue=clue, actor=request.user, participant=participant, amount=request.POST.get("amount", ""),
        paid_on=timezone.localdate()), _("清退已登记"))


@login_required
@require_POST
def reward_record(request, pk):
    clue, ok = _clue_post(request, pk, "reward")
    if not ok:
        return redirect(clue)
    return _run(request, clue, lambda: services.reward_record(
        clue=clue, actor=request.user, decision=request.POST.get("decision", ""),
        amount=request.POST.get("amount") or "0", note=request.POST.get("note", "")), _("奖励决定已记录"))


@login_required
@require_POST
def police_feedback(request, pk):
    clue, ok = _clue_post(request, pk)
    if not ok:
        return redirect(clue)
    return _run(request, clue, lambda: services.police_feedback_record(
        clue=clue, actor=request.user, feedback=request.POST.get("feedback", "")), _("已登记公安机关反馈"))


@login_required
def participants_export(request, pk):
    """参与人清单 to Excel with ID numbers masked; the export is audited."""
    from gazette.audit.masking import mask_id_number, mask_phone
    from gazette.documents.exports import export_xlsx

    clue = get_visible_or_404(request.user, Clue, pk=pk)
    columns = [("姓名", "name"), ("身份证号", "id_number", mask_id_number), ("电话", "phone", mask_phone),
               ("申报金额（元）", "claimed_amount"), ("已清退（元）", lambda p: p.paid or 0)]
    return export_xlsx(filename=f"{clue.reference}-集资参与人.xlsx", columns=columns,
                       rows=participants_with_refunds(clue), actor=request.user, sheet_title="参与人",
                       audit_summary=f"{clue.reference} 集资参与人")


# --- Monitoring -----------------------------------------------------------------------------------------------
@login_required
def upload_list(request):
    from gazette.permissions import visible

    form = f.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_monitor(request.user):
            messages.error(request, _("您无权上传监测数据。"))
        elif form.is_valid():
            try:
                upload = upload_create(actor=request.user, kind=form.cleaned_data["kind"],
                                       file=form.cleaned_data["file"])
            except ValidationError as exc:
                for name, errs in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errs)
            else:
                return redirect("collection:upload_detail", pk=upload.pk)
    uploads = visible(request.user, MonitoringUpload).select_related("organisation", "uploaded_by")[:100]
    return render(request, "collection/upload_list.html", {"form": form, "uploads": uploads})


@login_required
def upload_detail(request, pk):
    upload = get_visible_or_404(request.user, MonitoringUpload, pk=pk)
    hits = upload.hits.select_related("clue")
    return render(request, "collection/upload_detail.html",
                  {"upload": upload, "hits": hits, "confirm": request.GET.get("confirm", "")})


@login_required
def upload_progress(request, pk):
    upload = get_visible_or_404(request.user, MonitoringUpload, pk=pk)
    return JsonResponse({"status": upload.status, "percent": upload.percent, "processed": upload.processed_rows,
                         "total": upload.total_rows, "hits": upload.hits.count()})


@login_required
@require_POST
def hit_to_clue(request, pk, hit_pk):
    upload = get_visible_or_404(request.user, MonitoringUpload, pk=pk)
    hit = get_object_or_404(MonitoringHit, pk=hit_pk, upload=upload)
    if not user_can(request.user, "to_clue", upload):
        messages.error(request, _("您无权办理该事项。"))
        return redirect("collection:upload_detail", pk=upload.pk)
    try:
        with transaction.atomic():
            clue = hit_make_clue(hit=hit, actor=request.user,
                                 confirm_duplicate=request.POST.get("confirm_duplicate") == "1")
    except OpenClueExistsError as exc:
        links = format_html_join("、", '<a href="{}">{}</a>', ((c.get_absolute_url(), c.reference) for c in exc.clues))
        messages.warning(request, format_html(
            _("“{subject}”已有在办线索：{links}。请先核对该线索；确需另立线索的，勾选“仍转为新线索”后再提交。"),
            subject=hit.subject_name, links=links))
        return redirect(f"{reverse('collection:upload_detail', args=[upload.pk])}?confirm={hit.pk}#hit-{hit.pk}")
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("collection:upload_detail", pk=upload.pk)
    messages.success(request, _("已转为线索：%(ref)s") % {"ref": clue.reference})
    return redirect(clue)


# --- Prevention (COLL-A23, A26, A27) ---------------------------------------------------------------------------
@login_required
def report_list(request):
    from gazette.permissions import visible

    reports = visible(request.user, RiskReport).select_related("organisation", "lead_department")[:200]
    return render(request, "collection/report_list.html", {"reports": reports})


@login_required
def report_detail(request, pk):
    """The report with its clock, history and its workflow's action (报送, by the unit that owes it)."""
    report = get_visible_or_404(request.user, RiskReport, pk=pk)
    context = case_panel(report, request.user)
    context["report"] = report
    return render(request, "collection/report_detail.html", context)


@login_required
def supervision_list(request):
    """Issue a warning talk or rectification order (COLL-A27); each is then handled on its own page."""
    from gazette.permissions import visible

    if request.method == "POST":
        try:
            action = prevention.supervision_issue(
                actor=request.user, kind=request.POST.get("kind", ""), target_name=request.POST.get("target_name", ""),
                content=request.POST.get("content", ""), days=int(request.POST.get("days") or 0))
        except (ValidationError, ValueError) as exc:
            messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else _("期限应为整数。"))
        else:
            messages.success(request, _("已作出：%(ref)s") % {"ref": action.reference})
        return redirect("collection:supervision_list")
    actions = visible(request.user, SupervisionAction)
    return render(request, "collection/supervision_list.html", {
        "actions": actions, "kinds": ch.SupervisionKind.choices})


@login_required
def supervision_detail(request, pk):
    action = get_visible_or_404(request.user, SupervisionAction, pk=pk)
    context = case_panel(action, request.user)
    context["action"] = action
    return render(request, "collection/supervision_detail.html", context)


@login_required
def alert_list(request):
    if request.method == "POST":
        try:
            prevention.risk_alert_publish(actor=request.user, audience=request.POST.get("audience", ""),
                                          title=request.POST.get("title", ""), content=request.POST.get("content", ""),
                                          regions=request.POST.getlist("regions"))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("风险提示已发布"))
        return redirect("collection:alert_list")
    return render(request, "collection/alert_list.html", {
        "alerts": RiskAlert.objects.select_related("organisation")[:100], "audiences": ch.AlertAudience.choices})
