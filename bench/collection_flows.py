"""Benchmark / acceptance run of issue #5: the five COLL-A22 detectors over a generated 100,000-row transaction
file with one planted case per pattern, and over a clean one.

    DJANGO_ENV=test DATABASE_URL=... .venv/bin/python bench/collection_flows.py [rows]

Exits non-zero when a planted case is missed or the clean file produces a hit. Not timed inside the test suite.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings")

import django

django.setup()

from collection.models import FlowThresholds  # noqa: E402
from collection.monitoring import detect_all, parse_txn, read_table  # noqa: E402
from tests.collection.txgen import PLANTED, RULES, generate  # noqa: E402


def run(rows: int) -> int:
    thresholds = FlowThresholds(effective_from=date(2022, 12, 30))
    expected = {(RULES[k], account) for k, (account, _, _) in PLANTED.items()}
    failures = 0
    for planted in (True, False):
        content = generate(rows, planted=planted)
        started = time.perf_counter()
        txns = [parse_txn(i + 2, r) for i, r in enumerate(read_table("flows.csv", content))]
        hits = {(h.rule_id, h.account) for h in detect_all(txns, thresholds)}
        elapsed = time.perf_counter() - started
        want = expected if planted else set()
        ok = hits == want
        failures += not ok
        print(f"{'planted' if planted else 'clean  '} rows={len(txns)} hits={sorted(hits)} {elapsed:.1f}s "
              f"{'OK' if ok else 'MISMATCH'}")
    return failures


if __name__ == "__main__":
    sys.exit(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
