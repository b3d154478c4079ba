"""Photos in the desktop: a 照片 tab on the project screen (every photo of the project; photos
added there belong to the project) and a 照片 section in the new-visit form.

A visit's photos are chosen while the visit is typed, but a photo is linked to a record that
exists: the files are imported into the visit once it is saved (on the worker, with progress),
so the form needs no id before saving and a cancelled visit leaves no photos behind.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop import extensions
from desktop.i18n import QT_TR_NOOP, tr


def _project_gallery(ctx, project_id: str):
    from desktop.photo_gallery import PhotoGallery  # Pillow and the photo module: not at start

    return PhotoGallery(ctx.ws, ctx.ops, ("project", project_id), author_id=ctx.person_id)


class VisitPhotos(QWidget):
    """The photo files chosen for the visit being typed, each with its caption; imported into
    the visit when it is saved. The list is part of the draft, kept device-local (file paths
    mean nothing elsewhere)."""

    def __init__(self, ctx: Any, form: Any, choose_files: Any = None) -> None:
        from desktop.photo_files import PhotoFiles

        super().__init__()
        self.ctx, self.form = ctx, form
        self.imports: list[Any] = []  # running imports, kept alive until they finish
        self.chosen = PhotoFiles(choose_files)
        # The parts tests and callers reach: the list and its buttons.
        self.files, self.add_button = self.chosen.files, self.chosen.add_button
        self.remove_button = self.chosen.remove_button
        self.hint = QLabel(tr("可将照片文件拖到此处；保存走访时导入，并核验拍摄时间和位置。"))
        self.hint.setStyleSheet("color: #5f6b7a;")
        self.hint.setWordWrap(True)
        self.progress = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chosen)
        layout.addWidget(self.hint)
        layout.addLayout(self.progress)
        form.saved.connect(self._visit_saved)
        form.cancelled.connect(self.clear)
        self.chosen.changed.connect(self._keep)
        self._key = f"visit_draft_photos:{ctx.person_id or '-'}"

    @property
    def choose_files(self) -> Any:
        return self.chosen.choose_files

    @choose_files.setter
    def choose_files(self, value: Any) -> None:
        self.chosen.choose_files = value

    def started(self, draft_restored: bool) -> None:
        """The form began a visit: the files of the restored draft come back, else none."""
        import json

        from forms.store import local as local_store

        text = local_store.value(self.ctx.reader, self._key) if draft_restored else None
        self.chosen.blockSignals(True)  # one write below, not one per row
        try:
            try:
                entries = json.loads(text or "[]")
            except ValueError:
                entries = []
            self.chosen.set_entries(entries if isinstance(entries, list) else [])
        finally:
            self.chosen.blockSignals(False)
        self._keep()

    def _keep(self, *_: Any) -> None:
        import json

        entries, key, ws = self.chosen.entries(), self._key, self.ctx.ws
        value = json.dumps(entries, ensure_ascii=False) if entries else None
        self.ctx.ops.run(lambda: ws.local_set(key, value))

    def paths(self) -> list[str]:
        return self.chosen.paths()

    def add_paths(self, paths: list[str]) -> None:
        self.chosen.add_paths(paths)

    def add_from_dialog(self) -> None:
        self.chosen.add_from_dialog()

    def remove_selected(self) -> None:
        self.chosen.remove_selected()

    def clear(self) -> None:
        self.chosen.clear()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        self.chosen.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        self.chosen.dropEvent(event)

    def _visit_saved(self, visit_id: str, _project_id: str) -> None:
        from desktop.photo_files import import_into

        job = import_into(self.ctx, self.chosen, ("visit", visit_id), self.progress)
        if job is not None:
            self.imports.append(job)
            job.finished.connect(lambda _results, j=job: self._finished(j))

    def _finished(self, job: Any) -> None:
        if job in self.imports:
            self.imports.remove(job)
        job.hide()


extensions.project_panel(QT_TR_NOOP("照片"), _project_gallery)
extensions.visit_panel(QT_TR_NOOP("照片"), VisitPhotos)
