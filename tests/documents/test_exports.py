from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gazette.audit.masking import mask_id_number, mask_phone
from gazette.audit.models import AuditEvent
from gazette.documents.exports import export_xlsx

ROWS = 3000


def _rows():
    for i in range(ROWS):
        yield {
            "code": f"JJ2026{i:05d}",
            "name": "张某某",
            "id_number": "140105199001011234",
            "phone": "13912345678",
            "amount": Decimal("12345.6") + i,
            "accident": {"date": datetime.date(2026, 11, 1)},
            "received_at": datetime.datetime(2026, 11, 27, 1, 30, tzinfo=datetime.UTC),
            "note": "=HYPERLINK(\"http://example.invalid\")" if i == 0 else "",
        }


COLUMNS = [
    ("受理编号", "code"),
    ("受伤人员", "name"),
    ("身份证号", "id_number", mask_id_number),
    ("联系电话", "phone", mask_phone),
    ("申请金额（元）", "amount"),
    ("事故日期", "accident.date"),
    ("受理时间", "received_at"),
    ("备注", lambda r: r["note"]),
]


@pytest.fixture
def sheet(clerk):
    response = export_xlsx(filename="垫付申请", columns=COLUMNS, rows=_rows(), actor=clerk, sheet_title="垫付申请")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    assert ".xlsx" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(data))["垫付申请"]


def test_the_export_has_chinese_headers_and_every_row(sheet):
    assert [c.value for c in sheet[1]] == [c[0] for c in COLUMNS]
    assert sheet.max_row == ROWS + 1
    assert sheet["A2"].value == "JJ202600000" and sheet[f"A{ROWS + 1}"].value == f"JJ2026{ROWS - 1:05d}"


def test_personal_data_columns_are_masked(sheet):
    assert sheet["C2"].value == "140105********1234"
    assert sheet["D2"].value == "139****5678"
    assert not any("199001011234" in str(c.value) for c in sheet["C"])


def test_money_stays_numeric_with_two_decimals_and_dates_are_dates(sheet):
    assert sheet["E2"].value == pytest.approx(12345.60) and sheet["E2"].data_type == "n"
    assert sheet["E2"].number_format == "#,##0.00"
    assert sheet[f"E{ROWS + 1}"].value == pytest.approx(12345.60 + ROWS - 1)
    assert sheet[f"F{ROWS + 1}"].is_date
    assert sheet["F2"].is_date and sheet["F2"].value.date() == datetime.date(2026, 11, 1)
    # 01:30 UTC is 09:30 in Shanghai.
    assert sheet["G2"].is_date and sheet["G2"].value == datetime.datetime(2026, 11, 27, 9, 30)


def test_text_that_looks_like_a_formula_stays_text(sheet):
    assert sheet["H2"].data_type == "s" and sheet["H2"].value.startswith("=HYPERLINK")


def test_the_export_is_audited_with_its_row_count(sheet, clerk):
    event = AuditEvent.objects.get(action="export.xlsx")
    assert event.actor == clerk
    assert event.data["rows"] == ROWS
    assert event.data["masked"] == ["身份证号", "联系电话"]


def test_a_queryset_is_exported_through_field_paths(clerk):
    from tests.factories import OrganisationFactory

    orgs = [OrganisationFactory(document_prefix=f"晋{i}") for i in range(3)]
    from gazette.orgs.models import Organisation

    response = export_xlsx(
        filename="单位.xlsx",
        columns=[("名称", "name"), ("所在区划", "region__name"), ("代字", "document_prefix")],
        rows=Organisation.objects.filter(pk__in=[o.pk for o in orgs]).select_related("region").order_by("pk"),
        actor=clerk,
    )
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        [o.name, o.region.name, o.document_prefix] for o in orgs
    ]
