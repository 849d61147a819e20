"""CI smoke of the benchmarks: ``bench/run.py --smoke`` still runs the fund and sweep benchmarks end to end (dataset
generator, pages, API load test, PDF worker memory) on a throwaway database. Figures are not asserted: timings
belong to ``make bench``, never to the test suite; this only proves the benchmarks do not rot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.bench


@pytest.fixture
def bench_database_url():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the benchmarks need PostgreSQL")
    name = f"{db['NAME']}_bench_smoke"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    server = f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_smoke_run_produces_every_fund_and_sweep_figure(bench_database_url, tmp_path):
    env = {**os.environ, "BENCH_DATABASE_URL": bench_database_url, "DJANGO_ENV": "development",
           "BENCH_RESULTS_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "bench/run.py", "--smoke", "--only", "bench_fund", "bench_sweep"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (result,) = tmp_path.glob("*-smoke.json")
    figures = {row["figure"] for row in json.loads(result.read_text(encoding="utf-8"))["table"]}
    assert {"fund_inbox_page", "fund_clerk_list_page", "fund_case_detail_page", "fund_api_post_load",
            "worker_memory_pdfs", "deadline_sweep"} <= figures
