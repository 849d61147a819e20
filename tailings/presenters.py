"""What the pages show: the list tables (declared once, rendered by the engine) and the monitoring chart (an SVG
drawn from the downsampled series, with each limit and the alarms marked)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from gazette.ui.html import cell_html
from gazette.ui.tables import Column, ListTable

from . import choices as ch

LEVEL_COLOURS = {"blue": "#1f6feb", "yellow": "#d4a72c", "orange": "#e8710a", "red": "#cf222e"}
STATE_LABELS = dict(ch.FacilityState.choices)
ALARM_STATE_LABELS = dict(ch.AlarmState.choices)
DANGER_STATE_LABELS = dict(ch.DangerState.choices)
REPORT_STATE_LABELS = dict(ch.ReportState.choices)
QUANTITY_LABELS = dict(ch.Quantity.choices)
LEVEL_LABELS = dict(ch.AlarmLevel.choices)
KIND_LABELS = dict(ch.AlarmKind.choices)
SOURCE_LABELS = dict(ch.DangerSource.choices)


def _badge_level(row) -> Any:
    level = row["level"]
    return cell_html('<span class="badge alarm-{}" style="background:{};color:#fff">{}</span>', level,
                     LEVEL_COLOURS.get(level, "#555"), str(LEVEL_LABELS.get(level, level)))


FACILITY_TABLE = ListTable("facilities", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>', sort="reference", search="reference"),
    Column("name", _("尾矿库名称"), search="name"),
    Column("grade", _("等别"), cell=lambda r: "一二三四五"[r["grade"] - 1] + "等", sort="grade"),
    Column("operator", _("生产经营单位"), cell="{operator}", search="organisation__name"),
    Column("region", _("所在地"), cell="{region__name}"),
    Column("state", _("状态"), cell=lambda r: str(STATE_LABELS.get(r["state"], r["state"])), sort="state"),
    Column("elevation", _("当前/最终标高（米）"), cell="{current_elevation} / {final_design_elevation}", css="num"),
    Column("licence", _("许可证有效期至"), cell="{licence_expires_on}"),
    Column("created", _("登记时间"), cell=lambda r: timezone.localtime(r["created_at"]).strftime("%Y-%m-%d"),
           sort="created_at"),
], default_sort="-created", empty=_("暂无尾矿库。"))


def facility_rows(rows: list[dict]) -> list[dict]:
    for r in rows:
        r["url"] = reverse("tailings:facility_detail", args=[r["pk"]])
        r["operator"] = r["organisation__short_name"] or r["organisation__name"]
    return rows


ALARM_TABLE = ListTable("alarms", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>', search="reference"),
    Column("level", _("级别"), cell=_badge_level),
    Column("facility", _("尾矿库"), cell="{facility__name}", search="facility__name"),
    Column("station", _("测点"), cell="{station__code}", search="station__code"),
    Column("kind", _("类型"), cell=lambda r: str(KIND_LABELS[r["kind"]])),
    Column("quantity", _("监测项目"), cell=lambda r: str(QUANTITY_LABELS[r["quantity"]])),
    Column("value", _("最新数值 / 限值"), cell=lambda r: f"{_num(r['value'])} / {_num(r['threshold'])}", css="num"),
    Column("state", _("状态"), cell=lambda r: str(ALARM_STATE_LABELS[r["state"]])),
    Column("opened", _("报警时间"), cell=lambda r: timezone.localtime(r["opened_at"]).strftime("%Y-%m-%d %H:%M"),
           sort="opened_at"),
], default_sort="-opened", empty=_("暂无报警。"))


def _num(value) -> str:
    return "—" if value is None else f"{value:g}"


def alarm_rows(rows: list[dict]) -> list[dict]:
    for r in rows:
        r["url"] = reverse("tailings:alarm_detail", args=[r["pk"]])
    return rows


DANGER_TABLE = ListTable("dangers", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>'),
    Column("facility", _("尾矿库"), cell="{facility__name}"),
    Column("source", _("来源"), cell=lambda r: str(SOURCE_LABELS[r["source"]])),
    Column("description", _("隐患"), cell=lambda r: r["description"][:60]),
    Column("state", _("状态"), cell=lambda r: str(DANGER_STATE_LABELS[r["state"]])),
    Column("deadline", _("整改期限"), cell="{deadline_on}"),
    Column("found", _("发现日期"), cell="{found_on}", sort="found_on"),
], default_sort="-found", empty=_("暂无隐患。"))


def danger_rows(rows: list[dict]) -> list[dict]:
    for r in rows:
        r["url"] = reverse("tailings:danger_detail", args=[r["pk"]])
    return rows


REPORT_TABLE = ListTable("reports", [
    Column("reference", _("回执编号"), cell='<a href="{url}">{reference}</a>'),
    Column("facility", _("尾矿库或单位"), cell="{facility_text}"),
    Column("region", _("所在县（市、区）"), cell="{region__name}"),
    Column("state", _("状态"), cell=lambda r: str(REPORT_STATE_LABELS[r["state"]])),
    Column("received", _("受理时间"), cell=lambda r: timezone.localtime(r["received_at"]).strftime("%Y-%m-%d %H:%M"),
           sort="received_at"),
], default_sort="-received", empty=_("暂无举报。"))


def report_rows(rows: list[dict]) -> list[dict]:
    for r in rows:
        r["url"] = reverse("tailings:report_detail", args=[r["pk"]])
    return rows


# --- The monitoring chart ---------------------------------------------------------------------------------------
W, H, PAD = 640, 180, 40


def station_charts(*, stations, series: dict[int, list], limits, alarms, since: datetime,
                   until: datetime) -> list[dict[str, Any]]:
    """One small SVG per station: the bucket averages as a line, the min–max band, each limit of its quantity
    as a dashed line in its level's colour, and the alarms of the window as markers."""
    span = max((until - since).total_seconds(), 1)
    charts = []
    for st in stations:
        points = series.get(st.pk, [])
        lims = [lim for lim in limits if lim.quantity == st.quantity]
        values = [p[2] for p in points] + [p[3] for p in points] + [lim.threshold for lim in lims]
        if not values:
            charts.append({"station": st, "svg": None, "count": 0})
            continue
        lo, hi = min(values), max(values)
        if hi == lo:
            hi, lo = hi + 1, lo - 1
        pad = (hi - lo) * 0.08
        lo, hi = lo - pad, hi + pad

        def x(moment) -> float:
            return PAD + (moment - since).total_seconds() / span * (W - 2 * PAD)

        def y(value, lo=lo, hi=hi) -> float:
            return H - PAD / 2 - (value - lo) / (hi - lo) * (H - PAD)

        line = " ".join(f"{x(b):.1f},{y(avg):.1f}" for b, avg, _lo, _hi in points)
        band = " ".join(f"{x(b):.1f},{y(h):.1f}" for b, _a, _l, h in points) + " " + " ".join(
            f"{x(b):.1f},{y(low):.1f}" for b, _a, low, _h in reversed(points))
        limit_lines = format_html_join("", (
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-dasharray="4 3" class="limit">'
            '<title>{} {}</title></line>'), (
            (PAD, W - PAD, f"{y(lim.threshold):.1f}", f"{y(lim.threshold):.1f}", LEVEL_COLOURS[lim.level],
             str(LEVEL_LABELS[lim.level]), lim.threshold) for lim in lims))
        marks = format_html_join("", (
            '<circle cx="{}" cy="{}" r="5" fill="{}" class="alarm-mark"><title>{} {}</title></circle>'), (
            (f"{x(max(a.opened_at, since)):.1f}", PAD / 2, LEVEL_COLOURS[a.peak_level], a.reference,
             str(LEVEL_LABELS[a.peak_level]))
            for a in alarms if a.station_id == st.pk and a.opened_at <= until
            and (a.cleared_at is None or a.cleared_at >= since)))
        svg = format_html(
            '<svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" class="chart" data-station="{}">'
            '<rect x="0" y="0" width="{}" height="{}" fill="#fafafa"/>'
            '<polygon points="{}" fill="#1f6feb22" stroke="none"/>'
            '<polyline points="{}" fill="none" stroke="#1f6feb" stroke-width="1.5"/>{}{}'
            '<text x="4" y="14" font-size="11">{}</text><text x="4" y="{}" font-size="11">{}</text></svg>',
            W, H, f"{st.code} {QUANTITY_LABELS[st.quantity]}", st.code, W, H, band, line, limit_lines, marks,
            f"{round(hi, 2):g}", H - 6, f"{round(lo, 2):g}")
        charts.append({"station": st, "svg": svg, "count": len(points)})
    return charts
