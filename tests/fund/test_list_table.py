"""The clerks' list as a declared table (issue "Engine 2", item 4): sorted by a column it still pages by cursor over
every row exactly once, both ways; a tampered cursor shows the first page; sort links keep the filters; searching
finds the hospital and the approving office by the names the list shows; the page keeps today's query count."""

from __future__ import annotations

import base64
import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

LIST = "/fund/applications/"
TODAY_QUERIES = 8  # session, user, organisations, the page, the missing documents, the session save (3)


def _references(html: str) -> list[str]:
    return re.findall(r'<td><a href="/fund/applications/\d+/">([^<]+)</a>', html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _get(client, url: str) -> str:
    response = client.get(url if url.startswith("/") else LIST + url)
    assert response.status_code == 200, url
    return response.content.decode()


def _header(html: str, label: str) -> str:
    """The ``<th>`` of the column labelled ``label``."""
    found = re.search(rf"<th[^>]*>(?:<a [^>]*>)?{label}(?:</a>)?</th>", html)
    assert found, label
    return found.group(0)


def _href(th: str) -> str:
    return re.search(r'href="([^"]+)"', th).group(1).replace("&amp;", "&")


@pytest.fixture
def amounts(submit):
    """Seven applications with approved amounts, three of them tied at 500.00 and two at 0.00; the tied ones also
    created at the same instant."""
    from fund.models import Application

    apps = [submit() for _ in range(7)]
    for app, amount in zip(apps, ("500.00", "120.50", "500.00", "0.00", "9999.99", "500.00", "0.00"), strict=True):
        Application.objects.filter(pk=app.pk).update(advance_amount=Decimal(amount))
    same = timezone.now()
    Application.objects.filter(pk__in=[apps[0].pk, apps[2].pk, apps[5].pk]).update(created_at=same)
    return apps


def _walk(client, start: str) -> tuple[list[list[str]], list[str]]:
    """Every page from ``start`` by 下一页, then back from the last by 上一页: the pages both ways."""
    pages, urls, url = [], [], start
    while url:
        html = _get(client, url)
        pages.append(_references(html))
        urls.append(url)
        url = _link(html, "next")
    back, html = [], _get(client, urls[-1])
    while (url := _link(html, "prev")) is not None:
        html = _get(client, url)
        back.append(_references(html))
    return pages, back


@pytest.mark.parametrize(("sort", "ordering"), [("amount", ("advance_amount", "id")),
                                                ("-amount", ("-advance_amount", "-id")),
                                                ("created", ("created_at", "id")),
                                                ("reference", ("reference", "id")),
                                                ("-state", ("-state", "-id"))])
def test_sorted_list_pages_through_every_row_once_both_ways(client, manager_clerk, amounts, monkeypatch, sort,
                                                            ordering):
    from fund import views
    from fund.models import Application

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(manager_clerk)
    expected = list(Application.objects.order_by(*ordering).values_list("reference", flat=True))
    pages, back = _walk(client, f"?sort={sort}")
    assert [ref for page in pages for ref in page] == expected
    assert [len(p) for p in pages] == [3, 3, 1]
    assert back == pages[-2::-1]  # 上一页 from the last page: the middle page, then the first


def test_sorted_list_pages_for_an_office_scope_too(client, county_approver, amounts, monkeypatch):
    """An office's list is the UNION of its scope's branches: each branch is cut in the sorted order."""
    from fund import views
    from fund.models import Application

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(county_approver)
    expected = list(Application.objects.order_by("-advance_amount", "-id").values_list("reference", flat=True))
    pages, back = _walk(client, "?sort=-amount")
    assert [ref for page in pages for ref in page] == expected and back == pages[-2::-1]


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "garbage", "1.2", "%%%", _cursor(["advance_amount", "500.00"]),
    _cursor(["-advance_amount", "500.00", 3]),  # another order's cursor
    _cursor(["advance_amount", "1e999999", 3]), _cursor(["advance_amount", "abc", 3]),
    _cursor(["advance_amount", None, 3]), _cursor(["advance_amount", "500.00", 99999999999999999999999]),
    _cursor(["advance_amount", "500.00", "3"]), _cursor(["advance_amount", "500.00", True]),
    _cursor({"a": 1}), base64.urlsafe_b64encode(b"\xff\xfe").decode(),
])
def test_a_tampered_cursor_shows_the_first_page(client, manager_clerk, amounts, monkeypatch, cursor):
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(manager_clerk)
    first = _references(_get(client, "?sort=amount"))
    for key in ("after", "before"):
        assert _references(_get(client, f"?sort=amount&{key}={cursor}")) == first


def test_a_tampered_state_cursor_shows_the_first_page(client, manager_clerk, amounts):
    client.force_login(manager_clerk)
    first = _references(_get(client, "?sort=state"))
    assert _references(_get(client, f"?sort=state&after={_cursor(['state', 'no-such-state', 1])}")) == first


def test_unknown_sort_keys_show_the_default_order(client, manager_clerk, amounts):
    client.force_login(manager_clerk)
    default = _references(_get(client, ""))
    for sort in ("bogus", "kind", "--amount", "hospital", "-missing", "advance_amount", ""):
        assert _references(_get(client, f"?sort={sort}")) == default, sort


def test_sort_links_keep_the_filters_and_mark_the_current_order(client, manager_clerk, amounts, monkeypatch):
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(manager_clerk)
    html = _get(client, "")
    created = _header(html, "接收时间")
    assert 'aria-sort="descending"' in created and _href(created) == "?sort=created"
    assert "aria-sort" not in _header(html, "核定金额") and "<a " not in _header(html, "类型")

    html = _get(client, "?q=FUND&state=received&sort=amount")
    after = _link(html, "next")
    assert "q=FUND" in after and "state=received" in after and "sort=amount" in after
    html = _get(client, after)
    amount = _header(html, "核定金额")
    assert 'aria-sort="ascending"' in amount and 'class="num"' in amount
    # Back the other way, with the filters and without the position of this order.
    assert _href(amount) == "?q=FUND&state=received&sort=-amount"
    assert _href(_header(html, "编号")) == "?q=FUND&state=received&sort=reference"
    assert _href(_header(html, "接收时间")) == "?q=FUND&state=received&sort=created"
    assert "aria-sort" not in _header(html, "接收时间")
    # The filter form keeps the order.
    assert '<input type="hidden" name="sort" value="amount">' in html
    # Newest first again is the plain list address.
    assert _href(_header(_get(client, "?state=received&sort=created"), "接收时间")) == "?state=received"


def test_headers_follow_the_language(client, manager_clerk, amounts):
    client.force_login(manager_clerk)
    html = client.get(LIST, headers={"accept-language": "en"}).content.decode()
    assert ">Received</a></th>" in _header(html, "Received") and "接收时间" not in html
    assert 'class="num"><a href="?sort=amount">Approved amount</a>' in html


def test_searching_the_hospital_short_name_finds_its_applications(client, manager_clerk, submit,
                                                                  other_hospital_user, orgs):
    assert orgs["hosp_1"].short_name == "山医大一院"
    mine = [submit(), submit()]
    other = submit(actor=other_hospital_user, applicant_name="太原市中心医院", bank_account_name="太原市中心医院")
    client.force_login(manager_clerk)
    for q in ("山医大一院", "医科大学第一"):  # the short name the list shows, or part of the full name
        found = _references(_get(client, f"?q={q}"))
        assert sorted(found) == sorted(a.reference for a in mine) and other.reference not in found
    assert _references(_get(client, f"?q={orgs['hosp_2'].short_name}")) == [other.reference]
    assert _references(_get(client, "?q=没有这个机构")) == []
    # The searches of before still work: the reference and the victim's name.
    assert _references(_get(client, f"?q={other.reference}")) == [other.reference]


def test_searching_the_approving_office_short_name(client, manager_clerk, submit, orgs):
    from fund.models import Application

    named, plain = submit(), submit()
    Application.objects.filter(pk=named.pk).update(approver_organisation=orgs["fund_jm"])
    client.force_login(manager_clerk)
    found = _references(_get(client, f"?q={orgs['fund_jm'].short_name}"))
    assert named.reference in found and plain.reference not in found


def test_export_finds_what_the_list_finds(client, manager_clerk, submit, other_hospital_user):
    from openpyxl import load_workbook

    mine = submit()
    other = submit(actor=other_hospital_user, applicant_name="太原市中心医院", bank_account_name="太原市中心医院")
    client.force_login(manager_clerk)
    response = client.get("/fund/applications/export.xlsx?q=山医大一院")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = {c.value for row in sheet.iter_rows() for c in row}
    assert mine.reference in cells and other.reference not in cells


def _sql(client, url: str) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [re.sub(r"'[^']*'", "?", q["sql"]) for q in ctx.captured_queries if q["sql"].startswith("SELECT")]


@pytest.mark.parametrize("who", ["manager_clerk", "county_approver"])
def test_newest_first_is_the_same_sql_as_before(client, request, amounts, who):
    client.force_login(request.getfixturevalue(who))
    default = _sql(client, LIST)
    assert _sql(client, f"{LIST}?sort=-created") == default
    page = next(q for q in default if 'FROM "fund_application"' in q and "LIMIT" in q)
    # ``ORDER BY 11``: the 11th column read, created_at (LIST_FIELDS).
    assert re.search(r'ORDER BY (11|"fund_application"."created_at") DESC, "fund_application"."id" DESC LIMIT 51$',
                     page)


@pytest.mark.parametrize("who", ["manager_clerk", "county_approver"])
def test_list_query_count_stays_at_todays(client, request, amounts, monkeypatch, django_assert_max_num_queries,
                                          who):
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(request.getfixturevalue(who))
    second = _link(_get(client, "?sort=-amount&state=received"), "next")
    for url in ("", "?sort=amount", "?sort=-state", second, "?sort=reference&page=2"):
        _get(client, url)
        with django_assert_max_num_queries(TODAY_QUERIES):
            _get(client, url)


@pytest.mark.django_db(transaction=True)
def test_search_query_count_stays_at_todays(client, manager_clerk, submit, django_assert_max_num_queries):
    """With the organisations committed (as in production, where this process's copy is kept) a search by name
    costs no query: the names are matched in the per-process copy. (Inside a test's transaction the copy is read
    again on every use.)"""
    submit()
    client.force_login(manager_clerk)
    for url in ("?q=山医大一院", "?q=FUND&sort=amount"):
        _get(client, url)
        with django_assert_max_num_queries(TODAY_QUERIES):
            _get(client, url)
