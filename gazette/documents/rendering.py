"""HTML templates to PDF bytes with WeasyPrint.

Rendering needs Pango and ``libharfbuzz-subset0`` (font subsetting keeps a one-page notice small and fast) and the
Noto CJK fonts. Render in long-lived processes (web or Celery worker): the first render of a process (of a thread,
see ``_font_config``) loads fonts and takes noticeably longer than the following ones.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher


class RenderError(Exception):
    """The template or WeasyPrint failed; nothing was stored and no number was consumed."""


class _LocalOnlyFetcher(URLFetcher):
    """Templates may embed ``data:`` URIs and files from the project's ``static/`` directory; nothing else, so a
    document can never make the server fetch a URL or read an arbitrary file."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self._roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]

    def fetch(self, url: str, headers: dict | None = None):
        if url.startswith("file:"):
            from urllib.parse import unquote, urlsplit

            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"documents may only embed files under static/: {url}")
        return super().fetch(url, headers)


# WeasyPrint copies the whole font file of every font a document uses into memory to subset it: 26-27 MB per
# weight of Noto Serif CJK (.ttc), about 53 MB for a notice. glibc serves blocks that large with mmap and returns
# them on free, but after the first one is freed it raises its mmap threshold to the block's size (up to 32 MB), so
# the following copies come from the heap and stay resident once freed: a worker's RSS settled 50-80 MB higher
# after a few dozen notices, wherever the heap layout happened to leave them (worker_memory_pdfs). A fixed
# threshold keeps blocks of 4 MB and more out of the heap; it costs a few ms per document (fresh pages for the
# copies) and nothing else: a Django process hardly allocates single blocks that large otherwise.
MMAP_THRESHOLD = 4 * 1024 * 1024
_M_MMAP_THRESHOLD = -3


def _fix_malloc_mmap_threshold() -> bool:
    libc_name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(libc_name)
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to tune
        return False


MALLOC_TUNED = _fix_malloc_mmap_threshold()

# One fontconfig/Pango font map per thread, reused by every document the thread renders. WeasyPrint otherwise
# builds a new one per document (FcInitLoadConfigAndFonts, a fresh Pango font map, the CJK faces loaded and shaped
# again): it costs time on every render and is never fully given back, a worker grew steadily by ~0.12 MB per notice
# (224 MB after 10, 342 MB after 1,000); with one font map it stays flat. A Pango font map must not be shared
# between threads, hence one per thread. Fonts declared with @font-face are added to the font map they are rendered
# with, so a document that declares them or links a stylesheet (which may) gets a fresh one: one document's fonts
# must never show up in another's. Fonts are still embedded as a subset per document, whatever the font map.
_thread = threading.local()
_OWN_FONTS = re.compile(r"@font-face|<link\b", re.IGNORECASE)


def _font_config(html: str) -> FontConfiguration:
    if _OWN_FONTS.search(html):
        return FontConfiguration()
    font_config = getattr(_thread, "font_config", None)
    if font_config is None:
        font_config = _thread.font_config = FontConfiguration()
    return font_config


# WeasyPrint's user-agent stylesheet gives *every* element six pseudo-element styles (``::marker`` and the five
# footnote and note pseudo-elements), computed eagerly: in a 560-row report that is 27,000 computed styles for the
# table's cells and rows alone, two thirds of the objects a render leaves behind and ~20 % of its time. Table parts
# can be neither list items nor footnotes, so here those six rules skip them; every other element keeps them (lists
# keep their markers, footnotes their calls). The rules are rewritten from WeasyPrint's own stylesheet; if a
# WeasyPrint upgrade changes them, the stock stylesheet is used (``test_rendering`` notices that).
_TABLE_PARTS = "table, caption, colgroup, col, thead, tbody, tfoot, tr, td, th"
_PSEUDO_RULE = re.compile(r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback) ", re.M)


def _document_ua_stylesheet() -> CSS | None:
    try:
        from weasyprint.html import UA, UA_STYLESHEET
    except ImportError:  # pragma: no cover - a WeasyPrint that moved its stylesheet
        return None
    source, rewritten = _PSEUDO_RULE.subn(rf":not({_TABLE_PARTS})::\1 ", UA)
    if rewritten != 6 or UA_STYLESHEET not in HTML(string="<p></p>")._ua_stylesheets():
        return None
    return CSS(string=source, counter_style=CounterStyle())


class _DocumentHTML(HTML):
    """WeasyPrint's HTML with the user-agent stylesheet above."""

    def _ua_stylesheets(self, forms: bool = False):
        sheets = super()._ua_stylesheets(forms)
        if DOCUMENT_UA_STYLESHEET is None:
            return sheets
        from weasyprint.html import UA_STYLESHEET

        return [DOCUMENT_UA_STYLESHEET if sheet is UA_STYLESHEET else sheet for sheet in sheets]


DOCUMENT_UA_STYLESHEET = _document_ua_stylesheet()

_gc_lock = threading.Lock()
_gc_paused_by = 0
_gc_was_enabled = False


@contextmanager
def _collector_paused():
    """Run a render with the cyclic garbage collector off, then collect what the render left behind.

    A 20-page report creates ~350,000 container objects (a box, a line, a text layout and seven pseudo-element
    styles per table cell) that all stay alive until the render ends, so the allocation-counting collector runs
    hundreds of young and several full collections over an ever larger heap for nothing: ~30 % of the report's
    time. With the collector off, the render's garbage is all in the youngest generation when it ends, and a
    collection of the two young generations frees it (reference cycles holding megabytes of Pango/HarfBuzz memory)
    without walking the rest of the process's heap. Renders in several threads keep the collector off until the
    last one ends.
    """
    global _gc_paused_by, _gc_was_enabled
    with _gc_lock:
        if _gc_paused_by == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_paused_by += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_paused_by -= 1
            if _gc_paused_by == 0 and _gc_was_enabled:
                gc.enable()
        gc.collect(1)


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """Render a document template. Documents are always in Chinese, whatever the requesting user's UI language."""
    with translation.override("zh-hans"):
        return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    """Convert HTML to PDF bytes; raises RenderError on any failure."""
    base_url = str(Path(settings.BASE_DIR / "static").resolve()) + "/"
    with _collector_paused():
        try:
            document = _DocumentHTML(string=html, base_url=base_url, url_fetcher=_LocalOnlyFetcher())
            return document.write_pdf(font_config=_font_config(html))
        except Exception as exc:
            raise RenderError(str(exc)) from exc


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` with ``context`` and convert it to PDF bytes."""
    try:
        html = render_html(template_name, context)
    except Exception as exc:
        raise RenderError(f"{template_name}: {exc}") from exc
    return html_to_pdf(html)
