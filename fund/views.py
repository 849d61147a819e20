"""Pages of the fund app: the clerks' list and case page, the hospital portal and the ledger."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from gazette.audit.masking import mask_bank_account, mask_id_number
from gazette.documents.exports import export_xlsx
from gazette.orgs.choices import OrganisationType
from gazette.orgs.models import Organisation
from gazette.permissions import user_can
from gazette.ui.paging import page_links, page_number
from gazette.workflow.exceptions import WorkflowError
from gazette.workflow.presenters import case_panel

from . import selectors, services
from .checklist import missing_for_applications
from .choices import RecoveryState
from .forms import (
    DOCUMENT_FIELD_PREFIX,
    AdvanceAdjustForm,
    ApplicationFilterForm,
    DocumentForm,
    InflowForm,
    TreatmentRequestForm,
    documents_of,
)
from .permissions import (
    can_record_ledger,
    can_view_ledger,
    is_clerk_side,
    is_hospital_user,
)
from .presenters import (
    APPLICATION_TABLE,
    application_checklist,
    application_documents,
    application_list_rows,
    application_missing,
)

PAGE_SIZE = 50  # rows per page of the clerks' list and the hospital portal


def _errors_to_form(form, exc: ValidationError) -> None:
    for field, msgs in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        for msg in msgs:
            form.add_error(field if field in form.fields else None, msg)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """救助基金申请 list for clerks: filters, masked personal data, what each application lacks; 上一页/下一页 by
    cursor (``?after=`` / ``?before=``), no COUNT of the whole list; ``?page=N`` links still open page N."""
    if not is_clerk_side(request.user):
        raise Http404
    form = ApplicationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = APPLICATION_TABLE.sort_get(request.GET.get("sort"))
    search = APPLICATION_TABLE.search_q(filters.get("q", ""))
    page = selectors.application_page(user=request.user, state=filters.get("state", ""),
                                      kind=filters.get("kind", ""), search=search,
                                      after=request.GET.get("after"), before=request.GET.get("before"),
                                      page=page_number(request), size=PAGE_SIZE, order=sort.order)
    return render(request, "fund/application_list.html", {
        "form": form, "page": page, "sort_param": request.GET.get("sort") and sort.param,
        "table": APPLICATION_TABLE.render(query=request.GET, rows=application_list_rows(page.rows), sort=sort),
        **page_links(request, page),
    })


def _attach_missing(applications) -> None:
    """What each listed application still lacks, from one documents-engine query for the whole page."""
    applications = list(applications)
    missing = missing_for_applications(applications)
    for app in applications:
        app.missing_labels = [str(i.label) for i in missing.get(app.pk, [])]


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk, page=True)
    context = case_panel(app, request.user)
    checklist = application_checklist(app)
    context.update({
        "app": app, "checklist": checklist, "missing": application_missing(app, checklist),
        "issued_documents": application_documents(app), "upload_form": DocumentForm(),
        "can_upload": user_can(request.user, "upload", app), "can_reveal": user_can(request.user, "reveal", app),
        "can_record_determination": user_can(request.user, "record_determination", app),
        "can_adjust_advance": app.state in services.ADJUSTABLE_STATES and user_can(request.user, "adjust_advance", app),
        "advance_form": AdvanceAdjustForm(initial={"amount": app.advance_amount}),
        "recovery": getattr(app, "recovery", None) if hasattr(app, "recovery") else None,
        "can_view_recovery": hasattr(app, "recovery") and user_can(request.user, "view", app.recovery),
        "is_hospital": is_hospital_user(request.user),
    })
    return render(request, "fund/application_detail.html", context)


@login_required
@require_POST
def application_upload(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    if not user_can(request.user, "upload", app):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择材料类别和文件。"))
        return redirect(app.get_absolute_url())
    try:
        services.application_attachment_add(application=app, actor=request.user, code=form.cleaned_data["code"],
                              upload=form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("材料已上传。"))
    return redirect(app.get_absolute_url())


@login_required
@require_POST
def application_determination(request: HttpRequest, pk: int) -> HttpResponse:
    """The date the police made the 事故认定书: starts their 7-working-day clock to send it (第三十五条)."""
    app = selectors.application_get(user=request.user, pk=pk)
    if not user_can(request.user, "record_determination", app):
        raise PermissionDenied
    try:
        made_on = date.fromisoformat(request.POST.get("made_on", ""))
        services.determination_made_record(application=app, actor=request.user, made_on=made_on)
    except ValueError:
        messages.error(request, _("请填写事故认定书作出日期。"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已登记。"))
    return redirect(app.get_absolute_url())


@login_required
@require_POST
def application_advance_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer sets the 核定金额 with a reason (第二十九条第一款第三项); the service decides and audits."""
    app = selectors.application_get(user=request.user, pk=pk)
    if not user_can(request.user, "adjust_advance", app):
        raise PermissionDenied
    form = AdvanceAdjustForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(m) for msgs in form.errors.values() for m in msgs))
        return redirect(app.get_absolute_url())
    try:
        services.application_advance_adjust(application=app, actor=request.user, amount=form.cleaned_data["amount"],
                                            reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("核定金额已调整。"))
    return redirect(app.get_absolute_url())


@login_required
@require_POST
def application_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full victim ID number once; the reveal is audited."""
    app = selectors.application_get(user=request.user, pk=pk)
    if not user_can(request.user, "reveal", app):
        raise PermissionDenied
    messages.info(request, _("受害人身份证号：%(id)s（本次查看已记录）") % {
        "id": services.victim_id_reveal(application=app, actor=request.user)})
    return redirect(app.get_absolute_url())


@login_required
def portal_list(request: HttpRequest) -> HttpResponse:
    if not is_hospital_user(request.user):
        raise Http404
    apps = selectors.application_list(user=request.user)
    page = Paginator(apps, PAGE_SIZE).get_page(request.GET.get("page"))
    _attach_missing(page.object_list)
    return render(request, "fund/portal_list.html", {"page": page})


@login_required
def portal_submit(request: HttpRequest) -> HttpResponse:
    if not is_hospital_user(request.user):
        raise Http404
    form = TreatmentRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        documents = documents_of(form)
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith(DOCUMENT_FIELD_PREFIX)}
        data |= {"kind": "treatment", "applicant_type": "hospital"}
        try:
            app = services.application_submit_with_documents(actor=request.user, data=data, documents=documents)
        except ValidationError as exc:
            _errors_to_form(form, ValidationError({
                (f"{DOCUMENT_FIELD_PREFIX}{k}" if f"{DOCUMENT_FIELD_PREFIX}{k}" in form.fields else k): v
                for k, v in exc.message_dict.items()}) if hasattr(exc, "error_dict") else exc)
        else:
            n = sum(len(files) for files in documents.values())
            messages.success(request, _("申请已提交，编号%(ref)s，已上传材料%(n)s份。") % {"ref": app.reference, "n": n}
                             if n else _("申请已提交，编号%(ref)s。请上传材料。") % {"ref": app.reference})
            return redirect(app.get_absolute_url())
    return render(request, "fund/portal_submit.html", {"form": form})


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    """基金台账: balance, reconciliation, the FUND-A15 levy check and every entry."""
    if not can_view_ledger(request.user):
        raise Http404
    form = InflowForm(request.POST or None) if can_record_ledger(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.ledger_inflow_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("已入账。"))
            return redirect("fund:ledger")
    from django.utils import timezone

    year = timezone.localdate().year
    reports, obligations = selectors.duties_list()
    return render(request, "fund/ledger.html", {
        "recon": selectors.ledger_reconcile(), "levy": selectors.levy_suspension_check(year=year), "year": year,
        "entries": Paginator(selectors.ledger_list(), 100).get_page(request.GET.get("page")), "form": form,
        "reports": reports, "obligations": obligations, "can_record": can_record_ledger(request.user),
    })


# --- Excel exports (ID numbers and bank accounts leave masked) -----------------------------------------------------
APPLICATION_COLUMNS = (
    (_l("编号"), "reference"), (_l("类型"), lambda a: a.get_kind_display()), (_l("状态"), "state_label"),
    (_l("申请人"), "applicant_name"), (_l("受害人"), "victim_name"),
    (_l("受害人身份证号"), "victim_id_number", mask_id_number), (_l("事故发生地"), "region.full_name"),
    (_l("事故发生时间"), "accident_at"), (_l("医疗机构"), "hospital.name"), (_l("核定金额"), "advance_amount"),
    (_l("审批层级"), lambda a: a.get_approval_level_display()), (_l("收款户名"), "bank_account_name"),
    (_l("收款账号"), "bank_account", mask_bank_account), (_l("接收时间"), "created_at"),
)
LEDGER_COLUMNS = (
    (_l("发生日期"), "occurred_on"), (_l("类别"), lambda e: e.get_kind_display()),
    (_l("方向"), lambda e: e.get_direction_display()), (_l("金额"), "amount"), (_l("凭证号"), "source_ref"),
    (_l("申请编号"), "application.reference"), (_l("摘要"), "note"), (_l("记账时间"), "created_at"),
)
RECOVERY_COLUMNS = (
    (_l("编号"), "reference"), (_l("状态"), lambda r: r.get_state_display()), (_l("承办单位"), "organisation.name"),
    (_l("垫付金额"), "advanced"), (_l("垫付时间"), "paid_at"), (_l("偿还义务人"), "obligor_name"),
    (_l("事故责任"), lambda r: r.get_liability_display()), (_l("应追偿金额"), "amount_due"),
    (_l("已追回金额"), "amount_recovered"), (_l("受害人身份证号"), "application.victim_id_number", mask_id_number),
    (_l("协助追偿通知书送达时间"), "assist_notice_sent_at"), (_l("移交追偿受托人时间"), "handed_over_at"),
    (_l("结清时间"), "settled_at"),
)


def _columns(columns):
    return [(str(c[0]), *c[1:]) for c in columns]


@login_required
def application_export(request: HttpRequest) -> HttpResponse:
    """The clerk list as Excel, with the filters currently applied."""
    if not is_clerk_side(request.user):
        raise Http404
    form = ApplicationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    search = APPLICATION_TABLE.search_q(filters.get("q", ""))
    qs = selectors.application_list(user=request.user, state=filters.get("state", ""),
                                    kind=filters.get("kind", ""), search=search)
    return export_xlsx(filename="救助基金申请.xlsx", columns=_columns(APPLICATION_COLUMNS), rows=qs,
                       actor=request.user, sheet_title="救助基金申请", audit_summary=f"fund applications {filters}")


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    if not can_view_ledger(request.user):
        raise Http404
    return export_xlsx(filename="救助基金台账.xlsx", columns=_columns(LEDGER_COLUMNS), rows=selectors.ledger_list(),
                       actor=request.user, sheet_title="基金台账")


@login_required
def recovery_export(request: HttpRequest) -> HttpResponse:
    qs = selectors.recovery_list(user=request.user, state=request.GET.get("state", ""))
    if not is_clerk_side(request.user):
        raise Http404
    return export_xlsx(filename="垫付款追偿.xlsx", columns=_columns(RECOVERY_COLUMNS), rows=qs, actor=request.user,
                       sheet_title="垫付款追偿")


# --- recovery (追偿) and write-off (核销) -------------------------------------------------------------------------
@login_required
def recovery_list(request: HttpRequest) -> HttpResponse:
    """垫付款追偿: the manager, the joint meeting and finance see all; the trustee only what was handed to it."""
    if not is_clerk_side(request.user):
        raise Http404
    state = request.GET.get("state", "")
    qs = selectors.recovery_list(user=request.user, state=state)
    return render(request, "fund/recovery_list.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page")), "state": state,
        "states": RecoveryState.choices})


@login_required
def recovery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recovery = selectors.recovery_get(user=request.user, pk=pk)
    context = case_panel(recovery, request.user)
    context.update({
        "recovery": recovery, "app": recovery.application,
        "collections": recovery.collections.order_by("collected_at"),
        "write_offs": recovery.write_offs.order_by("-submitted_at"),
    })
    return render(request, "fund/recovery_detail.html", context)


def public_information(request: HttpRequest) -> HttpResponse:
    """救助基金信息公开 (第四十一条), no login: policy, contacts, process, document lists and the fund's figures.
    Nothing personal is shown (第四十一条第二款)."""
    from .checklist import CHECKLIST
    from .choices import ApplicationKind

    manager = Organisation.objects.filter(type=OrganisationType.FUND_MANAGER, is_active=True).order_by("id").first()
    checklists = [(label, [(item, when) for item, when in CHECKLIST[kind]]) for kind, label in ApplicationKind.choices]
    return render(request, "fund/public_information.html", {
        "manager": manager, "figures": selectors.public_figures(), "checklists": checklists,
        "hotline": services.hotline_on(timezone.localdate()),
    })
