"""Pages: areas (with the owners import), committees with every formation and running step, meetings, exports;
and the public notice board (公示栏, no login) with the printable A4 copy and the owners' objection form.
Views parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gazette.documents.exports import export_xlsx
from gazette.documents.selectors import document_list
from gazette.notices.models import ObjectionOutcome, PublicNotice
from gazette.permissions import get_visible_or_404, user_can, visible
from gazette.ui.paging import keyset_page, page_links, page_number
from gazette.workflow.presenters import case_panel

from . import choices as ch
from . import forms as f
from . import services
from .documents import notice_print_pdf
from .models import Area, Committee, Meeting
from .permissions import is_property_side, is_street_office
from .presenters import (
    AREA_TABLE,
    BOARD_TABLE,
    COMMITTEE_TABLE,
    area_rows,
    board_rows,
    committee_rows,
)
from .selectors import board_notices, committee_notices, meeting_facts, regulation_status

PAGE_SIZE = 50
PUBLIC_LIMIT = 10         # code requests and objections per address
PUBLIC_WINDOW = 60 * 60   # per hour


def _to_form(form, exc: ValidationError) -> None:
    for name, msgs in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        for msg in msgs:
            form.add_error(name if name in form.fields else None, msg)


def _flash(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _form_invalid(request, form) -> None:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
    messages.error(request, _("提交的信息有误：") + "；".join(str(p) for p in parts))


def _side_or_404(request) -> None:
    if not is_property_side(request.user):
        raise Http404


# --- Areas -------------------------------------------------------------------------------------------------------
@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    _side_or_404(request)
    areas = visible(request.user, Area).select_related("street_office").annotate(owner_count=Count("owners"))
    q = request.GET.get("q", "")
    search = AREA_TABLE.search_q(q)
    if search is not None:
        areas = areas.filter(search)
    form = f.AreaForm(request.POST or None)
    if request.method == "POST":
        if not is_street_office(request.user) or request.user.organisation is None:
            raise Http404
        if form.is_valid():
            try:
                area = services.area_create(actor=request.user, street_office=request.user.organisation,
                                            data=services.AreaInput(**form.cleaned_data))
            except ValidationError as exc:
                _to_form(form, exc)
            else:
                messages.success(request, _("已登记物业管理区域：%(name)s") % {"name": area.name})
                return redirect(area)
    return render(request, "property/area_list.html", {
        "table": AREA_TABLE.render(query=request.GET, rows=area_rows(areas[:500]), sort=None), "form": form,
        "can_add": is_street_office(request.user), "q": q})


@login_required
def area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_visible_or_404(request.user, Area, pk=pk)
    can_edit = user_can(request.user, "edit", area)
    formation = f.FormationForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if formation.is_valid():
            cd = formation.cleaned_data
            try:
                committee = services.committee_form(actor=request.user, area=area, data=services.FormationInput(
                    trigger=cd["trigger"], requirements=cd["requirements"], registration=cd["registration"],
                    places=f.split_lines(cd["places"]), days=cd["days"], announced_on=cd["announced_on"]))
            except ValidationError as exc:
                _to_form(formation, exc)
            else:
                messages.success(request, _("组建公告已发布：%(ref)s") % {"ref": committee.reference})
                return redirect(committee)
    owners = area.owners.select_related("unit").order_by("unit__number")
    return render(request, "property/area_detail.html", {
        "area": area, "can_edit": can_edit, "formation_form": formation, "import_form": f.ImportForm(),
        "owner_count": owners.count(), "owners": owners[:50],
        "committees": area.committees.order_by("-created_at"),
        "import_errors": request.session.pop(f"property-import-{area.pk}", None)})


@login_required
@require_POST
def area_import(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_visible_or_404(request.user, Area, pk=pk)
    if not user_can(request.user, "edit", area):
        raise Http404
    form = f.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_invalid(request, form)
        return redirect(area)
    from .imports import FileFormatError, read_table

    upload = form.cleaned_data["file"]
    try:
        rows = list(read_table(upload.name, upload.read()))
    except FileFormatError as exc:
        messages.error(request, str(exc))
        return redirect(area)
    result = services.owners_import(area=area, actor=request.user, rows=rows)
    messages.success(request, _("已导入%(n)s户，%(e)s行有误。") % {"n": result.created, "e": len(result.errors)})
    request.session[f"property-import-{area.pk}"] = result.errors[:200]
    return redirect(area)


# --- Committees ----------------------------------------------------------------------------------------------------
@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    _side_or_404(request)
    sort = COMMITTEE_TABLE.sort_get(request.GET.get("sort"))
    qs = visible(request.user, Committee).select_related("area")
    search = COMMITTEE_TABLE.search_q(request.GET.get("q", ""))
    if search is not None:
        qs = qs.filter(search)
    page = keyset_page(queryset=qs, fields=("pk", "created_at", sort.field), size=PAGE_SIZE,
                       after=request.GET.get("after"), before=request.GET.get("before"), page=page_number(request),
                       order=sort.order, row=lambda values: values[0])
    committees = {c.pk: c for c in Committee.objects.filter(pk__in=list(page.rows)).select_related("area")}
    rows = committee_rows([committees[pk] for pk in page.rows if pk in committees])
    return render(request, "property/committee_list.html", {
        "table": COMMITTEE_TABLE.render(query=request.GET, rows=rows, sort=sort), "page": page,
        "q": request.GET.get("q", ""), **page_links(request, page)})


def _committee_context(request, committee: Committee) -> dict:
    context = case_panel(committee, request.user)
    notices = list(committee_notices(committee).prefetch_related("objections").order_by("-starts_at", "-id"))
    objections = [o for n in notices if n.rule_id == ch.NoticeKind.MEMBER_LIST for o in n.objections.all()]
    members = list(committee.members.select_related("owner__unit", "nomination").order_by("status", "id"))
    nominations = list(committee.nominations.select_related("nominee__unit").annotate(backers=Count("backings")))
    context.update({
        "committee": committee, "area": committee.area, "can_run": user_can(request.user, "edit", committee),
        "members": members, "current": [m for m in members if m.status in ("candidate", "active")],
        "nominations": nominations, "notices": notices, "objections": objections,
        "pending_objections": [o for o in objections if o.outcome == ObjectionOutcome.PENDING],
        "meetings": committee.meetings.order_by("-held_on", "-id"),
        "documents": document_list(case=committee, latest_only=True),
        "regulation": regulation_status(committee.reference_date),
        "nomination_form": f.NominationForm(), "member_form": f.MemberForm(committee=committee),
        "answer_form": f.ObjectionAnswerForm(), "paper_form": f.PaperObjectionForm(),
    })
    return context


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_visible_or_404(request.user, Committee, pk=pk)
    return render(request, "property/committee_detail.html", _committee_context(request, committee))


def _committee_post(request, pk) -> Committee:
    committee = get_visible_or_404(request.user, Committee, pk=pk)
    if not user_can(request.user, "edit", committee):
        raise Http404
    return committee


@login_required
@require_POST
def nomination_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_post(request, pk)
    form = f.NominationForm(request.POST)
    if not form.is_valid():
        _form_invalid(request, form)
        return redirect(committee)
    cd = form.cleaned_data
    try:
        services.nomination_record(committee=committee, actor=request.user, data=services.NominationInput(
            nominee_unit=cd["nominee_unit"], backer_units=f.split_units(cd["backer_units"]),
            self_nominated=cd["self_nominated"], consent_signed=cd["consent_signed"]))
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("推荐已登记。"))
    return redirect(committee)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_post(request, pk)
    form = f.MemberForm(request.POST, committee=committee)
    if not form.is_valid():
        _form_invalid(request, form)
        return redirect(committee)
    try:
        services.member_add(committee=committee, actor=request.user, data=services.MemberInput(**form.cleaned_data))
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("成员已加入。"))
    return redirect(committee)


@login_required
@require_POST
def member_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_post(request, pk)
    member = committee.members.filter(pk=request.POST.get("member") or None).first() \
        if (request.POST.get("member") or "").isdigit() else None
    if member is None:
        messages.error(request, _("请选择本物业管理委员会的候选人。"))
        return redirect(committee)
    try:
        services.member_withdraw(committee=committee, member=member, actor=request.user)
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(committee)


@login_required
@require_POST
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_post(request, pk)
    form = f.ObjectionAnswerForm(request.POST)
    if not form.is_valid():
        _form_invalid(request, form)
        return redirect(committee)
    cd = form.cleaned_data
    from gazette.notices.models import Objection

    objection = Objection.objects.filter(pk=cd["objection"], notice__object_id=committee.pk).first()
    member = committee.members.filter(pk=cd.get("member") or None).first()
    if objection is None:
        messages.error(request, _("请选择本物业管理委员会成员名单的异议。"))
        return redirect(committee)
    try:
        services.objection_answer(committee=committee, objection=objection, outcome=cd["outcome"],
                                  handling=cd["handling"], places=f.split_lines(cd["places"]), actor=request.user,
                                  member=member)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("核查结果已公示。"))
    return redirect(committee)


@login_required
@require_POST
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A written objection handed in at the street office during the list posting (第十二条)."""
    committee = _committee_post(request, pk)
    form = f.PaperObjectionForm(request.POST)
    if not form.is_valid():
        _form_invalid(request, form)
        return redirect(committee)
    try:
        services.objection_record(committee=committee, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("书面异议已登记，5日内完成核查。"))
    return redirect(committee)


@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_post(request, pk)
    members = committee.members.filter(status=ch.MemberStatus.ACTIVE).order_by("id")
    form = f.MeetingForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            meeting = services.meeting_record(committee=committee, actor=request.user, data=services.MeetingInput(
                kind=cd["kind"], held_on=cd["held_on"], subject=cd["subject"], decision=cd["decision"],
                reserved_to_owners=cd["reserved_to_owners"], proposers=cd.get("proposers") or 0,
                proposed_by_director=cd["proposed_by_director"],
                attendance={m.pk: cd[f"presence_{m.pk}"] for m in form.members},
                signed={m.pk for m in form.members if cd[f"signed_{m.pk}"]}))
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("会议已登记。"))
            return redirect(meeting)
    return render(request, "property/meeting_form.html", {"committee": committee, "form": form})


MEMBER_COLUMNS = [("姓名", "name"), ("类别", lambda m: m.get_kind_display()), ("职务", lambda m: m.get_role_display()),
                  ("职业", "occupation"), ("中共党员", lambda m: "是" if m.is_party_member else "否"),
                  ("书面承诺", lambda m: "已签署" if m.pledge_signed else "未签署"),
                  ("状态", lambda m: m.get_status_display()), ("任职日期", "started_on"), ("终止日期", "ended_on"),
                  ("终止情形", lambda m: m.get_end_ground_display())]
MEETING_COLUMNS = [("序号", "number"), ("类型", lambda m: m.get_kind_display()), ("召开日期", "held_on"),
                   ("议题", "subject"), ("决定事项", "decision"), ("状态", lambda m: m.state_label)]
ATTENDANCE_COLUMNS = [("会议序号", "meeting.number"), ("召开日期", "meeting.held_on"), ("成员", "member.name"),
                      ("类别", lambda a: a.member.get_kind_display()), ("出席", lambda a: a.get_presence_display()),
                      ("签字同意", lambda a: "是" if a.signed else "否")]


@login_required
def committee_export(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    committee = get_visible_or_404(request.user, Committee, pk=pk)
    name = committee.area.name
    if what == "members":
        return export_xlsx(filename=f"{name}物管会成员.xlsx", columns=MEMBER_COLUMNS,
                           rows=committee.members.order_by("id"), actor=request.user, sheet_title="成员",
                           audit_summary=f"{committee.reference} 成员")
    if what == "meetings":
        return export_xlsx(filename=f"{name}物管会会议.xlsx", columns=MEETING_COLUMNS,
                           rows=committee.meetings.order_by("number").select_related("committee"), actor=request.user,
                           sheet_title="会议", audit_summary=f"{committee.reference} 会议")
    if what == "attendance":
        from .models import Attendance

        rows = Attendance.objects.filter(meeting__committee=committee).select_related("meeting", "member") \
            .order_by("meeting__number", "member_id")
        return export_xlsx(filename=f"{name}物管会出席记录.xlsx", columns=ATTENDANCE_COLUMNS, rows=rows,
                           actor=request.user, sheet_title="出席", audit_summary=f"{committee.reference} 出席")
    raise Http404


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_visible_or_404(request.user, Meeting, pk=pk)
    context = case_panel(meeting, request.user)
    context.update({"meeting": meeting, "committee": meeting.committee, "facts": meeting_facts(meeting),
                    "attendance": meeting.attendance.select_related("member").order_by("member_id"),
                    "documents": document_list(case=meeting, latest_only=True),
                    "regulation": regulation_status(meeting.held_on)})
    return render(request, "property/meeting_detail.html", context)


# --- Public notice board (no login) -------------------------------------------------------------------------------
def _board(request: HttpRequest, area: Area | None) -> HttpResponse:
    sort = BOARD_TABLE.sort_get(request.GET.get("sort"))
    q = request.GET.get("q", "")
    qs = board_notices(area=area, search=BOARD_TABLE.search_q(q))
    page = keyset_page(queryset=qs, size=PAGE_SIZE, after=request.GET.get("after"),
                       before=request.GET.get("before"), page=page_number(request), order=sort.order,
                       fields=("pk", "title", "rule_id", "starts_at", "ends_at", "status"))
    return render(request, "property/board.html", {
        "area": area, "q": q, "page": page,
        "table": BOARD_TABLE.render(query=request.GET, rows=board_rows(list(page.rows)), sort=sort),
        **page_links(request, page)})


def board(request: HttpRequest) -> HttpResponse:
    """公示栏: every posting of every area, open and past, searchable."""
    return _board(request, None)


def _number(text: str) -> int:
    if not text.isdigit() or len(text) > 12:
        raise Http404
    return int(text)


def area_board(request: HttpRequest, number: str) -> HttpResponse:
    return _board(request, get_object_or_404(Area, pk=_number(number)))


def _public_notice(number: str) -> tuple[PublicNotice, Committee]:
    pk = _number(number)
    notice = get_object_or_404(PublicNotice.objects.prefetch_related("places"), pk=pk,
                               content_type__app_label="property", content_type__model="committee")
    committee = services.committee_for_notice(notice)
    if committee is None:
        raise Http404
    return notice, committee


def _limited(request) -> bool:
    key = f"property:public:{request.META.get('REMOTE_ADDR', 'unknown')}"
    cache.add(key, 0, PUBLIC_WINDOW)
    return cache.incr(key) > PUBLIC_LIMIT


def notice_detail(request: HttpRequest, number: str) -> HttpResponse:
    """One posting with its places and dates; on the member list, the owners' objection form (第十二条)."""
    notice, committee = _public_notice(number)
    code_form, objection_form = f.CodeForm(prefix="c"), f.PublicObjectionForm(prefix="o")
    status = 200
    sent_to = ""
    done = None
    if request.method == "POST":
        if _limited(request):
            messages.error(request, _("提交过于频繁，请稍后再试。"))
            status = 429
        elif "send_code" in request.POST:
            code_form = f.CodeForm(request.POST, prefix="c")
            if code_form.is_valid():
                try:
                    sent_to = services.objection_code_request(notice=notice,
                                                              unit_number=code_form.cleaned_data["unit_number"])
                except ValidationError as exc:
                    _to_form(code_form, exc)
                    status = 400
                else:
                    objection_form = f.PublicObjectionForm(prefix="o", initial={
                        "unit_number": code_form.cleaned_data["unit_number"]})
        else:
            objection_form = f.PublicObjectionForm(request.POST, prefix="o")
            if objection_form.is_valid():
                cd = objection_form.cleaned_data
                try:
                    done = services.objection_file(notice=notice, unit_number=cd["unit_number"], code=cd["code"],
                                                   content=cd["content"])
                except ValidationError as exc:
                    _to_form(objection_form, exc)
                    status = 400
            else:
                status = 400
    return render(request, "property/notice_detail.html", {
        "notice": notice, "committee": committee, "area": committee.area, "places": list(notice.places.all()),
        "kind_label": dict(ch.NoticeKind.choices).get(notice.rule_id, ""),
        "objectable": services.objectable(notice), "code_form": code_form, "objection_form": objection_form,
        "sent_to": sent_to, "done": done, "regulation": regulation_status(committee.reference_date)}, status=status)


def notice_print(request: HttpRequest, number: str) -> HttpResponse:
    """The A4 copy for the physical notice board, with a QR code to this posting online."""
    notice, committee = _public_notice(number)
    url = request.build_absolute_uri(reverse("property:notice_detail", args=[notice.pk]))
    pdf = notice_print_pdf(notice=notice, committee=committee, url=url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response

