"""Benchmarks of issue 18 (credit/):

1. Scoring a whole cycle: N firms × 40 indicators scored and graded by ``credit.services.cycle_score`` (set-based:
   grouped reads, the pure rules in memory, one UPDATE … FROM VALUES per batch), against the baseline of reading
   the same rows (the points per rating, the ratings, the records). Goal: ≤ 10 s at 20,000 × 40. Re-scoring after
   a sheet correction is the same call.
2. The public grade list ``/credit/grades/?q=`` over N final grades, against a bare view reading the same page of
   rows without the table machinery. Goal: ≤ 3×.

    createdb -h 127.0.0.1 -U postgres gz_credit_bench
    DJANGO_ENV=test REFDATA_CHECK_SECONDS=2 DATABASE_URL=postgres://postgres@127.0.0.1:5432/gz_credit_bench \\
        .venv/bin/python bench/credit_scoring.py [firms]

Builds its own synthetic rows (cycle 2030, kind ``developer``, a 40-indicator sheet) with INSERT … SELECT
generate_series; the bench rows are bulk data, not cases walked through the engine. Not timed inside the tests.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings")
# As in production: a process checks its reference tables every 2 s, not on every read (the test default).
os.environ.setdefault("REFDATA_CHECK_SECONDS", "2")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

YEAR = 2030


def _timed(fn, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def build(firms: int):
    from credit.models import CreditCycle, Indicator, Rating, ScoreSheet
    from gazette.orgs.choices import OrganisationType as T
    from gazette.orgs.models import Organisation, Region

    cycle = CreditCycle.objects.filter(year=YEAR).first()
    if cycle is not None and Rating.objects.filter(cycle=cycle).count() == firms:
        return cycle
    with transaction.atomic():
        if cycle is not None:
            with connection.cursor() as c:
                c.execute("DELETE FROM credit_scoreentry WHERE rating_id IN (SELECT id FROM credit_rating "
                          "WHERE cycle_id = %s)", [cycle.pk])
                c.execute("DELETE FROM credit_rating WHERE cycle_id = %s", [cycle.pk])
            cycle.delete()
        county = Region.objects.get(code="140105")

        def dept(name, code, parent=None):
            return Organisation.objects.get_or_create(name=name, defaults={
                "type": T.HOUSING_DEPARTMENT, "region": Region.objects.get(code=code), "parent": parent})[0]

        prov = dept("基准省住建厅", "140000")
        city = dept("基准太原市住建局", "140100", prov)
        cnty = dept("基准小店区住建局", "140105", city)
        sheet = ScoreSheet.objects.get_or_create(kind="developer", version=900, defaults={
            "title": "基准评分表（40项）", "effective_from": date(2029, 1, 1), "is_sample": True})[0]
        if not sheet.indicators.exists():
            Indicator.objects.bulk_create([Indicator(sheet=sheet, code=f"B{n:02d}", name=f"指标{n}",
                                                     max_points=Decimal("2.50"), order=n) for n in range(1, 41)])
        cycle = CreditCycle.objects.create(
            year=YEAR, notice_date=date(YEAR, 2, 1), submission_opens=date(YEAR, 2, 11),
            submission_closes=date(YEAR, 2, 20), city_report_by=date(YEAR, 3, 20), notice_opens=date(YEAR, 4, 1),
            final_by=date(YEAR, 4, 30))
        with connection.cursor() as c:
            c.execute("""
                INSERT INTO orgs_organisation (name, short_name, type, region_id, parent_id, document_prefix,
                                               credit_code, address, phone, is_active)
                SELECT '基准企业' || %s || '-' || g, '', 'enterprise', %s, %s, '', '', '', '', true
                FROM generate_series(1, %s) g ON CONFLICT (name) DO NOTHING""", [YEAR, county.code, cnty.pk, firms])
            c.execute("""
                INSERT INTO credit_enterprise (organisation_id, kind, credit_code, registration_region_id,
                    legal_representative, qualification, performance, key_persons, related_firms, last_activity_on,
                    created_at)
                SELECT o.id, 'developer', 'BENCH' || lpad(o.id::text, 13, '0'), %s, '基准', '', '', '', '',
                       DATE '2029-06-01', now()
                FROM orgs_organisation o WHERE o.name LIKE %s
                ON CONFLICT (credit_code) DO NOTHING""", [county.code, f"基准企业{YEAR}-%"])
            c.execute("""
                INSERT INTO credit_rating (reference, region_id, organisation_id, state, reference_date, created_at,
                    updated_at, rule_trace, version, enterprise_id, cycle_id, kind, sheet_id, county_department_id,
                    city_department_id, province_department_id, declaration, pledge, gap_items, street_opinion,
                    grade, initial_grade, veto, inactive)
                SELECT 'CRED-B' || e.id, %s, %s, 'verified', %s, now(), now(), '[]'::jsonb, 0, e.id, %s,
                       'developer', %s, %s, %s, %s, '', true, '', '', '', '', false, false
                FROM credit_enterprise e JOIN orgs_organisation o ON o.id = e.organisation_id
                WHERE o.name LIKE %s""",
                      [county.code, city.pk, cycle.notice_date, cycle.pk, sheet.pk, cnty.pk, city.pk, prov.pk,
                       f"基准企业{YEAR}-%"])
            c.execute("""
                INSERT INTO credit_scoreentry (rating_id, indicator_id, points, entered_at)
                SELECT r.id, i.id, round((random() * 2.5)::numeric, 2), now()
                FROM credit_rating r CROSS JOIN credit_indicator i
                WHERE r.cycle_id = %s AND i.sheet_id = %s""", [cycle.pk, sheet.pk])
    return cycle


def main(firms: int) -> int:
    call_command("migrate", verbosity=0)
    from credit.models import CreditRecord, Rating, ScoreEntry
    from credit.services import cycle_score
    from credit.views import grades

    started = time.perf_counter()
    cycle = build(firms)
    print(f"dataset: {firms} firms × 40 indicators ready in {time.perf_counter() - started:.1f}s")

    def baseline():
        list(ScoreEntry.objects.filter(rating__cycle=cycle).values_list("rating_id", "points"))
        list(Rating.objects.filter(cycle=cycle).values_list("id", "enterprise_id", "sheet_id"))
        list(CreditRecord.objects.filter(enterprise__ratings__cycle=cycle).values_list("enterprise_id", "points"))

    def score():
        Rating.objects.filter(cycle=cycle).update(state="verified")
        assert cycle_score(cycle=cycle) == firms

    base = _timed(baseline)
    scored = _timed(score)
    print(f"score a cycle:  {scored:.2f}s  (read the same rows: {base:.2f}s, ratio {scored / base:.1f}×, "
          f"goal ≤ 10 s: {'met' if scored <= 10 else 'NOT met'})")

    Rating.objects.filter(cycle=cycle).update(state="final")
    factory = RequestFactory()

    def bare(request):
        rows = Rating.objects.filter(state="final", enterprise__organisation__name__icontains="123").order_by(
            "-created_at", "-id").values_list("enterprise__organisation__name", "enterprise__credit_code", "kind",
                                              "cycle__year", "grade")[:51]
        return HttpResponse("\n".join(" ".join(map(str, r)) for r in rows))

    def page():
        response = grades(factory.get("/credit/grades/", {"q": "123"}))
        assert response.status_code == 200

    bare_t = _timed(lambda: bare(factory.get("/")), repeat=7)
    page_t = _timed(page, repeat=7)
    print(f"public list (q): {page_t * 1000:.1f} ms  (bare view {bare_t * 1000:.1f} ms, ratio "
          f"{page_t / bare_t:.1f}×, goal ≤ 3×: {'met' if page_t <= 3 * bare_t else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000))
