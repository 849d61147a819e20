"""The engine's declared list tables: cells from patterns, fields and callables, escaped; a dash for empty cells;
headers in the active language with sort links; unknown sorts give the default; search filters."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import Q
from django.http import QueryDict
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gazette.ui.tables import Column, ListTable

TABLE = ListTable("things", [
    Column("name", _("状态"), cell='<a href="{url}">{name}</a>', sort="name", search="name"),
    Column("note", "Note"),
    Column("amount", "Amount", cell=lambda r: r["amount"] * 2 if r["amount"] is not None else None, sort="amount",
           css="num"),
    Column("flag", "Flag", cell=lambda r: format_html("<b>{}</b>", r["note"]) if r["flag"] else ""),
    Column("braces", "{x}", cell="{{literal}} {note}"),
], default_sort="-amount", empty="Nothing <here>", search_also=("hidden",))


def _row(**over):
    return {"url": "/t/1/", "name": "甲", "note": "n", "amount": Decimal("1.50"), "flag": True, **over}


def test_cells_are_escaped_and_html_built_with_format_html_is_kept():
    html = TABLE.rows_html([_row(name="<i>", url='/x?a=1&b="2"', note="<s>")])
    assert html == ('<tr><td><a href="/x?a=1&amp;b=&quot;2&quot;">&lt;i&gt;</a></td><td>&lt;s&gt;</td>'
                    '<td class="num">3.00</td><td><b>&lt;s&gt;</b></td><td>{literal} &lt;s&gt;</td></tr>\n')


def test_empty_cells_show_a_dash_but_zero_does_not():
    html = TABLE.rows_html([_row(note="", amount=Decimal("0"), flag=False)])
    assert "<td>—</td><td class=\"num\">0</td><td>—</td><td>{literal} </td>" in html
    assert "<td>—</td>" in TABLE.rows_html([_row(note=None)])


def test_rows_may_be_objects():
    @dataclass
    class Thing:
        url: str
        name: str
        note: str
        amount: Decimal
        flag: bool

        def __getitem__(self, key):  # the callables of TABLE read mappings
            return getattr(self, key)

    thing = Thing("/t/2/", "乙", "", Decimal("2"), False)
    assert TABLE.rows_html([thing]) == TABLE.rows_html([_row(url="/t/2/", name="乙", note="", amount=Decimal("2"),
                                                             flag=False)])


def test_an_empty_list_says_so_across_all_columns():
    assert TABLE.body([]) == '<tbody><tr><td colspan="5" class="hint">Nothing &lt;here&gt;</td></tr></tbody>'


@pytest.mark.parametrize(("value", "param"), [(None, "-amount"), ("", "-amount"), ("bogus", "-amount"),
                                              ("note", "-amount"), ("name", "name"), ("-name", "-name"),
                                              ("amount", "amount"), ("--amount", "-amount")])
def test_only_sortable_columns_sort_anything_else_is_the_default(value, param):
    assert TABLE.sort_get(value).param == param


def test_head_labels_in_the_active_language_and_links_keeping_the_filters():
    query = QueryDict("q=a%26b&after=xyz&page=3&sort=name")
    with translation.override("en"):
        head = TABLE.head(query=query, sort=TABLE.sort_get("name"))
    assert '<th aria-sort="ascending"><a href="?q=a%26b&amp;sort=-name">State</a></th>' in head
    assert '<th class="num"><a href="?q=a%26b">Amount</a></th>' not in head  # amount ascending first
    assert '<th class="num"><a href="?q=a%26b&amp;sort=amount">Amount</a></th>' in head
    assert "<th>Note</th>" in head and "<th>{x}</th>" in head
    with translation.override("zh-hans"):
        head = TABLE.head(query=QueryDict(""), sort=TABLE.sort_get(None))
    # The default order is the list's plain address.
    assert '<th class="num" aria-sort="descending"><a href="?sort=amount">Amount</a></th>' in head
    assert '<a href="?sort=name">状态</a>' in head
    assert '<th class="num" aria-sort="ascending"><a href="?">Amount</a>' in TABLE.head(
        query=QueryDict(""), sort=TABLE.sort_get("amount"))


def test_search_covers_the_searchable_columns_and_the_hidden_fields():
    assert TABLE.search_q("") is None and TABLE.search_q("  ") is None
    assert TABLE.search_q(" x ") == Q(name__icontains="x") | Q(hidden__icontains="x")


@pytest.mark.django_db
def test_organisation_names_become_an_id_filter_and_nothing_matches_nothing():
    from gazette.ui.tables import OrganisationName
    from tests.factories import OrganisationFactory

    table = ListTable("t", [Column("h", "H", search=OrganisationName("hospital_id")),
                            Column("a", "A", search=OrganisationName("approver_id"))])
    hosp = OrganisationFactory(name="Shanxi Zzyzx Hospital", short_name="甲乙丙院")
    q = table.search_q(hosp.short_name)
    assert q == Q(hospital_id__in=[hosp.pk]) | Q(approver_id__in=[hosp.pk])
    assert table.search_q(hosp.name.upper()) == q
    assert table.search_q("没有这个机构") == Q(pk__in=[])


@pytest.mark.parametrize("columns", [
    [Column("a", "A", cell="{a.b}")], [Column("a", "A", cell="{a!r}")], [Column("a", "A", cell="{0}")],
    [Column("a", "A"), Column("a", "B")],
])
def test_bad_declarations_fail_when_declared(columns):
    with pytest.raises(ValueError):
        ListTable("bad", columns)


def test_a_default_sort_must_be_a_sortable_column():
    with pytest.raises(ValueError):
        ListTable("bad", [Column("a", "A")], default_sort="-a")
