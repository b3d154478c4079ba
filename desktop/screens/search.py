"""全局搜索 (Ctrl+K): one box that finds projects, problems, notices by 文号, people and
units. Enter or a double-click opens a project or a problem; a person or a unit shows its
projects in the same list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from forms.store import search

from ..context import AppContext
from ..dialogs import fit_to_screen
from ..i18n import QT_TR_NOOP, tr

KIND = {
    "project": QT_TR_NOOP("项目"),
    "problem": QT_TR_NOOP("问题"),
    "notice": QT_TR_NOOP("督办通知"),
    "person": QT_TR_NOOP("人员"),
    "unit": QT_TR_NOOP("单位"),
}
TYPING_PAUSE_MS = 150


class GlobalSearch(QDialog):
    open_project = Signal(str)
    open_problem = Signal(str)

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("全局搜索"))
        fit_to_screen(self, 640, 440)
        self.box = QLineEdit(
            placeholderText=tr("项目、问题、文号、人员、单位"), clearButtonEnabled=True
        )
        self.results = QListWidget()
        self.note = QLabel()
        self.note.setStyleSheet("color: #5f6b7a;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._open_first)
        self.results.itemActivated.connect(self.open_hit)

    def run(self) -> None:
        text = self.box.text()
        self.show_hits(search.everything(self.ctx.reader_connection, text), text)

    def show_hits(self, hits: list[dict[str, Any]], about: str) -> None:
        self.results.clear()
        for hit in hits:
            label = f"[{tr(KIND[hit['kind']])}]  {hit['title']}"
            if hit.get("detail"):
                label += f"  —  {hit['detail']}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        self.note.setText(
            tr("“{words}”：{n} 个结果", words=about, n=len(hits)) if about.strip() else ""
        )

    def _open_first(self) -> None:
        self._timer.stop()
        self.run()
        item = self.results.currentItem()
        if item is not None:
            self.open_hit(item)

    def open_hit(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        kind = hit["kind"]
        if kind == "project":
            self.open_project.emit(hit["id"])
            self.accept()
        elif kind == "problem":
            self.open_problem.emit(hit["id"])
            self.accept()
        elif kind in ("person", "unit"):
            rows = search.projects_of(self.ctx.reader_connection, kind, hit["id"])
            self.show_hits(rows, hit["title"])
        elif kind == "notice":
            self.note.setText(tr("督办通知 {number}", number=hit["title"]))
