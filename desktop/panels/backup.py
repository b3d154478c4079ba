"""Backup in the desktop: a 安全 menu with 备份工作区… (taken while the window stays open, on the
worker) and 从备份恢复… (verified, restored into a new folder beside the workspace, which the
person then opens with 选择工作区; the open workspace is never replaced under the window)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QAction

from desktop import extensions
from desktop.i18n import QT_TR_NOOP, tr
from forms import backup, sign_in

MENU = QT_TR_NOOP("安全(&A)")
FILTER = QT_TR_NOOP("SiteLedger 备份 (*.slbackup);;所有文件 (*)")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def _backup(ctx, window) -> QAction:
    def run() -> None:
        name = f"{ctx.ws.home.name}-{dt.date.today().isoformat()}.slbackup"
        chosen = ctx.dialogs.save_file(tr("备份工作区"), tr(FILTER), name)
        if not chosen:
            return

        def done(result: backup.BackupResult) -> None:
            ctx.dialogs.info(
                tr("备份工作区"),
                tr(
                    "备份已写入 {path}（{files} 个文件，{size}）。",
                    path=str(result.path),
                    files=result.files,
                    size=_size(result.size),
                ),
            )

        def write() -> backup.BackupResult:
            result = backup.backup(ctx.ws.home, Path(chosen), ctx.ws.key)
            sign_in.audit(ctx.ws, ctx.person_id, "backup", {"file": str(result.path)})
            return result

        ctx.write(write, done)

    action = QAction(tr("备份工作区…"), window)
    action.triggered.connect(run)
    return action


def restore_target(home: Path) -> Path:
    """A new folder beside the workspace for what a backup holds."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return home.with_name(f"{home.name}-restored-{stamp}")


def _restore(ctx, window) -> QAction:
    def run() -> None:
        chosen = ctx.dialogs.open_file(tr("从备份恢复"), tr(FILTER))
        if not chosen:
            return
        target = restore_target(ctx.ws.home)

        def done(result: backup.RestoreResult) -> None:
            ctx.dialogs.info(
                tr("从备份恢复"),
                tr(
                    "备份已恢复到新的工作区 {home}。用“文件 → 选择工作区…”打开它；当前工作区保持不变。",
                    home=str(result.home),
                ),
            )

        # Reads and writes files only: the worker, not the UI thread.
        ctx.ops.run(lambda: backup.restore(target, Path(chosen)), done, ctx.show_error)

    action = QAction(tr("从备份恢复…"), window)
    action.triggered.connect(run)
    return action


extensions.menu_action(MENU, _backup)
extensions.menu_action(MENU, _restore)
