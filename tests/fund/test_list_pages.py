"""The clerks' list pages by cursor (上一页/下一页) without counting the whole list, and keeps its query count
whatever the number of rows; the case page keeps its query count whatever the case's history and documents."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _references(html: str) -> list[str]:
    return re.findall(r'<td><a href="/fund/applications/\d+/">([^<]+)</a>', html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def county_cases(submit, orgs):
    """Seven applications in 小店区 (two created at the same instant) and one elsewhere: 8 rows for the county
    office once it is named approver of the one outside its county."""
    from fund.models import Application

    apps = [submit() for _ in range(7)]
    same = timezone.now()
    Application.objects.filter(pk__in=[apps[2].pk, apps[3].pk]).update(created_at=same)
    outside = submit(region="140106")
    Application.objects.filter(pk=outside.pk).update(approver_organisation=orgs["fund_office_xd"])
    return [*apps, outside]


def test_county_office_pages_through_every_case_once_newest_first(client, county_approver, county_cases,
                                                                   monkeypatch):
    from fund import views
    from fund.models import Application

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(county_approver)
    expected = list(Application.objects.filter(pk__in=[a.pk for a in county_cases])
                    .order_by("-created_at", "-id").values_list("reference", flat=True))
    seen, url, pages = [], "/fund/applications/", []
    while url:
        html = client.get(f"/fund/applications/{url}" if url.startswith("?") else url).content.decode()
        pages.append((url, _references(html)))
        seen += pages[-1][1]
        url = _link(html, "next")
    assert seen == expected and [len(p) for _, p in pages] == [3, 3, 2]
    # 上一页 from the last page shows the middle page again, and from there the first.
    html = client.get(f"/fund/applications/{pages[2][0]}").content.decode()
    html = client.get(f"/fund/applications/{_link(html, 'prev')}").content.decode()
    assert _references(html) == pages[1][1]
    html = client.get(f"/fund/applications/{_link(html, 'prev')}").content.decode()
    assert _references(html) == pages[0][1] and _link(html, "prev") is None


def test_numbered_page_links_still_open_that_page(client, county_approver, county_cases, monkeypatch):
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(county_approver)
    first = _references(client.get("/fund/applications/").content.decode())
    second_by_cursor = _references(client.get(
        "/fund/applications/" + _link(client.get("/fund/applications/").content.decode(), "next")).content.decode())
    html = client.get("/fund/applications/?page=2").content.decode()
    assert _references(html) == second_by_cursor and "第2页" in html
    for bad in ("?page=abc", "?page=0", "?page=-3", "?page=99", "?after=x", "?before=1.2.3",
                "?after=99999999999999999999999.1"):
        response = client.get(f"/fund/applications/{bad}")
        assert response.status_code == 200, bad
    assert _references(client.get("/fund/applications/?page=abc").content.decode()) == first
    assert _references(client.get("/fund/applications/?page=99").content.decode()) == []


def test_filters_survive_paging(client, county_approver, county_cases, monkeypatch):
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(county_approver)
    html = client.get("/fund/applications/?q=FUND&state=received").content.decode()
    nxt = _link(html, "next")
    assert "q=FUND" in nxt and "state=received" in nxt


def _list_queries(client, monkeypatch, size: int) -> int:
    from fund import views

    monkeypatch.setattr(views, "PAGE_SIZE", size)
    client.get("/fund/applications/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/fund/applications/").status_code == 200
    return len(ctx.captured_queries)


def test_office_list_query_count_is_the_same_for_any_page_size(client, county_approver, county_cases,
                                                                 monkeypatch):
    client.force_login(county_approver)
    counts = {size: _list_queries(client, monkeypatch, size) for size in (1, 3, 10)}
    assert len(set(counts.values())) == 1, counts
    assert not any("COUNT(" in q["sql"] for q in _capture(client, "/fund/applications/"))


def _capture(client, url):
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return ctx.captured_queries


def test_manager_list_query_count_is_the_same_for_any_page_size(client, manager_clerk, county_cases, monkeypatch):
    client.force_login(manager_clerk)
    counts = {size: _list_queries(client, monkeypatch, size) for size in (1, 3, 10)}
    assert len(set(counts.values())) == 1, counts


def test_case_page_query_count_does_not_grow_with_history_and_documents(client, submit, manager_clerk,
                                                                      hospital_user, complete_documents):
    from gazette.workflow.engine import transition_perform

    small, big = submit(), submit()
    transition_perform(case=small, name="start_review", actor=manager_clerk)
    # The same state, but with two more history rows, a stopped clock and every document uploaded.
    transition_perform(case=big, name="start_review", actor=manager_clerk)
    transition_perform(case=big, name="request_documents", actor=manager_clerk, comment="缺材料",
                       data={"documents": ["cost_list"]})
    complete_documents(big, hospital_user)
    transition_perform(case=big, name="documents_complete", actor=manager_clerk)
    client.force_login(manager_clerk)
    counts = []
    for app in (small, big):
        client.get(app.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(app.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_list_escapes_html_in_victim_and_hospital_names(client, county_approver, submit, orgs):
    from gazette.orgs.models import Organisation

    Organisation.objects.filter(pk=orgs["hosp_1"].pk).update(short_name='<b>医院</b>"', name='<b>医院</b>"')
    submit(victim_name='<script>alert("x")</script>')
    client.force_login(county_approver)
    html = client.get("/fund/applications/").content.decode()
    assert "<script>alert" not in html and "<b>医院" not in html
    assert "<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>" in html
    assert "<td>&lt;b&gt;医院&lt;/b&gt;&quot;</td>" in html


def test_hospital_names_not_yet_in_this_process_copy_come_in_one_query(client, county_approver, county_cases, orgs,
                                                                        monkeypatch):
    """An organisation created in another process within REFDATA_CHECK_SECONDS is missing from this process's copy:
    the list still names it, with one extra query for the page, not one per row."""
    from gazette.orgs import selectors as org_selectors

    client.force_login(county_approver)
    with CaptureQueriesContext(connection) as full:
        html = client.get("/fund/applications/").content.decode()
    assert orgs["hosp_1"].short_name in html
    monkeypatch.setattr(org_selectors.ORGANISATIONS, "get", lambda: {})
    with CaptureQueriesContext(connection) as empty:
        html = client.get("/fund/applications/").content.decode()
    assert orgs["hosp_1"].short_name in html
    assert len(empty) <= len(full) + 1  # eight rows name a hospital: one per row would be eight more
