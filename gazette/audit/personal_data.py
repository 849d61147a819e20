"""Where plaintext personal data may legitimately sit, and a scanner that finds it anywhere else.

``PERSONAL_DATA_COLUMNS`` lists the database columns (``"table.column"``) that hold ID numbers by design
(until they are encrypted). Regulation apps extend it in ``AppConfig.ready()``::

    personal_data_columns_register("fund_application.victim_id_number")

``manage.py pii_scan`` reports every resident ID number (18 characters with a valid GB 11643 check character)
found in log files or in a plain-SQL ``pg_dump`` of the database outside those columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .masking import id_number_is_valid, mask_id_number

PERSONAL_DATA_COLUMNS: set[str] = set()

_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_COPY = re.compile(r"^COPY (?:\"?[\w]+\"?\.)?\"?([\w]+)\"? \((.*)\) FROM stdin;$")


def personal_data_columns_register(*columns: str) -> None:
    for column in columns:
        if column.count(".") != 1:
            raise ValueError(f"expected 'table.column', got {column!r}")
        PERSONAL_DATA_COLUMNS.add(column.lower())


@dataclass(frozen=True)
class Finding:
    where: str          # "table.column" or a file name
    line: int           # line in the file or the dump
    masked: str         # the ID number, masked: the report itself must not leak it
    allowed: bool

    def __str__(self) -> str:
        return f"{'allowed' if self.allowed else 'FOUND'} {self.where} line {self.line}: {self.masked}"


def id_numbers_in(text: str) -> list[str]:
    return [m for m in _CANDIDATE.findall(text or "") if id_number_is_valid(m)]


def scan_lines(lines: Iterable[str], *, name: str) -> Iterator[Finding]:
    """Scan a log file's lines."""
    for number, line in enumerate(lines, start=1):
        for value in id_numbers_in(line):
            yield Finding(where=name, line=number, masked=mask_id_number(value), allowed=False)


def scan_dump(lines: Iterable[str], *, allowed: set[str] | None = None) -> Iterator[Finding]:
    """Scan a plain-SQL pg_dump: rows of ``COPY … FROM stdin`` blocks are attributed to their table and column."""
    allowed = {c.lower() for c in (PERSONAL_DATA_COLUMNS if allowed is None else allowed)}
    table, columns = None, []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if table is None:
            match = _COPY.match(line)
            if match:
                table = match.group(1)
                columns = [c.strip().strip('"') for c in match.group(2).split(",")]
                continue
            for value in id_numbers_in(line):  # schema text, comments, anything outside row data
                yield Finding(where="(dump outside table data)", line=number, masked=mask_id_number(value),
                              allowed=False)
            continue
        if line == "\\.":
            table = None
            continue
        if not _CANDIDATE.search(line):
            continue
        for column, cell in zip(columns, line.split("\t"), strict=False):
            for value in id_numbers_in(cell):
                where = f"{table}.{column}"
                yield Finding(where=where, line=number, masked=mask_id_number(value), allowed=where in allowed)
