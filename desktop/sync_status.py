"""The status-bar sync indicator and the "同步" action.

Shows the last sync, changes and photos still waiting (each with why, and "多次上传未完成" for one
that made no progress twice in a row), records waiting for photos, and the last error; "已同步"
only when nothing of this laptop waits for the server (as `siteledger sync` prints `synced`).

One writer: the database part of a sync (push, pull, and reading what photos to move) runs
through `Operations` on the worker, the workspace's one writer; photos then move on a lane of
their own with no database handle at all (network and files only), so a long upload never holds
up the user's saves; what the server confirmed is recorded by the worker afterwards. Nothing here
reads the database on the UI thread, and nothing touches a widget off it: progress and the end
arrive through signals, which Qt delivers on the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from desktop.i18n import language, tr
from desktop.worker import Operations
from forms.workspace import Workspace

if TYPE_CHECKING:
    from sync import laptop_state
    from sync.client import Client, PhotoOutcome, PhotoPlan, Report

# `sync.client` (httpx) and `sync.laptop_state` are imported on the worker, the first time a
# status is read there: the status bar is built with the main window, which must not wait.


FIRST_READING_MS = 700


class SyncStatus(QWidget):
    progressed = Signal(str, int, int)  # emitted on the worker, delivered on the UI thread
    synced = Signal(object)  # Report, after a successful sync
    _photos_moved = Signal(object, object, object)  # client, report, outcome: from the lane

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
        self.enrolled = False  # from the last status read on the worker
        self.action = QAction(tr("同步"), self)
        self.action.setToolTip(tr("与服务器交换变更和照片"))
        self.action.triggered.connect(self.start_sync)
        button = QToolButton(self)
        button.setDefaultAction(self.action)
        self.summary = QLabel(self)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.waiting = QLabel(self)  # the first thing that waits, all of them in the tooltip
        self.waiting.setStyleSheet("color: #8a5a00")
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(120)
        self.bar.setFormat(tr("照片 %v/%m"))
        self.bar.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for widget in (self.summary, self.bar, self.waiting, self.error, button):
            layout.addWidget(widget)
        self.progressed.connect(self._on_progress)
        self._photos_moved.connect(self._record_photos)
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
        self.summary.setText(tr("正在同步…"))

        def work() -> tuple[Client, Report, PhotoPlan]:
            make = self._client
            if make is None:
                from sync.client import Client as make
            client = make(self.ws, progress=self.progressed.emit)
            try:
                report = client.sync(photos=False)
                return client, report, client.plan_photos()
            except BaseException:
                client.close()
                raise

        self.operations.run(work, self._move_photos, self._failed)

    def refresh(self) -> None:
        def read() -> laptop_state.Status:
            from sync import laptop_state

            return laptop_state.status(self.ws)

        self.operations.run(read, self.show_status)

    @Slot(object, str)
    def changes_heard(self, _entities: object, _origin: str) -> None:
        """Connected to the app's change signal: a bound slot, so Qt disconnects it when this
        widget goes."""
        self.refresh()

    def _auto(self) -> None:
        # Background sync when the server may be reachable; a failure is only shown, quietly.
        if not self.running and self.enrolled:
            self.start_sync()

    # -- results (UI thread) -----------------------------------------------------------------

    def _move_photos(self, result: tuple[Client, Report, PhotoPlan]) -> None:
        client, report, plan = result
        threading.Thread(
            target=self._photo_lane,
            args=(client, report, plan),
            name="siteledger-photos",
            daemon=True,
        ).start()

    def _photo_lane(self, client: Client, report: Report, plan: PhotoPlan) -> None:
        # Not the UI thread, and no database handle: network and files only; a failure comes
        # back inside the outcome. Only a signal leaves this function.
        outcome = client.move_photos(plan)
        self._photos_moved.emit(client, report, outcome)

    @Slot(object, object, object)
    def _record_photos(self, client: Client, report: Report, outcome: PhotoOutcome) -> None:
        """What the lane found is recorded by the one writer (and the sync's outcome with it)."""

        def record() -> Report:
            try:
                return client.finish_photos(outcome, report)
            finally:
                client.close()

        self.operations.run(record, self._done, self._failed)

    def _done(self, report: Report) -> None:
        self.running = False
        self.enrolled = False  # from the last status read on the worker
        self.action.setEnabled(True)
        self.bar.hide()
        self.synced.emit(report)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.enrolled = False  # from the last status read on the worker
        self.action.setEnabled(True)
        self.bar.hide()
        self.refresh()

    @Slot(str, int, int)
    def _on_progress(self, kind: str, done: int, total: int) -> None:
        if kind == "photos" and total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.show()

    def show_status(self, status: laptop_state.Status) -> None:
        self.enrolled = status.server_url is not None
        english = language() == "en"
        waits = [w.en if english else str(w) for w in sorted(status.waits, key=_calm)]
        if status.server_url is None:
            self.summary.setText(tr("未注册同步服务器"))
            waits = []
        else:
            last = _when(status.last_sync) if status.last_sync else tr("从未同步")
            state = tr("已同步") if status.synced and not status.set_aside else tr("未同步完")
            text = tr(
                "{state}　上次同步：{last}　待上传变更 {changes}　待上传照片 {photos}",
                state=state,
                last=last,
                changes=status.changes_waiting,
                photos=status.photos_waiting,
            )
            if status.photos_missing:
                text += tr("　{n} 张照片尚未到达", n=status.photos_missing)
            if status.set_aside:
                text += tr("　{n} 条变更被服务器退回", n=status.set_aside)
            if status.refused_received:
                text += tr("　{n} 条收到的变更格式不符，未采用", n=status.refused_received)
            self.summary.setText(text)
        self.waiting.setText(
            waits[0] + (tr("　等 {n} 项", n=len(waits)) if len(waits) > 1 else "") if waits else ""
        )
        self.waiting.setToolTip("\n".join(waits))
        self.waiting.setVisible(bool(waits) and not status.synced)
        self.error.setText(
            tr("错误：{error}", error=status.last_error) if status.last_error else ""
        )
        self.error.setVisible(bool(status.last_error))


def _calm(line: laptop_state.Wait) -> bool:
    """Sort key: the line that matters most first, one that made no progress twice in a row."""
    return not line.stalled


def _when(iso: str) -> str:
    import datetime as dt

    moment = dt.datetime.fromisoformat(iso)
    return tr("{month}月{day}日 {time}", month=moment.month, day=moment.day, time=f"{moment:%H:%M}")
