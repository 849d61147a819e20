"""文号 and Chinese dates as GB/T 9704 writes them, and the gap-free allocation of document numbers."""

from __future__ import annotations

from datetime import date

from django.db import connection

from .models import DocumentSequence

_DIGITS = "〇一二三四五六七八九"


def _chinese_small_number(n: int) -> str:
    """1..31 in Chinese numerals as used in dates: 十, 十一, 二十, 二十七, 三十一."""
    if not 0 < n < 100:
        raise ValueError(f"expected 1..99, got {n}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def chinese_date(d: date) -> str:
    """The date as official documents write it (成文日期): ``date(2026, 11, 27)`` → ``二〇二六年十一月二十七日``."""
    year = "".join(_DIGITS[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{_chinese_small_number(d.month)}月{_chinese_small_number(d.day)}日"


def document_number(prefix: str, year: int, n: int) -> str:
    """The 发文字号: ``document_number("晋救基", 2026, 15)`` → ``晋救基〔2026〕15号`` (no leading zeros, no 第)."""
    return f"{prefix}〔{year}〕{n}号"


def sequence_next(*, organisation_id: int, year: int) -> int:
    """Allocate the next number of an organisation's year under a row lock.

    Must run inside the transaction that stores the numbered document: the lock is held until that transaction
    ends, and if it rolls back the number is given back, so numbers stay gap-free. Documents of one organisation
    and year are therefore stored one after another; other organisations and years are not blocked.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("sequence_next() must run inside transaction.atomic() with the document it numbers.")
    # Create the year's row if missing without racing a concurrent creator (INSERT ... ON CONFLICT DO NOTHING).
    DocumentSequence.objects.bulk_create(
        [DocumentSequence(organisation_id=organisation_id, year=year, last_number=0)], ignore_conflicts=True
    )
    seq = DocumentSequence.objects.select_for_update().get(organisation_id=organisation_id, year=year)
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return seq.last_number
