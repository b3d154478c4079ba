"""Photo files chosen for a record that is still being typed (a visit, a problem block of the
visit form), each with its caption: imported into the record once it is saved, so the form
needs no id before saving and a cancelled form leaves no photos behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .i18n import QT_TR_NOOP, tr

CAPTION = Qt.ItemDataRole.UserRole + 1


class PhotoFiles(QWidget):
    """The files with their captions; `changed` whenever either changes (for the draft)."""

    changed = Signal()

    def __init__(
        self,
        choose_files: Any = None,
        rows: int = 6,
        hint: str = QT_TR_NOOP("所选照片的说明（打印在检查记录中）"),
    ) -> None:
        super().__init__()
        self.choose_files = choose_files
        self.files = QListWidget()
        self.files.setMaximumHeight(self.fontMetrics().height() * rows)
        self.add_button = QPushButton(tr("添加照片…"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_from_dialog)
        self.remove_button = QPushButton(tr("移除"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(tr(hint))
        self.caption.setEnabled(False)
        self.caption.textEdited.connect(self._caption_typed)
        self.files.currentItemChanged.connect(self._show_caption)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.files)
        self.setAcceptDrops(True)
        self.files.model().rowsInserted.connect(lambda *_: self.changed.emit())
        self.files.model().rowsRemoved.connect(lambda *_: self.changed.emit())

    # -- the entries -------------------------------------------------------------------------

    def entries(self) -> list[dict[str, str]]:
        """[{"path", "caption"}] in the order chosen."""
        out = []
        for i in range(self.files.count()):
            item = self.files.item(i)
            out.append(
                {"path": item.data(Qt.ItemDataRole.UserRole), "caption": item.data(CAPTION) or ""}
            )
        return out

    def paths(self) -> list[str]:
        return [e["path"] for e in self.entries()]

    def captions(self) -> dict[str, str]:
        return {e["path"]: e["caption"] for e in self.entries() if e["caption"]}

    def set_entries(self, entries: list[Any]) -> None:
        """Entries as `entries()` gives them; a bare path (an older draft) has no caption."""
        self.files.clear()
        for entry in entries:
            if isinstance(entry, str):
                self.add_paths([entry])
            elif isinstance(entry, dict) and isinstance(entry.get("path"), str):
                self.add_paths([entry["path"]], str(entry.get("caption") or ""))

    def add_paths(self, paths: list[str], caption: str = "") -> None:
        known = set(self.paths())
        for path in paths:
            if path and path not in known:
                item = QListWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, path)
                item.setData(CAPTION, caption)
                item.setToolTip(path)
                self._label(item)
                self.files.addItem(item)
                known.add(path)

    def set_caption(self, row: int, caption: str) -> None:
        item = self.files.item(row)
        if item is not None:
            item.setData(CAPTION, caption.strip())
            self._label(item)
            self.changed.emit()

    def clear(self) -> None:
        self.files.clear()

    # -- editing -----------------------------------------------------------------------------

    def _label(self, item: QListWidgetItem) -> None:
        name = Path(item.data(Qt.ItemDataRole.UserRole)).name
        caption = item.data(CAPTION)
        item.setText(f"{name}　{caption}" if caption else name)

    def _show_caption(self, current: QListWidgetItem | None, _previous: Any = None) -> None:
        self.caption.setEnabled(current is not None)
        self.caption.setText(current.data(CAPTION) or "" if current else "")

    def _caption_typed(self, text: str) -> None:
        self.set_caption(self.files.currentRow(), text)

    def add_from_dialog(self) -> None:
        from . import photo_import

        choose = self.choose_files or photo_import.choose_files
        self.add_paths(choose(self))

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        from . import photo_import

        paths = photo_import.paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)


def import_into(ctx: Any, files: PhotoFiles, target: tuple[str, str], place: Any) -> Any:
    """Start importing the chosen files (with their captions) into `target`; the progress
    shows in the layout `place`. The job, or None when there was nothing to import."""
    paths, captions = files.paths(), files.captions()
    files.clear()
    if not paths:
        return None
    from .photo_import import PhotoImport

    job = PhotoImport(ctx.ws, ctx.ops, target, author_id=ctx.person_id)
    place.addWidget(job)
    job.finished.connect(lambda _results: job.hide())
    job.start(paths, captions=captions)
    return job
