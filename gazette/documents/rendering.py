"""HTML templates to PDF bytes with WeasyPrint.

Rendering needs Pango and ``libharfbuzz-subset0`` (font subsetting keeps a one-page notice small and fast) and the
Noto CJK fonts. Render in long-lived processes (web or Celery worker): the first render of a process loads fonts
and takes noticeably longer than the following ones.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

FULL_COLLECT_EVERY = 20
_renders = 0


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


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """Render a document template. Documents are always in Chinese, whatever the requesting user's UI language."""
    with translation.override("zh-hans"):
        return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    """Convert HTML to PDF bytes; raises RenderError on any failure."""
    try:
        base_url = str(Path(settings.BASE_DIR / "static").resolve()) + "/"
        return HTML(string=html, base_url=base_url, url_fetcher=_LocalOnlyFetcher()).write_pdf()
    except Exception as exc:
        raise RenderError(str(exc)) from exc
    finally:
        # A render leaves reference cycles that hold megabytes of Pango/HarfBuzz memory for few Python objects, so
        # the allocation-counting collector rarely frees them: a worker grew from 396 MB after 10 notices to
        # 2,255 MB after 1,000. Collecting the two young generations here costs about 3 ms; some cycles still reach
        # the old generation during a long render, so every FULL_COLLECT_EVERY renders a full collection (about
        # 60 ms) frees those too (bench/README.md, worker_memory_pdfs).
        global _renders
        _renders += 1
        gc.collect() if _renders % FULL_COLLECT_EVERY == 0 else gc.collect(1)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` with ``context`` and convert it to PDF bytes."""
    try:
        html = render_html(template_name, context)
    except Exception as exc:
        raise RenderError(f"{template_name}: {exc}") from exc
    return html_to_pdf(html)
