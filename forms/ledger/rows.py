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
_UNSEEN = object()


@dataclass(frozen=True)
class Mapped:
    """A mapped column, its reader chosen once for the whole sheet, and what each distinct
    text of the column read as: a ledger repeats its districts, stages, leaders and month
    dates on thousands of rows. Errors are not kept; they raise again."""

    column: Column
    index: int
    field: str
    reader: Reader
    seen: dict[str, Any]


def readers(columns: list[Column], default_unit: str) -> list[Mapped]:
    """One reader per mapped column."""
    return [
        Mapped(column, column.index, column.field, _reader(column, default_unit), {})
        for column in columns
        if column.field not in (None, cols.IGNORE)
    ]


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


def read(number: int, row: tuple, mapped: list[Mapped], section_stage: str | None) -> SheetRow:
    fields: dict[str, Any] = {}
    errors: list[RowError] = []
    width = len(row)
    for m in mapped:
        raw = row[m.index] if m.index < width else None
        if raw is None:
            continue
        try:
            value = m.seen.get(raw, _UNSEEN) if raw.__class__ is str else _UNSEEN
            if value is _UNSEEN:
                value = m.reader(raw)
                if raw.__class__ is str:
                    m.seen[raw] = value
        except CellError as e:
            errors.append(RowError(number, m.column.label, raw, e.zh, e.en))
            continue
        if value is not None and m.field not in fields:
            fields[m.field] = value
    if "stage" not in fields and section_stage:
        fields["stage"] = section_stage
    if not fields.get("name") and not errors:
        name_label = next((m.column.label for m in mapped if m.field == "name"), "项目名称")
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
