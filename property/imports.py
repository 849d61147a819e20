"""Reading the owners' register the street office keeps (Excel .xlsx or CSV) into rows keyed by the header: the
engine's table reader with this import's row limit."""

from __future__ import annotations

from collections.abc import Iterator

from gazette.documents.tables import FileFormatError
from gazette.documents.tables import read_table as _read_table

MAX_ROWS = 20000

__all__ = ["MAX_ROWS", "FileFormatError", "read_table"]


def read_table(name: str, content: bytes) -> Iterator[dict[str, str]]:
    return _read_table(name, content, max_rows=MAX_ROWS)
