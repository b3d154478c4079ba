"""Sign-in safety in the desktop, in the 安全 menu: 立即锁定 (also after inactivity, see
desktop/lock.py) and 设置密码… (one's own; the office sets anyone's). Hashing runs on the worker."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from desktop import extensions
from desktop.i18n import tr
from desktop.lock import InactivityLock
from forms import sign_in
from forms.store import people as people_store

from .backup import MENU


class PasswordDialog(QDialog):
    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("设置密码"))
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(QLabel(name))
        form.addRow(tr("新密码"), self.first)
        form.addRow(tr("再输入一次"), self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def _lock_now(ctx, window) -> QAction:
    guard = InactivityLock(ctx, window)
    window.inactivity_lock = guard  # tests and the window reach it here
    action = QAction(tr("立即锁定"), window)
    action.setShortcut(QKeySequence("Ctrl+L"))
    action.triggered.connect(guard.lock)
    return action


def _whose(ctx) -> dict | None:
    me = people_store.person(ctx.reader_connection, ctx.person_id) if ctx.person_id else None
    if me is None or me["role"] != "office":
        return me
    people = list(people_store.people(ctx.reader))
    chosen = ctx.dialogs.choose_item(
        tr("设置密码"), tr("为谁设置密码："), [p["name"] for p in people]
    )
    return people[chosen] if chosen is not None else None


def _set_password(ctx, window) -> QAction:
    def run() -> None:
        if ctx.person_id is None:
            ctx.dialogs.error(tr("设置密码"), tr("请先登录。"))
            return
        person = _whose(ctx)
        if person is None:
            return
        dialog = PasswordDialog(person["name"], window)
        if not ctx.dialogs.exec(dialog):
            return
        if dialog.first.text() != dialog.second.text():
            ctx.dialogs.error(tr("设置密码"), tr("两次输入的密码不同。"))
            return
        ws, by, password = ctx.ws, ctx.person_id, dialog.first.text()

        def done(_: object) -> None:
            ctx.dialogs.info(tr("设置密码"), tr("{name} 的密码已设置。", name=person["name"]))

        ctx.write(lambda: sign_in.set_password(ws, person["id"], password, by=by), done)

    action = QAction(tr("设置密码…"), window)
    action.triggered.connect(run)
    return action


extensions.menu_action(MENU, _lock_now)
extensions.menu_action(MENU, _set_password)
