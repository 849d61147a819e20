"""Reading an uploaded table (Excel .xlsx, or CSV in UTF-8 or GBK) into rows keyed by its header row, for the
imports of every app (owners' registers, bank statements). Values are text, stripped; empty rows are skipped."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator


class FileFormatError(ValueError):
    """The file cannot be read as a table; the message says why, in Chinese."""


def read_table(name: str, content: bytes, *, max_rows: int | None = None) -> Iterator[dict[str, str]]:
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:
            raise FileFormatError("无法读取Excel文件，请确认是.xlsx格式。") from exc
        rows = wb.active.iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, [])]
        rows_iter = (values for values in rows if values is not None and any(v is not None for v in values))
        records = ({header[i]: ("" if v is None else str(v).strip()) for i, v in enumerate(values)
                    if i < len(header) and header[i]} for values in rows_iter)
    elif lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gbk"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise FileFormatError("无法识别文件编码，请使用UTF-8或GBK编码的CSV。")
        reader = csv.DictReader(io.StringIO(text))
        records = ({(k or "").strip(): (v or "").strip() for k, v in row.items() if k} for row in reader
                   if any((v or "").strip() for v in row.values() if isinstance(v, str)))
    else:
        raise FileFormatError("只支持Excel（.xlsx）或CSV文件。")
    for n, record in enumerate(records):
        if max_rows is not None and n >= max_rows:
            raise FileFormatError(f"一次最多导入{max_rows}行。")
        yield record
