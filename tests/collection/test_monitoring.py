"""COLL-A19 screening and the five COLL-A22 detectors: each planted case is found by its pattern and nothing in a
clean file; uploads run in a real Celery worker with progress, per-row errors and good rows kept."""

from __future__ import annotations

import io
import time
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from collection.models import Clue, FlowThresholds, MonitoringUpload
from collection.monitoring import detect_all, parse_txn, read_table
from collection.monitoring_services import hit_to_clue, upload_create
from collection.tasks import monitoring_upload_process
from tests.collection.txgen import PLANTED, RULES, generate

ROWS = 20_000  # the 100,000-row run is bench/collection_flows.py


def _detect(content: bytes):
    txns = [parse_txn(i + 2, r) for i, r in enumerate(read_table("t.csv", content))]
    return detect_all(txns, FlowThresholds(effective_from=date(2022, 12, 30)))


def test_each_pattern_finds_its_planted_case_and_nothing_else():
    found = {(h.rule_id, h.account) for h in _detect(generate(ROWS, planted=True))}
    assert found == {(RULES[key], account) for key, (account, _, _) in PLANTED.items()}


def test_clean_file_has_no_hits():
    assert _detect(generate(ROWS, planted=False)) == []


def test_hit_explains_itself_with_figures_and_thresholds():
    hit = next(h for h in _detect(generate(2000)) if h.rule_id == "COLL-A22-5")
    assert "300000" in hit.message and hit.figures["max_hours"] == 48 and hit.figures["min_inbound"] == "200000.00"
    assert hit.rows and hit.rows[0]["amount"] == "300000.00"


def _upload(user, name, content, kind="transactions"):
    return upload_create(actor=user, kind=kind, file=ContentFile(content, name=name))


@pytest.mark.worker
def test_upload_is_processed_by_the_worker_with_row_errors_and_good_rows_kept(celery_worker, users):
    upload = _upload(users["county_clerk"], "flows.csv", generate(ROWS, bad_rows=3))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        upload.refresh_from_db()
        if upload.status in ("done", "failed"):
            break
        time.sleep(0.5)
    assert upload.status == "done", upload.error_message
    assert upload.total_rows == ROWS and upload.good_rows == ROWS - 3 and upload.percent == 100
    assert sorted(e["errors"][:4] for e in upload.row_errors) == sorted(["金额“a", "方向应为", "交易时间"])
    assert {h.rule_id for h in upload.hits.all()} == set(RULES.values())
    assert monitoring_upload_process(upload.pk) == "skipped"  # safe to run twice
    assert upload.hits.count() == 5


@pytest.mark.django_db
def test_malformed_file_fails_with_a_clear_message_and_no_hits(users):
    upload = _upload(users["county_clerk"], "bad.csv", "账号,金额\n1,2\n".encode())
    monitoring_upload_process(upload.pk)
    upload.refresh_from_db()
    assert upload.status == "failed" and "缺少列" in upload.error_message and "交易时间" in upload.error_message
    assert not upload.hits.exists()


@pytest.mark.django_db
def test_registration_list_screen_from_xlsx(users):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "统一社会信用代码", "经营范围"])
    ws.append(["太原某某理财咨询有限公司", "91140105MA0000001X", "咨询"])
    ws.append(["太原某某投资有限公司", "91140105MA0000002X", "项目投资"])
    ws.append(["太原某某餐饮有限公司", "91140105MA0000003X", "餐饮服务"])
    ws.append(["", "91140105MA0000004X", "无名称"])
    buf = io.BytesIO()
    wb.save(buf)
    upload = _upload(users["member_clerk"], "list.xlsx", buf.getvalue(), kind="registrations")
    monitoring_upload_process(upload.pk)
    upload.refresh_from_db()
    hits = {h.subject_name: h for h in upload.hits.all()}
    assert upload.status == "done" and upload.good_rows == 3 and upload.row_errors == [{"row": 5, "errors": "名称为空"}]
    forbidden = hits["太原某某理财咨询有限公司"]
    assert forbidden.pattern == "forbidden" and "理财" in forbidden.message
    assert hits["太原某某投资有限公司"].pattern == "watch"
    assert "太原某某餐饮有限公司" not in hits


@pytest.mark.django_db
def test_hit_becomes_a_clue_in_one_click(client, users):
    upload = _upload(users["county_clerk"], "flows.csv", generate(2000))
    monitoring_upload_process(upload.pk)
    hit = upload.hits.get(rule_id="COLL-A22-4")
    client.force_login(users["county_clerk"])
    response = client.post(reverse("collection:hit_to_clue", args=[upload.pk, hit.pk]))
    clue = Clue.objects.get()
    assert response.status_code == 302 and response["Location"] == clue.get_absolute_url()
    assert clue.source == "monitoring_hit" and "COLL-A22-4" in clue.description and clue.subject_name == "张某某"
    assert hit_to_clue(hit=hit, actor=users["county_clerk"]) == clue  # a second click makes no second clue
    progress = client.get(reverse("collection:upload_progress", args=[upload.pk])).json()
    assert progress == {"status": "done", "percent": 100, "processed": 2000, "total": 2000, "hits": 5}


@pytest.mark.django_db
def test_outsider_cannot_see_uploads(client, users, outsider):
    upload = _upload(users["county_clerk"], "flows.csv", generate(200, planted=False))
    client.force_login(outsider)
    assert client.get(reverse("collection:upload_detail", args=[upload.pk])).status_code == 404
    assert MonitoringUpload.objects.count() == 1


def _monthly_batches(memo: str) -> list:
    """A unit account paying the same twelve accounts on the 10th of three months, with ``memo``."""
    from datetime import datetime
    from decimal import Decimal

    from collection.monitoring import Txn

    return [Txn(n, f"T{n}", "6200000000000009", "太原某某物业有限公司", "unit", datetime(2026, month, 10, 9, i),
                "out", Decimal("4500.00"), f"6212{i:012d}", f"员工{i}", memo)
            for n, (month, i) in enumerate(((m, i) for m in (8, 9, 10) for i in range(12)), start=2)]


@pytest.mark.parametrize("memo", ["代发工资", "9月工资"])
def test_a_monthly_payroll_to_the_same_staff_is_not_an_interest_payment(memo):
    assert detect_all(_monthly_batches(memo), FlowThresholds(effective_from=date(2022, 12, 30))) == []


def test_the_same_batches_paying_returns_are_flagged_as_interest():
    hits = detect_all(_monthly_batches("收益发放"), FlowThresholds(effective_from=date(2022, 12, 30)))
    assert [(h.rule_id, h.account) for h in hits] == [("COLL-A22-2", "6200000000000009")]
    assert hits[0].figures["interest_share"] == "1.0000" and hits[0].figures["payroll_share"] == "0.0000"


@pytest.mark.django_db
def test_a_personal_account_hit_becomes_a_clue_on_an_individual_judged_by_residence(users):
    from collection.services import clue_act

    upload = _upload(users["county_clerk"], "flows.csv", generate(2000))
    monitoring_upload_process(upload.pk)
    hit = upload.hits.get(rule_id="COLL-A22-5")  # 李某某's personal account passing 300,000 on
    clue = hit_to_clue(hit=hit, actor=users["county_clerk"])
    assert clue.subject_name == "李某某" and clue.subject_kind == "individual"
    clue_act(clue=clue, name="verify_start", actor=users["county_clerk"])
    clue = clue_act(clue=clue, name="apply_disposal", actor=users["county_clerk"],
                    data={"fundraising_type": "other", "verification_summary": "资金快进快出属实"}).case
    a33 = next(e for e in clue.rule_trace if e["rule"] == "COLL-A33")
    assert a33["figures"]["basis"] == "residence" and "住所地" in a33["message"]


@pytest.mark.django_db
def test_a_unit_account_hit_stays_a_clue_on_a_unit(users):
    upload = _upload(users["county_clerk"], "flows.csv", generate(2000))
    monitoring_upload_process(upload.pk)
    clue = hit_to_clue(hit=upload.hits.get(rule_id="COLL-A22-2"), actor=users["county_clerk"])
    assert clue.subject_kind == "unit"


@pytest.mark.django_db
def test_a_hit_on_a_subject_with_an_open_clue_warns_with_a_link_and_needs_a_confirmation(client, users, make_clue):
    upload = _upload(users["county_clerk"], "flows.csv", generate(2000))
    monitoring_upload_process(upload.pk)
    hit = upload.hits.get(rule_id="COLL-A22-4")  # 张某某
    open_clue = make_clue(subject_name="张某某")
    client.force_login(users["county_clerk"])
    url = reverse("collection:hit_to_clue", args=[upload.pk, hit.pk])
    page = client.post(url, follow=True).content.decode()
    assert Clue.objects.count() == 1
    assert f'<a href="{open_clue.get_absolute_url()}">{open_clue.reference}</a>' in page
    assert 'name="confirm_duplicate"' in page
    response = client.post(url, {"confirm_duplicate": "1"})
    new = Clue.objects.exclude(pk=open_clue.pk).get()
    assert response["Location"] == new.get_absolute_url() and new.subject_name == "张某某"


@pytest.mark.django_db
def test_a_finished_clue_on_the_subject_does_not_hold_up_a_new_one(users, make_clue, act):
    upload = _upload(users["county_clerk"], "flows.csv", generate(2000))
    monitoring_upload_process(upload.pk)
    act(make_clue(subject_name="张某某"), "refer", users["member_clerk"], comment="请向大同市处非办举报")
    clue = hit_to_clue(hit=upload.hits.get(rule_id="COLL-A22-4"), actor=users["county_clerk"])
    assert clue.subject_name == "张某某" and Clue.objects.count() == 2
