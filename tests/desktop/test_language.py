"""Qt's own dialogs in Chinese, the language switched without a restart, one key per action."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

from desktop import extensions, i18n
from desktop.app import App
from forms.workspace import Workspace


def test_qt_translations_load_for_chinese(qapp):
    i18n.set_language("zh")
    try:
        assert i18n.use_qt_translations(qapp)
        # Qt's standard buttons now speak Chinese: QPlatformTheme's context, as QMessageBox uses.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        i18n.set_language("en")
        assert not i18n.use_qt_translations(qapp)
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        i18n.set_language("zh")
        i18n.use_qt_translations(qapp)


def test_no_two_actions_share_a_shortcut(window):
    extensions.load()
    from desktop.main_window import MainWindow

    full = MainWindow(window.ctx)
    try:
        keys: dict[str, str] = {}
        for action in full.findChildren(type(full.menus["file"].actions()[0])):
            key = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            if key:
                assert key not in keys, f"{key}: {keys[key]} and {action.text()}"
                keys[key] = action.text()
        assert "F5" in keys and "F9" in keys
    finally:
        full.close()
        full.deleteLater()


def test_language_switch_rebuilds_the_window_in_english(qtbot, tmp_path, dialogs, settings):
    running = App(dialogs, settings)
    window = running.start(Workspace.open(tmp_path / "one"))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "sign_in" in window.screens)  # built once the first frame is painted
    person = window.screens["sign_in"]
    try:
        person.choose(person.people.item(0).data(256))
        qtbot.waitUntil(lambda: running.ctx.person_id is not None)  # checked on the worker
        window.go("ledger")
        window._set_language("en")
        new = running.window
        qtbot.addWidget(new)
        assert new is not window and not window.isVisible() and new.isVisible()
        assert new.menus["file"].title() == "&File"
        assert new.current_screen() == "ledger"
        assert new.screens["ledger"].import_button.text() == "Import Excel…"
        assert settings.language == "en"
        assert dialogs.infos == []  # no "restart to apply"
    finally:
        i18n.set_language("zh")
        i18n.use_qt_translations(qtbot_app())
        running.stop()


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
