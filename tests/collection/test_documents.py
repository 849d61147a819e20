"""Documents of a clue through gazette.documents: numbered PDFs of the issuing lead department; Excel lists."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from collection.documents import clue_document_generate
from collection.services import measure_approve, measure_request
from collection.tasks import clue_document
from gazette.documents.models import GeneratedDocument
from tests.collection.test_workflow import _finish_investigation

pytestmark = pytest.mark.django_db


def test_investigation_report_and_stop_order_are_numbered_pdfs(investigating, users, act, orgs):
    orgs["county"].document_prefix = "小处非"
    orgs["county"].save()
    _finish_investigation(investigating, users, act)
    report = clue_document_generate(clue=investigating, kind="investigation_report", request_key="k1")
    order = clue_document_generate(clue=investigating, kind="stop_order", request_key="k2")
    assert report.file.read()[:4] == b"%PDF"
    assert report.number.startswith("小处非") and order.sequence_number == report.sequence_number + 1
    assert clue_document_generate(clue=investigating, kind="stop_order", request_key="k2") == order


def test_measure_approval_form_from_the_task_function(investigating, users):
    m = measure_request(clue=investigating, actor=users["county_clerk"], kind="account_query", target="6222",
                        reason="核查")
    m = measure_approve(measure=m, actor=users["county_head"])
    doc_id = clue_document(investigating.pk, "measure_approval", "mk", users["county_head"].pk, m.pk)
    doc = GeneratedDocument.objects.get(pk=doc_id)
    assert doc.title.startswith("查询有关账户") and doc.number == ""  # no 发文机关代字: unnumbered


def test_clue_list_exports_to_excel(client, make_clue, users):
    make_clue(subject_name="某某理财")
    client.force_login(users["member_clerk"])
    response = client.get(reverse("collection:clue_list"), {"export": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(wb.active.values)
    assert rows[0][0] == "编号" and rows[1][1] == "某某理财"
