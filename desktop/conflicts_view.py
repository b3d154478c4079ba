"""冲突列表: ledger fields two people changed, for the office to keep or choose the other value.

The list is computed by `sync.conflicts` on the worker; choosing writes a new change there too.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import QT_TR_NOOP, tr
from desktop.worker import Operations
from forms.workspace import Workspace
from sync import conflicts
from sync.conflicts import Conflict

HEADERS = (
    QT_TR_NOOP("记录"),
    QT_TR_NOOP("字段"),
    QT_TR_NOOP("现采用的值"),
    QT_TR_NOOP("修改人 / 时间"),
    QT_TR_NOOP("另一个值"),
    QT_TR_NOOP("修改人 / 时间"),
)


class ConflictsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Conflict] = []

    def set_rows(self, rows: list[Conflict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(HEADERS):
            return tr(HEADERS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        c = self.rows[index.row()]
        if role == Qt.ToolTipRole:
            return c.describe()
        other = c.others[-1]
        return (
            f"{tr(conflicts.ENTITY_LABELS.get(c.entity, c.entity))}「{c.record}」",
            tr(c.field_label),
            conflicts.show(c.applied.value, c.field),
            f"{c.applied.author}　{c.applied.when}",
            conflicts.show(other.value, c.field),
            f"{other.author}　{other.when}",
        )[index.column()]


class ConflictsView(QWidget):
    changed = Signal()  # after the office kept or chose a value

    def __init__(
        self,
        ws: Workspace,
        operations: Operations,
        *,
        author_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.operations = operations
        self.author_id = author_id
        self.model = ConflictsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().hide()
        self.note = QLabel(
            tr("两人修改了同一台账字段时，系统按时间采用较晚的值，另一值保留在此供核对。"), self
        )
        self.note.setWordWrap(True)
        self.choose_button = QPushButton(tr("改用另一个值"), self)
        self.keep_button = QPushButton(tr("保留现值"), self)
        self.choose_button.clicked.connect(self.choose_other)
        self.keep_button.clicked.connect(self.keep_applied)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        self.operations.run(lambda: conflicts.find(self.ws), self._loaded)

    def _loaded(self, rows: list[Conflict]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def selected(self) -> Conflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def choose_other(self) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        other = conflict.others[-1]
        self.operations.run(
            lambda: conflicts.choose(self.ws, conflict, other, author_id=self.author_id),
            self._after,
        )

    def keep_applied(self) -> None:
        conflict = self.selected()
        if conflict is not None:
            self.operations.run(lambda: conflicts.keep(self.ws, conflict), self._after)

    def _after(self, _result) -> None:
        self.changed.emit()
        self.reload()

    def _update_buttons(self, *_args) -> None:
        has = self.selected() is not None
        self.choose_button.setEnabled(has)
        self.keep_button.setEnabled(has)
