"""Turning one sheet row into ledger fields, collecting every error with its row and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import columns as cols
from . import values
from .columns import Column
from .values import CellError


@dataclass(frozen=True)
class RowError:
    row: int  # sheet row number, as Excel shows it
    column: str  # header text
    value: Any
    zh: str
    en: str

    def line(self) -> str:
        shown = "（空）" if values.blank(self.value) else f"“{self.value}”"
        return f"第{self.row}行 {self.column} {shown} {self.zh} ({self.en})"


@dataclass
class SheetRow:
    row: int
    fields: dict[str, Any]  # only the cells that were filled
    errors: list[RowError] = field(default_factory=list)


Reader = Callable[[Any], Any]
_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]")


def readers(columns: list[Column], default_unit: str) -> list[tuple[Column, Reader]]:
    """One reader per mapped column, chosen once for the whole sheet."""
    out = []
    for column in columns:
        if column.field in (None, cols.IGNORE):
            continue
        out.append((column, _memo(_reader(column, default_unit))))
    return out


def _memo(reader: Reader) -> Reader:
    """Read each distinct text of a column once: a ledger repeats its districts, stages,
    leaders and month dates on thousands of rows. Errors are not kept; they raise again."""
    cache: dict[str, Any] = {}

    def read(value: Any) -> Any:
        if value.__class__ is not str:
            return reader(value)
        if value in cache:
            return cache[value]
        cache[value] = result = reader(value)
        return result

    return read


def _reader(column: Column, default_unit: str) -> Reader:
    f = column.field
    if f in cols.MONEY_FIELDS:
        unit = column.unit or default_unit
        return lambda v: values.money(v, unit)
    if f in cols.DATE_FIELDS:
        return values.date
    if f in cols.FLAG_FIELDS:
        header = cols.LABELS[f]
        return lambda v: values.flag(v, header)
    if f in cols.NUMBER_FIELDS:
        return values.number
    if f == "stage":
        return values.stage
    if f == "industry_chain":
        return values.industry_chain
    if f in ("leaders", "commissioners", "responsible_units"):
        return lambda v: values.names(v) or None
    return values.text


def read(
    number: int, row: tuple, mapped: list[tuple[Column, Reader]], section_stage: str | None
) -> SheetRow:
    fields: dict[str, Any] = {}
    errors: list[RowError] = []
    width = len(row)
    for column, reader in mapped:
        raw = row[column.index] if column.index < width else None
        if raw is None:
            continue
        try:
            value = reader(raw)
        except CellError as e:
            errors.append(RowError(number, column.label, raw, e.zh, e.en))
            continue
        if value is not None and column.field not in fields:
            fields[column.field] = value
    if "stage" not in fields and section_stage:
        fields["stage"] = section_stage
    if not fields.get("name") and not errors:
        name_label = next((c.label for c, _ in mapped if c.field == "name"), "项目名称")
        errors.append(RowError(number, name_label, None, "项目名称为空", "project name is empty"))
    return SheetRow(number, fields, errors)


def kind(row: tuple, name_index: int) -> str:
    """'blank', 'summary' (合计/小计), 'section' (一、加快建设项目) or 'data'."""
    name = row[name_index] if name_index < len(row) else None
    if values.is_summary(name) or any(values.is_summary(v) for v in row[:3]):
        return "summary"
    if not values.blank(name):
        if isinstance(name, str) and _HEADING.match(name.strip()) and _filled(row) == 1:
            return "section"
        return "data"
    count = _filled(row)
    if count == 0:
        return "blank"
    if count == 1 and any(isinstance(v, str) and not values.blank(v) for v in row):
        return "section"
    return "data"


def _filled(row: tuple) -> int:
    return sum(1 for v in row if not values.blank(v))
