"""A small read-only table of dict rows with declared columns, for lists of tens or hundreds
(my projects, history, milestones). Big tables have their own lazy models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ..i18n import tr

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ROOT = QModelIndex()  # the default parent: tables have no children


class ColumnsModel(QAbstractTableModel):
    """A flat table whose columns each have a `.title`: the count and header parts every table
    model here shares. Subclasses set `columns` and give `row_count()`."""

    columns: Any = ()

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return tr(self.columns[section].title)
        return None


@dataclass(frozen=True)
class Column:
    title: str  # Chinese label, translated when shown
    value: Callable[[dict[str, Any]], Any]
    numeric: bool = False
    width: int = 0  # a starting width in pixels at 100 %
    colour: Callable[[dict[str, Any]], str | None] | None = None  # text colour


class RowsModel(ColumnsModel):
    """Rows are dicts; a row with a "_group" key is a heading spanning the table (bold)."""

    def __init__(self, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []
        self.background: Callable[[dict[str, Any]], str | None] | None = None

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row(self, index: Index) -> dict[str, Any] | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index)
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        group = row.get("_group")
        if role == Qt.ItemDataRole.DisplayRole:
            if group is not None:
                return group if index.column() == 0 else None
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and group is None:
            value = column.value(row)
            return str(value) if value not in (None, "") else None
        if role == Qt.ItemDataRole.FontRole and group is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and group is None:
            return int(RIGHT if column.numeric else LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour and group is None:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if group is not None:
                return QBrush(QColor("#e8eef6"))
            colour = self.background(row) if self.background else None
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.UserRole:
            return row.get("id")
        return None
