"""Masking of personal data: ID numbers (GB 11643), phone numbers and bank accounts.

Used by lists, exports, PDFs for third parties and the logging filter, so the same data is masked the same way
everywhere.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

_ID_RE = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)")
_PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_ACCOUNT_RE = re.compile(r"(?<!\d)(\d{4})(\d{8,15})(\d{4})(?!\d)")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_is_valid(value: str) -> bool:
    """True when ``value`` is an 18-character resident ID number whose GB 11643 check character matches."""
    value = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def mask_id_number(value: str) -> str:
    value = value or ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_phone(value: str) -> str:
    value = value or ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_bank_account(value: str) -> str:
    value = (value or "").replace(" ", "")
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]} **** **** {value[-4:]}"


def mask_text(text: str) -> str:
    """Mask every ID number, mobile number and bank account found in free text."""
    if not text:
        return text
    text = _ID_RE.sub(lambda m: f"{m.group(1)}********{m.group(3)}", text)
    text = _ACCOUNT_RE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    text = _PHONE_RE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    return text


class MaskPersonalDataFilter(logging.Filter):
    """Logging filter that masks personal data in every message before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not stop logging
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = ()
        return True


def _masking_record_factory(base: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args, **kwargs) -> logging.LogRecord:
        record = base(*args, **kwargs)
        MaskPersonalDataFilter().filter(record)
        return record

    factory._gazette_masking = True  # type: ignore[attr-defined]
    return factory


def install_log_masking() -> None:
    """Mask personal data in every log record when it is created, whatever handler later writes it: handlers
    added by operations, pytest's capture, and Celery's, which replaces the root logger's handlers (and with
    them the LOGGING filter) in worker processes."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "_gazette_masking", False):
        logging.setLogRecordFactory(_masking_record_factory(current))
