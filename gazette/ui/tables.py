"""Declared list tables (issue "Engine 2", item 4): a list's columns are declared once — label, cell, sort field,
search — and rendered here: the ``<thead>`` with sort links, the ``<tbody>`` through one ``table_rows`` pattern
compiled when the table is declared (no template node per cell, escaped as ``{{ }}`` is).

```python
APPLICATIONS = ListTable("applications", [
    Column("reference", _("编号"), cell='<a href="{url}">{reference}</a>', sort="reference", search="reference"),
    Column("hospital", _("医疗机构"), cell="{hospital}", search=OrganisationName("hospital_id")),
    Column("amount", _("核定金额"), cell=lambda r: money_format(r["advance_amount"]), sort="advance_amount",
           css="num"),
], default_sort="-created", empty=_("暂无申请。"))
```

A view reads ``sort = table.sort_get(request.GET.get("sort"))`` and ``search = table.search_q(q)``, hands
``sort.order`` and ``search`` to its selector (``keyset_page(order=...)`` pages on ``(field, id)``) and renders
``table.render(query=request.GET, rows=..., sort=sort)``. The table knows nothing of the rows' meaning."""

from __future__ import annotations

import html
import operator
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, Protocol

from django.db.models import Q
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .html import DASH, table_rows

PAGING_PARAMETERS = ("page", "after", "before")  # a position in one order means nothing in another


class Search(Protocol):
    def q(self, text: str, shared: dict[str, Any]) -> Q | None:
        """The filter finding ``text`` in what the column shows, or ``None`` when nothing can match. ``shared`` is
        one dict per search, for lookups several columns need (the matching organisations)."""


@dataclass(frozen=True)
class Contains:
    """The column shows ``field``: ``q`` matches it case-insensitively anywhere (``icontains``)."""

    field: str

    def q(self, text: str, shared: dict[str, Any]) -> Q | None:
        return Q(**{f"{self.field}__icontains": text})


@dataclass(frozen=True)
class OrganisationName:
    """The column shows an organisation's (short) name found by ``field`` (an ``…_id``): ``q`` is matched against
    the per-process organisations (``gazette.orgs.selectors.ORGANISATIONS``, name or short name) and becomes
    ``field__in`` — no join. An organisation created in another process in the last ``REFDATA_CHECK_SECONDS`` is
    found once this process's copy follows."""

    field: str

    def q(self, text: str, shared: dict[str, Any]) -> Q | None:
        ids = shared.get("organisations")
        if ids is None:  # the hospital and the approver columns share one pass over the organisations
            from gazette.orgs.selectors import ORGANISATIONS

            needle = text.casefold()
            ids = shared["organisations"] = [
                pk for pk, o in ORGANISATIONS.get().items()
                if needle in (o.name or "").casefold() or needle in (o.short_name or "").casefold()]
        return Q(**{f"{self.field}__in": ids}) if ids else None


@dataclass(frozen=True)
class Column:
    """One column of a list.

    ``cell``: ``None`` prints the row's ``key``; a string is a pattern over the row's fields (mapping keys or
    attributes, ``'<a href="{url}">{reference}</a>'``), its markup kept and its fields escaped; a callable
    ``fn(row)`` returns the value (escaped unless built with ``format_html`` / ``mark_safe``). A cell that is one
    field or a callable prints "—" for ``None`` or ``""`` (not for 0); a pattern with markup prints ``None`` fields
    as nothing. ``sort``: the ORM field (not nullable) ``?sort=<key>`` orders by, or ``''``. ``search``: a field
    name (``icontains``) or a ``Search`` (``OrganisationName``) when ``q`` should find what the column shows."""

    key: str
    label: Any
    cell: str | Callable[[Any], Any] | None = None
    sort: str = ""
    css: str = ""
    search: str | Search | None = None


@dataclass(frozen=True)
class Sort:
    """The order a list is shown in: the column's key, its ORM field and the direction."""

    key: str
    field: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key

    @property
    def order(self) -> tuple[str, bool]:
        """For ``gazette.ui.paging.keyset_page(order=...)``."""
        return self.field, self.descending


_FORMATTER = string.Formatter()


def _escape_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@dataclass
class ListTable:
    """A list's table: its columns, the default order (``"-created"``: a column key, ``-`` for descending; ``''``
    when the list has no sortable default), the text of an empty list, the fields ``q`` also searches though
    the list does not show them (``search_also``: names, ``icontains``)."""

    name: str
    columns: Sequence[Column]
    default_sort: str = ""
    empty: Any = ""
    search_also: Sequence[str] = ()
    _row: str = field(init=False, repr=False)
    _fields: list[tuple[str, str | Callable[[Any], Any], bool]] = field(init=False, repr=False)
    _labels: dict[str | None, list[str]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.name}: duplicate column keys {keys}")
        cells, fields = [], []
        for i, column in enumerate(self.columns):
            css = f' class="{html.escape(column.css)}"' if column.css else ""
            cell = column.cell if column.cell is not None else f"{{{column.key}}}"
            if callable(cell):
                cells.append(f"<td{_escape_braces(css)}>{{c{i}}}</td>")
                fields.append((f"c{i}", cell, True))
                continue
            parts = list(_FORMATTER.parse(cell))
            if len(parts) == 1 and not parts[0][0] and parts[0][1] and not parts[0][2] and not parts[0][3]:
                parts = [("", parts[0][1], "", None)]
                lone = True
            else:
                lone = False
            pattern = ""
            for literal, name, spec, conversion in parts:
                pattern += _escape_braces(literal)
                if name is None:
                    continue
                if not name.isidentifier() or spec or conversion:
                    raise ValueError(f"{self.name}.{column.key}: cell fields are plain names, not {name!r}")
                pattern += f"{{f{i}_{name}}}"
                fields.append((f"f{i}_{name}", name, lone))
            cells.append(f"<td{_escape_braces(css)}>{pattern}</td>")
        self._row = "<tr>" + "".join(cells) + "</tr>\n"
        self._fields = fields
        default = self.sort_get(self.default_sort) if self.default_sort else None
        if self.default_sort and (default is None or default.param != self.default_sort):
            raise ValueError(f"{self.name}: default sort {self.default_sort!r} is not a sortable column")

    # --- order -----------------------------------------------------------------------------------------------------
    def sort_get(self, value: str | None) -> Sort | None:
        """The order asked for by ``?sort=`` (``key`` or ``-key`` of a sortable column); the default order for
        anything else."""
        for candidate in (value or "", self.default_sort):
            key = candidate.removeprefix("-")
            for column in self.columns:
                if column.sort and column.key == key:
                    return Sort(key, column.sort, candidate.startswith("-"))
        return None

    # --- search ----------------------------------------------------------------------------------------------------
    def search_q(self, text: str) -> Q | None:
        """The filter of ``?q=``: any searchable column's displayed text, or a ``search_also`` field, contains it.
        ``None`` for an empty ``q``; a filter matching no row when nothing can match."""
        text = (text or "").strip()
        if not text:
            return None
        searches = [Contains(c.search) if isinstance(c.search, str) else c.search
                    for c in self.columns if c.search is not None]
        shared: dict[str, Any] = {}
        found = [q for q in (s.q(text, shared) for s in (*searches, *map(Contains, self.search_also)))
                 if q is not None]
        return reduce(operator.or_, found) if found else Q(pk__in=[])

    # --- rendering -------------------------------------------------------------------------------------------------
    def head(self, *, query: QueryDict, sort: Sort | None) -> SafeString:
        """The ``<thead>``: labels in the active language; a sortable column's label links to the list sorted by
        it (ascending first, the other way when it is the current order) keeping the other parameters but not the
        page position; the current order's header carries ``aria-sort``."""
        keep = query.copy()
        for key in (*PAGING_PARAMETERS, "sort"):
            keep.pop(key, None)
        base = keep.urlencode()
        labels = self._labels.get(get_language())
        if labels is None:  # translated once per language, not per page
            labels = self._labels[get_language()] = [html.escape(str(c.label)) for c in self.columns]
        cells = []
        for column, label in zip(self.columns, labels, strict=True):
            css = f' class="{html.escape(column.css)}"' if column.css else ""
            if not column.sort:
                cells.append(f"<th{css}>{label}</th>")
                continue
            current = sort is not None and sort.key == column.key
            target = f"-{column.key}" if current and not sort.descending else column.key
            params = base if target == self.default_sort else (
                f"{base}&{urlencode({'sort': target})}" if base else urlencode({"sort": target}))
            href = html.escape(f"?{params}")
            aria = (f' aria-sort="{"descending" if sort.descending else "ascending"}"' if current else "")
            cells.append(f'<th{css}{aria}><a href="{href}">{label}</a></th>')
        return mark_safe("<thead><tr>" + "".join(cells) + "</tr></thead>")  # noqa: S308  # nosec B308 B703

    def rows_html(self, rows: Iterable[Any]) -> SafeString:
        """The ``<tr>`` rows of ``rows`` (mappings or objects with the cells' fields), through ``table_rows``."""
        rows = list(rows)
        if not rows:
            return SafeString("")
        # One C call fetches every field of a row; the dash and None checks run only where they apply.
        getter = operator.itemgetter if isinstance(rows[0], Mapping) else operator.attrgetter
        plain = [(name, source, lone) for name, source, lone in self._fields if not callable(source)]
        names = [name for name, _, _ in plain]
        fetch = getter(*[source for _, source, _ in plain]) if plain else (lambda row: ())
        if len(plain) == 1:
            fetch = (lambda one: lambda row: (one(row),))(fetch)
        lone = [name for name, _, is_lone in plain if is_lone]
        inline = [name for name, _, is_lone in plain if not is_lone]
        computed = [(name, source) for name, source, _ in self._fields if callable(source)]

        def values(row: Any) -> dict[str, Any]:
            out = dict(zip(names, fetch(row), strict=True))
            for name in lone:
                value = out[name]
                if value is None or value == "":
                    out[name] = DASH
            for name in inline:
                if out[name] is None:
                    out[name] = ""
            for name, fn in computed:
                value = fn(row)
                out[name] = DASH if value is None or value == "" else value
            return out

        return table_rows(self._row, map(values, rows))

    def body(self, rows: Iterable[Any]) -> SafeString:
        """The ``<tbody>``: the rows, or one row saying the list is empty."""
        inner = self.rows_html(rows)
        if not inner:
            inner = (f'<tr><td colspan="{len(self.columns)}" class="hint">{html.escape(str(self.empty))}'
                     "</td></tr>")
        return mark_safe(f"<tbody>{inner}</tbody>")  # noqa: S308  # nosec B308 B703

    def render(self, *, query: QueryDict, rows: Iterable[Any], sort: Sort | None) -> SafeString:
        """The whole ``<table class="table" id="<name>">``."""
        return mark_safe(  # noqa: S308  # nosec B308 B703
            f'<table class="table" id="{html.escape(self.name)}">{self.head(query=query, sort=sort)}'
            f"{self.body(rows)}</table>")
