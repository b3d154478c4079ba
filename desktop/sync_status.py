"""The status-bar sync indicator and the "同步" action.

Shows the last sync, changes and photos still waiting, records waiting for photos, and the last
error. The database part of a sync (push, pull) runs through `Operations` on the worker, the
workspace's one writer; photos then move on a thread of their own with their own connection, so a
long upload never holds up the user's saves. Neither touches a widget: progress and the end
arrive through signals, which Qt delivers on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from desktop.worker import Operations
from forms.workspace import Workspace

if TYPE_CHECKING:
    from sync import local
    from sync.client import Client, Report

# `sync.client` (httpx) and `sync.local` are imported on the worker, the first time a status is
# read there: the status bar is built with the main window, and the window must not wait for them.


FIRST_READING_MS = 700


class SyncStatus(QWidget):
    progressed = Signal(str, int, int)  # emitted on the worker, delivered on the UI thread
    synced = Signal(object)  # Report, after a successful sync
    _photos_done = Signal(object, object)  # report, error: from the photo thread

    def __init__(
        self,
        ws: Workspace,
        operations: Operations,
        parent: QWidget | None = None,
        *,
        client: Callable[..., Client] | None = None,
        auto_minutes: float = 0,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.operations = operations
        self._client = client
        self.running = False
        self.action = QAction("同步", self)
        self.action.setToolTip("与服务器交换变更和照片")
        self.action.triggered.connect(self.start_sync)
        button = QToolButton(self)
        button.setDefaultAction(self.action)
        self.summary = QLabel(self)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(120)
        self.bar.setFormat("照片 %v/%m")
        self.bar.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for widget in (self.summary, self.bar, self.error, button):
            layout.addWidget(widget)
        self.progressed.connect(self._on_progress)
        self._photos_done.connect(self._after_photos)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._auto)
        if auto_minutes > 0:
            self._timer.start(int(auto_minutes * 60_000))
        # The first reading waits until the window is up: it imports the sync modules on the
        # worker, which would compete with the first paint for the interpreter.
        QTimer.singleShot(FIRST_READING_MS, self.refresh)

    # -- actions -----------------------------------------------------------------------------

    @Slot()
    def start_sync(self) -> None:
        if self.running:
            return
        self.running = True
        self.action.setEnabled(False)
        self.summary.setText("正在同步…")

        def work() -> tuple[Client, Report]:
            make = self._client
            if make is None:
                from sync.client import Client as make
            client = make(self.ws, progress=self.progressed.emit)
            try:
                return client, client.sync(photos=False)
            except BaseException:
                client.close()
                raise

        self.operations.run(work, self._move_photos, self._failed)

    def refresh(self) -> None:
        def read() -> local.Status:
            from sync import local

            return local.status(self.ws)

        self.operations.run(read, self.show_status)

    @Slot(object, str)
    def changes_heard(self, _entities: object, _origin: str) -> None:
        """Connected to the app's change signal: a bound slot, so Qt disconnects it when this
        widget goes."""
        self.refresh()

    def _auto(self) -> None:
        # Background sync when the server may be reachable; a failure is only shown, quietly.
        from sync import local

        if not self.running and local.get(self.ws, "server_url"):
            self.start_sync()

    # -- results (UI thread) -----------------------------------------------------------------

    def _move_photos(self, result: tuple[Client, Report]) -> None:
        client, report = result
        threading.Thread(
            target=self._photo_thread, args=(client, report), name="siteledger-photos", daemon=True
        ).start()

    def _photo_thread(self, client: Client, report: Report) -> None:
        # Not the UI thread: only signals leave this function.
        error: BaseException | None = None
        db = self.ws.reader()
        try:
            client.transfer_photos(db, report, own_outcome=True)
        except Exception as e:  # shown through the status (last_error)
            error = e
        finally:
            db.close()
            client.close()
        self._photos_done.emit(report, error)

    @Slot(object, object)
    def _after_photos(self, report: Report, error: BaseException | None) -> None:
        if error is not None:
            self._failed(error)
        else:
            self._done(report)

    def _done(self, report: Report) -> None:
        self.running = False
        self.action.setEnabled(True)
        self.bar.hide()
        self.synced.emit(report)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.action.setEnabled(True)
        self.bar.hide()
        self.refresh()

    @Slot(str, int, int)
    def _on_progress(self, kind: str, done: int, total: int) -> None:
        if kind == "photos" and total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.show()

    def show_status(self, status: local.Status) -> None:
        if status.server_url is None:
            self.summary.setText("未注册同步服务器")
        else:
            last = _when(status.last_sync) if status.last_sync else "从未同步"
            text = f"上次同步：{last}　待上传变更 {status.changes_waiting}　待上传照片 {status.photos_waiting}"
            if status.photos_missing:
                text += f"　{status.photos_missing} 张照片尚未到达"
            if status.set_aside:
                text += f"　{status.set_aside} 条变更被服务器退回"
            if status.refused_received:
                text += f"　{status.refused_received} 条收到的变更格式不符，未采用"
            self.summary.setText(text)
        self.error.setText(f"错误：{status.last_error}" if status.last_error else "")
        self.error.setVisible(bool(status.last_error))


def _when(iso: str) -> str:
    import datetime as dt

    moment = dt.datetime.fromisoformat(iso)
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"
