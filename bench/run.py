"""Run every benchmark under bench/ and print one table; the figures are also written as JSON to
bench/results/<timestamp>.json. Usage: ``make bench`` or ``python bench/run.py [--scale N] [--only name ...]``.

Each benchmark module has ``run(results: dict, **options)`` and measures its figure against a baseline taken in
the same run, so a noisy machine still gives a meaningful ratio.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import django_setup  # noqa: E402 - needs the path above

MODULES = ["bench_calendar", "bench_sweep", "bench_documents", "bench_fund", "bench_tailings", "bench_property"]


def table_rows(results: dict) -> list[dict]:
    """One row per figure: value, baseline, ratio, goal, met. The calendar and documents benchmarks store flat
    values; they are turned into rows here."""
    rows = []

    def row(figure, value, baseline="", ratio="", goal="", met=""):
        rows.append({"figure": figure, "value": value, "baseline": baseline, "ratio": ratio, "goal": goal, "met": met})

    for key, fig in results.items():
        if key == "calendar":
            row("working_day_arithmetic", f"{fig['add_working_days_us']} µs", f"{fig['find_workday_us']} µs",
                f"{fig['add_working_days_speedup']}×", "≥ 20× faster than find_workday, ≤ 5 µs", fig["goals_met"])
        elif key == "documents":
            goals = fig.get("goals", {})
            bare = f"{fig.get('baseline_bare_page_ms')} ms"
            if "notice_median_ms" in fig:
                row("pdf_notice_one_page", f"{fig['notice_median_ms']} ms", bare,
                    round(fig["notice_median_ms"] / fig["baseline_bare_page_ms"], 1), "median ≤ 200 ms",
                    goals.get("notice_ms<=200"))
            if "report_median_s" in fig:
                row(f"pdf_report_{fig.get('report_pages')}_pages", f"{fig['report_median_s']} s", bare,
                    round(fig["report_median_s"] * 1000 / fig["baseline_bare_page_ms"], 1), "median ≤ 2 s",
                    goals.get("report_s<=2"))
            if "xlsx_s" in fig:
                row("xlsx_export_50000_rows", f"{fig['xlsx_s']} s, {fig['xlsx_peak_rss_mb']} MB", "—", "",
                    "≤ 10 s, streaming, peak RSS ≤ 300 MB",
                    goals.get("xlsx_s<=10", False) and goals.get("xlsx_rss_mb<=300", False))
        elif isinstance(fig, dict):
            row(key, fig.get("value", ""), fig.get("baseline", ""), fig.get("ratio", ""), fig.get("goal", ""),
                fig.get("met", ""))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1_000_000, help="running deadlines / cases at full scale")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--smoke", action="store_true", help="tiny scale: proves the benchmarks still run")
    args = parser.parse_args()
    scale = 20_000 if args.smoke else args.scale
    django_setup()
    results: dict = {}
    failures = []
    load_before = os.getloadavg()
    run_started = time.perf_counter()
    for name in MODULES:
        if args.only and name not in args.only:
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                print(f"-- {name}: not present, skipped")
                continue
            raise
        print(f"-- {name} …", flush=True)
        started = time.perf_counter()
        options = {}
        params = inspect.signature(module.run).parameters
        if "scale" in params:
            options["scale"] = scale
        if "smoke" in params:
            options["smoke"] = args.smoke
        out: dict = {}
        try:
            module.run(out, **options)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others' figures
            failures.append(name)
            traceback.print_exc()
        # Modules that store figures (dicts) are merged; those that store flat values are kept under their name.
        if out and all(isinstance(v, dict) for v in out.values()):
            results.update(out)
        elif out:
            results[name.removeprefix("bench_")] = out
        print(f"   done in {time.perf_counter() - started:.1f} s", flush=True)
    rows = table_rows(results)
    print()
    print(f"{'figure':<30} {'value':>16} {'baseline':>16} {'ratio':>7}  {'met':<5} goal")
    for row in rows:
        print(f"{row['figure']:<30} {row['value']!s:>16} {row['baseline']!s:>16} {row['ratio']!s:>7}  "
              f"{row['met']!s:<5} {row['goal']}")
    meta = {"scale": scale, "smoke": args.smoke, "seconds": round(time.perf_counter() - run_started),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
            "failures": failures}
    print(f"\nload average before {meta['load_average_before']}, after {meta['load_average_after']}, "
          f"{meta['cpus']} CPUs, {meta['seconds']} s")
    out_dir = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "bench" / "results")
    out_dir.mkdir(exist_ok=True)
    path = out_dir / f"{datetime.now():%Y%m%d-%H%M%S}{'-smoke' if args.smoke else ''}.json"
    path.write_text(json.dumps({"meta": meta, "table": rows, "figures": results}, ensure_ascii=False, indent=2,
                               default=str), encoding="utf-8")
    print(f"written: {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
