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
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import django_setup  # noqa: E402 - needs the path above

MODULES = ["bench_calendar", "bench_sweep", "bench_documents", "bench_fund"]


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
        try:
            module.run(results, **options)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others' figures
            failures.append(name)
            traceback.print_exc()
        print(f"   done in {time.perf_counter() - started:.1f} s", flush=True)
    print()
    print(f"{'figure':<32} {'value':>14} {'baseline':>14} {'ratio':>8}  goal / met")
    for key, fig in results.items():
        value = fig.get("value", fig.get("sweep_large_s", ""))
        baseline = fig.get("baseline", fig.get("sweep_small_s", ""))
        ratio = fig.get("ratio", "")
        print(f"{key:<32} {value!s:>14} {baseline!s:>14} {ratio!s:>8}  {fig.get('goal', '')} / {fig.get('met', '')}")
    out = ROOT / "bench" / "results" / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"\nwritten: {out.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
