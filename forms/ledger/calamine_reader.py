"""Reading a ledger workbook with python-calamine (Rust): .xlsx and the older .xls that WPS and
old Excel still save, both several times faster than openpyxl.

`open_workbook(path)` gives what `reader.find_table` reads from openpyxl's read-only workbook:
`sheetnames`, `book[name].iter_rows(values_only=True)` and `close()`. Cells come back as
openpyxl gives them — None for an empty cell, int for a whole number (calamine reads every
number as a float, and a code typed as a number must not read as 2026001.0), datetime for a
date — so the rest of the import cannot tell the readers apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import python_calamine

EXTENSIONS = (".xlsx", ".xlsm", ".xls")  # what the file dialogs offer


MAX_XLS_BYTES = 64 * 1024 * 1024  # an .xls is not a zip: its size on disk bounds what it holds


class Sheet:
    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        # The sheet's extent, known before any cell is read: `reader` refuses a sheet taller
        # than its bounds from this alone (and `to_python` below is bounded by it).
        self.max_row: int = sheet.total_height

    def iter_rows(self, values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        # Leading empty rows are kept: row numbers in errors must be the ones Excel shows.
        for row in self._sheet.to_python(skip_empty_area=False):
            # Text is most of a ledger and comes back as it is: only the rest goes to _cell.
            yield tuple([v if v.__class__ is str and v else _cell(v) for v in row])


class Workbook:
    def __init__(self, path: Path) -> None:
        self._book = python_calamine.CalamineWorkbook.from_path(str(path))
        self.sheetnames: list[str] = list(self._book.sheet_names)

    def __getitem__(self, name: str) -> Sheet:
        return Sheet(self._book.get_sheet_by_name(name))

    def close(self) -> None:
        self._book.close()


def _cell(value: Any) -> Any:
    cls = value.__class__
    if cls is str:
        return value if value else None
    if cls is float:
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if cls is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def open_workbook(path: str | Path) -> Workbook:
    """The workbook, or a UserError saying plainly why it cannot be read."""
    from ..errors import UserError
    from .reader import check_archive, damaged, too_big

    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文件 {path} (file not found)")
    if path.suffix.lower() == ".xls":
        if path.stat().st_size > MAX_XLS_BYTES:
            raise too_big(path, f"文件 {path.stat().st_size // 1024 // 1024} MB")
    else:
        check_archive(path)  # inflated size and shared strings, from the zip directory alone
    try:
        book = Workbook(path)
    except Exception as e:  # calamine says "invalid zip", "invalid OLE" …: all mean this
        raise damaged(path) from e
    return book
