"""Every modal question the app asks, behind one service so tests can answer them.

Screens never call `QMessageBox` or `QFileDialog` themselves; they ask `ctx.dialogs`. Tests
install a subclass that answers from a script and fills the real dialog widgets it is given.
QMessageBox and QFileDialog are imported when first asked for: PySide makes a Qt class's
Python type on first use, ~10 ms for these two, and start-up needs neither.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QWidget

from .i18n import QT_TR_NOOP, language, tr

# What the network and the operating system say in English, as a person should read it. Each
# pattern is searched in the message; the first that matches replaces the raw words.
PLAIN = (
    (
        r"\[Errno 111\][^：:;）)]*|Connection refused",
        QT_TR_NOOP("服务器没有响应（连接被拒绝）：请检查服务器地址，或稍后再试"),
    ),
    (
        r"\[Errno -[23]\][^：:;）)]*|Name or service not known|nodename nor servname"
        r"|getaddrinfo failed|Temporary failure in name resolution",
        QT_TR_NOOP("找不到服务器：请检查服务器地址和网络连接"),
    ),
    (r"\[Errno 101\][^：:;）)]*|Network is unreachable", QT_TR_NOOP("网络不通：请检查网络连接")),
    (r"\[Errno 113\][^：:;）)]*|No route to host", QT_TR_NOOP("网络不通：到服务器的路径不可达")),
    (
        r"\[Errno 104\][^：:;）)]*|Connection reset by peer",
        QT_TR_NOOP("连接被服务器中断，请稍后再试"),
    ),
    (
        r"\b(?:Read|Connect|Write|Pool)?Timeout\b|timed out",
        QT_TR_NOOP("连接超时：网络太慢或服务器没有响应"),
    ),
    (
        r"CERTIFICATE_VERIFY_FAILED[^：:;）)]*",
        QT_TR_NOOP("服务器的证书无法验证，请向专班办公室确认地址"),
    ),
    (r"\[Errno 28\][^：:;）)]*|No space left on device", QT_TR_NOOP("磁盘已满，请清理空间后再试")),
    (
        r"\[Errno 13\][^：:;）)]*|Permission denied",
        QT_TR_NOOP("没有权限写入这个位置，请换一个文件夹"),
    ),
)


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Size a dialog as wanted but within the free area of its screen, window frame counted:
    a 1366×768 laptop at 150 % has 911×512 logical pixels, and buttons must stay on it."""
    free = QWidget.screen(dialog).availableGeometry()
    dialog.resize(min(width, free.width() - 16), min(height, free.height() - 48))


def plain_text(message: str) -> str:
    """`message` with raw network and system wording ("[Errno 111] Connection refused")
    replaced by a sentence a person can act on."""
    for pattern, plain in PLAIN:
        if re.search(pattern, message):
            return re.sub(pattern, tr(plain), message, count=1)
    return message


def plain_error(error: BaseException) -> str:
    """One plain line (or a few) for an error, in the UI's language where the error carries
    both (a form's field errors), never a Python exception name for a network failure."""
    from forms.errors import UserError

    errors = getattr(error, "errors", None)
    if isinstance(error, UserError) and errors and hasattr(errors[0], "message"):
        return "\n".join(e.message(language()) for e in errors)
    text = str(error) or type(error).__name__
    plain = plain_text(text)
    if plain != text or isinstance(error, UserError):
        return plain
    if isinstance(error, OSError) and error.strerror:
        return plain_text(error.strerror)
    return f"{type(error).__name__}: {text}"


class Dialogs:
    def __init__(self) -> None:
        self.parent: QWidget | None = None

    def error(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self.parent, title, text)

    def info(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.parent, title, text)

    def confirm(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def exec(self, dialog: QDialog) -> bool:
        """Show a dialog built by a screen; True when it was accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def workspace_failed(self, message: str) -> bool:
        """Say why the workspace did not open; True when the person wants another folder."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, tr("无法打开工作区"), message)
        choose = box.addButton(tr("选择其他工作区…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("退出"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is choose

    def choose_folder(self, title: str, start: str = "") -> str | None:
        from PySide6.QtWidgets import QFileDialog

        return QFileDialog.getExistingDirectory(self.parent, title, start) or None

    def open_file(self, title: str, filter: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        return QFileDialog.getOpenFileName(self.parent, title, "", filter)[0] or None

    def save_file(self, title: str, filter: str, name: str = "") -> str | None:
        from PySide6.QtWidgets import QFileDialog

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
