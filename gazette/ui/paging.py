"""Keyset paging for every list: newest first by ``(created_at, id)``, no COUNT of the whole list, cursors to the
neighbouring pages, and numbered pages (``?page=N``) still served so that bookmarks keep working.

A list whose scope is an OR of several filters (an office's jurisdiction and the cases it is named on) passes the
filters as ``branches``: each is read in index order and cut at one page, and the page is their UNION, so a page
costs what its size costs, not what the scope holds (bench/README.md, fund migration 0006)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def cursor_for(created_at: datetime, pk: int) -> str:
    """An opaque position in the newest-first order: creation time in microseconds and id."""
    delta = created_at - _EPOCH
    return f"{(delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds}.{pk}"


def cursor_parse(value: str | None) -> tuple[datetime, int] | None:
    """The position of ``cursor_for``; ``None`` for anything else (a tampered link shows the first page)."""
    try:
        micros, pk = (int(part) for part in (value or "").split("."))
        return _EPOCH + timedelta(microseconds=micros), pk
    except (ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class KeysetPage:
    """One page of a newest-first list: its rows, cursors to the neighbouring pages (``after``: older rows,
    ``before``: newer rows) or ``None`` where there is none, and its number when asked for by number."""

    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    number: int | None = None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def keyset_page(*, queryset: QuerySet, fields: Sequence[str], size: int, after: str | None = None,
                before: str | None = None, page: int | None = None, branches: Sequence[Q] | None = None,
                narrow: Callable[[QuerySet], QuerySet] = lambda qs: qs,
                row: Callable[[tuple], Any] = lambda values: values,
                rows_hook: Callable[[list[tuple]], None] | None = None) -> KeysetPage:
    """One page of ``queryset`` (its model must have ``created_at`` and ``id``), newest first.

    ``fields`` are the columns read (``values_list``; ``created_at`` and ``pk`` among them); ``narrow`` applies the
    list's filters; ``branches`` (filters whose union is the user's scope) replace ``queryset``'s own filter with a
    UNION of index-ordered reads; ``rows_hook`` sees the page's value tuples before ``row`` turns each into a row
    (to fetch, in one query, names the page needs)."""
    model = queryset.model
    after_at, before_at = cursor_parse(after), cursor_parse(before)
    backwards = before_at is not None and after_at is None
    position = before_at if backwards else after_at
    offset = 0 if position is not None or not page or page < 1 else (page - 1) * size
    limit = offset + size + 1  # one more row says whether there is a further page
    order = ("created_at", "id") if backwards else ("-created_at", "-id")

    def narrowed(qs: QuerySet) -> QuerySet:
        qs = narrow(qs)
        if position is not None:
            at, pk = position
            # The redundant bound on created_at alone is what an index scan can start from.
            qs = (qs.filter(created_at__gte=at).filter(Q(created_at__gt=at) | Q(id__gt=pk)) if backwards else
                  qs.filter(created_at__lte=at).filter(Q(created_at__lt=at) | Q(id__lt=pk)))
        return qs.order_by(*order)

    if branches:
        parts = [narrowed(model.objects.filter(b)).values("id")[:limit] for b in branches]
        ids = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
        qs = model.objects.filter(pk__in=ids)
    else:
        qs = narrowed(queryset)
    fields = list(fields)
    values = list(qs.order_by(*order).values_list(*fields)[offset:limit])
    if rows_hook is not None:
        rows_hook(values)
    at_index, pk_index = fields.index("created_at"), fields.index("pk")
    further = len(values) > size
    values = values[:size]
    if backwards:
        values.reverse()
    first, last = ((cursor_for(values[0][at_index], values[0][pk_index]),
                    cursor_for(values[-1][at_index], values[-1][pk_index])) if values else (None, None))
    rows = [row(v) for v in values]
    if backwards:
        return KeysetPage(rows, next_cursor=last or before, previous_cursor=first if further else None)
    return KeysetPage(rows, next_cursor=last if further else None,
                      previous_cursor=first if (position is not None or offset) and rows else None,
                      number=(offset // size + 1) if position is None else None)


def page_number(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("page", ""))
    except ValueError:
        return None


def page_links(request: HttpRequest, page: KeysetPage) -> dict[str, Any]:
    """上一页 / 第一页 / 下一页 links that keep the list's other query parameters (filters, sort)."""
    keep = request.GET.copy()
    for key in ("page", "after", "before"):
        keep.pop(key, None)
    base = keep.urlencode()

    def link(key: str, cursor: str | None) -> str:
        return "" if not cursor else f"?{base}&{key}={cursor}" if base else f"?{key}={cursor}"

    links = {"first": f"?{base}", "next": link("after", page.next_cursor),
             "previous": link("before", page.previous_cursor)}
    return {"links": links, "paged": bool(links["next"] or links["previous"]), "first_page": page.number == 1}
