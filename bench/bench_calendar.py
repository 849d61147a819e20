"""Benchmark: the precomputed calendar against the chinesecalendar package on the same inputs.

Measures the per-call time of ``add_working_days`` and ``is_working_day`` (gazette.workcalendar.periods) against
``chinese_calendar.find_workday`` and ``chinese_calendar.is_workday``. Goal: at most 5 µs per call and at least
20 times faster than the package. Run with the project's environment, e.g.

    DATABASE_URL=postgres://... REDIS_URL=redis://... DJANGO_ENV=test .venv/bin/python bench/bench_calendar.py

When the database is not reachable (or not migrated) the table is built from the package alone and the benchmark
says so; the timings are the same, since calls answer from memory either way.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N_FAST = 200_000
N_PACKAGE = 20_000
GOAL_US = 5.0
GOAL_SPEEDUP = 20.0


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings")
    import django

    django.setup()


def _per_call_us(fn, args: list[tuple], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in microseconds per call."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for a in args:
            fn(*a)
        best = min(best, time.perf_counter() - t0)
    return best / len(args) * 1e6


def _prepare_table() -> str:
    """Build the calendar table once (not timed); fall back to the package alone without a database."""
    from gazette.workcalendar import table

    t0 = time.perf_counter()
    try:
        table.reset()
        table.current()
        source = "database + package"
    except Exception as exc:  # noqa: BLE001 - any database failure falls back to the package alone
        built = table.build_table(version="bench", overrides=[], official_years=set())
        table.install(built)
        table.CHECK_SECONDS = float("inf")  # no database to check the version against
        source = f"package only (database not usable: {exc.__class__.__name__})"
    return f"{source}, built in {(time.perf_counter() - t0) * 1000:.1f} ms"


def run(results: dict) -> dict:
    """Run the benchmark and store the figures in ``results`` (µs per call, speedups, pass/fail against goals)."""
    _setup_django()
    import chinese_calendar as cc

    from gazette.workcalendar.periods import add_working_days, is_working_day, period_end

    results["calendar_table"] = _prepare_table()
    rng = random.Random(2024)
    span = (date(2026, 10, 1) - date(2004, 1, 1)).days  # +30 working days stays inside 2026
    add_inputs = [(date(2004, 1, 1) + timedelta(days=rng.randrange(span)), rng.randrange(1, 31)) for _ in range(N_FAST)]
    day_inputs = [(d,) for d, _ in add_inputs]

    # Same inputs for both sides; the package gets a slice because it is slow.
    add_fast = _per_call_us(add_working_days, add_inputs)
    add_pkg = _per_call_us(lambda d, n: cc.find_workday(n, d), add_inputs[:N_PACKAGE])
    day_fast = _per_call_us(is_working_day, day_inputs)
    day_pkg = _per_call_us(cc.is_workday, day_inputs[:N_PACKAGE])
    # Informational: a whole period with its explanation and summary (what the API and page do per request).
    period = _per_call_us(lambda d, n: period_end(d, n, "workdays").summary(), add_inputs[:N_PACKAGE])

    results.update(
        {
            "add_working_days_us": round(add_fast, 3),
            "find_workday_us": round(add_pkg, 3),
            "add_working_days_speedup": round(add_pkg / add_fast, 1),
            "is_working_day_us": round(day_fast, 3),
            "is_workday_us": round(day_pkg, 3),
            "is_working_day_speedup": round(day_pkg / day_fast, 1),
            "period_end_with_summary_us": round(period, 1),
        }
    )
    results["goals_met"] = (
        add_fast <= GOAL_US
        and day_fast <= GOAL_US
        and results["add_working_days_speedup"] >= GOAL_SPEEDUP
    )
    return results


def main() -> int:
    results: dict = {}
    run(results)
    print(f"calendar table: {results['calendar_table']}")
    print(
        f"add_working_days   {results['add_working_days_us']:8.3f} µs/call   "
        f"chinese_calendar.find_workday {results['find_workday_us']:8.3f} µs/call   "
        f"{results['add_working_days_speedup']:6.1f}x faster"
    )
    print(
        f"is_working_day     {results['is_working_day_us']:8.3f} µs/call   "
        f"chinese_calendar.is_workday   {results['is_workday_us']:8.3f} µs/call   "
        f"{results['is_working_day_speedup']:6.1f}x faster"
    )
    print(f"period_end + summary (1–30 working days, with explanation) {results['period_end_with_summary_us']} µs/call")
    print(f"goals (≤ {GOAL_US} µs per call, ≥ {GOAL_SPEEDUP}x for add_working_days): "
          f"{'met' if results['goals_met'] else 'NOT met'}")
    return 0 if results["goals_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
