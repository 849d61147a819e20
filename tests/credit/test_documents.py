"""Documents: the 信用评价结果通知书 of a final grade, the final list and the notice as PDF, the Excel export."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    from credit import demo
    from gazette.orgs.demo import load as orgs_load

    orgs_load()
    demo.load()


def test_result_notice_is_an_official_pdf_of_the_final_grade(demo_world):
    from credit.documents import rating_document_generate
    from credit.models import Rating

    rating = Rating.objects.get(state="final")
    doc = rating_document_generate(rating=rating, kind="result_notice", request_key=f"t-{rating.pk}")
    assert doc.title == "房地产企业信用评价结果通知书" and doc.number.startswith("晋建房")
    with doc.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    again = rating_document_generate(rating=rating, kind="result_notice", request_key=f"t-{rating.pk}")
    assert again.pk == doc.pk


def test_final_list_and_notice_pdfs_need_no_login(client, demo_world):
    for url in ("/credit/grades.pdf?year=2026", "/credit/notices.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content[:5] == b"%PDF-"


def test_every_stage_exports_to_excel(client, demo_world):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="cred_province"))
    response = client.get("/credit/ratings/", {"export": "xlsx", "state": "noticed"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
