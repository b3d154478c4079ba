"""The ledger table: row positions into the in-memory `LedgerIndex`, filtered and sorted there.

The model holds only the list of positions that match; a cell's text is made when the view
asks for it, so 20,000 projects cost one list per keystroke, not 20,000 items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from forms.ledger_search import LedgerFilter, LedgerIndex

from .. import display, i18n
from ..i18n import QT_TR_NOOP, tr
from .rows import LEFT, RIGHT, ColumnsModel, Index


@dataclass(frozen=True)
class LedgerColumn:
    key: str  # a column of `forms.store.projects.LEDGER_COLUMNS`, also the sort key
    title: str
    width: int
    numeric: bool = False


COLUMNS = (
    LedgerColumn("code", QT_TR_NOOP("编号"), 110),
    LedgerColumn("name", QT_TR_NOOP("项目名称"), 300),
    LedgerColumn("enterprise", QT_TR_NOOP("企业"), 220),
    LedgerColumn("district_name", QT_TR_NOOP("区县/园区"), 150),
    LedgerColumn("stage", QT_TR_NOOP("阶段"), 90),
    LedgerColumn("industry_chain", QT_TR_NOOP("产业链"), 100),
    LedgerColumn("total_investment", QT_TR_NOOP("总投资(万元)"), 110, numeric=True),
    LedgerColumn("cumulative_investment", QT_TR_NOOP("累计完成(万元)"), 115, numeric=True),
    LedgerColumn("province_key", QT_TR_NOOP("重点"), 90),
    LedgerColumn("open_problems", QT_TR_NOOP("未办结"), 70, numeric=True),
)


_DISPLAY, _TIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_ALIGN, _USER = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.UserRole)
_ANSWERED = frozenset({_DISPLAY, _TIP, _ALIGN, _USER})
_RIGHT, _LEFT = int(RIGHT), int(LEFT)


class LedgerModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.index_ = LedgerIndex([])
        self.positions: list[int] = []
        self.filter = LedgerFilter()
        self.sort_key: tuple[str, bool] | None = None

    def set_index(self, index: LedgerIndex) -> None:
        self.index_ = index
        self.refilter()

    def set_filter(self, f: LedgerFilter) -> None:
        self.filter = f
        self.refilter()

    def refilter(self) -> None:
        positions = self.index_.filter(self.filter)
        if self.sort_key:
            positions = self.index_.sort(positions, *self.sort_key)
        self.beginResetModel()
        self.positions = positions
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = (COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        self.positions = self.index_.sort(self.positions, *self.sort_key)
        self.layoutChanged.emit()

    def project_id(self, row: int) -> str | None:
        if 0 <= row < len(self.positions):
            return self.index_.value(self.positions[row], "id")
        return None

    def row_count(self) -> int:
        return len(self.positions)

    def shown_ids(self) -> list[str]:
        """The project ids the table shows, in its order (the filter and the sort)."""
        return [self.index_.value(p, "id") for p in self.positions]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks ~8 roles of every visible cell on each repaint; the ones this model
        # does not answer return at once (a keystroke repaints the whole table).
        if role not in _ANSWERED:
            return None
        row = index.row()
        if not 0 <= row < len(self.positions):
            return None
        column = COLUMNS[index.column()]
        if role == _ALIGN:
            return _RIGHT if column.numeric else _LEFT
        position = self.positions[row]
        if role == _USER:
            return self.index_.value(position, "id")
        return self._text(position, column.key)

    def _text(self, position: int, key: str) -> str:
        value = self.index_.value(position, key)
        if key == "stage":
            return i18n.code("stage", value)
        if key == "industry_chain":
            return i18n.code("industry_chain", value)
        if key in ("total_investment", "cumulative_investment"):
            return display.wan(value)
        if key == "province_key":
            flags = [tr("省重大")] if value else []
            if self.index_.value(position, "city_key"):
                flags.append(tr("市重点"))
            return "、".join(flags)
        if key == "open_problems":
            return str(value) if value else ""
        if key == "district_name":
            park = self.index_.value(position, "park")
            return value if not park or park == value else f"{value}·{park}"
        return "" if value is None else str(value)
