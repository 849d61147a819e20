"""The inbox collects work items from every app that registers a provider: each provider returns entries
(title, url, state, due time) for the user; the inbox merges them soonest-due first."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.safestring import SafeString

from .html import DASH, or_dash, table_rows


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
    clock: str = ""  # the name of the clock that sets the due time (初核期限)
    unread_message: bool = False  # an unread notification (opening it marks it read)

    @property
    def due_text(self) -> str:
        """The due time as the inbox prints it (local time); formatted here: the template ``date`` filter took a
        third of the inbox's rendering (issue #6)."""
        return timezone.localtime(self.due_at).strftime("%Y-%m-%d %H:%M") if self.due_at else "—"


_PROVIDERS: list[Callable[[object], Iterable[InboxEntry]]] = []


def inbox_register(provider: Callable[[object], Iterable[InboxEntry]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def inbox_entries(user, *, app: str = "", urgency: str = "") -> list[InboxEntry]:
    """Every provider's entries for ``user``, soonest due first. With a filter (``app``, ``urgency``) only the
    providers that take filters answer (the engine's work items; not e.g. unread notifications)."""
    entries: list[InboxEntry] = []
    for provider in _PROVIDERS:
        takes_filters = "app" in inspect.signature(provider).parameters
        if takes_filters:
            entries.extend(provider(user, app=app, urgency=urgency))
        elif not (app or urgency):
            entries.extend(provider(user))
    far = datetime.max.replace(tzinfo=None)
    entries.sort(key=lambda e: (e.due_at.replace(tzinfo=None) if e.due_at else far, e.title))
    return entries


INBOX_ROW = ('<tr class="urgency-{urgency}">\n<td><a href="{url}">{title}</a></td>\n<td>{kind}</td>\n<td>{state}</td>\n'
             '<td>{due}<div class="hint">{clock}</div></td>\n<td>{left}</td>\n<td>{rule}</td>\n</tr>\n')


def inbox_body(entries: list[InboxEntry]) -> SafeString:
    """The inbox table's rows (printed by the template with ~10 ``{{ }}`` a row before, issue #6)."""
    return table_rows(INBOX_ROW, ({
        "urgency": e.urgency, "url": e.url, "title": e.title, "kind": e.kind, "state": e.state, "due": e.due_text,
        "clock": e.clock,
        "left": e.note or (DASH if e.workdays_left is None else e.workdays_left), "rule": or_dash(e.rule_id),
    } for e in entries))
