"""Keyset paging for every list: newest first by ``(created_at, id)``, no COUNT of the whole list, cursors to the
neighbouring pages, and numbered pages (``?page=N``) still served so that bookmarks keep working.

A list sorted by one of its columns (``gazette.ui.tables``) pages the same way on ``(sort field, id)``: its cursors
carry the sort and the position as base64url JSON, checked against the model's fields, so a tampered or stale one
(another sort's) shows the first page. The default newest-first order keeps its own short cursor and its SQL.

A list whose scope is an OR of several filters (an office's jurisdiction and the cases it is named on) passes the
filters as ``branches``: each is read in index order and cut at one page, and the page is their UNION, so a page
costs what its size costs, not what the scope holds (bench/README.md, fund migration 0006)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
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


NEWEST_FIRST = ("created_at", True)  # (field, descending): the default order of every list


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | Decimal):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value


def sorted_cursor_for(order: tuple[str, bool], value: Any, pk: int) -> str:
    """An opaque position in a list sorted by ``order`` (field, descending): base64url of ``["-field", value, pk]``
    (datetimes, dates and amounts as ISO / decimal strings)."""
    field, descending = order
    raw = json.dumps([f"-{field}" if descending else field, _plain(value), pk], separators=(",", ":"),
                     ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def sorted_cursor_parse(model: type[Model], order: tuple[str, bool], value: str | None) -> tuple[Any, int] | None:
    """The position of ``sorted_cursor_for`` in ``model``'s rows: the sort value cleaned by the model field (type,
    length, choices, range), the id by the primary key's field. ``None`` for anything else — another sort's cursor,
    bad base64 or JSON, a value the field refuses: the first page."""
    if not value:
        return None
    field, descending = order
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        key, at, pk = json.loads(raw)
        if key != (f"-{field}" if descending else field) or at is None or isinstance(pk, bool) \
                or not isinstance(pk, int):
            return None
        return model._meta.get_field(field).clean(at, None), model._meta.pk.clean(pk, None)
    except (ValueError, TypeError, binascii.Error, ValidationError, FieldDoesNotExist):
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
                rows_hook: Callable[[list[tuple]], None] | None = None,
                order: tuple[str, bool] = NEWEST_FIRST) -> KeysetPage:
    """One page of ``queryset`` (its model must have ``created_at`` and ``id``), newest first, or by ``order``.

    ``fields`` are the columns read (``values_list``; ``created_at``, ``pk`` and the sort field among them);
    ``narrow`` applies the list's filters; ``branches`` (filters whose union is the user's scope) replace
    ``queryset``'s own filter with a UNION of index-ordered reads; ``rows_hook`` sees the page's value tuples before
    ``row`` turns each into a row (to fetch, in one query, names the page needs). ``order`` is ``(field,
    descending)`` on a non-null field: the rows go by that field, then by id the same way (ties keep a fixed
    order, so every row is on exactly one page)."""
    model = queryset.model
    field, descending = order
    default = (field, descending) == NEWEST_FIRST
    if not default and model._meta.get_field(field).null:
        raise ValueError(f"cannot page {model._meta.label} by nullable {field}")  # NULLs have no keyset position
    if default:
        after_at, before_at = cursor_parse(after), cursor_parse(before)
    else:
        after_at, before_at = sorted_cursor_parse(model, order, after), sorted_cursor_parse(model, order, before)
    backwards = before_at is not None and after_at is None
    position = before_at if backwards else after_at
    offset = 0 if position is not None or not page or page < 1 else (page - 1) * size
    limit = offset + size + 1  # one more row says whether there is a further page
    # Read in the list's direction, or against it for the rows before a cursor (then reversed).
    up = backwards if descending else not backwards
    ordering = (field, "id") if up else (f"-{field}", "-id")

    def narrowed(qs: QuerySet) -> QuerySet:
        qs = narrow(qs)
        if position is not None:
            at, pk = position
            # The redundant bound on the sort field alone is what an index scan can start from.
            qs = (qs.filter(**{f"{field}__gte": at}).filter(Q(**{f"{field}__gt": at}) | Q(id__gt=pk)) if up else
                  qs.filter(**{f"{field}__lte": at}).filter(Q(**{f"{field}__lt": at}) | Q(id__lt=pk)))
        return qs.order_by(*ordering)

    if branches:
        parts = [narrowed(model.objects.filter(b)).values("id")[:limit] for b in branches]
        ids = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
        qs = model.objects.filter(pk__in=ids)
    else:
        qs = narrowed(queryset)
    fields = list(fields)
    values = list(qs.order_by(*ordering).values_list(*fields)[offset:limit])
    if rows_hook is not None:
        rows_hook(values)
    at_index, pk_index = fields.index(field), fields.index("pk")
    further = len(values) > size
    values = values[:size]
    if backwards:
        values.reverse()

    def cursor(v: tuple) -> str:
        return cursor_for(v[at_index], v[pk_index]) if default else sorted_cursor_for(order, v[at_index], v[pk_index])

    first, last = (cursor(values[0]), cursor(values[-1])) if values else (None, None)
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
