"""Profile one benchmark request in process, on the benchmark dataset: where its time goes and what it asks the
database. ``python bench/profile.py post [-n 100] [--sql]`` submits ``n`` treatment requests as the load test does
(``fund_api_post_load``), prints the SQL statements of one, the CPU and wall time per request and pyinstrument's
call tree; the applications it created are deleted afterwards (their audit rows stay: append-only).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _post_requests(n: int):
    from bench.bench_fund import load_bodies
    from bench.generate import generate

    data = generate(scale=200_000)
    return load_bodies(data["tokens"], n)


def profile_post(n: int, *, sql: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from pyinstrument import Profiler
    from rest_framework.test import APIClient

    from bench.bench_fund import delete_created

    bodies = _post_requests(n + 6)
    client = APIClient()
    started = timezone.now()

    def post(i: int) -> None:
        token, body = bodies[i]
        r = client.post("/api/v1/fund/applications/", body, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Token {token}")
        if r.status_code != 201:
            raise SystemExit(f"POST answered {r.status_code}: {r.content[:300]!r}")

    try:
        for i in range(5):  # warm: imports, connections, the process's copies of the reference tables
            post(i)
        with CaptureQueriesContext(connection) as ctx:
            post(5)
        print(f"statements for one submission: {len(ctx.captured_queries)}")
        if sql:
            for q in ctx.captured_queries:
                print("  ", q["sql"][:160])
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(6, n + 6):
            post(i)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"per submission: {wall / n * 1000:.2f} ms wall, {cpu / n * 1000:.2f} ms CPU of this process")
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for i in range(6, n + 6):
            post(i)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    finally:
        print(f"deleted {delete_created(started)} applications created by the profile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["post"])
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--sql", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.common import django_setup

    django_setup()
    profile_post(args.n, sql=args.sql)


if __name__ == "__main__":
    main()
