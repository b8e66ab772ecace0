"""Read CSV or XLSX import files into dict rows with their 1-based file row numbers.

The header row is row 1, so the first data row is row 2 — the number a user sees in a
spreadsheet program.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .errors import ImportRefused, RowError


def read_rows(path: str | Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Return `(row_number, {column: text})` for each non-empty data row.

    Refuses (ImportRefused) a file that cannot be read or lacks a required column.
    """
    path = Path(path)
    if not path.exists():
        raise ImportRefused([RowError(str(path), 0, "-", "không tìm thấy tệp")])
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            header, body = _xlsx_rows(path)
        else:
            header, body = _csv_rows(path)
    except (UnicodeDecodeError, csv.Error, ValueError, OSError) as exc:
        raise ImportRefused([RowError(str(path), 0, "-", f"không đọc được tệp: {exc}")]) from exc
    header = [(h or "").strip().lstrip("\ufeff") for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportRefused([RowError(str(path), 1, c, "thiếu cột bắt buộc") for c in missing])
    rows = []
    for number, values in body:
        cells = {h: _text(v) for h, v in zip(header, values, strict=False) if h}
        if any(cells.values()):
            rows.append((number, cells))
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if getattr(value, "hour", 0) or getattr(value, "minute", 0)
            else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(path: Path) -> tuple[list[str], Iterator]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    return header, ((i, row) for i, row in enumerate(reader, start=2))


def _xlsx_rows(path: Path) -> tuple[list[str], Iterator]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows, ())]
    return header, ((i, list(row)) for i, row in enumerate(rows, start=2))
