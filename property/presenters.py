"""List tables (declared once, rendered by the engine) and the rows the pages show."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gazette.notices.models import NoticeStatus
from gazette.ui.html import cell_html
from gazette.ui.tables import Column, ListTable

from . import choices as ch


def _status_badge(row) -> Any:
    return cell_html('<span class="badge {}">{}</span>', "passed" if row["open"] else "", row["status_label"])


BOARD_TABLE = ListTable("notices", [
    Column("title", _("公示事项"), cell='<a href="{url}">{title}</a>', search="title"),
    Column("kind", _("类别"), cell="{kind_label}"),
    Column("starts", _("公示开始"), cell="{starts}", sort="starts_at"),
    Column("ends", _("公示届满"), cell="{ends}"),
    Column("status", _("状态"), cell=_status_badge),
], default_sort="-starts", empty=_("暂无公示。"), search_also=("content", "reference"))

COMMITTEE_TABLE = ListTable("committees", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>', sort="reference", search="reference"),
    Column("area", _("物业管理区域"), cell="{area_name}", search="area__name"),
    Column("state", _("状态"), cell="{state_label}"),
    Column("announced", _("公告日期"), cell="{reference_date}", sort="reference_date"),
    Column("established", _("成立日期"), cell="{established_on}"),
    Column("created", _("登记时间"), cell="{created}", sort="created_at"),
], default_sort="-created", empty=_("暂无物业管理委员会。"))

AREA_TABLE = ListTable("areas", [
    Column("name", _("小区名称"), cell='<a href="{url}">{name}</a>', search="name"),
    Column("office", _("街道办事处（乡镇人民政府）"), cell="{office}"),
    Column("total", _("建筑总面积（㎡）"), cell="{total_area}", css="num"),
    Column("delivered", _("已交付（㎡）"), cell="{delivered_area}", css="num"),
    Column("owners", _("业主户数"), cell="{owners}", css="num"),
    Column("oc", _("业主委员会"), cell="{owners_committee}"),
])


def _fmt(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def board_rows(rows: list[tuple]) -> list[dict[str, Any]]:
    """The page's postings (the title names the area); labels translated once per page, not once per row."""
    head, tail = reverse("property:notice_detail", args=[0]).rsplit("0", 1)
    now = timezone.now()
    kinds = {k: str(v) for k, v in ch.NoticeKind.choices}
    open_label, closed_label = str(_("公示中")), str(_("公示期满"))
    tz = timezone.get_current_timezone()

    def fmt(moment) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    out = []
    for pk, title, rule_id, starts_at, ends_at, status in rows:
        is_open = status == NoticeStatus.OPEN and ends_at > now
        out.append({"url": f"{head}{pk}{tail}", "title": title, "kind_label": kinds.get(rule_id, rule_id),
                    "starts": fmt(starts_at), "ends": fmt(ends_at),
                    "open": is_open, "status_label": open_label if is_open else closed_label})
    return out


def committee_rows(committees) -> list[dict[str, Any]]:
    labels = dict(ch.CommitteeState.choices)
    return [{"url": c.get_absolute_url(), "reference": c.reference, "area_name": c.area.name,
             "state_label": labels.get(c.state, c.state), "reference_date": c.reference_date,
             "established_on": c.established_on or "", "created": _fmt(c.created_at)} for c in committees]


def area_rows(areas) -> list[dict[str, Any]]:
    return [{"url": a.get_absolute_url(), "name": a.name, "office": a.street_office.short_name or a.street_office.name,
             "total_area": a.total_area, "delivered_area": a.delivered_area, "owners": a.owner_count,
             "owners_committee": a.owners_committee_elected_on or _("未成立")} for a in areas]
