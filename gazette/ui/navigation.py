"""Navigation entries by role. Engine parts and regulation apps register their entries at import time of their
``apps.ready()``; the base layout shows the ones the user may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


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


def nav_for(user) -> list[dict[str, str]]:
    entries = []
    for item in _ITEMS:
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": str(item.label), "url": url, "name": item.url_name})
    return entries
