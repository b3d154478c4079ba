"""Every modal question the app asks, behind one service so tests can answer them.

Screens never call `QMessageBox` or `QFileDialog` themselves; they ask `ctx.dialogs`. Tests
install a subclass that answers from a script and fills the real dialog widgets it is given.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from .i18n import tr


class Dialogs:
    def __init__(self) -> None:
        self.parent: QWidget | None = None

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def exec(self, dialog: QDialog) -> bool:
        """Show a dialog built by a screen; True when it was accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def workspace_failed(self, message: str) -> bool:
        """Say why the workspace did not open; True when the person wants another folder."""
        box = QMessageBox(QMessageBox.Icon.Critical, tr("无法打开工作区"), message)
        choose = box.addButton(tr("选择其他工作区…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("退出"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is choose

    def choose_folder(self, title: str, start: str = "") -> str | None:
        return QFileDialog.getExistingDirectory(self.parent, title, start) or None

    def open_file(self, title: str, filter: str) -> str | None:
        return QFileDialog.getOpenFileName(self.parent, title, "", filter)[0] or None

    def save_file(self, title: str, filter: str, name: str = "") -> str | None:
        return QFileDialog.getSaveFileName(self.parent, title, name, filter)[0] or None

    def choose_item(self, title: str, label: str, items: list[str]) -> int | None:
        """The index of the item chosen from a list, or None when cancelled."""
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getItem(self.parent, title, label, items, 0, False)
        return items.index(text) if ok and text in items else None

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self.parent, title, label, text=default)
        return text.strip() if ok and text.strip() else None
