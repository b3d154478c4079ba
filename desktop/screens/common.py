"""What the screens share: a base that refreshes on change while visible (else when next
shown), and table views set up the same way with remembered column widths."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from ..context import AppContext


class Screen(QWidget):
    """A screen refreshes itself when entities it shows change (`watches`)."""

    watches: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.changes.changed.connect(self._on_changed)

    def _on_changed(self, entities: set[str], _origin: str) -> None:
        if not self.watches & entities:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload what the screen shows; subclasses call super().refresh() first."""
        self._stale = False


def table(
    ctx: AppContext,
    name: str,
    model: QAbstractItemModel,
    widths: Iterable[int],
    parent: QWidget | None = None,
) -> QTableView:
    """A read-only row-selecting table whose column widths are remembered under `name`."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    # Fixed row heights: the view then never measures 20,000 rows.
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    scale = view.fontMetrics().height() / 17  # widths are given for a 17 px line (100 %)
    saved = ctx.settings.column_widths(name)
    for column, width in enumerate(widths):
        chosen = saved[column] if column < len(saved) else int(width * scale)
        if chosen:
            view.setColumnWidth(column, chosen)
    header.sectionResized.connect(
        lambda *_: ctx.settings.set_column_widths(
            name, [view.columnWidth(c) for c in range(model.columnCount())]
        )
    )
    return view


def heading(text: str, size: float = 1.35) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(True)
    label.setFont(font)
    return label


def muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #5f6b7a;")
    label.setWordWrap(True)
    return label
