"""Online monitoring (第二十六条): one ingest service for every channel (the HTTP API and the MQTT bridge), the
alarm evaluation against each facility's limits (data), and the stale-station sweep.

A batch is judged reading by reading: a bad reading (unknown station, another operator's facility, wrong
quantity or unit, a time in the future, a duplicate, a facility after 销号) is refused with its reason and never
stored in part; the good ones are inserted in one statement and the alarms of the stations they touch are
evaluated once per batch, on each station's latest reading."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gazette.workflow.engine import record_create, reference_next, transition_perform

from . import choices as ch
from .clocks import ALARM_ACK
from .models import Alarm, AlarmLimit, Reading, Station

MAX_BATCH = 1000
FUTURE_SKEW = timedelta(minutes=2)   # clocks of field devices drift; beyond this a time is "in the future"
STALE_LEVEL = ch.AlarmLevel.ORANGE
STALE_ESCALATE_HOURS = 2


@dataclass
class IngestResult:
    accepted: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)
    alarms_opened: int = 0
    alarms_updated: int = 0
    alarms_cleared: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "refused": self.refused, "alarms_opened": self.alarms_opened,
                "alarms_updated": self.alarms_updated, "alarms_cleared": self.alarms_cleared}


class BatchError(ValueError):
    """The batch as a whole cannot be read (not a list, too long): 400, nothing stored."""


def _refuse(result: IngestResult, index: int, field_name: str, reason: str) -> None:
    result.refused.append({"index": index, "field": field_name, "reason": reason})


def readings_ingest(*, system: Any, readings: Any, now: datetime | None = None) -> IngestResult:
    """Store a batch of readings pushed by monitoring ``system`` and evaluate the alarms they touch.

    ``readings`` is the decoded JSON list: each item has ``facility`` (the facility's reference), ``station`` (its
    code), ``quantity``, ``value``, ``unit`` and ``measured_at`` (ISO 8601 with a time zone)."""
    if not isinstance(readings, list):
        raise BatchError("readings：应为数组。")
    if len(readings) > MAX_BATCH:
        raise BatchError(f"readings：每批最多{MAX_BATCH}条，收到{len(readings)}条。")
    now = now or timezone.now()
    result = IngestResult()
    parsed: list[tuple[int, str, str, str, float, str, datetime]] = []
    for i, raw in enumerate(readings):
        if not isinstance(raw, dict):
            _refuse(result, i, "", "每条数据应为对象。")
            continue
        unknown = set(raw) - {"facility", "station", "quantity", "value", "unit", "measured_at"}
        if unknown:
            _refuse(result, i, sorted(unknown)[0], f"未知字段：{'、'.join(sorted(unknown))}。")
            continue
        missing = [k for k in ("facility", "station", "quantity", "value", "unit", "measured_at") if k not in raw]
        if missing:
            _refuse(result, i, missing[0], f"缺少字段：{'、'.join(missing)}。")
            continue
        value = raw["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            _refuse(result, i, "value", "value：应为有限数值。")
            continue
        moment = parse_datetime(str(raw["measured_at"])) if isinstance(raw["measured_at"], str) else None
        if moment is None or timezone.is_naive(moment):
            _refuse(result, i, "measured_at", "measured_at：应为带时区的ISO 8601时间，如2026-12-01T08:00:00+08:00。")
            continue
        if moment > now + FUTURE_SKEW:
            _refuse(result, i, "measured_at", f"measured_at：{raw['measured_at']}晚于当前时间，不予接收。")
            continue
        parsed.append((i, str(raw["facility"]), str(raw["station"]), str(raw["quantity"]), float(value),
                       str(raw["unit"]), moment))
    stations = _stations_for(parsed)
    good: list[tuple[int, dict[str, Any], float, datetime]] = []
    seen: set[tuple[int, datetime]] = set()
    for i, facility_ref, code, quantity, value, unit, moment in parsed:
        st = stations.get((facility_ref, code))
        if st is None:
            _refuse(result, i, "station", f"station：尾矿库{facility_ref}没有测点{code}。")
            continue
        if st["operator_id"] != system.operator_id:
            _refuse(result, i, "facility",
                f"facility：{facility_ref}不是本监测系统所属生产经营单位的尾矿库，不予接收。")
            continue
        if st["state"] == ch.FacilityState.CLOSED:
            _refuse(result, i, "facility", f"facility：{facility_ref}已闭库销号，不再接收监测数据（第三十三条）。")
            continue
        if quantity != st["quantity"]:
            _refuse(result, i, "quantity", f"quantity：测点{code}监测的是{st['quantity']}，不是{quantity}。")
            continue
        if unit != st["unit"]:
            _refuse(result, i, "unit", f"unit：测点{code}的单位是{st['unit']}，收到的是{unit}（不做换算）。")
            continue
        key = (st["id"], moment)
        if key in seen:
            _refuse(result, i, "measured_at", f"measured_at：测点{code}在{raw_time(moment)}的数据在本批中重复。")
            continue
        seen.add(key)
        good.append((i, st, value, moment))
    if not good:
        return result
    with transaction.atomic():
        inserted = _insert(good, now)
        latest: dict[int, tuple[float, datetime]] = {}
        for i, st, value, moment in good:
            if (st["id"], moment) not in inserted:
                _refuse(result, i, "measured_at",
                    f"measured_at：测点{st['code']}在{raw_time(moment)}的数据已接收过（重复）。")
                continue
            result.accepted += 1
            if st["id"] not in latest or moment > latest[st["id"]][1]:
                latest[st["id"]] = (value, moment)
        if latest:
            alarms_evaluate(latest=latest, result=result,
                            stations={st["id"]: st for _i, st, _v, _m in good})
    result.refused.sort(key=lambda r: r["index"])
    return result


def raw_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _stations_for(parsed) -> dict[tuple[str, str], dict[str, Any]]:
    refs = {p[1] for p in parsed}
    codes = {p[2] for p in parsed}
    if not refs:
        return {}
    rows = Station.objects.filter(facility__reference__in=refs, code__in=codes, active=True).values(
        "id", "code", "quantity", "unit", "facility_id", "facility__reference", "facility__organisation_id",
        "facility__state")
    return {(r["facility__reference"], r["code"]): {
        "id": r["id"], "code": r["code"], "quantity": r["quantity"], "unit": r["unit"],
        "facility_id": r["facility_id"], "operator_id": r["facility__organisation_id"], "state": r["facility__state"],
    } for r in rows}


def _insert(good, now) -> set[tuple[int, datetime]]:
    """One statement for the batch: the INSERT (a reading already stored is skipped by the unique (station,
    measured_at) and reported as a duplicate) and each station's latest reading time."""
    if connection.vendor != "postgresql":
        return _insert_portable(good, now)
    with connection.cursor() as cur:
        cur.execute(
            "WITH ins AS (INSERT INTO tailings_reading (facility_id, station_id, value, measured_at, received_at) "
            "SELECT f, s, v, m, %s FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::timestamptz[]) "
            "AS t(f, s, v, m) ON CONFLICT (station_id, measured_at) DO NOTHING RETURNING station_id, measured_at), "
            "upd AS (UPDATE tailings_station st SET last_reading_at = GREATEST(COALESCE(st.last_reading_at, l.m), "
            "l.m) FROM (SELECT station_id, max(measured_at) AS m FROM ins GROUP BY station_id) l "
            "WHERE st.id = l.station_id) "
            "SELECT station_id, measured_at FROM ins",
            [now, [g[1]["facility_id"] for g in good], [g[1]["id"] for g in good], [g[2] for g in good],
             [g[3] for g in good]])
        return {(sid, m) for sid, m in cur.fetchall()}


def _insert_portable(good, now) -> set[tuple[int, datetime]]:
    """The same with the ORM, for the embedded database ``make run`` starts on (SQLite has no arrays): the readings
    already stored are read first, the others inserted in one statement, the stations' latest times updated."""
    station_ids = {g[1]["id"] for g in good}
    stored = set(Reading.objects.filter(station_id__in=station_ids, measured_at__in={g[3] for g in good})
                 .values_list("station_id", "measured_at"))
    new = [Reading(facility_id=g[1]["facility_id"], station_id=g[1]["id"], value=g[2], measured_at=g[3],
                   received_at=now) for g in good if (g[1]["id"], g[3]) not in stored]
    Reading.objects.bulk_create(new, ignore_conflicts=True)
    latest: dict[int, datetime] = {}
    for r in new:
        latest[r.station_id] = max(latest.get(r.station_id, r.measured_at), r.measured_at)
    for station_id, moment in latest.items():
        Station.objects.filter(pk=station_id).filter(
            models.Q(last_reading_at__isnull=True) | models.Q(last_reading_at__lt=moment)).update(
            last_reading_at=moment)
    return {(r.station_id, r.measured_at) for r in new}


def _crossed(limit: AlarmLimit | dict, value: float) -> bool:
    direction, threshold = limit["direction"], limit["threshold"]
    return value < threshold if direction == ch.Direction.BELOW else value > threshold


def _recovered(limit: dict, value: float) -> bool:
    """Back inside the least severe limit by its hysteresis margin."""
    if limit["direction"] == ch.Direction.BELOW:
        return value >= limit["threshold"] + limit["clear_margin"]
    return value <= limit["threshold"] - limit["clear_margin"]


def limits_for(station_ids, *, on, stations: dict[int, dict[str, Any]] | None = None) -> dict[int, list[dict]]:
    """The limits in force on ``on`` per station, least severe first (one query; the stations' facility and
    quantity come from ``stations`` when the caller has read them)."""
    if stations is None:
        stations = {r["id"]: r for r in Station.objects.filter(pk__in=list(station_ids)).values(
            "id", "facility_id", "quantity")}
    rows = AlarmLimit.objects.filter(facility_id__in={stations[s]["facility_id"] for s in station_ids},
                                     effective_from__lte=on).exclude(effective_to__lt=on).values(
        "facility_id", "quantity", "level", "direction", "threshold", "clear_margin", "escalate_hours")
    by_fq: dict[tuple[int, str], list[dict]] = {}
    for r in rows:
        by_fq.setdefault((r["facility_id"], r["quantity"]), []).append(r)
    return {sid: sorted(by_fq.get((stations[sid]["facility_id"], stations[sid]["quantity"]), []),
                        key=lambda r: ch.LEVEL_RANK[r["level"]]) for sid in station_ids}


def alarms_evaluate(*, latest: dict[int, tuple[float, datetime]], result: IngestResult | None = None,
                    stations: dict[int, dict[str, Any]] | None = None) -> None:
    """Open, update or clear the limit alarm of each station from its latest reading; a station that reports
    clears its stale alarm. Idempotent: a persisting condition updates the one open alarm."""
    result = result or IngestResult()
    limits = limits_for(list(latest), on=timezone.localdate(), stations=stations)
    open_alarms = {(a.station_id, a.kind): a for a in Alarm.objects.filter(
        station_id__in=list(latest), state__in=(ch.AlarmState.OPEN, ch.AlarmState.ACKNOWLEDGED))}
    for sid, (value, moment) in latest.items():
        stale = open_alarms.get((sid, ch.AlarmKind.STALE))
        if stale is not None:
            transition_perform(case=stale, name="clear", actor=None, system=True,
                               comment=f"测点于{raw_time(moment)}恢复上报数据")
            result.alarms_cleared += 1
        station_limits = limits.get(sid) or []
        if not station_limits:
            continue
        crossed = [lim for lim in station_limits if _crossed(lim, value)]
        alarm = open_alarms.get((sid, ch.AlarmKind.LIMIT))
        if crossed:
            worst = crossed[-1]
            if alarm is None:
                _alarm_open(station_id=sid, kind=ch.AlarmKind.LIMIT, level=worst["level"], value=value, at=moment,
                            threshold=worst["threshold"], escalate_hours=worst["escalate_hours"])
                result.alarms_opened += 1
            else:
                peak = max(alarm.peak_level, worst["level"], key=lambda lv: ch.LEVEL_RANK[lv])
                Alarm.objects.filter(pk=alarm.pk).update(level=worst["level"], peak_level=peak, value=value,
                                                         value_at=moment, threshold=worst["threshold"])
                result.alarms_updated += 1
        elif alarm is not None:
            if _recovered(station_limits[0], value):
                Alarm.objects.filter(pk=alarm.pk).update(value=value, value_at=moment)
                transition_perform(case=alarm, name="clear", actor=None, system=True,
                                   comment=f"{raw_time(moment)}数值{value}恢复至限值以内（含回差）")
                result.alarms_cleared += 1
            else:  # inside the limit but not yet past the hysteresis: the alarm stays, at its lowest level
                Alarm.objects.filter(pk=alarm.pk).update(value=value, value_at=moment)
                result.alarms_updated += 1


def _alarm_open(*, station_id: int, kind: str, level: str, value: float | None, at: datetime,
                threshold: float | None, escalate_hours: int) -> Alarm | None:
    station = Station.objects.select_related("facility__supervisor").get(pk=station_id)
    try:
        with transaction.atomic():
            return record_create(model=Alarm, actor=None, fields={
                "reference": reference_next(prefix="TAILBJ", year=timezone.localdate().year),
                "facility": station.facility, "station": station, "kind": kind, "quantity": station.quantity,
                "level": level, "peak_level": level, "value": value, "value_at": at, "threshold": threshold,
                "escalate_hours": escalate_hours}, start_deadlines=(ALARM_ACK,),
                label="报警")
    except IntegrityError:  # another batch opened it a moment ago: the condition updates that one
        Alarm.objects.filter(station_id=station_id, kind=kind).exclude(state=ch.AlarmState.CLEARED).update(
            level=level, value=value, value_at=at)
        return None


def stations_stale_sweep(*, now: datetime | None = None) -> int:
    """A station silent for longer than its ``stale_minutes`` raises its own alarm (once, until it reports)."""
    now = now or timezone.now()
    made = 0
    silent = Station.objects.filter(active=True, last_reading_at__isnull=False).exclude(
        facility__state=ch.FacilityState.CLOSED).exclude(
        alarms__kind=ch.AlarmKind.STALE, alarms__state__in=(ch.AlarmState.OPEN, ch.AlarmState.ACKNOWLEDGED))
    for station in silent.only("id", "last_reading_at", "stale_minutes"):
        if station.last_reading_at + timedelta(minutes=station.stale_minutes) > now:
            continue
        if _alarm_open(station_id=station.pk, kind=ch.AlarmKind.STALE, level=STALE_LEVEL, value=None,
                       at=station.last_reading_at, threshold=None, escalate_hours=STALE_ESCALATE_HOURS):
            made += 1
    return made
