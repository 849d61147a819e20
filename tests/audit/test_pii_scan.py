"""Personal data: no plaintext ID number in logs, and none in the database outside the columns that hold it by
design (``PERSONAL_DATA_COLUMNS``), found by ``manage.py pii_scan``."""

from __future__ import annotations

import io
import logging
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gazette.audit.masking import id_number_is_valid
from gazette.audit.personal_data import PERSONAL_DATA_COLUMNS, personal_data_columns_register, scan_dump
from gazette.workflow.engine import case_create, transition_perform
from tests.factories import OrganisationFactory, UserFactory, region
from tests.workflow_app.models import Permit

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"


def test_the_sample_id_number_is_valid():
    assert id_number_is_valid(ID_NUMBER) and not id_number_is_valid(ID_NUMBER[:-1] + "1")


def test_log_records_are_masked_whatever_handler_writes_them():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)  # no filter: as an operator might add one
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging.getLogger("gazette.anything").warning("申请人身份证 %s，电话 %s", ID_NUMBER, PHONE)
        logging.getLogger().error(f"inline {ID_NUMBER} / {PHONE}")
    finally:
        root.removeHandler(handler)
    text = stream.getvalue()
    assert ID_NUMBER not in text and PHONE not in text
    assert "110105********002X" in text and "139****5678" in text


def test_a_log_file_with_a_plaintext_id_number_is_reported(tmp_path):
    clean, dirty = tmp_path / "clean.log", tmp_path / "dirty.log"
    clean.write_text("viewed 110105********002X\nwrong checksum 110105194912310021\n", encoding="utf-8")
    dirty.write_text("ok\napplicant 11010519491231002x here\n", encoding="utf-8")
    out = io.StringIO()
    call_command("pii_scan", str(clean), stdout=out)
    assert "0 ID number(s) found" in out.getvalue()
    out = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("pii_scan", str(dirty), stdout=out)
    assert info.value.returncode == 1
    assert f"FOUND {dirty} line 2: 110105********002x" in out.getvalue()
    assert ID_NUMBER.lower() not in out.getvalue()  # the report does not leak what it found


def test_dump_rows_are_attributed_to_table_and_column():
    dump = [
        "-- pg_dump\n",
        "COPY public.people (id, name, id_number, note) FROM stdin;\n",
        f"1\t张三\t{ID_NUMBER}\t\\N\n",
        f"2\t李四\t\\N\t说明 {ID_NUMBER}\n",
        "\\.\n",
    ]
    findings = list(scan_dump(dump, allowed={"people.id_number"}))
    assert [(f.where, f.line, f.allowed) for f in findings] == [
        ("people.id_number", 3, True), ("people.note", 4, False)]


@pytest.fixture
def permit_column_allowed():
    personal_data_columns_register("workflow_app_permit.applicant")
    yield
    PERSONAL_DATA_COLUMNS.discard("workflow_app_permit.applicant")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump")
def test_database_dump_has_id_numbers_only_in_registered_columns(permit_column_allowed):
    city = OrganisationFactory(region=region("140100"))
    office = OrganisationFactory(region=region("140105"), parent=city)
    clerk, approver = UserFactory(organisation=office), UserFactory(organisation=office)
    clerk.groups.add(Group.objects.get_or_create(name="clerk")[0])
    approver.groups.add(Group.objects.get_or_create(name="approver")[0])
    for n in range(3):
        permit = case_create(model=Permit, actor=clerk, reference_date=date(2026, 11, 2), region=office.region,
                             organisation=office, fields={"applicant": f"张三{n} {ID_NUMBER}",
                                                          "amount": Decimal("100.00")},
                             comment=f"申请人身份证号 {ID_NUMBER}")
        transition_perform(case=permit, name="submit", actor=clerk, comment=f"核对 {ID_NUMBER}")
        transition_perform(case=permit, name="approve", actor=approver)
    out = io.StringIO()
    try:
        call_command("pii_scan", "--database", stdout=out)
    except CommandError:
        pytest.fail("plaintext ID numbers outside registered columns:\n" + out.getvalue())
    report = out.getvalue()
    assert report.count("allowed workflow_app_permit.applicant") == 3, report
    PERSONAL_DATA_COLUMNS.discard("workflow_app_permit.applicant")
    with pytest.raises(CommandError):
        call_command("pii_scan", "--database", stdout=io.StringIO())


@pytest.mark.django_db
def test_history_comments_keep_no_plaintext_id_numbers_or_phones():
    from gazette.workflow.engine import case_history

    office = OrganisationFactory(region=region("140105"))
    clerk = UserFactory(organisation=office)
    clerk.groups.add(Group.objects.get_or_create(name="clerk")[0])
    permit = case_create(model=Permit, actor=clerk, reference_date=date(2026, 11, 2), region=office.region,
                         organisation=office, fields={"applicant": "王五"}, comment=f"身份证 {ID_NUMBER}")
    transition_perform(case=permit, name="submit", actor=clerk, comment=f"联系电话 {PHONE}")
    comments = [h.comment for h in case_history(permit)]
    assert comments == ["身份证 110105********002X", "联系电话 139****5678"]
