"""The composition root: builds the application, opens the workspace before any window, then
builds the services and the main window.

Nothing crashes to the desktop: a workspace that will not open gets a dialog saying why and
offering another folder, and an unexpected error anywhere is logged and shown in a dialog.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from forms import crypto
from forms.assets import ICON
from forms.errors import NewerSchemaError, UserError
from forms.workspace import PASSWORD_ENV, Workspace

from . import extensions, fonts, i18n
from .context import AppContext
from .dialogs import Dialogs, plain_error
from .i18n import tr
from .main_window import MainWindow
from .settings import Settings
from .worker import Operations

log = logging.getLogger(__name__)


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("SiteLedger")
    app.setOrganizationName("SiteLedger")
    app.setDesktopFileName("siteledger")  # the menu entry installed by the .deb (its icon)
    app.setWindowIcon(QIcon(str(ICON)))
    return app


def explain(error: BaseException) -> str:
    """Why a workspace did not open, in words for the person in front of it."""
    text = str(error)
    if isinstance(error, NewerSchemaError):
        reason = tr("这个工作区由更新版本的 SiteLedger 写入，请先升级 SiteLedger。")
    elif "another SiteLedger" in text:
        reason = tr("这个工作区已在另一个 SiteLedger 窗口或命令中打开，请先关闭它。")
    elif "damaged" in text or "not a SiteLedger" in text:
        reason = tr("工作区文件已损坏，或不是 SiteLedger 的文件。")
    elif isinstance(error, UserError):
        reason = tr("工作区无法打开。")
    else:
        reason = tr("打开工作区时发生意外错误。")
    return f"{reason}\n\n{text}"


def ask_workspace_password(dialogs: Dialogs, home: Path, again: bool) -> str | None:
    """The password of an encrypted workspace, asked in a dialog (None: the person gave up)."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

    dialog = QDialog()
    dialog.setWindowTitle(tr("打开加密的工作区"))
    dialog.password = QLineEdit()
    dialog.password.setEchoMode(QLineEdit.EchoMode.Password)
    box = QVBoxLayout(dialog)
    text = tr("密码不正确，请重新输入：") if again else tr("工作区 {home} 已加密，请输入密码：")
    box.addWidget(QLabel(text.format(home=home) if not again else text))
    box.addWidget(dialog.password)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    box.addWidget(buttons)
    return dialog.password.text() if dialogs.exec(dialog) else None


def _open_one(home: Path, dialogs: Dialogs) -> Workspace | None:
    """Workspace.open, asking for the password of an encrypted one until it is right."""
    if not crypto.is_encrypted(home) or os.environ.get(PASSWORD_ENV):
        return Workspace.open(home)
    again = False
    while True:
        password = ask_workspace_password(dialogs, home, again)
        if password is None:
            return None
        try:
            return Workspace.open(home, password=password)
        except crypto.WrongPassword:
            again = True


def open_workspace(home: Path, dialogs: Dialogs) -> Workspace | None:
    """Open the workspace in `home`, or another the person chooses; None if they give up."""
    while True:
        try:
            return _open_one(home, dialogs)
        except Exception as e:  # any failure to open gets the dialog, never a crash
            log.warning("cannot open workspace %s: %s", home, e)
            if not dialogs.workspace_failed(explain(e)):
                return None
            chosen = dialogs.choose_folder(tr("选择其他工作区…"), str(home.parent))
            if not chosen:
                return None
            home = Path(chosen)


def fill_if_empty(ws: Workspace) -> bool:
    """A new user sees data: an empty workspace gets the demo ledger."""
    from forms.store import projects as project_store

    if project_store.count(ws.conn):
        return False
    from forms import demo  # only a first run needs it

    demo.build(ws, numbering_office=True)
    return True


def install_excepthook(dialogs: Dialogs) -> None:
    showing = False

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        nonlocal showing
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if showing or QApplication.instance() is None:
            return
        showing = True
        try:
            dialogs.error(
                tr("SiteLedger 遇到意外错误"),
                plain_error(value) + "\n\n" + tr("已记录详细信息。已保存的内容不会丢失。"),
            )
        except Exception:
            pass
        finally:
            showing = False

    sys.excepthook = hook


class App:
    """One running app: the workspace, its services and the main window; switchable."""

    def __init__(
        self,
        dialogs: Dialogs,
        settings: Settings,
        on_shown: Callable[[MainWindow], None] | None = None,
    ) -> None:
        self.dialogs = dialogs
        self.settings = settings
        self.on_shown = on_shown
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None

    def start(self, ws: Workspace) -> MainWindow:
        fill_if_empty(ws)
        self.ctx = AppContext.build(
            ws, ops=Operations(), dialogs=self.dialogs, settings=self.settings
        )
        self.window = MainWindow(
            self.ctx, on_switch_workspace=self.switch, on_language=self.switch_language
        )
        self.window.first_painted.connect(self._after_painted)
        self.window.show()
        if self.on_shown:
            self.on_shown(self.window)
        return self.window

    def _after_painted(self) -> None:
        """Work the first frame does not need, once it is on screen: the extensions (their
        menu actions and status widgets join the window), the fonts of printed documents, and
        sqlite-utils (imported on the worker, so the first screen that needs `ws.db` or
        `ctx.reader` does not wait ~40 ms for it)."""
        extensions.load()
        if self.window is not None:
            self.window.add_extensions()
        fonts.register_all()
        if self.ctx is not None:
            ws, ops = self.ctx.ws, self.ctx.ops
            # Only once what the first screen asked for is delivered (the worker runs jobs in
            # order and their results arrive in order): the import holds the interpreter, and
            # the figures going on screen need it.
            ops.run(lambda: None, lambda _: ops.run(lambda: ws.db))

    def switch_language(self, window: MainWindow, lang: str) -> None:
        """Show the app in `lang` without a restart: the labels are read when widgets are
        built, so the window is built again (the visit draft is saved on close as always)."""
        i18n.set_language(lang)
        i18n.use_qt_translations(QApplication.instance())
        where = window.current_screen()
        old = self.window
        self.window = MainWindow(
            self.ctx, on_switch_workspace=self.switch, on_language=self.switch_language
        )
        self.window.restoreGeometry(old.saveGeometry())
        if where in ("my_projects", "ledger", "problems") and self.ctx.person_id:
            self.window.go(where)
        self.window.show()
        old.close()
        old.deleteLater()
        if self.on_shown:
            self.on_shown(self.window)

    def switch(self, window: MainWindow) -> None:
        chosen = self.dialogs.choose_folder(tr("选择工作区…"), str(self.ctx.ws.home))
        if not chosen:
            return
        ws = open_workspace(Path(chosen), self.dialogs)
        if ws is None:
            return
        old = self.window
        self.stop(close_window=False)
        self.start(ws)
        old.close()
        old.deleteLater()

    def stop(self, close_window: bool = True) -> None:
        if self.window is not None and close_window:
            self.window.close()
        if self.ctx is not None:
            ws = self.ctx.ws
            self.ctx.close()
            ws.close()
            self.ctx = None


def run(
    home: Path,
    *,
    argv: list[str] | None = None,
    on_shown: Callable[[MainWindow], None] | None = None,
    quit_after: float | None = None,
    bundle: Path | None = None,
) -> int:
    """Run the app on the workspace in `home` until its window is closed, or for `quit_after`
    seconds once it is shown (installer checks start the installed app this way)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = application(argv)
    settings = Settings()
    i18n.set_language(settings.language)
    i18n.use_qt_translations(app)
    fonts.use_ui_font(app)  # only the UI font before the window; the others once it is shown
    dialogs = Dialogs()
    install_excepthook(dialogs)
    ws = open_workspace(Path(home), dialogs)
    if ws is None:
        return 1
    running = App(dialogs, settings, on_shown)
    window = running.start(ws)
    log.info("window shown: %s", window.windowTitle())
    if bundle is not None:
        from .bundle_open import offer_import

        QTimer.singleShot(0, lambda: offer_import(running.ctx, Path(bundle)))
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), app.quit)
    code = app.exec()
    running.stop(close_window=False)
    return code
