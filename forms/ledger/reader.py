"""Finding the table in a ledger sheet: title rows, a one- or two-row header, the money unit.

The workbook is read with openpyxl in read-only mode (streaming, fast), which does not expose
merged cells. A merged header is recognised from its shape instead: a parent cell spanning
several columns has text only in its first column, with sub-headers in the row below; a cell
spanning two rows has text only in its top row.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import UserError
from . import columns as cols
from . import sniff
from .columns import Column

HEADER_SCAN_ROWS = 15  # titles and notes above the header: real sheets have one to three
MIN_FIELDS = 3  # a header names at least this many known columns, 项目名称 among them

# Bounds on a workbook, checked before the work (a city ledger is a few thousand rows and a few
# MB of XML; these are far beyond any real one and far below what hurts a laptop). The zip's
# directory gives each part's uncompressed size before anything is inflated; openpyxl parses
# the XML through defusedxml (installed: no entity expansion); rows and cells are counted as
# they stream.
MAX_PARTS = 10_000  # files inside the .xlsx
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # bytes of all parts together, inflated
MAX_SHARED_STRINGS = 32 * 1024 * 1024  # sharedStrings.xml is read whole into memory
MAX_ROWS = 100_000  # rows of the ledger sheet
MAX_COLUMNS = 512  # cells in a row
MAX_CELL = 32_767  # characters in a cell: Excel's own limit

Row = tuple[Any, ...]


@dataclass
class Table:
    sheet: str
    columns: list[Column]
    first_data_row: int  # 1-based sheet row number of the first row after the header
    rows: Iterator[Row]  # the data rows, streamed, starting at first_data_row
    default_unit: str  # from a 单位：万元 title line, else 万元


def open_workbook(path: str | Path) -> Any:
    """The workbook in read-only mode, or a UserError saying plainly why it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文件 {path} (file not found)")
    if path.suffix.lower() == ".xls":
        raise UserError(
            f"{path.name} 是旧版 Excel (.xls) 文件，请在 Excel 中另存为 .xlsx 后再导入"
            " (old .xls format: save it as .xlsx first)"
        )
    check_archive(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException) as e:
        raise damaged(path) from e
    except Exception as e:  # a damaged file raises KeyError, ValueError, EOFError …: all mean this
        raise damaged(path) from e


def check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond the bounds, from the zip directory
    alone (nothing is decompressed)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise damaged(path) from e
    if len(parts) > MAX_PARTS:
        raise too_big(path, f"包含 {len(parts)} 个部件")
    total = sum(p.file_size for p in parts)
    if total > MAX_UNCOMPRESSED:
        raise too_big(path, f"解压后 {total // 1024 // 1024} MB")
    for part in parts:
        if (
            part.filename.lower().endswith("sharedstrings.xml")
            and part.file_size > MAX_SHARED_STRINGS
        ):
            raise too_big(path, f"文字表解压后 {part.file_size // 1024 // 1024} MB")


def too_big(path: Path, what: str) -> UserError:
    return UserError(
        f"{path.name} 超出台账导入的上限（{what}；上限：解压后 {MAX_UNCOMPRESSED // 1024 // 1024} MB、"
        f"{MAX_ROWS} 行、每行 {MAX_COLUMNS} 列），请检查文件 (workbook too large to import)"
    )


def bounded(rows: Iterator[Row], path_name: str, first_row: int) -> Iterator[Row]:
    """The rows, refusing (a UserError, mid-stream, before the import writes anything) a sheet
    with too many rows, too many cells in a row or a cell too long."""
    for number, row in enumerate(rows, start=first_row):
        if number > MAX_ROWS + HEADER_SCAN_ROWS:
            raise too_big(Path(path_name), f"超过 {MAX_ROWS} 行")
        if len(row) > MAX_COLUMNS:
            while row and row[-1] is None:  # a wide dimension with empty cells is harmless
                row = row[:-1]
            if len(row) > MAX_COLUMNS:
                raise too_big(Path(path_name), f"第 {number} 行超过 {MAX_COLUMNS} 列")
        if max(map(len, [v for v in row if isinstance(v, str)]), default=0) > MAX_CELL:
            raise too_big(Path(path_name), f"第 {number} 行有超过 {MAX_CELL} 字的单元格")
        yield row


def damaged(path: Path) -> UserError:
    return UserError(
        f"{path.name} 不是有效的 Excel (.xlsx) 文件，或文件已损坏"
        " (not a readable .xlsx file, or the file is damaged)"
    )


def find_table(book: Any, sheet: str | None, overrides: dict[str, str]) -> Table:
    """The first sheet (or the named one) whose top rows hold a ledger header."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise UserError(
                f"工作簿中没有名为“{sheet}”的工作表 (no such sheet);"
                f" 现有: {'、'.join(book.sheetnames)}"
            )
        names = [sheet]
    else:
        names = book.sheetnames
    for name in names:
        table = _table(book[name], name, overrides)
        if table is not None:
            return table
    where = f"工作表“{sheet}”" if sheet else "任何工作表"
    raise UserError(
        f"在{where}的前{HEADER_SCAN_ROWS}行中找不到台账表头（至少需要“项目名称”列和另外"
        f"{MIN_FIELDS - 1}个可识别的列）(no recognisable ledger header)"
    )


def _table(sheet: Any, name: str, overrides: dict[str, str]) -> Table | None:
    declared = getattr(sheet, "max_row", None)
    if isinstance(declared, int) and declared > MAX_ROWS + HEADER_SCAN_ROWS:
        raise too_big(Path(name), f"工作表“{name}”有 {declared} 行")
    rows = bounded(sheet.iter_rows(values_only=True), name, 1)
    top: list[Row] = []
    for row in rows:
        top.append(row)
        if len(top) >= HEADER_SCAN_ROWS + sniff.SAMPLE_ROWS:  # header rows, then a sample
            break
    for at, row in enumerate(top[:HEADER_SCAN_ROWS]):
        columns = _columns(row, None, overrides)
        if not _is_header(columns):
            continue
        below = top[at + 1] if at + 1 < len(top) else None
        first_data = at + 1
        if below is not None and _is_subheader(columns, below):
            columns = _columns(row, below, overrides)
            first_data += 1
        _check_overrides(columns, overrides)
        pinned = {c.index for c in columns if _pinned(overrides, c)}
        columns = sniff.by_values(columns, top[first_data:], pinned)
        unit = _title_unit(top[: at + 1]) or "万元"
        rest = top[first_data:]
        return Table(name, columns, first_data + 1, _chain(rest, rows), unit)
    return None


def _chain(buffered: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from buffered
    yield from rest


def _is_header(columns: list[Column]) -> bool:
    fields = {c.field for c in columns if c.field and c.field != cols.IGNORE}
    return "name" in fields and len(fields) >= MIN_FIELDS


def _is_subheader(columns: list[Column], below: Row) -> bool:
    """The row under a header is a second header row when the name column is empty in it
    (merged down from the header) and it has text where a merged parent spans."""
    name_at = next(c.index for c in columns if c.field == "name")
    if name_at < len(below) and below[name_at] not in (None, ""):
        return False
    # A merged parent spans two or more sub-headers; one lone text is a section heading.
    texts = [v for v in below if v not in (None, "")]
    return len(texts) >= 2 and all(isinstance(v, str) for v in texts)


def _columns(row: Row, below: Row | None, overrides: dict[str, str]) -> list[Column]:
    out: list[Column] = []
    parent, parent_has_children = "", False
    width = max(len(row), len(below or ()))
    for i in range(width):
        top = _cell_text(row, i)
        sub = _cell_text(below, i) if below is not None else ""
        if top:
            parent, parent_has_children = top, bool(sub)
        elif parent_has_children and sub:
            top = parent  # inside a merged parent: it spans the sub-headers beside it
        else:
            parent, parent_has_children = "", False
        label = f"{top}·{sub}" if top and sub and top != sub else (top or sub)
        if not label:
            continue
        field = _override(overrides, cols.letter(i), label, top, sub) or _field(top, sub)
        unit = cols.unit_of(sub) or cols.unit_of(top)
        out.append(Column(i, cols.letter(i), label, field, unit))
    return out


def _field(top: str, sub: str) -> str | None:
    if not sub:
        return cols.match(top)
    # The two rows read together (年度投资 + 计划 -> 年度投资计划), or the sub-header alone.
    return cols.match(top + sub) or cols.match(sub) or cols.match(sub + top)


def _override(overrides: dict[str, str], letter: str, label: str, top: str, sub: str) -> str | None:
    for key in (letter, label, sub, top):
        if key and cols.normalise(key) in overrides:
            return overrides[cols.normalise(key)]
    return None


def _pinned(overrides: dict[str, str], column: Column) -> bool:
    parts = column.label.split("·")
    return _override(overrides, column.letter, column.label, parts[0], parts[-1]) is not None


def _check_overrides(columns: list[Column], overrides: dict[str, str]) -> None:
    known = {cols.normalise(k) for c in columns for k in (c.letter, c.label, *c.label.split("·"))}
    missing = [k for k in overrides if k not in known]
    if missing:
        raise UserError(
            f"映射中的列在表头中不存在 (mapped columns not in the header): {'、'.join(missing)}"
        )


def _cell_text(row: Row | None, i: int) -> str:
    if row is None or i >= len(row) or row[i] is None:
        return ""
    return " ".join(str(row[i]).split())


def _title_unit(rows: list[Row]) -> str | None:
    """单位：万元 / 金额单位：亿元 written in a title line or a cell beside the header."""
    for row in rows:
        for value in row:
            if isinstance(value, str) and "单位" in value:
                unit = cols.unit_of(value.split("单位", 1)[1])
                if unit:
                    return unit
    return None


def normalise_overrides(mapping: dict[str, str] | None) -> dict[str, str]:
    """User corrections {column letter or header text: field}, checked against known fields."""
    out: dict[str, str] = {}
    for key, field in (mapping or {}).items():
        field = field.strip()
        if field not in cols.FIELD_NAMES and field != cols.IGNORE:
            raise UserError(
                f"未知的字段“{field}” (unknown field); 可用: "
                f"{', '.join((*cols.FIELD_NAMES, cols.IGNORE))}"
            )
        key = cols.normalise(key)
        out[key.upper() if key.isascii() and key.isalpha() and len(key) <= 3 else key] = field
    return out
