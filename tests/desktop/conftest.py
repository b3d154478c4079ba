"""GUI tests run offscreen with one QApplication (pytest-qt), a synchronous worker and
dialogs answered by a script instead of a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from desktop import fonts, i18n
from desktop.context import AppContext
from desktop.dialogs import Dialogs
from desktop.settings import Settings
from desktop.worker import Operations

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 30)


class ScriptedDialogs(Dialogs):
    """Answers questions from queues; fills the real dialogs it is given with a script."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.answers: list[bool] = []
        self.fillers: list[Callable[[QDialog], bool]] = []
        self.folders: list[str | None] = []
        self.failures: list[str] = []
        self.choices: list[int | None] = []
        self.texts: list[str | None] = []
        self.files: list[str | None] = []

    def error(self, title: str, text: str) -> None:
        self.errors.append(text)

    def info(self, title: str, text: str) -> None:
        self.infos.append(text)

    def confirm(self, title: str, text: str) -> bool:
        self.confirms.append(text)
        return self.answers.pop(0) if self.answers else True

    def exec(self, dialog: QDialog) -> bool:
        fill = self.fillers.pop(0)
        return fill(dialog)

    def workspace_failed(self, message: str) -> bool:
        self.failures.append(message)
        return bool(self.folders)

    def choose_folder(self, title: str, start: str = "") -> str | None:
        return self.folders.pop(0) if self.folders else None

    def open_file(self, title: str, filter: str) -> str | None:
        return self.files.pop(0) if self.files else None

    def save_file(self, title: str, filter: str, name: str = "") -> str | None:
        return self.files.pop(0) if self.files else None

    def choose_item(self, title: str, label: str, items: list[str]) -> int | None:
        return self.choices.pop(0) if self.choices else None

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        return self.texts.pop(0) if self.texts else default


@pytest.fixture(autouse=True)
def _clipboard_emptied(qapp):
    """Data a test leaves on the clipboard is freed twice when Qt shuts down (a segmentation
    fault at exit, after every test passed): empty it after each test, failed or not."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_ctx(qapp, dialogs, settings) -> Any:
    i18n.set_language("zh")
    fonts.register_all()
    fonts.use_ui_font(qapp)
    made: list[AppContext] = []

    def make(ws: Any) -> AppContext:
        ctx = AppContext.build(
            ws,
            ops=Operations(synchronous=True),
            dialogs=dialogs,
            settings=settings,
            today=lambda: TODAY,
            now=lambda: NOW,
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def ctx(make_ctx, demo_ws) -> AppContext:
    return make_ctx(demo_ws)


@pytest.fixture
def window(qtbot, ctx) -> Any:
    from desktop.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def type_text(widget: Any, text: str) -> None:
    """Type text as key events, Chinese included (QTest's keyClicks only knows ASCII): what an
    input method delivers to the widget, one character at a time."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def as_office(window: Any) -> str:
    """Sign the window in as the workspace's first office person (no view works signed out)."""
    row = window.ctx.reader_connection.execute(
        "SELECT id FROM people WHERE role = 'office' ORDER BY name LIMIT 1"
    ).fetchone()
    window.ctx.sign_in(row[0])
    return row[0]
