"""Pages of the fund app: the clerks' list and case page, the hospital portal and the ledger."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gazette.permissions import user_can
from gazette.workflow.exceptions import WorkflowError
from gazette.workflow.presenters import case_panel
from gazette.workflow.views import action_post

from . import selectors, services
from .forms import ApplicationFilterForm, DocumentForm, InflowForm, TreatmentRequestForm
from .permissions import can_record_ledger, can_view_ledger, is_clerk_side, is_hospital_user
from .presenters import application_checklist, application_missing
from .workflow import WORKFLOW

PAGE_SIZE = 50  # rows per page of the clerks' list and the hospital portal


def _errors_to_form(form, exc: ValidationError) -> None:
    for field, msgs in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        for msg in msgs:
            form.add_error(field if field in form.fields else None, msg)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """救助基金申请 list for clerks: filters, masked personal data, one query per page."""
    if not is_clerk_side(request.user):
        raise Http404
    form = ApplicationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.application_list(user=request.user, state=filters.get("state", ""),
                                    kind=filters.get("kind", ""), q=filters.get("q", ""))
    # The list shows none of the long texts; not reading them halves the bytes PostgreSQL hands back per page.
    qs = qs.defer("rule_trace", "requested_documents", "post7_reasons", "refusal_reason")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fund/application_list.html", {"form": form, "page": page})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    context = case_panel(app, request.user)
    context.update({
        "app": app, "checklist": application_checklist(app), "missing": application_missing(app),
        "documents": app.documents.select_related("uploaded_by"), "upload_form": DocumentForm(),
        "can_upload": user_can(request.user, "upload", app), "can_reveal": user_can(request.user, "reveal", app),
        "recovery": getattr(app, "recovery", None) if hasattr(app, "recovery") else None,
        "is_hospital": is_hospital_user(request.user),
    })
    return render(request, "fund/application_detail.html", context)


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    name = name.replace("-", "_")
    if WORKFLOW.get(name) is None:
        raise Http404
    data = {}
    if name == "refuse":
        data = {"reason": request.POST.get("comment", "")}
    elif name == "transfer":
        data = {"hospital": request.POST.get("hospital"), "police_notice_no": request.POST.get("police_notice_no")}
    return action_post(request, case=app, name=name, data=data)


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
        services.document_add(application=app, actor=request.user, code=form.cleaned_data["code"],
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
    return render(request, "fund/portal_list.html", {"page": page})


@login_required
def portal_submit(request: HttpRequest) -> HttpResponse:
    if not is_hospital_user(request.user):
        raise Http404
    form = TreatmentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "kind": "treatment", "applicant_type": "hospital"}
        try:
            app = services.application_submit(actor=request.user, data=data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("申请已提交，编号%(ref)s。请上传材料。") % {"ref": app.reference})
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
    return render(request, "fund/ledger.html", {
        "recon": selectors.ledger_reconcile(), "levy": selectors.levy_suspension_check(year=year), "year": year,
        "entries": Paginator(selectors.ledger_list(), 100).get_page(request.GET.get("page")), "form": form,
    })
