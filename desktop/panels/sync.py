"""Sync in the desktop: the status-bar indicator with its 同步 button, a 同步 menu (sync now,
connect this laptop to a server with an enrolment code, conflicts). Network work runs on the
worker and the photo thread of `SyncStatus`, never on the UI thread."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QVBoxLayout

from desktop import extensions
from desktop.i18n import QT_TR_NOOP, tr
from desktop.sync_status import SyncStatus

MENU = QT_TR_NOOP("同步(&Y)")
AUTO_SYNC_MINUTES = 10


def _status(ctx) -> SyncStatus:
    widget = SyncStatus(ctx.ws, ctx.ops, auto_minutes=AUTO_SYNC_MINUTES)
    ctx.changes.changed.connect(widget.changes_heard)
    return widget


def _sync_now(ctx, window) -> QAction:
    action = QAction(tr("立即同步"), window)
    action.setShortcut(QKeySequence("F9"))  # F5 is 刷新 (refresh) in every window

    def run() -> None:
        status = window.findChild(SyncStatus)
        if status is not None:
            status.start_sync()

    action.triggered.connect(run)
    return action


def _enroll(ctx, window) -> QAction:
    def run() -> None:
        url = ctx.dialogs.ask_text(
            tr("连接服务器"), tr("服务器地址（如 https://xmzb.example.gov.cn）：")
        )
        if url is None:
            return
        code = ctx.dialogs.ask_text(tr("连接服务器"), tr("专班办公室发给您的注册码："))
        if code is None:
            return
        from sync import client

        def done(me: dict) -> None:
            ctx.dialogs.info(
                tr("连接服务器"),
                tr("本机已注册为 {name}，可以同步了。", name=me.get("user_name") or ""),
            )
            status = window.findChild(SyncStatus)
            if status is not None:
                status.refresh()

        ctx.write(lambda: client.enroll(ctx.ws, url, code), done)

    action = QAction(tr("连接服务器…"), window)
    action.triggered.connect(run)
    return action


def _conflicts(ctx, window) -> QAction:
    def run() -> None:
        from desktop.conflicts_view import ConflictsView

        dialog = QDialog(window)
        dialog.setWindowTitle(tr("冲突列表"))
        dialog.resize(1000, 420)
        layout = QVBoxLayout(dialog)
        layout.addWidget(ConflictsView(ctx.ws, ctx.ops, author_id=ctx.person_id))
        dialog.show()

    action = QAction(tr("冲突列表…"), window)
    action.triggered.connect(run)
    return action


extensions.status_widget(_status)
extensions.menu_action(MENU, _sync_now)
extensions.menu_action(MENU, _enroll)
extensions.menu_action(MENU, _conflicts)
