"""Refunds (COLL-A41/A42): participants imported with per-row errors, assets by source, refunds reconciled."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from collection.models import Participant, RefundPayment
from collection.selectors import clue_refund_figures
from collection.services import asset_record, participants_import, refund_record
from tests.collection.test_workflow import _finish_investigation

pytestmark = pytest.mark.django_db

ID1, ID2 = "11010519491231002X", "140105198001010011"


@pytest.fixture
def refunding(investigating, users, act):
    _finish_investigation(investigating, users, act)
    return investigating


def test_import_keeps_good_rows_and_lists_bad_ones(refunding, users):
    rows = [
        {"姓名": "张一", "身份证号": ID1, "电话": "139", "申报金额": "10000.00"},
        {"姓名": "", "身份证号": ID2, "申报金额": "5000"},
        {"姓名": "王三", "身份证号": "123", "申报金额": "abc"},
        {"姓名": "李二", "身份证号": ID1, "申报金额": "1.234"},
    ]
    result = participants_import(clue=refunding, actor=users["county_clerk"], rows=rows)
    assert result.created == 1
    assert [(e["row"], e["errors"]) for e in result.errors] == [
        (3, "姓名为空"), (4, "身份证号不正确；金额格式不正确"), (5, "身份证号重复；金额最多两位小数")]
    assert list(Participant.objects.values_list("name", "claimed_amount")) == [("张一", Decimal("10000.00"))]


def test_csv_upload_page_reports_row_errors(client, refunding, users):
    content = f"姓名,身份证号,电话,申报金额\n张一,{ID1},139,100.00\n,bad,,x\n".encode()
    client.force_login(users["county_clerk"])
    upload = io.BytesIO(content)
    upload.name = "p.csv"
    response = client.post(reverse("collection:participants_import", args=[refunding.pk]), {"file": upload},
                           follow=True)
    page = response.content.decode()
    assert "已导入1人" in page and "第3行" in page


def test_refunds_reconcile_and_ratio_is_decimal(refunding, users, act):
    participants_import(clue=refunding, actor=users["county_clerk"], rows=[
        {"姓名": "张一", "身份证号": ID1, "申报金额": "10000.00"},
        {"姓名": "李二", "身份证号": ID2, "申报金额": "20000.00"}])
    asset_record(clue=refunding, actor=users["county_clerk"], source="balance", description="账户余额",
                 amount="12000.00", recovered_on=date(2026, 11, 20))
    with pytest.raises(ValidationError, match="COLL-A42"):
        asset_record(clue=refunding, actor=users["county_clerk"], source="balance", description="x", amount="0",
                     recovered_on=date(2026, 11, 20))
    clue = act(refunding, "start_refunds", users["county_clerk"])
    p1, p2 = Participant.objects.order_by("id")
    refund_record(clue=clue, actor=users["county_clerk"], participant=p1, amount="5000.00", paid_on=date.today())
    refund_record(clue=clue, actor=users["county_clerk"], participant=p2, amount="7000.00", paid_on=date.today())
    with pytest.raises(ValidationError, match="超过追回资产"):
        refund_record(clue=clue, actor=users["county_clerk"], participant=p2, amount="0.01", paid_on=date.today())
    assert RefundPayment.objects.count() == 2  # the refused payment left nothing behind
    figures = clue_refund_figures(clue)
    assert figures["refunded_total"] == Decimal("12000.00") and figures["refund_ratio"] == Decimal("0.4000")


def test_refund_above_a_participants_claim_is_refused(refunding, users, act):
    participants_import(clue=refunding, actor=users["county_clerk"], rows=[
        {"姓名": "张一", "身份证号": ID1, "申报金额": "100.00"}])
    asset_record(clue=refunding, actor=users["county_clerk"], source="fees", description="佣金", amount="1000",
                 recovered_on=date(2026, 11, 20))
    clue = act(refunding, "start_refunds", users["county_clerk"])
    with pytest.raises(ValidationError, match="超过其申报金额"):
        refund_record(clue=clue, actor=users["county_clerk"], participant=Participant.objects.get(), amount="100.01",
                      paid_on=date.today())
    assert not RefundPayment.objects.exists()


def test_participants_export_masks_id_numbers(client, refunding, users):
    from openpyxl import load_workbook

    participants_import(clue=refunding, actor=users["county_clerk"], rows=[
        {"姓名": "张一", "身份证号": ID1, "申报金额": "100.00"}])
    client.force_login(users["county_clerk"])
    response = client.get(reverse("collection:participants_export", args=[refunding.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[1][0] == "张一" and rows[1][1] != ID1 and "*" in rows[1][1]


def test_the_case_page_shows_the_refund_ratio_with_two_decimals(client, refunding, users, act):
    participants_import(clue=refunding, actor=users["county_clerk"], rows=[
        {"姓名": "张一", "身份证号": ID1, "申报金额": "30000.00"}])
    asset_record(clue=refunding, actor=users["county_clerk"], source="balance", description="账户余额",
                 amount="10000.00", recovered_on=date(2026, 11, 20))
    clue = act(refunding, "start_refunds", users["county_clerk"])
    refund_record(clue=clue, actor=users["county_clerk"], participant=Participant.objects.get(), amount="10000.00",
                  paid_on=date.today())
    client.force_login(users["county_clerk"])
    page = client.get(clue.get_absolute_url()).content.decode()
    assert '<strong id="refund-ratio">33.33%</strong>' in page
