"""Reads: scoped lists (one page, one query), the facility's monitoring series downsampled in SQL (never the raw
series in Python), and the facility page's related rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from gazette.permissions import visible
from gazette.ui.paging import KeysetPage, keyset_page

from .models import Alarm, AlarmLimit, Facility, HiddenDanger, PublicReport, Station

FACILITY_FIELDS = ("pk", "reference", "name", "grade", "state", "organisation__short_name", "organisation__name",
                   "supervisor__short_name", "region__name", "current_elevation", "final_design_elevation",
                   "licence_expires_on", "created_at")


def facility_list(*, user, state: str = "", search: Q | None = None) -> QuerySet[Facility]:
    qs = visible(user, Facility)
    if state:
        qs = qs.filter(state=state)
    if search is not None:
        qs = qs.filter(search)
    return qs


def facility_page(*, user, state: str = "", search: Q | None = None, after=None, before=None, page=None,
                  size: int = 50, order=("created_at", True)) -> KeysetPage:
    return keyset_page(queryset=facility_list(user=user, state=state, search=search), fields=FACILITY_FIELDS,
                       size=size, after=after, before=before, page=page, order=order,
                       row=lambda v: dict(zip(FACILITY_FIELDS, v, strict=True)))


ALARM_FIELDS = ("pk", "reference", "facility__name", "facility__reference", "station__code", "kind", "quantity",
                "level", "value", "threshold", "state", "opened_at", "cleared_at")


def alarm_list(*, user, state: str = "", search: Q | None = None) -> QuerySet[Alarm]:
    qs = visible(user, Alarm)
    if state == "active":
        qs = qs.exclude(state="cleared")
    elif state:
        qs = qs.filter(state=state)
    if search is not None:
        qs = qs.filter(search)
    return qs


def alarm_page(*, user, state: str = "", search: Q | None = None, after=None, before=None, size: int = 50,
               order=("opened_at", True)) -> KeysetPage:
    return keyset_page(queryset=alarm_list(user=user, state=state, search=search), fields=ALARM_FIELDS, size=size,
                       after=after, before=before, order=order,
                       row=lambda v: dict(zip(ALARM_FIELDS, v, strict=True)))


DANGER_FIELDS = ("pk", "reference", "facility__name", "source", "description", "state", "deadline_on", "found_on")


def danger_page(*, user, state: str = "", after=None, before=None, size: int = 50) -> KeysetPage:
    qs = visible(user, HiddenDanger)
    if state:
        qs = qs.filter(state=state)
    return keyset_page(queryset=qs, fields=DANGER_FIELDS, size=size, after=after, before=before,
                       order=("found_on", True), row=lambda v: dict(zip(DANGER_FIELDS, v, strict=True)))


REPORT_FIELDS = ("pk", "reference", "facility_text", "region__name", "state", "received_at")


def report_page(*, user, after=None, before=None, size: int = 50) -> KeysetPage:
    return keyset_page(queryset=visible(user, PublicReport), fields=REPORT_FIELDS, size=size, after=after,
                       before=before, order=("received_at", True),
                       row=lambda v: dict(zip(REPORT_FIELDS, v, strict=True)))


def series_downsampled(*, facility: Facility, since: datetime, until: datetime | None = None,
                       buckets: int = 240) -> dict[int, list[tuple[datetime, float, float, float]]]:
    """Each station's readings between ``since`` and ``until`` in at most ``buckets`` time buckets: (bucket start,
    average, minimum, maximum), aggregated by PostgreSQL on the (station, measured_at) index."""
    until = until or timezone.now()
    width = max(int((until - since).total_seconds() // buckets), 60)
    station_ids = list(Station.objects.filter(facility=facility).values_list("pk", flat=True))
    if not station_ids:
        return {}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT station_id, date_bin(make_interval(secs => %s), measured_at, %s) AS b, avg(value), min(value), "
            "max(value) FROM tailings_reading WHERE station_id = ANY(%s) AND measured_at >= %s AND measured_at < %s "
            "GROUP BY 1, 2 ORDER BY 1, 2", [width, since, station_ids, since, until])
        out: dict[int, list] = {}
        for sid, b, avg, lo, hi in cur.fetchall():
            out.setdefault(sid, []).append((b, avg, lo, hi))
    return out


def facility_related(facility: Facility) -> dict[str, Any]:
    """What the facility page lists beside the register: stations, limits in force, alarms, dangers, 包保."""
    today = timezone.localdate()
    return {
        "stations": list(facility.stations.all()),
        "limits": list(AlarmLimit.objects.filter(facility=facility, effective_from__lte=today).exclude(
            effective_to__lt=today)),
        "alarms": list(facility.alarms.select_related("station").order_by("-opened_at")[:20]),
        "dangers": list(facility.dangers.order_by("-found_on", "-id")[:20]),
        "officials": list(facility.officials.all()),
        "inspections": list(facility.inspections.select_related("official")[:20]),
    }


def default_window() -> tuple[datetime, datetime]:
    now = timezone.now()
    return now - timedelta(days=7), now
