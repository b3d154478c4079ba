"""The photo gallery of a visit, a problem or a project: thumbnails, full view, caption, remove.

Wiring: ``PhotoGallery(ws, ops, attach_to=("visit", visit_id), author_id=person_id)`` is a
self-contained widget; put it in the visit, problem or project view. It listens to the
workspace and refreshes itself; queries and writes go through `ops` (the one writer), image
files are read on a loader thread, so the UI thread never waits on the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.errors import UserError
from forms.photos import FLAG_LABELS, files, photo_path, store, thumbnail
from forms.photos.plausibility import WARNINGS

from . import display, photo_import
from .dialogs import fit_to_screen
from .i18n import QT_TR_NOOP, tr

THUMB = 160
LinkIdRole = Qt.ItemDataRole.UserRole + 1
FlagsRole = Qt.ItemDataRole.UserRole + 2
RowRole = Qt.ItemDataRole.UserRole + 3
PHOTO_ENTITIES = {"photo", "photo_link", "photo_link_event"}


class ImageLoader(QObject):
    """Reads image files on its own thread; `loaded(key, QImage)` arrives on the UI thread."""

    loaded = Signal(object, QImage)

    def __init__(self, parent: QObject | None = None, key: bytes | None = None) -> None:
        super().__init__(parent)
        self.key = key  # an encrypted workspace's photo key: files are sealed on disk
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photo-loader")

    def request(self, key: Any, path: Path | Callable[[], Path]) -> None:
        """Load `path`; a callable is called on the loader thread first to give the path (it may
        make the file, e.g. a thumbnail from the working copy)."""
        self._pool.submit(self._load, key, path)

    def _load(self, key: Any, path: Path | Callable[[], Path]) -> None:
        if callable(path):
            try:
                path = path()
            except Exception:  # a file that cannot be made shows as not arrived
                self.loaded.emit(key, QImage())
                return
        # QImage (not QPixmap) is safe off the UI thread.
        if self.key is None:
            image = QImage(str(path))
        else:
            try:
                image = QImage.fromData(files.read_plain(path, self.key))
            except (OSError, UserError):
                image = QImage()
        self.loaded.emit(key, image)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def flag_text(flags: list[str]) -> str:
    return "、".join(tr(FLAG_LABELS.get(f, f)) for f in flags if f in WARNINGS)


def time_text(taken_at: str | None) -> str:
    if not taken_at:
        return tr("无拍摄时间")
    return display.datetime(taken_at)


class PhotoListModel(QAbstractListModel):
    """Rows are the live links of one target (dicts from `store.links`); thumbnails load lazily."""

    def __init__(self, ws, loader: ImageLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws, self.loader = ws, loader
        self.rows: list[dict[str, Any]] = []
        self._icons: dict[str, QIcon] = {}
        self._asked: set[str] = set()
        self._absent: set[str] = set()  # files not here when asked: asked again on refresh
        self._placeholder: QIcon | None = None
        loader.loaded.connect(self._on_loaded)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        for sha in self._absent:  # the file may have arrived by sync since
            self._icons.pop(sha, None)
            self._asked.discard(sha)
        self._absent.clear()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = row["caption"] or time_text(row["taken_at"])
            warnings = [tr(FLAG_LABELS[f]) for f in row["flags"] if f in WARNINGS]
            return (
                f"{text}\n⚠ {warnings[0]}" + ("…" if len(warnings) > 1 else "")
                if warnings
                else text
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [row["original_name"] or "", time_text(row["taken_at"])]
            if warnings := flag_text(row["flags"]):
                lines.append("⚠ " + warnings)
            return "\n".join(line for line in lines if line)
        if role == LinkIdRole:
            return row["link_id"]
        if role == FlagsRole:
            return row["flags"]
        if role == RowRole:
            return row
        return None

    def _icon(self, row: dict[str, Any]) -> QIcon | None:
        sha = row["photo_id"]
        if sha in self._icons:
            return self._icons[sha]
        if sha not in self._asked:
            self._asked.add(sha)
            # Made from the working copy on the loader thread if missing (arrived by sync).
            ws = self.ws
            self.loader.request(("thumb", sha), lambda: thumbnail(ws, sha))
        if self._placeholder is None:
            self._placeholder = _placeholder()
        return self._placeholder

    def _on_loaded(self, key: Any, image: QImage) -> None:
        kind, sha = key
        if kind != "thumb":
            return
        if image.isNull():
            self._absent.add(sha)
        self._icons[sha] = QIcon(_tile(image))
        for i, row in enumerate(self.rows):
            if row["photo_id"] == sha:
                index = self.index(i)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def _placeholder() -> QIcon:
    """A plain tile while the thumbnail loads, so the grid's item size never changes."""
    # Not cached at module level: a pixmap outliving the QApplication crashes at exit.
    tile = QPixmap(THUMB, THUMB)
    tile.fill(QColor("#eeeeee"))
    return QIcon(tile)


def _tile(image: QImage) -> QPixmap:
    """The thumbnail centred on a square tile (a grey tile when the file is not here yet)."""
    tile = QPixmap(THUMB, THUMB)
    tile.fill(QColor("#e8e8e8"))
    painter = QPainter(tile)
    if not image.isNull():
        scaled = image.scaled(
            THUMB,
            THUMB,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawImage((THUMB - scaled.width()) // 2, (THUMB - scaled.height()) // 2, scaled)
    else:
        painter.setPen(QColor("#888888"))
        painter.drawText(tile.rect(), Qt.AlignmentFlag.AlignCenter, tr("照片未到达"))
    painter.end()
    return tile


class FlagDelegateView(QListView):
    """The thumbnail grid; a photo with a warning flag gets an orange mark in its corner."""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().paintEvent(event)
        model = self.model()
        if model is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i in range(model.rowCount()):
            index = model.index(i, 0)
            flags = model.data(index, FlagsRole) or []
            if not any(f in WARNINGS for f in flags):
                continue
            rect = self.visualRect(index)
            if not rect.intersects(event.rect()):
                continue
            icon_left = rect.left() + (rect.width() - THUMB) // 2
            badge = rect.adjusted(0, 0, 0, 0)
            badge.setRect(icon_left + THUMB - 26, rect.top() + 6, 22, 22)
            painter.setBrush(QColor("#f07800"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(badge)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "!")
        painter.end()


class PhotoViewer(QDialog):
    """One photo, full size, with zoom (wheel, + / −, fit, 100 %) and the others of the same
    gallery one key away: ← / → (or 上一张 / 下一张), Esc closes."""

    def __init__(
        self,
        ws,
        row: dict[str, Any],
        loader: ImageLoader,
        parent: QWidget | None = None,
        rows: list[dict[str, Any]] | None = None,
        at: int = 0,
    ) -> None:
        super().__init__(parent)
        self.ws, self.loader = ws, loader
        self.rows = rows or [row]
        self.at = at if 0 <= at < len(self.rows) else 0
        fit_to_screen(self, 1000, 760)
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = QGraphicsView(self.scene)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view.wheelEvent = self._wheel  # zoom instead of scroll
        self.zoom = 1.0
        buttons = QHBoxLayout()
        self.previous_button = QPushButton(tr("◀ 上一张"))
        self.previous_button.clicked.connect(lambda: self.step(-1))
        buttons.addWidget(self.previous_button)
        self.next_button = QPushButton(tr("下一张 ▶"))
        self.next_button.clicked.connect(lambda: self.step(1))
        buttons.addWidget(self.next_button)
        self.position = QLabel()
        buttons.addWidget(self.position)
        for text, slot in (
            (QT_TR_NOOP("放大"), lambda: self.zoom_by(1.25)),
            (QT_TR_NOOP("缩小"), lambda: self.zoom_by(0.8)),
            (QT_TR_NOOP("适应窗口"), self.fit),
            (QT_TR_NOOP("原始大小"), self.actual_size),
        ):
            button = QPushButton(tr(text))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        self.info = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.zoom_by(1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.zoom_by(0.8))
        for key, step in (("Left", -1), ("PgUp", -1), ("Right", 1), ("PgDown", 1)):
            QShortcut(QKeySequence(key), self, lambda s=step: self.step(s))
        loader.loaded.connect(self._on_loaded)
        self.show_photo(self.at)

    def show_photo(self, at: int) -> None:
        self.at = at
        row = self.rows[at]
        self.setWindowTitle(row["caption"] or row["original_name"] or tr("照片"))
        info = [time_text(row["taken_at"])]
        if row.get("latitude") is not None:
            info.append(
                tr(
                    "北纬 {lat}° 东经 {lon}°",
                    lat=f"{row['latitude']:.5f}",
                    lon=f"{row['longitude']:.5f}",
                )
            )
        if row.get("distance_m") is not None:
            info.append(tr("距项目 {m} 米", m=f"{row['distance_m']:.0f}"))
        if warnings := flag_text(row["flags"]):
            info.append("⚠ " + warnings)
        self.info.setText("　".join(info))
        self.position.setText(f"{at + 1} / {len(self.rows)}")
        self.previous_button.setEnabled(at > 0)
        self.next_button.setEnabled(at < len(self.rows) - 1)
        self.item.setPixmap(QPixmap())
        self._key = ("full", row["link_id"])
        self.loader.request(self._key, photo_path(self.ws, row["photo_id"], "working"))

    def step(self, by: int) -> None:
        at = self.at + by
        if 0 <= at < len(self.rows):
            self.show_photo(at)

    def _on_loaded(self, key: Any, image: QImage) -> None:
        if key != self._key:
            return
        if image.isNull():
            self.info.setText(tr("照片文件尚未到达本机"))
            return
        self.item.setPixmap(QPixmap.fromImage(image))
        self.scene.setSceneRect(self.item.boundingRect())
        self.fit()

    def zoom_by(self, factor: float) -> None:
        factor = max(0.05, min(8.0, self.zoom * factor)) / self.zoom
        self.zoom *= factor
        self.view.scale(factor, factor)

    def fit(self) -> None:
        if self.item.pixmap().isNull():
            return
        self.view.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom = self.view.transform().m11()

    def actual_size(self) -> None:
        self.view.resetTransform()
        self.zoom = 1.0

    def _wheel(self, event) -> None:
        self.zoom_by(1.25 if event.angleDelta().y() > 0 else 0.8)


def ask_remove(parent: QWidget, count: int) -> bool:
    answer = QMessageBox.question(
        parent,
        tr("移除照片"),
        tr("从此处移除 {n} 张照片？\n移除会记录在案，照片文件不会删除。", n=count),
    )
    return answer == QMessageBox.StandardButton.Yes


class _Changes(QObject):
    changed = Signal()  # emitted on whichever thread committed; delivered on the UI thread


class PhotoGallery(QWidget):
    """Thumbnails of a visit's, problem's or project's photos, with import, caption and remove."""

    def __init__(
        self,
        ws,
        ops,
        attach_to: tuple[str, str],
        *,
        author_id: str | None = None,
        parent: QWidget | None = None,
        choose_files=photo_import.choose_files,
        confirm=ask_remove,
    ) -> None:
        super().__init__(parent)
        self.ws, self.ops, self.attach_to, self.author_id = ws, ops, attach_to, author_id
        self.choose_files, self.confirm = choose_files, confirm
        self.viewers: list[PhotoViewer] = []
        self.loader = ImageLoader(self, ws.photo_key)
        self.model = PhotoListModel(ws, self.loader, self)
        self.view = FlagDelegateView()
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(THUMB, THUMB))
        self.view.setGridSize(QSize(THUMB + 28, THUMB + 52))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setWordWrap(True)
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.view.setModel(self.model)
        self.view.activated.connect(self.open_viewer)
        self.view.selectionModel().currentChanged.connect(self._show_caption)
        self.importer = photo_import.PhotoImport(ws, ops, attach_to, author_id=author_id)
        self.importer.finished.connect(lambda _results: self.refresh())
        self.add_button = QPushButton(tr("添加照片…"))
        self.add_button.clicked.connect(self.add_from_dialog)
        self.remove_button = QPushButton(tr("移除"))
        self.remove_button.clicked.connect(self.remove_selected)
        # Undo of the last removal (Ctrl+Z): the one edit here that can be taken back safely.
        self.removed: list[dict[str, Any]] = []
        self.undo_button = QPushButton(tr("撤销移除"))
        self.undo_button.clicked.connect(self.undo_remove)
        self.undo_button.hide()
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(tr("照片说明（回车保存）"))
        self.caption.returnPressed.connect(self.save_caption)
        self.count_label = QLabel()
        self.hint = QLabel(tr("可将照片文件或文件夹拖到此处，或按 Ctrl+V 粘贴"))
        self.hint.setStyleSheet("color: #777")
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        top.addWidget(self.undo_button)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.importer)
        self.setAcceptDrops(True)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.remove_selected)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_remove)
        self._changes = _Changes()
        self._changes.changed.connect(self._schedule_refresh, Qt.ConnectionType.QueuedConnection)
        self._refresh_pending = False
        ws.subscribe(self._on_workspace_change)
        self.destroyed.connect(lambda: self._detach())
        self.refresh()

    # -- data ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        kind, target_id = self.attach_to
        self.ops.run(lambda: store.links(self.ws, kind, target_id), self._on_rows)

    def _on_rows(self, rows: list[dict[str, Any]]) -> None:
        current = self.view.currentIndex().data(LinkIdRole)
        self.model.set_rows(rows)
        warned = sum(any(f in WARNINGS for f in r["flags"]) for r in rows)
        self.count_label.setText(
            tr("共 {n} 张", n=len(rows)) + (tr("，{n} 张需核验", n=warned) if warned else "")
        )
        for i, row in enumerate(rows):
            if row["link_id"] == current:
                self.view.setCurrentIndex(self.model.index(i))

    def _on_workspace_change(self, changes: list[dict], _origin: str) -> None:
        if any(c["entity"] in PHOTO_ENTITIES for c in changes):
            self._changes.changed.emit()  # may run on the worker thread: only emit here

    def _schedule_refresh(self) -> None:
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._refresh_now)

    def _refresh_now(self) -> None:
        self._refresh_pending = False
        self.refresh()

    def _detach(self) -> None:
        try:
            self.ws.unsubscribe(self._on_workspace_change)
        except ValueError:
            pass

    def closeEvent(self, event) -> None:  # noqa: N802
        self._detach()
        self.loader.shutdown()
        super().closeEvent(event)

    # -- actions ---------------------------------------------------------------------------------

    def selected_link_ids(self) -> list[str]:
        return [i.data(LinkIdRole) for i in self.view.selectionModel().selectedIndexes()]

    def add_from_dialog(self) -> None:
        self.add_paths(self.choose_files(self))

    def add_paths(self, paths: list[str], pasted_png: bytes | None = None) -> bool:
        return self.importer.start(paths, pasted_png)

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        paths = photo_import.paths_from_mime(mime)
        self.add_paths(paths, None if paths else photo_import.png_from_mime(mime))

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if photo_import.paths_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = photo_import.paths_from_mime(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def save_caption(self) -> None:
        link_id = self.view.currentIndex().data(LinkIdRole)
        if not link_id:
            return
        text, author = self.caption.text().strip(), self.author_id
        self.ops.run(lambda: store.set_caption(self.ws, link_id, text, author_id=author))

    def remove_selected(self) -> None:
        ids = self.selected_link_ids()
        if not ids or not self.confirm(self, len(ids)):
            return
        author = self.author_id
        rows = [r for r in self.model.rows if r["link_id"] in ids]

        def remove() -> None:
            with self.ws.transaction():
                for link_id in ids:
                    store.remove_link(self.ws, link_id, author_id=author)

        self.ops.run(remove, lambda _: self._removed(rows))

    def _removed(self, rows: list[dict[str, Any]]) -> None:
        self.removed = rows
        self.undo_button.setText(tr("撤销移除 {n} 张", n=len(rows)))
        self.undo_button.show()

    def undo_remove(self) -> None:
        rows, author = self.removed, self.author_id
        if not rows:
            return
        self.removed = []
        self.undo_button.hide()

        def relink() -> None:
            with self.ws.transaction():
                for row in rows:
                    store.relink(self.ws, row, author_id=author)

        self.ops.run(relink)

    def open_viewer(self, index: QModelIndex) -> PhotoViewer | None:
        row = index.data(RowRole)
        if row is None:
            return None
        viewer = PhotoViewer(
            self.ws, row, self.loader, self, rows=list(self.model.rows), at=index.row()
        )
        self.viewers.append(viewer)
        viewer.finished.connect(lambda _r: self.viewers.remove(viewer))
        viewer.show()
        return viewer

    def _show_caption(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(RowRole)
        self.caption.setText((row or {}).get("caption") or "")
