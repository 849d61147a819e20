"""Hidden dangers (order, rectify, verify, overdue escalation, 整改通知书), 包保 ledgers, public reports, the
Excel import of an existing register and the exports."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gazette.deadlines.models import Deadline
from gazette.deadlines.services import deadlines_sweep
from gazette.workflow.actions import action_perform
from gazette.workflow.exceptions import GuardFailed
from gazette.workflow.models import WorkItem
from tailings.models import Facility, PublicReport
from tailings.supervision import danger_register, inspection_record, official_add, register_import
from tests.tailings.factories import to_operating

pytestmark = pytest.mark.django_db


@pytest.fixture
def danger(make_facility, users):
    facility = to_operating(make_facility())
    return danger_register(facility=facility, actor=users["county_clerk"], source="inspection",
                           description="坝坡局部冲刷形成冲沟", found_on=timezone.localdate())


def test_order_rectify_verify_with_the_deadline_the_department_set(danger, users, orgs):
    with pytest.raises(GuardFailed, match="应晚于"):
        action_perform(obj=danger, name="order", actor=users["county_approver"],
                       data={"deadline_on": timezone.localdate(), "requirements": "回填"})
    action_perform(obj=danger, name="order", actor=users["county_approver"],
                   data={"deadline_on": timezone.localdate() + timedelta(days=10), "requirements": "回填冲沟"})
    clock = Deadline.objects.get(object_id=danger.pk, kind="rectification")
    assert clock.amount == 10 and clock.organisation == orgs["county"]
    assert WorkItem.objects.filter(object_id=danger.pk, organisation=orgs["operator"]).exists()
    action_perform(obj=danger, name="rectify", actor=users["operator"],
                   data={"rectification_note": "已回填压实", "rectified_on": timezone.localdate()})
    action_perform(obj=danger, name="verify", actor=users["county_approver"], data={"verification_note": "合格"})
    danger.refresh_from_db()
    assert danger.state == "verified"


def test_overdue_rectification_escalates_to_the_city(danger, users, orgs):
    from gazette.notifications.models import Notification

    action_perform(obj=danger, name="order", actor=users["county_approver"],
                   data={"deadline_on": timezone.localdate() + timedelta(days=3), "requirements": "回填冲沟"})
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        deadlines_sweep()
    clock = Deadline.objects.get(object_id=danger.pk, kind="rectification")
    assert clock.status == "breached" and clock.escalated_to == orgs["city"]
    assert Notification.objects.filter(organisation=orgs["city"], reference=danger.reference).exists()


def test_operator_cannot_order_and_department_cannot_rectify(danger, users):
    from gazette.workflow.exceptions import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed):
        action_perform(obj=danger, name="order", actor=users["operator"],
                       data={"deadline_on": timezone.localdate() + timedelta(days=3), "requirements": "x"})


def test_rectification_order_pdf_names_the_deadline_and_articles(danger, users):
    from tailings.documents import tailings_document_generate

    action_perform(obj=danger, name="order", actor=users["county_approver"],
                   data={"deadline_on": timezone.localdate() + timedelta(days=15),
                       "requirements": "回填冲沟并修复排水沟"})
    danger.refresh_from_db()
    doc = tailings_document_generate(obj=danger, kind="rectification_order", request_key=f"t-{danger.pk}")
    assert doc.number.startswith("娄应急") and doc.title == "尾矿库隐患整改通知书"
    assert doc.file.size > 5000
    again = tailings_document_generate(obj=danger, kind="rectification_order", request_key=f"t-{danger.pk}")
    assert again.pk == doc.pk


def test_baobao_ledger_only_for_the_facilitys_official(make_facility, users):
    facility = to_operating(make_facility())
    official = official_add(facility=facility, actor=users["county_clerk"], name="王县长", position="副县长",
                            level="county", responsibilities="每季度督导检查", effective_from=timezone.localdate())
    inspection_record(facility=facility, actor=users["county_clerk"], official=official,
                      inspected_on=timezone.localdate(), findings="排洪设施正常")
    other = to_operating(make_facility(name="另一尾矿库"))
    with pytest.raises(ValidationError, match="第三十四条"):
        inspection_record(facility=other, actor=users["county_clerk"], official=official,
                          inspected_on=timezone.localdate(), findings="x")
    assert facility.inspections.count() == 1


def test_public_report_without_login_goes_to_the_county_department(client, orgs, users):
    from django.core.cache import cache

    from tests.factories import region

    cache.delete("tailings:public-report:127.0.0.1")
    response = client.post(reverse("tailings:public_report"), {
        "county": region("140123").pk, "facility_text": "某选矿厂尾矿库", "content": "夜间向沟谷排放尾砂"})
    assert response.status_code == 302
    report = PublicReport.objects.get()
    assert report.organisation == orgs["county"] and report.state == "received"
    assert report.reference in client.get(response["Location"]).content.decode()
    assert WorkItem.objects.filter(object_id=report.pk, app="tailings", organisation=orgs["county"]).exists()
    with pytest.raises(GuardFailed, match="接收部门"):
        action_perform(obj=report, name="refer", actor=users["county_clerk"], data={"referred_to": " "})


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    from tailings.supervision import IMPORT_COLUMNS

    wb = Workbook()
    ws = wb.active
    header = list(IMPORT_COLUMNS)
    ws.append(header)
    for row in rows:
        ws.append([row.get(h, "") for h in header])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_existing_register_with_per_row_errors(orgs, users):
    good = {"尾矿库名称": "老尾矿库", "生产经营单位": orgs["operator"].name, "所在县区划代码": "140123", "等别": 3,
            "总坝高": 60, "初期坝坝顶标高": 1100, "设计最终堆积标高": 1160, "当前堆积标高": 1150, "平均外坡比": 3.2,
            "排尾方式": "湿式", "筑坝方式": "上游式", "设计服务年限": 20, "距黄河干流岸线公里": 40}
    rows = [good, {**good, "尾矿库名称": "坏等别", "等别": 6}, {**good, "尾矿库名称": "坏坡比", "平均外坡比": 0.33},
            {**good, "尾矿库名称": "无单位", "生产经营单位": "不存在公司"}, {**good, "尾矿库名称": "超高",
                "当前堆积标高": 1170}]
    result = register_import(actor=users["county_clerk"], supervisor=orgs["county"], content=_xlsx(rows))
    assert len(result.created) == 1
    errors = {e["row"]: "；".join(e["errors"]) for e in result.errors}
    assert set(errors) == {3, 4, 5, 6}
    assert "等别" in errors[3] and "垂直÷水平" in errors[4] and "不存在公司" in errors[5] and "第二十三条" in errors[6]
    assert Facility.objects.count() == 1


def test_register_and_alarm_exports_are_excel(client, make_facility, users):
    make_facility()
    client.force_login(users["county_clerk"])
    for name in ("tailings:facility_export", "tailings:alarm_export"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_facility_list_has_no_n_plus_one(client, make_facility, users, django_assert_max_num_queries):
    for i in range(8):
        make_facility(name=f"尾矿库{i}")
    client.force_login(users["county_clerk"])
    with django_assert_max_num_queries(14):
        page = client.get(reverse("tailings:facility_list")).content.decode()
    assert page.count("尾矿库7") == 1
