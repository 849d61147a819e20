"""html_to_pdf: one font map per thread, the collector paused during a render, table parts without pseudo-element
styles — and documents that still look the same (fonts embedded as subsets, header row on every page, lists keep
their markers)."""

from __future__ import annotations

import datetime
import gc
import re
import subprocess
import threading

import pytest

from gazette.documents import rendering
from gazette.orgs.models import Organisation

ORG = Organisation(name="山西省道路交通事故社会救助基金管理中心", document_prefix="晋救基", region_id="140000")
HEADER = ("序号", "受理编号", "医疗机构", "受伤人员", "事故日期", "申请金额（元）", "状态")


def _report_context(rows: int) -> dict:
    return {
        "title": "道路交通事故社会救助基金垫付情况报表", "issuing_organisation": ORG,
        "issued_on": datetime.date(2026, 11, 27),
        "rows": [{"code": f"JJ2026{i:05d}", "hospital": "山西医科大学第一医院", "name": "张某某", "date": "2026-11-27",
                  "amount": f"{12345.67 + i:,.2f}", "state": "已受理"} for i in range(rows)],
    }


def _tool(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    cmd = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def test_one_thread_reuses_one_font_configuration_and_another_thread_gets_its_own():
    html = "<p>通知</p>"
    first = rendering._font_config(html)
    assert rendering._font_config(html) is first
    other = []
    thread = threading.Thread(target=lambda: other.append(rendering._font_config(html)))
    thread.start()
    thread.join()
    assert other[0] is not first


@pytest.mark.parametrize("html", [
    "<style>@font-face { font-family: x; src: url(data:font/ttf;base64,AAAA) }</style><p>x</p>",
    '<link rel="stylesheet" href="css/app.css"><p>x</p>',
])
def test_a_document_that_may_declare_fonts_gets_a_font_configuration_of_its_own(html):
    assert rendering._font_config(html) is not rendering._font_config("<p>x</p>")
    assert rendering._font_config(html) is not rendering._font_config(html)


def test_notices_rendered_one_after_another_each_embed_their_own_subset_of_noto_cjk(tmp_path):
    context = {
        "title": "关于同意垫付张某某抢救费用的通知", "issuing_organisation": ORG,
        "document_number": "晋救基〔2026〕15号",
        "issued_on": datetime.date(2026, 11, 27), "recipients_line": "山西医科大学第一医院", "patient": "张某某",
        "id_number_masked": "140105********1234", "amount": "28,600.00", "amount_words": "贰万捌仟陆佰元整",
    }
    first = rendering.render_pdf("documents/examples/notice.html", context)
    second = rendering.render_pdf("documents/examples/notice.html", {**context, "patient": "李某某"})
    for pdf in (first, second):
        fonts = _tool("pdffonts", pdf, tmp_path)
        cjk = [line for line in fonts.splitlines() if "Noto-Serif-CJK-SC" in line]
        assert cjk and all(" yes yes " in line for line in cjk), fonts  # embedded, subset
        assert len(pdf) <= 300 * 1024
    assert "李某某" in _tool("pdftotext", second, tmp_path).replace(" ", "")


def test_a_long_report_repeats_the_header_row_and_numbers_every_page(tmp_path):
    pdf = rendering.render_pdf("documents/examples/report.html", _report_context(120))
    pages = int(re.search(r"Pages:\s+(\d+)", _tool("pdfinfo", pdf, tmp_path)).group(1))
    assert pages >= 4
    for page in range(1, pages + 1):
        text = re.sub(r"\s", "", _tool("pdftotext", pdf, tmp_path, "-f", str(page), "-l", str(page)))
        assert all(cell in text for cell in HEADER), (page, text[:200])
        assert f"第{page}页共{pages}页" in text
    fonts = _tool("pdffonts", pdf, tmp_path)
    assert "Noto-Sans-CJK-SC" in fonts and "Noto-Serif-CJK-SC" in fonts


def test_table_parts_get_no_pseudo_element_styles_but_lists_and_footnotes_keep_theirs(tmp_path):
    assert rendering.DOCUMENT_UA_STYLESHEET is not None, "WeasyPrint's ::marker/footnote rules changed"
    html = ('<body style="font-family: \'Noto Sans CJK SC\'"><ul><li>甲项</li></ul><ol><li>乙项</li><li>丙项</li></ol>'
            '<table><tr><td>单元格</td></tr></table><p>正文<span style="float: footnote">脚注内容</span></p></body>')
    text = _tool("pdftotext", rendering.html_to_pdf(html), tmp_path, "-layout")
    assert re.search(r"•\s*甲项", text) and re.search(r"2\.\s*丙项", text), text
    assert "单元格" in text and re.search(r"1\.\s*脚注内容", text), text


def test_the_collector_is_paused_during_a_render_and_restored_after_even_on_failure(monkeypatch):
    seen = []

    class Spy(rendering._DocumentHTML):
        def write_pdf(self, *args, **kwargs):
            seen.append(gc.isenabled())
            return super().write_pdf(*args, **kwargs)

    monkeypatch.setattr(rendering, "_DocumentHTML", Spy)
    assert gc.isenabled()
    rendering.html_to_pdf("<p>x</p>")
    assert seen == [False] and gc.isenabled()

    def broken(self, *args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(Spy, "write_pdf", broken)
    with pytest.raises(rendering.RenderError):
        rendering.html_to_pdf("<p>x</p>")
    assert gc.isenabled()
