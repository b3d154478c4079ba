"""Photos in the desktop: a 照片 tab on the project screen (every photo of the project; photos
added there belong to the project) and a 照片 section in the new-visit form.

A visit's photos are chosen while the visit is typed, but a photo is linked to a record that
exists: the files are imported into the visit once it is saved (on the worker, with progress),
so the form needs no id before saving and a cancelled visit leaves no photos behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import extensions
from desktop.i18n import QT_TR_NOOP, tr


def _project_gallery(ctx, project_id: str):
    from desktop.photo_gallery import PhotoGallery  # Pillow and the photo module: not at start

    return PhotoGallery(ctx.ws, ctx.ops, ("project", project_id), author_id=ctx.person_id)


class VisitPhotos(QWidget):
    """The photo files chosen for the visit being typed; imported into it when it is saved.
    The list is part of the draft, kept device-local (file paths mean nothing elsewhere)."""

    def __init__(self, ctx: Any, form: Any, choose_files: Any = None) -> None:
        super().__init__()
        self.ctx, self.form = ctx, form
        self.choose_files = choose_files
        self.imports: list[Any] = []  # running imports, kept alive until they finish
        self.files = QListWidget()
        self.files.setMaximumHeight(self.fontMetrics().height() * 6)
        self.add_button = QPushButton(tr("添加照片…"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_from_dialog)
        self.remove_button = QPushButton(tr("移除"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.hint = QLabel(tr("可将照片文件拖到此处；保存走访时导入，并核验拍摄时间和位置。"))
        self.hint.setStyleSheet("color: #5f6b7a;")
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.progress = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.files)
        layout.addWidget(self.hint)
        layout.addLayout(self.progress)
        self.setAcceptDrops(True)
        form.saved.connect(self._visit_saved)
        form.cancelled.connect(self.clear)
        self.files.model().rowsInserted.connect(self._keep)
        self.files.model().rowsRemoved.connect(self._keep)
        self._key = f"visit_draft_photos:{ctx.person_id or '-'}"

    def started(self, draft_restored: bool) -> None:
        """The form began a visit: the files of the restored draft come back, else none."""
        import json

        from forms import queries

        text = queries.local_value(self.ctx.reader, self._key) if draft_restored else None
        self.files.model().blockSignals(True)  # one write below, not one per row
        try:
            self.files.clear()
            try:
                self.add_paths([p for p in json.loads(text or "[]") if isinstance(p, str)])
            except ValueError:
                pass
        finally:
            self.files.model().blockSignals(False)
        self.files.reset()
        self._keep()

    def _keep(self, *_: Any) -> None:
        import json

        paths, key, ws = self.paths(), self._key, self.ctx.ws
        value = json.dumps(paths, ensure_ascii=False) if paths else None
        self.ctx.ops.run(lambda: ws.local_set(key, value))

    def paths(self) -> list[str]:
        return [
            self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.files.count())
        ]

    def add_paths(self, paths: list[str]) -> None:
        known = set(self.paths())
        for path in paths:
            if path and path not in known:
                item = QListWidgetItem(Path(path).name)
                item.setData(Qt.ItemDataRole.UserRole, path)
                item.setToolTip(path)
                self.files.addItem(item)
                known.add(path)

    def add_from_dialog(self) -> None:
        from desktop import photo_import

        choose = self.choose_files or photo_import.choose_files
        self.add_paths(choose(self))

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def clear(self) -> None:
        self.files.clear()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        from desktop import photo_import

        paths = photo_import.paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def _visit_saved(self, visit_id: str, _project_id: str) -> None:
        paths = self.paths()
        self.clear()
        if not paths:
            return
        from desktop.photo_import import PhotoImport

        job = PhotoImport(
            self.ctx.ws, self.ctx.ops, ("visit", visit_id), author_id=self.ctx.person_id
        )
        self.progress.addWidget(job)
        self.imports.append(job)
        job.finished.connect(lambda _results, j=job: self._finished(j))
        job.start(paths)

    def _finished(self, job: Any) -> None:
        if job in self.imports:
            self.imports.remove(job)
        job.hide()


extensions.project_panel(QT_TR_NOOP("照片"), _project_gallery)
extensions.visit_panel(QT_TR_NOOP("照片"), VisitPhotos)
