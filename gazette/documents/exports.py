"""Excel export of any list a clerk can filter (导出 Excel).

openpyxl's write-only mode streams rows into a temporary file, so memory stays flat however many rows there are;
the response streams the file and it disappears when the response is closed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gazette.audit.services import audit_record

Accessor = str | Callable[[Any], Any]
Masker = Callable[[str], str]
# (header, accessor) or (header, accessor, mask): ("身份证号", "id_number", mask_id_number)
Column = tuple[str, Accessor] | tuple[str, Accessor, Masker | None]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMATS = {"money": "#,##0.00", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def _getter(accessor: Accessor) -> Callable[[Any], Any]:
    if callable(accessor):
        return accessor
    if isinstance(accessor, str):
        path = accessor.replace("__", ".")

        def get(row: Any) -> Any:
            if isinstance(row, dict):
                value: Any = row
                for part in path.split("."):
                    value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
                return value
            try:
                return attrgetter(path)(row)
            except AttributeError:
                return None

        return get
    raise TypeError(f"column accessor must be a field path or a callable, got {accessor!r}")


def _width(text: str) -> float:
    # CJK characters are about twice as wide as Latin ones in Excel's default font.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def export_xlsx(
    *,
    filename: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    actor: Any,
    sheet_title: str = "Sheet1",
    audit_summary: str = "",
) -> FileResponse:
    """Write ``rows`` to an .xlsx download, one column per ``(header, accessor[, mask])``.

    ``accessor`` is a field path (``"hospital.name"`` or ``"hospital__name"``; dict keys work too) or a callable.
    ``mask`` (e.g. ``gazette.audit.masking.mask_id_number``) is applied to the text of that column, so personal
    data leaves masked. Decimals stay numbers shown with 2 decimals, dates and times become Excel dates (times in
    Asia/Shanghai), text starting with ``=`` is written as text, never as a formula. A QuerySet is read in chunks.
    The export is audited as ``export.xlsx`` with its row count.
    """
    specs = []
    for col in columns:
        header, accessor, *rest = col
        mask = rest[0] if rest else None
        specs.append((str(header), _getter(accessor), mask))

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Sheet1")
    sheet.freeze_panes = "A2"
    for index, (header, _get, _mask) in enumerate(specs, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(50, _width(header) + 4))

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    header_cells = []
    for header, _get, _mask in specs:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)

    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=2000)
    # One styled cell per column and kind, reused row after row: the write-only sheet serialises a row as soon as
    # it is appended, so reusing the cell is safe and saves creating and styling one object per value.
    reusable: dict[tuple[int, str], WriteOnlyCell] = {}

    def styled(index: int, value: Any, kind: str) -> WriteOnlyCell:
        cell = reusable.get((index, kind))
        if cell is None:
            cell = WriteOnlyCell(sheet)
            if kind in _FORMATS:
                cell.number_format = _FORMATS[kind]
            reusable[(index, kind)] = cell
        cell.value = value
        if kind == "text":
            cell.data_type = "s"  # "=..." stays text: never a formula in a clerk's spreadsheet
        return cell

    count = 0
    cent = Decimal("0.01")
    for row in rows:
        out: list[Any] = []
        for index, (_header, get, mask) in enumerate(specs):
            value = get(row)
            if mask is not None and value not in (None, ""):
                value = mask(str(value))
            if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
                out.append(value)
            elif isinstance(value, str):
                out.append(styled(index, value, "text") if value.startswith("=") else value)
            elif isinstance(value, Decimal):
                out.append(styled(index, value.quantize(cent), "money"))
            elif isinstance(value, datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                out.append(styled(index, value, "datetime"))
            elif isinstance(value, date):
                out.append(styled(index, value, "date"))
            elif isinstance(value, bool):
                out.append("是" if value else "否")
            else:
                out.append(str(value))
        sheet.append(out)
        count += 1

    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    workbook.save(handle)
    handle.seek(0)
    audit_record(
        action="export.xlsx",
        actor=actor,
        summary=(audit_summary or filename)[:200],
        data={"filename": filename, "rows": count, "columns": [s[0] for s in specs],
              "masked": [s[0] for s in specs if s[2] is not None]},
    )
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_MIME)
    response["Cache-Control"] = "no-store"
    response.export_row_count = count  # type: ignore[attr-defined]
    return response
