"""Navigation entries by role. Engine parts and regulation apps register their entries at import time of their
``apps.ready()``; the base layout shows the ones the user may use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    allowed: Callable[[object], bool] = field(default=lambda user: user.is_authenticated)


_ITEMS: list[NavItem] = []


def nav_register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


@functools.cache
def _url(url_name: str, urlconf: str | None, prefix: str) -> str | None:
    """``reverse(url_name)``, once per URL conf and script prefix: every page's navigation reversed a dozen names
    (issue #6)."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def nav_for(user) -> list[dict[str, str]]:
    entries = []
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    for item in _ITEMS:
        if not item.allowed(user):
            continue
        url = _url(item.url_name, urlconf, prefix)
        if url is None:
            continue
        entries.append({"label": str(item.label), "url": url, "name": item.url_name})
    return entries
