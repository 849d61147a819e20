"""Pages: public report without login (rate limited, CSRF kept), receipt lookup, clerk list without N+1, clue page,
step forms, outsider gets 404."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collection.models import Clue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _report(client, **kw):
    data = {"subject_name": "某某财富公司", "subject_kind": "unit", "subject_region": "140105",
            "description": "承诺高额回报", "reporter_name": "王某", "reporter_phone": "13900000000", **kw}
    return client.post(reverse("collection:public_report"), data)


def test_public_report_becomes_a_clue_with_a_receipt(client, orgs):
    response = _report(client)
    clue = Clue.objects.get()
    assert response.status_code == 302 and clue.receipt_number in response["Location"]
    assert clue.registering_organisation == orgs["county"] and clue.source == "public_report"
    page = client.get(reverse("collection:public_status"), {"receipt": clue.receipt_number})
    assert "已登记" in page.content.decode() and "王某" not in page.content.decode()


def test_public_receipt_page_shows_only_the_progress_of_that_receipt(client, orgs):
    """COLL-A25: the no-login receipt page names the receipt, the accepting unit and the state, nothing else."""
    _report(client, subject_name="矩阵回执主体公司", description="回执页不得显示的线索内容")
    clue = Clue.objects.get()
    body = Client().get(reverse("collection:public_receipt", kwargs={"receipt": clue.receipt_number})).content.decode()
    assert clue.receipt_number in body and clue.state_label in body
    for secret in ("王某", "13900000000", "矩阵回执主体公司", "回执页不得显示的线索内容", clue.reference):
        assert secret not in body
    assert Client().get(reverse("collection:public_receipt", kwargs={"receipt": "JB0000DEADBEEF"})).status_code == 404


def test_public_report_without_subject_shows_a_clear_message(client, orgs):
    response = _report(client, subject_name="")
    assert response.status_code == 200 and "请填写涉嫌非法集资的单位或个人名称" in response.content.decode()
    assert not Clue.objects.exists()


def test_public_report_is_rate_limited_per_address(client, orgs):
    for _ in range(5):
        assert _report(client).status_code == 302
    response = _report(client)
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Clue.objects.count() == 5


def test_public_report_keeps_csrf(orgs):
    strict = Client(enforce_csrf_checks=True)
    assert _report(strict).status_code == 403


def test_clue_list_has_no_n_plus_one(client, make_clue, users):
    for _ in range(3):
        make_clue()
    client.force_login(users["member_clerk"])
    client.get(reverse("collection:clue_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("collection:clue_list"))
    for _ in range(7):
        make_clue()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("collection:clue_list"))
    assert response.content.decode().count("COLL-") >= 10
    assert len(many) == len(few)


def test_outsider_gets_404_on_a_clue(client, make_clue, outsider):
    clue = make_clue()
    client.force_login(outsider)
    assert client.get(clue.get_absolute_url()).status_code == 404
    assert client.post(reverse("collection:clue_action", args=[clue.pk, "verify_start"])).status_code == 404


def test_reporter_visible_only_to_registering_unit_on_the_page(client, make_clue, users):
    clue = make_clue()
    client.force_login(users["member_clerk"])
    assert "举报人甲" in client.get(clue.get_absolute_url()).content.decode()
    client.force_login(users["city_approver"])
    page = client.get(clue.get_absolute_url()).content.decode()
    assert "举报人甲" not in page and "举报人信息保密" in page


def test_step_with_details_shows_its_form_then_performs(client, make_clue, users):
    clue = make_clue()
    client.force_login(users["member_clerk"])
    client.post(reverse("collection:clue_action", args=[clue.pk, "verify_start"]))
    url = reverse("collection:clue_action", args=[clue.pk, "apply_disposal"])
    assert "涉嫌行为类型" in client.post(url, {"expected_state": "verifying"}).content.decode()
    response = client.post(url, {"fundraising_type": "", "verification_summary": "属实"}, follow=True)
    assert "COLL-A31" in response.content.decode()
    client.post(url, {"fundraising_type": "entity", "verification_summary": "属实"})
    clue.refresh_from_db()
    assert clue.state == "disposal_applied"


def test_public_report_page_in_english(client, orgs):
    page = client.get(reverse("collection:public_report"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submit report" in page and "Report suspected illegal fundraising" in page


def test_upload_page_stores_the_file_and_shows_the_progress_bar(client, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from collection.models import MonitoringUpload

    client.force_login(users["county_clerk"])
    upload = SimpleUploadedFile("flows.csv", "流水号,账号\n".encode())
    response = client.post(reverse("collection:upload_list"), {"kind": "transactions", "file": upload})
    stored = MonitoringUpload.objects.get()
    assert response["Location"] == reverse("collection:upload_detail", args=[stored.pk])
    page = client.get(response["Location"]).content.decode()
    assert stored.status == "pending" and '<progress id="progress"' in page


def test_inbox_lists_the_clue_clock(client, make_clue, users):
    make_clue()
    client.force_login(users["member_clerk"])
    page = client.get(reverse("ui:inbox")).content.decode()
    # The engine's work item: what is expected (the workflow's Work label) and the clock's article.
    assert "待初核" in page and "COLL-A30" in page


def test_an_invalid_step_form_says_what_is_wrong(client, make_clue, users):
    clue = make_clue()
    client.force_login(users["member_clerk"])
    response = client.post(reverse("collection:evidence_add", args=[clue.pk]), {}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "提交的信息有误" in page
