"""Tailings monitoring (issue 17).

1. Readings ingest: 100,000 readings in batches of 500 through ``POST /api/v1/tailings/readings/`` (the whole HTTP
   stack in process, token authentication, per-reading validation, the INSERT, alarm evaluation) against a
   baseline of the same rows written with one ``COPY``. Goals: ≥ 0.3× the baseline's rate and ≥ 5,000 readings/s;
   constant memory (the process's peak RSS after the second half is within 20 MB of that after the first half).
2. The facility page with one year of 5-minute readings for 5 stations (≈ 525,000 rows; 365 days on the chart)
   against the same page for a facility without readings (the bare view): ≤ 4×. The series is downsampled in SQL
   (``date_bin``), never loaded into Python.
"""

from __future__ import annotations

import resource
import time
from datetime import timedelta

BATCH = 500


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _facility(name: str, orgs):
    from tailings.models import Facility
    from tailings.services import FacilityInput, facility_register

    existing = Facility.objects.filter(name=name).first()
    if existing:
        return existing
    from decimal import Decimal

    data = FacilityInput(
        name=name, project_kind="existing", grade=3, total_dam_height=Decimal("60"),
        starter_dam_crest_elevation=Decimal("1100"), final_design_elevation=Decimal("1160"),
        current_elevation=Decimal("1140"), outer_slope_ratio=Decimal("3.2"), discharge_method="wet",
        dam_method="upstream", design_life_years=20, yellow_river_distance_km=Decimal("40"))
    return facility_register(actor=None, operator=orgs["operator"], supervisor=orgs["county"],
                             region=orgs["county"].region, data=data)


def _orgs():
    from gazette.orgs.models import Organisation, Region

    county, _ = Organisation.objects.get_or_create(name="基准娄烦县应急管理局", defaults={
        "type": "emergency_management", "region": Region.objects.get(code="140123"), "document_prefix": "基应急"})
    operator, _ = Organisation.objects.get_or_create(name="基准矿业有限公司", defaults={
        "type": "enterprise", "region": Region.objects.get(code="140123")})
    return {"county": county, "operator": operator}


def _stations(facility, n: int):
    from tailings.models import AlarmLimit, Station

    quantities = [("phreatic_depth", "m"), ("displacement", "mm"), ("seepage", "L/s"), ("dry_beach", "m"),
                  ("rainfall", "mm")]
    out = []
    for i in range(n):
        q, unit = quantities[i % len(quantities)]
        st, _ = Station.objects.get_or_create(facility=facility, code=f"B-{i:02d}", defaults={
            "quantity": q, "unit": unit})
        out.append(st)
    if not AlarmLimit.objects.filter(facility=facility).exists():
        from django.utils import timezone

        AlarmLimit.objects.create(facility=facility, quantity="phreatic_depth", level="red", direction="below",
                                  threshold=4.0, clear_margin=0.3, effective_from=timezone.localdate())
    return out


def ingest(results: dict, *, total: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tailings.api.authentication import monitoring_system_create
    from tailings.models import Alarm, Reading, Station

    orgs = _orgs()
    facility = _facility("基准写入尾矿库", orgs)
    stations = _stations(facility, 5)
    Reading.objects.filter(facility=facility).delete()
    Alarm.objects.filter(facility=facility).delete()
    _system, token = monitoring_system_create(name=f"基准监测系统{time.time()}", operator=orgs["operator"])
    start = timezone.now() - timedelta(minutes=total // len(stations) + 10)
    rows = [(stations[i % 5], start + timedelta(minutes=i // 5), 7.0 - (i % 97) / 30) for i in range(total)]
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Monitor {token}"}
    import json

    def body(chunk):
        return json.dumps({"readings": [{
            "facility": facility.reference, "station": st.code, "quantity": st.quantity, "value": v,
            "unit": st.unit, "measured_at": m.isoformat()} for st, m, v in chunk]})

    half_rss = None
    t0 = time.perf_counter()
    for n, i in enumerate(range(0, total, BATCH)):
        response = client.post("/api/v1/tailings/readings/", body(rows[i:i + BATCH]), content_type="application/json",
                               **auth)
        assert response.status_code == 200 and response.json()["accepted"] == len(rows[i:i + BATCH]), response.content
        if n == (total // BATCH) // 2:
            half_rss = _rss_mb()
    api_s = time.perf_counter() - t0
    end_rss = _rss_mb()
    assert Reading.objects.filter(facility=facility).count() == total
    alarms = Alarm.objects.filter(facility=facility).count()
    # Baseline: the same rows in one COPY (into the same table, after removing them again).
    Reading.objects.filter(facility=facility).delete()
    now = timezone.now()
    t0 = time.perf_counter()
    with connection.cursor() as cur, cur.copy(
            "COPY tailings_reading (facility_id, station_id, value, measured_at, received_at) FROM STDIN") as copy:
        for st, m, v in rows:
            copy.write_row((facility.pk, st.pk, v, m, now))
    copy_s = time.perf_counter() - t0
    Reading.objects.filter(facility=facility).delete()
    Station.objects.filter(facility=facility).update(last_reading_at=None)
    api_rate, copy_rate = total / api_s, total / copy_s
    ratio = round(api_rate / copy_rate, 3)
    figures = {
        "readings": total, "batch": BATCH, "api_s": round(api_s, 2), "copy_s": round(copy_s, 2),
        "value": f"{api_rate:,.0f}/s", "baseline": f"{copy_rate:,.0f}/s (COPY)", "ratio": ratio,
        "rss_half_mb": round(half_rss or 0, 1), "rss_end_mb": round(end_rss, 1), "alarms": alarms,
        "goal": "≥ 0.3× COPY, ≥ 5,000 readings/s, constant memory",
        "met": ratio >= 0.3 and api_rate >= 5000 and (end_rss - (half_rss or end_rss)) <= 20,
    }
    results["tailings_readings_ingest"] = figures
    return figures


def facility_page(results: dict, *, days: int = 365, repeat: int = 5) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from .common import median, timed

    orgs = _orgs()
    full = _facility("基准一年数据尾矿库", orgs)
    bare = _facility("基准无数据尾矿库", orgs)
    stations = _stations(full, 5)
    _stations(bare, 5)
    per_station = days * 288
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM tailings_reading WHERE facility_id = %s", [full.pk])
        if cur.fetchone()[0] != per_station * 5:
            cur.execute("DELETE FROM tailings_reading WHERE facility_id = %s", [full.pk])
            cur.execute(
                "INSERT INTO tailings_reading (facility_id, station_id, value, measured_at, received_at) "
                "SELECT %s, s, 7 + sin(g / 288.0 * 6.283) + random() / 5, now() - g * interval '5 minutes', now() "
                "FROM unnest(%s::bigint[]) AS s, generate_series(0, %s - 1) AS g",
                [full.pk, [s.pk for s in stations], per_station])
        cur.execute("ANALYZE tailings_reading")
        cur.execute("SELECT count(*) FROM tailings_reading WHERE facility_id = %s", [full.pk])
        rows = cur.fetchone()[0]
    user, _ = get_user_model().objects.get_or_create(username="bench_tailings_county",
                                                     defaults={"organisation": orgs["county"]})
    user.groups.add(Group.objects.get_or_create(name="clerk")[0])
    client = Client()
    client.force_login(user)

    def get(f):
        def fn():
            response = client.get(f"/tailings/facilities/{f.pk}/?days={days}")
            assert response.status_code == 200
        return fn

    page = median(timed(get(full), repeat=repeat))
    base = median(timed(get(bare), repeat=repeat))
    ratio = round(page / base, 2)
    figures = {"rows": rows, "value": f"{page * 1000:.0f} ms", "baseline": f"{base * 1000:.0f} ms (no readings)",
               "ratio": ratio, "goal": "≤ 4× the bare view", "met": ratio <= 4}
    results["tailings_facility_page"] = figures
    return figures


def run(results: dict, *, smoke: bool = False) -> dict:
    ingest(results, total=5_000 if smoke else 100_000)
    facility_page(results, days=7 if smoke else 365, repeat=3 if smoke else 5)
    return results


if __name__ == "__main__":
    import argparse
    import json

    from bench.common import django_setup

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    django_setup()
    out: dict = {}
    run(out, smoke=args.smoke)
    print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
