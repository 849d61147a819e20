from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from gazette.documents.models import DocumentSequence, GeneratedDocument
from gazette.documents.numbering import chinese_date, document_number
from gazette.documents.rendering import RenderError
from gazette.documents.services import document_generate
from tests.factories import OrganisationFactory

from .conftest import ISSUED_ON

NOTICE = "documents/examples/notice.html"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2026, 11, 27), "二〇二六年十一月二十七日"),
        (datetime.date(2026, 1, 1), "二〇二六年一月一日"),
        (datetime.date(2030, 10, 10), "二〇三〇年十月十日"),
        (datetime.date(2026, 12, 20), "二〇二六年十二月二十日"),
        (datetime.date(2026, 3, 31), "二〇二六年三月三十一日"),
        (datetime.date(2026, 5, 15), "二〇二六年五月十五日"),
    ],
)
def test_dates_are_written_in_chinese_numerals(day, text):
    assert chinese_date(day) == text


def test_document_numbers_follow_gbt_9704():
    assert document_number("晋救基", 2026, 15) == "晋救基〔2026〕15号"
    assert document_number("晋政办发", 2022, 91) == "晋政办发〔2022〕91号"


def _generate(org, ctx, *, template=NOTICE, issued_on=ISSUED_ON, **kwargs):
    return document_generate(
        case=org, kind="advance_notice", title="关于同意垫付抢救费用的通知", template_name=template, context=ctx,
        organisation=org, actor=None, recipients=["山西医科大学第一医院"], issued_on=issued_on, **kwargs,
    )


def test_numbers_run_per_organisation_and_year(case, notice_context):
    other = OrganisationFactory(document_prefix="晋救二")
    first = _generate(case, notice_context)
    second = _generate(case, notice_context)
    elsewhere = _generate(other, notice_context)
    next_year = _generate(case, notice_context, issued_on=datetime.date(2027, 1, 4))
    assert [first.number, second.number] == ["晋救基〔2026〕1号", "晋救基〔2026〕2号"]
    assert elsewhere.number == "晋救二〔2026〕1号"
    assert next_year.number == "晋救基〔2027〕1号"


def test_a_failed_render_does_not_consume_a_number_or_leave_a_file(case, notice_context, settings):
    from pathlib import Path

    _generate(case, notice_context)
    with pytest.raises(RenderError):
        _generate(case, notice_context, template="documents/examples/does-not-exist.html")
    files_before = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    assert DocumentSequence.objects.get(organisation=case, year=2026).last_number == 1
    assert _generate(case, notice_context).number == "晋救基〔2026〕2号"
    assert len(files_before) == 1


def test_an_organisation_without_a_prefix_cannot_number_documents(db, notice_context):
    from django.core.exceptions import ValidationError

    org = OrganisationFactory(document_prefix="")
    with pytest.raises(ValidationError, match="未设置发文机关代字"):
        _generate(org, notice_context)
    report = _generate(org, notice_context, numbered=False)
    assert report.number == "" and report.sequence_number is None


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_generations_get_gap_free_numbers_even_when_some_fail(notice_context):
    """Ten threads, each with its own PostgreSQL connection, number documents of one organisation at once; three
    of them fail to render. The seven stored documents are numbered 1..7 without a gap or a duplicate."""
    assert connection.vendor == "postgresql"
    org = OrganisationFactory(document_prefix="晋救基")
    barrier = threading.Barrier(10)
    numbers: list[int] = []
    failures: list[BaseException] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        template = "documents/examples/missing.html" if i % 3 == 1 else NOTICE
        try:
            barrier.wait()
            doc = _generate(org, notice_context, template=template)
            with lock:
                numbers.append(doc.sequence_number)
        except RenderError as exc:
            with lock:
                failures.append(exc)
        except BaseException as exc:  # noqa: BLE001 - every thread failure is collected and reported below
            with lock:
                unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not unexpected, unexpected
    assert len(failures) == 3
    assert sorted(numbers) == list(range(1, 8))
    assert DocumentSequence.objects.get(organisation=org, year=2026).last_number == 7
    assert sorted(GeneratedDocument.objects.values_list("number", flat=True)) == sorted(
        f"晋救基〔2026〕{n}号" for n in range(1, 8)
    )
