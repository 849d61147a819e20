"""The inbox collects work items from every app that registers a provider: each provider returns entries
(title, url, state, due time) for the user; the inbox merges them soonest-due first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class InboxEntry:
    title: str
    url: str
    kind: str
    state: str
    due_at: datetime | None = None
    workdays_left: int | None = None
    urgency: str = "normal"  # normal / soon / overdue
    rule_id: str = ""
    note: str = ""  # e.g. "已逾期3个工作日", shown instead of the bare number

    @property
    def due_text(self) -> str:
        """The due time as the inbox prints it (local time); formatted here: the template ``date`` filter took a
        third of the inbox's rendering (issue #6)."""
        return timezone.localtime(self.due_at).strftime("%Y-%m-%d %H:%M") if self.due_at else "—"


_PROVIDERS: list[Callable[[object], Iterable[InboxEntry]]] = []


def inbox_register(provider: Callable[[object], Iterable[InboxEntry]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def inbox_entries(user) -> list[InboxEntry]:
    entries: list[InboxEntry] = []
    for provider in _PROVIDERS:
        entries.extend(provider(user))
    far = datetime.max.replace(tzinfo=None)
    entries.sort(key=lambda e: (e.due_at.replace(tzinfo=None) if e.due_at else far, e.title))
    return entries
