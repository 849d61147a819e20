"""Benchmarks of issue 13 (property management committees, 191号):

- nomination backing checks on an area of 5,000 units with 200 nominations: each ``nomination_record`` (lookup of
  the backers by unit number, the PROP-A10 rule, the insert guarded by the unique (committee, owner) index) must
  take ≤ 50 ms; no Python loop over the area's owners;
- the public notice board (``/property/notices/``) over 10 years of postings: ≤ 3× a bare view that reads the
  newest 50 postings by primary key and prints their titles.

Everything is built inside one transaction that is rolled back at the end: the benchmark database keeps nothing.
"""

from __future__ import annotations

import contextlib
import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal


class _RollbackError(Exception):
    """Raised at the end to roll every benchmark row back."""


def _area(office, units: int):
    from property.models import Area, Owner, Unit

    area = Area.objects.create(name=f"基准小区{random.randint(0, 10**9)}", street_office=office, region=office.region,
                               total_area=Decimal("500000.00"), delivered_area=Decimal("100000.00"),
                               delivery_started=True)
    made = Unit.objects.bulk_create([Unit(area=area, number=f"{1 + i // 100}-{i % 100:03d}", exclusive_area=90)
                                     for i in range(units)], batch_size=2000)
    Owner.objects.bulk_create([Owner(unit=u, area=area, name=f"业主{i}", phone=f"139{i:08d}")
                               for i, u in enumerate(made)], batch_size=2000)
    return area, [u.number for u in made]


def _committee(area, office, n: int):
    from datetime import date

    from property.models import Committee

    return Committee.objects.create(reference=f"PROP-BENCH-{n:06d}", region=office.region, organisation=office,
                                    reference_date=date(2026, 11, 2), area=area, trigger="delivery_under_half",
                                    requirements="-", registration="-")


def _nominations(results: dict, office, *, units: int, nominations: int) -> None:
    from property.services import NominationInput, nomination_record

    area, numbers = _area(office, units)
    committee = _committee(area, office, 1)
    # One nomination on another committee first: the process's first call loads reference data (regulations).
    warm = _committee(area, office, 2)
    started = time.perf_counter()
    nomination_record(committee=warm, actor=None, data=NominationInput(
        nominee_unit=numbers[-1], backer_units=numbers[-11:-1], consent_signed=True))
    first_ms = (time.perf_counter() - started) * 1000
    per = (units - nominations) // nominations
    times = []
    for i in range(nominations):
        nominee = numbers[i]
        backers = numbers[nominations + i * per: nominations + (i + 1) * per][:20]
        started = time.perf_counter()
        nomination_record(committee=committee, actor=None, data=NominationInput(
            nominee_unit=nominee, backer_units=backers, consent_signed=True))
        times.append((time.perf_counter() - started) * 1000)
    # A backer used twice: refused by the unique index, also timed.
    from django.core.exceptions import ValidationError

    started = time.perf_counter()
    with contextlib.suppress(ValidationError):
        nomination_record(committee=committee, actor=None, data=NominationInput(
            nominee_unit=numbers[-1], backer_units=numbers[nominations:nominations + 10], consent_signed=True))
    refused_ms = (time.perf_counter() - started) * 1000
    worst = max(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    results["property_nomination_check"] = {
        "value": f"p95 {p95:.1f} ms, max {worst:.1f} ms", "baseline": f"{units} units, {nominations} nominations",
        "ratio": "", "goal": "each ≤ 50 ms", "met": worst <= 50 and refused_ms <= 50,
        "median_ms": round(statistics.median(times), 2), "refused_duplicate_ms": round(refused_ms, 2),
        "first_call_in_process_ms": round(first_ms, 2)}


def _board(results: dict, office, *, years: int, per_year: int, repeat: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client, override_settings
    from django.utils import timezone

    from gazette.notices.models import PublicNotice
    from property.models import Committee

    area, _ = _area(office, 10)
    committees = [_committee(area, office, 100 + i) for i in range(20)]
    ct = ContentType.objects.get_for_model(Committee)
    now = timezone.now()
    rows = []
    for i in range(years * per_year):
        c = committees[i % len(committees)]
        start = now - timedelta(days=365 * years) + timedelta(hours=i * 365 * 24 * years / (years * per_year))
        rows.append(PublicNotice(content_type=ct, object_id=c.pk, reference=c.reference, organisation=office,
                                 title=f"{area.name}物业管理委员会会议决定公告{i}", content="确定事项……" * 20,
                                 rule_id=("PROP-A7", "PROP-A12", "PROP-A15")[i % 3], starts_at=start, amount=10,
                                 unit="workdays", ends_at=start + timedelta(days=14), status="closed"))
    PublicNotice.objects.bulk_create(rows, batch_size=2000)
    client = Client()

    def median_ms(url):
        client.get(url)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        return statistics.median(samples)

    with override_settings(ROOT_URLCONF="bench.property_urls"):
        bare = median_ms("/bench/bare-notices/")
        board = median_ms("/property/notices/")
        search = median_ms("/property/notices/?q=%E5%86%B3%E5%AE%9A%E5%85%AC%E5%91%8A9")
    results["property_notice_board"] = {
        "value": f"{board:.1f} ms", "baseline": f"{bare:.1f} ms", "ratio": round(board / bare, 2),
        "goal": f"≤ 3× the bare view ({years * per_year} postings over {years} years)", "met": board <= 3 * bare,
        "search_ms": round(search, 1)}


def run(results: dict, *, smoke: bool = False) -> dict:
    from django.db import transaction

    from gazette.orgs.choices import OrganisationType
    from gazette.orgs.models import Organisation, Region

    try:
        with transaction.atomic():
            office = Organisation.objects.create(name=f"基准街道办事处{random.randint(0, 10**9)}",
                                                 type=OrganisationType.STREET_OFFICE,
                                                 region=Region.objects.get(code="140105"))
            _nominations(results, office, units=500 if smoke else 5000, nominations=20 if smoke else 200)
            _board(results, office, years=10, per_year=50 if smoke else 2000, repeat=5 if smoke else 21)
            raise _RollbackError
    except _RollbackError:
        pass
    return results


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.common import django_setup

    django_setup()
    out: dict = {}
    run(out, smoke="--smoke" in sys.argv)
    for key, fig in out.items():
        print(key, fig)
