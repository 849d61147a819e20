"""Fund benchmarks at the size of a province (issue #6), on the dataset of bench/generate.py.

Every figure is measured against a baseline in the same run:

- clerk inbox and clerk list page (county clerk of 小店区, 50 rows): median server time through Django's test
  client against ``/bench/bare/?n=50`` (a bare view returning 50 rows of the same table, bench/urls.py); goal
  ≤ 3× and ≤ 50 ms; the query count must be the same for 10, 50 and 100 rows.
- case detail page (history, rule trace, documents): same baseline, ≤ 4×; the query count must be the same for a
  case with one history row and no documents as for one with five history rows and three documents.
- ``POST /api/v1/fund/applications/`` under load: gunicorn (2 workers, 127.0.0.1 only) and wrk for 30 s (2 s in
  smoke) with hospital tokens, against a minimal DRF endpoint on the same server; goal ≥ 0.3× the baseline's
  throughput, ≥ 150 req/s, p95 ≤ 150 ms, 0 errors.
- worker memory: RSS of one long-lived process after 1,000 notice PDFs against after 10; growth ≤ 20 %.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = """
local i = 0
local reqs = {}
%(requests)s
request = function()
  i = i + 1
  local r = reqs[(i %% #reqs) + 1]
  return wrk.format("POST", "%(path)s", {["Authorization"] = "Token " .. r[1],
    ["Content-Type"] = "application/json"}, r[2])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%f %%f %%f\\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
  io.flush()
end
"""


def _id_number(seq: int) -> str:
    body = f"140105199001{seq % 10000:04d}"[:14] + f"{seq % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _ratio(value: float, baseline: float) -> float | None:
    return round(value / baseline, 2) if baseline else None


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


@contextmanager
def _limits(n: int):
    """Set the rows per page of the clerk list and of the inbox (the engine's work items) to ``n``."""
    import fund.views
    import gazette.workflow.selectors as work

    saved = fund.views.PAGE_SIZE, work.INBOX_LIMIT
    fund.views.PAGE_SIZE, work.INBOX_LIMIT = n, n
    try:
        yield
    finally:
        fund.views.PAGE_SIZE, work.INBOX_LIMIT = saved


def _page_figures(results: dict, *, clerk, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench.common import median, timed
    from fund.models import Application

    client = Client()
    client.force_login(clerk)

    def get(url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(response.content)

    def queries(url: str) -> int:
        get(url)  # warm: content types, sessions and template caches are per process, not per row
        with CaptureQueriesContext(connection) as ctx:
            get(url)
        return len(ctx.captured_queries)

    # Cases of the clerk's county: one with 1 history row and no documents, one with 5 and 3 (generate.py).
    mine = Application.objects.filter(region_id="140105", reference__startswith="FUNDB-").order_by("id")
    ids = list(mine.values_list("id", flat=True)[:400])
    small = min(ids, key=lambda i: (i % 5, i % 4))
    big = max(ids, key=lambda i: (i % 5, i % 4))

    with override_settings(ROOT_URLCONF="bench.urls"):
        pages = {"inbox": "/inbox/", "clerk_list": "/fund/applications/"}
        counts = {name: {} for name in pages}
        for n in (10, 50, 100):
            with _limits(n):
                for name, url in pages.items():
                    counts[name][n] = queries(url)
        baseline = median(timed(lambda: get("/bench/bare/?n=50"), repeat=repeat, warmup=2))
        for name, url in pages.items():
            with _limits(50):
                value = median(timed(lambda url=url: get(url), repeat=repeat, warmup=2))
            constant = len(set(counts[name].values())) == 1
            results[f"fund_{name}_page"] = {
                "value": _ms(value), "baseline": _ms(baseline), "ratio": _ratio(value, baseline),
                "value_s": round(value, 4), "baseline_s": round(baseline, 4),
                "queries_10_50_100": [counts[name][n] for n in (10, 50, 100)],
                "goal": "≤ 3× bare view, ≤ 50 ms, same query count for 10/50/100 rows",
                "met": value <= 3 * baseline and value <= 0.050 and constant,
            }
        q_small = queries(f"/fund/applications/{small}/")
        q_big = queries(f"/fund/applications/{big}/")
        value = median(timed(lambda: get(f"/fund/applications/{big}/"), repeat=repeat, warmup=2))
        results["fund_case_detail_page"] = {
            "value": _ms(value), "baseline": _ms(baseline), "ratio": _ratio(value, baseline),
            "value_s": round(value, 4), "baseline_s": round(baseline, 4),
            "queries_small_vs_big_case": [q_small, q_big],
            "history_docs_small_vs_big": [(small % 5 + 1, small % 4), (big % 5 + 1, big % 4)],
            "goal": "≤ 4× bare view, constant query count", "met": value <= 4 * baseline and q_small == q_big,
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk(port: int, path: str, requests: list[tuple[str, str]], *, seconds: int, connections: int,
         warmup: bool = False) -> dict:
    # Lua 5.1 has no \\u escapes: keep UTF-8 as it is.
    lua_rows = "\n".join(f"reqs[{i + 1}] = {{{json.dumps(t)}, {json.dumps(b, ensure_ascii=False)}}}" for i, (t, b) in
                         enumerate(requests))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT % {"requests": lua_rows, "path": path})
        script = fh.name
    try:
        done = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script,
                              f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True)
        if done.stderr.strip():  # a script error makes wrk fall back to plain GETs of /
            raise RuntimeError(f"wrk: {done.stderr.strip()}")
        out = done.stdout
    finally:
        os.unlink(script)
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        if warmup:
            return {}
        raise RuntimeError(f"wrk printed no result:\n{out}")
    n, duration, c_err, r_err, w_err, s_err, t_err, p50, p95, p99 = line.split()[1:]
    seconds_run = int(duration) / 1e6
    return {"requests": int(n), "rps": round(int(n) / seconds_run, 1),
            "errors": int(c_err) + int(r_err) + int(w_err) + int(s_err) + int(t_err),
            "p50_ms": round(float(p50) / 1000, 1), "p95_ms": round(float(p95) / 1000, 1),
            "p99_ms": round(float(p99) / 1000, 1)}


def load_bodies(tokens: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    """``n`` treatment requests of the hospitals holding ``tokens`` (token, JSON body), seeded: the same every run."""
    from django.utils import timezone

    now = timezone.now()
    rng = random.Random(6)
    bodies = []
    for i in range(n):
        token, region = tokens[i % len(tokens)]
        accident = now - timedelta(days=rng.randrange(1, 30), hours=rng.randrange(24))
        bodies.append((token, json.dumps({
            "kind": "treatment", "accident_at": accident.isoformat(), "accident_place": "某路段",
            "region": region, "insurance_status": "uninsured", "victim_name": "张某某",
            "victim_id_number": _id_number(i), "treatment_started_at": (accident + timedelta(hours=1)).isoformat(),
            "first7_amount": f"{rng.randrange(1000, 29000)}.00"}, ensure_ascii=False)))
    return bodies


def delete_created(started_at) -> int:
    """Keep the dataset stable across runs: drop the applications the benchmark hospitals created since
    ``started_at`` with their clocks and history (their audit rows stay: append-only)."""
    from fund.models import Application
    from gazette.deadlines.models import Deadline
    from gazette.workflow.models import CaseHistory

    created = Application.objects.filter(submitted_by__username__startswith="bench_hospital_",
                                         created_at__gte=started_at)
    ids = list(created.values_list("id", flat=True))
    Deadline.objects.filter(object_id__in=ids, reference__startswith="FUND-").delete()
    CaseHistory.objects.filter(object_id__in=ids, reference__startswith="FUND-").delete()
    created.delete()
    return len(ids)


def _load_figures(results: dict, *, tokens: list[tuple[str, str]], seconds: int) -> None:
    from django.utils import timezone


    if not shutil.which("wrk"):
        results["fund_api_post_load"] = {"value": "wrk missing", "met": False,
                                         "goal": "install wrk (make benchdeps)"}
        return
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    gunicorn = [sys.executable, "-m", "gunicorn", "gazette.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--log-level", "warning", "--chdir", str(ROOT)]
    proc = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
    started_at = timezone.now()
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        bodies = load_bodies(tokens, 200)
        minimal_bodies = [(t, json.dumps({"kind": "treatment"})) for t, _ in bodies[:8]]
        # Warm both workers (imports, connections) before measuring.
        _wrk(port, "/api/v1/bench/minimal/", minimal_bodies, seconds=2, connections=4, warmup=True)
        _wrk(port, "/api/v1/fund/applications/", bodies, seconds=2, connections=4, warmup=True)
        base = _wrk(port, "/api/v1/bench/minimal/", minimal_bodies, seconds=seconds, connections=4)
        real = _wrk(port, "/api/v1/fund/applications/", bodies, seconds=seconds, connections=4)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    created = delete_created(started_at)
    results["fund_api_post_load"] = {
        "value": f"{real['rps']} req/s", "baseline": f"{base['rps']} req/s", "ratio": _ratio(real["rps"], base["rps"]),
        "seconds": seconds, "connections": 4, "post": real, "minimal": base, "created": created,
        "goal": "≥ 0.3× minimal DRF, ≥ 150 req/s, p95 ≤ 150 ms, 0 errors",
        "met": (real["rps"] >= 0.3 * base["rps"] and real["rps"] >= 150 and real["p95_ms"] <= 150
                and real["errors"] == 0),
    }


def _pdf_memory(n_small: int, n_large: int) -> dict:
    """In a fresh process: RSS after ``n_small`` and after ``n_large`` notice PDFs."""
    out = subprocess.run([sys.executable, __file__, "--pdf-memory", str(n_small), str(n_large)],
                         capture_output=True, text=True, check=True, cwd=ROOT, env=os.environ.copy())
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pdf_memory_worker(n_small: int, n_large: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.bench_documents import NOTICE_CONTEXT, _rss_mb
    from gazette.documents.rendering import render_pdf
    from gazette.orgs.models import Organisation

    org = Organisation(name="山西省道路交通事故社会救助基金管理中心", document_prefix="晋救基", region_id="140000")
    ctx = {**NOTICE_CONTEXT, "issuing_organisation": org}
    rss = {}
    for i in range(1, n_large + 1):
        render_pdf("documents/examples/notice.html", ctx)
        if i in (n_small, n_large):
            rss[i] = _rss_mb()
    print(json.dumps({"after_small_mb": round(rss[n_small], 1), "after_large_mb": round(rss[n_large], 1)}))


def run(results: dict, *, scale: int = 1_000_000, smoke: bool = False) -> dict:
    from bench.generate import DEFAULT_SCALE, generate

    cases = 2_000 if smoke else min(DEFAULT_SCALE, max(scale // 5, 2_000))
    data = generate(scale=cases, verbose=True)
    results["fund_dataset"] = {"value": f"{cases} cases", "counts": data["counts"],
                               "built_s": round(data["seconds"], 1), "reused": data["reused"]}
    _page_figures(results, clerk=data["clerk"], repeat=7 if smoke else 21)
    _load_figures(results, tokens=data["tokens"], seconds=2 if smoke else 30)
    n_small, n_large = (10, 30) if smoke else (10, 1000)
    mem = _pdf_memory(n_small, n_large)
    growth = mem["after_large_mb"] / mem["after_small_mb"] - 1
    results["worker_memory_pdfs"] = {
        "value": f"{mem['after_large_mb']} MB", "baseline": f"{mem['after_small_mb']} MB",
        "ratio": round(1 + growth, 3), "pdfs": [n_small, n_large], "growth_pct": round(growth * 100, 1),
        "goal": f"RSS after {n_large} ≤ 1.2× after {n_small}", "met": growth <= 0.20,
    }
    return results


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--pdf-memory":
        _pdf_memory_worker(int(sys.argv[2]), int(sys.argv[3]))
    else:
        from bench.common import django_setup

        django_setup()
        figures: dict = {}
        run(figures, smoke="--smoke" in sys.argv)
        print(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
