"""Benchmarks of the documents engine part (see the goals in the docstring of each step).

    python bench/bench_documents.py        # or through a runner that calls run(results)

- WeasyPrint baseline: a bare page, to tell template cost from the engine's fixed cost.
- One-page official notice in a warm process: median of 20 renders; goal <= 200 ms and <= 300 KB.
- The same notice through ``document_generate`` (number allocation, storage, audit row): median of 10.
- A 20-page report with a repeated table header: goal <= 2 s.
- Excel export of 50,000 rows with a masked column: goal <= 10 s and <= 300 MB peak RSS.

Runs against a throwaway test database (``test_<name>_bench`` on PostgreSQL), never the real one.
"""

from __future__ import annotations

import datetime
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings")
os.environ.setdefault("DJANGO_ENV", "test")

ISSUED_ON = datetime.date(2026, 11, 27)
NOTICE_CONTEXT = {
    "title": "关于同意垫付张某某抢救费用的通知",
    "document_number": "晋救基〔2026〕15号",
    "issued_on": ISSUED_ON,
    "recipients_line": "山西医科大学第一医院",
    "hospital": "山西医科大学第一医院",
    "patient": "张某某",
    "id_number_masked": "140105********1234",
    "amount": "28,600.00",
    "amount_words": "贰万捌仟陆佰元整",
}


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        try:
            out = subprocess.run(["pdfinfo", fh.name], capture_output=True, text=True, check=True).stdout
            return int(re.search(r"Pages:\s+(\d+)", out).group(1))
        except (OSError, subprocess.CalledProcessError, AttributeError):
            return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _report_rows(n: int) -> list[dict]:
    states = ["已受理", "审核中", "已垫付", "不予垫付"]
    return [
        {"code": f"JJ2026{i:05d}", "hospital": "山西医科大学第一医院", "name": "张某某",
         "date": "2026-11-27", "amount": f"{12345.67 + i:,.2f}", "state": states[i % 4]}
        for i in range(n)
    ]


def run(results: dict) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from gazette.documents.exports import export_xlsx
    from gazette.documents.rendering import html_to_pdf, render_pdf
    from gazette.documents.services import document_generate
    from gazette.orgs.choices import OrganisationType
    from gazette.orgs.models import Organisation, Region
    from gazette.orgs.services import regions_load

    setup_test_environment()
    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{connection.settings_dict['NAME']}_bench"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, keepdb=True, serialize=False)
    out: dict = {}
    try:
        if not Region.objects.filter(code="140000").exists():
            regions_load()
        org, _ = Organisation.objects.get_or_create(
            name="山西省道路交通事故社会救助基金管理中心（基准测试）",
            defaults={"type": OrganisationType.OTHER, "region_id": "140000", "document_prefix": "晋救基"},
        )
        ctx = {**NOTICE_CONTEXT, "issuing_organisation": org}

        # Excel first, so its peak RSS is not inflated by the fonts WeasyPrint loads later.
        from gazette.audit.masking import mask_id_number

        def export_rows():
            for i in range(50_000):
                yield (f"JJ2026{i:05d}", "张某某", "140105199001011234", Decimal("12345.60") + i,
                       datetime.date(2026, 11, 1), "山西医科大学第一医院", "已受理")

        columns = [
            ("受理编号", lambda r: r[0]), ("受伤人员", lambda r: r[1]), ("身份证号", lambda r: r[2], mask_id_number),
            ("申请金额（元）", lambda r: r[3]), ("事故日期", lambda r: r[4]), ("医疗机构", lambda r: r[5]),
            ("状态", lambda r: r[6]),
        ]
        # The export runs before any PDF work, so the process's peak RSS so far is the export's peak (a sampling
        # thread would compete for the GIL and slow the export down).
        rss_before = _rss_mb()
        start = time.perf_counter()
        response = export_xlsx(filename="bench.xlsx", columns=columns, rows=export_rows(), actor=None)
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        elapsed = time.perf_counter() - start
        out["xlsx_rows"] = 50_000
        out["xlsx_s"] = round(elapsed, 2)
        out["xlsx_mb"] = round(size / 1024 / 1024, 1)
        out["xlsx_rss_before_mb"] = round(rss_before, 1)
        out["xlsx_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

        # Warm-up: the first render of a process loads fonts and the CSS machinery.
        start = time.perf_counter()
        render_pdf("documents/examples/notice.html", ctx)
        out["first_render_ms"] = round((time.perf_counter() - start) * 1000)

        bare = "<html><body><p>x</p></body></html>"
        html_to_pdf(bare)
        median, _pdf = _timed(lambda: html_to_pdf(bare), 20)
        out["baseline_bare_page_ms"] = round(median * 1000, 1)

        median, pdf = _timed(lambda: render_pdf("documents/examples/notice.html", ctx), 20)
        out["notice_median_ms"] = round(median * 1000, 1)
        out["notice_kb"] = round(len(pdf) / 1024, 1)
        out["notice_pages"] = _pages(pdf)

        with tempfile.TemporaryDirectory() as media:
            from django.conf import settings

            settings.MEDIA_ROOT = media
            median, _doc = _timed(
                lambda: document_generate(
                    case=org, kind="bench_notice", title=ctx["title"], template_name="documents/examples/notice.html",
                    context=ctx, organisation=org, actor=None, recipients=["山西医科大学第一医院"],
                ),
                10,
            )
            out["notice_generate_service_median_ms"] = round(median * 1000, 1)

        rows = _report_rows(560)
        report_ctx = {"title": "道路交通事故社会救助基金垫付情况报表", "issuing_organisation": org,
                      "issued_on": ISSUED_ON, "rows": rows}
        median, pdf = _timed(lambda: render_pdf("documents/examples/report.html", report_ctx), 3)
        out["report_pages"] = _pages(pdf)
        out["report_rows"] = len(rows)
        out["report_median_s"] = round(median, 2)
        out["report_kb"] = round(len(pdf) / 1024, 1)

    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=True)

    out["goals"] = {
        "notice_ms<=200": out["notice_median_ms"] <= 200,
        "notice_kb<=300": out["notice_kb"] <= 300,
        "report_s<=2": out["report_median_s"] <= 2,
        "xlsx_s<=10": out["xlsx_s"] <= 10,
        "xlsx_rss_mb<=300": out["xlsx_peak_rss_mb"] <= 300,
    }
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    out["cpus"] = os.cpu_count()
    results["documents"] = out
    return out


if __name__ == "__main__":
    figures = run({})
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
