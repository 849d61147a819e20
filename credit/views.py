"""Pages: the enterprise portal, the departments' lists and rating pages (score entry, objections, the engine's
action panel), enterprises and their records, star applications, and the public pages (final grades and open
notices with an objection form, no login). Views parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gazette.documents.exports import export_xlsx
from gazette.documents.selectors import document_list
from gazette.permissions import get_visible_or_404, user_can, visible
from gazette.rules.models import Regulation
from gazette.ui.paging import NEWEST_FIRST, keyset_page, page_links, page_number
from gazette.workflow.exceptions import GuardFailed
from gazette.workflow.presenters import case_panel

from . import choices as ch
from . import forms as f
from . import selectors, services
from .models import CreditCycle, CreditRecord, Enterprise, Rating, StarApplication
from .permissions import is_credit_side, is_department, is_enterprise
from .presenters import (
    GRADE_FIELDS,
    GRADE_TABLE,
    RATING_FIELDS,
    RATING_TABLE,
    STAR_FIELDS,
    STAR_TABLE,
    grade_rows,
    rating_rows,
    star_rows,
)
from .rules import grade_effects

PAGE_SIZE = 50


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(f"{m}" for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


def _side(request: HttpRequest) -> None:
    if not is_credit_side(request.user):
        raise Http404


# --- public ---------------------------------------------------------------------------------------------------
def grades(request: HttpRequest) -> HttpResponse:
    """信用评价结果 (第九条第四项): the final grades with the year, searchable, no login."""
    year = request.GET.get("year", "")
    sort = GRADE_TABLE.sort_get(request.GET.get("sort"))
    search = GRADE_TABLE.search_q(request.GET.get("q", "").strip())
    qs = selectors.final_grades(year=int(year) if year.isdigit() else None)
    page = keyset_page(queryset=qs, fields=GRADE_FIELDS, size=PAGE_SIZE, after=request.GET.get("after"),
                       before=request.GET.get("before"), page=page_number(request),
                       narrow=lambda q: q.filter(search) if search is not None else q,
                       order=sort.order if sort else NEWEST_FIRST)
    return render(request, "credit/grades.html", {
        "table": GRADE_TABLE.render(query=request.GET, rows=grade_rows(page.rows), sort=sort), "page": page,
        "years": CreditCycle.objects.values_list("year", flat=True), "year": year, "q": request.GET.get("q", ""),
        **page_links(request, page)})


def notices(request: HttpRequest) -> HttpResponse:
    """The ratings on public notice (公示) with the objection form (第九条第三项), no login."""
    rows = (Rating.objects.filter(state=ch.RatingState.NOTICED)
            .select_related("enterprise__organisation", "cycle").order_by("enterprise__organisation__name")[:200])
    return render(request, "credit/notices.html", {"ratings": rows, "form": f.ObjectionForm()})


def list_pdf(request: HttpRequest, which: str) -> HttpResponse:
    """The final list (最终评定结果) or the public notice (初评结论公示) as PDF, no login (第九条第三项、第四项)."""
    from gazette.documents.rendering import render_pdf

    from .presenters import KIND_LABELS

    notice = which == "notice"
    qs = Rating.objects.filter(state=ch.RatingState.NOTICED) if notice else selectors.final_grades(
        year=int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None)
    rows = list(qs.order_by("enterprise__organisation__name").values(
        "enterprise__organisation__name", "enterprise__credit_code", "kind", "cycle__year", "score", "grade")[:5000])
    for row in rows:
        row["kind_label"] = KIND_LABELS.get(row["kind"], row["kind"])
    title = "房地产企业信用评价初评结论公示" if notice else "房地产企业信用评价最终评定结果"
    pdf = render_pdf("credit/documents/grade_list.html", {"title": title, "rows": rows, "notice": notice,
                                                          "today": timezone.localdate()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{which}.pdf"
    return response


def objection_new(request: HttpRequest) -> HttpResponse:
    """异议 during the notice (第九条第三项), no login: ``?rating=<id>`` of a rating that has been on notice."""
    raw = request.POST.get("rating") or request.GET.get("rating") or ""
    if not raw.isdigit():
        raise Http404
    rating = get_object_or_404(Rating, pk=int(raw), state__in=(ch.RatingState.NOTICED, ch.RatingState.RERATED,
                                                              ch.RatingState.FINAL))
    form = f.ObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_submit(rating=rating, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            status = 400
        else:
            return render(request, "credit/objection_done.html", {"rating": rating})
    elif request.method == "POST":
        status = 400
    return render(request, "credit/objection_form.html", {"rating": rating, "form": form}, status=status)


# --- departments and firms ------------------------------------------------------------------------------------
EXPORT_COLUMNS = [
    ("编号", "reference"), ("企业", "enterprise.organisation.name"), ("统一社会信用代码", "enterprise.credit_code"),
    ("类型", lambda r: r.get_kind_display()), ("年度", "cycle.year"), ("状态", lambda r: r.state_label),
    ("客观信用分值", "objective"), ("良好信用分值", "good"), ("不良信用分值", "bad"), ("信用分值", "score"),
    ("信用等级", "grade"), ("一票否决", lambda r: "是" if r.veto else ""),
]


@login_required
def rating_list(request: HttpRequest) -> HttpResponse:
    _side(request)
    state = request.GET.get("state", "")
    sort = RATING_TABLE.sort_get(request.GET.get("sort"))
    search = RATING_TABLE.search_q(request.GET.get("q", "").strip())

    def narrow(qs):
        if state:
            qs = qs.filter(state=state)
        return qs.filter(search) if search is not None else qs

    if request.GET.get("export") == "xlsx":
        rows = narrow(visible(request.user, Rating)).select_related("enterprise__organisation", "cycle")
        return export_xlsx(filename="信用评价.xlsx", columns=EXPORT_COLUMNS, rows=rows.order_by("reference"),
                           actor=request.user, sheet_title="信用评价", audit_summary=f"信用评价清单 {state}")
    page = keyset_page(queryset=visible(request.user, Rating), fields=RATING_FIELDS, size=PAGE_SIZE,
                       after=request.GET.get("after"), before=request.GET.get("before"), page=page_number(request),
                       narrow=narrow, order=sort.order)
    return render(request, "credit/rating_list.html", {
        "table": RATING_TABLE.render(query=request.GET, rows=rating_rows(page.rows), sort=sort), "page": page,
        "states": ch.RatingState.choices, "state": state, "q": request.GET.get("q", ""), **page_links(request, page)})


@login_required
def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rating = get_visible_or_404(request.user, Rating, pk=pk)
    context = case_panel(rating, request.user)
    scores = selectors.rating_scores(rating)
    indicators = [{"i": i, "points": scores.get(i.pk)} for i in selectors.sheet_indicators(rating.sheet)]
    notice = services.rating_notice(rating)
    can_decide = user_can(request.user, "objection_decide", rating)
    context.update({
        "rating": rating, "indicators": indicators, "notice": notice,
        "objections": list(notice.objections.all()) if notice else [],
        "can_score": user_can(request.user, "scores", rating) and rating.state in (
            ch.RatingState.VERIFIED, ch.RatingState.NOTICED),
        "can_decide": can_decide, "decide_form": f.ObjectionDecideForm(),
        "effects": grade_effects(kind=rating.kind, grade=rating.grade) if rating.state == ch.RatingState.FINAL
        else None,
        "documents": document_list(case=rating, latest_only=True),
    })
    return render(request, "credit/rating_detail.html", context)


@login_required
@require_POST
def rating_scores(request: HttpRequest, pk: int) -> HttpResponse:
    rating = get_visible_or_404(request.user, Rating, pk=pk)
    if not user_can(request.user, "scores", rating):
        raise PermissionDenied   # visible, but scoring is the city's (第九条第二项)
    points = {key[len("points_"):]: value for key, value in request.POST.items() if key.startswith("points_")}
    try:
        n = services.scores_enter(rating=rating, actor=request.user, points=points)
    except ValidationError as exc:
        messages.error(request, _("评分未保存：") + _errors(exc))
    else:
        messages.success(request, _("已保存%(n)s项指标得分。") % {"n": n})
    return redirect(rating)


@login_required
@require_POST
def objection_decide(request: HttpRequest, pk: int, objection_pk: int) -> HttpResponse:
    rating = get_visible_or_404(request.user, Rating, pk=pk)
    if not user_can(request.user, "objection_decide", rating):
        raise PermissionDenied   # visible, but the city verifies objections (第九条第三项)
    notice = services.rating_notice(rating)
    if notice is None:
        raise Http404
    objection = get_object_or_404(notice.objections, pk=objection_pk)
    form = f.ObjectionDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写查证核实结论和情况。"))
        return redirect(rating)
    try:
        services.objection_decide(objection=objection, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("异议查证核实结论已记录。"))
    return redirect(rating)


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    _side(request)
    q = request.GET.get("q", "").strip()
    qs = visible(request.user, Enterprise).select_related("organisation", "registration_region")
    if q:
        qs = qs.filter(Q(organisation__name__icontains=q) | Q(credit_code__icontains=q))
    return render(request, "credit/enterprise_list.html", {"enterprises": qs.order_by("id")[:200], "q": q})


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_visible_or_404(request.user, Enterprise, pk=pk)
    standing = selectors.current_grade(enterprise)
    form = f.RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not user_can(request.user, "add_record", enterprise):
            raise Http404
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.record_add(enterprise=enterprise, actor=request.user, data=services.RecordInput(
                    category=cd["category"], title=cd["title"], occurred_on=cd["occurred_on"], source=cd["source"],
                    evidence=cd["evidence"], points=cd["points"]))
            except ValidationError as exc:
                for name, errs in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errs)
            except GuardFailed as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("信用信息已录入。"))
                return redirect(enterprise)
    return render(request, "credit/enterprise_detail.html", {
        "enterprise": enterprise, "records": enterprise.records.select_related("entered_by_organisation"),
        "ratings": enterprise.ratings.select_related("cycle").order_by("-cycle__year"), "standing": standing,
        "effects": grade_effects(kind=enterprise.kind, grade=standing.grade) if standing else None,
        "form": form, "can_add": user_can(request.user, "add_record", enterprise),
        "repair_form": f.RepairForm(), "status": 400 if form.errors else 200,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def record_repair(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(CreditRecord, pk=pk)
    enterprise = get_visible_or_404(request.user, Enterprise, pk=record.enterprise_id)
    if not is_department(request.user):
        raise Http404
    form = f.RepairForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请填写信用修复核实情况（第二十一条）。"))
        services.record_repair(record=record, actor=request.user, repair_basis=form.cleaned_data["repair_basis"])
    except (ValidationError, GuardFailed) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("信用修复已登记，信用等级已重新评定。"))
    return redirect(enterprise)


@login_required
def record_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(CreditRecord, pk=pk)
    get_visible_or_404(request.user, Enterprise, pk=record.enterprise_id)
    return FileResponse(record.evidence.open("rb"), as_attachment=True, filename=record.evidence.name.rsplit("/")[-1])


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    _side(request)
    cycles = [{"cycle": c, "warning": selectors.window_warning(c)} for c in CreditCycle.objects.all()]
    return render(request, "credit/cycle_list.html", {"cycles": cycles})


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """企业申报: the firm's own enterprise, its ratings (open the year's, then submit on its page) and its star
    applications."""
    if not is_enterprise(request.user):
        raise Http404
    enterprise = Enterprise.objects.filter(organisation=request.user.organisation).first()
    if enterprise is None:
        raise Http404
    if request.method == "POST" and request.POST.get("cycle"):
        cycle = get_object_or_404(CreditCycle, pk=request.POST["cycle"])
        try:
            rating = services.rating_start(enterprise=enterprise, cycle=cycle, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            return redirect(rating)
    today = timezone.localdate()
    # The cycles not yet over: a firm may prepare its draft before the window opens (the window is shown).
    open_cycles = CreditCycle.objects.filter(final_by__gte=today).exclude(ratings__enterprise=enterprise)
    return render(request, "credit/portal.html", {
        "enterprise": enterprise, "ratings": enterprise.ratings.select_related("cycle").order_by("-cycle__year"),
        "stars": enterprise.star_applications.order_by("-created_at"), "open_cycles": open_cycles,
        "star_form": f.StarApplyForm(), "standing": selectors.current_grade(enterprise)})


def _star_regulation():
    regulation = Regulation.objects.filter(code="STAR-2022").first()
    return regulation, (regulation.status_on(timezone.localdate()) if regulation else "")


@login_required
def star_apply(request: HttpRequest) -> HttpResponse:
    if not is_enterprise(request.user):
        raise Http404
    enterprise = get_object_or_404(Enterprise, organisation=request.user.organisation)
    form = f.StarApplyForm(request.POST or None)
    error, trace, status = "", None, 200
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            app = services.star_apply(enterprise=enterprise, actor=request.user, data=services.StarInput(**cd))
        except GuardFailed as exc:
            error, trace, status = str(exc), exc.trace, 422
        except ValidationError as exc:
            error, status = _errors(exc), 400
        else:
            return redirect(app)
    elif request.method == "POST":
        status = 400
    from gazette.workflow.presenters import trace_rows

    regulation, reg_status = _star_regulation()
    return render(request, "credit/star_apply.html", {
        "form": form, "error": error, "trace": trace_rows(trace) if trace else None, "regulation": regulation,
        "regulation_status": reg_status}, status=status)


@login_required
def star_list(request: HttpRequest) -> HttpResponse:
    _side(request)
    sort = STAR_TABLE.sort_get(request.GET.get("sort"))
    search = STAR_TABLE.search_q(request.GET.get("q", "").strip())
    page = keyset_page(queryset=visible(request.user, StarApplication), fields=STAR_FIELDS, size=PAGE_SIZE,
                       after=request.GET.get("after"), before=request.GET.get("before"), page=page_number(request),
                       narrow=lambda q: q.filter(search) if search is not None else q, order=sort.order)
    regulation, reg_status = _star_regulation()
    warnings = selectors.star_quota_warnings(visible(request.user, StarApplication))
    return render(request, "credit/star_list.html", {
        "table": STAR_TABLE.render(query=request.GET, rows=star_rows(page.rows), sort=sort), "page": page,
        "regulation": regulation, "regulation_status": reg_status, "warnings": warnings,
        **page_links(request, page)})


@login_required
def star_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_visible_or_404(request.user, StarApplication, pk=pk)
    context = case_panel(app, request.user)
    regulation, reg_status = _star_regulation()
    context.update({"app": app, "regulation": regulation, "regulation_status": reg_status,
                    "documents": document_list(case=app, latest_only=True)})
    return render(request, "credit/star_detail.html", context)
