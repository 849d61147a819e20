"""Pages: public report without login (rate limited, CSRF kept), receipt lookup, clerk list without N+1, clue page,
step forms, outsider gets 404."""

from __future__ import annotations

from datetime import date

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


@pytest.mark.parametrize(("name", "content", "message"), [
    ("flows.pdf", b"%PDF-1.7 ...", "文件类型不正确：只支持CSV或XLSX文件"),
    ("flows.xlsx", b"%PDF-1.7 ...", "不是有效的XLSX文件"),
    ("flows.csv", b"PK\x03\x04\x00\x00 zipped", "不是文本格式的CSV文件"),
])
def test_a_monitoring_upload_of_the_wrong_type_says_so_in_chinese_and_stores_nothing(client, users, name, content,
                                                                                     message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from collection.models import MonitoringUpload

    client.force_login(users["county_clerk"])
    response = client.post(reverse("collection:upload_list"),
                           {"kind": "transactions", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode() and name in response.content.decode()
    assert not MonitoringUpload.objects.exists()


def test_public_report_names_every_missing_field_at_once(client, orgs):
    response = _report(client, subject_name="", description="", subject_region="")
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("请填写涉嫌非法集资的单位或个人名称", "请填写线索内容", "请选择涉嫌主体所在地"):
        assert message in page
    assert not Clue.objects.exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_uploaded_with_its_file_is_later_marked_verified_from_the_case_page(client, investigating, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gazette.audit.models import AuditEvent
    from gazette.documents.models import Attachment

    client.force_login(users["county_clerk"])
    client.post(reverse("collection:evidence_add", args=[investigating.pk]), {
        "kind": "documentary", "title": "投资合同", "obtained_on": "2026-11-20",
        "file": SimpleUploadedFile("合同.pdf", PDF, content_type="application/pdf")})
    evidence = investigating.evidence.get()
    attachment = Attachment.objects.get()
    assert not evidence.verified and attachment.checklist_code == f"evidence-{evidence.pk}"
    page = client.get(investigating.get_absolute_url()).content.decode()
    assert reverse("documents:attachment-download", args=[attachment.pk]) in page and "合同.pdf" in page
    assert client.get(reverse("documents:attachment-download", args=[attachment.pk])).status_code == 200
    response = client.post(reverse("collection:evidence_verify", args=[investigating.pk]),
                           {"evidence": evidence.pk}, follow=True)
    evidence.refresh_from_db()
    assert evidence.verified and "证据已查证属实" in response.content.decode()
    assert AuditEvent.objects.filter(action="collection.evidence_verify").count() == 1


def test_evidence_with_a_file_that_is_not_a_document_is_refused_and_not_registered(client, investigating, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["county_clerk"])
    response = client.post(reverse("collection:evidence_add", args=[investigating.pk]), {
        "kind": "documentary", "title": "投资合同", "obtained_on": "2026-11-20",
        "file": SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf")}, follow=True)
    assert not investigating.evidence.exists()
    assert "文件内容与扩展名不符" in response.content.decode()


def test_an_outsider_cannot_verify_evidence(client, investigating, users, outsider):
    from collection.services import evidence_add

    evidence = evidence_add(clue=investigating, actor=users["county_clerk"], kind="documentary", title="投资合同",
                            obtained_on=date(2026, 11, 20))
    client.force_login(outsider)
    assert client.post(reverse("collection:evidence_verify", args=[investigating.pk]),
                       {"evidence": evidence.pk}).status_code == 404
    evidence.refresh_from_db()
    assert not evidence.verified


def test_a_public_reporter_attaches_evidence_that_is_verified_later(client, orgs, users):
    """Issue 12 item 25 / 第三十七条: files sent with a public report are unverified evidence of the clue until the
    clerk verifies them; a file that is not what it says refuses the whole report, nothing saved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from collection.models import Evidence
    from collection.services import clue_act, evidence_verify
    from gazette.documents.models import Attachment

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    bad = _report(client, evidence_files=[SimpleUploadedFile("合同.pdf", b"MZ not a pdf", "application/pdf")])
    assert bad.status_code == 200 and "合同.pdf" in bad.content.decode()
    assert not Clue.objects.exists() and not Attachment.objects.exists()
    response = _report(client, evidence_files=[SimpleUploadedFile("宣传单.png", png, "image/png"),
                                               SimpleUploadedFile("合同.pdf", b"%PDF-1.4 contract", "application/pdf")])
    assert response.status_code == 302
    clue = Clue.objects.get()
    evidence = list(Evidence.objects.filter(clue=clue).order_by("id"))
    assert [(e.title, e.kind, e.verified, e.recorded_by) for e in evidence] == [
        ("宣传单.png", "audiovisual", False, None), ("合同.pdf", "documentary", False, None)]
    assert Attachment.objects.filter(object_id=clue.pk).count() == 2
    clue_act(clue=clue, name="verify_start", actor=users["county_clerk"])
    assert evidence_verify(evidence=evidence[1], actor=users["county_clerk"]).verified
