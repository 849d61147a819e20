"""What a fund application shows (pages and API alike): the checklist with its attachments, what is missing, and the
official documents issued on it — all from ``gazette.documents``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from gazette.audit.masking import mask_id_number
from gazette.documents.checklists import checklist_status
from gazette.documents.selectors import document_list
from gazette.ui.html import cell_html
from gazette.ui.money import money_format
from gazette.ui.tables import Column, ListTable, OrganisationName

from .checklist import application_missing_items, items_for, missing_for_applications
from .choices import ApplicationKind, ApprovalLevel
from .choices import ApplicationState as S
from .models import Application


def application_checklist(app: Application) -> list[dict[str, Any]]:
    """Each checklist item with the article that requires it, whether it is provided and its uploaded files."""
    return [
        {"code": s.item.code, "label": str(s.item.label), "article": s.item.help, "present": s.provided,
         "required": s.item.required, "attachments": s.attachments}
        for s in checklist_status(app, items_for(app))
    ]


def application_missing(app: Application, checklist: list[dict[str, Any]] | None = None) -> list[str]:
    """The labels of the required documents still missing; from ``application_checklist``'s rows when the caller
    has them (the case page), which saves the query."""
    if checklist is not None and app.pk:
        return [row["label"] for row in checklist if row["required"] and not row["present"]]
    return [str(i.label) for i in application_missing_items(app)]


def application_documents(app: Application) -> list[dict[str, Any]]:
    """The official documents issued on the application, newest first, with their permission-checked links."""
    # Only the shown columns, without the issuing office's join, and one ``reverse()`` for all the links.
    head, tail = reverse("documents:document-download", args=[0]).rsplit("0", 1)
    return [
        {"id": pk, "kind": kind, "title": title, "number": number, "issued_on": issued_on, "version": version,
         "recipients": recipients, "url": f"{head}{pk}{tail}"}
        for pk, kind, title, number, issued_on, version, recipients in document_list(case=app, latest_only=True)
        .select_related(None).values_list("pk", "kind", "title", "number", "issued_on", "version", "recipients")
    ]


@lru_cache(maxsize=16)
def _labels(language: str | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    return ({k: str(v) for k, v in ApplicationKind.choices}, {k: str(v) for k, v in ApprovalLevel.choices},
            {k: str(v) for k, v in S.choices})


def choice_labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Kind, approval level and state labels in the current language. ``get_FOO_display`` and ``state_label`` look
    a label up by translating every choice of the field (0.2 ms a row on the clerk list); the labels are fixed per
    language."""
    return _labels(get_language())


def detail_url():
    """``pk -> url`` of the case page, with one ``reverse()`` per page instead of one per row."""
    head, tail = reverse("fund:application_detail", args=[0]).rsplit("0", 1)
    return lambda pk: f"{head}{pk}{tail}"


def application_list_rows(applications: list) -> list[dict[str, Any]]:
    """The rows of the clerks' list as plain strings (masked ID number, labels in the user's language, what each
    application still lacks from one documents query for the whole page), which ``APPLICATION_TABLE`` prints."""
    kinds, levels, states = choice_labels()
    missing = missing_for_applications(applications)
    url = detail_url()
    tz = timezone.get_current_timezone()
    badges: dict[int, str] = {}  # "缺3项" once per count, not once per row

    def badge(n: int) -> str:
        if n not in badges:
            badges[n] = ngettext("缺%(n)s项", "缺%(n)s项", n) % {"n": n}
        return badges[n]

    rows = []
    for a in applications:
        labels = [str(i.label) for i in missing.get(a.pk, [])]
        rows.append({
            "url": url(a.pk), "reference": a.reference, "kind": kinds.get(a.kind, a.kind),
            "victim_name": a.victim_name, "victim_id_masked": mask_id_number(a.victim_id_number),
            "hospital": a.hospital or "", "advance_amount": a.advance_amount,
            "approval_level": levels.get(a.approval_level, a.approval_level), "approver": a.approver or "",
            "state": states.get(a.state, a.state), "missing_title": "、".join(labels),
            "missing_badge": badge(len(labels)) if labels else "",
            "created_at": a.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        })
    return rows


def _approval(row: dict[str, Any]) -> Any:
    if not row["approver"]:
        return row["approval_level"]
    return cell_html('{}<div class="hint">{}</div>', row["approval_level"], row["approver"])


def _missing(row: dict[str, Any]) -> Any:
    if not row["missing_badge"]:
        return ""
    return cell_html('<span class="badge failed" title="{}">{}</span>', row["missing_title"], row["missing_badge"])


# The clerks' list (``fund:application_list``), rows from ``application_list_rows``. ``q`` finds the reference, the
# victim's and the applicant's name and the hospital's and approving office's names as shown.
APPLICATION_TABLE = ListTable("applications", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>', sort="reference", search="reference"),
    Column("kind", _("类型")),
    Column("victim", _("受害人"), cell="{victim_name}", search="victim_name"),
    Column("id_number", _("身份证号"), cell="{victim_id_masked}"),
    Column("hospital", _("医疗机构"), search=OrganisationName("hospital_id")),
    Column("amount", _("核定金额"), cell=lambda r: money_format(r["advance_amount"]), sort="advance_amount",
           css="num"),
    Column("approval", _("审批层级"), cell=_approval, search=OrganisationName("approver_organisation_id")),
    Column("state", _("状态"), sort="state"),
    Column("missing", _("缺少材料"), cell=_missing, css="missing"),
    Column("created", _("接收时间"), cell="{created_at}", sort="created_at"),
], default_sort="-created", empty=_("暂无申请。"), search_also=("applicant_name",))
