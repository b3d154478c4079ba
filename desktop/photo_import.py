"""Importing photos from the desktop: file dialog, dropped or pasted files, progress, cancel.

The batch runs through `Operations` (the workspace's one writer): `forms.photos.import_photos`
decodes on its own thread pool and writes each photo's rows on the worker. Progress comes back
through a queued signal; the UI thread only moves the bar. Cancel takes effect between photos.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.photos import import_photos, importer

from .i18n import QT_TR_NOOP, tr

FILE_FILTER = QT_TR_NOOP(
    "照片 (*.jpg *.jpeg *.png *.heic *.heif *.webp *.tif *.tiff *.JPG *.JPEG *.PNG *.HEIC *.HEIF *.WEBP *.TIF *.TIFF);;所有文件 (*)"
)
WORDS = {
    "added": QT_TR_NOOP("已添加"),
    "linked": QT_TR_NOOP("已关联（重复照片）"),
    "duplicate": QT_TR_NOOP("已在此处"),
    "refused": QT_TR_NOOP("未接收"),
    "cancelled": QT_TR_NOOP("已取消"),
}


def choose_files(parent: QWidget | None) -> list[str]:
    """The standard file dialog (tests replace it)."""
    names, _ = QFileDialog.getOpenFileNames(parent, tr("选择照片"), "", tr(FILE_FILTER))
    return names


def paths_from_mime(mime: QMimeData) -> list[str]:
    """Local files and folders from a drop or the clipboard."""
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


def png_from_mime(mime: QMimeData) -> bytes | None:
    """A pasted picture (a screenshot) as PNG bytes, when the clipboard holds no files."""
    if not mime.hasImage():
        return None
    image = QImage(mime.imageData())
    if image.isNull():
        return None
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class _Bridge(QObject):
    progress = Signal(int, int, object)  # done, total, Result — emitted on the worker


class PhotoImport(QWidget):
    """A progress bar with a cancel button that runs one batch at a time.

    `start(paths)` begins; `finished(results)` is emitted on the UI thread when it ends.
    """

    finished = Signal(list)

    def __init__(
        self,
        ws,
        ops,
        attach_to: tuple[str, str],
        *,
        author_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.ops, self.attach_to, self.author_id = ws, ops, attach_to, author_id
        self.results: list = []
        self._cancel = threading.Event()
        self._running = False
        self._bridge = _Bridge()
        self._bridge.progress.connect(self._on_progress)
        self.bar = QProgressBar()
        self.bar.setFormat("%v / %m")
        self.status = QLabel("")
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.hide()
        # Start the decoding processes now, on a plain thread, so the first batch does not
        # wait for them (a no-op once they run: the pool lives as long as the program).
        threading.Thread(target=importer.warm_up, name="photo-warm-up", daemon=True).start()

    @property
    def running(self) -> bool:
        return self._running

    def start(
        self,
        paths: list[str],
        pasted_png: bytes | None = None,
        captions: dict[str, str] | None = None,
    ) -> bool:
        """Import `paths` (and a pasted picture), each with its caption from `captions` (by
        path); False when a batch is already running."""
        if self._running or not (paths or pasted_png):
            return False
        self._running = True
        self._cancel.clear()
        self.results = []
        self.bar.setRange(0, 0)  # busy until the first photo reports the total
        self.status.setText(tr("正在导入照片…"))
        self.cancel_button.setEnabled(True)
        self.show()
        chosen = dict(captions or {})
        self.ops.run(
            lambda: self._work(list(paths), pasted_png, chosen), self._on_done, self._on_error
        )
        return True

    def cancel(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status.setText(tr("正在取消…（已完成的照片会保留）"))

    # -- on the worker ---------------------------------------------------------------------------

    def _work(
        self, paths: list[str], pasted_png: bytes | None, captions: dict[str, str] | None = None
    ) -> list:
        with tempfile.TemporaryDirectory(prefix="siteledger-paste-") as scratch:
            if pasted_png:
                pasted = Path(scratch) / "粘贴的图片.png"
                pasted.write_bytes(pasted_png)
                paths = [*paths, str(pasted)]
            results = import_photos(
                self.ws,
                paths,
                attach_to=self.attach_to,
                author_id=self.author_id,
                progress=self._bridge.progress.emit,
                cancelled=self._cancel.is_set,
                background=True,
            )
        # The caption typed beside a file in the form goes on the photo's link (one event
        # each), so the record, the gallery and the other devices show it.
        from forms.photos import store

        by_file = {str(Path(k).resolve()): v for k, v in (captions or {}).items()}
        for result in results:
            caption = by_file.get(str(Path(result.path).resolve()), "").strip()
            if caption and result.link_id:
                store.set_caption(self.ws, result.link_id, caption, author_id=self.author_id)
        return results

    # -- on the UI thread ------------------------------------------------------------------------

    def _on_progress(self, done: int, total: int, result) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.status.setText(
            f"{result.path.name}：{tr(WORDS[result.status])}"
            + (f"（{result.reason}）" if result.reason else "")
        )

    def _on_done(self, results: list) -> None:
        self._running = False
        self.results = results
        counts = {k: sum(r.status == k for r in results) for k in WORDS}
        self.status.setText(
            tr(
                "添加 {added} 张，关联重复 {linked} 张，已在此处 {duplicate} 张，未接收 {refused} 张",
                **counts,
            )
            + (tr("，取消 {n} 张", n=counts["cancelled"]) if counts["cancelled"] else "")
        )
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, max(1, len(results)))
        self.bar.setValue(len(results) - counts["cancelled"])
        self.finished.emit(results)

    def _on_error(self, error: BaseException) -> None:
        self._running = False
        self.cancel_button.setEnabled(False)
        self.status.setText(tr("无法导入：{error}", error=error))
        self.finished.emit([])


def refused_lines(results: list) -> list[str]:
    return [f"{r.path.name}：{r.reason}" for r in results if r.status == "refused"]


Chooser = Callable[[QWidget | None], list[str]]
