"""Reading the owners' register the street office keeps (Excel .xlsx or CSV) into rows keyed by the header."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

MAX_ROWS = 20000


class FileFormatError(ValueError):
    pass


def read_table(name: str, content: bytes) -> Iterator[dict[str, str]]:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise FileFormatError("无法读取Excel文件，请确认是.xlsx格式。") from exc
        rows = wb.active.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, [])]
        for n, values in enumerate(rows):
            if n >= MAX_ROWS:
                raise FileFormatError(f"一次最多导入{MAX_ROWS}行。")
            if values is None or all(v is None for v in values):
                continue
            yield {header[i]: ("" if v is None else str(v).strip()) for i, v in enumerate(values) if i < len(header)}
        return
    if not lower.endswith(".csv"):
        raise FileFormatError("只支持Excel（.xlsx）或CSV文件。")
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileFormatError("无法识别文件编码，请使用UTF-8或GBK编码的CSV。")
    yield from csv.DictReader(io.StringIO(text))
